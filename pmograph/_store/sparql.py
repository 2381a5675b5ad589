"""SPARQL: the shipped ``.rq`` queries, the safety check, and running with bindings.

A query is checked before it reaches any store: ``SERVICE`` and ``FROM``/``FROM NAMED`` would
make rdflib open URLs or files, so they are refused unless the caller passes
``allow_network=True``; update requests (``INSERT``, ``LOAD`` ...) are refused by ``query``
unless ``allow_update=True`` (DESIGN.md §6).  Values reach a query only as bindings.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pmograph._errors import QueryError, UnsafeQueryError
from pmograph._resources import query_files

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
    if _QUERY_START.search(candidate) or re.search(r"\{", candidate):
        return query
    available = ", ".join(shipped) or "(none)"
    raise QueryError(f"no query named {candidate!r} and it is not SPARQL text or a file. "
                     f"Shipped queries: {available}")


def _is_file(path: Path) -> bool:
    try:
        return path.is_file()
    except OSError:  # e.g. a long query text is not a valid file name
        return False


def prepare(text: str, *, allow_network: bool = False, allow_update: bool = False,
            namespaces: dict[str, Any] | None = None) -> Query | str:
    """Parse ``text`` and check it against the safety rules.

    Returns the prepared query, or the text itself for an update that ``allow_update`` admits.
    """
    from pyparsing import ParseException
    from rdflib.plugins.sparql import prepareQuery

    try:
        prepared = prepareQuery(text, initNs=namespaces or {})
    except ParseException as query_err:
        if _is_update(text):
            if not allow_update:
                raise QueryError("this is an update request (INSERT, DELETE, LOAD, CLEAR ...); "
                                 "queries are read-only unless you pass allow_update=True "
                                 "(--allow-update)") from None
            _check_update(text, allow_network=allow_network)
            return text
        raise QueryError(f"SPARQL syntax error at line {query_err.lineno}, column "
                         f"{query_err.col}: {query_err.msg}") from query_err
    except Exception as err:  # rdflib raises bare Exceptions for unknown prefixes
        raise QueryError(f"SPARQL error: {err}") from err
    if not allow_network:
        found = sorted(set(_node_names(prepared.algebra)) & {"ServiceGraphPattern",
                                                            "DatasetClause"})
        if found:
            what = {"ServiceGraphPattern": "SERVICE", "DatasetClause": "FROM / FROM NAMED"}
            clauses = " and ".join(what[name] for name in found)
            raise UnsafeQueryError(
                f"the query uses {clauses}, which would make pmograph fetch URLs or read files; "
                "refused by default — pass allow_network=True (--allow-network) if you trust it")
    return prepared


def _is_update(text: str) -> bool:
    from rdflib.plugins.sparql.parser import parseUpdate

    try:
        parseUpdate(text)
    except Exception:
        return False
    return True


def _check_update(text: str, *, allow_network: bool) -> None:
    if not allow_network and re.search(r"\b(LOAD|SERVICE)\b", text, re.I):
        raise UnsafeQueryError("the update uses LOAD or SERVICE, which would fetch URLs or read "
                               "files; refused by default — pass allow_network=True "
                               "(--allow-network) if you trust it")


def _node_names(node: object) -> Iterator[str]:
    from rdflib.plugins.sparql.parserutils import CompValue

    if isinstance(node, CompValue):
        yield node.name
        for value in node.values():
            yield from _node_names(value)
    elif isinstance(node, list | tuple):
        for value in node:
            yield from _node_names(value)
