"""pmograph._algorithms.metrics: org-design figures on tiny literal graphs, counted by hand."""

from __future__ import annotations

import networkx as nx
import pytest

import pmograph
from pmograph._algorithms.metrics import (
    SPAN_BANDS,
    LevelCompression,
    level_compression,
    org_metrics,
    post_fte,
    span_band,
    span_bands,
)
from pmograph._typing import StrDiGraph


def org(edges: list[tuple[str, str]], **attributes: dict[str, object]) -> StrDiGraph:
    """A reporting view: edges manager → report; every node held by one person unless the
    keyword arguments say otherwise (``holders={"x": []}`` makes x vacant)."""
    G: StrDiGraph = nx.DiGraph(edges)
    nx.set_node_attributes(G, dict.fromkeys(G, "post"), "kind")
    nx.set_node_attributes(G, {node: [node.upper()] for node in G}, "holders")
    nx.set_node_attributes(G, dict.fromkeys(G), "fte")
    for name, values in attributes.items():
        nx.set_node_attributes(G, values, name)
    for node, data in G.nodes(data=True):
        data["vacant"] = not data["holders"] and data["fte"] is None
        data["label"] = node
    return G


def test_bands_cover_every_span_once() -> None:
    assert [name for name, _, _ in SPAN_BANDS] == ["1", "2-3", "4-7", "8-12", "13-16", "17+"]
    assert [span_band(n) for n in range(1, 20)] == (
        ["1"] + ["2-3"] * 2 + ["4-7"] * 4 + ["8-12"] * 5 + ["13-16"] * 4 + ["17+"] * 3)
    assert span_bands([]) == dict.fromkeys(["1", "2-3", "4-7", "8-12", "13-16", "17+"], 0)
    with pytest.raises(ValueError, match="at least 1"):
        span_band(0)


def test_fte_from_the_data_else_one_per_filled_post() -> None:
    assert post_fte({"kind": "post", "holders": ["a"], "fte": None}) == 1.0
    assert post_fte({"kind": "post", "holders": ["a", "b"], "fte": None}) == 1.0  # job share
    assert post_fte({"kind": "post", "holders": [], "fte": None}) == 0.0  # vacant
    assert post_fte({"kind": "post", "holders": ["a"], "fte": 0.6}) == 0.6  # part time
    assert post_fte({"kind": "post", "holders": [], "fte": 12.65}) == 12.65  # junior row
    assert post_fte({"kind": "person", "holders": [], "fte": None}) == 1.0


def test_a_small_organisation_counted_by_hand() -> None:
    # ceo ── cto ── dev, ops (vacant), qa (job share)
    #    └── cfo ── acct (0.5 FTE)      juniors: a row of 7.5 FTE under ops
    G = org([("ceo", "cto"), ("ceo", "cfo"), ("cto", "dev"), ("cto", "ops"), ("cto", "qa"),
             ("cfo", "acct"), ("ops", "juniors")],
            holders={"ops": [], "qa": ["QA1", "QA2"], "juniors": []},
            fte={"acct": 0.5, "juniors": 7.5})
    figures = org_metrics(G)
    assert (figures.posts, figures.vacant, figures.job_shares) == (8, 1, 1)
    assert figures.people == 7  # ceo cto cfo dev qa1 qa2 acct (labels: no holder IRIs given)
    assert figures.fte == pytest.approx(1 + 1 + 1 + 1 + 0 + 1 + 0.5 + 7.5)
    assert figures.layers == [1, 2, 4, 1]
    assert figures.layer_fte == pytest.approx([1, 2, 2.5, 7.5])
    assert figures.spans == {"ceo": 2, "cto": 3, "cfo": 1, "ops": 1}
    assert figures.headcount == {"ceo": 7, "cto": 4, "cfo": 1, "ops": 1}
    assert figures.fte_below["cto"] == pytest.approx(1 + 0 + 1 + 7.5)
    assert figures.vacant_below == {"ceo": 1, "cto": 1, "cfo": 0, "ops": 0}
    assert figures.depth == {"ceo": 0, "cto": 1, "cfo": 1, "ops": 2}
    assert sorted(figures.managers_of_one) == ["cfo", "ops"]
    assert figures.bands == {"1": 2, "2-3": 2, "4-7": 0, "8-12": 0, "13-16": 0, "17+": 0}
    assert (figures.span_median, figures.span_mean) == (1.5, 1.75)
    assert figures.deepest == ["ceo", "cto", "ops", "juniors"]
    assert figures.vacancy_rate == pytest.approx(1 / 8)


def test_people_are_distinct_holders_when_their_ids_are_given() -> None:
    # One person holds two posts (acting up): one person, two posts, two FTE.
    G = org([("ceo", "a"), ("ceo", "b")])
    figures = org_metrics(G, holders={"ceo": ["urn:p1"], "a": ["urn:p2"], "b": ["urn:p2"]})
    assert (figures.posts, figures.people, figures.fte) == (3, 2, 3.0)


def test_a_root_measures_only_its_subtree() -> None:
    G = org([("ceo", "cto"), ("ceo", "cfo"), ("cto", "dev"), ("dev", "intern")])
    figures = org_metrics(G, source="cto")
    assert (figures.posts, figures.layers, figures.deepest) == (3, [1, 1, 1],
                                                                ["cto", "dev", "intern"])
    assert figures.headcount == {"cto": 2, "dev": 1}
    with pytest.raises(pmograph.UnknownNameError):
        org_metrics(G, source="nobody")


def test_separate_trees_and_isolated_posts_are_layers_too() -> None:
    G = org([("ceo", "cto"), ("chair", "secretary")])
    G.add_node("lonely", kind="post", holders=[], fte=None, vacant=True, label="lonely")
    figures = org_metrics(G)
    assert figures.layers == [3, 2]
    assert figures.vacant == 1 and figures.spans == {"ceo": 1, "chair": 1}
    assert figures.deepest == ["ceo", "cto"]  # ties broken by label


def test_bad_structure_raises_naming_it() -> None:
    cycle = org([("a", "b"), ("b", "c"), ("c", "a"), ("top", "x")])
    with pytest.raises(pmograph.ReportingCycleError) as caught:
        org_metrics(cycle)
    assert set(caught.value.members) == {"a", "b", "c"}
    with pytest.raises(pmograph.ReportingCycleError):
        org_metrics(cycle, source="a")
    two = org([("boss", "x"), ("other", "x")])
    with pytest.raises(pmograph.GraphStructureError, match="2 solid-line managers"):
        org_metrics(two)
    # A problem outside the subtree measured does not stop it.
    assert org_metrics(cycle, source="top").posts == 2


def test_units_roll_up_into_the_units_around_them_once() -> None:
    G = org([("ceo", "a"), ("ceo", "b"), ("a", "c")], holders={"b": []})
    units = {"ceo": "u:board", "a": "u:pmo", "b": "u:pmo", "c": "u:team"}
    parents = {"u:team": ["u:pmo", "u:company"], "u:pmo": ["u:company"],
               "u:board": ["u:company"], "u:company": ["u:group"],
               "u:group": ["u:company"]}  # a nesting loop at the top: walked once
    figures = org_metrics(G, units=units, unit_parents=parents)
    pmo = figures.units["u:pmo"]
    assert (pmo.headcount, pmo.fte, pmo.vacant, pmo.people) == (3, 2.0, 1, 2)
    assert (pmo.direct_headcount, pmo.direct_fte) == (2, 1.0)
    company = figures.units["u:company"]
    assert (company.headcount, company.direct_headcount, company.fte) == (4, 0, 3.0)
    assert figures.units["u:team"].headcount == 1
    assert figures.units["u:group"].headcount == 4  # the group and the company contain all
    G.add_node("temp", kind="post", holders=["T"], fte=None, vacant=False, label="temp")
    assert org_metrics(G, units=units).units[None].headcount == 1  # in no unit


def test_level_compression_and_dotted_load() -> None:
    G = org([("head", "lead"), ("lead", "dev"), ("lead", "senior"), ("head", "x")],
            role={"head": "r:director", "lead": "r:lead", "dev": "r:dev",
                  "senior": "r:lead", "x": "r:unknown"})
    levels = {"r:director": 7, "r:lead": 5, "r:dev": 3}
    expected = [LevelCompression("lead", "senior", 5, 5)]
    assert level_compression(G, levels) == expected
    assert org_metrics(G, levels=levels).compression == expected
    assert org_metrics(G, levels={**levels, "r:dev": 6}).compression == [
        LevelCompression("lead", "dev", 5, 6), *expected]
    dotted = nx.DiGraph([("head", "dev"), ("head", "senior"), ("lead", "x"),
                         ("outsider", "dev")])
    assert org_metrics(G, dotted=dotted).dotted == {"head": 2, "lead": 1}


def test_an_empty_view() -> None:
    figures = org_metrics(nx.DiGraph())
    assert (figures.posts, figures.layers, figures.deepest, figures.span_median) == (
        0, [], [], None)
    assert figures.vacancy_rate == 0.0
