"""``pmograph.metrics`` on real data, against figures counted without the code under test.

* The sample organisation: counted by hand from ``examples/sample-org.ttl`` (the counts are
  written out below with the posts they come from).
* HEFCE, 31 March 2011 (data.gov.uk's own RDF): counted by reading the N-Triples lines with a
  regular expression — senior posts, their holders and lines; junior rows with their FTE,
  manager and unit.
* UK Space Agency, September 2013: counted from the two CSV files with the ``csv`` module.

The same figures come out of every store (``tests/test_stores.py``'s ``STORES``).
"""

from __future__ import annotations

import csv
import re
import statistics
from collections import Counter, defaultdict
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from test_stores import HEFCE, STORES, clear, open_store

import pmograph
from pmograph._algorithms.metrics import span_band

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "examples" / "sample-org.ttl"
UKSA = ("ukgov-organogram-uk-space-agency-2013-09-senior.csv",
        "ukgov-organogram-uk-space-agency-2013-09-junior.csv")
EX = "https://example.org/meridian/"


def labels(entities: list[dict[str, Any]]) -> list[str]:
    return [entity["label"] for entity in entities]


def by_label(rows: list[dict[str, Any]], key: str) -> dict[str, dict[str, Any]]:
    return {row[key]["label"] if row[key] else None: row for row in rows}


# ------------------------------------------------------------------ the sample organisation
@pytest.fixture(scope="module")
def sample() -> pmograph.KnowledgeGraph:
    return pmograph.load(SAMPLE)


def test_sample_organisation_counted_by_hand(sample: pmograph.KnowledgeGraph,
                                             schema: Any) -> None:
    answer = pmograph.metrics(sample)
    schema("metrics", answer)
    # P001-P015; 15 people (13 by org:heldBy, Lucy Chen and Sam Patel by org:holds); P007
    # vacant; P009 a job share (Ines Duarte, Kwame Asante): 14 filled posts, 14 FTE.
    assert (answer["posts"], answer["people"], answer["vacant"], answer["job_shares"]) == (
        15, 15, 1, 1)
    assert (answer["fte"], answer["vacancy_rate"]) == (14.0, round(1 / 15, 4))
    # CEO | COO, CTO | VP | PMO director, programme manager, PM data | PMO managers x2,
    # business PM, technical PM, project support | analysts x2, coordinator.
    assert answer["layers"] == [1, 2, 1, 3, 5, 3]
    assert labels(answer["deepest_chain"]) == [
        "Chief Executive Officer", "Chief Operating Officer", "VP of Project Management",
        "Director, Enterprise PMO", "PMO Manager, Portfolio Office", "PMO Analyst, Planning"]
    # Spans: CEO 2, COO 1, VP 3, director 2, PMO manager (portfolio) 2, PMO manager
    # (delivery) 1, programme manager 2, PM data 1.
    assert answer["span"] == {"managers": 8, "median": 2.0, "mean": 1.75, "bands": {
        "1": 3, "2-3": 5, "4-7": 0, "8-12": 0, "13-16": 0, "17+": 0}}
    assert labels(answer["managers_of_one"]) == [
        "Chief Operating Officer", "PMO Manager, Delivery Support",
        "Project Manager, Data Platform"]
    managers = by_label(answer["by_manager"], "manager")
    assert {name: (row["direct"], row["headcount"], row["fte"], row["vacant"], row["layer"])
            for name, row in managers.items()} == {
        "Chief Executive Officer": (2, 14, 13.0, 1, 1),
        "Chief Operating Officer": (1, 12, 11.0, 1, 2),
        "VP of Project Management": (3, 11, 10.0, 1, 3),
        "Director, Enterprise PMO": (2, 5, 4.0, 1, 4),
        "PMO Manager, Portfolio Office": (2, 2, 2.0, 0, 5),
        "Program Manager, Apollo Programme": (2, 2, 2.0, 0, 4),
        "PMO Manager, Delivery Support": (1, 1, 1.0, 0, 5),
        "Project Manager, Data Platform": (1, 1, 1.0, 0, 4)}
    assert managers["PMO Manager, Delivery Support"]["held_by"] == []
    # Units: the enterprise PMO holds P005-P010; Delivery holds P004, P011, P014, P015 and
    # the Apollo Billing project (P012, P013) inside it; Meridian contains every unit.
    units = by_label(answer["by_unit"], "unit")
    assert {name: (row["headcount"], row["fte"], row["vacant"], row["people"],
                   row["direct_headcount"]) for name, row in units.items()} == {
        "Meridian Engineering Ltd": (15, 14.0, 1, 15, 0), "Delivery": (6, 6.0, 0, 6, 4),
        "Enterprise PMO": (6, 5.0, 1, 6, 6), "Apollo Billing project": (2, 2.0, 0, 2, 2),
        "Executive Office": (2, 2.0, 0, 2, 2), "Technology": (1, 1.0, 0, 1, 1)}
    assert units["Meridian Engineering Ltd"]["unit"]["kind"] == "organization"
    assert [row["unit"] for row in answer["by_unit"]] == [
        sample.entity(row["unit"]["iri"]) for row in answer["by_unit"]]
    # The technical PM's dotted line to the CTO; every post's role sits below its manager's.
    assert [(d["post"]["label"], d["dotted"]) for d in answer["dotted_load"]] == [
        ("Chief Technology Officer", 1)]
    assert answer["level_compression"] == []


def test_a_root_restricts_to_its_subtree(sample: pmograph.KnowledgeGraph) -> None:
    answer = pmograph.metrics(sample, root="P005")  # the PMO director, by identifier
    assert answer["subject"]["iri"] == EX + "post-pmo-director"
    assert (answer["posts"], answer["people"], answer["vacant"], answer["layers"]) == (
        6, 6, 1, [1, 2, 3])
    assert [(row["unit"]["label"], row["headcount"]) for row in answer["by_unit"]] == [
        ("Enterprise PMO", 6), ("Meridian Engineering Ltd", 6)]  # ties by label
    by_person = pmograph.metrics(sample, root="person:Daniel Mensah")
    assert by_person["subject"] == answer["subject"] and by_person["layers"] == [1, 2, 3]
    with pytest.raises(pmograph.PmographError, match="is a role"):
        pmograph.metrics(sample, root="role:PMO Director")


def test_level_compression_from_catalog_levels() -> None:
    # A PMO manager (level 5) over another PMO manager (5) and over a PMO director (7).
    data = """@prefix org: <http://www.w3.org/ns/org#> . @prefix ex: <https://example.org/c/> .
        @prefix pmoc: <https://w3id.org/pmograph/catalog/> .
        ex:m a org:Post ; org:role pmoc:PMOManager .
        ex:peer a org:Post ; org:role pmoc:PMOManager ; org:reportsTo ex:m .
        ex:boss a org:Post ; org:role pmoc:PMODirector ; org:reportsTo ex:m .
        ex:ok a org:Post ; org:role pmoc:PMOAnalyst ; org:reportsTo ex:m ."""
    from rdflib import Graph

    answer = pmograph.metrics(pmograph.load(Graph().parse(data=data, format="turtle")))
    found = {(c["manager"]["iri"].rsplit("/", 1)[1], c["report"]["iri"].rsplit("/", 1)[1],
              c["manager_level"], c["report_level"]) for c in answer["level_compression"]}
    assert found == {("m", "peer", 5, 5), ("m", "boss", 5, 7)}


# ------------------------------------------------------------------ HEFCE, counted from the file
TRIPLE = re.compile(r'^<([^>]+)> <([^>]+)> (?:<([^>]+)>|"([^"]*)"\S*) \.$')
CG = "http://reference.data.gov.uk/def/central-government/"
OG = "http://reference.data.gov.uk/def/organogram/"


def hefce_by_hand(path: Path) -> dict[str, Any]:
    """HEFCE's figures read straight from its N-Triples lines (no RDF library, no pmograph)."""
    seniors, holders, manager, fte, unit = set(), set(), {}, {}, {}
    for line in path.read_text(encoding="utf-8").splitlines():
        found = TRIPLE.match(line)
        if not found:
            continue
        subject, predicate, iri, text = found.groups()
        if predicate.endswith("#type") and iri == CG + "SeniorCivilServicePost":
            seniors.add(subject)
        elif predicate == CG + "heldBy":
            holders.add(iri)
        elif predicate in ("http://www.w3.org/ns/org#reportsTo", OG + "reportingTo"):
            manager[subject] = iri
        elif predicate == OG + "fullTimeEquivalent":
            fte[subject] = float(text)
        elif predicate == OG + "unit":
            unit[subject] = iri.rsplit("/", 1)[1]
    posts = seniors | set(fte)
    spans = Counter(manager.values())
    depth = {post: 0 for post in posts if post not in manager}
    while len(depth) < len(posts):
        depth.update({post: depth[boss] + 1 for post, boss in manager.items() if boss in depth})
    below: dict[str, list[str]] = defaultdict(list)
    for post in posts:
        boss = manager.get(post)
        while boss is not None:
            below[boss].append(post)
            boss = manager.get(boss)
    return {"posts": posts, "seniors": seniors, "holders": holders, "fte": fte,
            "spans": spans, "depth": depth, "below": below, "unit": unit, "manager": manager}


@pytest.fixture(scope="module")
def hefce(external: Path) -> dict[str, Any]:
    return hefce_by_hand(external / HEFCE)


def test_hefce_figures_match_the_file(external: Path, hefce: dict[str, Any],
                                      schema: Any) -> None:
    answer = pmograph.metrics(pmograph.load(external / HEFCE))
    schema("metrics", answer)
    # 4 senior posts, each held; 82 junior rows, each a post whose FTE the file gives.
    assert (len(hefce["seniors"]), len(hefce["holders"]), len(hefce["fte"])) == (4, 4, 82)
    senior_fte = len(hefce["seniors"])  # one filled senior post, one FTE
    assert answer["posts"] == len(hefce["posts"]) == 86
    assert answer["people"] == 4 and answer["vacant"] == 0 and answer["job_shares"] == 0
    assert answer["fte"] == pytest.approx(senior_fte + sum(hefce["fte"].values()))
    assert answer["fte"] == pytest.approx(243.36)
    layers = Counter(hefce["depth"].values())
    assert answer["layers"] == [layers[d] for d in sorted(layers)] == [1, 3, 82]
    spans = list(hefce["spans"].values())
    assert sorted(spans) == [3, 12, 16, 54]
    assert answer["span"]["bands"] == {band: sum(span_band(s) == band for s in spans)
                                       for band in answer["span"]["bands"]}
    assert answer["span"]["median"] == statistics.median(spans) == 14
    assert answer["managers_of_one"] == []
    for row in answer["by_manager"]:
        post = row["manager"]["iri"]
        assert row["direct"] == hefce["spans"][post]
        assert row["headcount"] == len(hefce["below"][post])
        assert row["fte"] == pytest.approx(sum(hefce["fte"].get(p, 1.0)
                                               for p in hefce["below"][post]))
    # Junior rows by unit (the file's organogram:unit), plus the one senior post heading
    # each directorate; the chief executive's own unit holds only that post.
    juniors = Counter(hefce["unit"].values())
    assert juniors == {"finance-and-corporate-resources": 54,
                       "education-and-participation": 16, "research,-innovation-and-skills": 12}
    units = {row["unit"]["iri"].rsplit("/", 1)[1]: row for row in answer["by_unit"]}
    for name, count in juniors.items():
        in_unit = [p for p, u in hefce["unit"].items() if u == name]
        assert units[name]["direct_headcount"] == count + 1
        assert units[name]["direct_fte"] == pytest.approx(
            1.0 + sum(hefce["fte"][p] for p in in_unit))
    assert units["hefce"]["headcount"] == 1
    assert units["higher-education-funding-council-for-england"]["headcount"] == 86


# ------------------------------------------------------------------ UK Space Agency, from CSV
def uksa_by_hand(folder: Path) -> dict[str, Any]:
    with open(folder / UKSA[0], encoding="utf-8-sig", newline="") as handle:
        seniors = list(csv.DictReader(handle))
    with open(folder / UKSA[1], encoding="utf-8-sig", newline="") as handle:
        juniors = list(csv.DictReader(handle))
    manager = {row["Post Unique Reference"]: row["Reports to Senior Post"] for row in seniors}
    spans = Counter(boss for boss in manager.values() if boss.upper() != "XX")
    spans.update(row["Reporting Senior Post"] for row in juniors)
    depth = {post: 0 for post, boss in manager.items() if boss.upper() == "XX"}
    while len(depth) < len(manager):
        depth.update({post: depth[boss] + 1 for post, boss in manager.items() if boss in depth})
    layers = Counter(depth.values())
    layers.update(depth[row["Reporting Senior Post"]] + 1 for row in juniors)
    fte = sum(float(row["FTE"]) for row in seniors) + sum(
        float(row["Number of Posts in FTE"]) for row in juniors)
    units = Counter(row["Unit"] for row in [*seniors, *juniors])
    return {"posts": len(seniors) + len(juniors), "people": len({r["Name"] for r in seniors}),
            "fte": fte, "spans": spans, "layers": [layers[d] for d in sorted(layers)],
            "units": units}


def test_uk_space_agency_figures_match_the_csv_files(external: Path, schema: Any) -> None:
    expected = uksa_by_hand(external)
    answer = pmograph.metrics(pmograph.load(*(external / name for name in UKSA)))
    schema("metrics", answer)
    assert (answer["posts"], answer["people"], answer["vacant"]) == (41, 20, 0)
    assert (answer["posts"], answer["people"]) == (expected["posts"], expected["people"])
    assert answer["fte"] == pytest.approx(expected["fte"]) and answer["fte"] == 40.6
    assert answer["layers"] == expected["layers"] == [1, 3, 18, 19]
    spans = list(expected["spans"].values())
    assert answer["span"]["managers"] == len(spans) == 14
    assert answer["span"]["median"] == statistics.median(spans)
    assert answer["span"]["bands"] == {band: sum(span_band(s) == band for s in spans)
                                       for band in answer["span"]["bands"]}
    assert len(answer["managers_of_one"]) == sum(1 for s in spans if s == 1) == 5
    units = {row["unit"]["label"]: row for row in answer["by_unit"] if row["unit"]}
    for name, count in expected["units"].items():
        assert units[name]["direct_headcount"] == count, name
    assert units["Growth Applications and EU Programmes"]["fte"] == pytest.approx(5.6)
    assert units["UK Space Agency"]["headcount"] == 41


# ------------------------------------------------------------------ the same on every store
@pytest.fixture(scope="module", params=STORES)
def store_name(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture(scope="module")
def on_store(store_name: str, tmp_path_factory: pytest.TempPathFactory,
             external: Path) -> Iterator[pmograph.KnowledgeGraph]:
    kg = open_store(store_name, tmp_path_factory.mktemp(store_name), SAMPLE, external / HEFCE)
    yield kg
    clear(kg)


def test_the_same_figures_on_every_store(on_store: pmograph.KnowledgeGraph,
                                         external: Path) -> None:
    reference = pmograph.load(SAMPLE, external / HEFCE)
    assert pmograph.metrics(on_store) == pmograph.metrics(reference)
    for root in ("P005", "90115"):
        assert pmograph.metrics(on_store, root=root) == pmograph.metrics(reference, root=root)
    assert pmograph.describe_span(on_store, "P004") == pmograph.describe_span(reference,
                                                                              "P004")
    assert pmograph.describe_common(on_store, "P008", "P013") == pmograph.describe_common(
        reference, "P008", "P013")
    assert pmograph.describe_layers(on_store) == pmograph.describe_layers(reference)
    both = pmograph.metrics(reference)
    assert both["posts"] == 15 + 86 and both["layers"] == [2, 5, 83, 3, 5, 3]
