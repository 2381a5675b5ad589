"""Checks on untrusted RDF input before rdflib parses it (DESIGN.md §6).

- RDF/XML: external entities are never resolved, and entity declarations that refer to other
  entities (the "billion laughs" pattern) are refused.  A quick expat pass also bounds how
  much text entities may add: rdflib's RDF/XML handler slows down badly on large expansions
  (minutes for a 638-byte file that expat alone rejects in a fraction of a second).
- JSON-LD: a ``@context`` (or ``@import``) given by URL or file name would make rdflib fetch it;
  refused unless the caller opts in with ``allow_network=True``.
- Every term rdflib parsed: an IRI (or blank node label) with a character no IRI may hold
  (a control character such as NUL, a space, a noncharacter such as U+FFFE), or text with a
  lone surrogate (from an escape such as ``\\ud800``), is refused
  (:func:`unwritable_text`): Oxigraph refuses them, and written out they make invalid
  N-Triples or text that cannot be encoded.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import Any
from xml.parsers import expat

from rdflib import BNode, Literal, URIRef

from pmograph._errors import ParseError

#: Characters no IRI may hold (RFC 3987): controls, space, ``<>"{}|^`\``, surrogates and
#: noncharacters.
_NOT_IN_IRIS = re.compile("[\x00-\x20<>\"{}|^`\\\x7f-\x9f\ud800-\udfff\ufdd0-\ufdef"
                          "\ufffe\uffff" + "".join(f"{chr(plane * 0x10000 + 0xFFFE)}"
                                                    f"{chr(plane * 0x10000 + 0xFFFF)}"
                                                    for plane in range(1, 17)) + "]")
_SURROGATE = re.compile("[\ud800-\udfff]")
_NAMES = {"\x00": "NUL", "\t": "a tab", "\n": "a line break", "\r": "a carriage return",
          " ": "a space"}

#: Entities may add at most this much text beyond the file's own size.
MAX_ENTITY_EXPANSION = 1_000_000


def check_rdfxml(data: bytes, *, source: str) -> None:
    """Refuse RDF/XML with external entities, nested entities, or an oversized expansion.

    Examples
    --------
    >>> check_rdfxml(b'<a xmlns="http://e/">x</a>', source="ok.rdf")
    >>> check_rdfxml(b'<!DOCTYPE a [<!ENTITY e SYSTEM "file:///etc/passwd">]><a>&e;</a>',
    ...              source="x.rdf")
    Traceback (most recent call last):
    ...
    pmograph._errors.ParseError: x.rdf, line 1: external entity 'e' refused: ...
    """
    parser = expat.ParserCreate()
    produced = 0

    def refuse(message: str) -> None:
        line = parser.CurrentLineNumber
        raise ParseError(f"{source}, line {line}: {message}", path=source, line=line)

    def entity_declared(name: str, _parameter: bool, value: str | None, _base: str | None,
                        system_id: str | None, public_id: str | None, _notation: str | None
                        ) -> None:
        if system_id or public_id:
            refuse(f"external entity {name!r} refused: pmograph never reads files or URLs "
                   "named inside input; inline the content instead")
        if value and ("&" in value or "%" in value):
            refuse(f"entity {name!r} refers to other entities (an entity-expansion bomb "
                   "pattern); refused")

    def text(chunk: str) -> None:
        nonlocal produced
        produced += len(chunk)
        if produced > len(data) + MAX_ENTITY_EXPANSION:
            refuse("entities expand to far more text than the file holds; refused as an "
                   "entity-expansion attack")

    def element(_name: str, attributes: dict[str, str]) -> None:
        text("".join(attributes.values()))

    parser.EntityDeclHandler = entity_declared
    parser.CharacterDataHandler = text
    parser.StartElementHandler = element
    parser.SetParamEntityParsing(expat.XML_PARAM_ENTITY_PARSING_NEVER)
    try:
        parser.Parse(data, True)
    except expat.ExpatError as err:
        raise ParseError(f"{source}, line {err.lineno}: {expat.errors.messages[err.code]} "
                         "(RDF/XML syntax)", path=source, line=err.lineno) from err


def check_jsonld(data: bytes, *, source: str, allow_network: bool) -> None:
    """Refuse a JSON-LD document whose ``@context`` or ``@import`` would be fetched.

    Examples
    --------
    >>> check_jsonld(b'{"@context": {"name": "http://schema.org/name"}}', source="ok.jsonld",
    ...              allow_network=False)
    >>> check_jsonld(b'{"@context": "https://schema.org/"}', source="x.jsonld",
    ...              allow_network=False)
    Traceback (most recent call last):
    ...
    pmograph._errors.ParseError: x.jsonld: remote JSON-LD context 'https://schema.org/' ...
    """
    try:
        document = json.loads(data)
    except (json.JSONDecodeError, UnicodeDecodeError):
        return  # the parser reports the syntax error with its line
    if not isinstance(document, dict | list):  # rdflib crashes on a bare number or string
        raise ParseError(f"{source}, line 1: a JSON-LD document must be a JSON object or "
                         f"array, not {type(document).__name__} (JSON-LD syntax)",
                         path=source, line=1)
    if allow_network:
        return
    for reference in _remote_contexts(document):
        raise ParseError(
            f"{source}: remote JSON-LD context {reference!r} refused — pmograph does not fetch "
            "URLs or files named inside input by default; embed the context in the document, "
            "or pass allow_network=True (--allow-network) if you trust it", path=source)


def _remote_contexts(node: Any) -> list[str]:
    found: list[str] = []
    stack = [node]
    while stack:
        item = stack.pop()
        if isinstance(item, dict):
            for key, value in item.items():
                if key in ("@context", "@import"):
                    contexts = value if isinstance(value, list) else [value]
                    found.extend(c for c in contexts if isinstance(c, str))
                stack.append(value)
        elif isinstance(item, list):
            stack.extend(item)
    return found


@dataclass(frozen=True)
class TextProblem:
    """Why a term cannot be kept: the offending :attr:`character` and a :attr:`message`."""

    character: str
    message: str


def shown(text: str, limit: int = 80) -> str:
    """``text`` for a message: controls, surrogates and noncharacters as escapes, cut short.

    Examples
    --------
    >>> print(shown("https://example.org/a" + chr(0) + "b"), shown("x" * 100, 10))
    https://example.org/a\\x00b xxxxxxxxxx…
    """
    visible = _NOT_IN_IRIS.sub(lambda m: m.group().encode("unicode_escape", "backslashreplace")
                               .decode("ascii") if m.group() not in ' <>"{}|^`' else m.group(),
                               text[:limit])
    return visible + ("…" if len(text) > limit else "")


def unwritable_text(term: Any) -> TextProblem | None:
    """Why ``term`` cannot be stored or written, or ``None`` if it can.

    Examples
    --------
    >>> print(unwritable_text(URIRef("https://example.org/a" + chr(0) + "b")).message)
    the IRI <https://example.org/a\\x00b> holds NUL, which no IRI may hold; %-encode it (%00) \
or fix the IRI
    >>> print(unwritable_text(Literal("Boss " + chr(0xD800))).message)
    the text 'Boss \\ud800' holds a lone surrogate (\\ud800), which is not a Unicode character \
and cannot be written as UTF-8; fix the escape that made it
    >>> unwritable_text(Literal("Zoë")) is None
    True
    """
    if isinstance(term, URIRef | BNode):
        found = _NOT_IN_IRIS.search(term)
        if found is not None and not (isinstance(term, URIRef) and found.group() in
                                      ' <>"{}|^`\\'):  # rdflib's own check names these
            character = found.group()
            name = _NAMES.get(character) or shown(character)
            kind = f"the IRI <{shown(term)}>" if isinstance(term, URIRef) else \
                f"the blank node _:{shown(term)}"
            encoded = "".join(f"%{byte:02X}" for byte in
                              character.encode("utf-8", "surrogatepass"))
            return TextProblem(character, f"{kind} holds {name}, which no IRI may hold; "
                                          f"%-encode it ({encoded}) or fix the IRI")
        return None
    if isinstance(term, Literal):
        for part in (str(term), term.language or ""):
            found = _SURROGATE.search(part)
            if found is not None:
                return TextProblem(found.group(), (
                    f"the text '{shown(part)}' holds a lone surrogate "
                    f"({shown(found.group())}), which is not a Unicode character and cannot "
                    "be written as UTF-8; fix the escape that made it"))
        if term.datatype is not None:
            return unwritable_text(term.datatype)
    return None
