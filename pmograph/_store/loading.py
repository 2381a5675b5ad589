"""Opening a store and loading files into it: :func:`load`, the front door of the library."""

from __future__ import annotations

import contextlib
import os
from pathlib import Path

from rdflib import Graph

from pmograph._inputs import named_format
from pmograph._store.backends import Backend, RdflibBackend, RemoteBackend
from pmograph._store.graph import KnowledgeGraph, Source
from pmograph._store.oxigraph import _OPEN_STORES, OxigraphBackend
from pmograph._store.spec import StoreSpec, parse_store


def open_backend(spec: StoreSpec) -> Backend:
    """Open (creating when needed) the store ``spec`` describes.

    Examples
    --------
    >>> type(open_backend(parse_store("rdflib"))).__name__
    'RdflibBackend'
    """
    if spec.kind == "oxigraph":
        first = spec.location is not None and \
            str(Path(spec.location).resolve()) not in _OPEN_STORES
        backend = OxigraphBackend(spec)
        if first:  # opened by this process now, and locked: no loader of ours is running
            assert spec.location is not None
            remove_bulk_leftovers(spec.location)
        return backend
    if spec.kind == "remote":
        return RemoteBackend(spec)
    return RdflibBackend(spec)


def remove_bulk_leftovers(folder: str | os.PathLike[str]) -> list[Path]:
    """Remove the ``bulk-*.sst`` files an Oxigraph bulk load killed half-way (``kill -9``)
    left in a store folder; return them.

    Oxigraph writes sorted runs of a bulk load to ``bulk-*.sst`` files in the store's folder and
    moves them into the database at the end; a load that fails cleans them itself, a killed
    one cannot, and Oxigraph does not remove them when the store is next opened.  Call this
    only with the store open and locked by this process (RocksDB locks the folder), so that no
    other loader can be writing them.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> _ = (folder / "bulk-1234.sst").write_bytes(b"half a load")
    >>> [p.name for p in remove_bulk_leftovers(folder)], sorted(folder.iterdir())
    (['bulk-1234.sst'], [])
    """
    removed = []
    for leftover in sorted(Path(folder).glob("bulk-*.sst")):
        with contextlib.suppress(OSError):
            leftover.unlink()
            removed.append(leftover)
    return removed


def load(*sources: Source, catalog: bool = True, store: str | StoreSpec = "memory",
         update_url: str | None = None, auth: str | tuple[str, str] | None = None,
         timeout: float | None = None, max_bytes: int | str | None = None,
         progress: bool = False, allow_network: bool = False, format: str | None = None,
         max_input_bytes: int | None = None) -> KnowledgeGraph:
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
        Show long stages — parsing each file, and later building the whole-organisation
        views and laying out charts of this graph — as tqdm bars on standard error when it
        is a terminal, or as widgets in Jupyter; nothing elsewhere (``pmograph._progress``).
    allow_network
        Let JSON-LD files fetch a remote ``@context`` (refused by default; SECURITY.md).
    format
        The format of sources whose name does not tell it (no known suffix): a pipe such as
        a process substitution (``/dev/fd/63``), or ``"-"``, standard input.  ``ttl``,
        ``nt``, ``jsonld``, ``rdf``, ``trig``, ``nq`` or ``csv``.  A source with a known
        suffix keeps its own format.
    max_input_bytes
        Refuse a source larger than this (default: ``PMOGRAPH_MAX_INPUT_BYTES``, else 4 GiB;
        SECURITY.md).  A pipe or device is read in chunks and stopped at the limit.

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
    kg.max_input_bytes = max_input_bytes
    for source in sources:
        given = None if isinstance(source, Graph) or named_format(source) else format
        kg.add(source, allow_network=allow_network, format=given)
    return kg

