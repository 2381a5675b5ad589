"""Snapshots kept in a store (issue #15): named graphs with their dates, on every store.

The two files of ``tests/data/snapshots`` are kept as snapshots of one store; the diff of the
two snapshots must be exactly the diff of the two files, the default graph must not change,
and a snapshot must be found by its date, given or read from the file.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from rdflib import Graph, URIRef
from test_diff import EXPECTED, NEW, OLD, changes
from test_stores import STORES, clear, open_store

import pmograph
from pmograph._store.snapshots import own_date, snapshot_backend
from pmograph._views.org import reporting_view

MARCH, SEPTEMBER = "2026-03-31", "2026-09-30"


def drop_snapshots(kg: pmograph.KnowledgeGraph) -> None:
    """Remove the snapshots a test put on a server (a folder or memory goes with the test)."""
    for snapshot in kg.snapshots():
        backend = snapshot_backend(kg.backend, snapshot.date)
        if hasattr(backend, "clear"):
            backend.clear()


@pytest.fixture(scope="module", params=STORES)
def store_with_snapshots(request: pytest.FixtureRequest,
                         tmp_path_factory: pytest.TempPathFactory
                         ) -> Iterator[tuple[pmograph.KnowledgeGraph, int]]:
    """A store holding the catalog and both snapshots; and its size before the snapshots."""
    kg = open_store(request.param, tmp_path_factory.mktemp("snapshots"))
    size = len(kg)
    kg.add_snapshot(OLD, date=MARCH)
    kg.add_snapshot(NEW, date=SEPTEMBER)
    yield kg, size
    drop_snapshots(kg)
    clear(kg)


def test_a_store_keeps_snapshots_by_date_beside_its_data(
        store_with_snapshots: tuple[pmograph.KnowledgeGraph, int]) -> None:
    kg, size = store_with_snapshots
    found = kg.snapshots()
    assert [str(s.date) for s in found] == [MARCH, SEPTEMBER]
    assert [s.graph for s in found] == [f"{kg.spec.graph}/snapshot/{day}"
                                        for day in (MARCH, SEPTEMBER)]
    assert len(kg) == size  # the default graph is the data as it was
    assert not any(node.startswith("https://example.org/meridian-labs/")
                   for node in reporting_view(kg))
    march = kg.snapshot(MARCH)
    assert march.store == f"{kg.store} snapshot {MARCH}"
    posts = {row[0] for row in march.strings("posts")}
    assert len(posts) == 11 and "https://example.org/meridian-labs/support" in posts
    assert "https://example.org/meridian-labs/support" not in {
        row[0] for row in kg.snapshot(SEPTEMBER).strings("posts")}


def test_the_diff_of_two_snapshots_is_the_diff_of_the_files(
        store_with_snapshots: tuple[pmograph.KnowledgeGraph, int], schema: Any) -> None:
    kg, _ = store_with_snapshots
    answer = pmograph.diff(kg.snapshot(MARCH), kg.snapshot(SEPTEMBER))
    schema("diff", answer)
    assert changes(answer) == EXPECTED
    assert answer["counts"] == pmograph.diff(OLD, NEW)["counts"]
    assert (answer["old"]["date"], answer["new"]["date"]) == (MARCH, SEPTEMBER)
    assert pmograph.diff(kg.snapshot(SEPTEMBER), kg.snapshot(SEPTEMBER))["changes"] == []


def test_a_snapshot_answers_queries_from_its_own_graph(
        store_with_snapshots: tuple[pmograph.KnowledgeGraph, int]) -> None:
    kg, _ = store_with_snapshots
    held = "SELECT ?person WHERE { ?post org:heldBy ?person }"
    march = {str(row[0]) for row in kg.snapshot(MARCH).query(held,
                                                             post=URIRef(EX_CFO))}
    september = {str(row[0]) for row in kg.snapshot(SEPTEMBER).query(held,
                                                                     post=URIRef(EX_CFO))}
    assert (march, september) == ({"https://example.org/meridian-labs/raj"}, set())
    assert not list(kg.query(held, post=URIRef(EX_CFO)))


EX_CFO = "https://example.org/meridian-labs/cfo"


def test_a_snapshot_is_read_only(store_with_snapshots: tuple[pmograph.KnowledgeGraph, int]
                                 ) -> None:
    kg, _ = store_with_snapshots
    march = kg.snapshot(MARCH)
    with pytest.raises(pmograph.StoreError, match="read-only"):
        march.add(NEW)
    with pytest.raises(pmograph.QueryError, match="read-only"):
        march.query("INSERT DATA { <urn:a> <urn:b> <urn:c> }", allow_update=True)
    with pytest.raises(pmograph.StoreError, match=r"no snapshot dated 2026-10-01.*2026-03-31, "
                                                  r"2026-09-30"):
        kg.snapshot("2026-10-01")


def test_the_same_file_again_changes_no_snapshot(tmp_path: Path) -> None:
    kg = pmograph.load(store=f"oxigraph:{tmp_path / 'db'}", catalog=False)
    first = kg.add_snapshot(OLD, date=MARCH)
    again = kg.add_snapshot(OLD, date=MARCH)  # a persistent store skips content it has
    assert first[1] > 0 and again[1] == 0
    other_date = kg.add_snapshot(OLD, date=SEPTEMBER)  # the same file is another snapshot
    assert other_date[1] == first[1]
    reopened = pmograph.load(store=f"oxigraph:{tmp_path / 'db'}", catalog=False)
    assert [str(s.date) for s in reopened.snapshots()] == [MARCH, SEPTEMBER]
    assert len(reopened.snapshot(MARCH)) == first[1]


DATASET = """
    @prefix prov: <http://www.w3.org/ns/prov#> . @prefix dcat: <http://www.w3.org/ns/dcat#> .
    @prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
    {} a dcat:Dataset ; prov:generatedAtTime "{}"^^xsd:dateTime .
"""


def test_a_spreadsheet_export_is_a_snapshot_too(external: Path) -> None:
    kg = pmograph.load()
    for part in ("senior", "junior"):  # two files of one date: one snapshot
        snapshot, _ = kg.add_snapshot(
            external / f"ukgov-organogram-uk-space-agency-2013-09-{part}.csv", date="2013-09-30")
    assert kg.snapshots() == [snapshot]
    kept = kg.snapshot(snapshot.date)
    assert len(kept.strings("posts")) == 41  # job titles matched to the store's catalog roles
    roles = {row[2] for row in kept.strings("post-facts-all") if row[1] == "role"}
    assert roles and all(role.startswith("https://w3id.org/pmograph/catalog/") for role in roles)


def test_a_file_gives_its_own_date(tmp_path: Path, external: Path) -> None:
    kg = pmograph.load(catalog=False)
    organogram = external / "w3c-csvw-uc4-HEFCE_organogram_31032011.nt"
    snapshot, added = kg.add_snapshot(organogram)  # data.gov.uk's day IRIs
    assert str(snapshot.date) == "2011-03-31" and added > 1000
    dated = tmp_path / "dated.ttl"
    dated.write_text(OLD.read_text(encoding="utf-8") + DATASET.format(
        "<urn:export>", "2026-03-31T17:00:00Z"), encoding="utf-8")
    assert str(kg.add_snapshot(dated)[0].date) == MARCH
    with pytest.raises(pmograph.PmographError, match="gives no date of its own"):
        kg.add_snapshot(NEW)
    twice = Graph().parse(dated).parse(data=DATASET.format("<urn:other>", "2026-04-01T00:00:00"),
                                       format="turtle")
    with pytest.raises(pmograph.PmographError, match=r"several dates.*2026-03-31, 2026-04-01"):
        own_date(pmograph.load(twice, catalog=False))


def test_cli_load_snapshots_and_diff_them(cli: Any, schema: Any, tmp_path: Path) -> None:
    store = f"oxigraph:{tmp_path / 'db'}"
    loaded = cli("--store", store, "load", str(OLD), "--snapshot", MARCH, "--json")
    assert loaded.code == 0, loaded.err
    schema("written", loaded.json())
    assert loaded.json()["snapshots"] == [{
        "date": MARCH, "graph": f"https://w3id.org/pmograph/graph/data/snapshot/{MARCH}",
        "files": 1, "unchanged": 0, "added": loaded.json()["counts"]["added"]}]
    again = cli("--store", store, "load", str(NEW), "--snapshot", SEPTEMBER)
    assert again.code == 0, again.err
    assert f"snapshot {SEPTEMBER}:" in again.out
    assert f"2 snapshots in the store: {MARCH}, {SEPTEMBER}" in again.out
    diffed = cli("--store", store, "diff", MARCH, SEPTEMBER, "--json")
    assert diffed.code == 0, diffed.err
    schema("diff", diffed.json())
    assert changes(diffed.json()) == EXPECTED
    text = cli("--store", store, "diff", MARCH, str(NEW))  # a snapshot and a file
    assert text.code == 0 and "17 changes" in text.out
    missing = cli("--store", store, "diff", MARCH, "2027-01-01", "--json")
    assert missing.code == 2
    assert json.loads(missing.out)["error"]["message"].startswith(
        f"{store} has no snapshot dated 2027-01-01 (snapshots: {MARCH}, {SEPTEMBER})")
    undated = cli("--store", store, "load", str(NEW), "--snapshot")
    assert undated.code == 2 and "gives no date of its own" in undated.err
    bad = cli("--store", store, "load", str(NEW), "--snapshot", "30/09/2026")
    assert bad.code == 2 and "is not a date" in bad.err


def test_cli_import_date_is_the_snapshot_date(cli: Any, tmp_path: Path, external: Path) -> None:
    output = tmp_path / "chinook.nt"
    imported = cli("import", str(external / "w3c-csvw-chinook-Employee.csv"), "--date",
                   MARCH, "-o", str(output), "--json")
    assert imported.code == 0, imported.err
    assert imported.json()["date"] == MARCH
    assert (f'<urn:pmograph:org:snapshot/{MARCH}> <http://www.w3.org/ns/prov#generatedAtTime> '
            f'"{MARCH}T00:00:00"^^<http://www.w3.org/2001/XMLSchema#dateTime> .'
            in output.read_text(encoding="utf-8").splitlines())
    store = f"oxigraph:{tmp_path / 'db'}"
    loaded = cli("--store", store, "load", str(output), "--snapshot", "--json")
    assert loaded.code == 0, loaded.err
    assert [s["date"] for s in loaded.json()["snapshots"]] == [MARCH]
    posts = pmograph.load(store=store, catalog=False).snapshot(MARCH).strings("posts")
    assert len(posts) == 8
    wrong = cli("import", str(external / "w3c-csvw-chinook-Employee.csv"), "--date", "March",
                "-o", str(tmp_path / "x.ttl"))
    assert wrong.code == 2 and "'March' is not a date" in wrong.err


#: The kinds of change the shipped query lists (pmograph diff also pairs moves, units, spans).
QUERY_KINDS = {"post-added", "post-removed", "post-retitled", "post-moved", "dotted-added",
               "dotted-removed", "person-joined", "person-left", "vacancy-opened",
               "vacancy-filled"}


def rows_of(answer: dict[str, Any]) -> set[tuple[str, str, str | None, str | None]]:
    """A diff answer as the shipped query's rows: one per entity before and after."""
    def values(value: Any) -> list[str | None]:
        if value is None:
            return [None]
        if isinstance(value, list):
            return [item["iri"] for item in value] or [None]
        return [value["iri"] if isinstance(value, dict) else str(value)]

    return {(c["kind"], c["subject"]["iri"], before, after) for c in answer["changes"]
            if c["kind"] in QUERY_KINDS
            for before in values(c["before"]) for after in values(c["after"])}


def test_the_shipped_query_lists_the_changes_diff_finds(
        store_with_snapshots: tuple[pmograph.KnowledgeGraph, int]) -> None:
    kg, _ = store_with_snapshots
    march, september = kg.snapshots()
    found = {tuple(None if value is None else str(value) for value in row)
             for row in kg.query("what-changed-between-snapshots", old=URIRef(march.graph),
                                 new=URIRef(september.graph))}
    answer = pmograph.diff(kg.snapshot(MARCH), kg.snapshot(SEPTEMBER))
    # SPARQL compares posts by IRI alone: the post diff takes as renamed is removed and added.
    (renamed,) = answer["renamed"]
    by_iri = {("post-removed", renamed["old"]["iri"], EX + "pmo-dir", None),
              ("post-added", renamed["new"]["iri"], None, EX + "pmo-dir")}
    assert found == rows_of(answer) | by_iri
    assert {row[0] for row in found} == QUERY_KINDS
    back = {tuple(None if value is None else str(value) for value in row)
            for row in kg.query("what-changed-between-snapshots", old=URIRef(september.graph),
                                new=URIRef(september.graph))}
    assert back == set()


EX = "https://example.org/meridian-labs/"


def test_a_post_removed_while_lines_still_point_at_it_is_removed(tmp_path: Path) -> None:
    """HR exports drop a post and keep its reports' lines: diff and the shipped query agree
    that the post was removed (it is no post in the later data, only a name on a line)."""
    head = ("@prefix org: <http://www.w3.org/ns/org#> . @prefix ex: <https://e.org/> .\n"
            "@prefix skos: <http://www.w3.org/2004/02/skos/core#> .\n"
            'ex:boss a org:Post ; skos:prefLabel "Boss" .\n'
            'ex:low a org:Post ; skos:prefLabel "Low" ; org:reportsTo ex:mid .\n')
    old, new = tmp_path / "old.ttl", tmp_path / "new.ttl"
    old.write_text(head + 'ex:mid a org:Post ; skos:prefLabel "Mid" ; org:reportsTo ex:boss .\n',
                   encoding="utf-8")
    new.write_text(head, encoding="utf-8")
    answer = pmograph.diff(old, new)
    about_mid = {c["kind"] for c in answer["changes"] if c["subject"]["iri"] == "https://e.org/mid"}
    assert about_mid == {"post-removed"}
    kg = pmograph.load(catalog=False)
    before, _ = kg.add_snapshot(old, date="2026-01-31")
    after, _ = kg.add_snapshot(new, date="2026-02-28")
    found = {tuple(None if value is None else str(value) for value in row)
             for row in kg.query("what-changed-between-snapshots", old=URIRef(before.graph),
                                 new=URIRef(after.graph))}
    assert found == rows_of(answer)
    assert ("post-removed", "https://e.org/mid", "https://e.org/boss", None) in found
