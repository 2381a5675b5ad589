"""The interactive org chart as a file (issue #16): one self-contained page, compact data, names
as data.  What the page does in a browser is tested in ``test_html_chart_browser.py``."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import networkx as nx
import pytest

import pmograph
from pmograph._render.html import HtmlChart, interactive_org_chart
from pmograph._render.html_data import (
    CLOSES_CYCLE,
    CYCLE,
    LINE_IN_CYCLE,
    SECOND_MANAGER,
    TWO_MANAGERS,
    VACANT,
    chart_data,
    script_json,
)

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "examples" / "sample-org.ttl"
DATA = Path(__file__).resolve().parent / "data"
HOSTILE = '</script><script>window.pwned=1</script><img src=x onerror="window.pwned=2">'


def embedded(page: str) -> dict[str, Any]:
    """The JSON block of a page, parsed."""
    match = re.search(r'<script type="application/json" id="pmograph-data">(.*?)</script>',
                      page, re.S)
    assert match, "no data block"
    result: dict[str, Any] = json.loads(match.group(1))
    return result


@pytest.fixture(scope="module")
def sample() -> pmograph.KnowledgeGraph:
    return pmograph.load(SAMPLE)


def test_draw_html_returns_a_page_of_every_post(sample: pmograph.KnowledgeGraph) -> None:
    chart = pmograph.draw(sample, "org-chart", format="html", depth=1, title="Meridian")
    assert isinstance(chart, HtmlChart)
    assert chart.counts == {"posts": 15, "open_levels": 1, "dotted": 1, "vacant": 1,
                            "job_shares": 1, "undescribed": 0, "problems": 0}
    data = embedded(chart.to_string())
    assert data["name"] == "Meridian" and data["open"] == 1
    assert data["title"][0] == "Chief Executive Officer" and data["parent"][0] == -1
    # breadth-first: every post after its manager, the reports of a post contiguous
    assert all(p < i for i, p in enumerate(data["parent"]) if p >= 0)
    assert data["parent"] == sorted(data["parent"])
    analyst = data["title"].index("PMO Analyst, Reporting")
    assert data["holders"][analyst] == ["Ines Duarte", "Kwame Asante"]
    assert data["ident"][analyst] == "P009"
    assert data["roles"][data["role"][analyst]] == "PMO Analyst"
    assert data["units"][data["unit"][analyst]] == "Enterprise PMO"
    assert data["notes"][str(analyst)] == ["A job share: one post, two holders."]
    vacant = data["title"].index("PMO Manager, Delivery Support")
    assert data["flags"][vacant] & VACANT and data["holders"][vacant] == []
    cto, technical = (data["title"].index(t) for t in (
        "Chief Technology Officer", "Technical Project Manager, Apollo Billing"))
    assert data["dotted"] == [cto, technical]  # superior first; never a parent
    assert data["parent"][technical] != cto
    assert data["namespaces"][data["ns"][analyst]] + data["local"][analyst] == \
        "https://example.org/meridian/post-pmo-analyst-reporting"


def test_the_page_is_self_contained_and_allows_no_request(
        sample: pmograph.KnowledgeGraph) -> None:
    page = pmograph.draw(sample, "org-chart", format="html").to_string()
    policy = re.search(r'http-equiv="Content-Security-Policy" content="([^"]+)"', page)
    assert policy is not None
    rules = dict(rule.strip().split(" ", 1) for rule in policy.group(1).split(";"))
    assert rules["default-src"] == "'none'"
    assert re.fullmatch(r"'sha256-[A-Za-z0-9+/=]{44}'", rules["script-src"])
    assert re.fullmatch(r"'sha256-[A-Za-z0-9+/=]{44}'", rules["style-src"])
    markup = re.sub(r'<script type="application/json".*?</script>', "", page, flags=re.S)
    assert not re.search(r"<link|<iframe|<img|@import|@font-face|\bsrc=|\bhref=", markup)
    assert not re.search(r"url\((?!#)", markup)  # only references to markers in the page
    assert markup.count("<script>") == 1 and markup.count("<style>") == 1


def test_hostile_names_are_data_never_markup() -> None:
    G = nx.DiGraph([("a", "b")])
    G.nodes["a"].update(label=HOSTILE, holders=['Eve "the" <b>bold</b> & co'],
                        unit="Line\u2028Separator")
    G.nodes["b"].update(label="\ud800 lone", holders=[])
    page = interactive_org_chart(G, title=HOSTILE).to_string()
    assert page.count("</script>") == 2  # the data block's and the script's own
    assert "<img" not in page and "window.pwned" in page  # only inside the JSON, escaped
    assert "\u2028" not in page
    assert "<title>&lt;/script&gt;&lt;script&gt;" in page
    page.encode("utf-8")  # no lone surrogate written: the file is valid UTF-8
    data = embedded(page)
    assert data["title"] == [HOSTILE, "\ud800 lone"]
    assert data["holders"][0] == ['Eve "the" <b>bold</b> & co']
    assert data["units"] == ["Line\u2028Separator"]


def test_script_json_escapes_what_could_end_the_block() -> None:
    text = script_json({"x": "</SCRIPT><!-- & \u2029 >"})
    assert not re.search(r"[<>&\u2028\u2029]", text)
    assert json.loads(text) == {"x": "</SCRIPT><!-- & \u2029 >"}


def test_cycles_and_second_managers_are_marked_not_followed() -> None:
    kg = pmograph.load(DATA / "reporting-cycle.ttl", DATA / "two-line-managers.ttl",
                       catalog=False)
    chart = pmograph.draw(kg, "org-chart", format="html")
    assert sorted(p.check for p in chart.problems) == ["cycle", "two-line-managers"]
    assert all("marked in red" in w for w in chart.warnings)
    data = embedded(chart.to_string())
    assert sorted(data["title"]) == sorted(["Alpha Lead", "Beta Lead", "Gamma Lead",
                                            "Delta Analyst", "Operations Director",
                                            "Finance Director", "Shared Project Manager",
                                            "Project Analyst"])
    flags = dict(zip(data["title"], data["flags"], strict=True))
    assert all(flags[t] & CYCLE for t in ("Alpha Lead", "Beta Lead", "Gamma Lead"))
    assert flags["Shared Project Manager"] & TWO_MANAGERS
    assert not flags["Delta Analyst"] & (CYCLE | TWO_MANAGERS)
    assert sum(1 for f in data["flags"] if f & LINE_IN_CYCLE) == 2  # tree lines of the loop
    lines = [data["extra"][k:k + 3] for k in range(0, len(data["extra"]), 3)]
    named = sorted((data["title"][a], data["title"][b], kind) for a, b, kind in lines)
    assert [kind for *_, kind in named].count(CLOSES_CYCLE) == 1
    assert ("Operations Director", "Shared Project Manager", SECOND_MANAGER) in named \
        or ("Finance Director", "Shared Project Manager", SECOND_MANAGER) in named
    assert len(data["parent"]) == 8 and data["parent"].count(-1) == 3  # each post once


def test_root_and_depth_apply(sample: pmograph.KnowledgeGraph) -> None:
    chart = pmograph.draw(sample, "org-chart", format="html", root="P005", depth=0)
    data = embedded(chart.to_string())
    assert data["title"][0] == "Director, Enterprise PMO" and data["count"] == 6
    assert data["open"] == 0
    assert data["outside"] == [[0, "reports to", "VP of Project Management"]]
    whole = embedded(pmograph.draw(sample, "org-chart", format="html").to_string())
    assert whole["open"] >= 2  # the default opens whole levels while they fit


def test_default_depth_opens_whole_levels_within_the_budget() -> None:
    G = nx.balanced_tree(6, 4, create_using=nx.DiGraph)  # 1, 6, 36, 216, 1296 per level
    G = nx.relabel_nodes(G, {n: f"p{n}" for n in G})
    assert chart_data(G)["open"] == 2  # 43 posts shown; a third level would be 259


def test_sources_notes_and_identifiers_reach_the_details() -> None:
    from rdflib import Graph

    kg = pmograph.load(Graph().parse(format="turtle", data='''
        @prefix org: <http://www.w3.org/ns/org#> .
        @prefix prov: <http://www.w3.org/ns/prov#> .
        @prefix skos: <http://www.w3.org/2004/02/skos/core#> .
        @prefix ex: <https://example.org/x/> .
        ex:boss a org:Post ; skos:prefLabel "Boss" ; org:identifier "B-1" ;
            prov:wasDerivedFrom ex:orgchart-2024 .
        ex:orgchart-2024 skos:prefLabel "Org chart, May 2024" .
        ex:pm a org:Post ; skos:prefLabel "PM" ; org:reportsTo ex:boss ; skos:note "Acting" .'''),
        catalog=False)
    data = embedded(pmograph.draw(kg, "org-chart", format="html").to_string())
    assert data["ident"] == ["B-1", ""]
    assert data["sources"] == {"0": [["Org chart, May 2024", "https://example.org/x/orgchart-2024"]]}
    assert data["notes"] == {"1": ["Acting"]}


def test_write_and_notebook_view(sample: pmograph.KnowledgeGraph, tmp_path: Path) -> None:
    chart = pmograph.draw(sample, "org-chart", format="html")
    written = chart.write(tmp_path / "chart.html")
    assert written.read_text(encoding="utf-8") == chart.to_string()
    frame = chart._repr_html_()
    assert frame.startswith('<iframe sandbox="allow-scripts allow-downloads"')
    assert "<script" not in frame  # the page is an escaped srcdoc attribute
    with pytest.raises(pmograph.RenderError):
        chart.render("svg")


def test_options_that_do_not_apply_are_refused(sample: pmograph.KnowledgeGraph) -> None:
    for options in ({"clusters": True}, {"direction": "LR"}, {"dpi": 200}):
        with pytest.raises(pmograph.RenderError, match="interactive html"):
            pmograph.draw(sample, "org-chart", format="html", **options)
    with pytest.raises(pmograph.RenderError, match="org chart only"):
        pmograph.draw(sample, "career-ladder", format="html")


def test_cli_writes_html_by_suffix_or_format(cli: Callable[..., Any], tmp_path: Path,
                                             schema: Callable[[str, Any], None]) -> None:
    target = tmp_path / "chart.html"
    done = cli("render", "org-chart", "--data", str(SAMPLE), "--depth", "2", "-o", str(target))
    assert done.code == 0, done.err
    assert "15 posts, 2 open levels" in done.out
    assert embedded(target.read_text(encoding="utf-8"))["open"] == 2
    other = tmp_path / "chart.page"
    done = cli("render", "org-chart", "--data", str(SAMPLE), "--format", "html", "--json",
               "--root", "Sofia Ramos", "-o", str(other))
    assert done.code == 0, done.err
    assert done.json()["format"] == "html" and done.json()["counts"]["posts"] == 3
    schema("written", done.json())
    done = cli("render", "org-chart", "--data", str(SAMPLE), "--clusters", "-o",
               str(tmp_path / "x.html"))
    assert done.code == 2 and "clusters" in done.err
    assert not (tmp_path / "x.html").exists()
    assert "chart.html" in cli("render", "--help").out
