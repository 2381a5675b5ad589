"""``pmograph diff``: what changed between two snapshots of one organisation (issue #15).

``tests/data/snapshots`` holds one organisation at two dates with at least one change of every
kind; the diff must report exactly those changes, the same on every store, and nothing for a
snapshot compared with itself.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from test_stores import STORES, clear, open_store

import pmograph
from pmograph._algorithms.changes import CHANGE_KINDS, OrgSnapshot, org_changes

SNAPSHOTS = Path(__file__).parent / "data" / "snapshots"
OLD, NEW = SNAPSHOTS / "org-2026-03.ttl", SNAPSHOTS / "org-2026-09.ttl"
EX = "https://example.org/meridian-labs/"

#: Every change between the two files: (kind, subject, before, after), entities by local name.
EXPECTED = {
    ("post-added", "data-analyst", None, "pmo-mgr"),
    ("post-removed", "support", "pmo-dir", None),
    ("post-retitled", "cfo", "Chief Financial Officer", "Finance Director"),
    ("post-moved", "coord", "pmo-dir", "pmo-mgr"),
    ("dotted-added", "pm", None, "pmo-dir"),
    ("dotted-removed", "pmo-dir", "cfo", None),
    ("person-joined", "gita", None, "data-analyst"),
    ("person-left", "raj", "cfo", None),
    ("person-left", "dana", "support", None),
    ("person-moved", "ben", "analyst2", "pmo-mgr"),
    ("vacancy-opened", "cfo", ("raj",), None),
    ("vacancy-opened", "analyst2", ("ben",), None),
    ("vacancy-filled", "pmo-mgr", None, ("ben",)),
    ("unit-changed", "pmo-unit", "Enterprise PMO", "Portfolio Management Office"),
    ("unit-changed", "pmo-unit", "ops", "fin"),
    ("span-changed", "pmo-dir", 4, 2),
    ("span-changed", "pmo-mgr", 2, 4),
}


def short(value: Any) -> Any:
    """An answer's value with entities as local names (lists as tuples)."""
    if isinstance(value, dict):
        assert value["iri"].startswith(EX)
        return value["iri"][len(EX):]
    if isinstance(value, list):
        return tuple(short(item) for item in value)
    return value


def changes(answer: dict[str, Any]) -> set[tuple[Any, ...]]:
    return {(c["kind"], short(c["subject"]), short(c["before"]), short(c["after"]))
            for c in answer["changes"]}


@pytest.fixture(scope="module", params=STORES)
def snapshots_on(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
                 ) -> Iterator[tuple[pmograph.KnowledgeGraph, pmograph.KnowledgeGraph]]:
    """Both snapshots, each in its own store of one kind."""
    old = open_store(request.param, tmp_path_factory.mktemp("old"), OLD)
    new = open_store(request.param, tmp_path_factory.mktemp("new"), NEW)
    yield old, new
    clear(old)
    clear(new)


def test_diff_reports_exactly_the_changes_on_every_store(
        snapshots_on: tuple[pmograph.KnowledgeGraph, pmograph.KnowledgeGraph],
        schema: Any) -> None:
    answer = pmograph.diff(*snapshots_on)
    schema("diff", answer)
    assert changes(answer) == EXPECTED
    assert len(answer["changes"]) == len(EXPECTED)  # no change reported twice
    assert [(r["old"]["iri"], r["new"]["iri"]) for r in answer["renamed"]] == \
        [(EX + "post-10", EX + "portfolio-analyst")]
    assert answer["counts"] == {kind: sum(1 for c in EXPECTED if c[0] == kind)
                                for kind in CHANGE_KINDS}
    assert (answer["old"]["posts"], answer["new"]["posts"]) == (11, 11)


def test_a_snapshot_compared_with_itself_has_no_changes(
        snapshots_on: tuple[pmograph.KnowledgeGraph, pmograph.KnowledgeGraph]) -> None:
    old, new = snapshots_on
    for side in (old, new):
        answer = pmograph.diff(side, side)
        assert answer["changes"] == [] and answer["renamed"] == []
        assert set(answer["counts"].values()) == {0}


def test_labels_are_as_they_were_before_and_as_they_are_after() -> None:
    answer = pmograph.diff(OLD, NEW)
    left = {c["subject"]["label"]: c["before"]["label"] for c in answer["changes"]
            if c["kind"] == "person-left"}
    assert left == {"Raj Mehta": "Chief Financial Officer",
                    "Dana Novak": "Project Support Officer"}
    (filled,) = [c for c in answer["changes"] if c["kind"] == "vacancy-filled"]
    assert [h["label"] for h in filled["after"]] == ["Ben Adeyemi"]


def test_a_changed_iri_without_a_reference_is_removed_and_added() -> None:
    old = OrgSnapshot(titles={"a": "Boss", "x": "Analyst"}, managers={"x": frozenset({"a"})})
    new = OrgSnapshot(titles={"a": "Boss", "y": "Analyst"}, managers={"y": frozenset({"a"})})
    found, renamed = org_changes(old, new)
    assert renamed == []
    assert [(c.kind, c.subject) for c in found] == [("post-added", "y"), ("post-removed", "x")]
    # With the same reference the two are one post, renamed; nothing else changed.
    old = OrgSnapshot(titles=old.titles, references={"x": "R1"}, managers=old.managers)
    new = OrgSnapshot(titles=new.titles, references={"y": "R1"}, managers=new.managers)
    assert org_changes(old, new) == ([], [("x", "y")])


def test_two_candidates_for_one_rename_are_not_guessed_between() -> None:
    old = OrgSnapshot(titles={"x": "Analyst"}, references={"x": "R1"})
    new = OrgSnapshot(titles={"y": "Analyst", "z": "Analyst"},
                      references={"y": "R1", "z": "R1"})
    found, renamed = org_changes(old, new)
    assert renamed == [] and {c.kind for c in found} == {"post-added", "post-removed"}


def test_cli_text_json_and_csv(cli: Any, schema: Any, tmp_path: Path) -> None:
    text = cli("diff", str(OLD), str(NEW))
    assert text.code == 0, text.err
    assert "17 changes" in text.out
    assert "Posts retitled (1):\n  Chief Financial Officer → Finance Director" in text.out
    assert "People who left (2):" in text.out and "Raj Mehta, was Chief Financial Officer" \
        in text.out
    assert "Possible renames, compared as one post (1):" in text.out
    as_json = cli("diff", str(OLD), str(NEW), "--json")
    assert as_json.code == 0
    schema("diff", json.loads(as_json.out))
    assert changes(json.loads(as_json.out)) == EXPECTED
    out = tmp_path / "changes.csv"
    written = cli("diff", str(OLD), str(NEW), "--format", "csv", "-o", str(out))
    assert written.code == 0, written.err
    rows = list(csv.DictReader(io.StringIO(out.read_text(encoding="utf-8"))))
    assert len(rows) == len(EXPECTED)
    assert {"kind": "post-moved", "subject": EX + "coord", "subject_label": "PMO Coordinator",
            "before": "PMO Director", "after": "PMO Manager"} in rows
    same = cli("diff", str(OLD), str(OLD))
    assert same.code == 0 and "0 changes." in same.out


def test_cli_bad_input_names_the_file(cli: Any, tmp_path: Path) -> None:
    broken = tmp_path / "broken.ttl"
    broken.write_text("@prefix ex: <https://example.org/> .\nex:a ex:b .\n", encoding="utf-8")
    result = cli("diff", str(OLD), str(broken))
    assert result.code == 2
    assert result.err.startswith("Error:") and "broken.ttl" in result.err
    missing = cli("diff", str(tmp_path / "nope.ttl"), str(NEW))
    assert missing.code == 2 and "nope.ttl" in missing.err


def test_rdflib_graphs_are_compared_and_anything_else_is_refused() -> None:
    from rdflib import Graph
    old, new = Graph().parse(OLD), Graph().parse(NEW)
    answer = pmograph.diff(old, new)
    assert changes(answer) == changes(pmograph.diff(OLD, NEW))
    assert answer["old"]["source"] == f"an rdflib graph of {len(old):,} triples"
    with pytest.raises(pmograph.PmographError, match=r"not int: pass pmograph\.load"):
        pmograph.diff(3, new)  # type: ignore[arg-type]
