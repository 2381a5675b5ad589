"""What ``--store`` means: the one place the kind of store is decided.

``STORE`` is ``memory`` (Oxigraph in memory, the default), ``rdflib`` (rdflib's own in-memory
store, pure Python), ``oxigraph:PATH`` (a persistent Oxigraph store in folder PATH, reopened
without re-parsing; plain ``oxigraph`` is Oxigraph in memory) or an ``http(s)://…`` SPARQL
query URL.  Everything else asks :attr:`StoreSpec.kind`, never the spelling.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from pmograph._errors import StoreError

#: Request timeout in seconds for remote stores, unless ``timeout=`` or the environment says.
DEFAULT_TIMEOUT = 60.0
#: The named graph pmograph's data go into on a SPARQL server.
DATA_GRAPH = "https://w3id.org/pmograph/graph/data"
StoreKind = Literal["oxigraph", "rdflib", "remote"]


@dataclass(frozen=True)
class StoreSpec:
    """A parsed ``--store`` value with its connection settings.

    ``kind`` is ``"oxigraph"`` (in memory when ``location`` is ``None``), ``"rdflib"`` or
    ``"remote"``.

    Examples
    --------
    >>> parse_store("oxigraph:/data/org").kind, parse_store("oxigraph:/data/org").location
    ('oxigraph', '/data/org')
    >>> parse_store("memory").kind, parse_store("memory").location, parse_store("memory").name
    ('oxigraph', None, 'memory')
    >>> spec = parse_store("http://127.0.0.1:8890/sparql", auth="dba:s3:cret", timeout=5)
    >>> spec.kind, spec.update_url, spec.auth, spec.timeout
    ('remote', None, ('dba', 's3:cret'), 5.0)
    """

    kind: StoreKind
    location: str | None = None
    update_url: str | None = None
    auth: tuple[str, str] | None = None
    timeout: float = DEFAULT_TIMEOUT
    graph: str = DATA_GRAPH

    @property
    def name(self) -> str:
        """How the store is written on the command line."""
        if self.kind == "oxigraph":
            return f"oxigraph:{self.location}" if self.location else "memory"
        return self.location if self.kind == "remote" and self.location else self.kind

    @property
    def persistent(self) -> bool:
        """Whether the data outlive the process (a folder or a server)."""
        return self.kind == "remote" or (self.kind == "oxigraph" and self.location is not None)


def parse_store(store: str | StoreSpec, *, update_url: str | None = None,
                auth: str | tuple[str, str] | None = None, timeout: float | None = None,
                graph: str | None = None) -> StoreSpec:
    """Read a ``STORE`` value; credentials and timeout fall back to the environment.

    ``PMOGRAPH_SPARQL_USER``/``PMOGRAPH_SPARQL_PASSWORD`` give credentials and
    ``PMOGRAPH_SPARQL_TIMEOUT`` the request timeout in seconds.

    Examples
    --------
    >>> parse_store("rdflib").name
    'rdflib'
    >>> parse_store("ftp://example.org")
    Traceback (most recent call last):
    ...
    pmograph._errors.StoreError: unknown store 'ftp://example.org': use memory, rdflib, \
oxigraph:PATH or an http(s):// SPARQL query URL
    """
    if isinstance(store, StoreSpec):
        return store
    text = store.strip()
    if text in ("memory", "oxigraph"):
        return StoreSpec("oxigraph")
    if text == "rdflib":
        return StoreSpec("rdflib")
    if text.startswith("oxigraph:"):
        location = text.partition(":")[2]
        return StoreSpec("oxigraph", str(Path(location).expanduser()) if location else None)
    if text.startswith(("http://", "https://")):
        return StoreSpec("remote", text, update_url=update_url, auth=_credentials(auth),
                         timeout=_timeout(timeout), graph=graph or DATA_GRAPH)
    raise StoreError(f"unknown store {store!r}: use memory, rdflib, oxigraph:PATH or an "
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
