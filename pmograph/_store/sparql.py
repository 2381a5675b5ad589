"""SPARQL: the shipped ``.rq`` queries, the safety check, and running with bindings.

A query is checked before it reaches any store, and the checked text is the text that runs
(:mod:`.query_guard`): whatever would reach a URL or a file (``SERVICE``, ``LOAD``,
``FROM``, ``USING``, ``WITH`` ...) is refused unless the caller passes ``allow_network=True``;
update requests (``INSERT``, ``LOAD`` ...) unless ``allow_update=True`` (DESIGN.md §6).
Values reach a query only as bindings.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pmograph._errors import QueryError
from pmograph._resources import query_files
from pmograph._store.query_guard import check_query, normalise

if TYPE_CHECKING:  # rdflib's SPARQL parser loads on the first user query, not with the store
    from rdflib.plugins.sparql.sparql import Query

_HEADER = re.compile(r"^#\s*(title|question|description|param)\s*:\s*(.*?)\s*$", re.I)
_QUERY_START = re.compile(
    r"^\s*(PREFIX|BASE|SELECT|ASK|CONSTRUCT|DESCRIBE|INSERT|DELETE|LOAD|CLEAR|DROP|CREATE|ADD|MOVE"
    r"|COPY|WITH)\b", re.I | re.M)


@dataclass(frozen=True)
class ShippedQuery:
    """A named SPARQL query shipped with pmograph (``pmograph/queries/NAME.rq``)."""

    name: str
    text: str
    title: str = ""
    question: str = ""
    description: str = ""
    params: tuple[str, ...] = field(default_factory=tuple)

    @classmethod
    def from_text(cls, name: str, text: str) -> ShippedQuery:
        """Read the ``# title:``/``# question:``/``# description:``/``# param:`` header."""
        meta: dict[str, str] = {}
        params: list[str] = []
        for line in text.splitlines():
            match = _HEADER.match(line)
            if match:
                key, value = match.group(1).lower(), match.group(2)
                if key == "param":
                    params.append(value)
                else:
                    meta.setdefault(key, value)
            elif line.strip() and not line.lstrip().startswith("#"):
                break
        return cls(name=name, text=text, title=meta.get("title", name),
                   question=meta.get("question", ""), description=meta.get("description", ""),
                   params=tuple(params))


@cache
def _shipped() -> dict[str, ShippedQuery]:
    return {f.name[:-3]: ShippedQuery.from_text(f.name[:-3], f.read_text(encoding="utf-8"))
            for f in query_files("queries")}


def list_queries() -> list[ShippedQuery]:
    """The shipped named queries, sorted by name.

    Examples
    --------
    >>> names = [q.name for q in list_queries()]
    >>> "who-is-the-boss-of-a-project-manager" in names
    True
    """
    return list(_shipped().values())


def internal_query(name: str) -> str:
    """Text of a query pmograph itself runs (``pmograph/queries/internal/NAME.rq``)."""
    return _internal()[name]


@cache
def _internal() -> dict[str, str]:
    return {f.name[:-3]: f.read_text(encoding="utf-8") for f in query_files("queries/internal")}


def query_text(query: str) -> str:
    """Find the SPARQL text for ``query``: a file path, else a shipped name, else SPARQL text.

    Raises :class:`QueryError` naming the available queries when ``query`` is none of these.
    """
    shipped = _shipped()
    candidate = query.strip()
    if candidate in shipped:
        return shipped[candidate].text
    if "\n" not in candidate and len(candidate) < 4096:
        path = Path(candidate)
        if path.suffix.lower() in {".rq", ".sparql", ".ru"} or _is_file(path):
            try:
                return path.read_text(encoding="utf-8")
            except FileNotFoundError:
                raise QueryError(f"{candidate}: no such query file") from None
            except (OSError, UnicodeDecodeError) as err:
                raise QueryError(f"{candidate}: cannot read the query file: {err}") from err
    if _QUERY_START.search(_expanded(candidate)) or re.search(r"\{", candidate):
        return query
    available = ", ".join(shipped) or "(none)"
    raise QueryError(f"no query named {candidate!r} and it is not SPARQL text or a file. "
                     f"Shipped queries: {available}")


def _expanded(text: str) -> str:
    """``text`` with its escapes expanded, or as it is if it has none that expand cleanly."""
    try:
        return normalise(text)
    except QueryError:
        return text


def _is_file(path: Path) -> bool:
    try:
        return path.is_file()
    except OSError:  # e.g. a long query text is not a valid file name
        return False


def prepare(text: str, *, allow_network: bool = False, allow_update: bool = False,
            namespaces: dict[str, Any] | None = None) -> Query | str:
    """Check ``text`` with the query guard; return rdflib's prepared query, or for an update
    that ``allow_update`` admits, its normalised text (:func:`.query_guard.check_query`).

    Examples
    --------
    >>> prepare("INSERT DATA { <urn:a> <urn:b> '\\u0041' }", allow_update=True)
    "INSERT DATA { <urn:a> <urn:b> 'A' }"
    """
    checked = check_query(text, allow_network=allow_network, allow_update=allow_update,
                          namespaces=namespaces)
    return checked.text if checked.query is None else checked.query
