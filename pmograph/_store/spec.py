"""What ``--store`` means: the one place the kind of store is decided.

``STORE`` is ``memory`` (Oxigraph in memory, the default), ``rdflib`` (rdflib's own in-memory
store, pure Python), ``oxigraph:PATH`` (a persistent Oxigraph store in folder PATH, reopened
without re-parsing; plain ``oxigraph`` is Oxigraph in memory) or an ``http(s)://…`` SPARQL
query URL.  Everything else asks :attr:`StoreSpec.kind`, never the spelling.

A URL may carry credentials, ``http://USER:PASSWORD@host/sparql``, read as curl reads them:
percent-decoded (``%40`` for ``@``, ``%3A`` for ``:``), taken out of the URL, and sent as HTTP
Basic credentials.  Wherever the URL is shown the password is ``***``.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal
from urllib.parse import quote, unquote, urlsplit, urlunsplit

from pmograph._errors import StoreError

#: Time in seconds one request to a remote store may take in all (connecting, sending, waiting
#: and reading the whole answer), unless ``timeout=`` or the environment says.
DEFAULT_TIMEOUT = 60.0
#: The most bytes one answer of a remote store may have, unless ``max_bytes=`` or the
#: environment says.
DEFAULT_MAX_BYTES = 256 << 20
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
    >>> spec = parse_store("http://dba:s3%3Acret@127.0.0.1:8890/sparql")
    >>> spec.location, spec.auth, spec.name
    ('http://127.0.0.1:8890/sparql', ('dba', 's3:cret'), 'http://dba:***@127.0.0.1:8890/sparql')
    >>> "s3" in repr(spec)
    False
    """

    kind: StoreKind
    location: str | None = None
    update_url: str | None = None
    auth: tuple[str, str] | None = field(default=None, repr=False)
    timeout: float = DEFAULT_TIMEOUT
    graph: str = DATA_GRAPH
    max_bytes: int = DEFAULT_MAX_BYTES
    #: The credentials came from ``user:password@`` in a URL: sent up front as HTTP Basic.
    auth_in_url: bool = False

    @property
    def name(self) -> str:
        """How the store is written on the command line (a password as ``***``)."""
        if self.kind == "oxigraph":
            return f"oxigraph:{self.location}" if self.location else "memory"
        if self.kind == "remote" and self.location:
            return with_user(self.location, self.auth[0] if self.auth and self.auth_in_url
                             else None)
        return self.kind

    @property
    def persistent(self) -> bool:
        """Whether the data outlive the process (a folder or a server)."""
        return self.kind == "remote" or (self.kind == "oxigraph" and self.location is not None)


def parse_store(store: str | StoreSpec, *, update_url: str | None = None,
                auth: str | tuple[str, str] | None = None, timeout: float | None = None,
                graph: str | None = None, max_bytes: int | str | None = None) -> StoreSpec:
    """Read a ``STORE`` value; credentials and limits fall back to the environment.

    Credentials come from ``auth`` (``"USER:PASSWORD"``), else from ``USER:PASSWORD@`` in the
    query or update URL (``USER@`` alone takes the password from
    ``PMOGRAPH_SPARQL_PASSWORD``), else from ``PMOGRAPH_SPARQL_USER``/``_PASSWORD``.
    ``PMOGRAPH_SPARQL_TIMEOUT`` gives the time in seconds one request may take in all, and
    ``PMOGRAPH_SPARQL_MAX_BYTES`` the most bytes one answer may have (``512M``, ``1G`` ...).

    Examples
    --------
    >>> parse_store("rdflib").name
    'rdflib'
    >>> parse_store("ftp://ann:secret@example.org")
    Traceback (most recent call last):
    ...
    pmograph._errors.StoreError: unknown store 'ftp://ann:***@example.org': use memory, \
rdflib, oxigraph:PATH or an http(s):// SPARQL query URL
    >>> parse_store("https://example.org/sparql", max_bytes="1G").max_bytes
    1073741824
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
    if text.lower().startswith(("http://", "https://")):
        location, in_query = split_credentials(text)
        update, in_update = split_credentials(update_url) if update_url else (None, None)
        if in_query and in_update and in_query != in_update:
            raise StoreError("the query URL and the update URL carry different credentials; "
                             "give them once (in one URL, or with --auth USER:PASSWORD)")
        explicit = _credentials(auth)
        from_url = None if explicit else in_query or in_update
        return StoreSpec("remote", location, update_url=update,
                         auth=explicit or from_url or _environment_credentials(),
                         timeout=_timeout(timeout), graph=graph or DATA_GRAPH,
                         max_bytes=_max_bytes(max_bytes), auth_in_url=from_url is not None)
    raise StoreError(f"unknown store {redact_url(store)!r}: use memory, rdflib, oxigraph:PATH "
                     "or an http(s):// SPARQL query URL")


def split_credentials(url: str) -> tuple[str, tuple[str, str] | None]:
    """``url`` without ``user:password@``, and the credentials it carried (percent-decoded).

    Examples
    --------
    >>> split_credentials("https://ann:p%40ss%3Aw0rd@example.org:8890/sparql?x=1")
    ('https://example.org:8890/sparql?x=1', ('ann', 'p@ss:w0rd'))
    >>> split_credentials("https://example.org/sparql")
    ('https://example.org/sparql', None)
    """
    try:
        parts = urlsplit(url)
        parts.port  # noqa: B018 - checks the port now, while the message can be redacted
    except ValueError as err:
        raise StoreError(f"{redact_url(url)}: not a valid URL ({redact_url(str(err))})") \
            from None
    if "@" not in parts.netloc:
        return url, None
    userinfo, _, host = parts.netloc.rpartition("@")
    user, colon, password = userinfo.partition(":")
    if not user:
        raise StoreError(f"{redact_url(url)}: no user name before the password; write "
                         "http(s)://USER:PASSWORD@host/…")
    secret = unquote(password) if colon else os.environ.get("PMOGRAPH_SPARQL_PASSWORD", "")
    return urlunsplit(parts._replace(netloc=host)), (unquote(user), secret)


def with_user(url: str, user: str | None) -> str:
    """``url`` as messages show it: ``user:***@`` in it when a user is given.

    Examples
    --------
    >>> with_user("http://127.0.0.1/sparql", "ann@corp")
    'http://ann%40corp:***@127.0.0.1/sparql'
    """
    if user is None:
        return url
    scheme, _, rest = url.partition("://")
    return f"{scheme}://{quote(user, safe='')}:***@{rest}"


_USERINFO = re.compile(r"(?P<start>//[^/?#@\s:]*):[^/?#\s]*@")


def redact_url(text: str) -> str:
    """``text`` with the password of every ``scheme://user:password@`` in it as ``***``.

    Examples
    --------
    >>> redact_url("at http://ann:pw@host/x and https://bob:p%2Fq@h:1/")
    'at http://ann:***@host/x and https://bob:***@h:1/'
    """
    return _USERINFO.sub(r"\g<start>:***@", text)


def _credentials(auth: str | tuple[str, str] | None) -> tuple[str, str] | None:
    if isinstance(auth, tuple):
        return auth
    if auth:
        user, colon, password = auth.partition(":")
        if not colon or not user:
            raise StoreError("--auth takes USER:PASSWORD")
        return user, password
    return None


def _environment_credentials() -> tuple[str, str] | None:
    env_user = os.environ.get("PMOGRAPH_SPARQL_USER")
    return (env_user, os.environ.get("PMOGRAPH_SPARQL_PASSWORD", "")) if env_user else None


def _timeout(timeout: float | None) -> float:
    text = os.environ.get("PMOGRAPH_SPARQL_TIMEOUT", "") if timeout is None else str(timeout)
    try:
        seconds = float(text) if text else DEFAULT_TIMEOUT
    except ValueError:
        seconds = -1.0
    if not seconds > 0:  # NaN too
        source = "timeout" if timeout is not None else "PMOGRAPH_SPARQL_TIMEOUT"
        raise StoreError(f"{source} must be a number of seconds above 0, not {text!r}")
    return seconds


_UNITS = {"": 1, "K": 1 << 10, "M": 1 << 20, "G": 1 << 30}


def _max_bytes(max_bytes: int | str | None) -> int:
    source = "PMOGRAPH_SPARQL_MAX_BYTES" if max_bytes is None else "max_bytes"
    raw = str(os.environ.get("PMOGRAPH_SPARQL_MAX_BYTES", "") if max_bytes is None
              else max_bytes)
    text = raw.strip().upper().removesuffix("IB").removesuffix("B")
    if not raw.strip():
        return DEFAULT_MAX_BYTES
    number, unit = (text[:-1], text[-1]) if text and text[-1] in _UNITS else (text, "")
    if not number.isdigit() or int(number) * _UNITS[unit] < 1:
        raise StoreError(f"{source} must be a number of bytes above 0 (e.g. 268435456, 512M "
                         f"or 1G), not {raw!r}")
    return int(number) * _UNITS[unit]
