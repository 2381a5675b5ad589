"""The query guard: the text that is checked is exactly the text that runs (DESIGN.md §6).

A query from a user is checked once, and only the checked text goes on to any store:

1. **One text.**  ``\\uXXXX`` and ``\\UXXXXXXXX`` escapes are expanded once, before parsing, as
   SPARQL 1.1 §19.2 says.  Engines do not agree on this step — rdflib expands every escape
   (and reads ``\\U`` with four digits), Oxigraph only those inside strings and IRIs — so a
   text with escapes can be one query to the checker and another to the engine (the issue #19
   attack: ``"A\\u005C"`` hid a ``SERVICE`` from rdflib that Oxigraph ran).  The expanded text
   has no escapes left, so every engine reads the same characters; a text whose escapes spell
   out further escapes is refused, as is a carriage return that is not part of a CR LF line
   end (Oxigraph ends a ``#`` comment there, rdflib does not).
2. **One parser.**  rdflib parses that text (pyoxigraph exposes no syntax tree); what rdflib
   cannot parse is refused, so nothing runs that was not checked.
3. **What reaches out.**  The syntax tree and the algebra are searched for everything that can
   make an engine open a URL or a file — ``SERVICE``, ``LOAD``, ``FROM``/``FROM NAMED``,
   ``USING``/``USING NAMED``, ``WITH``, and calls to functions outside SPARQL and XSD (a
   server's extensions, such as Virtuoso's ``bif:file_to_string``) — refused unless
   ``allow_network=True``; updates are refused unless ``allow_update=True``.

:class:`CheckedQuery` carries the normalised text, and :class:`~pmograph.KnowledgeGraph`
runs that text (or rdflib's parse of it) on every store: memory, rdflib, ``oxigraph:PATH`` and
SPARQL servers.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from pmograph._errors import QueryError, UnsafeQueryError

if TYPE_CHECKING:  # rdflib's SPARQL parser loads on the first user query, not with the store
    from rdflib.plugins.sparql.sparql import Query

_CODEPOINT = re.compile(r"\\u([0-9A-Fa-f]{4})|\\U([0-9A-Fa-f]{8})")
#: Anything some engine would still expand: rdflib reads ``\U`` followed by four digits too.
_LEFTOVER = re.compile(r"\\[uU][0-9A-Fa-f]{4}")
_LONE_CR = re.compile(r"\r(?!\n)")
_XSD = "http://www.w3.org/2001/XMLSchema#"
#: Syntax-tree nodes that reach out, with the clause a user wrote.
_REACHING = {"ServiceGraphPattern": "SERVICE", "Load": "LOAD"}
_OPT_IN = ("refused by default — pass allow_network=True (--allow-network) if you trust it")


@dataclass(frozen=True)
class CheckedQuery:
    """A query that passed the guard: the text every store runs, and rdflib's parse of it.

    ``query`` is rdflib's prepared query for a query form (SELECT, ASK, CONSTRUCT, DESCRIBE)
    and ``None`` for an update, which each store parses itself from :attr:`text`.
    """

    text: str
    query: Query | None

    @property
    def is_update(self) -> bool:
        """Whether this is an update request (INSERT, DELETE, LOAD, CLEAR ...)."""
        return self.query is None


def normalise(text: str) -> str:
    """``text`` with its ``\\u``/``\\U`` escapes expanded once (SPARQL 1.1 §19.2).

    Refuses, with :class:`~pmograph.QueryError`, a text that engines would still read
    differently after that: escapes that spell out further escapes, escapes of no character,
    and carriage returns outside CR LF line ends.

    Examples
    --------
    >>> normalise(r"\\u0053ELECT * WHERE { ?s ?p 'caf\\u00E9' }")
    "SELECT * WHERE { ?s ?p 'café' }"
    >>> normalise(r"SELECT * WHERE { ?s ?p '\\u005Cu0041' }")
    Traceback (most recent call last):
    ...
    pmograph._errors.QueryError: the query's escapes leave '\\\\u0041' ...
    >>> normalise("SELECT * WHERE { # a comment\\r ?s ?p ?o }")
    Traceback (most recent call last):
    ...
    pmograph._errors.QueryError: the query has a carriage return (line 1) ...
    """

    def expand(match: re.Match[str]) -> str:
        digits = match.group(1) or match.group(2)
        code = int(digits, 16)
        if 0xD800 <= code <= 0xDFFF or code > 0x10FFFF:
            raise QueryError(f"the escape {match.group(0)!r} is not a Unicode character "
                             "(a surrogate or beyond U+10FFFF); write the character itself")
        return chr(code)

    expanded = _CODEPOINT.sub(expand, text)
    leftover = _LEFTOVER.search(expanded)
    if leftover:
        raise QueryError(
            f"the query's escapes leave {leftover.group(0)!r} after they are expanded (SPARQL "
            "1.1 §19.2 expands \\u and \\U escapes once, before parsing), or it has a \\U "
            "escape without eight hex digits; SPARQL engines read such text differently, so "
            "it is refused — write the characters themselves")
    lone = _LONE_CR.search(expanded)
    if lone:
        line = expanded.count("\n", 0, lone.start()) + 1
        raise QueryError(
            f"the query has a carriage return (line {line}) that is not part of a CR LF line "
            "end; SPARQL engines disagree on whether it ends a # comment, so it is refused — "
            "use LF or CR LF line ends (inside a string, write \\r)")
    return expanded


def check_query(text: str, *, allow_network: bool = False, allow_update: bool = False,
                namespaces: Mapping[str, Any] | None = None) -> CheckedQuery:
    """Normalise ``text``, parse it, and refuse what the caller did not allow.

    Raises :class:`~pmograph.QueryError` for a syntax error or an update without
    ``allow_update``, and :class:`~pmograph.UnsafeQueryError` for a query that would reach a
    URL or a file without ``allow_network``.

    Examples
    --------
    >>> checked = check_query(r"SELECT ?s WHERE { ?s ?p '\\u0041' }")
    >>> checked.text, checked.is_update
    ("SELECT ?s WHERE { ?s ?p 'A' }", False)
    >>> check_query(r"SELECT * WHERE { \\u0053ERVICE <http://127.0.0.1:9/> { ?s ?p ?o } }")
    Traceback (most recent call last):
    ...
    pmograph._errors.UnsafeQueryError: the query uses SERVICE, which can make a store fetch ...
    >>> check_query("INSERT { ?s ?p 1 } USING <file:///etc/x.ttl> WHERE { ?s ?p ?o }",
    ...             allow_update=True)
    Traceback (most recent call last):
    ...
    pmograph._errors.UnsafeQueryError: the update uses USING, which can make a store fetch ...
    """
    from pyparsing import ParseException
    from rdflib.plugins.sparql.algebra import translateQuery, translateUpdate
    from rdflib.plugins.sparql.parser import parseQuery, parseUpdate

    normal = normalise(text)
    prefixes = dict(namespaces or {})
    try:
        tree = parseQuery(normal)
    except ParseException as query_error:
        try:
            update = parseUpdate(normal)
        except Exception:
            raise _syntax_error(query_error, escaped=normal != text) from None
        if not allow_update:
            raise QueryError("this is an update request (INSERT, DELETE, LOAD, CLEAR ...); "
                             "queries are read-only unless you pass allow_update=True "
                             "(--allow-update)") from None
        try:
            algebra = translateUpdate(update, initNs=prefixes).algebra
        except Exception as err:  # rdflib raises bare Exceptions for unknown prefixes
            raise QueryError(f"SPARQL error: {err}") from err
        _refuse_reaching_out(update, algebra, allow_network=allow_network, kind="update")
        return CheckedQuery(normal, None)
    except Exception as err:  # deep nesting and the like
        raise QueryError(f"SPARQL error: {err}") from err
    try:
        prepared = translateQuery(tree, initNs=prefixes)
    except Exception as err:  # rdflib raises bare Exceptions for unknown prefixes
        raise QueryError(f"SPARQL error: {err}") from err
    prepared._original_args = (normal, prefixes, None)  # as rdflib's own prepareQuery does
    _refuse_reaching_out(tree, prepared.algebra, allow_network=allow_network, kind="query")
    return CheckedQuery(normal, prepared)


def _syntax_error(error: Any, *, escaped: bool) -> QueryError:
    hint = (" (\\u escapes are expanded before parsing, as SPARQL 1.1 §19.2 says: inside a "
            "string write \\\" and \\\\, not \\u0022 and \\u005C)") if escaped else ""
    return QueryError(f"SPARQL syntax error at line {error.lineno}, column {error.col}: "
                      f"{error.msg}{hint}")


def _refuse_reaching_out(tree: Any, algebra: Any, *, allow_network: bool, kind: str) -> None:
    if allow_network:
        return
    clauses, functions = reaching_out(tree, algebra)
    if clauses:
        raise UnsafeQueryError(
            f"the {kind} uses {' and '.join(clauses)}, which can make a store fetch URLs or "
            f"read local files; {_OPT_IN}")
    if functions:
        raise UnsafeQueryError(
            f"the {kind} calls {', '.join(f'<{f}>' for f in functions)}, a function that is "
            "not part of SPARQL or XSD; a SPARQL server may implement such a function by "
            f"reading files or URLs (Virtuoso's bif:file_to_string does); {_OPT_IN}")


def reaching_out(tree: Any, algebra: Any) -> tuple[list[str], list[str]]:
    """The clauses (``SERVICE``, ``FROM`` ...) and extension functions that reach out.

    ``tree`` is rdflib's syntax tree of a query or update, ``algebra`` its translation; both
    are searched, so no rewriting step can hide a clause.

    Examples
    --------
    >>> from rdflib.plugins.sparql.parser import parseQuery
    >>> from rdflib.plugins.sparql.algebra import translateQuery
    >>> tree = parseQuery("SELECT * FROM <urn:a> WHERE { BIND(<urn:f>(1) AS ?x) }")
    >>> reaching_out(tree, translateQuery(tree).algebra)
    (['FROM'], ['urn:f'])
    """
    clauses: set[str] = set()
    functions: set[str] = set()
    for node in (*_nodes(tree), *_nodes(algebra)):
        name = node.name
        if name in _REACHING:
            clauses.add(_REACHING[name])
        elif name in ("DatasetClause", "UsingClause"):
            word = "FROM" if name == "DatasetClause" else "USING"
            clauses.add(f"{word} NAMED" if _get(node, "named") is not None else word)
        elif name == "Modify" and _get(node, "withClause") is not None:
            clauses.add("WITH")
        elif name == "Function":
            iri = _get(node, "iri")
            if isinstance(iri, str) and not iri.startswith(_XSD):
                functions.add(str(iri))
    order = ["SERVICE", "LOAD", "FROM", "FROM NAMED", "USING", "USING NAMED", "WITH"]
    return [c for c in order if c in clauses], sorted(functions)


def _get(node: Any, key: str) -> Any:
    """A key of a syntax node as stored (rdflib's ``CompValue.get`` resolves variables)."""
    return dict.get(node, key)


def _nodes(root: Any) -> Iterator[Any]:
    """Every rdflib ``CompValue`` under ``root``, without recursion (queries nest deeply)."""
    from pyparsing import ParseResults
    from rdflib.plugins.sparql.parserutils import CompValue

    stack = [root]
    seen: set[int] = set()
    while stack:
        node = stack.pop()
        if id(node) in seen:
            continue
        if isinstance(node, CompValue):
            seen.add(id(node))
            yield node
            stack.extend(dict.values(node))
        elif isinstance(node, ParseResults | list | tuple):
            seen.add(id(node))
            stack.extend(node)
        elif isinstance(node, dict):
            seen.add(id(node))
            stack.extend(node.values())
