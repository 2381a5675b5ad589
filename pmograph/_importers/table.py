"""Reading spreadsheet exports: decoding, CSV dialects, headers, and errors naming the cell.

Files are decoded as UTF-8 (a byte-order mark is allowed), else windows-1252 — the two
encodings UK organograms are published in; a file that is neither is refused with the
encodings tried.  CSV is parsed strictly, so a stray quote is an error that names the row and
column rather than a silently shifted row.

A file is read as a stream (:func:`open_table`): its encoding is checked over the whole file
in blocks (nothing kept), then the header is read and the data rows are handed out one at a
time, so an export of a million rows never sits in memory.  :func:`read_table` reads every row
into a :class:`Table`, for small files and tests; both parse with the same code.
"""

from __future__ import annotations

import csv
import io
import re
import unicodedata
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from pathlib import Path
from types import TracebackType
from typing import IO

from pmograph._errors import ImportDataError, LoadError
from pmograph._importers.decoding import check_encoding, text_encoding

_CAMEL = re.compile(r"(?<=[a-z0-9])(?=[A-Z])")
_NOT_WORD = re.compile(r"[^0-9a-z]+")

Record = tuple[int, list[str]]  # (the line the row starts on, its cells)


class Header:
    """What is known of a CSV file once its header row is read: columns and where cells are."""

    path: str
    header: list[str]
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

    def at(self, number: int, column: int | None) -> str:
        """``path, row N, column K ('Header')`` for error messages, ``N`` a row number."""
        text = f"{self.path}, row {number}"
        if column is not None:
            text += f", column {column + 1} ({self.header[column]!r})"
        return text


@dataclass
class Table(Header):
    """A decoded CSV file: its header, its data rows, and where each row starts."""

    path: str
    header: list[str]
    rows: list[list[str]]
    row_numbers: list[int]
    encoding: str

    def where(self, index: int, column: int | None) -> str:
        """``path, row N, column K ('Header')`` of the ``index``-th data row."""
        return self.at(self.row_numbers[index], column)

    def records(self) -> Iterator[Record]:
        """Each data row with the line it starts on."""
        return zip(self.row_numbers, self.rows, strict=True)


class TableReader(Header):
    """A CSV file read row by row: the header at once, then :meth:`records` as they come.

    Use :func:`open_table` to make one; close it (or use it as a context manager) when done.

    Examples
    --------
    >>> with open_table("staff.csv", text="id,name\\n1,Ada\\n\\n2,Grace\\n") as table:
    ...     print(table.header, list(table.records()))
    ['id', 'name'] [(2, ['1', 'Ada']), (4, ['2', 'Grace'])]
    """

    def __init__(self, source: str, handle: IO[str], encoding: str, *, text: str | None,
                 binary: IO[bytes] | None = None, size: int = 0) -> None:
        self.path, self.encoding, self.size = source, encoding, size
        self._handle, self._binary, self._text = handle, binary, text
        first = handle.readline()
        lines = first.splitlines()
        self._delimiter = "\t" if source.lower().endswith(".tsv") else \
            _delimiter(lines[0] if lines else "")
        self._reader = csv.reader(_chain(first, handle), delimiter=self._delimiter,
                                  strict=True)
        self._start = 1
        self._first_record: list[str] | None = None
        self._used = False
        try:
            header = next(self._parsed(), None)
        except BaseException:
            self.close()
            raise
        if header is None:
            self.close()
            raise ImportDataError(f"{source}: the file is empty; a header row is needed")
        self.header = [h.strip() for h in header[1]]

    @property
    def bytes_read(self) -> int:
        """How far into the file reading has got (bytes), for progress."""
        return self._binary.tell() if self._binary is not None and not self._binary.closed \
            else self.size

    def records(self) -> Iterator[Record]:
        """The data rows, each with the line it starts on; blank rows are skipped.

        A row with more non-empty cells than the header has names is an error naming the row
        and the first extra column.  The rows can be read once.
        """
        if self._used:
            raise ImportDataError(f"{self.path}: the rows were read already; open it again")
        self._used = True
        width = len(self.header)
        try:
            for number, row in self._parsed():
                if len(row) > width and "".join(row[width:]).strip():
                    raise ImportDataError(
                        f"{self.path}, row {number}, column {width + 1}: the row has "
                        f"{len(row)} fields but the header has {width}")
                yield number, row
        finally:
            self.close()

    def _parsed(self) -> Iterator[Record]:
        """Non-blank records of the CSV reader, with the line each starts on."""
        reader = self._reader
        try:
            for record in reader:
                if self._first_record is None:
                    self._first_record = record
                number, self._start = self._start, reader.line_num + 1
                if "".join(record).strip():
                    yield number, record
        except csv.Error as err:
            raise self._malformed(err) from None

    def _malformed(self, err: csv.Error) -> ImportDataError:
        header = self._first_record or []
        column = _bad_column(self._line(self._start), self._delimiter)
        named = f", column {column}" + (f" ({header[column - 1]!r})"
                                        if 0 < column <= len(header) else "")
        return ImportDataError(f"{self.path}, row {self._start}{named}: malformed CSV: {err}")

    def _line(self, number: int) -> str:
        """Line ``number`` of the file, read again (only when an error needs it)."""
        handle: IO[str] = io.StringIO(self._text, newline="") if self._text is not None else \
            open(self.path, encoding=text_encoding(self.encoding), newline="")  # noqa: SIM115
        with handle:
            for count, line in enumerate(handle, start=1):
                if count == number:
                    return line.rstrip("\r\n")
        return ""

    def close(self) -> None:
        self._handle.close()

    def __enter__(self) -> TableReader:
        return self

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None,
                 trace: TracebackType | None) -> None:
        self.close()


def _chain(first: str, rest: Iterable[str]) -> Iterator[str]:
    if first:
        yield first
        yield from rest


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


def open_table(path: str | Path, *, text: str | None = None) -> TableReader:
    """Open a CSV (or ``.tsv``) file to read row by row, with errors naming row and column.

    The encoding is checked and the header read at once; ``text`` gives the content directly
    (the path then only names it in messages).  Close the reader when done.
    """
    source = str(path)
    if text is not None:
        return TableReader(source, io.StringIO(text, newline=""), "utf-8", text=text)
    binary: IO[bytes]
    try:
        binary = open(path, "rb")  # noqa: SIM115 (closed by the reader)
        if not binary.seekable():  # a pipe: read once, into memory
            with binary:
                binary = io.BytesIO(binary.read())
    except FileNotFoundError:
        raise LoadError(f"{source}: no such file") from None
    except OSError as err:
        raise LoadError(f"{source}: cannot read the file: {err.strerror}") from err
    try:
        encoding = check_encoding(binary, source=source)
        size = binary.seek(0, io.SEEK_END)
        binary.seek(0)
    except BaseException as err:
        binary.close()
        if isinstance(err, OSError):
            raise LoadError(f"{source}: cannot read the file: {err.strerror}") from err
        raise
    handle = io.TextIOWrapper(binary, encoding=text_encoding(encoding), newline="")
    return TableReader(source, handle, encoding, text=None, binary=binary, size=size)


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
    with open_table(path, text=text) as reader:
        records = list(reader.records())
    return Table(reader.path, reader.header, [row for _, row in records],
                 [number for number, _ in records], reader.encoding)


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


def parse_number(table: Header, number: int, row: Sequence[str],
                 column: int | None) -> Decimal | None:
    """The cell as a :class:`~decimal.Decimal`, ``None`` when empty; an error names the cell.

    Examples
    --------
    >>> table = read_table("x.csv", text="id,fte\\n1,\\"1,000.5\\"\\n2,two\\n")
    >>> parse_number(table, 2, table.rows[0], 1)
    Decimal('1000.5')
    >>> parse_number(table, 3, table.rows[1], 1)
    Traceback (most recent call last):
    ...
    pmograph._errors.ImportDataError: x.csv, row 3, column 2 ('fte'): 'two' is not a number
    """
    text = table.cell(row, column).replace(",", "")
    if not text:
        return None
    try:
        value = Decimal(text)
    except InvalidOperation:
        value = Decimal("NaN")
    if not value.is_finite():
        raise ImportDataError(f"{table.at(number, column)}: {text!r} is not a number")
    return value
