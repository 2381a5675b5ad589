"""Name resolution: IRIs, CURIEs, labels, synonyms, identifiers, qualifiers, ambiguity."""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, SKOS

import pmograph
from pmograph import AmbiguousNameError, UnknownNameError
from pmograph._names import NameIndex, normalise

DATA = Path(__file__).parent / "data"
EX = "https://example.org/tiny/"


@pytest.fixture(scope="module")
def tiny() -> pmograph.KnowledgeGraph:
    kg = pmograph.load(DATA / "tiny-org.ttl", catalog=False)
    kg.graph.bind("ex", EX)
    kg.changed()
    return kg


@pytest.mark.parametrize("name", [
    "Chief Executive", "chief   executive", "CHIEF EXECUTIVE", "ceo", "ex:ceo",
    f"{EX}ceo", f"<{EX}ceo>", "1", "post:Chief Executive", "  Chief Executive  ",
])
def test_every_kind_of_name_finds_the_post(tiny: pmograph.KnowledgeGraph, name: str) -> None:
    assert tiny.resolve(name) == URIRef(EX + "ceo")


def test_person_name_with_accents_and_nfkc(tiny: pmograph.KnowledgeGraph) -> None:
    assert tiny.resolve("ann ólafsdóttir") == URIRef(EX + "ann")
    assert tiny.resolve("ＡＮＮ Ólafsdóttir") == URIRef(EX + "ann")  # full-width letters
    assert tiny.entity(EX + "ann") == {"iri": EX + "ann", "label": "Ann Ólafsdóttir",
                                       "kind": "person"}


def test_shared_title_is_ambiguous_and_lists_candidates(tiny: pmograph.KnowledgeGraph) -> None:
    with pytest.raises(AmbiguousNameError) as caught:
        tiny.resolve("project manager")
    # Each candidate is named by a form that finds it alone: here its identifier.
    assert caught.value.iris == [EX + "pm1", EX + "pm2"]
    assert caught.value.candidates == ["post:3", "post:4"]
    assert [tiny.resolve(name) for name in caught.value.candidates] == \
        [URIRef(iri) for iri in caught.value.iris]
    assert "identifier 3" in str(caught.value) and "use post:4" in str(caught.value)


def test_unknown_name_suggests_close_matches(tiny: pmograph.KnowledgeGraph) -> None:
    with pytest.raises(UnknownNameError) as caught:
        tiny.resolve("Chief Executiv")
    assert caught.value.suggestions[0] == "post:Chief Executive"
    assert "Did you mean" in str(caught.value)


def test_qualifier_narrows_the_kind(tiny: pmograph.KnowledgeGraph) -> None:
    with pytest.raises(UnknownNameError):
        tiny.resolve("role:Chief Executive")
    with pytest.raises(UnknownNameError):
        tiny.resolve("Chief Executive", kinds={"person"})


def test_preferred_label_beats_synonym_of_another_entity() -> None:
    graph = Graph()
    a, b = URIRef("urn:x:a"), URIRef("urn:x:b")
    graph.add((a, RDF.type, SKOS.Concept))
    graph.add((a, SKOS.prefLabel, Literal("Project Manager", lang="en")))
    graph.add((b, RDF.type, SKOS.Concept))
    graph.add((b, SKOS.prefLabel, Literal("IT Project Manager", lang="en")))
    graph.add((b, SKOS.altLabel, Literal("project manager", lang="en")))
    index = NameIndex.build(graph)
    assert index.resolve("project manager") == a
    # Two synonyms and no preferred label: ambiguous.
    c = URIRef("urn:x:c")
    graph.add((c, SKOS.altLabel, Literal("coordinator")))
    graph.add((b, SKOS.altLabel, Literal("Coordinator")))
    with pytest.raises(AmbiguousNameError):
        NameIndex.build(graph).resolve("coordinator")


def test_english_label_is_the_display_label() -> None:
    graph = Graph()
    a = URIRef("urn:x:a")
    graph.add((a, SKOS.prefLabel, Literal("Chef de projet", lang="fr")))
    graph.add((a, SKOS.prefLabel, Literal("Project manager", lang="en")))
    assert NameIndex.build(graph).label(a) == "Project manager"


def test_normalise_is_idempotent() -> None:
    for text in ["PMO  Manager", "ﬁnance", "Straße", " x\ty "]:
        assert normalise(normalise(text)) == normalise(text)
