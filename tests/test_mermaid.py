"""Mermaid output (issue #18): org charts and career ladders for wikis and Markdown.

The text is read back by a strict parser of the flowchart subset pmograph writes (Mermaid's
grammar: https://mermaid.js.org/syntax/flowchart.html): every line must be a header, a node, a
subgraph, an edge or a class definition, every edge must join declared nodes, and every label
must be one quoted string with no raw quote, bracket or newline.  What is read back must be the
view's nodes and edges.  (The Mermaid CLI drew the sample chart and the career ladder when this
was written; see the report of issue #18.)
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import networkx as nx
import pytest

import pmograph
from pmograph._answers.mermaid import mermaid
from pmograph._render.mermaid import org_chart_mermaid

Cli = Callable[..., Any]
SAMPLE = str(Path(__file__).resolve().parent.parent / "examples" / "sample-org.ttl")

HEADER = re.compile(r"flowchart (TB|BT|LR|RL)")
LABEL = r'"(?P<label>[^"\[\]\n]*)"'
NODE = re.compile(r"\s*(?P<id>[nm]\d+)\[" + LABEL + r"\](?::::(?P<css>\w+))?")
SUBGRAPH = re.compile(r"\s*subgraph (?P<id>t\d+)\[" + LABEL + r"\]")
EDGE = re.compile(r"\s*(?P<a>[nm]\d+) (?P<arrow>-->|-\.->|-\.->\|lateral\|) (?P<b>[nm]\d+)")
CLASSDEF = re.compile(r"\s*classDef \w+ [\w#:,\- ]+")
ENTITY = re.compile(r"#(\d+|quot|lt|gt|amp);")


def parse(text: str) -> dict[str, Any]:
    """Nodes (id → label text, entities decoded), edges and subgraphs of flowchart ``text``."""
    lines = text.splitlines()
    if lines[0] == "---":  # front matter: the title
        end = lines.index("---", 1)
        assert all(re.fullmatch(r'title: ".*"', line) for line in lines[1:end]), lines[:end]
        lines = lines[end + 1:]
    assert HEADER.fullmatch(lines[0]), lines[0]
    nodes: dict[str, str] = {}
    css: dict[str, str] = {}
    edges: list[tuple[str, str, str]] = []
    subgraphs, depth = [], 0
    for line in lines[1:]:
        if match := NODE.fullmatch(line):
            assert match["id"] not in nodes, f"{match['id']} declared twice"
            nodes[match["id"]] = decode(match["label"])
            if match["css"]:
                css[match["id"]] = match["css"]
        elif match := SUBGRAPH.fullmatch(line):
            subgraphs.append(decode(match["label"]))
            depth += 1
        elif line.strip() == "end":
            depth -= 1
            assert depth >= 0
        elif match := EDGE.fullmatch(line):
            assert match["a"] in nodes and match["b"] in nodes, line
            edges.append((match["a"], match["arrow"], match["b"]))
        else:
            assert CLASSDEF.fullmatch(line), f"not flowchart syntax: {line!r}"
    assert depth == 0
    return {"nodes": nodes, "css": css, "edges": edges, "subgraphs": subgraphs}


def decode(label: str) -> str:
    text = ENTITY.sub(lambda m: chr(int(m[1])) if m[1].isdigit()
                      else html.unescape(f"&{m[1]};"), label)
    return text.replace("<br/>", "\n")


def test_the_sample_org_chart_reads_back_as_its_reporting_lines(cli: Cli,
                                                                tmp_path: Path) -> None:
    out = tmp_path / "chart.mmd"
    result = cli("--data", SAMPLE, "render", "org-chart", "-o", str(out), "--json")
    assert result.code == 0, result.err
    assert result.json() == {"written": str(out), "format": "mmd", "counts": {"nodes": 15}}
    chart = parse(out.read_text(encoding="utf-8"))
    by_label = {label.split("\n")[0]: node for node, label in chart["nodes"].items()}
    kg = pmograph.load(SAMPLE)
    G = pmograph.reporting_view(kg)
    expected = {(G.nodes[a]["label"], G.nodes[b]["label"]) for a, b in G.edges}
    found = {(chart["nodes"][a].split("\n")[0], chart["nodes"][b].split("\n")[0])
             for a, arrow, b in chart["edges"] if arrow == "-->"}
    assert found == expected and len(found) == 14
    dotted = [(chart["nodes"][a], chart["nodes"][b]) for a, arrow, b in chart["edges"]
              if arrow == "-.->"]
    assert len(dotted) == 1 and dotted[0][0].startswith("Chief Technology Officer")
    assert chart["nodes"][by_label["PMO Manager, Delivery Support"]].endswith("\nvacant")
    assert chart["css"][by_label["PMO Manager, Delivery Support"]] == "vacant"
    share = by_label["PMO Analyst, Reporting"]
    assert chart["css"][share] == "jobshare"
    assert chart["nodes"][share].endswith("\nInes Duarte, Kwame Asante")


def test_the_career_ladder_reads_back_with_tracks_and_lateral_moves(cli: Cli,
                                                                    tmp_path: Path) -> None:
    out = tmp_path / "ladder.mmd"
    result = cli("render", "career-ladder", "-o", str(out), "--title", "Careers: PMO & PM")
    assert result.code == 0, result.err
    text = out.read_text(encoding="utf-8")
    assert text.startswith('---\ntitle: "Careers: PMO & PM"\n---\nflowchart BT\n')
    ladder = parse(text)
    assert set(ladder["subgraphs"]) == {"PMO", "Delivery", "Executive"}
    names = {node: label.split("\n")[0] for node, label in ladder["nodes"].items()}
    moves = {(names[a], arrow, names[b]) for a, arrow, b in ladder["edges"]}
    assert ("PMO Coordinator", "-->", "PMO Analyst") in moves
    assert ("PMO Analyst", "-.->|lateral|", "Project Manager") in moves
    P = pmograph.promotion_view(pmograph.load())
    assert len(moves) == P.number_of_edges()


def test_labels_cannot_break_out_of_their_node() -> None:
    hostile = ['Head "of" [R&D]', "a --> b", "end", "x\ny\r\u2028z", "%% comment", "<b>bold</b>",
               "`code`", "#quot; literal", "{x}|(y)"]
    G = nx.DiGraph()
    G.add_nodes_from((f"p{i}", {"label": text, "holders": [text]})
                     for i, text in enumerate(hostile))
    G.add_edges_from(("p0", f"p{i}") for i in range(1, len(hostile)))
    chart = parse(org_chart_mermaid(G, title='A "title"\nwith --> arrows'))
    assert len(chart["nodes"]) == len(hostile) and len(chart["edges"]) == len(hostile) - 1
    # Each label reads back as written (line breaks in the data become spaces), twice: the
    # title, then the holder.  The Mermaid CLI drew this chart with every label literal.
    written = [text.replace("\n", " ").replace("\r", "").replace("\u2028", " ")
               for text in hostile]
    assert sorted(chart["nodes"].values()) == sorted(f"{text}\n{text}" for text in written)


def test_a_big_team_is_summarised_past_the_budget() -> None:
    G = nx.balanced_tree(3, 4, create_using=nx.DiGraph)  # 121 posts
    G = nx.relabel_nodes(G, {n: f"p{n:03d}" for n in G})
    nx.set_node_attributes(G, {n: {"label": n, "holders": []} for n in G})
    chart = parse(org_chart_mermaid(G, max_nodes=20))
    drawn = [n for n in chart["nodes"] if n.startswith("n")]
    more = {n: int(label[1:].split()[0]) for n, label in chart["nodes"].items()
            if n.startswith("m")}
    assert len(drawn) == 20
    assert len(drawn) + sum(more.values()) == G.number_of_nodes()  # nobody lost
    shallow = parse(org_chart_mermaid(G, depth=1))
    assert len([n for n in shallow["nodes"] if n.startswith("n")]) == 4
    assert sorted(int(label[1:].split()[0]) for n, label in shallow["nodes"].items()
                  if n.startswith("m")) == [39, 39, 39]


def test_root_and_errors(catalog: pmograph.KnowledgeGraph, cli: Cli, tmp_path: Path) -> None:
    kg = pmograph.load(SAMPLE)
    part = parse(mermaid(kg, "org-chart", root="Daniel Mensah"))
    assert len(part["nodes"]) == 6
    assert next(iter(part["nodes"].values())).startswith("Director, Enterprise PMO")
    with pytest.raises(pmograph.RenderError, match="unknown direction"):
        org_chart_mermaid(pmograph.reporting_view(kg), direction="UP")
    result = cli("--data", SAMPLE, "render", "org-chart", "-o", str(tmp_path / "x.mmd"),
                 "--dpi", "200")
    assert result.code == 2 and "do not apply to Mermaid" in result.err
    hierarchy = parse(mermaid(catalog, "role-hierarchy", direction="LR"))
    assert hierarchy["edges"] and all(arrow == "-->" for _, arrow, _ in hierarchy["edges"])
