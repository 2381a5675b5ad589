"""Where the graph lives: in memory, in an embedded Oxigraph store, or on a SPARQL server.

``STORE`` is ``memory`` (rdflib's in-memory graph, the default), ``oxigraph`` (Oxigraph in
memory), ``oxigraph:PATH`` (a persistent Oxigraph store in folder PATH, reopened without
re-parsing) or an ``http(s)://…`` SPARQL query URL.  The non-memory stores are *backends*: they
wrap an rdflib :class:`~rdflib.Graph` (so everything else in pmograph works unchanged) and add
what rdflib cannot do well there — bulk loading through Oxigraph's own parser, chunked uploads
to a server, and bookkeeping, so that the bundled catalog is loaded once per catalog version
and every data file once per content (a SHA-256 of its bytes), however often a command runs.

The data sit in one graph: the default graph of an Oxigraph store, and a named graph (default
:data:`DATA_GRAPH`) on a server, where every query is sent with ``default-graph-uri`` so that
Virtuoso's union default graph (system graphs included) never leaks in.  Beside it, a *record*
graph keeps a copy of the catalog (so a new version can replace the old one) and a *meta* graph
the bookkeeping; neither is visible to queries.

Loading in memory switches to Oxigraph by itself once the RDF files add up to
:data:`AUTO_OXIGRAPH_BYTES` (when the ``oxigraph`` extra is installed): rdflib's parser needs
about 20 s and 1 GiB for 100,000 posts; Oxigraph's about 2 s and a third of the memory.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from importlib.resources import files
from pathlib import Path
from typing import Any

from rdflib import Graph, Literal, URIRef

from pmograph._errors import LoadError, QueryError, StoreError
from pmograph._store.parsing import parse_into, rdf_format_for

#: Request timeout in seconds for remote stores, unless ``timeout=`` or the environment says.
DEFAULT_TIMEOUT = 60.0
#: In-memory loads of at least this many bytes of RDF use Oxigraph (see the module docstring).
AUTO_OXIGRAPH_BYTES = 48 * 1024 * 1024
#: The named graph pmograph's data go into on a SPARQL server.
DATA_GRAPH = "https://w3id.org/pmograph/graph/data"
_STORE_NS = "https://w3id.org/pmograph/store#"
CATALOG_VERSION = URIRef(_STORE_NS + "catalogVersion")
LOADED_CONTENT = URIRef(_STORE_NS + "loadedContent")
GENERATION = URIRef(_STORE_NS + "generation")
Progress = Callable[[str], None]


@dataclass(frozen=True)
class StoreSpec:
    """A parsed ``--store`` value with its connection settings.

    Examples
    --------
    >>> parse_store("oxigraph:/data/org").kind, parse_store("oxigraph:/data/org").location
    ('oxigraph', '/data/org')
    >>> spec = parse_store("http://127.0.0.1:8890/sparql", auth="dba:s3:cret", timeout=5)
    >>> spec.kind, spec.update_url, spec.auth, spec.timeout
    ('remote', None, ('dba', 's3:cret'), 5.0)
    """

    kind: str
    location: str | None = None
    update_url: str | None = None
    auth: tuple[str, str] | None = None
    timeout: float = DEFAULT_TIMEOUT
    graph: str = DATA_GRAPH

    @property
    def name(self) -> str:
        """How the store is written on the command line."""
        if self.kind == "oxigraph" and self.location:
            return f"oxigraph:{self.location}"
        return self.location if self.kind == "remote" and self.location else self.kind


def parse_store(store: str | StoreSpec, *, update_url: str | None = None,
                auth: str | tuple[str, str] | None = None, timeout: float | None = None,
                graph: str | None = None) -> StoreSpec:
    """Read a ``STORE`` value; credentials and timeout fall back to the environment.

    ``PMOGRAPH_SPARQL_USER``/``PMOGRAPH_SPARQL_PASSWORD`` give credentials and
    ``PMOGRAPH_SPARQL_TIMEOUT`` the request timeout in seconds.

    Examples
    --------
    >>> parse_store("memory").name
    'memory'
    >>> parse_store("ftp://example.org")
    Traceback (most recent call last):
    ...
    pmograph._errors.StoreError: unknown store 'ftp://example.org': use memory, oxigraph, \
oxigraph:PATH or an http(s):// SPARQL query URL
    """
    if isinstance(store, StoreSpec):
        return store
    text = store.strip()
    if text == "memory":
        return StoreSpec("memory")
    if text == "oxigraph" or text.startswith("oxigraph:"):
        location = text.partition(":")[2] or None
        return StoreSpec("oxigraph", str(Path(location).expanduser()) if location else None)
    if text.startswith(("http://", "https://")):
        return StoreSpec("remote", text, update_url=update_url, auth=_credentials(auth),
                         timeout=_timeout(timeout), graph=graph or DATA_GRAPH)
    raise StoreError(f"unknown store {store!r}: use memory, oxigraph, oxigraph:PATH or an "
                     "http(s):// SPARQL query URL")


def _credentials(auth: str | tuple[str, str] | None) -> tuple[str, str] | None:
    if isinstance(auth, tuple):
        return auth
    if auth:
        user, colon, password = auth.partition(":")
        if not colon or not user:
            raise StoreError("--auth takes USER:PASSWORD")
        return user, password
    env_user = os.environ.get("PMOGRAPH_SPARQL_USER")
    return (env_user, os.environ.get("PMOGRAPH_SPARQL_PASSWORD", "")) if env_user else None


def _timeout(timeout: float | None) -> float:
    if timeout is not None:
        return float(timeout)
    text = os.environ.get("PMOGRAPH_SPARQL_TIMEOUT", "")
    try:
        return float(text) if text else DEFAULT_TIMEOUT
    except ValueError:
        raise StoreError(f"PMOGRAPH_SPARQL_TIMEOUT must be a number of seconds, not {text!r}") \
            from None


def choose_store(store: str | StoreSpec, sources: Iterable[Any]) -> str | StoreSpec:
    """``store``, except that a big in-memory load becomes ``oxigraph`` (when installed)."""
    if store != "memory":
        return store
    size = 0
    for source in sources:
        if isinstance(source, str | Path) and Path(source).suffix.lower() != ".csv":
            try:
                size += Path(source).stat().st_size
            except OSError:
                continue
    return "oxigraph" if size >= AUTO_OXIGRAPH_BYTES and _has_oxigraph() else store


def _has_oxigraph() -> bool:
    try:
        import oxrdflib  # noqa: F401
        import pyoxigraph  # noqa: F401
    except ImportError:
        return False
    return True


def open_backend(spec: StoreSpec) -> Backend:
    """Open (creating when needed) the store ``spec`` describes."""
    if spec.kind == "oxigraph":
        from pmograph._store.oxigraph import OxigraphBackend

        return OxigraphBackend(spec)
    if spec.kind == "remote":
        return RemoteBackend(spec)
    raise StoreError(f"the {spec.kind} store needs no backend")


def content_digest(path: Path) -> str:
    """``sha256:…`` of a file's bytes: a data file is loaded once per content."""
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return "sha256:" + digest.hexdigest()


class Backend:
    """A store other than memory: an rdflib :attr:`graph` plus loading and bookkeeping."""

    spec: StoreSpec
    graph: Graph
    persistent: bool = True

    @property
    def name(self) -> str:
        return self.spec.name

    def add(self, source: Path | Graph, *, progress: Progress | None = None) -> int:
        """Add a file (skipped when its content is already in the store) or a graph."""
        if isinstance(source, Graph):
            return self._add_graph(source)
        if not source.is_file():
            raise LoadError(f"{source}: " + ("is a folder; name the RDF files inside it"
                                             if source.is_dir() else "no such file"))
        digest = content_digest(source) if self.persistent else None
        if digest is not None and digest in self.metadata().get(LOADED_CONTENT, set()):
            if progress:
                progress(f"{source}: already in the store, not loaded again")
            return 0
        if progress:
            progress(f"loading {source} ({source.stat().st_size / 1e6:.1f} MB) ...")
        added = self._add_file(source, rdf_format_for(source), progress)
        if digest is not None:
            self._remember(LOADED_CONTENT, digest)
        if progress:
            progress(f"loaded {source}: {added:,} triples")
        return added

    def ensure_catalog(self, catalog: Callable[[], Graph]) -> bool:
        """Load the bundled catalog unless this version is in already; return whether it loaded.

        ``catalog`` returns the parsed catalog (used by stores that cannot parse Turtle).
        """
        from pmograph._resources import catalog_digest, catalog_files

        version = catalog_digest()
        known = self.metadata().get(CATALOG_VERSION, set())
        if version in known:
            return False
        if known:
            self._forget_catalog(known)
        self._load_catalog(catalog, [(item.name, item.read_bytes()) for item in catalog_files()])
        self._remember(CATALOG_VERSION, version)
        return True

    def check_query(self, prepared: Any, bound: Iterable[Any]) -> None:
        """Refuse a query this store cannot answer safely (see :class:`RemoteBackend`)."""

    # The parts each backend provides.
    def metadata(self) -> dict[URIRef, set[str]]:
        raise NotImplementedError

    def _remember(self, key: URIRef, value: str) -> None:
        raise NotImplementedError

    def _add_graph(self, graph: Graph) -> int:
        raise NotImplementedError

    def _add_file(self, path: Path, rdf_format: str, progress: Progress | None) -> int:
        raise NotImplementedError

    def _forget_catalog(self, versions: set[str]) -> None:
        raise NotImplementedError

    def _load_catalog(self, catalog: Callable[[], Graph],
                      sources: list[tuple[str, bytes]]) -> None:
        raise NotImplementedError


class RemoteBackend(Backend):
    """A SPARQL 1.1 server; pmograph's data go into the named graph ``spec.graph``."""

    def __init__(self, spec: StoreSpec) -> None:
        from pmograph._store.remote import EndpointStore

        assert spec.location is not None
        self.spec = spec
        self.endpoint = EndpointStore(spec.location, spec.update_url, auth=spec.auth,
                                      timeout=spec.timeout)
        self.graph = Graph(store=self.endpoint, identifier=URIRef(spec.graph))
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

    def _bindings(self) -> dict[str, URIRef]:
        return {"data": URIRef(self.spec.graph), "record": self._record, "meta": self._meta,
                "store": URIRef(self.spec.graph)}

    def _run(self, name: str, **more: Any) -> Any:
        from pmograph._store.sparql_terms import with_values_block

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

    def _add_graph(self, graph: Graph, progress: Progress | None = None) -> int:
        self._require_update()
        total = len(graph)
        report = (lambda sent: progress(f"uploaded {sent:,} of {total:,} triples")) \
            if progress else None
        return self.endpoint.upload(graph, self.spec.graph, report)

    def _add_file(self, path: Path, rdf_format: str, progress: Progress | None) -> int:
        scratch = Graph()
        parse_into(scratch, path.read_bytes(), source=str(path), rdf_format=rdf_format)
        return self._add_graph(scratch, progress)

    def clear(self) -> None:
        """Remove everything pmograph put on the server: data, catalog record, bookkeeping."""
        for graph in (URIRef(self.spec.graph), self._record, self._meta):
            self._run("store-clear.ru", graph=graph)

    def _forget_catalog(self, versions: set[str]) -> None:
        self._run("store-forget-catalog.ru")
        for version in versions:
            self._run("store-forget.ru", property=CATALOG_VERSION, value=Literal(version))

    def _load_catalog(self, catalog: Callable[[], Graph],
                      sources: list[tuple[str, bytes]]) -> None:
        self._require_update()
        graph = catalog()
        self.endpoint.upload(graph, str(self._record))
        self.endpoint.upload(graph, self.spec.graph)


def _store_query(name: str) -> str:
    return (files("pmograph") / "queries" / "internal" / name).read_text(encoding="utf-8")
