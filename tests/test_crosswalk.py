"""Crosswalks with provenance, and the titles they let imports match (issue #18)."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from rdflib import RDF, Graph, URIRef
from rdflib.namespace import PROV, SKOS
from test_catalog import PMOC, SDO, load_catalog

import pmograph
from pmograph._importers.common import TitleMapper
from pmograph._namespace import PMO

ESCO = "http://data.europa.eu/esco/occupation/"
UKSA = ("ukgov-organogram-uk-space-agency-2013-09-senior.csv",
        "ukgov-organogram-uk-space-agency-2013-09-junior.csv")
MATCHES = (SKOS.exactMatch, SKOS.closeMatch, SKOS.relatedMatch)


@pytest.fixture(scope="module")
def catalog() -> Graph:
    return load_catalog()


@pytest.fixture(scope="module")
def mapper() -> TitleMapper:
    return TitleMapper(pmograph.load())


def test_every_role_link_is_restated_with_the_decision_behind_it(catalog: Graph) -> None:
    links = [(subject, relation, target) for relation in MATCHES
             for subject, target in catalog.subject_objects(relation)
             if {(subject, RDF.type, PMO.Role), (subject, RDF.type, PMO.Skill)} & set(
                 catalog.triples((subject, RDF.type, None)))]
    assert len(links) >= 6
    for role, relation, target in links:
        restated = [s for s in catalog.subjects(RDF.subject, role)
                    if (s, RDF.predicate, relation) in catalog
                    and (s, RDF.object, target) in catalog]
        assert len(restated) == 1, (role, relation, target)
        (source,) = catalog.objects(restated[0], PROV.wasDerivedFrom)
        assert (source, RDF.type, PMO.EditorialDecision) in catalog
        assert set(catalog.objects(source, PROV.wasDerivedFrom)) >= {PMOC.SourceESCO}
        # The occupation or skill is described, and says where its description comes from.
        assert catalog.value(target, PROV.wasDerivedFrom) in (
            PMOC.SourceESCO, PMOC.SourceONET, PMOC.SourceSFIASkills)
    sfia = [target for subject, _, target in links if (subject, RDF.type, PMO.Skill) in catalog]
    assert [str(catalog.value(t, SKOS.notation)) for t in sfia] == ["PRMG"]


def test_the_esco_labels_are_in_the_esco_data_shipped(catalog: Graph, external: Path) -> None:
    with (external / "esco-pm-occupations-subset.csv").open(encoding="utf-8") as handle:
        records = {row["id"]: row["description"].casefold() for row in csv.DictReader(handle)}
    occupations = {o for o in catalog.subjects(RDF.type, SKOS.Concept) if str(o).startswith(ESCO)}
    assert len(occupations) == 4
    for occupation in occupations:
        labels = [str(label) for label in catalog.objects(occupation, SDO.alternateName)]
        assert labels and all(label.casefold() in records[str(occupation)] for label in labels)


def test_a_title_matches_through_a_crosswalk_label_with_its_reason(
        mapper: TitleMapper) -> None:
    role, candidates = mapper.match("Project Director")
    assert role == URIRef(PMOC.ProjectManager) and candidates == []
    assert mapper.reasons["project director"] == (
        "ESCO occupation: project manager lists 'project director' as a label, and Project "
        "Manager closely matches it (skos:closeMatch)")
    # A label the catalog already uses for something else is not taken from ESCO ("PMO" is an
    # office); labels of related (not close) occupations are not used ("scrum master").
    assert mapper.match("PMO") == (None, []) and mapper.match("Scrum Master") == (None, [])
    # Catalog names win over ESCO's: ESCO's "senior project manager" is its project manager.
    assert mapper.match("Senior Project Manager")[0] == URIRef(PMOC.SeniorProjectManager)
    # A tie of catalog names stays a tie: never guessed, whatever ESCO says.
    assert len(mapper.match("Project Coordinator")[1]) == 2


@pytest.mark.parametrize(("title", "role"), [
    ("Programme Manager Space Science Team", "ProgramManager"),
    ("PMO Manager, Portfolio Office", "PMOManager"),
    ("Project Manager - Data Platform", "ProjectManager"),
    ("Project Director (Apollo)", "ProjectManager"),
    ("Project Manager Assistant", None),
    ("Programme Manager Deputy", None),
    ("Head of Change Management Programme", None),
])
def test_a_role_name_qualified_by_a_team(mapper: TitleMapper, title: str,
                                         role: str | None) -> None:
    found, candidates = mapper.match(title)
    assert found == (URIRef(PMOC[role]) if role else None) and candidates == []
    if role:
        assert "names a team or subject, not another role" in mapper.reasons[title.casefold()]


def test_esco_and_qualified_titles_raise_the_uk_space_agency_share(
        external: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    paths = [external / name for name in UKSA]
    matched = pmograph.import_files(paths)
    with monkeypatch.context() as patched:  # catalog names only, as before issue #18
        patched.setattr(TitleMapper, "_match", TitleMapper._named)
        named = pmograph.import_files(paths)
    posts = matched.counts["posts"]
    assert named.counts["posts"] == posts == 41
    before, after = named.counts["roles_assigned"], matched.counts["roles_assigned"]
    assert after > before and (before, after) == (9, 10)
    graph = matched.graph
    assert all(len(set(graph.objects(post, URIRef("http://www.w3.org/ns/org#role")))) <= 1
               for post in set(graph.subjects(RDF.type, URIRef("http://www.w3.org/ns/org#Post"))))
    assert set(matched.matched) == {"Programme Manager Space Science Team"}
    notes = [str(n) for n in graph.objects(None, SKOS.editorialNote)
             if "role assigned from the title" in str(n)]
    assert len(notes) == 1 and "'programme manager', a name of Program Manager" in notes[0]
    # Every title either matched one role, or is listed as unmatched or ambiguous.
    assert not matched.ambiguous
    assert len(matched.unmapped) == len(named.unmapped) - 1
