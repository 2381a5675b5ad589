"""SPARQL: bindings never become query text, unsafe clauses are refused, queries are found."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDFS

import pmograph
from pmograph import QueryError, UnsafeQueryError
from pmograph._store.sparql import query_text
from pmograph._store.sparql_terms import sparql_term, with_values_block

DATA = Path(__file__).parent / "data"
EX = "https://example.org/tiny/"
LABEL_OF = "SELECT ?label WHERE { ?post rdfs:label ?label }"


@pytest.fixture(scope="module")
def tiny() -> pmograph.KnowledgeGraph:
    return pmograph.load(DATA / "tiny-org.ttl", catalog=False)


def test_binding_by_iri_by_name_and_by_literal(tiny: pmograph.KnowledgeGraph) -> None:
    by_iri = [str(r.label) for r in tiny.query(LABEL_OF, post=URIRef(EX + "ceo"))]
    by_name = [str(r.label) for r in tiny.query(LABEL_OF, post="Chief Executive")]
    assert by_iri == by_name == ["Chief Executive"]
    posts = tiny.query("SELECT ?post WHERE { ?post rdfs:label ?label } ORDER BY ?post",
                       label=Literal("Project Manager"))
    assert [str(r.post) for r in posts] == [EX + "pm1", EX + "pm2"]


def test_binding_reaches_inside_optional_and_aggregates(tiny: pmograph.KnowledgeGraph) -> None:
    text = ("SELECT (COUNT(?sub) AS ?n) WHERE { ?boss rdfs:label ?l "
            "OPTIONAL { ?sub org:reportsTo ?boss } }")
    assert int(next(iter(tiny.query(text, boss="Head of PMO"))).n) == 2
    # The same through the VALUES block used on other stores.
    injected = with_values_block(text, {"boss": URIRef(EX + "pmo-head")})
    assert int(next(iter(tiny.graph.query(injected, initNs={"org": "http://www.w3.org/ns/org#",
                                                             "rdfs": str(RDFS)}))).n) == 2


@settings(max_examples=300, deadline=None)
@given(st.text())
def test_any_literal_round_trips_through_the_values_block(value: str) -> None:
    graph = Graph()
    query = with_values_block("SELECT ?v WHERE { }", {"v": Literal(value)})
    assert [str(row.v) for row in graph.query(query)] == [value]


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.characters(codec="utf-8"), min_size=1))
def test_hostile_iris_are_refused_or_round_trip(text: str) -> None:
    iri = URIRef("http://example.org/" + text)
    try:
        written = sparql_term(iri)
    except QueryError:
        return
    query = "SELECT ?v WHERE { }"
    rows = list(Graph().query(with_values_block(query, {"v": iri})))
    assert [str(r.v) for r in rows] == [str(iri)]
    assert written.count("<") == 1 and written.count(">") == 1


@pytest.mark.parametrize("query", [
    "SELECT * WHERE { SERVICE <http://127.0.0.1:9/sparql> { ?s ?p ?o } }",
    "SELECT * FROM <http://127.0.0.1:9/data.ttl> WHERE { ?s ?p ?o }",
    "SELECT * FROM NAMED <file:///etc/passwd> WHERE { GRAPH ?g { ?s ?p ?o } }",
])
def test_network_and_file_clauses_are_refused(tiny: pmograph.KnowledgeGraph, query: str) -> None:
    with pytest.raises(UnsafeQueryError, match="allow_network"):
        tiny.query(query)


def test_updates_are_refused_unless_allowed() -> None:
    kg = pmograph.load(DATA / "tiny-org.ttl", catalog=False)
    before = len(kg)
    with pytest.raises(QueryError, match="read-only"):
        kg.query("DELETE WHERE { ?s ?p ?o }")
    assert len(kg) == before
    with pytest.raises(UnsafeQueryError):
        kg.query("LOAD <file:///etc/passwd>", allow_update=True)
    kg.query("DELETE WHERE { ?s org:heldBy ?o }", allow_update=True)
    assert len(kg) == before - 1


def test_syntax_errors_name_line_and_column(tiny: pmograph.KnowledgeGraph) -> None:
    with pytest.raises(QueryError, match="line 2"):
        tiny.query("SELECT ?s\nWHERE { ?s ?p }")


def test_query_sources(tmp_path: Path) -> None:
    rq = tmp_path / "mine.rq"
    rq.write_text("SELECT ?s WHERE { ?s ?p ?o } LIMIT 1", encoding="utf-8")
    assert query_text(str(rq)).startswith("SELECT")
    with pytest.raises(QueryError, match="no such query file"):
        query_text(str(tmp_path / "absent.rq"))
    with pytest.raises(QueryError) as caught:
        query_text("nosuchname")
    assert "who-is-the-boss-of-a-project-manager" in str(caught.value)


def test_shipped_queries_parse_and_have_headers(catalog: pmograph.KnowledgeGraph) -> None:
    shipped = pmograph.list_queries()
    assert len(shipped) >= 10
    for query in shipped:
        assert query.title and query.description, query.name
        if not query.params:
            result = catalog.query(query.name)
            assert result.type in ("SELECT", "ASK", "CONSTRUCT", "DESCRIBE"), query.name


def test_timeout_and_row_cap(tiny: pmograph.KnowledgeGraph) -> None:
    values = " ".join(str(i) for i in range(12))
    slow = ("SELECT (COUNT(*) AS ?n) WHERE { " + " ".join(f"VALUES ?v{i} {{ {values} }}"
                                                         for i in range(7)) + " }")
    with pytest.raises(QueryError, match="longer than"):
        tiny.query(slow, timeout=0.3)
    # rdflib's engine is stopped mid-query; Oxigraph's only when the query returns
    # (SECURITY.md, "Timeouts").
    pure = pmograph.load(DATA / "tiny-org.ttl", catalog=False, store="rdflib")
    start = time.perf_counter()
    with pytest.raises(QueryError, match="longer than"):
        pure.query(slow, timeout=0.3)
    assert time.perf_counter() - start < 3
    every = "SELECT ?s ?p ?o WHERE { ?s ?p ?o }"
    capped = {tuple(row) for row in tiny.query(every, max_rows=len(tiny))}
    assert capped == set(tiny.graph)  # the rows themselves, not just their number
    optional = "SELECT ?s ?o WHERE { ?s a ?t OPTIONAL { ?s <urn:none> ?o } }"
    assert all(row.o is None and row.s is not None
               for row in tiny.query(optional, max_rows=100, timeout=30))
    with pytest.raises(QueryError, match="more than 3 rows"):
        tiny.query(every, max_rows=3)
    # The graph still answers after a stopped query.
    assert len(tiny.query(every)) == len(tiny)


@pytest.mark.parametrize("store", ["memory", "rdflib"])
def test_a_binding_the_query_does_not_use_is_an_error(store: str) -> None:
    # It used to be ignored silently, so a typo answered for every value (issue #13).
    kg = pmograph.load(DATA / "tiny-org.ttl", catalog=False, store=store)
    with pytest.raises(QueryError, match=r"no variable \?pots"):
        kg.query(LABEL_OF, pots="Chief Executive")
    with pytest.raises(QueryError, match=r"no variable \?post_"):
        kg.query(LABEL_OF, post_="Chief Executive")  # a longer name is another variable
    assert [str(r.label) for r in kg.query(LABEL_OF, post="Chief Executive")] == \
        ["Chief Executive"]
