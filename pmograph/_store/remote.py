"""Talking to a remote SPARQL 1.1 server: rdflib's update store with the measured quirks fixed.

rdflib's :class:`~rdflib.plugins.stores.sparqlstore.SPARQLUpdateStore` is the base; this module
replaces its HTTP layer (``research/sparql-server.md``):

* a fixed, weighted ``Accept`` header — rdflib builds it from a set, so its order follows the
  hash seed, and Virtuoso then answers SELECT in RDF/XML that rdflib cannot parse;
* every request bounded in total time and in bytes read, answers parsed while they arrive and
  read no further than the row cap (rdflib has no timeout, and Virtuoso can run a query
  forever): :mod:`~pmograph._store.remote_http`, :mod:`~pmograph._store.remote_results`;
* HTTP Basic *and* Digest credentials (Virtuoso's ``/sparql-auth`` only does Digest), no proxies;
  credentials from the URL sent up front as curl does, and never shown in a message;
* silent row caps detected (Virtuoso's ``X-SPARQL-MaxRows`` header) and SELECTs re-run in pages;
* uploads in chunks, with blank nodes skolemised (rdflib refuses them, and server blank-node
  labels are not stable between requests), and answers with the skolem IRIs back as blank nodes;
* HTTP errors raised as :class:`StoreError` with the server's message, never returned as tuples.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from typing import Any

from rdflib import BNode, Graph, URIRef, Variable
from rdflib.paths import MulPath, OneOrMore, ZeroOrMore
from rdflib.paths import Path as PropertyPath
from rdflib.plugins.stores.sparqlstore import SPARQLUpdateStore
from rdflib.query import Result

from pmograph._errors import StoreError
from pmograph._store.remote_http import HttpClient
from pmograph._store.remote_results import read_answer
from pmograph._store.sparql_limits import current_limits, too_many_rows
from pmograph._store.spec import DEFAULT_MAX_BYTES, DEFAULT_TIMEOUT

#: What pmograph accepts, in a fixed order with weights (Virtuoso honours q-values).
ACCEPT = ("application/sparql-results+xml, application/sparql-results+json;q=0.95, "
          "application/rdf+xml;q=0.9, text/turtle;q=0.8, application/n-triples;q=0.7")
#: Triples per ``INSERT DATA`` request (Virtuoso refuses requests that compile to >10,000 lines).
UPLOAD_CHUNK = 500
_ROW_CAP_HEADER = "X-SPARQL-MaxRows"
_SKOLEM = "https://w3id.org/pmograph/.well-known/genid/"
_PROLOGUE = re.compile(r"\A(?:\s+|#[^\n]*\n|(?:PREFIX\s+[^\s:]*:\s*<[^>]*>|BASE\s*<[^>]*>))*",
                       re.IGNORECASE)
_SELECT = re.compile(r"\ASELECT\b", re.IGNORECASE)
_LIMIT_OR_OFFSET = re.compile(r"\b(LIMIT|OFFSET)\s+\d+\s*\Z", re.IGNORECASE)


class RowCapReached(StoreError):
    """The server cut a result short at :attr:`cap` rows (and said so only in a header)."""

    def __init__(self, message: str, *, cap: int) -> None:
        super().__init__(message)
        self.cap = cap


class EndpointStore(SPARQLUpdateStore):
    """A SPARQL endpoint as an rdflib store, robust to the quirks measured on Virtuoso.

    Parameters
    ----------
    query_url, update_url
        The query endpoint and, for loading, the update endpoint (often the same URL), without
        credentials in them.
    auth
        ``(user, password)``, answered to Basic or Digest challenges.
    auth_in_url
        The credentials came from the URL: send them up front as HTTP Basic (as curl does),
        and show ``user:***@`` in messages.
    timeout
        Seconds one HTTP request may take in all: connecting, sending, waiting and reading.
    max_bytes
        The most bytes one answer may have.

    Examples
    --------
    >>> store = EndpointStore("http://127.0.0.1:9/sparql", timeout=0.5)
    >>> store.response_mime_types().split(",")[0]
    'application/sparql-results+xml'
    >>> Graph(store).query("ASK {}")
    Traceback (most recent call last):
    ...
    pmograph._errors.StoreError: cannot reach the SPARQL server at http://127.0.0.1:9/sparql: ...
    """

    def __init__(self, query_url: str, update_url: str | None = None, *,
                 auth: tuple[str, str] | None = None, auth_in_url: bool = False,
                 timeout: float = DEFAULT_TIMEOUT, max_bytes: int = DEFAULT_MAX_BYTES) -> None:
        super().__init__(query_url, update_url, method="POST_FORM", autocommit=True,
                         returnFormat="xml", node_to_sparql=_node_to_sparql)
        self.timeout = timeout
        #: The named graphs of the queries sent now (``named-graph-uri``); ``None``: not given.
        self.named_graphs: list[str] | None = None
        self.http = HttpClient([url for url in (query_url, update_url) if url], auth=auth,
                               auth_in_url=auth_in_url, timeout=timeout, max_bytes=max_bytes)

    @classmethod
    def for_spec(cls, spec: Any) -> EndpointStore:
        """The endpoint a remote :class:`~pmograph._store.spec.StoreSpec` describes."""
        return cls(spec.location, spec.update_url, auth=spec.auth, auth_in_url=spec.auth_in_url,
                   timeout=spec.timeout, max_bytes=spec.max_bytes)

    @property
    def requests(self) -> int:
        """HTTP requests sent so far."""
        return self.http.requests

    def response_mime_types(self) -> str:
        """The ``Accept`` header: fixed, whatever the hash seed."""
        return ACCEPT

    def run(self, query: str, *, default_graph: str | None = None) -> Result:
        """Send one query; raise :class:`RowCapReached` when the server truncated the result.

        The answer is read while it arrives and no further than the row cap of the query
        being run (:func:`~pmograph._store.sparql_limits.current_limits`).
        """
        if not self.query_endpoint:  # rdflib's own query() checks the same
            raise StoreError("this SPARQL store has no query URL")
        form: dict[str, Any] = {"query": query}
        if default_graph is not None:
            form["default-graph-uri"] = default_graph
        if self.named_graphs is not None:
            form["named-graph-uri"] = list(self.named_graphs)
        with self.http.post(self.query_endpoint, form, self.response_mime_types()) as answer:
            result = read_answer(answer, self.http.shown(self.query_endpoint),
                                 max_rows=current_limits().max_rows, convert=unskolem)
            cap = answer.headers.get(_ROW_CAP_HEADER)
        if cap is not None and result.type == "SELECT" and len(result.bindings) >= int(cap):
            raise RowCapReached(f"the SPARQL server cut the answer at {cap} rows", cap=int(cap))
        if (cap is not None and result.type == "CONSTRUCT" and result.graph is not None
                and len(result.graph) >= int(cap)):
            raise RowCapReached(f"the SPARQL server cut the answer at {cap} triples; raise its "
                                "row limit (Virtuoso: [SPARQL] ResultSetMaxRows)", cap=int(cap))
        return _unskolemised(result)

    def _query(self, query: str, default_graph: str | None = None,
               named_graph: str | None = None) -> Result:
        if default_graph is not None and isinstance(default_graph, BNode):
            default_graph = None
        try:
            return self.run(query, default_graph=default_graph)
        except RowCapReached as capped:
            if capped.cap <= 0 or not _pageable(query):
                raise StoreError(f"{capped}; raise its row limit (Virtuoso: [SPARQL] "
                                 "ResultSetMaxRows) or add LIMIT to the query") from None
            return self._paged(query, default_graph, capped.cap)

    def _paged(self, query: str, default_graph: str | None, cap: int) -> Result:
        """Re-run a SELECT in stable pages: the query as an ordered sub-select, sliced outside."""
        prologue = _PROLOGUE.match(query)
        split = prologue.end() if prologue else 0
        wrapped = f"{query[:split]}SELECT * WHERE {{ {{ {query[split:]}\n}} }}"
        variables = list(self.run(wrapped + " LIMIT 1", default_graph=default_graph).vars or [])
        order = " ".join(f"?{variable}" for variable in variables)
        page = max(1, cap - 1)  # a page below the cap is never mistaken for a cut answer
        rows: list[Any] = []
        while True:
            # Ordered inside, sliced outside: Virtuoso refuses ORDER BY with an OFFSET past
            # its row limit (SR353) at the top level, but not on a sub-select.
            result = self.run(f"{query[:split]}SELECT * WHERE {{ {{ SELECT * WHERE {{ {{ "
                              f"{query[split:]}\n}} }} ORDER BY {order} }} }} "
                              f"LIMIT {page} OFFSET {len(rows)}", default_graph=default_graph)
            rows.extend(result.bindings)
            max_rows = current_limits().max_rows
            if max_rows is not None and len(rows) > max_rows:
                raise too_many_rows(max_rows)
            if len(result.bindings) < page:
                break
        out = Result("SELECT")
        out.vars = variables
        out.bindings = rows
        return out

    def _update(self, update: str) -> None:
        if not self.update_endpoint:  # rdflib checks before every update it sends here
            raise StoreError("this SPARQL store is read-only: give an update URL (--update-url)")
        self._updates += 1
        with self.http.post(self.update_endpoint, {"update": update},
                            self.response_mime_types()) as answer:
            answer.body()  # read (within the bounds) and dropped

    # ------------------------------------------------------------------ uploads
    def upload(self, triples: Iterable[tuple[Any, Any, Any]], graph: str,
               progress: Any = None) -> int:
        """Insert ``triples`` into ``graph`` in chunks; return how many were sent."""
        if not self.update_endpoint:
            raise StoreError("this SPARQL store is read-only: give an update URL (--update-url)")
        target = Graph(identifier=URIRef(graph))
        sent = 0
        for chunk in _chunks(triples, UPLOAD_CHUNK):
            self.addN((s, p, o, target) for s, p, o in chunk)
            sent += len(chunk)
            if progress is not None:
                progress(sent)
        return sent


def _node_to_sparql(node: Any) -> str:
    if isinstance(node, BNode):
        return f"<{skolem(node)}>"
    return str(node.n3())


def skolem(node: BNode) -> URIRef:
    """The IRI standing for a blank node on a remote store.

    Examples
    --------
    >>> str(skolem(BNode("b0")))
    'https://w3id.org/pmograph/.well-known/genid/b0'
    """
    return URIRef(_SKOLEM + str(node))


def unskolem(term: Any) -> Any:
    """The blank node a :func:`skolem` IRI stands for; any other term unchanged.

    Examples
    --------
    >>> unskolem(skolem(BNode("b0")))
    rdflib.term.BNode('b0')
    >>> unskolem(URIRef("https://example.org/.well-known/genid/x"))  # not pmograph's own
    rdflib.term.URIRef('https://example.org/.well-known/genid/x')
    """
    if isinstance(term, URIRef) and term.startswith(_SKOLEM):
        return BNode(term[len(_SKOLEM):])
    return term


def _unskolemised(result: Result) -> Result:
    """``result`` with pmograph's skolem IRIs back as the blank nodes they stand for.

    Every answer passes here (a SELECT's terms on their way in, :func:`read_answer`), so every
    reader — views, validation, export — sees the blank nodes that were loaded, as on every
    other store; a blank node sent back in a query becomes its skolem IRI again
    (``_node_to_sparql``).
    """
    if result.type == "CONSTRUCT" and result.graph is not None:
        graph = Graph()
        graph += ((unskolem(s), p, unskolem(o)) for s, p, o in result.graph)
        result.graph = graph
    return result


def _chunks(items: Iterable[Any], size: int) -> Iterator[list[Any]]:
    chunk: list[Any] = []
    for item in items:
        chunk.append(item)
        if len(chunk) == size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def _pageable(query: str) -> bool:
    prologue = _PROLOGUE.match(query)
    body = query[prologue.end():] if prologue else query
    return bool(_SELECT.match(body)) and not _LIMIT_OR_OFFSET.search(body)


def unbounded_paths(node: Any, bound: set[str]) -> list[str]:
    """The transitive path patterns in a query's algebra whose two ends are free variables.

    Examples
    --------
    >>> from rdflib.plugins.sparql import prepareQuery
    >>> query = prepareQuery("SELECT * WHERE { ?a <urn:boss>+ ?b . ?c <urn:boss>* <urn:x> }")
    >>> unbounded_paths(query.algebra, set())
    ['?a <urn:boss>+ ?b']
    >>> unbounded_paths(query.algebra, {"b"})
    []
    """
    found: list[str] = []
    if isinstance(node, dict):
        for triple in node.get("triples") or []:
            if len(triple) == 3 and _transitive(triple[1]) and all(
                    isinstance(end, Variable) and str(end) not in bound
                    for end in (triple[0], triple[2])):
                found.append(f"?{triple[0]} {triple[1].n3()} ?{triple[2]}")
        for key, value in node.items():
            if key != "triples":
                found.extend(unbounded_paths(value, bound))
    elif isinstance(node, list | tuple):
        for item in node:
            found.extend(unbounded_paths(item, bound))
    return found


def _transitive(path: Any) -> bool:
    if isinstance(path, MulPath):
        return path.mod in (ZeroOrMore, OneOrMore) or _transitive(path.path)
    if isinstance(path, PropertyPath):
        return any(_transitive(part) for part in getattr(path, "args", ()) or
                   [getattr(path, "arg", None)])
    return False
