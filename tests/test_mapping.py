"""Third-party organogram terms are mapped to W3C ORG on load."""

from __future__ import annotations

from pathlib import Path

from rdflib import RDF, BNode, Graph, URIRef
from rdflib.namespace import ORG

import pmograph
from pmograph._store.mapping import CENTRAL_GOVERNMENT, ORGANOGRAM, map_to_org

HEFCE = "w3c-csvw-uc4-HEFCE_organogram_31032011.nt"
POST = "http://reference.data.gov.uk/id/public-body/higher-education-funding-council-for-england/post/"


def test_hefce_rdf_gains_org_terms_and_keeps_its_own(external: Path) -> None:
    original = Graph().parse(external / HEFCE)
    assert len(original) == 1332
    kg = pmograph.load(external / HEFCE, catalog=False)
    graph = kg.graph
    # The 3 senior lines were ORG already; the 82 junior lines are mapped.
    assert len(list(graph.subject_objects(ORGANOGRAM.reportingTo))) == 82
    assert len(list(graph.subject_objects(ORG.reportsTo))) == 3 + 82
    assert (URIRef(POST + "90334"), RDF.type, ORG.Post) in graph
    assert len(set(graph.subjects(RDF.type, ORG.Post))) == 4 + 82
    holders = list(graph.objects(URIRef(POST + "90334"), ORG.heldBy))
    assert holders == list(graph.objects(URIRef(POST + "90334"), CENTRAL_GOVERNMENT.heldBy))
    assert len(holders) == 1
    # Nothing is taken away (triples with blank nodes differ between parses; leave those out).
    assert all(triple in graph for triple in original
               if not any(isinstance(term, BNode) for term in triple))


def test_mapping_is_idempotent_and_leaves_org_data_alone(external: Path) -> None:
    graph = Graph().parse(external / HEFCE)
    added = map_to_org(graph)
    assert added > 82
    assert map_to_org(graph) == 0
    plain = Graph().parse(Path(__file__).parent / "data" / "tiny-org.ttl")
    assert map_to_org(plain) == 0


def test_hefce_junior_rows_are_filled_fte_rows_with_short_labels(external: Path) -> None:
    from pmograph import reporting_view
    from pmograph._render.org import _is_vacant

    kg = pmograph.load(external / "w3c-csvw-uc4-HEFCE_organogram_31032011.nt", catalog=False)
    G = reporting_view(kg)
    junior = [data for _, data in G.nodes(data=True) if data.get("fte") is not None]
    assert len(junior) == 82
    assert not any(data["vacant"] or _is_vacant(data) for data in junior)
    assert round(sum(data["fte"] for data in junior), 2) == 239.36
    labels = {data["label"] for data in junior}
    assert "Regional/Project Consultant (grade 11)" in labels
    assert all(len(label) < 70 for label in labels)
    assert all(data["unit"] for data in junior)  # organogram:unit maps to org:postIn
    # Tenures (typed org:Membership by data.gov.uk) name their member once mapped.
    report = pmograph.validate(kg)
    assert not [r for r in report.results if "org:member" in r.message]
