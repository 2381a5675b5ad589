"""The networkx views: edges superior → subordinate, node attributes, problems recorded."""

from __future__ import annotations

from pathlib import Path

import pytest

import pmograph
from pmograph import (
    dotted_line_view,
    posts_held,
    promotion_view,
    reporting_problems,
    reporting_view,
    role_reporting_problems,
    role_reporting_view,
)

ROOT = Path(__file__).resolve().parent.parent
DATA = Path(__file__).parent / "data"
SAMPLE = ROOT / "examples" / "sample-org.ttl"
EX = "https://example.org/meridian/"
C = "https://w3id.org/pmograph/catalog/"


@pytest.fixture(scope="module")
def sample() -> pmograph.KnowledgeGraph:
    return pmograph.load(SAMPLE)


def test_reporting_view_runs_superior_to_subordinate(sample: pmograph.KnowledgeGraph) -> None:
    G = reporting_view(sample)
    assert G.has_edge(EX + "post-ceo", EX + "post-coo")
    assert not G.has_edge(EX + "post-coo", EX + "post-ceo")
    assert G.number_of_nodes() == 15
    assert G.number_of_edges() == 14
    assert [n for n in G if G.in_degree(n) == 0] == [EX + "post-ceo"]
    assert all(isinstance(n, str) for n in G)


def test_reporting_view_node_attributes(sample: pmograph.KnowledgeGraph) -> None:
    G = reporting_view(sample)
    vacant = G.nodes[EX + "post-pmo-manager-delivery"]
    assert vacant == {"label": "PMO Manager, Delivery Support", "kind": "post", "holders": [],
                      "vacant": True, "fte": None, "unit": "Enterprise PMO",
                      "role": C + "PMOManager"}
    job_share = G.nodes[EX + "post-pmo-analyst-reporting"]
    assert job_share["holders"] == ["Ines Duarte", "Kwame Asante"]
    assert job_share["vacant"] is False
    # org:holds on the person counts as well as org:heldBy on the post.
    assert G.nodes[EX + "post-pmo-coordinator"]["holders"] == ["Lucy Chen"]
    assert G.nodes[EX + "post-ceo"]["role"] is None
    assert G.nodes[EX + "post-business-pm"]["unit"] == "Apollo Billing project"


def test_dotted_lines_are_kept_apart(sample: pmograph.KnowledgeGraph) -> None:
    dotted, solid = dotted_line_view(sample), reporting_view(sample)
    assert list(dotted.edges) == [(EX + "post-cto", EX + "post-technical-pm")]
    assert not solid.has_edge(EX + "post-cto", EX + "post-technical-pm")
    assert set(dotted) == set(solid)
    assert dotted.nodes[EX + "post-cto"] == solid.nodes[EX + "post-cto"]


def test_people_who_report_directly_are_nodes() -> None:
    kg = pmograph.load(DATA / "chinook-employees.ttl", catalog=False)
    G = reporting_view(kg)
    root = "https://example.org/chinook/employee/1"
    assert G.nodes[root] == {"label": "Andrew Adams", "kind": "person", "holders": [],
                             "vacant": False, "fte": None, "unit": None, "role": None}
    assert G.number_of_edges() == 7


def test_posts_held_by_a_person(sample: pmograph.KnowledgeGraph) -> None:
    assert posts_held(sample, EX + "lucy-chen") == [EX + "post-pmo-coordinator"]
    assert posts_held(sample, EX + "kwame-asante") == [EX + "post-pmo-analyst-reporting"]
    assert posts_held(sample, EX + "post-ceo") == []


def test_views_are_cached_and_rebuilt_after_a_change(tmp_path: Path) -> None:
    kg = pmograph.load(DATA / "tiny-org.ttl", catalog=False)
    first = reporting_view(kg)
    assert reporting_view(kg) is first
    extra = tmp_path / "more.ttl"
    extra.write_text("@prefix org: <http://www.w3.org/ns/org#> .\n"
                     "<https://example.org/tiny/pa> org:reportsTo "
                     "<https://example.org/tiny/ceo> .\n",
                     encoding="utf-8")
    kg.add(extra)
    second = reporting_view(kg)
    assert second is not first
    assert second.number_of_edges() == first.number_of_edges() + 1


def test_problems_are_recorded_not_raised() -> None:
    kg = pmograph.load(DATA / "reporting-cycle.ttl", DATA / "two-line-managers.ttl",
                       catalog=False)
    G = reporting_view(kg)  # builds without raising
    assert G.number_of_edges() == 4 + 3
    problems = reporting_problems(kg)
    assert [p.check for p in problems] == ["cycle", "two-line-managers"]
    cycle, managers = problems
    cy = "https://example.org/cycle/"
    assert cycle.members == (cy + "alpha", cy + "beta", cy + "gamma")
    assert "'Alpha Lead'" in cycle.message and "'Gamma Lead'" in cycle.message
    two = "https://example.org/two/"
    assert managers.focus == two + "pm"
    assert managers.members == (two + "boss", two + "other")
    assert "'Finance Director'" in managers.message


def test_a_post_reporting_to_itself_is_a_cycle() -> None:
    from rdflib import Graph
    data = Graph().parse(format="turtle", data="""
        @prefix org: <http://www.w3.org/ns/org#> .
        <https://e.org/a> org:reportsTo <https://e.org/a> .""")
    problems = reporting_problems(pmograph.load(data, catalog=False))
    assert [(p.check, p.members) for p in problems] == [("cycle", ("https://e.org/a",))]


def test_sample_and_catalog_have_no_problems(sample: pmograph.KnowledgeGraph) -> None:
    assert reporting_problems(sample) == []
    assert role_reporting_problems(sample) == []


def test_role_reporting_view_is_many_to_many(catalog: pmograph.KnowledgeGraph) -> None:
    G = role_reporting_view(catalog)
    bosses = set(G.predecessors(C + "ProjectManager"))
    assert {C + "ManagerOfProjectManagers", C + "DirectorOfProjectManagement"} <= bosses
    assert len(bosses) >= 2
    line = G.edges[C + "PMODirector", C + "PMOManager"]
    assert line["sources"] and all(s.startswith(C) for s in line["sources"])
    node = G.nodes[C + "PMOCoordinator"]
    assert node == {"label": "PMO Coordinator", "track": "PMO", "level": 2}
    assert all(isinstance(d["level"], int) for _, d in G.nodes(data=True))


def test_promotion_view_edges_and_requirements(catalog: pmograph.KnowledgeGraph) -> None:
    G = promotion_view(catalog)
    move = G.edges[C + "ProjectManager", C + "ProgramOfficeManager"]
    assert move["kind"] == "promotion"
    assert move["years"] == 5.0
    assert move["requires"] == [C + "ProjectManagementSkills"]
    assert move["sources"] == [C + "SourceProvek"]
    assert G.edges[C + "PMOAnalyst", C + "ProjectManager"]["kind"] == "lateral"
    needs = G.nodes[C + "PMOManager"]["requirements"]
    qualifications = {r["qualification"] for r in needs if r["qualification"]}
    assert C + "MastersDegree" in qualifications
    graded = [r for r in G.nodes[C + "ProjectSupportOfficer"]["requirements"]
              if r["proficiency"] is not None]
    assert graded and all(isinstance(r["proficiency"], int) and r["framework"] for r in graded)
    assert G.nodes[C + "PMODirector"]["level"] == 7
    # Every role is a node, even one with no move.
    assert set(role_reporting_view(catalog)) <= set(G)


def test_views_are_the_same_on_the_oxigraph_store(tmp_path: Path,
                                                  sample: pmograph.KnowledgeGraph) -> None:
    stored = pmograph.load(SAMPLE, store=f"oxigraph:{tmp_path / 'db'}")
    for view in (reporting_view, dotted_line_view, role_reporting_view, promotion_view):
        on_disk, in_memory = view(stored), view(sample)
        assert dict(on_disk.nodes(data=True)) == dict(in_memory.nodes(data=True))
        assert sorted(on_disk.edges(data=True)) == sorted(in_memory.edges(data=True))


def _projected(G: object) -> tuple[list[object], list[object]]:
    import networkx as nx
    assert isinstance(G, nx.DiGraph)
    return ([(n, d["label"], d["kind"]) for n, d in G.nodes(data=True)], list(G.edges))


@pytest.mark.parametrize("files", [
    [SAMPLE], [DATA / "chinook-employees.ttl"],
    [DATA / "reporting-cycle.ttl", DATA / "two-line-managers.ttl"],
    [ROOT / "data" / "external" / "w3c-csvw-uc4-HEFCE_organogram_31032011.nt"]],
    ids=["sample", "people-only", "problems", "hefce"])
@pytest.mark.parametrize("store", ["memory", "rdflib"])
def test_the_structure_view_is_the_full_view_without_details(files: list[Path],
                                                            store: str) -> None:
    """``details=False`` gives the same nodes, in the same order, the same labels, kinds and
    edges as the full view, and nothing else; it is built without the full view."""
    structure_kg = pmograph.load(*files, catalog=False, store=store)
    full_kg = pmograph.load(*files, catalog=False, store=store)
    for view in (reporting_view, dotted_line_view):
        structure = view(structure_kg, details=False)
        assert not structure_kg.is_cached(("view", "solid-lines"))
        assert all(set(data) == {"label", "kind"} for _, data in structure.nodes(data=True))
        assert _projected(structure) == _projected(view(full_kg))
    assert reporting_problems(structure_kg) == reporting_problems(full_kg)


def test_the_structure_view_counts_untyped_held_posts_as_posts() -> None:
    from rdflib import Graph
    data = Graph().parse(format="turtle", data="""
        @prefix org: <http://www.w3.org/ns/org#> . @prefix ex: <https://e.org/> .
        @prefix skos: <http://www.w3.org/2004/02/skos/core#> .
        ex:held org:heldBy ex:kim . ex:kim org:holds ex:also . ex:roled org:role ex:r .
        ex:typed a org:Post ; skos:prefLabel "Typed"@fr, "Typed (en)"@en .
        ex:kim org:reportsTo ex:typed .""")
    kg = pmograph.load(data, catalog=False)
    G = reporting_view(kg, details=False)
    assert {n: d["kind"] for n, d in G.nodes(data=True)} == {
        "https://e.org/also": "post", "https://e.org/held": "post",
        "https://e.org/roled": "post", "https://e.org/typed": "post",
        "https://e.org/kim": "resource"}
    assert G.nodes["https://e.org/typed"]["label"] == "Typed (en)"
    assert _projected(G) == _projected(reporting_view(pmograph.load(data, catalog=False)))


def test_the_structure_view_is_the_full_view_once_that_is_built(
        sample: pmograph.KnowledgeGraph) -> None:
    full = reporting_view(sample)
    assert reporting_view(sample, details=False) is full
    assert reporting_view(sample, as_of="2099-01-01", details=False).number_of_nodes() > 0
