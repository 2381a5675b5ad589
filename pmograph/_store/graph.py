"""Loading: the :class:`KnowledgeGraph` object and :func:`load`.

A :class:`KnowledgeGraph` is deliberately small: it holds the rdflib graph, resolves names and
runs SPARQL.  Everything else — views, algorithms, rendering, validation — is a free function
that takes it (or a view of it) as its first argument.
"""

from __future__ import annotations

import datetime
import decimal
from collections.abc import Callable, Iterable, Mapping
from functools import cache
from pathlib import Path
from typing import Any, TypeVar

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, FOAF, ORG, OWL, PROV, RDF, RDFS, SDO, SKOS, XSD
from rdflib.query import Result
from rdflib.term import Identifier

from pmograph._entities import Entity
from pmograph._errors import LoadError, QueryError, StoreError
from pmograph._names import NameIndex
from pmograph._namespace import PMO, PMOC
from pmograph._resources import catalog_files
from pmograph._store import snapshot as _snapshot
from pmograph._store.backends import Backend
from pmograph._store.mapping import map_to_org
from pmograph._store.parsing import TABULAR_SUFFIXES, parse_into, rdf_format_for
from pmograph._store.sparql import internal_query, prepare, query_text
from pmograph._store.sparql_limits import run_bounded
from pmograph._store.sparql_terms import as_variable, sparql_term, with_values_block

T = TypeVar("T")
Source = str | Path | Graph

PREFIXES: dict[str, Any] = {
    "pmo": PMO._NS, "pmoc": PMOC, "org": ORG, "skos": SKOS, "prov": PROV, "schema": SDO,
    "foaf": FOAF, "dcterms": DCTERMS, "rdf": RDF, "rdfs": RDFS, "owl": OWL, "xsd": XSD,
}
#: The same prefixes as text, as every store but memory takes them.
_PREFIX_TEXT = {prefix: str(namespace) for prefix, namespace in PREFIXES.items()}


class KnowledgeGraph:
    """An RDF graph of roles and organisations, with name resolution and SPARQL.

    Create one with :func:`load`.  ``graph`` is the underlying :class:`rdflib.Graph`; use it
    directly for anything pmograph does not wrap.

    Examples
    --------
    >>> kg = load()
    >>> kg.entity(kg.resolve("head of pmo"))["label"]
    'PMO Director'
    """

    def __init__(self, graph: Graph | None = None, *, store: str = "memory",
                 backend: Backend | None = None) -> None:
        self.graph = graph if graph is not None else Graph()
        self.store = store
        #: The Oxigraph or remote store behind :attr:`graph`; ``None`` in memory.
        self.backend = backend
        self.progress: Callable[[str], None] | None = None
        self.version = 0
        self._cache: dict[Any, Any] = {}
        for prefix, namespace in PREFIXES.items():
            self.graph.bind(prefix, namespace, override=False)

    def __len__(self) -> int:
        return len(self.graph)

    def __repr__(self) -> str:
        return f"<KnowledgeGraph store={self.store!r} triples={len(self.graph)}>"

    # ------------------------------------------------------------------ data
    def add(self, source: Source, *, allow_network: bool = False) -> int:
        """Add an RDF file (format from its suffix), a CSV export, or an rdflib graph.

        Returns the number of triples added.  Raises :class:`LoadError` (or its subclass
        :class:`ParseError`, naming the file and line) on bad input.  A JSON-LD remote
        ``@context`` is refused unless ``allow_network`` (see SECURITY.md).
        """
        if isinstance(source, Graph):
            before = len(self.graph)
            self.graph += source
            added = len(self.graph) - before
        else:
            path = Path(source)
            if path.suffix.lower() in TABULAR_SUFFIXES:
                added = self._add_table(path)
            else:
                rdf_format = rdf_format_for(path)
                if self.backend is not None and allow_network and rdf_format == "json-ld":
                    # The store's loader never fetches contexts: parse here, opted in.
                    scratch = Graph()
                    parse_into(scratch, _read_bytes(path), source=str(path),
                               rdf_format=rdf_format, allow_network=True)
                    added = self.backend.add(scratch, progress=self.progress)
                elif self.backend is not None:  # bulk loader, once per file content
                    added = self.backend.add(path, progress=self.progress)
                else:
                    added = parse_into(self.graph, _read_bytes(path), source=str(path),
                                       rdf_format=rdf_format, allow_network=allow_network)
        if added:  # nothing new (a file already in a persistent store): nothing to map
            added += map_to_org(self.graph)
        self.changed()
        return added

    def _add_table(self, path: Path) -> int:
        from pmograph._importers.common import import_files  # a spreadsheet is converted on the fly

        before = len(self.graph)
        self.graph += import_files([path], roles=self).graph
        return len(self.graph) - before

    def changed(self) -> None:
        """Tell the object its graph changed, so names and views are rebuilt when next used."""
        self.version += 1
        self._cache.clear()

    def cached(self, key: Any, build: Callable[[], T],
               snapshot: tuple[str, Callable[[T], Any], Callable[[Any], T]] | None = None) -> T:
        """Return ``build()``, computed once per state of the graph (views use this).

        With ``snapshot=(name, encode, decode)`` a persistent Oxigraph store also keeps the
        value between runs, as JSON, in its folder (``pmograph._store.snapshot``).
        """
        if key not in self._cache:
            keeper = self.backend if getattr(self.backend, "snapshot_folder", None) else None
            if snapshot is None or keeper is None:
                self._cache[key] = build()
            else:
                name, encode, decode = snapshot
                path = _snapshot.locate(keeper, name)  # type: ignore[arg-type]
                kept = _snapshot.read(path, decode) if path is not None else None
                if kept is None:
                    self._cache[key] = value = build()
                    if path is not None:  # under the state it was built from
                        _snapshot.write(keeper, path, encode(value))  # type: ignore[arg-type]
                else:
                    self._cache[key] = kept
        return self._cache[key]  # type: ignore[no-any-return]

    # ------------------------------------------------------------------ names
    @property
    def names(self) -> NameIndex:
        """The name index of the current graph."""
        return self.cached("names", lambda: NameIndex.build(self.graph),
                           ("names", NameIndex.to_json, lambda data: NameIndex.from_json(
                               data, self.graph)))

    def resolve(self, name: str, *, kinds: Iterable[str] | None = None) -> URIRef:
        """The IRI that ``name`` denotes (see :meth:`NameIndex.resolve`)."""
        return self.names.resolve(name, kinds=set(kinds) if kinds else None)

    def entity(self, iri: URIRef | str) -> Entity:
        """The JSON entity shape ``{"iri", "label", "kind"}`` of ``iri``."""
        return self.names.entity(iri)

    def label(self, iri: URIRef | str) -> str:
        """The display label of ``iri``."""
        return self.names.label(iri)

    # ------------------------------------------------------------------ SPARQL
    def query(self, query: str, /, bindings: Mapping[str, Any] | None = None, *,
              allow_network: bool = False, allow_update: bool = False,
              timeout: float | None = None, max_rows: int | None = None,
              **more_bindings: Any) -> Result:
        """Run SPARQL — a shipped query name, a ``.rq`` file, or query text — with bindings.

        Binding values may be rdflib terms, Python numbers/booleans/dates (typed literals) or
        strings, which are resolved as names.  Values never enter the query text as text:
        they are passed as ``initBindings`` on the memory store and as a validated ``VALUES``
        block elsewhere.  ``timeout`` (seconds) and ``max_rows`` bound untrusted queries.
        Rows are read before this returns, so every error is a :class:`QueryError`.

        Examples
        --------
        >>> kg = load()
        >>> rows = kg.query("SELECT ?level WHERE { ?role pmo:level ?level }",
        ...                 role="PMO Director")
        >>> [int(row.level) for row in rows] == [int(kg.graph.value(kg.resolve("PMO Director"),
        ...                                                         PMO.level))]
        True
        """
        text = query_text(query)
        values: dict[str, Identifier] = {as_variable(k): self._term(v) for k, v in {
            **(bindings or {}), **more_bindings}.items()}
        for value in values.values():
            sparql_term(value)  # the same validation on every store: no malformed IRIs
        prepared = prepare(text, allow_network=allow_network, allow_update=allow_update,
                           namespaces=PREFIXES)
        if isinstance(prepared, str):  # an admitted update
            try:
                if self.store == "memory":
                    self.graph.update(prepared, initNs=PREFIXES, initBindings=values)
                else:  # as for queries: prefixes as text, values in a VALUES block
                    if values:
                        _one_modify(prepared)
                    self.graph.update(with_values_block(prepared, values), initNs=_PREFIX_TEXT)
            except QueryError:
                raise
            except Exception as err:
                raise QueryError(f"the update failed: {err}") from err
            self.changed()
            return Result("ASK")
        def run() -> Result:
            if self.store == "memory":
                return self.graph.query(prepared, initBindings=values)
            if self.backend is not None:
                self.backend.check_query(prepared, values)
            return self.graph.query(with_values_block(text, values), initNs=_PREFIX_TEXT)

        try:
            return run_bounded(run, timeout=timeout, max_rows=max_rows)
        except (QueryError, StoreError):  # a store error says what to fix on the server
            raise
        except Exception as err:  # rdflib raises many kinds while evaluating
            raise QueryError(f"the query failed while running: {err}") from err

    def select(self, name: str, /, **bindings: Any) -> list[tuple[Identifier | None, ...]]:
        """Run one of pmograph's own queries (``queries/internal``) and return plain rows."""
        fast = getattr(self.backend, "select_rows", None)
        if fast is None:
            return [tuple(row) for row in self.query(internal_query(name), bindings)]  # type: ignore[arg-type]
        values: dict[str, Identifier] = {as_variable(k): self._term(v)
                                         for k, v in bindings.items()}
        return fast(with_values_block(internal_query(name), values),  # type: ignore[no-any-return]
                    _PREFIX_TEXT)

    def _term(self, value: Any) -> Identifier:
        if isinstance(value, URIRef | Literal):
            return value
        if isinstance(value, bool | int | float | decimal.Decimal | datetime.date):
            return Literal(value)
        if isinstance(value, str):
            return self.resolve(value)
        raise QueryError(f"cannot bind a value of type {type(value).__name__}; pass an rdflib "
                         "term, a number, a date or a name")


def _one_modify(update: str) -> None:
    """Refuse bindings for an update that a ``VALUES`` block cannot bind as a whole.

    Outside memory, values reach SPARQL as a ``VALUES`` block in the ``WHERE`` group; an update
    of several operations would get it in the first one only, and ``INSERT DATA`` or
    ``DELETE WHERE`` have no such group.
    """
    from rdflib.plugins.sparql.parser import parseUpdate

    operations = [operation.name for operation in parseUpdate(update).request]
    if operations != ["Modify"]:
        raise QueryError(
            "bindings in an update are supported here only for one DELETE/INSERT ... WHERE "
            f"operation (this update has: {', '.join(operations) or 'none'}); split it, or "
            "write the values into the update yourself")


def _read_bytes(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except FileNotFoundError:
        raise LoadError(f"{path}: no such file") from None
    except IsADirectoryError:
        raise LoadError(f"{path}: is a folder; name the RDF files inside it") from None
    except OSError as err:
        raise LoadError(f"{path}: cannot read the file: {err.strerror}") from err


@cache
def _catalog_graph() -> Graph:
    """The bundled vocabulary and catalog, parsed once per process."""
    graph = Graph()
    for item in catalog_files():
        parse_into(graph, item.read_bytes(), source=f"<bundled {item.name}>",
                   rdf_format="turtle")
    return graph


def load(*sources: Source, catalog: bool = True, store: str = "memory",
         update_url: str | None = None, auth: str | tuple[str, str] | None = None,
         timeout: float | None = None, progress: bool = False,
         allow_network: bool = False) -> KnowledgeGraph:
    """Load the bundled PMO catalog and any number of files into a :class:`KnowledgeGraph`.

    Parameters
    ----------
    *sources
        RDF files — Turtle, N-Triples, JSON-LD, RDF/XML, TriG, N-Quads, chosen by suffix —
        spreadsheet exports (``.csv``), or rdflib graphs.
    catalog
        Include the bundled vocabulary and PMO role catalog (default ``True``).
    store
        ``"memory"`` (default; above ``AUTO_OXIGRAPH_BYTES`` of RDF files it becomes Oxigraph
        in memory), ``"oxigraph"``, ``"oxigraph:PATH"`` (persistent: the catalog is loaded once
        per version and each file once per content) or an ``http(s)://`` SPARQL query URL.
    update_url, auth, timeout
        For a SPARQL server: its update URL, ``"USER:PASSWORD"`` (else the
        ``PMOGRAPH_SPARQL_USER``/``_PASSWORD`` environment variables) and the request timeout
        in seconds (else ``PMOGRAPH_SPARQL_TIMEOUT``, else 60).
    progress
        Report long loads on standard error when it is a terminal.
    allow_network
        Let JSON-LD files fetch a remote ``@context`` (refused by default; SECURITY.md).

    Examples
    --------
    >>> kg = load()
    >>> len(kg) > 500
    True
    >>> load(catalog=False).graph.__len__()
    0
    """
    from pmograph._progress import reporter
    from pmograph._store.backends import choose_store, open_backend, parse_store

    spec = parse_store(choose_store(store, sources), update_url=update_url, auth=auth,
                       timeout=timeout)
    if spec.kind == "memory":
        kg = KnowledgeGraph(store="memory")
        if catalog:
            kg.add(_catalog_graph())
    else:
        backend = open_backend(spec)
        kg = KnowledgeGraph(backend.graph, store=backend.name, backend=backend)
        if catalog and backend.ensure_catalog(_catalog_graph):
            kg.changed()
    kg.progress = reporter(progress)
    for source in sources:
        kg.add(source, allow_network=allow_network)
    return kg
