"""The stores behind a :class:`~pmograph.KnowledgeGraph`: one backend class per kind.

Every backend wraps an rdflib :class:`~rdflib.Graph` (:attr:`Backend.graph`, the API users
hold) and adds what rdflib alone does slowly or not at all: loading files through the engine's
own parser, running pmograph's own SELECTs straight to plain strings, and bookkeeping, so that
on a persistent or remote store the bundled catalog is loaded once per catalog version and every
data file once per content (a SHA-256 of its bytes), however often a command runs.

* :class:`~pmograph._store.oxigraph.OxigraphBackend`: Oxigraph, in memory (the default) or in
  a folder.
* :class:`RdflibBackend`: rdflib's own in-memory store (``--store rdflib``), pure Python.
* :class:`RemoteBackend`: a SPARQL 1.1 server; pmograph's data go into one named graph, and
  every query is sent with ``default-graph-uri`` so Virtuoso's union default graph (system
  graphs included) never leaks in.  Beside it a *record* graph keeps a copy of the catalog (so
  a new version can replace the old one) and a *meta* graph the bookkeeping.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Iterable, Mapping
from importlib.resources import files
from pathlib import Path
from typing import Any, BinaryIO, cast

from rdflib import Graph, Literal, URIRef
from rdflib.query import Result
from rdflib.term import Identifier

from pmograph._errors import LoadError, PmographError, QueryError, StoreError
from pmograph._inputs import InputFile, input_format, open_input
from pmograph._namespace import PREFIX_TEXT
from pmograph._progress import Stage, stage
from pmograph._resources import catalog_digest, catalog_graph
from pmograph._store.datasets import DataWithNamedGraphs, uses_named_graphs
from pmograph._store.parsing import parse_into
from pmograph._store.sparql_terms import with_values_block
from pmograph._store.spec import StoreSpec

_STORE_NS = "https://w3id.org/pmograph/store#"
CATALOG_VERSION = URIRef(_STORE_NS + "catalogVersion")
LOADED_CONTENT = URIRef(_STORE_NS + "loadedContent")
Progress = Callable[[str], None]
Row = tuple[Identifier | None, ...]
StrRow = tuple[str | None, ...]


class Backend:
    """What every store offers :class:`~pmograph.KnowledgeGraph`."""

    spec: StoreSpec
    _graph: Graph

    @property
    def graph(self) -> Graph:
        """The data as an rdflib graph."""
        return self._graph

    @property
    def name(self) -> str:
        return self.spec.name

    def size(self) -> int:
        """The number of triples of data."""
        return len(self.graph)

    def prefixes(self) -> dict[str, str]:
        """Namespace prefixes: pmograph's own and those the loaded files declared."""
        found = dict(PREFIX_TEXT)
        for prefix, namespace in self.graph.namespace_manager.namespaces():
            if prefix:
                found.setdefault(prefix, str(namespace))
        return found

    @property
    def persistent(self) -> bool:
        return self.spec.persistent

    def add(self, source: Path | InputFile | Graph, *, rdf_format: str | None = None,
            progress: Progress | None = None) -> int:
        """Add a file (skipped when its content is already in a persistent store) or a graph.

        A path is opened within the input size limit (:func:`~pmograph._inputs.open_input`);
        ``rdf_format`` (an rdflib parser name) defaults to the one its suffix names.
        """
        if isinstance(source, Graph):
            return self._add_graph(source)
        opened = source if isinstance(source, InputFile) else open_input(source)
        rdf_format = rdf_format or input_format(opened.name)
        digest = opened.digest() if self.persistent else None
        if digest is not None and digest in self.metadata().get(LOADED_CONTENT, set()):
            if progress:
                progress(f"{opened.name}: already in the store, not loaded again")
            return 0
        with stage(progress, f"parsing {Path(opened.name).name}", total=opened.size,
                   unit="B") as reading:
            added = self._add_file(opened, rdf_format, reading if reading.shown else None)
            reading.note(f"{added:,} triples")
        if digest is not None:
            self._remember(LOADED_CONTENT, digest)
        return added

    def add_stream(self, stream: io.RawIOBase, *, source: str) -> int:
        """Add the N-Triples of ``stream`` (an import made as it is read), all or nothing.

        Here they are parsed into a graph, which is then added; Oxigraph loads them in one
        transaction as they come.  An error raised while the stream is read (bad input) is
        raised as it is; ``source`` names the input in other errors.
        """
        scratch = Graph()
        try:
            scratch.parse(cast(BinaryIO, stream), format="nt")
        except PmographError:
            raise
        except Exception as err:  # not expected: the importers write valid N-Triples
            raise LoadError(f"{source}: the import could not be read back: {err}") from err
        return self._add_graph(scratch)

    def ensure_catalog(self) -> bool:
        """Load the bundled catalog unless this version is in already; return whether it loaded."""
        if not self.persistent:
            self._load_catalog()
            return True
        version = catalog_digest()
        known = self.metadata().get(CATALOG_VERSION, set())
        if version in known:
            return False
        if known:
            self._forget_catalog(known)
        self._load_catalog()
        self._remember(CATALOG_VERSION, version)
        return True

    def check_query(self, prepared: Any, bound: Iterable[Any]) -> None:
        """Refuse a query this store cannot answer safely (see :class:`RemoteBackend`)."""

    # ------------------------------------------------------------------ running SPARQL
    def query(self, prepared: Any, text: str, values: Mapping[str, Identifier],
              prefixes: Mapping[str, str]) -> Result:
        """Run a checked query: values in a ``VALUES`` block, prefixes as text."""
        self.check_query(prepared, values)
        return self.graph.query(with_values_block(text, values), initNs=dict(prefixes))

    def update(self, update: str, values: Mapping[str, Identifier],
               prefixes: Mapping[str, str]) -> None:
        """Run a checked update: values in a ``VALUES`` block, prefixes as text."""
        self.graph.update(with_values_block(update, values), initNs=dict(prefixes))

    def select(self, text: str, values: Mapping[str, Identifier],
               prefixes: Mapping[str, str]) -> list[Row]:
        """A trusted SELECT's rows as rdflib terms (``None`` where unbound)."""
        return [tuple(row) for row in self.query(None, text, values, prefixes)]  # type: ignore[arg-type]

    def strings(self, text: str, values: Mapping[str, Identifier],
                prefixes: Mapping[str, str]) -> list[StrRow]:
        """A trusted SELECT's rows as plain strings: IRIs, lexical forms, blank node ids."""
        return [tuple(None if value is None else str(value) for value in row)
                for row in self.select(text, values, prefixes)]

    # ------------------------------------------------------------------ the parts of each kind
    def metadata(self) -> dict[URIRef, set[str]]:
        raise NotImplementedError

    def _remember(self, key: URIRef, value: str) -> None:
        raise NotImplementedError

    def _add_graph(self, graph: Graph) -> int:
        raise NotImplementedError

    def _add_file(self, source: InputFile, rdf_format: str, reading: Stage | None) -> int:
        """Parse ``source`` into the store; ``reading``, when someone watches, counts bytes."""
        raise NotImplementedError

    def _forget_catalog(self, versions: set[str]) -> None:
        raise NotImplementedError

    def _load_catalog(self) -> None:
        raise NotImplementedError


class RdflibBackend(Backend):
    """rdflib's own in-memory store: pure Python, rdflib's SPARQL engine and parsers.

    Examples
    --------
    >>> from pmograph._store.spec import parse_store
    >>> backend = RdflibBackend(parse_store("rdflib"))
    >>> backend.persistent, len(backend.graph)
    (False, 0)
    """

    def __init__(self, spec: StoreSpec, graph: Graph | None = None) -> None:
        self.spec = spec
        self._graph = graph if graph is not None else Graph()
        _bind(self._graph)

    def query(self, prepared: Any, text: str, values: Mapping[str, Identifier],
              prefixes: Mapping[str, str]) -> Result:
        # rdflib binds values itself (initBindings) and runs the query it parsed, unchanged.
        from pmograph._store.sparql import prepare

        if prepared is None:
            prepared = prepare(text, namespaces=dict(prefixes))
        graph = self.graph
        if uses_named_graphs(text) and graph.store.context_aware:  # GRAPH sees the snapshots
            graph = DataWithNamedGraphs(graph)
        return graph.query(prepared, initBindings=dict(values))

    def update(self, update: str, values: Mapping[str, Identifier],
               prefixes: Mapping[str, str]) -> None:
        self.graph.update(update, initNs=dict(prefixes), initBindings=dict(values))

    def select(self, text: str, values: Mapping[str, Identifier],
               prefixes: Mapping[str, str]) -> list[Row]:
        return [tuple(row) for row in self.graph.query(  # type: ignore[arg-type]
            text, initNs=dict(prefixes), initBindings=dict(values))]

    def _add_graph(self, graph: Graph) -> int:
        target = self.graph
        before = len(target)
        target += graph
        return len(target) - before

    def _add_file(self, source: InputFile, rdf_format: str, reading: Stage | None) -> int:
        before = len(self.graph)
        data = source.read()
        parse_into(self.graph, data, source=source.name, rdf_format=rdf_format,
                   base=source.base_iri)
        if reading is not None:  # rdflib parses the whole file in one call
            reading.advance(len(data))
        return len(self.graph) - before

    def _load_catalog(self) -> None:
        target = self.graph
        target += catalog_graph()


class RemoteBackend(Backend):
    """A SPARQL 1.1 server; pmograph's data go into the named graph ``spec.graph``."""

    def __init__(self, spec: StoreSpec) -> None:
        from pmograph._store.remote import EndpointStore

        assert spec.location is not None
        self.spec = spec
        self.endpoint = EndpointStore.for_spec(spec)
        self._graph = Graph(store=self.endpoint, identifier=URIRef(spec.graph))
        _bind(self._graph)
        self._record = URIRef(spec.graph + "/catalog-record")
        self._meta = URIRef(spec.graph + "/meta")

    def check_query(self, prepared: Any, bound: Iterable[Any]) -> None:
        """Refuse a transitive path (``+``, ``*``) with neither end bound.

        Virtuoso rejects some (``transitive start not given``) and runs others forever, out of
        reach of its own timeouts (``research/sparql-server.md``); the views fetch the edges
        instead and compute closures locally.
        """
        from pmograph._store.remote import unbounded_paths

        found = unbounded_paths(getattr(prepared, "algebra", None), {str(v) for v in bound})
        if found:
            raise QueryError(f"the query follows {found[0]} with neither end bound, which a "
                             "SPARQL server may run forever; bind one end (e.g. --bind), or "
                             "use pmograph's own commands, which compute closures locally")

    def query(self, prepared: Any, text: str, values: Mapping[str, Identifier],
              prefixes: Mapping[str, str]) -> Result:
        """As every store, with the snapshots beside the data as the named graphs of a query
        that reads named graphs (:mod:`pmograph._store.datasets`)."""
        if not uses_named_graphs(text):
            return super().query(prepared, text, values, prefixes)
        prefix = f"{self.spec.graph}/snapshot/"
        named = sorted({str(row[0]) for row in self._run("snapshot-list.rq",
                                                         prefix=Literal(prefix))})
        # None kept: one empty graph, so that no server shows graphs of its own instead.
        self.endpoint.named_graphs = named or [prefix]
        try:
            return super().query(prepared, text, values, prefixes)
        finally:
            self.endpoint.named_graphs = None

    def _bindings(self) -> dict[str, URIRef]:
        return {"data": URIRef(self.spec.graph), "record": self._record, "meta": self._meta,
                "store": URIRef(self.spec.graph)}

    def _run(self, name: str, **more: Any) -> Any:
        bindings = {**self._bindings(), **more}
        text = _store_query(name)
        used = {key: value for key, value in bindings.items() if f"?{key}" in text}
        if name.endswith(".ru"):
            self._require_update()
            return self.endpoint._update(with_values_block(text, used))
        return self.endpoint.run(with_values_block(text, used))

    def _require_update(self) -> None:
        if not self.endpoint.update_endpoint:
            raise StoreError(f"{self.name} is read-only for pmograph: give an update URL "
                             "(--update-url) to load data into it")

    def metadata(self) -> dict[URIRef, set[str]]:
        found: dict[URIRef, set[str]] = {}
        for row in self._run("store-metadata.rq"):
            found.setdefault(URIRef(str(row[0])), set()).add(str(row[1]))
        return found

    def _remember(self, key: URIRef, value: str) -> None:
        self._require_update()
        self.endpoint.upload([(URIRef(self.spec.graph), key, Literal(value))], str(self._meta))

    def _add_graph(self, graph: Graph, uploading: Stage | None = None) -> int:
        self._require_update()
        if uploading is None:
            return self.endpoint.upload(graph, self.spec.graph)
        uploading.restart(f"uploading to {self.name}", total=len(graph), unit="triple")
        done = [0]

        def sent(count: int) -> None:
            uploading.advance(count - done[0])
            done[0] = count

        return self.endpoint.upload(graph, self.spec.graph, sent)

    def _add_file(self, source: InputFile, rdf_format: str, reading: Stage | None) -> int:
        scratch = Graph()
        data = source.read()
        parse_into(scratch, data, source=source.name, rdf_format=rdf_format,
                   base=source.base_iri)
        if reading is not None:  # rdflib parses the whole file in one call
            reading.advance(len(data))
        return self._add_graph(scratch, reading)

    def clear(self) -> None:
        """Remove everything pmograph put on the server: data, catalog record, bookkeeping."""
        for graph in (URIRef(self.spec.graph), self._record, self._meta):
            self._run("store-clear.ru", graph=graph)

    def _forget_catalog(self, versions: set[str]) -> None:
        self._run("store-forget-catalog.ru")
        for version in versions:
            self._run("store-forget.ru", property=CATALOG_VERSION, value=Literal(version))

    def _load_catalog(self) -> None:
        self._require_update()
        graph = catalog_graph()
        self.endpoint.upload(graph, str(self._record))
        self.endpoint.upload(graph, self.spec.graph)


def _bind(graph: Graph) -> None:
    """Bind pmograph's prefixes in ``graph`` (keeping any it has for the same names)."""
    for prefix, namespace in PREFIX_TEXT.items():
        graph.bind(prefix, namespace, override=False)


def _store_query(name: str) -> str:
    return (files("pmograph") / "queries" / "internal" / name).read_text(encoding="utf-8")
