"""The bundled catalog against the SHACL shapes: it conforms, and broken copies do not."""

from __future__ import annotations

import pyshacl
import pytest
from rdflib import RDF, Graph, Literal, URIRef
from rdflib.namespace import PROV
from test_catalog import ONTOLOGY, PMOC, load_catalog

from pmograph._namespace import PMO


@pytest.fixture(scope="module")
def vocabulary() -> Graph:
    return Graph().parse(ONTOLOGY / "pmo.ttl")


@pytest.fixture(scope="module")
def shapes() -> Graph:
    return Graph().parse(ONTOLOGY / "shapes.ttl")


@pytest.fixture(scope="module")
def catalog() -> Graph:
    return load_catalog()


def test_catalog_conforms_to_the_shapes(catalog: Graph, shapes: Graph, vocabulary: Graph) -> None:
    conforms, _, text = pyshacl.validate(
        catalog, shacl_graph=shapes, ont_graph=vocabulary, inference="rdfs"
    )
    assert conforms, text


def test_a_role_without_a_level_violates_the_shapes(shapes: Graph, vocabulary: Graph) -> None:
    broken = load_catalog()
    broken.remove((PMOC.ProjectManager, PMO.level, None))
    conforms, report, _ = pyshacl.validate(
        broken, shacl_graph=shapes, ont_graph=vocabulary, inference="rdfs"
    )
    assert not conforms
    focus = set(report.objects(None, URIRef("http://www.w3.org/ns/shacl#focusNode")))
    assert PMOC.ProjectManager in focus


def test_a_downward_promotion_violates_the_shapes(shapes: Graph, vocabulary: Graph) -> None:
    broken = load_catalog()
    move = PMOC.BrokenMove
    broken.add((move, RDF.type, PMO.Promotion))
    broken.add((move, PMO.fromRole, PMOC.PMODirector))
    broken.add((move, PMO.toRole, PMOC.PMOCoordinator))
    broken.add((move, PROV.wasDerivedFrom, PMOC.SeedFAQ))
    conforms, report, _ = pyshacl.validate(
        broken, shacl_graph=shapes, ont_graph=vocabulary, inference="rdfs"
    )
    assert not conforms
    assert move in set(report.objects(None, URIRef("http://www.w3.org/ns/shacl#focusNode")))


def test_a_post_with_two_solid_line_managers_violates_the_shapes(
    shapes: Graph, vocabulary: Graph
) -> None:
    org = Graph().parse(
        format="turtle",
        data="""
        @prefix org: <http://www.w3.org/ns/org#> . @prefix ex: <http://example.org/> .
        @prefix pmo: <https://w3id.org/pmograph/ns#> .
        ex:a a org:Post ; org:reportsTo ex:b , ex:c .
        ex:b a org:Post . ex:c a org:Post .
        ex:d a org:Post ; org:reportsTo ex:b ; pmo:dottedLineTo ex:c .
    """,
    )
    conforms, report, _ = pyshacl.validate(
        org, shacl_graph=shapes, ont_graph=vocabulary, inference="rdfs"
    )
    assert not conforms
    focus = set(report.objects(None, URIRef("http://www.w3.org/ns/shacl#focusNode")))
    assert URIRef("http://example.org/a") in focus
    assert URIRef("http://example.org/d") not in focus  # a dotted line is not a second line manager


def test_an_editorial_decision_without_a_reason_violates_the_shapes(
    shapes: Graph, vocabulary: Graph
) -> None:
    broken = load_catalog()
    decision = PMOC.DecisionProvekOrderAsLadder
    broken.remove((decision, PMO.explanation, None))
    conforms, report, _ = pyshacl.validate(
        broken, shacl_graph=shapes, ont_graph=vocabulary, inference="rdfs"
    )
    assert not conforms
    assert decision in set(report.objects(None, URIRef("http://www.w3.org/ns/shacl#focusNode")))


def test_a_claim_of_no_move_into_a_role_that_has_one_violates_the_shapes(
    shapes: Graph, vocabulary: Graph
) -> None:
    broken = load_catalog()
    claim = PMOC.DecisionNoRouteIntoHeadOfP3O
    broken.add((claim, PMO.noMoveInto, PMOC.PMODirector))  # PMO managers are promoted to it
    conforms, report, _ = pyshacl.validate(
        broken, shacl_graph=shapes, ont_graph=vocabulary, inference="rdfs"
    )
    assert not conforms
    assert claim in set(report.objects(None, URIRef("http://www.w3.org/ns/shacl#focusNode")))


def test_a_stale_restated_statement_is_a_warning(shapes: Graph, vocabulary: Graph) -> None:
    broken = load_catalog()
    broken.set((PMOC.ProjectManager, PMO.level, Literal(5)))  # its restated level still says 4
    conforms, report, _ = pyshacl.validate(
        broken, shacl_graph=shapes, ont_graph=vocabulary, inference="rdfs", allow_warnings=True
    )
    sh = "http://www.w3.org/ns/shacl#"
    stale = [r for r in report.subjects(URIRef(sh + "focusNode"), PMOC.LevelOfProjectManager)]
    assert stale and conforms  # a warning, not a violation
    assert report.value(stale[0], URIRef(sh + "resultSeverity")) == URIRef(sh + "Warning")
