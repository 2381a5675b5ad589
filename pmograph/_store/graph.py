"""Loading: the :class:`KnowledgeGraph` object and :func:`load`.

A :class:`KnowledgeGraph` is deliberately small: it holds the graph, resolves names and runs
SPARQL.  Everything else — views, algorithms, rendering, validation — is a free function that
takes it (or a view of it) as its first argument.  Naming (resolve, labels, kinds) is its
mixin :class:`~pmograph._store.naming.EntityNames`.
"""

from __future__ import annotations

import datetime
import decimal
import re
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any, TypeVar, cast

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import Namespace
from rdflib.term import Identifier

from pmograph._errors import PmographError, QueryError, StoreError
from pmograph._inputs import InputFile, input_format, open_input
from pmograph._namespace import PREFIX_TEXT
from pmograph._store.backends import Backend, RdflibBackend, Row, StrRow
from pmograph._store.mapping import map_to_org
from pmograph._store.naming import EntityNames
from pmograph._store.query_guard import normalise
from pmograph._store.snapshots import Snapshot
from pmograph._store.sparql import internal_query, prepare, query_text
from pmograph._store.sparql_limits import run_bounded, unstoppable
from pmograph._store.sparql_terms import as_variable, sparql_term
from pmograph._store.spec import StoreSpec, parse_store
from pmograph._tables import QueryRows

T = TypeVar("T")
Source = str | Path | Graph

#: The prefixes every query may use, as rdflib namespaces.
PREFIXES: dict[str, Any] = {prefix: Namespace(iri) for prefix, iri in PREFIX_TEXT.items()}
#: Where a SPARQL variable name ends: no further name character (SPARQL 1.1 VARNAME).
_NAME_END = r"(?![\w\u00B7\u0300-\u036F\u203F-\u2040])"


class KnowledgeGraph(EntityNames):
    """An RDF graph of roles and organisations, with name resolution and SPARQL.

    Create one with :func:`load`.  ``graph`` is the underlying :class:`rdflib.Graph` (over
    Oxigraph by default); use it directly for anything pmograph does not wrap.

    Examples
    --------
    >>> from pmograph import load
    >>> kg = load()
    >>> kg.entity(kg.resolve("head of pmo"))["label"]
    'PMO Director'
    """

    def __init__(self, backend: Backend) -> None:
        self.backend = backend
        self.progress: Callable[[str], None] | None = None
        self.version = 0
        self._cache: dict[Any, Any] = {}
        self._entities: dict[str, tuple[str, str | None]] = {}
        #: The input size limit of :meth:`add` (``None``: ``PMOGRAPH_MAX_INPUT_BYTES``, else 4 GiB).
        self.max_input_bytes: int | None = None

    @property
    def graph(self) -> Graph:
        """The data as an rdflib :class:`~rdflib.Graph` (made on first use over Oxigraph)."""
        return self.backend.graph

    @classmethod
    def wrap(cls, graph: Graph) -> KnowledgeGraph:
        """A knowledge graph over an rdflib graph you already have (not copied, no catalog).

        Examples
        --------
        >>> from rdflib import Graph
        >>> KnowledgeGraph.wrap(Graph()).store
        'rdflib'
        """
        return cls(RdflibBackend(parse_store("rdflib"), graph))

    @property
    def spec(self) -> StoreSpec:
        """The store this graph lives in (its ``kind`` decides everything store-specific)."""
        return self.backend.spec

    @property
    def store(self) -> str:
        """The store as written on the command line (``memory``, ``rdflib``, ``oxigraph:PATH``
        or a URL)."""
        return self.backend.name

    def __len__(self) -> int:
        return self.backend.size()

    def __repr__(self) -> str:
        return f"<KnowledgeGraph store={self.store!r} triples={len(self)}>"

    # ------------------------------------------------------------------ data
    def add(self, source: Source, *, allow_network: bool = False, format: str | None = None,
            max_input_bytes: int | None = None) -> int:
        """Add an RDF file (format from its suffix), a CSV export, or an rdflib graph.

        Each file is parsed once, straight into the store.  Returns the number of triples
        added.  Raises :class:`LoadError` (or its subclass :class:`ParseError`, naming the
        file and line) on bad input.  A JSON-LD remote ``@context`` is refused unless
        ``allow_network`` (see SECURITY.md).

        ``format`` (``ttl``, ``nt``, ``jsonld``, ``rdf``, ``trig``, ``nq``, ``csv`` ...) wins
        over the suffix; it is needed where the name tells nothing: a pipe such as a process
        substitution (``/dev/fd/63``), or ``"-"``, standard input.  A pipe, a device or
        standard input is read once, in chunks; a named pipe with no writer waits for one.  An
        input over ``max_input_bytes`` (default :attr:`max_input_bytes`, else
        ``PMOGRAPH_MAX_INPUT_BYTES``, else 4 GiB) is refused (:mod:`pmograph._inputs`).
        """
        if isinstance(source, Graph):
            added = self.backend.add(source)
        else:
            kind = input_format(source, format)
            opened = open_input(source, max_input_bytes=max_input_bytes or self.max_input_bytes)
            if kind in ("csv", "tsv"):
                added = self._add_table(opened, kind)
            elif allow_network and kind == "json-ld":
                from pmograph._store.parsing import parse_into

                # The stores' loaders never fetch contexts: parse here, opted in.
                scratch = Graph()
                parse_into(scratch, opened.read(), source=opened.name, rdf_format="json-ld",
                           allow_network=True, base=opened.base_iri)
                added = self.backend.add(scratch)
            else:
                added = self.backend.add(opened, rdf_format=kind, progress=self.progress)
        if added:  # nothing new (a file already in a persistent store): nothing to map
            added += map_to_org(self.graph)
        self.changed()
        return added

    def _add_table(self, opened: InputFile, kind: str) -> int:
        """A spreadsheet export, imported straight into the store as its rows are read (all
        or nothing); a pipe's bytes go through a temporary file named after it, since the
        importers read files by name."""
        import tempfile

        from pmograph._importers.files import import_stream

        def add(path: Path) -> int:
            _, stream = import_stream([path], roles=self, progress=self.progress)
            with stream:
                return self.backend.add_stream(stream, source=opened.name)

        if opened.regular and opened.path is not None and \
                opened.path.suffix.lower() == f".{kind}":
            return add(opened.path)
        with tempfile.TemporaryDirectory(prefix="pmograph-") as folder:
            spooled = Path(folder) / f"{Path(opened.name).name or 'stdin'}.{kind}"
            spooled.write_bytes(opened.read())
            try:
                return add(spooled)
            except PmographError as err:  # name the pipe, not the temporary file
                err.args = tuple(str(arg).replace(str(spooled), opened.name) for arg in err.args)
                raise

    def changed(self) -> None:
        """Tell the object its graph changed, so names and views are rebuilt when next used."""
        self.version += 1
        self._cache.clear()
        self._entities.clear()

    def cached(self, key: Any, build: Callable[[], T]) -> T:
        """Return ``build()``, computed once per state of the graph (views use this)."""
        if key not in self._cache:
            self._cache[key] = build()
        return self._cache[key]  # type: ignore[no-any-return]

    def is_cached(self, key: Any) -> bool:
        """Whether :meth:`cached` holds ``key`` for the graph as it is now."""
        return key in self._cache

    # ------------------------------------------------------------------ snapshots
    def add_snapshot(self, source: Source, *, date: str | datetime.date | None = None,
                     format: str | None = None,
                     allow_network: bool = False) -> tuple[Snapshot, int]:
        """Keep ``source`` as the snapshot of ``date`` (else the file's own date): a named
        graph beside the data (:mod:`pmograph._store.snapshots`); return it and the triples
        written."""
        from pmograph._store.snapshots import add_snapshot

        return add_snapshot(self, source, date=date, format=format, allow_network=allow_network)

    def snapshots(self) -> list[Snapshot]:
        """The snapshots kept in this store (date and graph IRI), oldest first."""
        from pmograph._store.snapshots import list_snapshots

        return list_snapshots(self)

    def snapshot(self, date: str | datetime.date) -> KnowledgeGraph:
        """The snapshot of ``date`` (``"2026-03-31"``) as a read-only knowledge graph.

        Examples
        --------
        >>> from pmograph import load
        >>> kg = load(catalog=False)
        >>> _ = kg.add_snapshot("tests/data/snapshots/org-2026-03.ttl", date="2026-03-31")
        >>> [str(s.date) for s in kg.snapshots()], len(kg.snapshot("2026-03-31").strings("posts"))
        (['2026-03-31'], 11)
        """
        from pmograph._store.snapshots import open_snapshot

        return open_snapshot(self, date)

    # ------------------------------------------------------------------ SPARQL
    def query(self, query: str, /, bindings: Mapping[str, Any] | None = None, *,
              allow_network: bool = False, allow_update: bool = False,
              timeout: float | None = None, max_rows: int | None = None,
              **more_bindings: Any) -> QueryRows:
        """Run SPARQL — a shipped query name, a ``.rq`` file, or query text — with bindings.

        Binding values may be rdflib terms, Python numbers/booleans/dates (typed literals) or
        strings, which are resolved as names.  Values never enter the query text as text:
        they are passed as ``initBindings`` on the rdflib store and as a validated ``VALUES``
        block elsewhere.  ``timeout`` (seconds) and ``max_rows`` bound untrusted queries: the
        call returns on time, parsing included, with a :class:`QueryError`; an engine that
        cannot be interrupted (Oxigraph's) may go on in a background thread until it returns
        (SECURITY.md, "Time limits", says exactly what).
        Rows are read before this returns, so every error is a :class:`QueryError`.  The
        result is an rdflib :class:`~rdflib.query.Result` that also has ``to_dataframe()``
        (pandas, an optional extra: IRIs as text with their labels beside, values typed).

        Examples
        --------
        >>> from pmograph import PMO, load
        >>> kg = load()
        >>> rows = kg.query("SELECT ?level WHERE { ?role pmo:level ?level }",
        ...                 role="PMO Director")
        >>> [int(row.level) for row in rows] == [int(kg.graph.value(kg.resolve("PMO Director"),
        ...                                                         PMO.level))]
        True
        """
        if timeout is not None:  # the limit covers the whole call, parsing included
            return cast(QueryRows, run_bounded(lambda: self.query(
                query, bindings, allow_network=allow_network, allow_update=allow_update,
                max_rows=max_rows, **more_bindings), timeout=timeout))
        # Escapes expanded once: the text checked below is the text every store runs.
        text = normalise(query_text(query))
        values: dict[str, Identifier] = {as_variable(k): self._term(v) for k, v in {
            **(bindings or {}), **more_bindings}.items()}
        for value in values.values():
            sparql_term(value)  # the same validation on every store: no malformed IRIs
        unused = [name for name in values
                  if not re.search(r"[?$]" + re.escape(str(name)) + _NAME_END, text)]
        if unused:
            raise QueryError(f"the query has no variable ?{unused[0]} to bind; check the name "
                             "(variables are case-sensitive) or drop the binding")
        prepared = prepare(text, allow_network=allow_network, allow_update=allow_update,
                           namespaces=PREFIXES)
        if isinstance(prepared, str):  # an admitted update
            if values and self.spec.kind != "rdflib":
                _one_modify(prepared)
            try:
                with unstoppable():  # never half an update, whatever the time limit
                    self.backend.update(prepared, values, PREFIX_TEXT)
            except QueryError:
                raise
            except Exception as err:
                raise QueryError(f"the update failed: {err}") from err
            self.changed()
            return QueryRows("ASK")
        try:
            return QueryRows.of(run_bounded(
                lambda: self.backend.query(prepared, text, values, PREFIX_TEXT),
                max_rows=max_rows), labels=self)
        except (QueryError, StoreError):  # a store error says what to fix on the server
            raise
        except Exception as err:  # the engines raise many kinds while evaluating
            raise QueryError(f"the query failed while running: {err}") from err

    def select(self, name: str, /, **bindings: Any) -> list[Row]:
        """Rows of one of pmograph's own queries (``queries/internal``), as rdflib terms."""
        return self.backend.select(internal_query(name), self._values(bindings), PREFIX_TEXT)

    def strings(self, name: str, /, **bindings: Any) -> list[StrRow]:
        """Rows of one of pmograph's own queries as plain strings (IRIs, lexical forms)."""
        return self.backend.strings(internal_query(name), self._values(bindings), PREFIX_TEXT)

    def _values(self, bindings: Mapping[str, Any]) -> dict[str, Identifier]:
        return {as_variable(k): self._term(v) for k, v in bindings.items()}

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

    Outside the rdflib store, values reach SPARQL as a ``VALUES`` block in the ``WHERE``
    group; an update of several operations would get it in the first one only, and
    ``INSERT DATA`` or ``DELETE WHERE`` have no such group.
    """
    from rdflib.plugins.sparql.parser import parseUpdate

    operations = [operation.name for operation in parseUpdate(update).request]
    if operations != ["Modify"]:
        raise QueryError(
            "bindings in an update are supported here only for one DELETE/INSERT ... WHERE "
            f"operation (this update has: {', '.join(operations) or 'none'}); split it, or "
            "write the values into the update yourself")
