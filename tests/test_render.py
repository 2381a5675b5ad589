"""Diagrams: DOT text of small literal graphs, and real Graphviz runs on generated orgs."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from pathlib import Path

import networkx as nx
import pytest

import pmograph
from pmograph import Diagram, career_ladder, org_chart, role_hierarchy, write_diagram
from pmograph._render.output import format_for, run_dot
from pmograph._render.sample import synthetic_org
from pmograph._render.style import escape, node_id
from pmograph._render.tree import layout_tree, plan_org_chart

SVG = "{http://www.w3.org/2000/svg}"
INJECTION = 'Eve "]; x [label="pwn'


def small_org() -> tuple[nx.DiGraph, nx.DiGraph]:
    G = nx.DiGraph([("ex:ceo", "ex:cfo"), ("ex:ceo", "ex:pmo")])
    G.add_node("ex:ceo", label="Chief Executive", holders=["Ada"], unit="Board")
    G.add_node("ex:cfo", label="Finance Director", holders=[], vacant=True, unit="Finance")
    G.add_node("ex:pmo", label="Head of PMO", holders=["Bo", "Cy"], unit="PMO")
    return G, nx.DiGraph([("ex:cfo", "ex:pmo")])


def svg_texts(svg: bytes) -> list[str]:
    """The text of every <text> element of an SVG, entities decoded."""
    return ["".join(t.itertext()) for t in ET.fromstring(svg).iter(f"{SVG}text")]


def edge_lines(dot: str) -> list[str]:
    return [line for line in dot.splitlines() if " -> " in line]


# ---------------------------------------------------------------------- org chart: DOT text
def test_org_chart_dot_text() -> None:
    solid, dotted = small_org()
    dot = org_chart(solid, dotted).to_string()
    ceo, cfo, pmo = (node_id(n) for n in ("ex:ceo", "ex:cfo", "ex:pmo"))
    assert edge_lines(dot) == [
        f'{ceo} -> {cfo} [weight=1, tooltip="Finance Director reports to Chief Executive"];',
        f'{ceo} -> {pmo} [weight=1, tooltip="Head of PMO reports to Chief Executive"];',
        f'{cfo} -> {pmo} [style=dashed, color="#D9822B", penwidth=1.6, constraint=false, '
        'tooltip="Head of PMO has a dotted line to Finance Director"];',
    ]
    assert dot.startswith("digraph pmograph {\nrankdir=TB;\n")
    vacant = next(line for line in dot.splitlines() if line.startswith(cfo))
    assert "<I>Vacant</I>" in vacant and 'style="rounded,filled,dashed"' in vacant
    share = next(line for line in dot.splitlines() if line.startswith(pmo))
    assert "Bo<BR/>Cy" in share and "JOB SHARE" in share and "peripheries=2" in share
    ids = re.findall(r"^(\S+) (?:\[|->)", dot, re.MULTILINE)
    assert ids and not [i for i in ids if "ex:" in i]  # IRIs never become DOT IDs


def test_dotted_line_does_not_reparent() -> None:
    solid, _ = small_org()
    dotted = nx.DiGraph([("ex:pmo", "ex:cfo")])
    dot = org_chart(solid, dotted).to_string()
    overlay = [line for line in edge_lines(dot) if "dashed" in line]
    assert overlay == [f"{node_id('ex:pmo')} -> {node_id('ex:cfo')} [style=dashed, "
                       'color="#D9822B", penwidth=1.6, constraint=false, '
                       'tooltip="Finance Director has a dotted line to Head of PMO"];']
    assert plan_org_chart(solid).shown == ["ex:ceo", "ex:cfo", "ex:pmo"]


def test_second_line_manager_and_cycle_are_drawn_without_looping() -> None:
    G = nx.DiGraph([("a", "b"), ("a", "c"), ("b", "d"), ("c", "d"), ("x", "y"), ("y", "x")])
    roots, _children, extra = layout_tree(G)
    assert roots == ["a", "x"] and extra == [("c", "d"), ("y", "x")]
    dot = org_chart(G).to_string()
    second = next(line for line in edge_lines(dot)
                  if line.startswith(f"{node_id('c')} -> {node_id('d')} "))
    assert "constraint=false" in second and "2nd manager" in second


def test_same_input_same_dot_byte_for_byte() -> None:
    solid, dotted = synthetic_org(400, seed=3)
    first = org_chart(solid, dotted, clusters=True).to_string()
    shuffled = nx.DiGraph()
    shuffled.add_nodes_from(sorted(solid.nodes(data=True), reverse=True))
    shuffled.add_edges_from(sorted(solid.edges(), reverse=True))
    assert org_chart(shuffled, dotted, clusters=True).to_string() == first


def test_wide_span_is_packed_in_rows_in_one_group() -> None:
    G = nx.DiGraph([("head", f"r{i:02}") for i in range(30)]
                   + [(f"r{i:02}", f"r{i:02}-{j}") for i in range(30) for j in range(3)])
    chart = org_chart(G)
    dot = chart.to_string()
    head = node_id("head")
    from_head = [line for line in edge_lines(dot) if line.startswith(head)]
    # one line from the head, down to the bus its team hangs from, inside one team box
    assert len(from_head) == 1 and from_head[0].split(" -> ")[1].startswith("j")
    assert dot.count(f"subgraph cluster_{node_id('head', 'g')}") == 1
    assert dot.count("rank=same") >= 4  # several rows
    stacks = re.findall(r"^s[0-9a-f]{12} \[shape=plain", dot, re.MULTILINE)
    assert len(stacks) == 30  # each manager's three leaves stacked in one box
    svg = chart.render("svg")
    width, height = (float(v) for v in re.findall(rb'viewBox="0\.00 0\.00 ([\d.]+) ([\d.]+)"',
                                                    svg)[0])
    assert 1 / 4 <= width / height <= 4


def test_depth_and_root_limit_the_chart() -> None:
    G = nx.balanced_tree(3, 4, create_using=nx.DiGraph)
    G = nx.relabel_nodes(G, {n: f"p{n}" for n in G})
    chart = org_chart(G, root="p1", depth=1)
    assert chart.counts["shown"] == 4 and chart.counts["hidden"] == 36
    assert "+12 more below" in chart.to_string()
    with pytest.raises(KeyError):
        org_chart(G, root="nobody")


def test_node_budget_summarises_big_orgs() -> None:
    solid, dotted = synthetic_org(20_000, seed=1)
    chart = org_chart(solid, dotted, max_nodes=300)
    counts = chart.counts
    assert counts["posts"] == 20_000 and counts["shown"] <= 300
    assert counts["shown"] + counts["hidden"] == 20_000
    assert "more" in chart.to_string()


# ---------------------------------------------------------------------- safety: real dot
NASTY = [INJECTION, "<b>not bold</b> & {x}", "a|b [c] ; 'd'", "back\\slash \\N \\G \\\\ end",
         "Zoë Ørsted-Łukasz", "山田 太郎", "Имя Фамилия", "عربى"]


def test_labels_round_trip_into_the_svg_verbatim() -> None:
    G = nx.DiGraph([("ex:top", f"ex:p{i}") for i in range(len(NASTY))])
    G.add_node("ex:top", label="Top", holders=["Ada"])
    for i, name in enumerate(NASTY):
        G.add_node(f"ex:p{i}", label=f"Post {i}", holders=[name], unit="Unit {x}")
    G.add_node("ex:p0", label="Two\nlines", holders=[INJECTION])
    texts = svg_texts(org_chart(G).render("svg"))
    for name in NASTY:
        assert name in texts, name
    assert "Two" in texts and "lines" in texts  # a newline is a line break
    assert "x" not in {t.strip() for t in texts}  # no stray node made from the injection


def test_blank_labels_are_named_not_drawn_empty() -> None:
    """A label of white space only (here a no-break space) would be an empty box."""
    G = nx.DiGraph()
    G.add_node("urn:p", label="\xa0", kind="post", holders=[], vacant=True, fte=None,
               unit=None, role=None)
    assert "(untitled post)" in org_chart(G).to_string()


def test_escape_is_complete() -> None:
    assert escape('"') == "&quot;" and escape("<>&") == "&lt;&gt;&amp;"
    assert escape("\x00a\x07") == "a"
    assert escape("a\\b") == "a\\\\b"


# ---------------------------------------------------------------------- generated orgs, real dot
@pytest.mark.parametrize("posts", [1, 7, 120, 3_000])
def test_generated_orgs_render_with_dot(posts: int) -> None:
    solid, dotted = synthetic_org(posts, seed=posts)
    chart = org_chart(solid, dotted, clusters=posts == 120)
    svg = chart.render("svg")
    assert not chart.used_fallback
    root = ET.fromstring(svg)
    drawn_posts = chart.counts["shown"]
    nodes = [g for g in root.iter(f"{SVG}g") if g.get("class") == "node"
             and list(g.iter(f"{SVG}text"))]  # boxes, not the points teams hang from
    assert 1 <= len(nodes) <= drawn_posts + chart.counts["summaries"] + 1
    assert "Chief Executive" in svg_texts(svg)


def test_fallback_when_dot_fails() -> None:
    broken = Diagram(kind="test")
    broken.obj_dict["attributes"]["label"] = "<<TABLE><TR>>"  # malformed HTML: dot errors
    good = Diagram(kind="test")
    good.set("label", "fine")
    broken.simpler = lambda: good
    assert broken.render("svg").startswith(b"<?xml")
    assert broken.used_fallback
    broken.simpler = None
    with pytest.raises(pmograph.RenderError, match="dot"):
        broken.render("svg")


def test_missing_dot_says_how_to_install(monkeypatch: pytest.MonkeyPatch, tmp_path) -> None:
    monkeypatch.setenv("PATH", str(tmp_path))
    solid, dotted = small_org()
    chart = org_chart(solid, dotted)
    assert chart.render("dot").startswith(b"digraph")  # DOT needs no Graphviz
    with pytest.raises(pmograph.MissingDependencyError, match="apt-get install graphviz"):
        chart.render("png")


# ---------------------------------------------------------------------- formats and files
@pytest.mark.parametrize(("name", "magic"), [("c.svg", b"<?xml"), ("c.png", b"\x89PNG"),
                                             ("c.pdf", b"%PDF"), ("c.dot", b"digraph")])
def test_write_by_suffix(tmp_path, name: str, magic: bytes) -> None:
    solid, dotted = small_org()
    written = write_diagram(org_chart(solid, dotted), tmp_path / name)
    assert written.read_bytes().startswith(magic)


def test_pydots_own_methods_work_on_a_diagram(tmp_path: Path) -> None:
    """A Diagram is a pydot.Dot: pydot's create_*/write_* (which call write with pydot's
    keywords) behave as on any pydot graph, beside pmograph's own write."""
    diagram = org_chart(*small_org())
    assert diagram.create_svg().startswith(b"<?xml")
    assert diagram.create(format="dot").startswith(b"digraph")
    diagram.write_png(tmp_path / "pydot.png")
    assert (tmp_path / "pydot.png").read_bytes().startswith(b"\x89PNG")
    assert diagram.write(tmp_path / "raw.dot", prog="dot") is True  # pydot: raw DOT text
    assert (tmp_path / "raw.dot").read_text() == diagram.to_string()
    assert diagram.write(tmp_path / "own.svg") == tmp_path / "own.svg"  # pmograph: by suffix
    assert (tmp_path / "own.svg").read_bytes().startswith(b"<?xml")


def test_format_errors(tmp_path) -> None:
    assert format_for("x.gv") == "dot"
    with pytest.raises(pmograph.RenderError, match="suffix"):
        format_for("chart.jpeg")
    with pytest.raises(pmograph.RenderError, match="unsupported"):
        format_for("chart.svg", "gif")
    target = tmp_path / "keep.svg"
    target.write_text("old")
    with pytest.raises(pmograph.RenderError):
        org_chart(small_org()[0]).write(target, "bmp")
    assert target.read_text() == "old"


def test_jupyter_repr_is_svg() -> None:
    assert org_chart(small_org()[0])._repr_svg_().lstrip().startswith("<?xml")


def test_run_dot_rejects_garbage() -> None:
    with pytest.raises(pmograph.RenderError, match="Graphviz 'dot' failed"):
        run_dot("digraph { a -> }", "svg")


# ---------------------------------------------------------------------- role diagrams
def ladder_graph() -> nx.DiGraph:
    G = nx.DiGraph()
    for key, label, track, level in [("ps", "Project Support Officer", "PMO", 1),
                                     ("pa", "PMO Analyst", "PMO", 3),
                                     ("pm", "PMO Manager", "PMO", 5),
                                     ("pjm", "Project Manager", "Delivery", 4),
                                     ("dir", INJECTION, "Executive", 8)]:
        G.add_node(f"ex:{key}", label=label, track=track, level=level)
    G.add_edge("ex:ps", "ex:pa", kind="promotion")
    G.add_edge("ex:pa", "ex:pm", kind="promotion")
    G.add_edge("ex:pa", "ex:pjm", kind="lateral")
    G.add_edge("ex:pm", "ex:dir", kind="promotion")
    return G


def test_career_ladder_dot_and_svg() -> None:
    ladder = career_ladder(ladder_graph(), qualifications={"ex:pjm": ["PMP", "CAPM"]},
                           highlight=["ex:ps", "ex:pa", "ex:pm"])
    dot = ladder.to_string()
    pa, pjm = node_id("ex:pa", "r"), node_id("ex:pjm", "r")
    lateral = next(line for line in edge_lines(dot) if line.startswith(f"{pa} -> {pjm}"))
    assert "style=dashed" in lateral and "constraint=false" in lateral
    assert dot.count("penwidth=3.2") == 2  # the two highlighted moves
    assert "newrank=true" in dot and "rankdir=BT" in dot
    assert ladder.counts == {"roles": 5, "promotions": 3, "lateral": 1, "tracks": 3,
                             "levels": 5, "highlighted": 2}
    texts = svg_texts(ladder.render("svg"))
    for expected in ("PMP", "CAPM", "Level 1", "Level 8", "promotion", "lateral move",
                     "Delivery", INJECTION):
        assert expected in texts, expected


def test_role_hierarchy_senior_on_top() -> None:
    G = nx.DiGraph([("ex:pm", "ex:pa"), ("ex:dir", "ex:pm")])
    nx.set_node_attributes(G, {"ex:pm": 5, "ex:pa": 3, "ex:dir": 7}, "level")
    nx.set_node_attributes(G, {"ex:pm": "PMO", "ex:pa": "PMO", "ex:dir": None}, "track")
    nx.set_node_attributes(G, {"ex:pm": "Manager", "ex:pa": "Analyst", "ex:dir": "Director"},
                           "label")
    chart = role_hierarchy(G)
    assert "rankdir=TB" in chart.to_string()
    root = ET.fromstring(chart.render("svg"))
    y = {}
    for group in root.iter(f"{SVG}g"):
        if group.get("class") == "node":
            texts = ["".join(t.itertext()) for t in group.iter(f"{SVG}text")]
            y[texts[0]] = float(next(group.iter(f"{SVG}text")).get("y"))
    assert y["Director"] < y["Manager"] < y["Analyst"]
    assert "Other roles" in svg_texts(chart.render("svg"))


def test_catalog_diagrams(catalog: pmograph.KnowledgeGraph) -> None:
    ladder = pmograph.draw(catalog, "career-ladder", highlight=("PMO Analyst", "PMO Director"))
    assert ladder.counts["highlighted"] >= 2 and ladder.counts["roles"] >= 20
    assert ladder.to_string() == pmograph.draw(catalog, "career-ladder",
                                               highlight=("PMO Analyst",
                                                          "PMO Director")).to_string()
    assert not ladder.used_fallback and ladder.render("svg")
    hierarchy = pmograph.draw(catalog, "role-hierarchy")
    assert hierarchy.counts["lines"] >= 5 and hierarchy.render("svg")
    with pytest.raises(pmograph.RenderError, match="unknown diagram"):
        pmograph.draw(catalog, "pie-chart")
