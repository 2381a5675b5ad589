"""Importing spreadsheet exports: one call for any mix of HR exports and UK organograms.

Each file's kind is told from its header; job titles find catalog roles through the name index
of the graph given as ``roles`` (by default the bundled catalog's, read once per process).

Three destinations, one import:

* :func:`import_files` builds an rdflib graph (:attr:`ImportResult.graph`), for the library;
* :func:`write_import` writes N-Triples or Turtle to a file as the rows are read, so memory
  does not grow with the file (other formats are serialised from a graph);
* :func:`import_stream` gives the N-Triples as a readable binary stream, made as it is read,
  for a store to load (Oxigraph loads it in one transaction: an error in row 900,000 leaves
  the store as it was).

Every file is read once, row by row (:func:`~pmograph._importers.table.open_table`); progress
shows bytes read per file when someone watches.
"""

from __future__ import annotations

import datetime
import io
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from pmograph._errors import ImportDataError
from pmograph._formats import TABULAR_SUFFIXES
from pmograph._importers.common import DEFAULT_BASE, KINDS, ImportResult, Minter, TitleMapper
from pmograph._importers.generic import generic_rows
from pmograph._importers.organogram import organogram_part, organogram_rows
from pmograph._importers.table import Header, TableReader, open_table
from pmograph._importers.triples import (
    NTriplesWriter,
    Statements,
    TurtleWriter,
    dataset_statements,
)
from pmograph._names import NameIndex
from pmograph._progress import Report, Stage, stage

#: Rows between two progress updates.
_EVERY = 4096
#: Formats written as the rows are read; others are serialised from a graph.
STREAMED_FORMATS = ("nt", "turtle")


def detect_kind(table: Header) -> str:
    """``"organogram"`` when the header is a UK organogram's, else ``"generic"``."""
    return "organogram" if organogram_part(table) else "generic"


@dataclass
class _Plan:
    """The files of one import, opened (headers read), with what the import needs."""

    tables: list[TableReader]
    kinds: list[str]
    mapper: TitleMapper
    mapping: Mapping[str, str] | None
    organisation: str | None
    base: str
    #: The date the organisation is shown at (``--date``): written as the dataset's date.
    date: datetime.date | None = None

    @property
    def exact(self) -> bool:
        """Whether statements about posts may repeat across files (so every line written is
        remembered): organograms beside HR exports, or two HR exports of one organisation."""
        generic = [Minter(self.base, self.organisation or Path(t.path).stem).root
                   for t, k in zip(self.tables, self.kinds, strict=True) if k == "generic"]
        return (len(generic) < len(self.tables) and bool(generic)) or \
            len(set(generic)) < len(generic)

    def close(self) -> None:
        for table in self.tables:
            table.close()


def _plan(paths: Iterable[str | Path], *, kind: str | None, mapping: Mapping[str, str] | None,
          roles: Any, organisation: str | None, base: str,
          date: datetime.date | None = None) -> _Plan:
    if kind not in (None, *KINDS):
        raise ImportDataError(f"unknown import kind {kind!r}; use one of: {', '.join(KINDS)}")
    if any(char in ' <>"{}|\\^`' or char < " " for char in base) or not base.strip():
        raise ImportDataError(f"--base {base!r}: not usable as an IRI namespace; spaces, quotes, "
                              "<, >, {, }, |, ^, `, backslashes and control characters must "
                              "be %-encoded")
    if isinstance(roles, str):  # the bundled catalog's roles, read once per process
        roles = _catalog_names()
    paths = list(paths)
    for path in paths:
        if Path(path).suffix.lower() not in TABULAR_SUFFIXES:
            raise ImportDataError(
                f"{path}: not a spreadsheet export; import reads "
                f"{' and '.join(sorted(TABULAR_SUFFIXES))} files (load RDF with --data)")
    tables: list[TableReader] = []
    try:
        for path in paths:
            tables.append(open_table(path))
    except BaseException:
        for table in tables:
            table.close()
        raise
    if not tables:
        raise ImportDataError("name at least one CSV file to import")
    return _Plan(tables, [kind or detect_kind(t) for t in tables], TitleMapper(roles), mapping,
                 organisation, base, date)


def _steps(plan: _Plan, result: ImportResult, progress: Report | None) -> Iterator[None]:
    """Import every file of ``plan`` into ``result``, yielding after each row: organograms
    first (senior files, then junior ones), then each HR export in the order given."""
    try:
        organograms = [t for t, k in zip(plan.tables, plan.kinds, strict=True)
                       if k == "organogram"]
        if organograms:
            with stage(progress, "importing " + ", ".join(Path(t.path).name for t in organograms),
                       total=sum(t.size for t in organograms), unit="B") as current:
                meter = _Meter(current, organograms)
                for _ in organogram_rows(organograms, result, mapper=plan.mapper,
                                         base=plan.base, organisation=plan.organisation):
                    meter.row()
                    yield
                meter.done()
        for table, kind in zip(plan.tables, plan.kinds, strict=True):
            if kind != "generic":
                continue
            with stage(progress, f"importing {Path(table.path).name}", total=table.size,
                       unit="B") as current:
                meter = _Meter(current, [table])
                for _ in generic_rows(table, result, mapping=plan.mapping, mapper=plan.mapper,
                                      organisation=plan.organisation, base=plan.base):
                    meter.row()
                    yield
                meter.done()
        if plan.date is not None:
            result.out.add(*dataset_statements(plan.base, plan.date))
        result.out.writer.flush()
    finally:
        plan.close()


class _Meter:
    """Advances a stage by the bytes the tables have read, every few thousand rows."""

    def __init__(self, current: Stage, tables: list[TableReader]) -> None:
        self.current, self.tables, self.rows, self.shown = current, tables, 0, 0

    def row(self) -> None:
        self.rows += 1
        if self.rows % _EVERY == 0 and self.current.shown:
            read = sum(table.bytes_read for table in self.tables)
            self.current.advance(read - self.shown, note=f"{self.rows:,} rows")
            self.shown = read

    def done(self) -> None:
        self.current.advance(sum(t.size for t in self.tables) - self.shown,
                             note=f"{self.rows:,} rows")


def import_files(paths: Iterable[str | Path], *, kind: str | None = None,
                 mapping: Mapping[str, str] | None = None, roles: Any = "catalog",
                 organisation: str | None = None, base: str = DEFAULT_BASE,
                 progress: Report | None = None,
                 date: datetime.date | None = None) -> ImportResult:
    """Import spreadsheet exports (a senior and a junior organogram, or HR exports) together.

    Parameters
    ----------
    paths
        CSV files.  Each file's kind is detected from its header unless ``kind`` is given.
    kind
        ``"generic"`` or ``"organogram"`` for every file (default: detect).
    mapping
        Header as written → field name, for generic files (``--map``).
    roles
        Where job titles find roles: a :class:`KnowledgeGraph` or ``None`` (no mapping);
        default the bundled catalog.
    organisation, base
        The organisation's name when the file does not give it, and the IRI base.
    progress
        Where progress goes (see :func:`pmograph._progress.reporter`); ``None``: nowhere.
    date
        The date the files show the organisation at: written as ``prov:generatedAtTime`` of a
        ``dcat:Dataset`` (:func:`~pmograph._importers.triples.dataset_statements`), the date
        ``pmograph load --snapshot`` keeps the import under.
    """
    plan = _plan(paths, kind=kind, mapping=mapping, roles=roles, organisation=organisation,
                 base=base, date=date)
    result = ImportResult()
    for _ in _steps(plan, result, progress):
        pass
    return result


def write_import(paths: Iterable[str | Path], output: str | Path, *,
                 rdf_format: str | None = None, kind: str | None = None,
                 mapping: Mapping[str, str] | None = None, roles: Any = "catalog",
                 organisation: str | None = None, base: str = DEFAULT_BASE,
                 progress: Report | None = None,
                 date: datetime.date | None = None) -> ImportResult:
    """Import spreadsheet exports straight into an RDF file, whole or not at all.

    N-Triples and Turtle are written as the rows are read (memory holds only the tables that
    checks across rows need: each id, each person, the managers named before their row); other
    formats are serialised from a graph.  The arguments are those of :func:`import_files`;
    ``rdf_format`` defaults to the one ``output``'s suffix names.  The result's ``graph`` is
    empty when the file was written as the rows were read; its counts are those written.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> _ = (folder / "staff.csv").write_text("id,name,manager\\n1,Ada,\\n2,Grace,1\\n")
    >>> result = write_import([folder / "staff.csv"], folder / "staff.nt", roles=None)
    >>> result.counts["posts"], len((folder / "staff.nt").read_text().splitlines())
    (2, 21)
    """
    from pmograph._atomic import atomic_write
    from pmograph._formats import rdf_format_for

    rdf_format = rdf_format or rdf_format_for(output)
    common = {"kind": kind, "mapping": mapping, "roles": roles, "organisation": organisation,
              "base": base, "date": date}
    if rdf_format not in STREAMED_FORMATS:
        result = import_files(paths, progress=progress, **common)
        result.write(output, rdf_format)
        return result
    plan = _plan(paths, **common)
    try:
        with atomic_write(output) as handle:
            writer = (NTriplesWriter if rdf_format == "nt" else TurtleWriter)(handle.write)
            result = ImportResult.streaming(Statements(writer, exact=plan.exact))
            for _ in _steps(plan, result, progress):
                pass
    finally:
        plan.close()
    return result


def import_stream(paths: Iterable[str | Path], *, kind: str | None = None,
                  mapping: Mapping[str, str] | None = None, roles: Any = "catalog",
                  organisation: str | None = None, base: str = DEFAULT_BASE,
                  progress: Report | None = None,
                  date: datetime.date | None = None) -> tuple[ImportResult, ImportStream]:
    """The import as N-Triples (UTF-8) that are made while the stream is read.

    The result is complete once the stream is read to its end.  An error in the files is
    raised by the read that reaches it.  The arguments are those of :func:`import_files`.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "staff.csv"
    >>> _ = path.write_text("id,name,manager\\n1,Ada,\\n2,Grace,1\\n")
    >>> result, stream = import_stream([path], roles=None)
    >>> len(stream.read().splitlines()), result.counts["reporting_lines"]
    (21, 1)
    """
    plan = _plan(paths, kind=kind, mapping=mapping, roles=roles, organisation=organisation,
                 base=base, date=date)
    stream = ImportStream()
    result = ImportResult.streaming(Statements(NTriplesWriter(stream.feed), exact=plan.exact))
    stream.start(_steps(plan, result, progress))
    return result, stream


class ImportStream(io.RawIOBase):
    """A readable binary stream of N-Triples, made by running an import as it is read."""

    def __init__(self) -> None:
        super().__init__()
        self._steps: Iterator[None] = iter(())
        self._buffer = bytearray()
        self._start = 0
        self._ended = False

    def start(self, steps: Iterator[None]) -> None:
        self._steps = steps

    def feed(self, text: str) -> None:
        self._buffer += text.encode()

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        if self.closed:
            raise ValueError("I/O operation on a closed import stream")
        wanted = len(buffer)
        step: Callable[[Iterator[None]], object] = next
        while len(self._buffer) - self._start < wanted and not self._ended:
            try:
                step(self._steps)
            except StopIteration:
                self._ended = True
        count = min(wanted, len(self._buffer) - self._start)
        buffer[:count] = self._buffer[self._start:self._start + count]
        self._start += count
        if self._start > 1 << 20 and self._start * 2 > len(self._buffer):
            del self._buffer[:self._start]
            self._start = 0
        return count

    def close(self) -> None:
        close = getattr(self._steps, "close", None)
        if close is not None:
            close()  # closes the files of an import stopped early
        super().close()


@cache
def _catalog_names() -> NameIndex:
    from pmograph._resources import catalog_graph

    return NameIndex.build(catalog_graph())
