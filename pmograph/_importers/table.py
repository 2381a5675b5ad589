"""Reading spreadsheet exports: decoding, CSV dialects, headers, and errors naming the cell.

Files are decoded as UTF-8 (a byte-order mark is allowed), else windows-1252 — the two
encodings UK organograms are published in; a file that is neither is refused with the
encodings tried.  CSV is parsed strictly, so a stray quote is an error that names the row and
column rather than a silently shifted row.
"""

from __future__ import annotations

import csv
import io
import re
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from pathlib import Path

from pmograph._errors import ImportDataError, LoadError

#: Encodings tried, in order, when a spreadsheet is read.
ENCODINGS = ("utf-8-sig", "windows-1252")

_CAMEL = re.compile(r"(?<=[a-z0-9])(?=[A-Z])")
_NOT_WORD = re.compile(r"[^0-9a-z]+")


@dataclass
class Table:
    """A decoded CSV file: its header, its data rows, and where each row starts."""

    path: str
    header: list[str]
    rows: list[list[str]]
    row_numbers: list[int]
    encoding: str

    def columns(self, fields: Mapping[str, Iterable[str]],
                mapping: Mapping[str, str] | None = None) -> dict[str, int]:
        """Map field names to column positions, by header synonyms or an explicit ``mapping``.

        ``fields`` maps each field to the normalised headers that mean it (see
        :func:`header_key`); ``mapping`` maps a header as written in the file to a field.
        """
        keys = [header_key(h) for h in self.header]
        found: dict[str, int] = {}
        for column, name in (mapping or {}).items():
            if name not in fields:
                raise ImportDataError(f"--map {column}={name}: unknown field {name!r}; "
                                      f"fields are: {', '.join(fields)}")
            matches = [i for i, h in enumerate(self.header)
                       if h == column or keys[i] == header_key(column)]
            if not matches:
                raise ImportDataError(f"{self.path}: --map names column {column!r}, which is "
                                      f"not in the header ({', '.join(self.named_headers())})")
            found[name] = matches[0]
        for name, synonyms in fields.items():
            if name in found:
                continue
            wanted = set(synonyms)
            for index, key in enumerate(keys):
                if key in wanted and index not in found.values():
                    found[name] = index
                    break
        return found

    def named_headers(self) -> list[str]:
        return [h for h in self.header if h.strip()]

    def cell(self, row: Sequence[str], column: int | None) -> str:
        """The stripped text of ``row`` at ``column`` ('' when absent)."""
        if column is None or column >= len(row):
            return ""
        return row[column].strip()

    def where(self, index: int, column: int | None) -> str:
        """``path, row N, column K ('Header')`` for error messages."""
        text = f"{self.path}, row {self.row_numbers[index]}"
        if column is not None:
            text += f", column {column + 1} ({self.header[column]!r})"
        return text


def header_key(text: str) -> str:
    """Fold a column header for matching: camelCase split, no brackets, no punctuation.

    Examples
    --------
    >>> header_key("EmployeeId"), header_key("ReportsTo"), header_key("Payscale Minimum (£)")
    ('employee id', 'reports to', 'payscale minimum')
    >>> header_key("Contact E-mail")
    'contact e mail'
    """
    text = re.sub(r"\([^)]*\)", " ", unicodedata.normalize("NFKC", text))
    text = _CAMEL.sub(" ", text).casefold()
    return _NOT_WORD.sub(" ", text).strip()


def decode(data: bytes, *, source: str) -> tuple[str, str]:
    """Decode ``data`` as UTF-8, else windows-1252; return the text and the encoding used.

    Examples
    --------
    >>> decode("Pay (£)".encode("cp1252"), source="x.csv")
    ('Pay (£)', 'windows-1252')
    >>> decode(b"\\xff\\x81", source="x.csv")
    Traceback (most recent call last):
    ...
    pmograph._errors.ImportDataError: x.csv: cannot decode ... tried (utf-8, windows-1252): ...
    """
    problems = []
    tried = ", ".join(e.removesuffix("-sig") for e in ENCODINGS)
    if b"\x00" in data[:4096]:  # UTF-8 and windows-1252 would both "succeed" on UTF-16
        raise ImportDataError(f"{source}: the file contains NUL bytes (at offset "
                              f"{data.index(0)}), so it is probably UTF-16 or not text at all; "
                              f"encodings tried: {tried}; re-save it as UTF-8 CSV")
    for encoding in ENCODINGS:
        try:
            return data.decode(encoding), encoding.removesuffix("-sig")
        except UnicodeDecodeError as err:
            problems.append(f"{encoding.removesuffix('-sig')}: byte 0x{data[err.start]:02x} "
                            f"at offset {err.start}")
    raise ImportDataError(f"{source}: cannot decode the file with any of the encodings tried "
                          f"({tried}): {'; '.join(problems)}; re-save it as UTF-8")


def read_table(path: str | Path, *, text: str | None = None) -> Table:
    """Read a CSV (or ``.tsv``) file into a :class:`Table`, with errors naming row and column.

    ``text`` gives the content directly (the path then only names it in messages).

    Examples
    --------
    >>> table = read_table("staff.csv", text="id,name\\n1,Ada\\n\\n2,Grace\\n")
    >>> table.header, table.rows, table.row_numbers
    (['id', 'name'], [['1', 'Ada'], ['2', 'Grace']], [2, 4])
    >>> read_table("bad.csv", text='id,name\\n1,"Ada"x\\n')
    Traceback (most recent call last):
    ...
    pmograph._errors.ImportDataError: bad.csv, row 2, column 2 ('name'): malformed CSV: ...
    """
    source = str(path)
    encoding = "utf-8"
    if text is None:
        try:
            data = Path(path).read_bytes()
        except FileNotFoundError:
            raise LoadError(f"{source}: no such file") from None
        except OSError as err:
            raise LoadError(f"{source}: cannot read the file: {err.strerror}") from err
        text, encoding = decode(data, source=source)
    lines = text.splitlines()
    delimiter = "\t" if source.lower().endswith(".tsv") else _delimiter(lines[0] if lines else "")
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    records: list[tuple[int, list[str]]] = []
    start = 1
    try:
        for record in reader:
            records.append((start, record))
            start = reader.line_num + 1
    except csv.Error as err:
        line = lines[start - 1] if start - 1 < len(lines) else ""
        header = next(iter(records), (0, []))[1]
        column = _bad_column(line, delimiter)
        named = f", column {column}" + (f" ({header[column - 1]!r})"
                                        if 0 < column <= len(header) else "")
        raise ImportDataError(f"{source}, row {start}{named}: malformed CSV: {err}") from None
    records = [(n, r) for n, r in records if any(cell.strip() for cell in r)]
    if not records:
        raise ImportDataError(f"{source}: the file is empty; a header row is needed")
    (_, header), body = records[0], records[1:]
    header = [h.strip() for h in header]
    for number, row in body:
        if len(row) > len(header) and any(cell.strip() for cell in row[len(header):]):
            raise ImportDataError(f"{source}, row {number}, column {len(header) + 1}: the row "
                                  f"has {len(row)} fields but the header has {len(header)}")
    return Table(source, header, [r for _, r in body], [n for n, _ in body], encoding)


def _delimiter(header_line: str) -> str:
    counts = {d: header_line.count(d) for d in (",", ";", "\t")}
    return max(counts, key=lambda d: (counts[d], d == ","))


def _bad_column(line: str, delimiter: str) -> int:
    """The 1-based field of ``line`` where quoting goes wrong (what :mod:`csv` does not say)."""
    column, quoted, closed, at_start = 1, False, False, True
    for char in line:
        if quoted:
            if char == '"':
                quoted, closed = False, True
            continue
        if char == delimiter:
            column, closed, at_start = column + 1, False, True
            continue
        if closed:
            return column
        if char == '"' and at_start:
            quoted = True
        at_start = False
    return column


def parse_number(table: Table, index: int, column: int | None) -> Decimal | None:
    """The cell as a :class:`~decimal.Decimal`, ``None`` when empty; an error names the cell."""
    text = table.cell(table.rows[index], column).replace(",", "")
    if not text:
        return None
    try:
        value = Decimal(text)
    except InvalidOperation:
        value = Decimal("NaN")
    if not value.is_finite():
        raise ImportDataError(f"{table.where(index, column)}: {text!r} is not a number")
    return value
