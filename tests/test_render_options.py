"""Slide options, names in every script and tooltips of the static charts (issue #13)."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path

import networkx as nx
import pytest
from conftest import ROOT
from test_render_marks import SAMPLE, SVG, XLINK, box_of, groups, svg_of, texts, title_of, wide_team

import pmograph
from pmograph._render.style import FONT


# ---------------------------------------------------------------------------- slide options
@pytest.mark.parametrize("kind", ["org-chart", "career-ladder", "role-hierarchy"])
def test_a_title_is_drawn_above_the_diagram(kind: str) -> None:
    kg = pmograph.load(SAMPLE)
    title = 'PMO <Q3> & "co"'
    chart = pmograph.draw(kg, kind, title=title)
    root = svg_of(chart)
    found = [t for t in root.iter(f"{SVG}text") if "".join(t.itertext()) == title]
    assert len(found) == 1
    top = float(found[0].get("y") or 0)
    others = [float(t.get("y") or 0) for g in groups(root, "node") for t in g.iter(f"{SVG}text")]
    assert others and top < min(others)
    graph = next(g for g in root.iter(f"{SVG}g") if g.get("class") == "graph")
    assert title_of(graph) == title


def png_size(data: bytes) -> tuple[int, int]:
    assert data.startswith(b"\x89PNG")
    return int.from_bytes(data[16:20], "big"), int.from_bytes(data[20:24], "big")


def test_dpi_scales_png_output(tmp_path: Path, cli) -> None:
    kg = pmograph.load(SAMPLE)
    normal = png_size(pmograph.draw(kg, "org-chart").render("png"))
    sharp = png_size(pmograph.draw(kg, "org-chart", dpi=192).render("png"))
    assert sharp[0] == pytest.approx(2 * normal[0], rel=0.05)
    assert sharp[1] == pytest.approx(2 * normal[1], rel=0.05)
    out = tmp_path / "slide.png"
    assert cli("render", "org-chart", "--data", str(SAMPLE), "--dpi", "192",
               "-o", str(out)).code == 0
    assert png_size(out.read_bytes()) == sharp
    wrong = cli("render", "org-chart", "--data", str(SAMPLE), "--dpi", "192",
                "-o", str(tmp_path / "x.svg"))
    assert wrong.code == 2 and "--dpi only applies to PNG" in wrong.err
    with pytest.raises(pmograph.RenderError, match="dpi"):
        pmograph.draw(kg, "org-chart", dpi=1)


@pytest.mark.parametrize("direction", ["TB", "BT", "LR", "RL"])
def test_direction(direction: str) -> None:
    G = wide_team(3)
    root = svg_of(pmograph.org_chart(G, direction=direction))
    where = {title_of(g).split("\n")[0]: box_of(g) for g in groups(root, "node")}
    head, lead = where["Head of Delivery"], where["Team Lead 00"]
    centre = {name: ((b[0] + b[2]) / 2, (b[1] + b[3]) / 2) for name, b in
              (("head", head), ("lead", lead))}
    dx = centre["lead"][0] - centre["head"][0]
    dy = centre["lead"][1] - centre["head"][1]  # SVG y grows downwards
    expected = {"TB": dy > 0, "BT": dy < 0, "LR": dx > 0, "RL": dx < 0}
    assert expected[direction], (dx, dy)
    if direction in ("LR", "RL"):  # peers read top to bottom in their sorted order
        leads = [where[f"Team Lead {i:02}"] for i in range(3)]
        assert leads[0][1] < leads[1][1] < leads[2][1]


def test_direction_on_the_command_line(cli, tmp_path: Path) -> None:
    out = tmp_path / "lr.dot"
    assert cli("render", "org-chart", "--data", str(SAMPLE), "--direction", "lr",
               "-o", str(out)).code == 0
    assert "rankdir=LR;" in out.read_text()
    assert cli("render", "org-chart", "--data", str(SAMPLE), "--direction", "up",
               "-o", str(out)).code == 2
    with pytest.raises(pmograph.RenderError, match="direction"):
        pmograph.org_chart(nx.DiGraph([("a", "b")]), direction="diagonal")


# ---------------------------------------------------------------------------- names, tooltips
def test_cjk_names_have_a_font() -> None:
    # fontconfig must find a font with the glyphs, else Graphviz draws boxes
    fc_list = shutil.which("fc-list")
    assert fc_list, "fontconfig is missing: run scripts/setup.sh"
    han = subprocess.run([fc_list, ":charset=5c71 7530", "family"], capture_output=True,
                         text=True, check=True).stdout
    assert han.strip(), "no font covers 山田: run scripts/setup.sh (fonts-noto-cjk)"
    assert "Noto Sans CJK" in FONT
    assert "fonts-noto-cjk" in (ROOT / "scripts" / "setup.sh").read_text()
    G = nx.DiGraph([("ceo", "cfo")])
    G.add_node("ceo", label="代表取締役", holders=["山田 太郎"])
    G.add_node("cfo", label="재무 이사", holders=["김민준"])
    root = svg_of(pmograph.org_chart(G))
    assert {"代表取締役", "山田 太郎", "재무 이사", "김민준"} <= set(texts(root))
    assert "Noto Sans CJK" in (next(root.iter(f"{SVG}text")).get("font-family") or "")


def test_tooltips_name_the_post_and_its_holders() -> None:
    solid, dotted = nx.DiGraph([("ex:ceo", "ex:cfo")] + [("ex:ceo", f"ex:a{i}")
                                                         for i in range(3)]), None
    solid.add_node("ex:ceo", label="Chief Executive", holders=["Ada <Lovelace>"], unit="Board")
    solid.add_node("ex:cfo", label="Finance Director", holders=["Bo", "Cy"])
    solid.add_edge("ex:cfo", "ex:x")
    solid.add_node("ex:x", label="Controller", holders=[])
    for i in range(3):
        solid.add_node(f"ex:a{i}", label=f"Assistant {i}", holders=[f"Asa {i}"])
    root = svg_of(pmograph.org_chart(solid, dotted))
    titles = [title_of(g) for g in groups(root, "node")]
    assert "Chief Executive\nAda <Lovelace>\nBoard\nex:ceo" in titles
    assert "Finance Director\nBo and Cy (job share)\nex:cfo" in titles
    assert "Controller\nVacant\nex:x" in titles
    assert "Assistant 0: Asa 0\nAssistant 1: Asa 1\nAssistant 2: Asa 2" in titles  # stacked
    links = [a.get(f"{XLINK}title") for a in root.iter(f"{SVG}a")]
    assert "Chief Executive\nAda <Lovelace>\nBoard\nex:ceo" in links
    hashed = [t for g in groups(root, "node") + groups(root, "edge") if
              re.fullmatch(r"[a-z][0-9a-f]{12}(:\w+)?(->.*)?", t := title_of(g))]
    assert hashed == []  # no opaque IDs left for a browser or a screen reader
    assert "Finance Director reports to Chief Executive" in [
        title_of(g) for g in groups(root, "edge")]


def test_render_json_schema_documents_warnings_and_problems() -> None:
    from pmograph._resources import schema_text

    shape = json.loads(schema_text("written"))["properties"]
    assert shape["warnings"]["items"] == {"type": "string"}
    assert shape["problems"]["items"]["required"] == ["check", "message", "focus", "members"]


def test_the_docs_show_every_diagram_the_script_draws() -> None:
    script = (ROOT / "docs" / "make_diagrams.sh").read_text()
    readme = (ROOT / "docs" / "README.md").read_text()
    drawn = set(re.findall(r"-o (docs/[\w.-]+\.png)", script))
    assert {"docs/org-chart-packed-team.png", "docs/role-hierarchy.png",
            "docs/org-chart-international.png", "docs/org-chart-problems.png"} <= drawn
    for path in drawn:
        name = path.removeprefix("docs/")
        assert f"]({name})" in readme and (ROOT / path).read_bytes().startswith(b"\x89PNG"), name
