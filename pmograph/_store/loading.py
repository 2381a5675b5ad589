"""Opening a store and loading files into it: :func:`load`, the front door of the library."""

from __future__ import annotations

from pmograph._store.backends import Backend, RdflibBackend, RemoteBackend
from pmograph._store.graph import KnowledgeGraph, Source
from pmograph._store.oxigraph import OxigraphBackend
from pmograph._store.spec import StoreSpec, parse_store


def open_backend(spec: StoreSpec) -> Backend:
    """Open (creating when needed) the store ``spec`` describes.

    Examples
    --------
    >>> type(open_backend(parse_store("rdflib"))).__name__
    'RdflibBackend'
    """
    if spec.kind == "oxigraph":
        return OxigraphBackend(spec)
    if spec.kind == "remote":
        return RemoteBackend(spec)
    return RdflibBackend(spec)


def load(*sources: Source, catalog: bool = True, store: str | StoreSpec = "memory",
         update_url: str | None = None, auth: str | tuple[str, str] | None = None,
         timeout: float | None = None, max_bytes: int | str | None = None,
         progress: bool = False, allow_network: bool = False) -> KnowledgeGraph:
    """Load the bundled PMO catalog and any number of files into a :class:`KnowledgeGraph`.

    Parameters
    ----------
    *sources
        RDF files — Turtle, N-Triples, JSON-LD, RDF/XML, TriG, N-Quads, chosen by suffix —
        spreadsheet exports (``.csv``), or rdflib graphs.
    catalog
        Include the bundled vocabulary and PMO role catalog (default ``True``).
    store
        ``"memory"`` (default: Oxigraph in memory), ``"rdflib"`` (rdflib's own in-memory
        store), ``"oxigraph:PATH"`` (persistent: the catalog is loaded once per version and
        each file once per content) or an ``http(s)://`` SPARQL query URL.
    update_url, auth, timeout, max_bytes
        For a SPARQL server: its update URL, ``"USER:PASSWORD"`` (else ``USER:PASSWORD@`` in
        the URL, else the ``PMOGRAPH_SPARQL_USER``/``_PASSWORD`` environment variables), the
        time one request may take in all, in seconds (else ``PMOGRAPH_SPARQL_TIMEOUT``, else
        60), and the most bytes one answer may have (else ``PMOGRAPH_SPARQL_MAX_BYTES``, else
        256 MiB).
    progress
        Report long loads on standard error when it is a terminal.
    allow_network
        Let JSON-LD files fetch a remote ``@context`` (refused by default; SECURITY.md).

    Examples
    --------
    >>> kg = load()
    >>> len(kg) > 500
    True
    >>> len(load(catalog=False)), load(store="rdflib").store
    (0, 'rdflib')
    """
    from pmograph._progress import reporter

    spec = parse_store(store, update_url=update_url, auth=auth, timeout=timeout,
                       max_bytes=max_bytes)
    kg = KnowledgeGraph(open_backend(spec))
    if catalog and kg.backend.ensure_catalog():
        kg.changed()
    kg.progress = reporter(progress)
    for source in sources:
        kg.add(source, allow_network=allow_network)
    return kg

