"""Validation: SHACL plus graph checks, the report, and the ``validate`` command."""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import Graph

import pmograph
from pmograph._validate.report import ValidationReport, ValidationResult, constraint_name

DATA = Path(__file__).parent / "data" / "validate"
EX = "http://example.org/"


def checks(report: ValidationReport, severity: str | None = None) -> list[str]:
    return sorted(r.check for r in report.results if severity in (None, r.severity))


def turtle(text: str) -> pmograph.KnowledgeGraph:
    prefixes = ("@prefix org: <http://www.w3.org/ns/org#> . @prefix ex: <http://example.org/> ."
                " @prefix pmoc: <https://w3id.org/pmograph/catalog/> .\n")
    return pmograph.load(Graph().parse(data=prefixes + text, format="turtle"))


# ------------------------------------------------------------------ the library call
def test_the_catalog_conforms(catalog):
    report = pmograph.validate(catalog)
    assert report.conforms and report.results == ()


def test_broken_file_reports_cycle_dangling_reference_and_two_managers():
    report = pmograph.validate(pmograph.load(DATA / "broken.ttl"))
    assert not report.conforms and report.exit_code == 1
    assert checks(report) == ["cycle", "dangling-reference", "two-line-managers"]
    by_check = {r.check: r for r in report.results}
    cycle = by_check["cycle"]
    assert [m["iri"] for m in cycle.members] == [EX + "broken/a", EX + "broken/b",
                                                 EX + "broken/c"]
    assert "'Post A', 'Post B' and 'Post C'" in cycle.message
    dangling = by_check["dangling-reference"]
    assert dangling.focus is not None and dangling.focus["iri"] == EX + "broken/ghost"
    assert [m["label"] for m in dangling.members] == ["Post D"]
    two = by_check["two-line-managers"]
    assert two.focus is not None and two.focus["label"] == "Post E"
    assert [m["label"] for m in two.members] == ["Post A", "Post F"]


def test_cycles_of_any_length_are_listed_without_looping():
    members = " ".join(f"ex:p{i} a org:Post ; org:role pmoc:PMOAnalyst ; "
                       f"org:reportsTo ex:p{(i + 1) % 500} ." for i in range(500))
    report = pmograph.validate(turtle(members + " ex:self a org:Post ; org:role "
                                      "pmoc:PMOAnalyst ; org:reportsTo ex:self ."),
                               shacl=False)
    cycles = [r for r in report.results if r.check == "cycle"]
    assert sorted(len(r.members) for r in cycles) == [1, 500]
    assert any("reports to itself" in r.message for r in cycles)


def test_conforming_file_has_no_results():
    report = pmograph.validate(pmograph.load(DATA / "conforming.ttl"))
    assert report.conforms and report.results == ()


def test_promotion_down_in_level_is_a_violation_reported_once():
    report = pmograph.validate(pmograph.load(DATA / "promotion-down.ttl"))
    assert checks(report) == ["promotion-down"]  # the SHACL duplicate is dropped
    result = report.results[0]
    assert [m["label"] for m in result.members] == ["PMO Director", "PMO Analyst"]
    assert "(level 7)" in result.message and "(level 3)" in result.message


def test_head_of_unit_reporting_inside_own_unit():
    report = pmograph.validate(pmograph.load(DATA / "head-inside-unit.ttl"))
    assert checks(report) == ["head-inside-own-unit"]
    result = report.results[0]
    assert result.focus is not None and result.focus["label"] == "Head of PMO"
    assert [m["label"] for m in result.members] == ["PMO", "Reporting lead"]


def test_head_reporting_outside_the_unit_is_fine():
    report = pmograph.validate(turtle(
        "ex:u a org:OrganizationalUnit . ex:top a org:Post ; org:role pmoc:PMODirector . "
        "ex:h a org:Post ; org:role pmoc:PMOManager ; org:postIn ex:u ; org:reportsTo ex:top ;"
        " org:role org:Head ."), shacl=False)
    assert "head-inside-own-unit" not in checks(report)
    report = pmograph.validate(turtle(
        "ex:u a org:OrganizationalUnit . ex:in a org:Post ; org:role pmoc:PMOAnalyst ; "
        "org:postIn ex:u . ex:h a org:Post ; org:postIn ex:u ; org:reportsTo ex:in ;"
        " org:role org:Head ."), shacl=False)
    assert "head-inside-own-unit" in checks(report)


def test_units_nested_in_a_loop_do_not_hang_the_head_check():
    report = pmograph.validate(turtle(
        "ex:u1 a org:OrganizationalUnit ; org:unitOf ex:u2 . "
        "ex:u2 a org:OrganizationalUnit ; org:unitOf ex:u1 . "
        "ex:in a org:Post ; org:role pmoc:PMOAnalyst ; org:postIn ex:u2 . "
        "ex:h a org:Post ; org:role pmoc:PMOManager ; org:postIn ex:u1 ; org:reportsTo ex:in . "
        "ex:kim org:holds ex:h ; org:headOf ex:u1 ."), shacl=False)
    assert checks(report) == ["head-inside-own-unit"]


def test_unknown_role_is_a_violation_and_no_role_one_warning():
    report = pmograph.validate(pmograph.load(DATA / "roles.ttl"))
    assert checks(report, "violation") == ["unknown-role", "unknown-role"]
    assert checks(report, "warning") == ["no-role"]
    no_role = next(r for r in report.results if r.check == "no-role")
    assert no_role.focus is None and [m["label"] for m in no_role.members] == ["Plain"]
    assert report.exit_code == 1


def test_dangling_holder_is_only_a_warning():
    report = pmograph.validate(turtle(
        "ex:p a org:Post ; org:role pmoc:PMOAnalyst ; org:heldBy ex:nobody ."), shacl=False)
    assert [(r.check, r.severity) for r in report.results] == [("dangling-reference",
                                                                "warning")]
    assert report.conforms


def test_literal_where_a_resource_belongs_is_dangling():
    report = pmograph.validate(turtle(
        'ex:p a org:Post ; org:role pmoc:PMOAnalyst ; org:reportsTo "the boss" .'),
        shacl=False)
    assert [(r.check, r.severity) for r in report.results] == [("dangling-reference",
                                                                "violation")]
    assert "'the boss'" in report.results[0].message


def test_shacl_results_are_named_by_constraint():
    # A role with no track and no level breaks the shipped RoleShape.
    kg = turtle("@prefix pmo: <https://w3id.org/pmograph/ns#> . "
                "@prefix skos: <http://www.w3.org/2004/02/skos/core#> . "
                'ex:r a pmo:Role ; skos:prefLabel "Role R"@en .')
    report = pmograph.validate(kg, checks=False)
    assert "shacl:minCount" in checks(report, "violation")
    assert all(r.focus and r.focus["iri"] == EX + "r" for r in report.results)
    assert constraint_name(None) == "unknown"


def test_custom_shapes_and_their_severity():
    shapes = """@prefix sh: <http://www.w3.org/ns/shacl#> .
        @prefix org: <http://www.w3.org/ns/org#> .
        @prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
        <urn:s> a sh:NodeShape ; sh:targetClass org:Post ; sh:severity sh:Warning ;
          sh:property [ sh:path rdfs:label ; sh:minCount 1 ; sh:severity sh:Warning ] ."""
    report = pmograph.validate(turtle("ex:p a org:Post ; org:role pmoc:PMOAnalyst ."),
                               shapes=shapes)
    assert [(r.check, r.severity) for r in report.results] == [("shacl:minCount", "warning")]
    assert report.conforms


def test_report_json_matches_the_schema(schema):
    report = pmograph.validate(pmograph.load(DATA / "broken.ttl", DATA / "roles.ttl"))
    schema("validate", report.as_dict())
    assert report.as_dict()["conforms"] is False
    assert [r["severity"] for r in report.as_dict()["results"]][-1] == "warning"  # sorted


def test_report_text():
    report = ValidationReport((
        ValidationResult("cycle", "violation", {"iri": "x", "label": "X", "kind": "post"}, (),
                         "loops"),))
    assert report.text() == ("violation  cycle [post: X]: loops\n"
                             "Does not conform: 1 violation, 0 warnings.")


def test_validate_accepts_an_rdflib_graph():
    graph = Graph().parse(DATA / "broken.ttl")
    assert "cycle" in checks(pmograph.validate(graph, shacl=False))


# ------------------------------------------------------------------ the command
def test_cli_broken_exits_1_and_names_each_problem(cli):
    result = cli("validate", str(DATA / "broken.ttl"))
    assert result.code == 1
    assert "cycle" in result.out and "'Post A', 'Post B' and 'Post C'" in result.out
    assert "dangling-reference" in result.out and "broken/ghost" in result.out
    assert "two-line-managers" in result.out and "'Post E' has 2 solid-line managers" in \
        result.out
    assert result.out.strip().endswith("Does not conform: 3 violations, 0 warnings.")


def test_cli_conforming_exits_0(cli):
    result = cli("validate", str(DATA / "conforming.ttl"))
    assert result.code == 0 and result.out.strip() == "Conforms: 0 violations, 0 warnings."


def test_cli_warnings_are_printed_and_exit_0(cli, tmp_path):
    path = tmp_path / "plain.ttl"
    path.write_text("@prefix org: <http://www.w3.org/ns/org#> .\n"
                    "<http://example.org/p> a org:Post .\n")
    result = cli("validate", str(path))
    assert result.code == 0 and "warning    no-role" in result.out


def test_cli_malformed_turtle_exits_2_with_the_line(cli):
    result = cli("validate", str(DATA / "malformed.ttl"))
    assert result.code == 2 and result.out == ""
    lines = result.err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("Error: ")
    assert "malformed.ttl, line 7" in lines[0]


def test_cli_json(cli, schema):
    result = cli("validate", "--data", str(DATA / "broken.ttl"), "--json")
    assert result.code == 1
    payload = result.json()
    schema("validate", payload)
    assert sorted(r["check"] for r in payload["results"]) == ["cycle", "dangling-reference",
                                                              "two-line-managers"]


def test_cli_no_shacl_and_custom_shapes(cli, tmp_path):
    shapes = tmp_path / "shapes.ttl"
    shapes.write_text("@prefix sh: <http://www.w3.org/ns/shacl#> .\n"
                      "@prefix org: <http://www.w3.org/ns/org#> .\n"
                      "<urn:s> a sh:NodeShape ; sh:targetClass org:Post ; sh:closed true .\n")
    result = cli("validate", str(DATA / "conforming.ttl"), "--shapes", str(shapes))
    assert result.code == 1 and "shacl:closed" in result.out
    assert cli("validate", str(DATA / "conforming.ttl"), "--shapes", str(shapes),
               "--no-shacl").code == 0
    broken = tmp_path / "broken-shapes.ttl"
    broken.write_text("@prefix sh: <http://www.w3.org/ns/shacl#> .\n<urn:s> a\n")
    result = cli("validate", str(DATA / "conforming.ttl"), "--shapes", str(broken))
    assert result.code == 2 and "broken-shapes.ttl, line" in result.err


def test_cli_validates_a_spreadsheet_export(cli, external):
    result = cli("validate", str(external / "w3c-csvw-chinook-Employee.csv"), "--json")
    assert result.code == 0
    assert [r["check"] for r in result.json()["results"]] == ["no-role"]
    assert len(result.json()["results"][0]["members"]) == 8


# ------------------------------------------------------------------ every external file
@pytest.mark.parametrize("name", [
    "w3c-org-ontology.ttl",
    "w3c-csvw-public-sector-roles-and-salaries-standard.ttl",
    "w3c-csvw-uc4-HEFCE_organogram_31032011.nt",
])
def test_external_rdf_validates_without_structural_violations(cli, schema, external, name):
    result = cli("validate", str(external / name), "--json")
    assert result.code in (0, 1), result.err
    payload = result.json()
    schema("validate", payload)
    structural = {"cycle", "two-line-managers", "head-inside-own-unit", "promotion-down",
                  "unknown-role"}
    assert not [r for r in payload["results"] if r["check"] in structural]


def test_csvw_expected_output_has_a_dangling_organisation(cli, external):
    """The W3C expected output points org:postIn at an organisation it never describes."""
    result = cli("validate", str(external / "w3c-csvw-public-sector-roles-and-salaries-"
                                             "standard.ttl"), "--json", "--no-shacl")
    dangling = [r for r in result.json()["results"] if r["check"] == "dangling-reference"]
    assert [(r["severity"], r["focus"]["iri"], len(r["members"])) for r in dangling] == [
        ("warning", "http://example.org/organization/hefce.ac.uk", 4)]


def test_hefce_government_rdf_has_a_clean_reporting_tree(external):
    kg = pmograph.load(external / "w3c-csvw-uc4-HEFCE_organogram_31032011.nt")
    report = pmograph.validate(kg, shacl=False)
    assert checks(report, "violation") == []
    no_role = next(r for r in report.results if r.check == "no-role")
    assert len(no_role.members) == 86  # 4 senior + 82 junior posts, none with a role


@pytest.mark.parametrize("names", [
    ("ukgov-organogram-uk-space-agency-2013-09-senior.csv",
     "ukgov-organogram-uk-space-agency-2013-09-junior.csv"),
    ("w3c-csvw-uc4-HEFCE_organogram_senior_data_31032011.csv",
     "w3c-csvw-uc4-HEFCE_organogram_junior_data_31032011.csv"),
    ("w3c-csvw-senior-roles.csv", "w3c-csvw-junior-roles.csv"),
    ("w3c-csvw-chinook-Employee.csv",),
])
def test_external_spreadsheets_import_and_conform(cli, external, tmp_path, names):
    out = tmp_path / "out.ttl"
    result = cli("import", *(str(external / n) for n in names), "-o", str(out))
    assert result.code == 0, result.err
    checked = cli("validate", str(out), "--json")
    assert checked.code == 0, checked.out
    assert {r["check"] for r in checked.json()["results"]} <= {"no-role"}


@pytest.mark.parametrize(("name", "expected"), [
    ("esco-pm-occupations-subset.csv", "no name, title or manager column"),
    ("w3c-csvw-govuk-senior-roles.schema.json", "not a spreadsheet export"),
    ("w3c-csvw-govuk-junior-roles.schema.json", "not a spreadsheet export"),
])
def test_external_files_that_are_not_staff_lists_are_refused(cli, external, tmp_path, name,
                                                             expected):
    out = tmp_path / "out.ttl"
    result = cli("import", str(external / name), "-o", str(out))
    assert result.code == 2 and expected in result.err
    assert result.err.count("\n") == 1 and "Traceback" not in result.err
    assert not out.exists()


@pytest.mark.parametrize("name", ["w3c-csvw-govuk-senior-roles.schema.json",
                                  "w3c-csvw-govuk-junior-roles.schema.json",
                                  "ctdl-pathway-terms-subset.json"])
def test_external_csvw_metadata_cannot_be_validated_offline(cli, external, name):
    """CSVW metadata and the CTDL schema entries are JSON-LD with a remote context, which is
    refused, not fetched."""
    result = cli("validate", str(external / name))
    assert result.code == 2 and result.out == ""
    lines = result.err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith(f"Error: {external / name}")
    assert "remote JSON-LD context" in lines[0]


def test_every_external_file_is_covered(external):
    covered = {
        "w3c-org-ontology.ttl", "w3c-csvw-public-sector-roles-and-salaries-standard.ttl",
        "w3c-csvw-uc4-HEFCE_organogram_31032011.nt",
        "ukgov-organogram-uk-space-agency-2013-09-senior.csv",
        "ukgov-organogram-uk-space-agency-2013-09-junior.csv",
        "w3c-csvw-uc4-HEFCE_organogram_senior_data_31032011.csv",
        "w3c-csvw-uc4-HEFCE_organogram_junior_data_31032011.csv",
        "w3c-csvw-senior-roles.csv", "w3c-csvw-junior-roles.csv",
        "w3c-csvw-chinook-Employee.csv", "esco-pm-occupations-subset.csv",
        "w3c-csvw-govuk-senior-roles.schema.json", "w3c-csvw-govuk-junior-roles.schema.json",
        "ctdl-pathway-terms-subset.json",
    }
    assert {p.name for p in external.iterdir() if p.name != "SOURCES.md"} == covered
