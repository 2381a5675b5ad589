"""The ``PMO`` DefinedNamespace and ``ontology/pmo.ttl`` declare exactly the same terms."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from rdflib import RDF, Graph, URIRef

from pmograph._namespace import PMO, PMO_NS

ONTOLOGY = Path(__file__).resolve().parent.parent / "pmograph" / "ontology"
QUERIES = Path(__file__).resolve().parent.parent / "pmograph" / "queries"


@pytest.fixture(scope="module")
def vocabulary() -> Graph:
    return Graph().parse(ONTOLOGY / "pmo.ttl")


def declared(vocabulary: Graph) -> set[str]:
    """Local names of the pmo: terms pmo.ttl types (classes and properties)."""
    return {
        str(s)[len(PMO_NS) :]
        for s in vocabulary.subjects(RDF.type, None)
        if isinstance(s, URIRef) and str(s).startswith(PMO_NS)
    }


def test_every_declared_term_is_in_the_namespace_class(vocabulary: Graph) -> None:
    missing = declared(vocabulary) - set(PMO.__annotations__)
    assert not missing, f"declared in pmo.ttl but missing from PMO: {sorted(missing)}"


def test_every_namespace_term_is_declared(vocabulary: Graph) -> None:
    missing = set(PMO.__annotations__) - declared(vocabulary)
    assert not missing, f"in PMO but not declared in pmo.ttl: {sorted(missing)}"


def test_every_declared_term_has_a_label_and_definition(vocabulary: Graph) -> None:
    from rdflib.namespace import RDFS, SKOS

    for name in declared(vocabulary):
        term = PMO[name]
        assert vocabulary.value(term, RDFS.label) is not None, name
        assert vocabulary.value(term, SKOS.definition) or vocabulary.value(term, RDFS.comment), name


def test_namespace_terms_are_the_right_iris() -> None:
    assert PMO.Role == URIRef(PMO_NS + "Role")
    assert PMO.dottedLineTo == URIRef(PMO_NS + "dottedLineTo")


def test_unknown_term_raises() -> None:
    with pytest.raises(AttributeError):
        PMO.bogus  # noqa: B018


def test_dotted_line_is_not_a_solid_line(vocabulary: Graph) -> None:
    from rdflib.namespace import ORG, RDFS

    assert (PMO.dottedLineTo, RDFS.subPropertyOf, ORG.reportsTo) not in vocabulary
    assert set(vocabulary.transitive_objects(PMO.dottedLineTo, RDFS.subPropertyOf)) == {
        PMO.dottedLineTo
    }


def test_catalog_shapes_and_queries_use_only_declared_terms(vocabulary: Graph) -> None:
    known = declared(vocabulary)
    files = [*ONTOLOGY.rglob("*.ttl"), *QUERIES.rglob("*.rq")]
    used = {
        (f.name, m) for f in files for m in re.findall(r"\bpmo:([A-Za-z]\w*)", f.read_text("utf-8"))
    }
    unknown = sorted((name, term) for name, term in used if term not in known)
    assert not unknown, f"pmo: terms used but not declared: {unknown}"
