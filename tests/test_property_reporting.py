"""Cross-check: networkx answers equal SPARQL's own ``org:reportsTo+`` answers on random orgs."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from rdflib import RDF, Graph, Literal, URIRef
from rdflib.namespace import FOAF, ORG, SKOS

import pmograph
from pmograph import PMO, all_reports, chain_of_command, direct_reports, reporting_view

#: Slow: the edit loop skips these (`pytest -m "not slow"`); CI runs them.
pytestmark = pytest.mark.slow

DATA = Path(__file__).parent / "data"
BASE = "https://example.org/random/"


@st.composite
def organisations(draw: st.DrawFn) -> Graph:
    """A random forest of posts, with vacancies, job shares and dotted lines anywhere."""
    size = draw(st.integers(min_value=1, max_value=14))
    # Post names are shuffled so the IRI order says nothing about the hierarchy.
    names = draw(st.permutations(range(size)))
    posts = [URIRef(f"{BASE}post{n}") for n in names]
    graph = Graph()
    for index, post in enumerate(posts):
        graph.add((post, RDF.type, ORG.Post))
        graph.add((post, SKOS.prefLabel, Literal(f"Post {names[index]}")))
        if index and draw(st.integers(min_value=0, max_value=4)) > 0:  # some extra roots
            manager = posts[draw(st.integers(min_value=0, max_value=index - 1))]
            graph.add((post, ORG.reportsTo, manager))
        for holder in range(draw(st.integers(min_value=0, max_value=2))):  # 0 = vacant
            person = URIRef(f"{BASE}person{names[index]}-{holder}")
            graph.add((person, RDF.type, FOAF.Person))
            graph.add((post, ORG.heldBy, person))
    for _ in range(draw(st.integers(min_value=0, max_value=4))):
        first, second = draw(st.sampled_from(posts)), draw(st.sampled_from(posts))
        graph.add((first, PMO.dottedLineTo, second))  # may even loop: never a solid line
    return graph


@settings(max_examples=200, deadline=None)
@given(organisations())
def test_networkx_answers_equal_sparql_transitive_answers(graph: Graph) -> None:
    kg = pmograph.load(graph, catalog=False)
    G = reporting_view(kg)
    posts = sorted(str(p) for p in graph.subjects(RDF.type, ORG.Post))
    assert sorted(G) == posts
    for post in posts:
        below = {str(row[0]) for row in kg.query(str(DATA / "reports-below.rq"),
                                                 {"manager": URIRef(post)})}
        above = {str(row[0]) for row in kg.query(str(DATA / "managers-above.rq"),
                                                 {"post": URIRef(post)})}
        assert set(all_reports(G, post)) == below
        chain = chain_of_command(G, post)
        assert set(chain) == above
        assert len(chain) == len(above)
        # Nearest first: each post on the chain reports to the next by a solid line.
        for lower, upper in zip([post, *chain], chain, strict=False):
            assert (URIRef(lower), ORG.reportsTo, URIRef(upper)) in graph
        assert set(direct_reports(G, post)) == {
            str(s) for s in graph.subjects(ORG.reportsTo, URIRef(post))}
