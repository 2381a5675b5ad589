"""export: RDF round trips, GraphML and edge CSV of the reporting lines, atomic writes."""

from __future__ import annotations

import csv
from collections.abc import Callable
from pathlib import Path
from typing import Any

import networkx as nx
import pytest
from rdflib import Graph

import pmograph

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "examples" / "sample-org.ttl"


@pytest.fixture(scope="module")
def sample() -> pmograph.KnowledgeGraph:
    return pmograph.load(SAMPLE, catalog=False)


@pytest.mark.parametrize(("suffix", "fmt"), [(".ttl", "turtle"), (".nt", "nt"),
                                             (".jsonld", "json-ld")])
def test_rdf_export_round_trips(sample: pmograph.KnowledgeGraph, tmp_path: Path, suffix: str,
                                fmt: str) -> None:
    out = tmp_path / f"org{suffix}"
    written = pmograph.export(sample, out)
    assert written["counts"]["triples"] == len(sample)
    back = Graph().parse(out, format=fmt)
    assert len(back) == len(sample.graph)
    assert back.isomorphic(sample.graph)


def test_graphml_has_solid_and_dotted_lines(sample: pmograph.KnowledgeGraph,
                                            tmp_path: Path) -> None:
    out = tmp_path / "org.graphml"
    pmograph.export(sample, out)
    graph = nx.read_graphml(out)
    lines = {data["line"] for _, _, data in graph.edges(data=True)}
    assert lines == {"solid", "dotted"}
    solid = pmograph.reporting_view(sample)
    assert sum(1 for *_, d in graph.edges(data=True) if d["line"] == "solid") == \
        solid.number_of_edges()
    labels = {data["label"] for _, data in graph.nodes(data=True)}
    assert "Chief Executive Officer" in labels


def test_csv_lists_every_line_with_labels(sample: pmograph.KnowledgeGraph,
                                          tmp_path: Path) -> None:
    out = tmp_path / "lines.csv"
    pmograph.export(sample, out)
    rows = list(csv.DictReader(out.open(encoding="utf-8")))
    solid = pmograph.reporting_view(sample)
    assert len([r for r in rows if r["line"] == "solid"]) == solid.number_of_edges()
    assert all(r["superior_label"] and r["subordinate_label"] for r in rows)
    dotted = [r for r in rows if r["line"] == "dotted"]
    assert len(dotted) == pmograph.dotted_line_view(sample).number_of_edges() >= 1


def test_cli_export_json_and_errors(cli: Callable[..., Any], schema: Any,
                                    tmp_path: Path) -> None:
    out = tmp_path / "org.csv"
    result = cli("export", "--no-catalog", "--data", str(SAMPLE), "-o", str(out), "--json")
    assert result.code == 0, result.err
    schema("written", result.json())
    assert result.json()["format"] == "csv"
    odd = cli("export", "--no-catalog", "-o", str(tmp_path / "x.unknown"))
    assert odd.code == 2 and "--format" in odd.err
    assert not (tmp_path / "x.unknown").exists()


def test_failed_export_leaves_the_old_file(sample: pmograph.KnowledgeGraph, tmp_path: Path,
                                           monkeypatch: pytest.MonkeyPatch) -> None:
    out = tmp_path / "org.ttl"
    out.write_text("old", encoding="utf-8")

    def broken(*args: Any, **kwargs: Any) -> None:
        raise OSError("disk full")

    monkeypatch.setattr("pmograph._atomic.os.replace", broken)
    with pytest.raises(pmograph.PmographError, match="no file was changed"):
        pmograph.export(sample, out)
    assert out.read_text(encoding="utf-8") == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["org.ttl"]
