"""Imports that stream: rows read, checked and written as they come, to a file or a stream.

Every way out of an import (the rdflib graph of the library, N-Triples or Turtle written to a
file, the N-Triples stream a store loads) gives the same triples, counts, warnings and errors.
"""

from __future__ import annotations

import io
import sys
from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import FOAF, ORG, RDFS

import pmograph
from pmograph._importers.common import DEFAULT_BASE, Minter
from pmograph._importers.files import import_files, import_stream, write_import
from pmograph._importers.table import open_table, read_table
from pmograph._progress import Progress

ROOT = Path(__file__).resolve().parent.parent
DATA = Path(__file__).parent / "data" / "import"
sys.path.insert(0, str(ROOT / "bench"))
from generate_hr import write_export  # noqa: E402  (the benchmark's HR export generator)

UKSA = ("ukgov-organogram-uk-space-agency-2013-09-senior.csv",
        "ukgov-organogram-uk-space-agency-2013-09-junior.csv")


@pytest.fixture(scope="module")
def export(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A generated HR export of 3,000 rows as the benchmark makes them (messy, valid)."""
    path = tmp_path_factory.mktemp("hr") / "staff.csv"
    write_export(3000, path, seed=7)
    return path


def triples(source: bytes | Path, rdf_format: ox.RdfFormat = ox.RdfFormat.N_TRIPLES
            ) -> set[str]:
    """The triples of an RDF text or file, read by Oxigraph's strict parser, as N-Triples."""
    parsed = ox.parse(input=source, format=rdf_format) if isinstance(source, bytes) else \
        ox.parse(path=source, format=rdf_format)
    return {f"{q.subject} {q.predicate} {q.object}" for q in parsed}


def every_way(paths: list[Path], tmp_path: Path, **options: object) -> dict[str, tuple]:
    """(triples, counts, warnings, unmapped) of an import made every way there is."""
    found = {}
    result = import_files(paths, **options)  # type: ignore[arg-type]
    found["graph"] = (triples(result.graph.serialize(format="nt", encoding="utf-8")),
                      result.counts, result.warnings, result.unmapped)
    for suffix, rdf_format in (("nt", ox.RdfFormat.N_TRIPLES), ("ttl", ox.RdfFormat.TURTLE)):
        target = tmp_path / f"out.{suffix}"
        result = write_import(paths, target, **options)  # type: ignore[arg-type]
        assert result.streamed and len(result.graph) == 0
        found[suffix] = (triples(target, rdf_format), result.counts, result.warnings,
                         result.unmapped)
    result, stream = import_stream(paths, **options)  # type: ignore[arg-type]
    found["stream"] = (triples(stream.read()), result.counts, result.warnings, result.unmapped)
    return found


@pytest.mark.parametrize("names", [
    ("hr-export.csv",), ("example-agency-senior.csv", "example-agency-junior.csv"),
    ("hr-export.csv", "example-agency-senior.csv"),  # organogram beside an HR export
    ("hr-export.csv", "hr-export.csv"),  # one organisation twice: nothing written twice
])
def test_every_way_out_gives_the_same_import(names, tmp_path, catalog):
    found = every_way([DATA / name for name in names], tmp_path, roles=catalog,
                      organisation="Acme")
    assert found["graph"][0] and found["graph"][1]["triples"] == len(found["graph"][0])
    for way, value in found.items():
        assert value == found["graph"], way


def test_real_organograms_and_the_chinook_export_every_way(external, tmp_path, catalog):
    for paths in ([external / n for n in UKSA], [external / "w3c-csvw-chinook-Employee.csv"]):
        found = every_way(paths, tmp_path, roles=catalog)
        assert all(value == found["graph"] for value in found.values())


def test_a_generated_export_every_way_and_as_the_benchmark_says(export, tmp_path, catalog):
    found = every_way([export], tmp_path, roles=catalog)
    assert all(value == found["graph"] for value in found.values())
    counts, warnings = found["graph"][1], found["graph"][2]
    assert counts["posts"] == 3000 and counts["reporting_lines"] == 2999
    assert counts["people"] < 3000 * 0.97  # vacant posts, people in two posts
    assert all("is not an id in the file" in w for w in warnings)  # managers who left
    assert 0 < counts["roles_assigned"] < 3000


def test_written_files_are_valid_for_a_strict_parser(tmp_path):
    """Quotes, backslashes, line breaks, control characters and a spaced e-mail address all
    come out as valid N-Triples and Turtle (Oxigraph's parser is strict)."""
    source = tmp_path / "odd.csv"
    source.write_text('id,name,email,title\n1,Ada,a b@x.org,"Head\nof ""PMO"" \\\\ \x07"\n'
                      '2,Zoë,<z>@x.org,Über\n', encoding="utf-8")
    for suffix, rdf_format in (("nt", ox.RdfFormat.N_TRIPLES), ("ttl", ox.RdfFormat.TURTLE)):
        target = tmp_path / f"odd.{suffix}"
        write_import([source], target, roles=None)
        parsed = {(q.subject.value, q.predicate.value, q.object.value)
                  for q in ox.parse(path=target, format=rdf_format)}
        post = str(Minter(DEFAULT_BASE, "odd").post("1"))
        assert (post, str(RDFS.label), 'Head\nof "PMO" \\\\ \x07') in parsed
        mboxes = {o for _, p, o in parsed if p == str(FOAF.mbox)}
        assert mboxes == {"mailto:a%20b@x.org", "mailto:%3Cz%3E@x.org"}


def test_turtle_groups_statements_by_subject_with_prefixes(tmp_path):
    target = tmp_path / "acme.ttl"
    write_import([DATA / "hr-export.csv"], target, roles=None, organisation="Acme")
    text = target.read_text("utf-8")
    assert text.startswith("@prefix org: <http://www.w3.org/ns/org#> .")
    post = Minter(DEFAULT_BASE, "Acme").post("E2")
    assert f"<{post}> a org:Post ;\n    rdfs:label \"PMO Analyst\" ;" in text


def test_rows_are_read_as_the_stream_is_read(export):
    """A first read of the stream imports a few rows, not the file: the window is bounded."""
    result, stream = import_stream([export], roles=None)
    first = stream.read(4096)
    assert first.endswith(b"\n") or len(first) == 4096
    assert 0 < result.counts["posts"] < 100
    rest = stream.read()
    assert result.counts["posts"] == 3000
    assert len(first + rest) > 100 * len(first)


def test_an_error_late_in_the_file_names_its_row_and_writes_nothing(export, tmp_path):
    lines = export.read_text("utf-8-sig").splitlines()
    lines.append(lines[1])  # the last line repeats the id of row 2
    source = tmp_path / "dup.csv"
    source.write_text("\n".join(lines) + "\n", encoding="utf-8")
    target = tmp_path / "out.nt"
    target.write_text("previous content")
    with pytest.raises(pmograph.ImportDataError, match=rf"dup.csv, row {len(lines)}, column 1 "
                       r"\('Employee ID'\): id '.*' is already used on row 2"):
        write_import([source], target, roles=None)
    assert target.read_text() == "previous content"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["dup.csv", "out.nt"]
    _, stream = import_stream([source], roles=None)
    with pytest.raises(pmograph.ImportDataError, match=f"row {len(lines)}"):
        stream.read()


def test_an_oxigraph_store_loading_the_stream_is_left_as_it_was_on_an_error(export, tmp_path):
    """What KnowledgeGraph.add does with a CSV: one transaction, rolled back on an error."""
    lines = export.read_text("utf-8-sig").splitlines()
    source = tmp_path / "dup.csv"
    source.write_text("\n".join([*lines, lines[5]]) + "\n", encoding="utf-8")
    store = ox.Store()
    store.add(ox.Quad(ox.NamedNode("urn:a"), ox.NamedNode("urn:b"), ox.Literal("kept")))
    _, stream = import_stream([source], roles=None)
    with pytest.raises(pmograph.ImportDataError, match=f"row {len(lines) + 1},"):
        store.load(input=stream, format=ox.RdfFormat.N_TRIPLES)
    assert len(store) == 1
    result, stream = import_stream([export], roles=None)
    store.load(input=stream, format=ox.RdfFormat.N_TRIPLES)
    assert len(store) == 1 + result.counts["triples"]


def open_files() -> int:
    return len(list(Path("/proc/self/fd").iterdir()))


def test_a_stream_closed_early_closes_its_files(export):
    before = open_files()
    _, stream = import_stream([export], roles=None)
    stream.read(100)
    assert open_files() == before + 1  # the export, open while its rows are read
    stream.close()
    assert open_files() == before
    with pytest.raises(ValueError, match="closed"):
        stream.read(100)


def test_progress_shows_the_file_and_its_rows(export, tmp_path):
    out = io.StringIO()
    write_import([export], tmp_path / "out.nt", roles=None,
                 progress=Progress(out, delay=0))
    shown = out.getvalue()
    assert "importing staff.csv" in shown and "100%" in shown and "3,000 rows" in shown


def test_counts_so_far_and_the_graph_of_a_streamed_result(tmp_path):
    result = write_import([DATA / "hr-export.csv"], tmp_path / "out.nt", roles=None)
    with pytest.raises(pmograph.ImportDataError, match="written as it was read"):
        result.serialize()
    assert result.counts["posts"] == 4


# ------------------------------------------------------------------ reading files in a stream
def test_the_encoding_is_checked_over_the_whole_file_before_any_row(tmp_path):
    """A bad byte past the first megabyte is found (at its offset in the file), and a
    character cut by a block boundary is not mistaken for one."""
    row = "1,Zoë Ångström\n".encode()
    body = b"id,name\n" + row * (2**20 // len(row) + 10)
    good = tmp_path / "good.csv"
    good.write_bytes(b"\xef\xbb\xbf" + body)
    with open_table(good) as table:
        assert table.encoding == "utf-8" and table.header == ["id", "name"]
    bad = tmp_path / "bad.csv"
    bad.write_bytes(b"\xef\xbb\xbf" + body + b"2,Gr\x81ce\n")
    offset = 3 + len(body) + 4
    with pytest.raises(pmograph.ImportDataError,
                       match=f"utf-8: byte 0x81 at offset {offset}; windows-1252: byte 0x81 "
                             f"at offset {offset}"):
        open_table(bad)


def test_read_table_and_open_table_agree(export):
    table = read_table(export)
    with open_table(export) as reader:
        assert reader.header == table.header
        assert list(reader.records()) == list(table.records())


def test_malformed_csv_names_the_line_the_row_starts_on(tmp_path):
    path = tmp_path / "bad.csv"
    path.write_text('id,name,title\n1,Ada,"Head\nof PMO"\n2,"Gr\x0cace"x,T\n', encoding="utf-8")
    with pytest.raises(pmograph.ImportDataError,
                       match=r"bad.csv, row 4, column 2 \('name'\): malformed CSV"):
        read_table(path)


def test_a_person_named_two_ways_keeps_both_names_once(tmp_path):
    path = tmp_path / "staff.csv"
    path.write_text("id,name,email\n1,Ada,a@x\n2,ADA,a@x\n3,ada,b@x\n4,ADA,\n",
                    encoding="utf-8")
    target = tmp_path / "staff.nt"
    result = write_import([path], target, roles=None)
    lines = target.read_text("utf-8").splitlines()
    assert len(lines) == len(set(lines)) == result.counts["triples"]
    graph = Graph().parse(target)
    person = Minter(DEFAULT_BASE, "staff").person("Ada")
    assert set(graph.objects(person, FOAF.name)) == {Literal("Ada"), Literal("ADA"),
                                                     Literal("ada")}
    assert set(graph.objects(person, FOAF.mbox)) == {URIRef("mailto:a@x"), URIRef("mailto:b@x")}
    assert len(set(graph.objects(person, ORG.holds))) == 4
    assert result.counts["people"] == 1


# ------------------------------------------------------------------ straight into a store
@pytest.mark.parametrize("store", ["memory", "rdflib"])
def test_a_csv_added_to_a_store_holds_what_the_import_makes(store, export):
    kg = pmograph.load(catalog=False, store=store)
    added = kg.add(export)
    imported = import_files([export], roles=kg)
    assert added == len(imported.graph) == len(kg)
    assert triples(kg.graph.serialize(format="nt", encoding="utf-8")) == \
        triples(imported.graph.serialize(format="nt", encoding="utf-8"))


@pytest.mark.parametrize("store", ["memory", "rdflib"])
def test_a_bad_row_late_in_a_csv_leaves_the_store_as_it_was(store, export, tmp_path):
    lines = export.read_text("utf-8-sig").splitlines()
    source = tmp_path / "late.csv"
    source.write_text("\n".join([*lines, lines[3]]) + "\n", encoding="utf-8")
    kg = pmograph.load(DATA / "hr-export.csv", catalog=False, store=store)
    before = len(kg)
    with pytest.raises(pmograph.ImportDataError, match=rf"late.csv, row {len(lines) + 1}, "):
        kg.add(source)
    assert len(kg) == before


def test_a_stored_folder_takes_a_csv_too(export, tmp_path):
    kg = pmograph.load(export, catalog=False, store=f"oxigraph:{tmp_path / 'store'}")
    post = Minter(DEFAULT_BASE, "staff").post
    assert kg.graph.value(post(read_table(export).rows[0][0]), ORG.reportsTo) is not None
    assert len(kg) == len(import_files([export], roles=None).graph)
