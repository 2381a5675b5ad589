"""Reporting-line algorithms: tiny literal graphs, real data, big and broken trees."""

from __future__ import annotations

import random
import time
from pathlib import Path

import networkx as nx
import pytest

import pmograph
from pmograph import (
    GraphStructureError,
    ReportingCycleError,
    SpanOfControl,
    UnknownNameError,
    all_reports,
    chain_of_command,
    depth,
    direct_reports,
    is_senior,
    layers,
    lowest_common_manager,
    reporting_view,
    role_reporting_view,
    roles_above,
    seniority_path,
    span_of_control,
)

DATA = Path(__file__).parent / "data"
SAMPLE = Path(__file__).resolve().parent.parent / "examples" / "sample-org.ttl"
HEFCE = "w3c-csvw-uc4-HEFCE_organogram_31032011.nt"
EMP = "https://example.org/chinook/employee/"
EX = "https://example.org/meridian/"
C = "https://w3id.org/pmograph/catalog/"


def tree() -> nx.DiGraph:
    return nx.DiGraph([("ceo", "cto"), ("ceo", "cfo"), ("cto", "dev1"), ("cto", "dev2"),
                       ("cfo", "acct"), ("dev1", "intern")])


# ------------------------------------------------------------------------ tiny literal graphs
def test_chain_nearest_first_and_depth() -> None:
    G = tree()
    assert chain_of_command(G, "intern") == ["dev1", "cto", "ceo"]
    assert chain_of_command(G, "ceo") == []
    assert depth(G, "intern") == 3
    assert depth(G, "ceo") == 0


def test_reports_span_and_layers() -> None:
    G = tree()
    assert direct_reports(G, "cto") == ["dev1", "dev2"]
    assert all_reports(G, "ceo") == ["cfo", "cto", "acct", "dev1", "dev2", "intern"]
    assert all_reports(G, "intern") == []
    assert span_of_control(G, "ceo") == SpanOfControl(direct=2, total=6)
    assert span_of_control(G, "cto") == (2, 3)
    assert layers(G) == [["ceo"], ["cfo", "cto"], ["acct", "dev1", "dev2"], ["intern"]]
    assert layers(G, "cfo") == [["cfo"], ["acct"]]


def test_reports_are_ordered_by_label_not_key() -> None:
    G = nx.DiGraph([("boss", "b"), ("boss", "a")])
    G.nodes["a"]["label"], G.nodes["b"]["label"] = "Zoe", "Adam"
    assert direct_reports(G, "boss") == ["b", "a"]


def test_lowest_common_manager_and_seniority() -> None:
    G = tree()
    assert lowest_common_manager(G, "intern", "dev2") == "cto"
    assert lowest_common_manager(G, "intern", "acct") == "ceo"
    assert lowest_common_manager(G, "dev1", "intern") == "dev1"
    G.add_edge("board", "chair")
    assert lowest_common_manager(G, "chair", "ceo") is None
    assert seniority_path(G, "ceo", "intern") == ["ceo", "cto", "dev1", "intern"]
    assert is_senior(G, "cto", "intern")
    assert not is_senior(G, "intern", "cto")
    assert not is_senior(G, "cfo", "intern")
    assert seniority_path(G, "cfo", "intern") == []


def test_two_solid_line_managers_raise_naming_both() -> None:
    G = tree()
    G.add_edge("cfo", "dev1")
    with pytest.raises(GraphStructureError) as caught:
        chain_of_command(G, "intern")
    assert sorted(caught.value.members) == ["cfo", "cto"]
    assert "'cfo'" in str(caught.value) and "'cto'" in str(caught.value)
    assert not isinstance(caught.value, ReportingCycleError)
    with pytest.raises(GraphStructureError):
        all_reports(G, "ceo")
    # Questions that do not pass the double line still answer.
    assert chain_of_command(G, "acct") == ["cfo", "ceo"]


@pytest.mark.parametrize("start", ["a", "b", "c", "below"])
def test_cycles_raise_with_their_members(start: str) -> None:
    G = nx.DiGraph([("a", "b"), ("b", "c"), ("c", "a"), ("a", "below")])
    with pytest.raises(ReportingCycleError) as caught:
        chain_of_command(G, start)
    assert sorted(caught.value.members) == ["a", "b", "c"]
    assert caught.value.code == "reporting-cycle"


def test_cycle_found_going_down_and_without_a_root() -> None:
    G = nx.DiGraph([("a", "b"), ("b", "c"), ("c", "a")])
    with pytest.raises(ReportingCycleError) as caught:
        all_reports(G, "a")
    assert sorted(caught.value.members) == ["a", "b", "c"]
    G.add_edge("root", "x")
    with pytest.raises(ReportingCycleError):
        layers(G)  # the cycle hangs under no root: still reported
    self_loop = nx.DiGraph([("a", "a")])
    with pytest.raises(ReportingCycleError) as caught:
        chain_of_command(self_loop, "a")
    assert caught.value.members == ["a"]


def test_unknown_node_is_a_pmograph_error() -> None:
    with pytest.raises(UnknownNameError):
        chain_of_command(tree(), "nobody")


def test_roles_above_gives_every_upward_path() -> None:
    G = nx.DiGraph([("vp", "pm"), ("director", "pm"), ("ceo", "vp"), ("ceo", "director")])
    assert roles_above(G, "pm") == [["director", "ceo"], ["vp", "ceo"]]
    assert roles_above(G, "pm", cutoff=1) == [["director"], ["vp"]]
    assert roles_above(G, "ceo") == [[]]
    G.add_edge("pm", "ceo")
    with pytest.raises(ReportingCycleError):
        roles_above(G, "pm")


# ---------------------------------------------------------------------------------- real data
def test_chinook_employees() -> None:
    """Facts A5 of research/external-facts.md."""
    G = reporting_view(pmograph.load(DATA / "chinook-employees.ttl", catalog=False))
    assert [n for n in G if G.in_degree(n) == 0] == [EMP + "1"]
    assert set(direct_reports(G, EMP + "1")) == {EMP + "2", EMP + "6"}
    assert set(direct_reports(G, EMP + "2")) == {EMP + "3", EMP + "4", EMP + "5"}
    assert set(direct_reports(G, EMP + "6")) == {EMP + "7", EMP + "8"}
    assert chain_of_command(G, EMP + "3") == [EMP + "2", EMP + "1"]
    assert chain_of_command(G, EMP + "7") == [EMP + "6", EMP + "1"]
    assert lowest_common_manager(G, EMP + "3", EMP + "7") == EMP + "1"
    assert span_of_control(G, EMP + "1") == (2, 7)


def test_hefce_organogram(external: Path) -> None:
    """Facts A2: the root, its direct reports, and junior rows per senior post."""
    kg = pmograph.load(external / HEFCE, catalog=False)
    G = reporting_view(kg)
    post = "http://reference.data.gov.uk/id/public-body/higher-education-funding-council-for-england/post/"
    assert str(kg.resolve("90334")) == post + "90334"
    roots = [n for n in G if G.in_degree(n) == 0]
    assert roots == [post + "90334"]
    assert set(direct_reports(G, post + "90334")) == {post + "90115", post + "90250",
                                                      post + "90284"}
    assert {ref: len(direct_reports(G, post + ref)) for ref in ("90115", "90284", "90250")} == {
        "90115": 54, "90284": 16, "90250": 12}
    junior = direct_reports(G, post + "90250")[0]
    assert chain_of_command(G, junior) == [post + "90250", post + "90334"]
    assert span_of_control(G, post + "90334") == (3, 3 + 82)
    assert len(layers(G)) == 3


def test_sample_organisation() -> None:
    kg = pmograph.load(SAMPLE)
    G = reporting_view(kg)
    assert lowest_common_manager(G, EX + "post-business-pm", EX + "post-technical-pm") == (
        EX + "post-program-manager")
    assert seniority_path(G, EX + "post-vp-pm", EX + "post-pmo-coordinator") == [
        EX + "post-vp-pm", EX + "post-pmo-director", EX + "post-pmo-manager-delivery",
        EX + "post-pmo-coordinator"]
    # The dotted line from the technical PM to the CTO never makes the CTO senior to it.
    assert not is_senior(G, EX + "post-cto", EX + "post-technical-pm")
    assert span_of_control(G, EX + "post-pmo-director") == (2, 5)


def test_catalog_roles_above_project_manager(catalog: pmograph.KnowledgeGraph) -> None:
    paths = roles_above(role_reporting_view(catalog), C + "ProjectManager")
    tops = {path[-1] for path in paths}
    assert C + "HeadOfProgramsAndProjects" in tops
    assert [C + "ManagerOfProjectManagers", C + "HeadOfProgramsAndProjects"] in paths
    assert all(path for path in paths)
    assert [len(p) for p in paths] == sorted(len(p) for p in paths)


# ------------------------------------------------------------------------------ big and deep
def test_a_10000_deep_chain_is_walked_without_recursion() -> None:
    G = nx.path_graph(10_000, create_using=nx.DiGraph)
    started = time.perf_counter()
    chain = chain_of_command(G, 9_999)
    assert chain == list(range(9_998, -1, -1))
    assert all_reports(G, 0) == list(range(1, 10_000))
    assert len(layers(G)) == 10_000
    assert lowest_common_manager(G, 9_999, 5_000) == 5_000
    assert time.perf_counter() - started < 5


def test_a_100000_post_organisation() -> None:
    rng = random.Random(3)
    G = nx.DiGraph()
    G.add_node(0)
    for post in range(1, 100_000):
        G.add_edge(rng.randrange(max(0, post - 50), post), post)  # deep and bushy
    started = time.perf_counter()
    assert span_of_control(G, 0).total == 99_999
    assert sum(len(layer) for layer in layers(G)) == 100_000
    chain = chain_of_command(G, 99_999)
    assert chain[-1] == 0 and len(chain) == depth(G, 99_999)
    assert chain == sorted(chain, reverse=True)  # every manager was added before its reports
    assert lowest_common_manager(G, 99_999, 99_998) is not None
    assert time.perf_counter() - started < 10
