"""`path` reads lateral moves as lateral and says why there is no path (issue #14, item 6)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from test_career_graph import Cli

import pmograph
from pmograph import describe_paths


@pytest.fixture(scope="module")
def kg() -> pmograph.KnowledgeGraph:
    return pmograph.load()


# --- path: lateral moves read as lateral ---------------------------------------------------
def test_path_labels_each_move(kg: pmograph.KnowledgeGraph, cli: Cli, schema: Any) -> None:
    answer = describe_paths(kg, "PMO Coordinator", "VP of Project Management", k=1)
    assert [e.get("move") for e in answer["paths"][0]] == [None, "promotion", "lateral",
                                                           "promotion"]
    result = cli("path", "PMO Analyst", "Project Manager", "--json")
    assert result.code == 0, result.err
    schema("path", result.json())
    (path,) = result.json()["paths"][:1]
    assert path[1]["move"] == "lateral" and "move" not in path[0]
    assert result.json()["reasons"] == []
    text = " ".join(cli("path", "PMO Coordinator", "VP of Project Management").out.split())
    assert text.startswith(
        "1. PMO Coordinator → PMO Analyst ⇢ Project Manager → Manager of Project Managers")
    assert "1 lateral" in text and "⇢ lateral move (across, not up)" in text


def test_path_into_an_unreached_role_says_why(cli: Cli, schema: Any) -> None:
    result = cli("path", "Project Manager", "Head of Programs and Projects", "--json")
    assert result.code == 0, result.err
    answer = result.json()
    schema("path", answer)
    assert answer["paths"] == []
    assert answer["reasons"] and "no source" in answer["reasons"][0]
    text = " ".join(cli("path", "Project Manager", "Head of Programs and Projects").out.split())
    assert text.startswith("No career path") and "no source read says" in text


def test_a_route_only_down_in_level_is_named_as_such(tmp_path: Path) -> None:
    data = tmp_path / "moves.ttl"
    data.write_text("""
        @prefix pmo: <https://w3id.org/pmograph/ns#> . @prefix ex: <https://example.org/> .
        @prefix skos: <http://www.w3.org/2004/02/skos/core#> .
        ex:lead a pmo:Role ; skos:prefLabel "Lead"@en ; pmo:level 5 .
        ex:aide a pmo:Role ; skos:prefLabel "Aide"@en ; pmo:level 2 .
        ex:back a pmo:LateralMove ; pmo:fromRole ex:lead ; pmo:toRole ex:aide .
    """, encoding="utf-8")
    kg = pmograph.load(data, catalog=False)
    answer = describe_paths(kg, "Lead", "Aide")
    assert answer["paths"] == []
    assert len(answer["reasons"]) == 1 and "down in level" in answer["reasons"][0]
    down = describe_paths(kg, "Lead", "Aide", allow_downward=True)
    assert [[e.get("move") for e in path] for path in down["paths"]] == [[None, "lateral"]]
    assert down["reasons"] == []
