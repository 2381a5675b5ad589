"""Files shipped inside the package (ontology, catalog, shapes, queries, JSON Schemas).

Read through :mod:`importlib.resources`, never through ``__file__``, so they are found the
same way in a source checkout, an installed wheel or a zip import.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from functools import cache
from importlib.resources import files
from importlib.resources.abc import Traversable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from rdflib import Graph


def _package() -> Traversable:
    return files("pmograph")


def catalog_files() -> list[Traversable]:
    """The vocabulary followed by the bundled catalog files, in a stable order."""
    ontology = _package() / "ontology"
    found = [ontology / "pmo.ttl"]
    catalog = ontology / "catalog"
    if catalog.is_dir():
        found.extend(sorted((f for f in catalog.iterdir() if f.name.endswith(".ttl")),
                            key=lambda f: f.name))
    return found


def shapes_file() -> Traversable:
    """The SHACL shapes for both data layers."""
    return _package() / "ontology" / "shapes.ttl"


def profile_files() -> dict[str, Traversable]:
    """The shipped SHACL profiles (extra rules ``validate --profile NAME`` adds), by name.

    Examples
    --------
    >>> sorted(profile_files())
    ['org-health']
    """
    folder = _package() / "ontology" / "profiles"
    if not folder.is_dir():
        return {}
    return {item.name.removesuffix(".ttl"): item for item in folder.iterdir()
            if item.name.endswith(".ttl")}


def vocabulary_file() -> Traversable:
    """The ``pmo:`` vocabulary alone."""
    return _package() / "ontology" / "pmo.ttl"


@cache
def catalog_digest() -> str:
    """A short digest of the catalog's bytes: its version for caches and persistent stores."""
    digest = hashlib.sha256()
    for item in catalog_files():
        digest.update(item.name.encode())
        digest.update(item.read_bytes())
    return digest.hexdigest()[:16]


def query_files(folder: str = "queries") -> Iterator[Traversable]:
    """The ``.rq`` files of a folder of the package, sorted by name."""
    root = _package()
    for part in folder.split("/"):
        root = root / part
    if not root.is_dir():
        return iter(())
    return iter(sorted((f for f in root.iterdir() if f.name.endswith(".rq")), key=lambda f: f.name))


def schema_text(name: str) -> str:
    """The text of a shipped JSON Schema, e.g. ``schema_text("roles")``."""
    return (_package() / "schemas" / f"{name}.schema.json").read_text(encoding="utf-8")


@cache
def catalog_graph() -> Graph:
    """The bundled vocabulary and catalog parsed by rdflib, once per process.

    Only rdflib's store, SPARQL servers and the importers' title matching need it; Oxigraph
    parses the catalog files itself.

    Examples
    --------
    >>> len(catalog_graph()) > 500
    True
    """
    from rdflib import Graph

    graph = Graph()
    for item in catalog_files():
        graph.parse(data=item.read_bytes(), format="turtle", publicID="urn:pmograph:input")
    return graph
