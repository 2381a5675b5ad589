"""``validate --profile org-health``: org-design thresholds as SHACL rules an organisation edits."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from rdflib import Graph, URIRef

import pmograph
from pmograph._resources import profile_files

#: Slow: the edit loop skips these (`pytest -m "not slow"`); CI runs them.
pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "examples" / "sample-org.ttl"
HEFCE = "w3c-csvw-uc4-HEFCE_organogram_31032011.nt"
RULES = ("span-too-wide", "span-too-narrow", "manager-of-one", "too-many-layers",
         "level-compression")
Cli = Callable[..., Any]


def found(report: pmograph.ValidationReport) -> set[tuple[str, str, str]]:
    """(check, focus label, message) of the profile's results."""
    return {(r.check.removeprefix("shacl:"), r.focus["label"] if r.focus else "", r.message)
            for r in report.results if r.check.removeprefix("shacl:") in RULES}


def edited(tmp_path: Path, **numbers: int) -> Path:
    """A copy of the shipped profile with some thresholds changed (``maxSpan=2`` ...)."""
    text = profile_files()["org-health"].read_text(encoding="utf-8")
    for variable, value in numbers.items():
        text, count = re.subn(rf"BIND \(\d+ AS \?{variable}\)", f"BIND ({value} AS ?{variable})",
                              text)
        assert count == 1, variable
    path = tmp_path / "my-org-health.ttl"
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def sample() -> pmograph.KnowledgeGraph:
    return pmograph.load(SAMPLE, catalog=False)  # the span and layer rules need no catalog


def test_the_shipped_profile_on_the_sample(sample: pmograph.KnowledgeGraph) -> None:
    report = pmograph.validate(sample, profiles=["org-health"])
    assert {r.severity for r in report.results if r.check.removeprefix("shacl:") in RULES} == {
        "warning"}  # every rule is a warning
    assert found(report) == {
        ("manager-of-one", "Chief Operating Officer", "manager of one: a single direct report "
         "(value: 'VP of Project Management' <https://example.org/meridian/post-vp-pm>)"),
        ("manager-of-one", "PMO Manager, Delivery Support", "manager of one: a single direct "
         "report (value: 'PMO Coordinator, Delivery Support' "
         "<https://example.org/meridian/post-pmo-coordinator>)"),
        ("manager-of-one", "Project Manager, Data Platform", "manager of one: a single direct "
         "report (value: 'Project Support Officer, Data Platform' "
         "<https://example.org/meridian/post-project-support>)"),
        *(("span-too-narrow", post, "span of control 2: below the minimum of 3")
          for post in ("Chief Executive Officer", "Director, Enterprise PMO",
                       "PMO Manager, Portfolio Office", "Program Manager, Apollo Programme")),
        ("too-many-layers", "Chief Executive Officer", "6 layers over 15 posts: at a span of "
         "7, 3 layers would hold them (allowing 1 more)"),
    }
    # The same posts and figures as metrics finds (managers of one, narrow spans, layers).
    answer = pmograph.metrics(sample)
    assert {e["label"] for e in answer["managers_of_one"]} == {
        focus for check, focus, _ in found(report) if check == "manager-of-one"}
    plain = pmograph.validate(sample)
    assert not found(plain) and len(plain.results) < len(report.results)


def test_editing_a_threshold_in_a_copy_changes_the_results(
        sample: pmograph.KnowledgeGraph, tmp_path: Path) -> None:
    wide = pmograph.validate(sample, profiles=[edited(tmp_path, maxSpan=2)])
    assert {(c, f, m) for c, f, m in found(wide) if c == "span-too-wide"} == {
        ("span-too-wide", "VP of Project Management",
         "span of control 3: above the maximum of 2")}
    # At a span of 2, 1 + 2 + 4 + 8 posts fit in 4 layers: 6 are allowed with 2 spare.
    relaxed = pmograph.validate(sample, profiles=[edited(tmp_path, minSpan=2, idealSpan=2,
                                                         extraLayers=2)])
    assert {c for c, _, _ in found(relaxed)} == {"manager-of-one"}
    strict = pmograph.validate(sample, profiles=[edited(tmp_path, extraLayers=0, idealSpan=3)])
    assert ("too-many-layers", "Chief Executive Officer", "6 layers over 15 posts: at a span "
            "of 3, 4 layers would hold them (allowing 0 more)") in found(strict)


def test_level_compression_names_both_posts_and_levels(tmp_path: Path) -> None:
    data = Graph().parse(format="turtle", data="""
        @prefix org: <http://www.w3.org/ns/org#> . @prefix ex: <https://example.org/c/> .
        @prefix pmoc: <https://w3id.org/pmograph/catalog/> .
        @prefix skos: <http://www.w3.org/2004/02/skos/core#> .
        ex:m a org:Post ; skos:prefLabel "PMO lead" ; org:role pmoc:PMOManager .
        ex:peer a org:Post ; skos:prefLabel "Peer" ; org:role pmoc:PMOManager ;
            org:reportsTo ex:m .
        ex:ok a org:Post ; skos:prefLabel "Analyst" ; org:role pmoc:PMOAnalyst ;
            org:reportsTo ex:m .""")
    kg = pmograph.load(data)
    compressed = {r for r in found(pmograph.validate(kg, profiles=["org-health"]))
                  if r[0] == "level-compression"}
    assert compressed == {("level-compression", "PMO lead", "at catalog level 5, manages a post "
                           "at level 5: the gap should be at least 1 (value: 'Peer' "
                           "<https://example.org/c/peer>)")}
    wider = found(pmograph.validate(kg, profiles=[edited(tmp_path, minLevelGap=3)]))
    assert {r[2][:45] for r in wider if r[0] == "level-compression"} == {
        "at catalog level 5, manages a post at level 5", "at catalog level 5, manages a post "
        "at level 3"}


def test_hefce_spans_against_the_profile(external: Path) -> None:
    kg = pmograph.load(external / HEFCE, catalog=False)
    report = pmograph.validate(kg, profiles=["org-health"])
    # Spans 54 (deputy chief executive), 16 and 12 (directors), 3 (chief executive).
    assert {(c, m) for c, _, m in found(report)} == {
        ("span-too-wide", "span of control 54: above the maximum of 12"),
        ("span-too-wide", "span of control 16: above the maximum of 12")}
    wide = next(r for r in report.results if r.message.startswith("span of control 54"))
    assert wide.focus is not None and wide.focus["iri"].endswith("/post/90115")


def test_the_command_line(cli: Cli, tmp_path: Path) -> None:
    tiny = str(ROOT / "tests" / "data" / "tiny-org.ttl")  # ceo → head of PMO → 2 PMs
    result = cli("--no-catalog", "--data", tiny, "validate", "--profile", "org-health", "--json")
    assert result.code == 0  # warnings only
    checks = sorted(r["check"] for r in result.json()["results"])
    assert checks == ["no-role", "shacl:manager-of-one", "shacl:span-too-narrow"]
    copy = edited(tmp_path, maxSpan=1)
    strict = copy.read_text(encoding="utf-8").replace(
        "pmosh:check \"span-too-wide\" ;\n    sh:targetObjectsOf org:reportsTo ;\n"
        "    sh:severity sh:Warning ;",
        "pmosh:check \"span-too-wide\" ;\n    sh:targetObjectsOf org:reportsTo ;\n"
        "    sh:severity sh:Violation ;")
    assert strict != copy.read_text(encoding="utf-8")
    copy.write_text(strict, encoding="utf-8")
    failing = cli("--no-catalog", "--data", tiny, "validate", "--profile", str(copy))
    assert failing.code == 1
    assert ("violation  shacl:span-too-wide [post: Head of PMO]: span of control 2: above the "
            "maximum of 1") in failing.out.splitlines()
    missing = cli("--no-catalog", "--data", tiny, "validate", "--profile", "no-such-profile",
                  "--json")
    assert missing.code == 2 and "org-health" in json.loads(missing.out)["error"]["message"]
    bad = tmp_path / "bad.ttl"
    bad.write_text("this is not turtle", encoding="utf-8")
    broken = cli("--no-catalog", "--data", tiny, "validate", "--profile", str(bad))
    assert broken.code == 2 and "bad.ttl" in broken.err


def test_the_profile_is_shipped_and_well_formed() -> None:
    shapes = Graph().parse(data=profile_files()["org-health"].read_bytes(), format="turtle")
    names = shapes.objects(None, URIRef("https://w3id.org/pmograph/shapes#check"))
    assert sorted(map(str, names)) == sorted(RULES)
