"""Reading RDF files into an rdflib graph, with errors that name the file and the line.

The RDF syntax is chosen from the file suffix.  Quad formats (TriG, N-Quads) are read into
a dataset and merged into the one graph pmograph works on: named graphs mean different things
on rdflib, Oxigraph and Virtuoso, so pmograph does not depend on them (DESIGN.md §2).
"""

from __future__ import annotations

import json
import logging
import re
import xml.sax
from pathlib import Path

from rdflib import Dataset, Graph
from rdflib.exceptions import ParserError as RdflibParserError
from rdflib.plugins.parsers.notation3 import BadSyntax

from pmograph._errors import LoadError, ParseError
from pmograph._formats import QUAD_FORMATS
from pmograph._recursion import FRAMES, call_deep
from pmograph._store.input_guards import check_jsonld, check_rdfxml, unwritable_text


def parse_into(graph: Graph, data: bytes, *, source: str, rdf_format: str,
               allow_network: bool = False, base: str | None = None) -> int:
    """Parse ``data`` (the bytes of ``source``) into ``graph``; return the triples added.

    On a syntax error, raise :class:`ParseError` naming ``source`` and the line.  RDF/XML
    entities and JSON-LD remote contexts are checked first (see :mod:`.input_guards`), and
    every term after: an IRI no store can hold (a control character, a space) or text that
    is not Unicode (a lone surrogate from an escape such as ``\\ud800``) is refused.
    rdflib's parsers recurse once per level of nesting; they run where they may go
    :data:`~pmograph._recursion.FRAMES` deep (:func:`~pmograph._recursion.call_deep`), and
    past that the file is refused as nested too deeply.  ``base`` is the IRI relative IRIs
    are resolved against (default: the file's own ``file:`` IRI).
    """
    try:
        target = call_deep(lambda: _parse(data, source=source, rdf_format=rdf_format,
                                          allow_network=allow_network,
                                          base=base or _public_id(source)))
    except RecursionError as err:
        raise ParseError(f"{source}: nested too deeply to read (past {FRAMES:,} levels of "
                         "calls: brackets, blank nodes or JSON objects inside one another); "
                         "flatten the nesting, e.g. write it as N-Triples",
                         path=source) from err
    before = len(graph)
    if isinstance(target, Dataset):
        for s, p, o, _ in target.quads((None, None, None, None)):
            graph.add((s, p, o))
    else:
        graph += target
    return len(graph) - before


def _parse(data: bytes, *, source: str, rdf_format: str, allow_network: bool,
           base: str) -> Graph:
    """Check and parse ``data`` into a new graph (a dataset for quad formats)."""
    if rdf_format == "xml":
        check_rdfxml(data, source=source)
    elif rdf_format == "json-ld":
        check_jsonld(data, source=source, allow_network=allow_network)
    target: Graph = Dataset() if rdf_format in QUAD_FORMATS else Graph()
    invalid = _InvalidIris()
    term_logger = logging.getLogger("rdflib.term")
    term_logger.addFilter(invalid)
    try:
        target.parse(data=data, format=rdf_format, publicID=base)
    except RecursionError:
        raise
    except BadSyntax as err:
        line: int | None = err.lines + 1  # rdflib counts lines from 0
        hint = _utf16_hint(data)
        raise ParseError(f"{source}, line {line}: {err._why} ({rdf_format} syntax){hint}",
                         path=source, line=line) from err
    except xml.sax.SAXParseException as err:
        line = err.getLineNumber()
        raise ParseError(f"{source}, line {line}: {err.getMessage()} (RDF/XML syntax)",
                         path=source, line=line) from err
    except json.JSONDecodeError as err:
        raise ParseError(f"{source}, line {err.lineno}: {err.msg} (JSON-LD syntax)",
                         path=source, line=err.lineno) from err
    except RdflibParserError as err:
        line = _first_bad_line(data, rdf_format)
        where = f", line {line}" if line else ""
        raise ParseError(f"{source}{where}: {err} ({rdf_format} syntax)",
                         path=source, line=line) from err
    except UnicodeDecodeError as err:
        line = data[:err.start].count(b"\n") + 1
        raise ParseError(f"{source}, line {line}: not UTF-8 text at byte {err.start} "
                         f"(0x{data[err.start]:02x}); RDF files must be UTF-8 — re-save the "
                         "file as UTF-8", path=source, line=line) from err
    except (ValueError, TypeError, AttributeError, KeyError) as err:
        raise ParseError(f"{source}: could not parse as {rdf_format}: {err}",
                         path=source) from err
    except OSError as err:  # only when allowed: a remote JSON-LD context failed to load
        raise LoadError(f"{source}: a context or document it names could not be fetched: "
                        f"{err}") from err
    except Exception as err:  # rdflib's parsers fail in many ways on hostile input
        raise ParseError(f"{source}: could not parse as {rdf_format}: "
                         f"{type(err).__name__}: {err}", path=source) from err
    finally:
        term_logger.removeFilter(invalid)
    if invalid.found:
        bad = invalid.found[0]
        line = _line_of(data, bad)
        where = f", line {line}" if line else ""
        raise ParseError(f"{source}{where}: {bad!r} is not a valid IRI: spaces, quotes, "
                         "<, >, {, }, |, ^, ` and backslashes must be %-encoded",
                         path=source, line=line)
    _check_terms(target, data, source)
    return target


def _check_terms(target: Graph, data: bytes, source: str) -> None:
    """Refuse a term no store can hold or no file can be written with (see
    :func:`~pmograph._store.input_guards.unwritable_text`)."""
    seen: set[object] = set()
    for triple in target.triples((None, None, None)):
        for term in triple:
            if term in seen:
                continue
            seen.add(term)
            problem = unwritable_text(term)
            if problem is not None:
                line = _line_of_escape(data, problem.character)
                where = f", line {line}" if line else ""
                raise ParseError(f"{source}{where}: {problem.message}", path=source,
                                 line=line) from None
        if len(seen) > 1_000_000:  # bound the memory; repeats are merely checked again
            seen.clear()


def _line_of_escape(data: bytes, character: str) -> int | None:
    """The first line of ``data`` that has ``character`` raw or as a ``\\u`` escape."""
    code = ord(character)
    needles = [character.encode("utf-8", "surrogatepass"), f"\\u{code:04x}".encode(),
               f"\\u{code:04X}".encode(), f"\\U{code:08x}".encode(), f"\\U{code:08X}".encode()]
    for needle in needles:
        index = data.find(needle)
        if index >= 0:
            return data[:index].count(b"\n") + 1
    return None


class _InvalidIris(logging.Filter):
    """Collects the IRIs rdflib warns about while parsing (and keeps the warning quiet).

    rdflib accepts an IRI such as ``<a b>`` with only a logged warning and fails much later,
    when the graph is written; pmograph refuses the file instead, naming the IRI.
    """

    suffix = " does not look like a valid URI, trying to serialize this will break."

    def __init__(self) -> None:
        super().__init__()
        self.found: list[str] = []

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        if message.endswith(self.suffix):
            self.found.append(message.removesuffix(self.suffix))
            return False
        return True


def _line_of(data: bytes, text: str) -> int | None:
    """The first line of ``data`` containing ``text`` (or its last path segment)."""
    for needle in (text, text.rsplit("/", 1)[-1]):
        index = data.find(needle.encode("utf-8")) if needle else -1
        if index >= 0:
            return data[:index].count(b"\n") + 1
    return None


def _utf16_hint(data: bytes) -> str:
    """A hint when NUL bytes suggest UTF-16 text, which rdflib reads as garbage."""
    if b"\x00" in data[:4096]:
        return ("; the file contains NUL bytes, so it is probably UTF-16 (no byte-order mark); "
                "encodings tried: utf-8 — re-save it as UTF-8")
    return ""


def _public_id(source: str) -> str:
    if source.startswith("<"):
        return "urn:pmograph:input"
    path = Path(source)
    return (path.resolve() if path.is_file() else path.absolute()).as_uri()


def _first_bad_line(data: bytes, rdf_format: str) -> int | None:
    """Locate the first line rdflib rejects in a line-based format (N-Triples, N-Quads)."""
    if rdf_format not in {"nt", "nquads"}:
        return None
    for number, raw in enumerate(data.splitlines(), start=1):
        text = raw.strip()
        if not text or text.startswith(b"#"):
            continue
        try:
            (Dataset() if rdf_format == "nquads" else Graph()).parse(data=raw, format=rdf_format)
        except Exception:
            return number
    return None


_CONTROLS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
_SPAN = re.compile(r"at line (\d+) between columns (\d+) and (\d+)")


def explain_syntax_error(data: bytes, err: SyntaxError, *, source: str,
                         rdf_format: str) -> ParseError:
    """A :class:`ParseError` for Oxigraph's ``SyntaxError`` on ``data``: file, line, and what
    to do.

    Oxigraph reports where its parser stopped.  This adds what a person needs: a file that is
    not UTF-8 is named as such with the first bad byte; NUL bytes suggest UTF-16; an HTML page
    is called one; the offending text is quoted; an unexpected end suggests what was left open;
    and in N-Triples/N-Quads the line that lacks its final dot is named, not the next one.

    Examples
    --------
    >>> error = SyntaxError("Parser error at line 2 between columns 1 and 5: Invalid IRI")
    >>> error.lineno = 2
    >>> str(explain_syntax_error(b"<a> <b> <c> .\\n<x y> <b> <c> .", error, source="f.nt",
    ...                          rdf_format="nt"))
    "f.nt, line 2: Parser error at line 2 between columns 1 and 5: Invalid IRI (found '<x y') \
(nt syntax)"
    """
    line = err.lineno
    # Oxigraph quotes the offending character raw: a NUL in an error line helps nobody.
    message = _CONTROLS.sub(lambda found: found.group().encode("unicode_escape").decode("ascii"),
                            err.msg)
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as bad:
        line = data[:bad.start].count(b"\n") + 1
        return ParseError(f"{source}, line {line}: not UTF-8 text at byte {bad.start} "
                          f"(0x{data[bad.start]:02x}); RDF files must be UTF-8 — re-save the "
                          f"file as UTF-8{_utf16_hint(data) if _looks_utf16(data) else ''}",
                          path=source, line=line)
    hints = []
    if _looks_utf16(data):
        hints.append(_utf16_hint(data).lstrip("; "))
    head = data.lstrip()[:200].lower()
    if head.startswith((b"<!doctype html", b"<html")):
        hints.append("this is an HTML page, not RDF: was an error page saved under this name?")
    span = _SPAN.search(message)
    lines = data.splitlines()
    if span and int(span.group(1)) <= len(lines):
        text = lines[int(span.group(1)) - 1].decode("utf-8", "replace")
        found = text[int(span.group(2)) - 1:int(span.group(3)) - 1].strip()
        if found:
            message += f" (found {found!r})"
    if "Unexpected end" in message:
        hints.append("is a string literal, an IRI, a ']' or a '}' missing?")
    if rdf_format in ("nt", "nquads") and "followed by a dot" in message and line and line > 1:
        line = _last_statement_before(lines, line)
        message = f"the statement does not end with '.' ({message})"
    text = f"{source}, line {line}: {message} ({rdf_format} syntax)"
    if hints:
        text += "; " + "; ".join(hints)
    return ParseError(text, path=source, line=line)


def _looks_utf16(data: bytes) -> bool:
    """A UTF-16 byte-order mark, or NUL bytes in a quarter of the first 4 KiB."""
    head = data[:4096]
    return head.startswith((b"\xff\xfe", b"\xfe\xff")) or head.count(b"\x00") * 4 >= len(head) > 0


def _last_statement_before(lines: list[bytes], line: int) -> int:
    """The last non-blank, non-comment line before ``line`` (1-based)."""
    for number in range(line - 1, 0, -1):
        text = lines[number - 1].strip()
        if text and not text.startswith(b"#"):
            return number
    return line
