"""Snapshots: one organisation at several dates, each kept as a named graph of one store.

pmograph's data (the catalog and the files loaded) are the store's default graph; on a SPARQL
server, the graph pmograph's data go into.  A *snapshot* is a named graph beside them, named
after that graph and its date, ``{data graph}/snapshot/2026-03-31``
(``https://w3id.org/pmograph/graph/data/snapshot/2026-03-31`` unless a server's data graph is
named otherwise).  It holds the organisation as one file (or several: a senior and a junior
organogram) gave it, and one statement about itself, inside it::

    <…/snapshot/2026-03-31> prov:generatedAtTime "2026-03-31T00:00:00"^^xsd:dateTime .

so a store lists its snapshots by their dates, the same on every store, and a SPARQL user
finds them with ``SELECT ?g ?t { GRAPH ?g { ?g prov:generatedAtTime ?t } }``.

Why this way:

* the data of a snapshot never mix with the default graph, so every other command answers as
  before, and two snapshots never mix with each other;
* every store has named graphs: Oxigraph (in memory or in a folder), rdflib's memory store (its
  contexts) and SPARQL servers, so snapshots are kept the same way everywhere;
* one date is one snapshot: another file of the same date adds to it, and the same content
  loaded again into a persistent store is skipped (its digest is kept with the bookkeeping);
* a snapshot is read as a :class:`~pmograph.KnowledgeGraph` whose default graph is the
  snapshot's graph (:func:`open_snapshot`), read-only, so every view, query and answer works
  on it unchanged: ``pmograph.diff(kg.snapshot("2026-03-31"), kg.snapshot("2026-09-30"))``.

A snapshot loaded without a date takes the date the file gives itself
(:func:`own_date`): ``prov:generatedAtTime`` of a ``dcat:Dataset`` it describes (what
``pmograph import --date`` writes), else a published organogram's own date
(``dcterms:temporal``, ``organogram:date``).
"""

from __future__ import annotations

import datetime
from dataclasses import replace
from typing import TYPE_CHECKING, Any, NamedTuple

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import PROV, XSD

from pmograph._dates import date_in, parse_date
from pmograph._errors import PmographError, StoreError
from pmograph._namespace import PREFIX_TEXT
from pmograph._store.backends import Backend, RdflibBackend, RemoteBackend
from pmograph._store.oxigraph import OxigraphBackend, oxigraph
from pmograph._store.sparql import internal_query
from pmograph._store.sparql_terms import with_values_block

if TYPE_CHECKING:
    from pmograph._inputs import InputFile
    from pmograph._store.graph import KnowledgeGraph, Source

#: Bookkeeping of a persistent store: ``"DATE sha256:…"`` for each file loaded into a snapshot.
SNAPSHOT_CONTENT = URIRef("https://w3id.org/pmograph/store#snapshotContent")


class Snapshot(NamedTuple):
    """One snapshot of a store: its date and the IRI of its named graph."""

    date: datetime.date
    graph: str


def snapshot_graph(backend: Backend, date: datetime.date) -> str:
    """The IRI of the named graph of the snapshot of ``date`` in ``backend``'s store.

    Examples
    --------
    >>> from pmograph._store.loading import open_backend
    >>> from pmograph._store.spec import parse_store
    >>> snapshot_graph(open_backend(parse_store("rdflib")), datetime.date(2026, 3, 31))
    'https://w3id.org/pmograph/graph/data/snapshot/2026-03-31'
    """
    return f"{_prefix(backend)}{date.isoformat()}"


def list_snapshots(kg: KnowledgeGraph) -> list[Snapshot]:
    """The snapshots kept in ``kg``'s store, oldest first.

    Examples
    --------
    >>> import pmograph
    >>> kg = pmograph.load(catalog=False)
    >>> list_snapshots(kg)
    []
    """
    backend = kg.backend
    if isinstance(backend, SnapshotBackend):
        raise StoreError("a snapshot holds no snapshots; ask the store it belongs to")
    prefix = Literal(_prefix(backend))
    text = internal_query("snapshot-list")
    rows: list[tuple[Any, Any]]
    if isinstance(backend, OxigraphBackend):  # its own SELECTs see every named graph
        rows = [(graph, date) for graph, date in backend.strings(
            text, {"prefix": prefix}, PREFIX_TEXT)]
    elif isinstance(backend, RemoteBackend):  # sent without a default graph: all graphs seen
        rows = [(row[0], row[1]) for row in backend.endpoint.run(  # type: ignore[index]
            with_values_block(text, {"prefix": prefix}))]
    else:
        from rdflib import Dataset

        store = _context_store(backend)
        rows = [(row[0], row[1]) for row in Dataset(  # type: ignore[index]
            store=store, default_union=False).query(text, initNs=PREFIX_TEXT,
                                                    initBindings={"prefix": prefix})]
    found = {}
    for graph, date in rows:
        day = date_in(str(date)) if date is not None else None
        if graph is not None and day is not None and str(graph) == f"{prefix}{day}":
            found[day] = Snapshot(day, str(graph))
    return [found[day] for day in sorted(found)]


def open_snapshot(kg: KnowledgeGraph, date: str | datetime.date) -> KnowledgeGraph:
    """The snapshot of ``date`` in ``kg``'s store, as a read-only knowledge graph.

    Raises :class:`~pmograph.StoreError` naming the snapshots there are when there is none of
    that date.
    """
    day = parse_date(date)
    present = list_snapshots(kg)
    if day not in {snapshot.date for snapshot in present}:
        dates = ", ".join(str(snapshot.date) for snapshot in present) or "none"
        raise StoreError(f"{kg.store} has no snapshot dated {day} (snapshots: {dates}); load "
                         f"one with: pmograph --store {kg.store} load FILE --snapshot {day}")
    view = type(kg)(snapshot_backend(kg.backend, day))  # (graph.py imports this module)
    view.progress = kg.progress
    return view


def add_snapshot(kg: KnowledgeGraph, source: Source, *,
                 date: str | datetime.date | None = None, format: str | None = None,
                 allow_network: bool = False) -> tuple[Snapshot, int]:
    """Load ``source`` (an RDF or CSV file, or an rdflib graph) into the snapshot of ``date``.

    Without ``date``, the date the file gives itself (:func:`own_date`).  The file is parsed
    and mapped to ORG as :meth:`~pmograph.KnowledgeGraph.add` does (CSV job titles are matched
    to ``kg``'s roles), then written into the snapshot's named graph.  Returns the snapshot and
    the number of triples written (``0`` for content a persistent store already holds there).

    Examples
    --------
    >>> import pmograph
    >>> from rdflib import Graph
    >>> kg = pmograph.load(catalog=False)
    >>> data = Graph().parse(format="turtle", data='''@prefix org: <http://www.w3.org/ns/org#> .
    ...     <https://example.org/ceo> a org:Post .''')
    >>> snapshot, added = add_snapshot(kg, data, date="2026-03-31")
    >>> str(snapshot.date), added, len(kg), len(kg.snapshot("2026-03-31"))
    ('2026-03-31', 2, 0, 2)
    """
    from pmograph._inputs import input_format, open_input
    from pmograph._store.spec import parse_store

    backend = kg.backend
    if isinstance(backend, SnapshotBackend):
        raise StoreError("a snapshot is read-only; add snapshots to the store it belongs to")
    scratch = type(kg)(OxigraphBackend(parse_store("memory")))  # where the file is parsed
    scratch.max_input_bytes = kg.max_input_bytes
    digest = None
    if isinstance(source, Graph):
        scratch.add(source)
    else:
        kind = input_format(source, format)
        opened = open_input(source, max_input_bytes=kg.max_input_bytes)
        digest = opened.digest() if backend.persistent else None
        if kind in ("csv", "tsv"):
            _add_table(kg, scratch, opened, kind)
        elif opened.regular:
            scratch.add(source, format=format, allow_network=allow_network)
        else:  # a pipe was read once: its bytes go on from here
            from pmograph._store.mapping import map_to_org

            scratch.backend.add(opened, rdf_format=kind, progress=kg.progress)
            map_to_org(scratch.graph)
            scratch.changed()
    day = parse_date(date) if date is not None else own_date(scratch)
    if day is None:
        name = "the graph" if isinstance(source, Graph) else str(source)
        raise PmographError(f"{name} gives no date of its own (prov:generatedAtTime of a "
                            "dcat:Dataset, or an organogram's date); give one: --snapshot "
                            "YYYY-MM-DD (date= in the library)")
    snapshot = Snapshot(day, snapshot_graph(backend, day))
    record = f"{day} {digest}"
    if digest is not None and record in backend.metadata().get(SNAPSHOT_CONTENT, set()):
        return snapshot, 0
    added = _write(backend, snapshot, scratch)
    if digest is not None:
        backend._remember(SNAPSHOT_CONTENT, record)
    kg.changed()
    return snapshot, added


def own_date(kg: KnowledgeGraph) -> datetime.date | None:
    """The date the data in ``kg`` give themselves, if exactly one: ``prov:generatedAtTime``
    of a dataset it describes, else the date of a published organogram.

    Examples
    --------
    >>> import pmograph
    >>> organogram = pmograph.load(
    ...     "data/external/w3c-csvw-uc4-HEFCE_organogram_31032011.nt", catalog=False)
    >>> own_date(organogram)
    datetime.date(2011, 3, 31)
    """
    found: dict[str, set[datetime.date]] = {"dataset": set(), "period": set()}
    for source, value in kg.strings("snapshot-own-date"):
        day = date_in(value)
        if source in found and day is not None:
            found[source].add(day)
    for source in ("dataset", "period"):
        if len(found[source]) > 1:
            days = ", ".join(str(day) for day in sorted(found[source]))
            raise PmographError(f"the data give several dates of their own ({days}); name the "
                                "snapshot's date: --snapshot YYYY-MM-DD (date= in the library)")
        if found[source]:
            return found[source].pop()
    return None


# ------------------------------------------------------------------------ backends of one graph
class SnapshotBackend(Backend):
    """What a backend of one snapshot adds to its store's kind: a name, and no writing."""

    snapshot: Snapshot
    parent_name: str

    @property
    def name(self) -> str:
        return f"{self.parent_name} snapshot {self.snapshot.date}"

    def _read_only(self, *_: Any, **__: Any) -> Any:
        raise StoreError(f"{self.name} is read-only; load files into a snapshot with "
                         "'pmograph load FILE --snapshot DATE' (add_snapshot in the library)")

    add = add_stream = update = _read_only

    def ensure_catalog(self) -> bool:
        return False


class OxigraphSnapshot(SnapshotBackend, OxigraphBackend):
    """One named graph of an Oxigraph store, read as its default graph."""

    def __init__(self, parent: OxigraphBackend, snapshot: Snapshot) -> None:
        self.__dict__.update(vars(parent))  # the same store handle, prefixes and settings
        self.snapshot, self.parent_name, self._rdflib = snapshot, parent.name, None
        self._graph_node = self._module.NamedNode(snapshot.graph)

    @property
    def graph(self) -> Graph:
        if self._rdflib is None:
            _, store_class = oxigraph()
            self._rdflib = Graph(store=store_class(store=self.ox),
                                 identifier=URIRef(self.snapshot.graph))
            for prefix, namespace in self._prefixes.items():
                self._rdflib.bind(prefix, namespace, override=False)
        return self._rdflib

    def size(self) -> int:
        return sum(1 for _ in self.ox.quads_for_pattern(None, None, None, self._graph_node))

    def _run(self, text: str, values: Any, prefixes: Any) -> Any:
        try:
            return self.ox.query(with_values_block(text, values), prefixes=dict(prefixes),
                                 default_graph=self._graph_node)
        except (SyntaxError, OSError) as err:
            raise StoreError(f"the Oxigraph store failed a query: {err}") from err


class RdflibSnapshot(SnapshotBackend, RdflibBackend):
    """One context of rdflib's memory store, read as a graph of its own."""

    def __init__(self, parent: RdflibBackend, snapshot: Snapshot) -> None:
        graph = Graph(store=_context_store(parent), identifier=URIRef(snapshot.graph))
        RdflibBackend.__init__(self, parent.spec, graph)
        self.snapshot, self.parent_name = snapshot, parent.name


class RemoteSnapshot(SnapshotBackend, RemoteBackend):
    """One named graph of a SPARQL server, queried as the default graph."""

    def __init__(self, parent: RemoteBackend, snapshot: Snapshot) -> None:
        RemoteBackend.__init__(self, replace(parent.spec, graph=snapshot.graph))
        self.snapshot, self.parent_name = snapshot, parent.name


def snapshot_backend(backend: Backend, date: datetime.date) -> SnapshotBackend:
    """A read-only backend whose data are the snapshot of ``date`` in ``backend``'s store."""
    snapshot = Snapshot(date, snapshot_graph(backend, date))
    if isinstance(backend, OxigraphBackend):
        return OxigraphSnapshot(backend, snapshot)
    if isinstance(backend, RemoteBackend):
        return RemoteSnapshot(backend, snapshot)
    if isinstance(backend, RdflibBackend):
        return RdflibSnapshot(backend, snapshot)
    raise StoreError(f"{backend.name} keeps no snapshots")  # pragma: no cover


def _write(backend: Backend, snapshot: Snapshot, scratch: KnowledgeGraph) -> int:
    """Write the data of ``scratch`` (an Oxigraph store in memory) and the snapshot's date into
    the snapshot's graph; return how many triples were written."""
    graph = URIRef(snapshot.graph)
    stamp = (graph, PROV.generatedAtTime,
             Literal(f"{snapshot.date.isoformat()}T00:00:00", datatype=XSD.dateTime))
    source: Any = scratch.backend
    if isinstance(backend, OxigraphBackend) and isinstance(source, OxigraphBackend):
        ox = backend._module
        name = ox.NamedNode(snapshot.graph)
        quads = [ox.Quad(q.subject, q.predicate, q.object, name)
                 for q in source.ox.quads_for_pattern(None, None, None, ox.DefaultGraph())]
        quads.append(ox.Quad(name, ox.NamedNode(str(stamp[1])),
                             ox.Literal(str(stamp[2]), datatype=ox.NamedNode(str(XSD.dateTime))),
                             name))
        before = sum(1 for _ in backend.ox.quads_for_pattern(None, None, None, name))
        if backend.persistent:
            backend.ox.bulk_extend(quads)  # written to disk in sorted runs
        else:
            backend.ox.extend(quads)
        return sum(1 for _ in backend.ox.quads_for_pattern(None, None, None, name)) - before
    if isinstance(backend, RemoteBackend):
        backend._require_update()
        triples = [*scratch.graph, stamp]
        return backend.endpoint.upload(triples, snapshot.graph)
    target = Graph(store=_context_store(backend), identifier=graph)
    before = len(target)
    target += scratch.graph
    target.add(stamp)
    return len(target) - before


def _add_table(kg: KnowledgeGraph, scratch: KnowledgeGraph, opened: InputFile,
               kind: str) -> None:
    """Import a spreadsheet export into ``scratch``, its job titles matched to the roles of
    ``kg`` (the store's, not the empty scratch's); a pipe's bytes through a temporary file."""
    import tempfile
    from pathlib import Path

    from pmograph._importers.files import import_stream
    from pmograph._store.mapping import map_to_org

    def add(path: Path) -> None:
        _, stream = import_stream([path], roles=kg, progress=kg.progress)
        with stream:
            scratch.backend.add_stream(stream, source=opened.name)

    if opened.regular and opened.path is not None and opened.path.suffix.lower() == f".{kind}":
        add(opened.path)
    else:
        with tempfile.TemporaryDirectory(prefix="pmograph-") as folder:
            spooled = Path(folder) / f"{Path(opened.name).name or 'stdin'}.{kind}"
            spooled.write_bytes(opened.read())
            add(spooled)
    map_to_org(scratch.graph)
    scratch.changed()


def _prefix(backend: Backend) -> str:
    return f"{backend.spec.graph}/snapshot/"


def _context_store(backend: Backend) -> Any:
    store = backend.graph.store
    if not store.context_aware:
        raise StoreError(f"the rdflib store of {backend.name} keeps no named graphs "
                         f"({type(store).__name__}); snapshots need one, such as rdflib's "
                         "Memory store")
    return store
