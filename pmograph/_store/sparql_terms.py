"""Writing RDF terms into SPARQL text safely, and placing a ``VALUES`` block in a query.

This is the one place where values meet query text.  It is used for stores that cannot take
bindings natively (Oxigraph through oxrdflib, remote endpoints); the in-memory store uses
rdflib's ``initBindings`` instead (DESIGN.md §6).  Every term is validated before it is
written, so no value can end a literal or an IRI early and inject query text.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from rdflib import BNode, Literal, URIRef, Variable
from rdflib.term import Node

from pmograph._errors import QueryError

_IRI_FORBIDDEN = re.compile(r'[\x00-\x20<>"{}|^`\\]')
_LANG = re.compile(r"^[A-Za-z]{1,8}(-[A-Za-z0-9]{1,8})*$")
_VARIABLE = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")
_ESCAPES = {"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r", "\t": "\\t",
            "\b": "\\b", "\f": "\\f"}


def sparql_term(term: Node) -> str:
    """Write an IRI or literal as SPARQL text.

    Examples
    --------
    >>> from rdflib import Literal, URIRef, XSD
    >>> sparql_term(URIRef("https://example.org/a"))
    '<https://example.org/a>'
    >>> print(sparql_term(Literal('say "hi"\\n} DROP ALL')))
    "say \\"hi\\"\\n} DROP ALL"
    >>> sparql_term(Literal(3))
    '"3"^^<http://www.w3.org/2001/XMLSchema#integer>'
    >>> sparql_term(URIRef("https://example.org/a> } ; DROP ALL #"))
    Traceback (most recent call last):
    ...
    pmograph._errors.QueryError: not a valid IRI for a SPARQL binding: ...
    """
    if isinstance(term, URIRef):
        return _iri(str(term))
    if isinstance(term, Literal):
        text = "".join(_ESCAPES.get(ch, ch) if ch in _ESCAPES else
                       (f"\\u{ord(ch):04X}" if ord(ch) < 0x20 or ord(ch) == 0x7F else ch)
                       for ch in str(term))
        if term.language:
            if not _LANG.match(term.language):
                raise QueryError(f"not a valid language tag: {term.language!r}")
            return f'"{text}"@{term.language}'
        if term.datatype:
            return f'"{text}"^^{_iri(str(term.datatype))}'
        return f'"{text}"'
    if isinstance(term, BNode):
        raise QueryError("a blank node cannot be bound into a query; use an IRI or a literal")
    raise QueryError(f"cannot bind a value of type {type(term).__name__} into a query")


def _iri(text: str) -> str:
    if not text or _IRI_FORBIDDEN.search(text):
        raise QueryError(f"not a valid IRI for a SPARQL binding: {text!r}")
    return f"<{text}>"


def with_values_block(query: str, bindings: Mapping[str, Node]) -> str:
    """Return ``query`` with a one-row ``VALUES`` block opening its ``WHERE`` group.

    A ``VALUES`` block at the start of the group joins with the rest of the pattern, so it
    binds the variables everywhere in the group — under ``OPTIONAL``, ``FILTER`` and
    aggregates — unlike a trailing ``VALUES`` clause after the query.

    Examples
    --------
    >>> from rdflib import URIRef
    >>> q = "SELECT ?name WHERE { ?who <http://ex.org/name> ?name }"
    >>> print(with_values_block(q, {"who": URIRef("http://ex.org/ann")}))
    SELECT ?name WHERE { VALUES (?who) { (<http://ex.org/ann>) } ?who <http://ex.org/name> ?name }
    """
    if not bindings:
        return query
    names = []
    for name in bindings:
        bare = str(name).lstrip("?$")
        if not _VARIABLE.match(bare):
            raise QueryError(f"not a valid SPARQL variable name: {name!r}")
        names.append(bare)
    row = " ".join(sparql_term(value) for value in bindings.values())
    block = "VALUES (" + " ".join(f"?{n}" for n in names) + ") { (" + row + ") } "
    position = _where_group_start(query)
    return query[:position] + " " + block + query[position:].lstrip(" ")


def _where_group_start(query: str) -> int:
    """Index just after the ``{`` that opens the query's WHERE group."""
    depth = 0
    seen_where = False
    first_top_brace: int | None = None
    i, n = 0, len(query)
    while i < n:
        ch = query[i]
        if ch == "#":
            end = query.find("\n", i)
            i = n if end < 0 else end + 1
            continue
        if ch in "\"'":
            i = _skip_string(query, i)
            continue
        if ch == "<":
            match = re.compile(r"<[^<>\"{}|^`\\\x00-\x20]*>").match(query, i)
            if match:
                i = match.end()
                continue
        if ch == "{":
            if depth == 0:
                if seen_where:
                    return i + 1
                if first_top_brace is None:
                    first_top_brace = i + 1
            depth += 1
        elif ch == "}":
            depth -= 1
        elif depth == 0 and query[i:i + 5].upper() == "WHERE" and _word_boundary(query, i, 5):
            seen_where = True
            i += 5
            continue
        i += 1
    if first_top_brace is None:
        raise QueryError("could not find the WHERE group of the query to bind values into")
    return first_top_brace


def _word_boundary(text: str, start: int, length: int) -> bool:
    before = text[start - 1] if start > 0 else " "
    after = text[start + length] if start + length < len(text) else " "
    return not (before.isalnum() or before in "_?$:") and not (after.isalnum() or after == "_")


def _skip_string(text: str, start: int) -> int:
    quote = text[start]
    if text.startswith(quote * 3, start):
        end = text.find(quote * 3, start + 3)
        while end > 0 and _escaped(text, end):
            end = text.find(quote * 3, end + 1)
        return len(text) if end < 0 else end + 3
    i = start + 1
    while i < len(text):
        if text[i] == "\\":
            i += 2
            continue
        if text[i] == quote or text[i] == "\n":
            return i + 1
        i += 1
    return i


def _escaped(text: str, index: int) -> bool:
    count = 0
    while index > 0 and text[index - 1] == "\\":
        count += 1
        index -= 1
    return count % 2 == 1


def as_variable(name: str) -> Variable:
    """A :class:`~rdflib.term.Variable` for a binding name given with or without ``?``."""
    bare = name.lstrip("?$")
    if not _VARIABLE.match(bare):
        raise QueryError(f"not a valid SPARQL variable name: {name!r}")
    return Variable(bare)
