"""Charts that never mislead (issue #13): broken data drawn as it is and marked, every post
joined to its manager, a key of exactly the marks used, slide options, names in any script,
tooltips.  DOT structure is checked as text; pictures through the real ``dot``."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from pathlib import Path

import networkx as nx
import pytest
from conftest import DATA, ROOT

import pmograph
from pmograph._render.sample import synthetic_org
from pmograph._render.style import PROBLEM, node_id

SVG = "{http://www.w3.org/2000/svg}"
XLINK = "{http://www.w3.org/1999/xlink}"
SAMPLE = ROOT / "examples" / "sample-org.ttl"
CYCLE, TWO = DATA / "reporting-cycle.ttl", DATA / "two-line-managers.ttl"
DANGLING = """
@prefix org: <http://www.w3.org/ns/org#> . @prefix ex: <http://example.org/d/> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> . @prefix foaf: <http://xmlns.com/foaf/0.1/> .
ex:cto a org:Post ; skos:prefLabel "Chief Technology Officer" ; org:heldBy ex:ada .
ex:ada a foaf:Person ; foaf:name "Ada Lovelace" .
ex:dev a org:Post ; skos:prefLabel "Developer" ; org:reportsTo ex:cto .
ex:cto org:reportsTo ex:ghost .
ex:bo a foaf:Person ; foaf:name "Bo Direct" ; org:reportsTo ex:cto .
"""


# ---------------------------------------------------------------------------- helpers
def edge_lines(dot: str) -> list[str]:
    return [line for line in dot.splitlines() if " -> " in line]


def node_of(dot: str, post: str) -> str:
    """The DOT node that draws ``post``: its own box, or the stacked box listing it."""
    own = node_id(post)
    if re.search(rf"^{own} \[", dot, re.MULTILINE):
        return own
    port = f'PORT="{node_id(post, "p")}"'
    line = next(line for line in dot.splitlines() if port in line and " [" in line)
    return line.split(" ", 1)[0]


def visible_lines(dot: str) -> nx.Graph:
    """The lines a reader sees, between DOT nodes (ports dropped), invisible ones left out."""
    G = nx.Graph()
    for line in edge_lines(dot):
        if "style=invis" in line:
            continue
        ends = line.split(" [", 1)[0].rstrip(";").split(" -> ")
        tail, head = (end.strip().split(":", 1)[0] for end in ends)
        G.add_edge(tail, head)
    return G


def joined(dot: str, lines: nx.Graph, manager: str, member: str) -> bool:
    """Whether a drawn line leads from ``manager``'s box to ``member``'s, passing only through
    the points a team hangs from (never through another box)."""
    a, b = node_of(dot, manager), node_of(dot, member)
    points = [n for n in lines if n.startswith("j")]
    return a in lines and b in lines and nx.has_path(lines.subgraph([a, b, *points]), a, b)


def assert_every_post_joined(diagram: pmograph.Diagram, reporting: nx.DiGraph) -> int:
    """Every drawn post but a top one is joined by a visible line to a drawn manager."""
    dot = diagram.to_string()
    lines = visible_lines(dot)
    drawn = {p for p in reporting if re.search(rf"^{node_id(p)} \[|"
                                               rf'PORT="{node_id(p, "p")}"', dot, re.MULTILINE)}
    checked = 0
    for post in sorted(drawn):
        managers = [m for m in reporting.predecessors(post) if m in drawn]
        if managers:
            assert any(joined(dot, lines, m, post) for m in managers), post
            checked += 1
    return checked


def svg_of(diagram: pmograph.Diagram) -> ET.Element:
    return ET.fromstring(diagram.render("svg"))


def groups(root: ET.Element, kind: str) -> list[ET.Element]:
    return [g for g in root.iter(f"{SVG}g") if g.get("class") == kind]


def title_of(group: ET.Element) -> str:
    found = group.find(f"{SVG}title")
    return "" if found is None else "".join(found.itertext())


def texts(element: ET.Element) -> list[str]:
    return ["".join(t.itertext()) for t in element.iter(f"{SVG}text")]


def points_of(element: ET.Element) -> list[tuple[float, float]]:
    """Every coordinate pair in an element's paths and polygons."""
    found = []
    for shape in element.iter():
        data = shape.get("d") or shape.get("points") or ""
        numbers = [float(n) for n in re.findall(r"-?\d+(?:\.\d+)?", data)]
        found += list(zip(numbers[::2], numbers[1::2], strict=False))
    return found


def box_of(group: ET.Element) -> tuple[float, float, float, float]:
    xs, ys = zip(*points_of(group), strict=True)
    return min(xs), min(ys), max(xs), max(ys)


def key_texts(root: ET.Element) -> list[str]:
    """The descriptions in the key, in order: its title and the samples (drawn in other
    sizes) left out."""
    keys = [g for g in groups(root, "node") if title_of(g) in ("Key", "Career ladder")]
    assert len(keys) <= 1
    return ["".join(t.itertext()) for key in keys for t in key.iter(f"{SVG}text")
            if t.get("font-size") == "10.00"]


def load_text(tmp_path: Path, text: str) -> pmograph.KnowledgeGraph:
    path = tmp_path / "org.ttl"
    path.write_text(text, encoding="utf-8")
    return pmograph.load(path, catalog=False)


# ---------------------------------------------------------------------------- broken data
def test_a_post_known_only_by_a_reporting_line_renders_marked(tmp_path: Path) -> None:
    kg = load_text(tmp_path, DANGLING)
    chart = pmograph.draw(kg, "org-chart")
    root = svg_of(chart)  # the real dot: an empty <FONT></FONT> used to be a syntax error
    assert chart.counts["undescribed"] == 1 and not chart.used_fallback
    ghost = next(g for g in groups(root, "node") if "ghost" in texts(g))
    assert "http://example.org/d/ghost" in texts(ghost)
    assert "? not described in the data" in texts(ghost)
    assert ghost.find(f".//{SVG}path[@stroke-dasharray]") is not None  # a dotted outline
    bo = next(g for g in groups(root, "node") if "Bo Direct" in texts(g))
    assert "person" in texts(bo)  # a person who reports directly is drawn as a person
    assert "not described in the data (only a reporting line names it)" in key_texts(root)
    lines = visible_lines(chart.to_string())
    assert lines.has_edge(node_id("http://example.org/d/ghost"),
                          node_id("http://example.org/d/cto"))


def test_any_valid_graph_renders() -> None:
    # A bare networkx graph (no attributes at all) and nodes of every kind the view makes.
    bare = pmograph.org_chart(nx.DiGraph([("urn:x:boss", "urn:x:worker")]))
    assert {"boss", "worker"} <= set(texts(svg_of(bare)))
    G = nx.DiGraph([("a", "b"), ("a", "c"), ("a", "d")])
    G.add_node("a", label="", kind="resource", holders=[], vacant=False)
    G.add_node("b", label="Unit", kind="unit", holders=[], vacant=False, fte=None)
    G.add_node("c", label="Ana", kind="person", holders=[], vacant=False, unit="")
    G.add_node("d", label="x", described=False)
    assert svg_of(pmograph.org_chart(G)) is not None


def test_the_cli_draws_a_dangling_reference(cli, tmp_path: Path) -> None:
    data = tmp_path / "org.ttl"
    data.write_text(DANGLING, encoding="utf-8")
    out = tmp_path / "org.png"
    result = cli("render", "org-chart", "--no-catalog", "--data", str(data), "-o", str(out))
    assert result.code == 0, result.err
    assert out.read_bytes().startswith(b"\x89PNG") and "1 undescribed" in result.out


def test_a_reporting_cycle_is_drawn_red_and_reported() -> None:
    chart = pmograph.draw(pmograph.load(CYCLE, catalog=False), "org-chart")
    alpha, beta, gamma, delta = (f"https://example.org/cycle/{n}"
                                 for n in ("alpha", "beta", "gamma", "delta"))
    assert [(p.check, set(p.members)) for p in chart.problems] == [
        ("cycle", {alpha, beta, gamma})]
    assert chart.counts["problems"] == 1
    assert chart.warnings == ["reporting cycle: 'Alpha Lead', 'Beta Lead' and 'Gamma Lead' "
                              "report to each other (drawn in red)"]
    dot = chart.to_string()
    ids = {node_id(n) for n in (alpha, beta, gamma)}
    red = [line for line in edge_lines(dot) if f'color="{PROBLEM}"' in line]
    # all three lines of the loop, each with its arrow at the manager's end
    drawn = [line.split(" [")[0].split(" -> ") for line in red]
    assert len(red) == 3 and all(set(ends) <= ids for ends in drawn)
    assert all("dir=back" in line for line in red)
    assert sum("closes a cycle" in line for line in red) == 1
    assert not any(node_id(delta) in line for line in red)  # Delta's line is not broken
    root = svg_of(chart)
    assert [p for p in root.iter(f"{SVG}path") if p.get("stroke") == PROBLEM.lower()]
    assert sum("⚠ in a reporting cycle" in texts(g) for g in groups(root, "node")) == 3
    assert "reporting cycle: each reports to the next (arrow: to the manager)" in key_texts(root)


def test_two_line_managers_are_drawn_red_and_reported() -> None:
    chart = pmograph.draw(pmograph.load(TWO, catalog=False), "org-chart")
    pm, boss, other = (f"https://example.org/two/{n}" for n in ("pm", "boss", "other"))
    assert [(p.check, p.focus, p.members) for p in chart.problems] == [
        ("two-line-managers", pm, (boss, other))]
    dot = chart.to_string()
    second = [line for line in edge_lines(dot) if "2nd manager" in line]
    assert len(second) == 1 and f'color="{PROBLEM}"' in second[0]
    assert second[0].split(" [")[0].endswith(f"-> {node_id(pm)}")
    assert "constraint=false" in second[0]  # it never moves the post
    root = svg_of(chart)
    box = next(g for g in groups(root, "node") if "Shared Project Manager" in texts(g))
    assert "⚠ 2 solid-line managers" in texts(box)
    assert "second solid-line manager (arrow: to the manager)" in key_texts(root)
    assert "reporting cycle: each reports to the next (arrow: to the manager)" \
        not in key_texts(root)


def test_the_cli_warns_and_reports_problems(cli, schema, tmp_path: Path) -> None:
    out = tmp_path / "broken.svg"
    broken = DATA / "validate" / "broken.ttl"
    result = cli("render", "org-chart", "--no-catalog", "--data", str(broken), "-o", str(out),
                 "--json")
    assert result.code == 0, result.err
    payload = result.json()
    schema("written", payload)
    assert [p["check"] for p in payload["problems"]] == ["cycle", "two-line-managers"]
    assert payload["problems"][1]["focus"]["label"] == "Post E"
    assert payload["counts"]["undescribed"] == 1
    warnings = [line for line in result.err.splitlines() if line.startswith("Warning: ")]
    assert len(warnings) == 2 and "reporting cycle" in warnings[0]
    assert "'Post E' has 2 solid-line managers" in warnings[1]
    quiet = cli("render", "org-chart", "--no-catalog", "--data", str(broken),
                "-o", str(out), "--quiet")
    assert quiet.code == 0 and quiet.err == ""


def test_problems_outside_the_root_are_left_out() -> None:
    G = nx.DiGraph([("top", "a"), ("top", "b"), ("a", "c"), ("b", "c"), ("x", "y"), ("y", "x")])
    assert len(pmograph.org_chart(G).problems) == 2
    assert [p.check for p in pmograph.org_chart(G, root="a").problems] == ["two-line-managers"]
    assert pmograph.org_chart(G, root="b", depth=0).warnings == [
        "'c' has 2 solid-line managers: 'a' and 'b' (not among the posts drawn)"]


# ---------------------------------------------------------------------------- packed teams
def wide_team(members: int = 20) -> nx.DiGraph:
    G = nx.DiGraph()
    G.add_node("head", label="Head of Delivery", holders=["Hana"])
    for i in range(members):
        G.add_edge("head", f"m{i:02}")
        G.add_node(f"m{i:02}", label=f"Team Lead {i:02}", holders=[f"Lead {i}"])
        for j in range(1 + i % 2):  # a small team each, so members are not stacked
            G.add_edge(f"m{i:02}", f"m{i:02}-{j}")
            G.add_node(f"m{i:02}-{j}", label=f"Engineer {i:02}-{j}", holders=[f"E {i} {j}"])
    return G


def test_every_member_of_a_packed_team_hangs_from_its_manager() -> None:
    G = wide_team()
    chart = pmograph.org_chart(G)
    dot = chart.to_string()
    lines = visible_lines(dot)
    for i in range(20):
        assert joined(dot, lines, "head", f"m{i:02}"), i
    # the team is one box holding every member (peers read as peers)
    box = dot.split(f"subgraph cluster_{node_id('head', 'g')} {{", 1)[1]
    for i in range(20):
        assert node_id(f"m{i:02}") in box
    # drawn by the real dot: rows at several heights, and each member's own line ends on it
    root = svg_of(chart)
    boxes = {title_of(g).split("\n")[0]: box_of(g) for g in groups(root, "node")
             if title_of(g).startswith("Team Lead")}
    assert len({round(b[1]) for b in boxes.values()}) >= 2  # packed in several rows
    ends = {}
    for edge in groups(root, "edge"):
        name = title_of(edge)
        if name.endswith(" reports to Head of Delivery"):
            ends[name.split(" reports to")[0]] = points_of(edge)[-1]
    assert set(ends) == set(boxes)
    for member, (x, y) in ends.items():
        left, top, right, bottom = boxes[member]
        assert left - 2 <= x <= right + 2 and top - 12 <= y <= bottom, member


def test_second_row_members_are_not_drawn_as_reports_of_reports() -> None:
    G = wide_team(12)
    chart = pmograph.org_chart(G)
    root = svg_of(chart)
    tops = {title_of(g).split("\n")[0]: box_of(g)[1] for g in groups(root, "node")
            if title_of(g).startswith(("Team Lead", "Engineer"))}
    second_row = [name for name in tops if name.startswith("Team Lead")
                  and tops[name] > min(tops.values()) + 1]
    assert second_row  # there is a second row ...
    lines = visible_lines(chart.to_string())
    for name in second_row:  # ... whose members have no line from any first-row peer
        member = f"m{name[-2:]}"
        peers = [f"m{i:02}" for i in range(12) if f"m{i:02}" != member]
        assert not any(lines.has_edge(node_id(p), node_id(member)) for p in peers)
        assert joined(chart.to_string(), lines, "head", member)


def test_a_generated_organisation_from_a_root_two_levels_deep() -> None:
    solid, dotted = synthetic_org(2_000, seed=4)
    wide = max(solid, key=lambda n: (min(solid.out_degree(n), 12), -int(n.rsplit("/", 1)[1])))
    chart = pmograph.org_chart(solid, dotted, root=wide, depth=2)
    assert chart.counts["shown"] > 10
    assert assert_every_post_joined(chart, solid) == chart.counts["shown"] - 1
    assert not chart.used_fallback and chart.render("png").startswith(b"\x89PNG")


@pytest.mark.parametrize("source", ["uk-space-agency", "hefce"])
def test_imported_uk_organograms_join_every_post(external: Path, source: str) -> None:
    if source == "hefce":
        kg = pmograph.load(external / "w3c-csvw-uc4-HEFCE_organogram_31032011.nt",
                           catalog=False)
    else:
        imported = pmograph.import_organogram(
            [external / "ukgov-organogram-uk-space-agency-2013-09-senior.csv",
             external / "ukgov-organogram-uk-space-agency-2013-09-junior.csv"])
        kg = pmograph.load(imported.graph, catalog=False)
    chart = pmograph.draw(kg, "org-chart")
    checked = assert_every_post_joined(chart, pmograph.reporting_view(kg))
    assert checked >= 40 and "one manager's team, in rows under one line" in key_texts(
        svg_of(chart))
    assert not chart.used_fallback


# ---------------------------------------------------------------------------- the key
def test_the_key_lists_exactly_the_marks_used() -> None:
    plain = nx.DiGraph([("a", "b")])
    nx.set_node_attributes(plain, {"a": ["Ana"], "b": ["Bo"]}, "holders")
    assert key_texts(svg_of(pmograph.org_chart(plain))) == []  # nothing to explain

    G = nx.DiGraph([("a", "b"), ("a", "c")])
    G.add_node("a", label="Director", holders=["Ana"])
    G.add_node("b", label="Analyst", holders=[])
    G.add_node("c", label="Lead", holders=["Bo", "Cy"])
    assert key_texts(svg_of(pmograph.org_chart(G))) == [
        "reports to (line manager above)", "post not filled",
        "job share: post held by several people"]

    G = wide_team(12)
    for i in range(3):
        G.add_edge("m00-0", f"leaf{i}")
        G.add_node(f"leaf{i}", label=f"Leaf {i}", holders=[], fte=2.5 if i == 0 else None)
    for node, unit in (("head", "Board"), ("m00", "Delivery")):
        G.nodes[node]["unit"] = unit
    G.add_edge("m01", "m00-0")  # a second line manager
    G.add_node("ghost", described=False)
    G.add_edge("ghost", "head")
    dotted = nx.DiGraph([("m03", "m04")])
    found = key_texts(svg_of(pmograph.org_chart(G, dotted)))
    assert found == [
        "reports to (line manager above)", "one manager's team, in rows under one line",
        "reports with no team of their own, listed in one box", "dotted line (not a line manager)",
        "post not filled", "junior staff counted in full-time equivalents, not named",
        "not described in the data (only a reporting line names it)",
        "post with a reporting problem", "second solid-line manager (arrow: to the manager)",
        "Board", "Delivery"]
    assert key_texts(svg_of(pmograph.org_chart(plain, depth=0))) == ["posts not drawn"]
    deeper = nx.DiGraph([("a", "b"), ("b", "c")])
    nx.set_node_attributes(deeper, {n: [n.upper()] for n in deeper}, "holders")
    assert key_texts(svg_of(pmograph.org_chart(deeper, depth=1))) == [
        "reports to (line manager above)", "posts not drawn"]


def test_unit_colours_past_the_palette_are_explained_once() -> None:
    G = nx.DiGraph([("top", f"p{i}") for i in range(12)] + [(f"p{i}", f"q{i}") for i in range(12)])
    for i in range(12):
        G.nodes[f"p{i}"].update(label=f"Post {i}", holders=["x"], unit=f"Unit {i}")
        G.nodes[f"q{i}"].update(label=f"Post {i}b", holders=["y"], unit=f"Unit {i}")
    found = key_texts(svg_of(pmograph.org_chart(G)))
    assert "band of colour: the post's unit" in found and "Unit 3" not in found


def test_the_role_hierarchy_has_arrows_a_key_and_no_detours(catalog) -> None:
    chart = pmograph.draw(catalog, "role-hierarchy")
    lines = [line for line in edge_lines(chart.to_string()) if "style=invis" not in line]
    assert lines and all("dir=back" in line and "arrowtail=normal" in line for line in lines)
    root = svg_of(chart)
    assert key_texts(root)[0] == "reports to (typically); the arrow points to the manager"
    assert {"Delivery", "Executive", "PMO"} <= set(key_texts(root))
    boxes = {title_of(g): box_of(g) for g in groups(root, "node") if points_of(g)}
    drawn = [e for e in groups(root, "edge") if next(e.iter(f"{SVG}path"), None) is not None]
    assert len(drawn) == chart.counts["lines"]  # the invisible ordering edges draw nothing
    for edge in drawn:
        assert next(edge.iter(f"{SVG}polygon"), None) is not None  # an arrowhead
        xs = [x for x, _ in points_of(next(edge.iter(f"{SVG}path")))]
        name = title_of(edge)
        source, target = name.split(" typically reports to ")
        spans = [b for t, b in boxes.items() if t.split("\n")[0] in (source, target)]
        assert len(spans) == 2, name
        left = min(b[0] for b in spans) - 30
        right = max(b[2] for b in spans) + 30
        assert left <= min(xs) and max(xs) <= right, name  # no loop around the outside


def test_the_career_ladder_key_names_only_what_it_draws() -> None:
    G = nx.DiGraph()
    G.add_node("a", label="Analyst", track="PMO", level=3)
    G.add_node("m", label="Manager", track="PMO", level=5)
    G.add_edge("a", "m", kind="promotion")
    found = key_texts(svg_of(pmograph.career_ladder(G)))
    assert found == ["promotion", "PMO"]  # no lateral moves, badges or highlighted path
