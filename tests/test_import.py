"""Generic spreadsheet import, reading CSV files, bad input, and the ``import`` command."""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, FOAF, ORG, RDFS, SKOS

import pmograph
from pmograph._importers.common import DEFAULT_BASE, Minter, TitleMapper
from pmograph._importers.table import header_key, read_table
from pmograph._namespace import PMOC

DATA = Path(__file__).parent / "data" / "import"


def chinook(external: Path, catalog: pmograph.KnowledgeGraph) -> pmograph.ImportResult:
    return pmograph.import_csv(external / "w3c-csvw-chinook-Employee.csv", roles=catalog,
                               organisation="Chinook")


def reports_to(graph: Graph, post: URIRef) -> list[URIRef]:
    return sorted(graph.objects(post, ORG.reportsTo))  # type: ignore[arg-type]


# ------------------------------------------------------------------ Chinook (A5)
def test_chinook_headers_are_recognised_and_the_tree_matches_a5(external, catalog):
    result = chinook(external, catalog)
    post = Minter(DEFAULT_BASE, "Chinook").post
    g = result.graph
    assert result.counts["posts"] == 8 and result.counts["people"] == 8
    assert result.counts["reporting_lines"] == 7
    assert reports_to(g, post("1")) == []
    assert reports_to(g, post("2")) == [post("1")] and reports_to(g, post("6")) == [post("1")]
    for ref in ("3", "4", "5"):
        assert reports_to(g, post(ref)) == [post("2")]
    for ref in ("7", "8"):
        assert reports_to(g, post(ref)) == [post("6")]
    assert g.value(post("1"), RDFS.label) == Literal("General Manager")
    assert g.value(post("3"), SKOS.notation) == Literal("3")
    assert g.value(post("3"), DCTERMS.identifier) == Literal("3")
    holder = g.value(post("1"), ORG.heldBy)
    assert g.value(holder, FOAF.name) == Literal("Andrew Adams")  # FirstName + LastName
    assert (holder, ORG.holds, post("1")) in g
    assert g.value(holder, FOAF.mbox) == URIRef("mailto:andrew@chinookcorp.com")


def test_chinook_chain_through_the_reporting_view(external, catalog):
    from pmograph._algorithms.hierarchy import chain_of_command, lowest_common_manager
    from pmograph._views.org import reporting_view

    result = chinook(external, catalog)
    kg = pmograph.load(result.graph, catalog=False)
    post = Minter(DEFAULT_BASE, "Chinook").post
    G = reporting_view(kg)
    assert chain_of_command(G, str(post("3"))) == [str(post("2")), str(post("1"))]
    assert chain_of_command(G, str(post("7"))) == [str(post("6")), str(post("1"))]
    assert lowest_common_manager(G, str(post("3")), str(post("7"))) == str(post("1"))


def test_chinook_titles_are_listed_when_no_role_matches(external, catalog):
    result = chinook(external, catalog)
    assert result.unmapped == {"General Manager": 1, "Sales Manager": 1,
                               "Sales Support Agent": 3, "IT Manager": 1, "IT Staff": 2}
    assert result.counts["roles_assigned"] == 0


# ------------------------------------------------------------------ titles → roles
def test_titles_map_to_catalog_roles_by_label_and_synonym(catalog):
    mapper = TitleMapper(catalog)
    assert mapper.match("PMO Analyst") == (PMOC.PMOAnalyst, [])
    assert mapper.match("head of pmo") == (PMOC.PMODirector, [])  # a synonym
    assert mapper.match("Acting Programme Manager") == (PMOC.ProgramManager, [])
    assert mapper.match("Astrologer") == (None, [])


def test_project_coordinator_is_flagged_not_guessed(catalog):
    """ESCO files it under project manager, PMO Learning under PMO analyst (B2, B8, B9)."""
    role, candidates = TitleMapper(catalog).match("Project Coordinator")
    assert role is None
    assert PMOC.PMOAnalyst in candidates and PMOC.ProjectManager in candidates
    result = pmograph.import_csv(DATA / "hr-export.csv", roles=catalog, organisation="Acme")
    post = Minter(DEFAULT_BASE, "Acme").post("E3")
    assert (post, ORG.role, None) not in result.graph
    note = str(result.graph.value(post, SKOS.editorialNote))
    assert "Project Coordinator" in note and str(PMOC.PMOAnalyst) in note
    assert sorted(result.ambiguous) == ["Project Coordinator"]


def test_no_catalog_means_no_roles_and_every_title_listed():
    result = pmograph.import_csv(DATA / "hr-export.csv", roles=None, organisation="Acme")
    assert result.counts["roles_assigned"] == 0
    assert sorted(result.unmapped) == ["Astrologer", "Head of PMO", "PMO Analyst",
                                       "Project Coordinator"]


# ------------------------------------------------------------------ headers and --map
def test_common_hr_headers_are_recognised(catalog):
    result = pmograph.import_csv(DATA / "hr-export.csv", roles=catalog, organisation="Acme")
    post = Minter(DEFAULT_BASE, "Acme").post
    g = result.graph
    assert reports_to(g, post("E3")) == [post("E1")]  # "Line Manager", not the "Boss" column
    assert (post("E1"), ORG.role, PMOC.PMODirector) in g
    assert (post("E2"), ORG.role, PMOC.PMOAnalyst) in g
    minter = Minter(DEFAULT_BASE, "Acme")
    unit = minter.unit("PMO")
    assert (post("E1"), ORG.postIn, unit) in g
    assert (unit, ORG.unitOf, minter.organization()) in g
    # E4 names a manager the file does not have: imported as written, and warned about.
    assert reports_to(g, post("E4")) == [post("E9")]
    assert any("'E9'" in w and "row 5" in w for w in result.warnings)


def test_map_overrides_header_detection(catalog):
    result = pmograph.import_csv(DATA / "hr-export.csv", roles=catalog, organisation="Acme",
                                 mapping={"Boss": "manager"})
    post = Minter(DEFAULT_BASE, "Acme").post
    assert reports_to(result.graph, post("E3")) == [post("E2")]


def test_map_errors_name_the_problem():
    table = read_table("x.csv", text="Who,What\n1,PMO Analyst\n")
    with pytest.raises(pmograph.ImportDataError, match="no id column"):
        pmograph.import_csv(table)
    with pytest.raises(pmograph.ImportDataError, match="unknown field 'boss'"):
        pmograph.import_csv(table, mapping={"Who": "boss"})
    with pytest.raises(pmograph.ImportDataError, match="'Nope', which is not in the header"):
        pmograph.import_csv(table, mapping={"Nope": "id"})
    result = pmograph.import_csv(table, mapping={"Who": "id", "What": "title"},
                                 organisation="X")
    assert result.counts["posts"] == 1


def test_header_keys_fold_camel_case_brackets_and_punctuation():
    assert header_key("EmployeeId") == header_key("employee_id") == "employee id"
    assert header_key("Number of Posts (FTE)") == "number of posts"
    assert header_key("Professional/Occupational Group") == "professional occupational group"


def test_duplicate_and_empty_ids_name_row_and_column():
    table = read_table("dup.csv", text="id,name\n1,Ada\n1,Grace\n")
    with pytest.raises(pmograph.ImportDataError,
                       match=r"dup.csv, row 3, column 1 \('id'\): id '1' is already used on "
                             "row 2"):
        pmograph.import_csv(table)
    table = read_table("empty.csv", text="id,name\n1,Ada\n,Grace\n")
    with pytest.raises(pmograph.ImportDataError, match=r"empty.csv, row 3, column 1 .*empty"):
        pmograph.import_csv(table)


# ------------------------------------------------------------------ reading files
def test_semicolon_and_tab_separated_files():
    table = read_table("x.csv", text="id;name;title\n1;Ada;PMO Analyst\n")
    assert table.header == ["id", "name", "title"] and table.rows == [["1", "Ada",
                                                                       "PMO Analyst"]]
    assert read_table("x.tsv", text="id\tname\n1\tAda, Countess\n").rows == [["1",
                                                                              "Ada, Countess"]]


def test_malformed_quote_names_row_and_column():
    with pytest.raises(pmograph.ImportDataError) as caught:
        read_table(DATA / "malformed-quote.csv")
    message = str(caught.value)
    assert "malformed-quote.csv, row 3, column 3 ('Title')" in message


def test_extra_field_names_row_and_column():
    with pytest.raises(pmograph.ImportDataError,
                       match=r"extra-field.csv, row 3, column 5: the row has 5 fields but the "
                             "header has 4"):
        read_table(DATA / "extra-field.csv")


def test_undecodable_file_names_the_encodings_tried():
    with pytest.raises(pmograph.ImportDataError) as caught:
        read_table(DATA / "undecodable.csv")
    assert "utf-8, windows-1252" in str(caught.value)
    assert "undecodable.csv" in str(caught.value)


def test_missing_and_empty_files():
    with pytest.raises(pmograph.LoadError, match="no such file"):
        read_table(DATA / "absent.csv")
    with pytest.raises(pmograph.ImportDataError, match="empty"):
        read_table("blank.csv", text="\n\n")


# ------------------------------------------------------------------ on the fly
def test_data_csv_is_imported_on_the_fly(external):
    kg = pmograph.load(external / "w3c-csvw-chinook-Employee.csv")
    post = kg.resolve("post:3")
    assert kg.label(post) == "Sales Support Agent"
    assert kg.graph.value(post, ORG.reportsTo) == kg.resolve("post:2")


# ------------------------------------------------------------------ the command
def test_cli_import_writes_turtle_and_reports_json(cli, schema, tmp_path, external):
    out = tmp_path / "chinook.ttl"
    result = cli("import", str(external / "w3c-csvw-chinook-Employee.csv"), "--org",
                 "Chinook", "-o", str(out), "--json")
    assert result.code == 0, result.err
    payload = result.json()
    schema("written", payload)
    assert payload["written"] == str(out) and payload["format"] == "turtle"
    assert payload["counts"]["posts"] == 8 and payload["counts"]["reporting_lines"] == 7
    assert {"title": "Sales Support Agent", "posts": 3} in payload["unmapped"]
    written = Graph().parse(out)
    assert len(set(written.subject_objects(ORG.reportsTo))) == 7


def test_cli_import_text_lists_ambiguous_and_unmapped_titles(cli, tmp_path):
    out = tmp_path / "acme.ttl"
    result = cli("import", str(DATA / "hr-export.csv"), "--as", "generic", "--map",
                 "Boss=manager", "--org", "Acme", "-o", str(out))
    assert result.code == 0, result.err
    assert "Ambiguous titles (1)" in result.out
    assert "Project Coordinator: role:PMO Analyst; role:Project Manager" in result.out
    assert "Astrologer" in result.out
    assert "warning:" in result.err and "'E9'" in result.err
    post = Minter(DEFAULT_BASE, "Acme").post
    assert (post("E3"), ORG.reportsTo, post("E2")) in Graph().parse(out)


@pytest.mark.parametrize(("name", "expected"), [
    ("undecodable.csv", "utf-8, windows-1252"),
    ("malformed-quote.csv", "row 3, column 3 ('Title')"),
    ("bad-fte-junior.csv", "row 2, column 6 ('Number of Posts in FTE'): 'two' is not a number"),
])
def test_cli_bad_input_exits_2_with_one_error_line_and_writes_nothing(cli, tmp_path, name,
                                                                      expected):
    out = tmp_path / "out.ttl"
    out.write_text("previous content")
    result = cli("import", str(DATA / name), "-o", str(out))
    assert result.code == 2
    lines = result.err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("Error: ") and expected in lines[0]
    assert "Traceback" not in result.err
    assert out.read_text() == "previous content"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.ttl"]  # no temporary left


def test_cli_import_json_error_object(cli, schema, tmp_path):
    result = cli("import", str(DATA / "undecodable.csv"), "-o", str(tmp_path / "x.ttl"),
                 "--json")
    assert result.code == 2
    schema("error", result.json())
    assert result.json()["error"]["code"] == "import-error"
    assert not (tmp_path / "x.ttl").exists()


def test_cli_import_needs_an_output_file(cli):
    result = cli("import", str(DATA / "hr-export.csv"))
    assert result.code == 2 and result.err.startswith("Error:")
