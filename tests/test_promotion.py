"""Career paths, next roles and skill gaps over the promotion view."""

from __future__ import annotations

import time
from itertools import pairwise

import networkx as nx
import pytest

import pmograph
from pmograph import (
    PmographError,
    UnknownNameError,
    move_cost,
    next_roles,
    promotion_paths,
    promotion_view,
    skill_gap,
)

C = "https://w3id.org/pmograph/catalog/"


def ladder() -> nx.DiGraph:
    G = nx.DiGraph()
    for name, level in (("coordinator", 2), ("analyst", 3), ("manager", 5), ("director", 7),
                        ("pm", 4), ("support", 1)):
        G.add_node(name, label=name.title(), level=level, requirements=[])
    G.add_edges_from([("coordinator", "analyst"), ("analyst", "manager"),
                      ("manager", "director"), ("analyst", "pm"), ("pm", "manager")],
                     kind="promotion", requires=[])
    G.add_edge("pm", "support", kind="lateral", requires=[])
    G.add_edge("support", "director", kind="promotion", requires=[])
    return G


def need(skill: str, proficiency: int | None = None, *, framework: str | None = "sfia",
         essential: bool = True) -> dict[str, object]:
    return {"skill": skill, "qualification": None, "label": skill.title(),
            "proficiency": proficiency, "framework": framework if proficiency else None,
            "essential": essential}


def qualification(iri: str, *, essential: bool = True) -> dict[str, object]:
    return {"skill": None, "qualification": iri, "label": iri.upper(), "proficiency": None,
            "framework": None, "essential": essential}


# ------------------------------------------------------------------------ tiny literal graphs
def test_shortest_first_and_ties_broken_by_labels() -> None:
    paths = promotion_paths(ladder(), "coordinator", "director")
    assert paths == [["coordinator", "analyst", "manager", "director"],
                     ["coordinator", "analyst", "pm", "manager", "director"]]
    # Equal lengths come out in label order, whatever order the edges were added in.
    G = nx.DiGraph()
    G.add_nodes_from([("s", {"label": "S"}), ("z", {"label": "Zed"}), ("a", {"label": "Ann"}),
                      ("t", {"label": "T"})])
    G.add_edges_from([("s", "z"), ("z", "t"), ("s", "a"), ("a", "t")])
    assert promotion_paths(G, "s", "t") == [["s", "a", "t"], ["s", "z", "t"]]
    assert promotion_paths(G, "s", "t", k=1) == [["s", "a", "t"]]


def test_never_downward_unless_asked() -> None:
    G = ladder()
    # pm (4) → support (1) is a move down: left out by default.
    assert ["analyst", "pm", "support", "director"] not in promotion_paths(G, "analyst",
                                                                           "director")
    assert ["analyst", "pm", "support", "director"] in promotion_paths(
        G, "analyst", "director", allow_downward=True)
    assert promotion_paths(G, "pm", "support") == []
    assert next_roles(G, "pm") == ["manager"]
    assert next_roles(G, "pm", allow_downward=True) == ["manager", "support"]


def test_cutoff_and_k() -> None:
    G = ladder()
    assert promotion_paths(G, "coordinator", "director", cutoff=3) == [
        ["coordinator", "analyst", "manager", "director"]]
    assert promotion_paths(G, "coordinator", "director", cutoff=2) == []
    with pytest.raises(PmographError):
        promotion_paths(G, "coordinator", "director", k=0)
    with pytest.raises(UnknownNameError):
        promotion_paths(G, "coordinator", "astronaut")


def test_gap_weight_prefers_the_move_that_asks_less() -> None:
    G = nx.DiGraph()
    G.add_node("junior", level=1, label="Junior", requirements=[])
    G.add_node("step", level=2, label="Step", requirements=[need("planning")])
    G.add_node("senior", level=3, label="Senior",
               requirements=[need("planning"), need("risk", 4)])
    G.add_edge("junior", "senior", kind="promotion", requires=["x", "y"])
    G.add_edge("junior", "step", kind="promotion", requires=[])
    G.add_edge("step", "senior", kind="promotion", requires=[])
    assert promotion_paths(G, "junior", "senior")[0] == ["junior", "senior"]
    # The direct jump costs 1 + planning 1 + risk 4 + two required items = 8; via step: 2 + 5.
    assert move_cost(G, "junior", "senior") == 8
    assert move_cost(G, "junior", "step") + move_cost(G, "step", "senior") == 7
    assert promotion_paths(G, "junior", "senior", weight="gap")[0] == ["junior", "step",
                                                                        "senior"]
    with pytest.raises(PmographError):
        promotion_paths(G, "junior", "senior", weight="salary")  # type: ignore[arg-type]


def test_k_shortest_never_enumerates_all_paths() -> None:
    # 40 diamonds in a row: 2**40 simple paths from end to end.
    G = nx.DiGraph()
    for i in range(40):
        G.add_edges_from([(i, (i, "up")), (i, (i, "down")), ((i, "up"), i + 1),
                          ((i, "down"), i + 1)])
    started = time.perf_counter()
    paths = promotion_paths(G, 0, 40, k=3)
    assert len(paths) == 3 and all(len(p) == 81 for p in paths)
    assert time.perf_counter() - started < 10


def test_skill_gap_graded_ungraded_and_qualifications() -> None:
    G = nx.DiGraph()
    G.add_node("from", requirements=[need("risk", 2), need("tact"), need("cost", 3),
                                     need("scope", 5, framework="provek"),
                                     qualification("degree")])
    G.add_node("to", requirements=[
        need("risk", 4), need("tact"), need("cost", 3), need("scope", 2),
        need("vision", essential=False), need("budget", 2), qualification("degree"),
        qualification("pmp", essential=False), qualification("capm")])
    gap = skill_gap(G, "from", "to")
    assert [(s.skill, s.have, s.need, s.essential) for s in gap.skills] == [
        ("budget", 0, 2, True), ("risk", 2, 4, True), ("vision", 0, 1, False)]
    assert all(s.have < s.need for s in gap.skills)
    # Scope is graded on different scales in the two roles: counted as held, never guessed.
    assert "scope" not in {s.skill for s in gap.skills}
    assert gap.qualifications == ["capm", "pmp"]
    assert skill_gap(G, "to", "to") == ([], [])


# ------------------------------------------------------------------------------ the catalog
@pytest.fixture(scope="module")
def P() -> nx.DiGraph:
    return promotion_view(pmograph.load())


def test_catalog_pmo_ladder(P: nx.DiGraph) -> None:
    paths = promotion_paths(P, C + "PMOCoordinator", C + "PMODirector")
    ladder_path = [C + "PMOCoordinator", C + "PMOAnalyst", C + "PMOManager", C + "PMODirector"]
    # The seed's "a managerial position" names none, so no shortcut past the ladder exists:
    # the PMO Learning ladder is the shortest path.
    assert paths[0] == ladder_path
    assert [len(p) for p in paths] == sorted(len(p) for p in paths)
    assert all(p[0] == C + "PMOCoordinator" and p[-1] == C + "PMODirector" for p in paths)
    assert paths == promotion_paths(P, C + "PMOCoordinator", C + "PMODirector")


def test_catalog_pmo_analyst_can_become_project_manager(P: nx.DiGraph) -> None:
    paths = promotion_paths(P, C + "PMOAnalyst", C + "ProjectManager")
    assert paths[0] == [C + "PMOAnalyst", C + "ProjectManager"]
    assert P.edges[C + "PMOAnalyst", C + "ProjectManager"]["kind"] == "lateral"


def test_catalog_project_manager_to_portfolio_manager(P: nx.DiGraph) -> None:
    paths = promotion_paths(P, C + "ProjectManager", C + "PortfolioManager")
    assert paths[0] == [C + "ProjectManager", C + "ProgramManager", C + "PortfolioManager"]
    assert all(C + "ProgramManager" in p for p in paths)


def test_catalog_paths_never_go_down_in_level(P: nx.DiGraph) -> None:
    for source, target in ((C + "PMOCoordinator", C + "PMODirector"),
                           (C + "ProjectSupportOfficer", C + "PortfolioManager")):
        for path in promotion_paths(P, source, target, k=10):
            levels = [P.nodes[n]["level"] for n in path]
            assert all(b >= a for a, b in pairwise(levels)), path


def test_catalog_next_roles(P: nx.DiGraph) -> None:
    after = next_roles(P, C + "PMOCoordinator")
    assert after[0] == C + "PMOAnalyst"
    kinds = [P.edges[C + "ProjectManager", r]["kind"] for r in next_roles(P, C + "ProjectManager")]
    assert kinds == sorted(kinds, key=lambda k: k != "promotion")
    assert C + "PMOManager" in next_roles(P, C + "ProjectManager")


def test_catalog_gap_project_manager_to_pmo_roles(P: nx.DiGraph) -> None:
    gap = skill_gap(P, C + "ProjectManager", C + "PMODirector")
    assert gap.skills, "the PMO director's requirements are in the catalog"
    assert all(s.have < s.need for s in gap.skills)
    essentials = [s.essential for s in gap.skills]
    assert essentials == sorted(essentials, reverse=True)
    to_manager = skill_gap(P, C + "ProjectManager", C + "PMOManager")
    assert to_manager.skills[0].skill == C + "UnderstandingOfProjectManagement"
    assert to_manager.skills[0].essential
    # The project manager's own bachelor's degree is not a gap; the others are.
    assert C + "BachelorsDegree" not in to_manager.qualifications
    assert {C + "HighSchoolOrGED", C + "MastersDegree"} <= set(to_manager.qualifications)
