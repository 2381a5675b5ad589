"""Skill profiles from an HR export (issue #18): the Skills and Qualifications columns."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

import pmograph
from pmograph._importers.table import read_table
from pmograph._views.people import skill_profiles

Cli = Callable[..., Any]
C = "https://w3id.org/pmograph/catalog/"
HEADER = "Employee ID,Name,Job Title,Manager ID,Skills,Qualifications,Skills assessed\n"
STAFF = HEADER + (
    "1,Ada Lovelace,PMO Manager,,Understanding of project management; Risk management:4,"
    "PMP; Master's degree,2026-02-01\n"
    "2,Grace Hopper,PMO Analyst,1,risk management:2; Stakeholder management:4; "
    "Project management (SFIA):5,CAPM,2026-02-03\n"
    "3,Alan Turing,PMO Coordinator,1,,,\n"
    "4,Grace Hopper,Project Manager,1,Team management,,\n")


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "staff.csv"
    path.write_text(text, encoding="utf-8")
    return path


def person(kg: pmograph.KnowledgeGraph, name: str) -> list[dict[str, Any]]:
    iri = str(kg.resolve(name, kinds={"person"}))
    return skill_profiles(kg, iri).get(iri, [])


def test_skills_and_qualifications_from_csv(tmp_path: Path) -> None:
    kg = pmograph.load(write(tmp_path, STAFF))
    ada = {(a["label"], a["proficiency"], a["framework"], a["date"])
           for a in person(kg, "Ada Lovelace")}
    assert ada == {("Understanding of project management", None, None, "2026-02-01"),
                   ("Risk management", 4, C + "ProvekScale", "2026-02-01"),
                   ("Project Management Professional", None, None, None),
                   ("Master's degree", None, None, None)}
    grace = {a["label"]: (a["proficiency"], a["framework"]) for a in person(kg, "Grace Hopper")}
    # Names are found as names are (case, synonyms); an ungraded skill keeps its level, no scale.
    assert grace == {"Risk management": (2, C + "ProvekScale"),
                     "Stakeholder management": (4, None),
                     "Project management (SFIA)": (5, C + "SFIA"),
                     "Certified Associate in Project Management": (None, None),
                     "Team management": (None, None)}  # a second row of the same person adds
    assert person(kg, "Alan Turing") == []
    sources = {s for a in person(kg, "Ada Lovelace") for s in a["sources"]}
    assert len(sources) == 1 and kg.label(sources.pop()) == "HR export staff.csv"
    report = pmograph.validate(kg)
    assert report.conforms, [r.message for r in report.results if r.severity == "violation"]


def test_the_gap_reads_the_imported_profile(tmp_path: Path, cli: Cli, schema: Any) -> None:
    path = write(tmp_path, STAFF)
    answer = cli("--data", str(path), "gap", "Ada Lovelace", "Program Office Manager",
                 "--json").json()
    schema("gap", answer)
    assert {s["skill"]["label"] for s in answer["skills"]} == {"Issue management",
                                                              "Change control"}
    assert [s["skill"]["label"] for s in answer["met"]] == ["Risk management"]


def test_the_import_command_writes_profiles(tmp_path: Path, cli: Cli) -> None:
    path = write(tmp_path, STAFF)
    out = tmp_path / "staff.ttl"
    result = cli("import", str(path), "-o", str(out))
    assert result.code == 0, result.err
    kg = pmograph.load(out)
    assert len(person(kg, "Grace Hopper")) == 5


@pytest.mark.parametrize(("cells", "message"), [
    ("Risk managment:3,", "row 2, column 5 ('Skills'): no skill named 'Risk managment' in the "
                          "catalog; did you mean 'Risk management'"),
    ("Risk management:6,", "row 2, column 5 ('Skills'): level 6 of 'Risk management' is off "
                           "its scale: Provek competence scale 1 to 5"),
    ("Project management (SFIA):3,", "level 3 of 'Project management (SFIA)' is off its "
                                     "scale: SFIA 4 to 7"),
    ("Risk management:high,", "level 'high' of 'Risk management' is not a whole number"),
    ("Agile:0,", "level 0 of 'Agile methods' is below 1"),
    (",PRINCE2 Practitioner", "row 2, column 6 ('Qualifications'): no qualification named "
                              "'PRINCE2 Practitioner' in the catalog"),
    ("Risk management:2,PMP,31/02/2026", "row 2, column 7 ('Skills assessed'): '31/02/2026' "
                                         "is not a date as YYYY-MM-DD"),
])
def test_bad_cells_are_errors_naming_the_row(tmp_path: Path, cells: str, message: str) -> None:
    skills, _, rest = cells.partition(",")
    qualifications, _, date = rest.partition(",")
    path = write(tmp_path, HEADER + f"1,Ada,PMO Manager,,{skills},{qualifications},{date}\n")
    with pytest.raises(pmograph.ImportDataError) as caught:
        pmograph.import_files([path])
    assert message in str(caught.value)
    assert str(path) in str(caught.value)


def test_two_levels_for_one_person_name_both_rows(tmp_path: Path, cli: Cli) -> None:
    path = write(tmp_path, HEADER + "1,Ada,PMO Manager,,Risk management:2,,\n"
                                    "2,Ada,PMO Analyst,1,Risk management:3,,\n")
    result = cli("import", str(path), "-o", str(tmp_path / "out.ttl"))
    assert result.code == 2
    assert "row 3, column 5 ('Skills'): 'Risk management' is given level 3 here and 2 on " \
           "row 2 for the same person" in result.err


def test_skills_without_a_person_are_an_error() -> None:
    table = read_table("staff.csv", text="id,title,skills\n1,PMO Manager,Flexibility\n")
    with pytest.raises(pmograph.ImportDataError, match="need a person"):
        pmograph.import_csv(table)
