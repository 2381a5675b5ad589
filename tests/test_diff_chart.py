"""The chart of what changed (issue #15): ``render org-chart --diff OLD NEW``.

The later chart of ``tests/data/snapshots`` with the added post, the moved post (and the
manager it came from), the removed post ghosted where it was, the new holders and a key.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import networkx as nx
import pytest
from conftest import has_dot
from test_diff import NEW, OLD

import pmograph
from pmograph._render import style
from pmograph._render.changes import ChartChanges, marked_view

EX = "https://example.org/meridian-labs/"


def box(text: str, iri: str) -> str:
    """The DOT statement of the post ``iri`` (a box of its own)."""
    found = re.search(rf"^{style.node_id(iri)} \[.*$", text, re.MULTILINE)
    assert found, iri
    return found.group(0)


def test_changes_are_node_attributes_and_removed_posts_ghosts() -> None:
    G = nx.DiGraph([("ceo", "cfo"), ("ceo", "cto")])
    changes = ChartChanges(added=frozenset({"cto"}), moved={"cfo": "Chief Operating Officer"},
                           retitled={"cfo": "CFO"}, left={"cfo": ["Raj"]},
                           new_holders={"cto": ["Ana"]},
                           removed={"coo": {"label": "COO", "holders": ["Bo"],
                                            "managers": ["ceo"]},
                                    "deputy": {"label": "Deputy", "managers": ["coo"]},
                                    "lost": {"label": "Lost", "managers": ["gone"]}})
    marked = marked_view(G, changes)
    assert marked.nodes["cfo"] == {"change": "moved", "change_notes": [
        "from Chief Operating Officer", "was: CFO", "left: Raj"]}
    assert marked.nodes["cto"] == {"change": "added", "new_holders": ["Ana"]}
    assert marked.nodes["coo"]["change"] == "removed" and marked.nodes["coo"]["holders"] == ["Bo"]
    # a ghost hangs from its manager, a ghost too if that was removed; else it is a top post
    assert {("ceo", "coo"), ("coo", "deputy")} <= set(marked.edges)
    assert marked.in_degree("lost") == 0
    assert "change" not in G.nodes["cfo"]  # the view itself is left as it was


def test_the_chart_marks_each_change_and_keys_only_those() -> None:
    chart = pmograph.draw_diff(OLD, NEW)
    text = chart.to_string()
    assert {k: chart.counts[k] for k in ("posts", "added", "moved", "removed", "new_holders")} \
        == {"posts": 12, "added": 1, "moved": 1, "removed": 1, "new_holders": 2}
    ghost = box(text, EX + "support")
    assert "<S>Project Support Officer</S>" in ghost and "dotted" in ghost
    assert "REMOVED" in ghost and "Dana Novak" in ghost
    # the removed post hangs where it was: from the PMO Director
    assert f"{style.node_id(EX + 'pmo-dir')} -> {style.node_id(EX + 'support')}" in text
    manager = box(text, EX + "pmo-mgr")
    assert re.search(r"Ben Adeyemi <FONT[^>]*><B>NEW</B>", manager)  # moved into the post
    assert "from PMO Director" in text and "MOVED" in text  # the coordinator's old manager
    assert "NEW POST" in text and re.search(r"Gita Rao <FONT[^>]*><B>NEW</B>", text)
    retitled = box(text, EX + "cfo")
    assert "was: Chief Financial Officer" in retitled and "left: Raj Mehta" in retitled
    for entry in ("post added since the earlier snapshot", "post moved to another line manager",
                  "post removed since then", "holder new to the post"):
        assert entry in text
    same = pmograph.draw_diff(NEW, NEW).to_string()
    assert "NEW POST" not in same and "post moved" not in same and "REMOVED" not in same


def test_a_chart_below_a_root_counts_the_changes_there() -> None:
    chart = pmograph.draw_diff(OLD, NEW, root="PMO Manager")
    assert (chart.counts["posts"], chart.counts["added"], chart.counts["removed"]) == (5, 1, 0)


@pytest.mark.skipif(not has_dot(), reason="needs Graphviz's dot (CI installs it)")
def test_graphviz_draws_the_marks(tmp_path: Path) -> None:
    svg = pmograph.draw_diff(OLD, NEW).render("svg").decode()
    for text in ("NEW POST", "MOVED", "REMOVED", "from PMO Director", "Key"):
        assert text in svg
    assert 'stroke-dasharray="1,5"' in svg  # the ghost's dotted outline


def test_cli_render_diff(cli: Any, schema: Any, tmp_path: Path) -> None:
    out = tmp_path / "changes.dot"
    done = cli("render", "org-chart", "--diff", str(OLD), str(NEW), "-o", str(out), "--json")
    assert done.code == 0, done.err
    schema("written", done.json())
    assert done.json()["counts"]["removed"] == 1
    assert "Changes from org-2026-03.ttl to org-2026-09.ttl" in out.read_text()
    store = f"oxigraph:{tmp_path / 'db'}"
    for path, day in ((OLD, "2026-03-31"), (NEW, "2026-09-30")):
        assert cli("--store", store, "load", str(path), "--snapshot", day).code == 0
    kept = tmp_path / "kept.dot"
    done = cli("--store", store, "render", "org-chart", "--diff", "2026-03-31", "2026-09-30",
               "-o", str(kept))
    assert done.code == 0, done.err
    assert "Changes from 2026-03-31 to 2026-09-30" in kept.read_text()
    assert kept.read_text().count("REMOVED") == out.read_text().count("REMOVED")
    for wrong, message in (
            (["career-ladder", "--diff", str(OLD), str(NEW)], "--diff only applies to org-chart"),
            (["org-chart", "--diff", str(OLD), str(NEW), "--as-of", "2026-01-01"],
             "cannot be combined"),
            (["org-chart", "--diff", str(OLD), "2027-01-01"], "no snapshot dated 2027-01-01"),
            (["org-chart", "--diff", str(OLD), str(NEW), "--format", "mmd"], "not Mermaid"),
            (["org-chart", "--diff", str(OLD), str(NEW), "--format", "html"], "not html")):
        failed = cli("render", *wrong, "-o", str(tmp_path / "x.svg"))
        assert failed.code == 2 and message in failed.err, failed.err


def test_cli_diff_of_two_dates_of_dated_data(cli: Any, tmp_path: Path) -> None:
    dated = str(Path(__file__).parent / "data" / "dated" / "org-history.ttl")
    answer = cli("--no-catalog", "--data", dated, "diff", "2026-03-01", "2026-09-01", "--json")
    assert answer.code == 0, answer.err
    found = answer.json()
    assert (found["old"]["date"], found["new"]["date"]) == ("2026-03-01", "2026-09-01")
    assert found["old"]["source"] == "memory as of 2026-03-01"
    kinds = {(c["kind"], c["subject"]["label"]) for c in found["changes"]}
    assert {("post-added", "PMO Manager"), ("post-removed", "Project Support Officer"),
            ("person-left", "Raj Mehta"), ("person-joined", "Nina Petrova"),
            ("person-moved", "Ben Adeyemi")} <= kinds
    chart = tmp_path / "dated.dot"
    done = cli("--no-catalog", "--data", dated, "render", "org-chart", "--diff", "2026-03-01",
               "2026-09-01", "-o", str(chart))
    assert done.code == 0, done.err
    assert "Changes from 2026-03-01 to 2026-09-01" in chart.read_text()
