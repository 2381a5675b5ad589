"""Human output (issue #13): ``show`` and ``query`` text that reads well and fits the terminal.

Every test runs the real command in process on the real catalog or the sample organisation,
with ``COLUMNS`` set narrow and wide, and checks what a person would see: readable headings,
no Python ``True``/``False``, each source listed once and cited by number, nothing wider
than the terminal (but a single word such as an IRI, which is never broken), right plurals.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from pmograph._cli._text import display_width

Cli = Callable[..., Any]
SAMPLE = str(Path(__file__).resolve().parent.parent / "examples" / "sample-org.ttl")
EX = "https://example.org/meridian/"
#: ``show`` groups, in the order they are printed; a heading's group is looked up here.
GROUPS = [("Type", "In scheme", "Derived from", "Identifier"),
          ("Definition", "Scope note", "Note", "Editorial note"),
          ("Level", "Level range", "Track", "Office type", "Role", "Held by", "Holds", "Unit"),
          ("Reports to", "Typical reports", "Previous roles", "Next roles", "Lateral moves to",
           "Lateral moves from", "Chain of command", "Roles above", "Direct reports",
           "Span of control", "Next moves"),
          ("Skills", "Qualifications"),
          ("Claims", "Conflicting claims", "Statistics"),
          ("Sources",)]
HEADING = re.compile(r"^\s{0,2}([A-Z][\w ]*?):(?: |$)")
MARKER = re.compile(r"\[(\d+(?:[-,]\d+)*)\]")


def fits(text: str, width: int) -> None:
    """No line is wider than ``width`` unless it holds one word (an IRI) after its indent."""
    for line in text.splitlines():
        if display_width(line) > width:
            rest = re.sub(r"^\s*(- |\[\d+\] )?", "", line)
            assert len(rest.split()) == 1, f"{display_width(line)} > {width} columns: {line!r}"


def cited(text: str) -> set[int]:
    """Source numbers cited by footnote markers (``[2,3]``, ``[1-4]``) above the sources."""
    numbers: set[int] = set()
    for group in MARKER.findall(text.split("\nSources:\n")[0]):
        for part in group.split(","):
            low, _, high = part.partition("-")
            numbers.update(range(int(low), int(high or low) + 1))
    return numbers


def show(cli: Cli, monkeypatch: pytest.MonkeyPatch, width: int, *args: str) -> str:
    monkeypatch.setenv("COLUMNS", str(width))
    result = cli(*args)
    assert result.code == 0, result.err
    return str(result.out)


# ------------------------------------------------------------------------------------- show
@pytest.mark.parametrize("width", [48, 72, 200])
def test_show_of_a_role_reads_as_text(cli: Cli, monkeypatch: pytest.MonkeyPatch,
                                      width: int) -> None:
    text = show(cli, monkeypatch, width, "show", "PMO Director")
    fits(text, width)
    assert not re.search(r"\b(True|False|None)\b", text)
    assert not re.search(r"^\s*(- )?[a-z]+:[A-Za-z]+:", text, re.M), "a raw CURIE heading"
    assert "[source:" not in text
    headings = [m.group(1) for line in text.splitlines() if (m := HEADING.match(line))]
    assert {"Type", "Definition", "Level", "Sources"} <= set(headings)
    ranks = [next(i for i, group in enumerate(GROUPS) if heading in group)
             for heading in headings if any(heading in group for group in GROUPS)]
    assert ranks == sorted(ranks), f"headings out of order: {headings}"
    assert headings[-1] == "Sources"


@pytest.mark.parametrize("name", ["PMO Director", "Project Manager", "PMO Coordinator"])
def test_show_lists_each_source_once_and_cites_them_by_number(
        cli: Cli, monkeypatch: pytest.MonkeyPatch, name: str) -> None:
    facts = cli("show", name, "--json").json()
    relations = facts["relations"]
    sources = {s["iri"]: s["label"] for s in relations.get("prov:wasDerivedFrom", [])}
    sources |= {s["iri"]: s["label"] for items in relations.values() for item in items
                for s in item["sources"]}
    text = show(cli, monkeypatch, 1000, "show", name)
    listed = text.split("\nSources:\n")[1].splitlines()
    assert [line.split("]")[0].strip() for line in listed] == \
        [f"[{n}" for n in range(1, len(listed) + 1)]
    assert sorted(line.split("] ", 1)[1] for line in listed) == sorted(sources.values())
    assert cited(text) == set(range(1, len(listed) + 1)), "a source never cited, or a marker " \
        "pointing nowhere"
    # the "[weak: …]" qualifier of a source stays with it, in the list
    assert all("[weak" not in line for line in text.split("\nSources:\n")[0].splitlines())


def test_show_says_essential_or_desirable_never_a_boolean(cli: Cli,
                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    facts = cli("show", "Project Manager", "--json").json()
    skills = facts["relations"]["skills"]
    assert {s["essential"] for s in skills if "essential" in s} == {True, False}
    text = show(cli, monkeypatch, 1000, "show", "Project Manager")
    for skill in skills:
        line = next(line for line in text.splitlines() if line.startswith(f"  - {skill['label']}"))
        word = {True: "essential", False: "desirable"}.get(skill.get("essential"))
        assert (word in line) if word else ("essential" not in line and "desirable" not in line)


def test_show_level_range_names_its_framework_and_its_own_source(
        cli: Cli, monkeypatch: pytest.MonkeyPatch, catalog: Any) -> None:
    facts = cli("show", "PMO Director", "--json").json()
    (scale,) = facts["relations"]["pmo:levelRange"]
    low, high = scale["minLevel"], scale["maxLevel"]
    assert low <= high and scale["framework"]["label"]
    stated = {str(row[0]) for row in catalog.query(
        "SELECT ?source WHERE { ?role pmo:levelRange ?range . "
        "?range prov:wasDerivedFrom ?source }", {"role": catalog.resolve("PMO Director")})}
    assert {s["iri"] for s in scale["sources"]} == stated
    text = show(cli, monkeypatch, 1000, "show", "PMO Director")
    span = str(low) if low == high else f"{low}–{high}"
    assert f"Level range: {span} ({scale['framework']['label']}) [" in text
    assert "PMODirectorPMOLearning" not in text


@pytest.mark.parametrize("width", [40, 100])
def test_show_of_a_post_says_vacant_or_job_share_and_names_holders(
        cli: Cli, monkeypatch: pytest.MonkeyPatch, schema: Any, width: int) -> None:
    def text_of(name: str) -> str:
        out = show(cli, monkeypatch, width, "--data", SAMPLE, "show", name)
        fits(out, width)
        return " ".join(out.split())  # compare words, however the lines were wrapped

    assert "Held by: nobody (the post is vacant)" in text_of("P007")
    assert "Held by: Ines Duarte; Kwame Asante (a job share: 2 holders)" in text_of("P009")
    assert "Held by: Lucy Chen " in text_of("P010")  # written as org:holds on the person
    assert "Held by: Daniel Mensah " in text_of("P005")
    assert "job share" not in text_of("P005") and "post is vacant" not in text_of("P005")
    assert "Holds: Director, Enterprise PMO " in text_of("person:Daniel Mensah")
    # the chain names each post's holders, or says it is vacant
    assert "Chain of command: PMO Manager, Delivery Support (vacant) → Director, Enterprise " \
        "PMO (Daniel Mensah)" in text_of("P010")
    shared = cli("--data", SAMPLE, "show", "P009", "--json").json()
    schema("show", shared)
    assert [h["label"] for h in shared["answers"]["holders"]] == ["Ines Duarte", "Kwame Asante"]
    vacant = cli("--data", SAMPLE, "show", "P007", "--json").json()
    assert vacant["answers"]["holders"] == []
    lucy = cli("--data", SAMPLE, "show", "person:Lucy Chen", "--json").json()
    assert [p["iri"] for p in lucy["answers"]["posts held"]] == [EX + "post-pmo-coordinator"]


def test_show_json_keeps_its_shape(cli: Cli, schema: Any) -> None:
    facts = cli("show", "PMO Director", "--json").json()
    schema("show", facts)
    assert set(facts) == {"subject", "labels", "relations", "answers"}
    assert "pmo:level" in facts["relations"] and "prov:wasDerivedFrom" in facts["relations"]
    assert all(isinstance(item["sources"], list) for items in facts["relations"].values()
               for item in items)


def test_show_measures_wide_characters_and_shows_control_characters(
        cli: Cli, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    data = tmp_path / "cjk.ttl"
    words = " ".join(["项目管理办公室"] * 12)
    data.write_text(
        "@prefix skos: <http://www.w3.org/2004/02/skos/core#> .\n"
        "@prefix org: <http://www.w3.org/ns/org#> .\n"
        f'<urn:x:p> a org:Post ; skos:prefLabel "主任" ; skos:definition "{words}" ;\n'
        '  skos:note "line one\\rline two" .\n', encoding="utf-8")
    text = show(cli, monkeypatch, 40, "--no-catalog", "--data", str(data), "show", "urn:x:p")
    assert max(display_width(line) for line in text.splitlines()) <= 40
    assert text.count("项目管理办公室") == 12
    assert "line one\\x0dline two" in text and "\r" not in text


# ------------------------------------------------------------------------------------ query
def test_query_table_fits_and_says_what_was_cut(cli: Cli, monkeypatch: pytest.MonkeyPatch) -> None:
    args = ("query", "role-requirements", "--bind", "role=PMO Manager")
    text = show(cli, monkeypatch, 60, *args)
    fits(text, 60)
    assert "…" in text and "--format csv" in " ".join(text.split())
    assert all(display_width(line) <= 60 for line in text.splitlines())
    wide = show(cli, monkeypatch, 1000, *args)
    assert "…" not in wide and "cut to fit" not in wide
    # CSV and JSON keep every value, and every column
    csv = cli(*args, "--format", "csv").out
    assert "itemLabel" in csv.splitlines()[0]


def test_query_table_drops_a_label_column_that_repeats_an_iri_column(
        cli: Cli, monkeypatch: pytest.MonkeyPatch) -> None:
    query = ("SELECT ?role ?roleLabel ?alt WHERE { ?role a pmo:Role ; skos:prefLabel ?roleLabel "
             "; skos:altLabel ?alt }")
    text = show(cli, monkeypatch, 1000, "query", query)
    header = text.splitlines()[0].split()
    assert header == ["role", "alt"]  # ?alt differs from what ?role shows: kept
    assert "?roleLabel is not shown: it repeats the labels shown for ?role." in text
    rows = cli("query", query, "--json").json()["results"]["bindings"]
    assert all("roleLabel" in row for row in rows)
    # the same column with labels that differ from the role's is kept
    other = ("SELECT ?role ?name WHERE { ?role a pmo:Role ; skos:altLabel ?name }")
    assert show(cli, monkeypatch, 1000, "query", other).splitlines()[0].split() == \
        ["role", "name"]


def test_query_table_is_never_cut_when_piped(cli: Cli, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("COLUMNS", raising=False)  # in-process output is not a terminal
    text = cli("query", "role-requirements", "--bind", "role=PMO Manager").out
    assert "…" not in text and "cut to fit" not in text


def test_query_list_wraps_questions_and_keeps_names_whole(
        cli: Cli, monkeypatch: pytest.MonkeyPatch) -> None:
    text = show(cli, monkeypatch, 60, "query", "--list")
    fits(text, 60)
    names = [q["name"] for q in cli("query", "--list", "--json").json()]
    assert all(any(line.startswith(name + " ") or line == name for line in text.splitlines())
               for name in names)
    assert "…" not in text


# ---------------------------------------------------------------------------------- plurals
def test_counts_read_as_english(cli: Cli, tmp_path: Path) -> None:
    store = f"oxigraph:{tmp_path / 'store'}"
    loaded = cli("--no-catalog", "--store", store, "load", SAMPLE)
    assert loaded.code == 0, loaded.err
    assert " from 1 file (0 unchanged)" in loaded.out and "file(s)" not in loaded.out
    drawn = cli("--data", SAMPLE, "render", "org-chart", "-o", str(tmp_path / "org.dot"))
    assert drawn.code == 0, drawn.err
    assert re.search(r"\b1 job share\b", drawn.out) and "1 job shares" not in drawn.out
    assert not re.search(r"\b1 [a-z]+[^s]s\b", drawn.out), drawn.out
