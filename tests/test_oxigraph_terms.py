"""The embedded Oxigraph store's short cuts give exactly what rdflib's own path gives.

``_oxigraph`` builds text literals without ``Literal()`` and answers pmograph's own SELECTs
without rdflib result objects (both for the speed of large views); these tests hold both to
rdflib's answers.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from rdflib import BNode, Literal

import pmograph
from pmograph._store.sparql import internal_query

pytest.importorskip("pyoxigraph")
from pmograph._store.oxigraph import _text_literal_maker

ROOT = Path(__file__).resolve().parent.parent
LANGUAGE = st.from_regex(r"\A[a-zA-Z]{1,8}(-[a-zA-Z0-9]{1,8}){0,2}\Z")


@given(text=st.text(), language=st.none() | LANGUAGE)
def test_text_literals_are_rdflibs_own(text: str, language: str | None) -> None:
    made = _text_literal_maker()(text, language)
    expected = Literal(text, lang=language)
    assert made == expected and hash(made) == hash(expected)
    assert (made.language, made.datatype, made.value, made.ill_typed) == \
        (expected.language, expected.datatype, expected.value, expected.ill_typed)
    assert made.n3() == expected.n3()


def test_the_fast_maker_is_in_use_with_this_rdflib() -> None:
    """If it is not, rdflib builds text literals differently now: look at _text_literal_maker."""
    assert _text_literal_maker().__name__ == "fast"


def _rows(rows: list[tuple[object, ...]]) -> Counter[tuple[object, ...]]:
    # Blank node labels differ between two reads; what they stand for is compared elsewhere.
    return Counter(tuple("_:b" if isinstance(value, BNode) else value for value in row)
                   for row in rows)


def _values(rows: list[tuple[object, ...]]) -> Counter[tuple[object, ...]]:
    # Across stores typed literals compare by value: Oxigraph writes 5.0 as "5"^^xsd:decimal.
    return Counter(tuple(value.toPython() if isinstance(value, Literal) and value.datatype
                         else value for value in row) for row in _rows(rows))


FTE = """@prefix organogram: <http://reference.data.gov.uk/def/organogram/> .
<http://example.org/post/1> organogram:fullTimeEquivalent 2.5, 1 .
<http://example.org/post/2> organogram:fullTimeEquivalent 0.5 ."""
SAMPLE = ROOT / "examples" / "sample-org.ttl"
VALIDATE = ROOT / "tests" / "data" / "validate"
CASES = {"posts": SAMPLE, "post-roles": SAMPLE, "post-facts-all": SAMPLE,
         "post-facts-all/fte": FTE, "entity-labels": SAMPLE, "entity-types": SAMPLE,
         "solid-lines": SAMPLE, "dotted-lines": SAMPLE, "roles": SAMPLE,
         "role-reporting-lines": SAMPLE, "career-moves": SAMPLE, "role-requirements": SAMPLE,
         "qualification-badges": SAMPLE, "unit-nesting": SAMPLE,
         "validate-dangling": VALIDATE / "broken.ttl",
         "validate-promotions-down": VALIDATE / "promotion-down.ttl",
         "validate-head-inside-unit": VALIDATE / "head-inside-unit.ttl"}


@pytest.mark.parametrize("name", CASES)
def test_select_rows_are_the_rdflib_result_rows(name: str, tmp_path: Path) -> None:
    data = CASES[name]
    name = name.partition("/")[0]  # "query/what": the same query on other data
    if isinstance(data, str):
        (tmp_path / "data.ttl").write_text(data)
        data = tmp_path / "data.ttl"
    kg = pmograph.load(data, store="oxigraph")
    fast = kg.select(name)
    slow = [tuple(row) for row in kg.query(internal_query(name))]
    assert fast, f"{name} answers nothing on {data}: a weak check"
    assert _rows(fast) == _rows(slow)
    assert _values(fast) == _values(pmograph.load(data, store="rdflib").select(name))


def test_select_rows_take_bindings() -> None:
    kg = pmograph.load(store="oxigraph")
    director = kg.resolve("PMO Director")
    fast = kg.select("outgoing-facts", subject=director)
    assert fast == [tuple(row) for row in kg.query(internal_query("outgoing-facts"),
                                                   subject=director)]
    assert len(fast) > 3


UPDATE_DATA = ('PREFIX ex: <http://ex.org/> INSERT DATA { ex:a a ex:T . ex:b a ex:T }')
TAGGED = "SELECT ?x ?tag WHERE { ?x <http://ex.org/tag> ?tag } ORDER BY ?x ?tag"


@pytest.mark.parametrize("store", ["rdflib", "memory"])
def test_an_update_with_bindings_changes_what_it_says(store: str) -> None:
    from rdflib import URIRef

    kg = pmograph.load(catalog=False, store=store)
    kg.query(UPDATE_DATA, allow_update=True)
    kg.query('PREFIX ex: <http://ex.org/> INSERT { ?x ex:tag "one" } WHERE { ?x a ex:T }',
             {"x": URIRef("http://ex.org/a")}, allow_update=True)
    assert [(str(x), str(t)) for x, t in kg.query(TAGGED)] == [("http://ex.org/a", "one")]


def test_bindings_an_update_cannot_take_whole_are_refused_outside_memory() -> None:
    from rdflib import URIRef

    kg = pmograph.load(catalog=False, store="oxigraph")
    kg.query(UPDATE_DATA, allow_update=True)
    two = ('PREFIX ex: <http://ex.org/> INSERT { ?x ex:tag "one" } WHERE { ?x a ex:T } ; '
           'INSERT { ?x ex:tag "two" } WHERE { ?x a ex:T }')
    for update in (two, "DELETE WHERE { ?x a <http://ex.org/T> }"):
        with pytest.raises(pmograph.QueryError, match="only for one DELETE/INSERT"):
            kg.query(update, {"x": URIRef("http://ex.org/a")}, allow_update=True)
    assert list(kg.query(TAGGED)) == []  # nothing changed
    assert len(kg) == 2


def test_a_triple_term_is_a_clear_error(tmp_path: Path) -> None:
    data = tmp_path / "rdf12.nt"
    data.write_text("<urn:a> <urn:p> <<( <urn:s> <urn:p> <urn:o> )>> .\n")
    kg = pmograph.load(data, store="oxigraph", catalog=False)
    with pytest.raises(pmograph.StoreError, match=r"RDF 1\.2 triple term"):
        list(kg.graph)
