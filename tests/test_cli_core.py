"""The command-line contract for roles, show and query (DESIGN.md §4)."""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from pmograph._cli import COMMAND_MODULES, build_parser

DATA = Path(__file__).parent / "data"
Cli = Callable[..., Any]


def test_roles_json_lists_roles_with_track_and_level(cli: Cli, schema: Any) -> None:
    result = cli("roles", "--json")
    assert result.code == 0, result.err
    roles = result.json()
    schema("roles", roles)
    labels = {r["label"] for r in roles}
    for expected in ("PMO Coordinator", "PMO Analyst", "PMO Manager", "PMO Director",
                     "Project Manager", "Program Manager", "Portfolio Manager"):
        assert expected in labels
    assert all(isinstance(r["level"], int) and r["track"] for r in roles)


def test_roles_table_is_sorted_by_level(cli: Cli) -> None:
    out = cli("roles").out.splitlines()
    assert out[0].split()[:3] == ["role", "track", "level"]
    levels = [int(line.split("  ")[-2].strip() or 0) for line in out[2:]
              if line.split("  ")[-2].strip().isdigit()]
    assert levels == sorted(levels)


def test_show_pmo_manager_has_sourced_skills_qualifications_moves(cli: Cli, schema: Any) -> None:
    result = cli("show", "PMO Manager", "--json")
    assert result.code == 0, result.err
    facts = result.json()
    schema("show", facts)
    assert facts["subject"]["label"] == "PMO Manager"
    assert facts["subject"]["kind"] == "role"
    relations = facts["relations"]
    for relation in ("skills", "qualifications", "next roles", "reports to"):
        assert relations.get(relation), f"show gives no {relation!r}"
        for fact in relations[relation]:
            assert fact["sources"], f"{relation}: {fact['label']} has no source"
    skills = {fact["label"].casefold() for fact in relations["skills"]}
    for soft_skill in ("flexibility", "emotional intelligence"):
        assert any(soft_skill in skill for skill in skills), skills
    assert any(analytic in skill for skill in skills for analytic in ("analytic", "analysis"))
    assert "PMO Director" in {fact["label"] for fact in relations["next roles"]}


@pytest.mark.parametrize("name", ["head of pmo", "PMO director", "pmoc:PMODirector",
                                  "role:Head of PMO"])
def test_show_resolves_synonyms(cli: Cli, name: str) -> None:
    result = cli("show", name, "--json")
    assert result.code == 0, result.err
    assert result.json()["subject"]["label"] == "PMO Director"


def test_unknown_name_exits_2_with_one_error_line_and_suggestions(cli: Cli, schema: Any) -> None:
    result = cli("show", "PMO Manger", "--json")
    assert result.code == 2
    assert result.err.startswith("Error: ") and result.err.count("\n") == 1
    assert "PMO Manager" in result.err
    schema("error", result.json())
    assert result.json()["error"]["code"] == "unknown-name"


def test_ambiguous_name_lists_qualified_candidates(cli: Cli) -> None:
    result = cli("show", "project coordinator")
    assert result.code == 2
    assert "ambiguous" in result.err and "role:" in result.err


def test_query_unknown_name_exits_2_naming_available_queries(cli: Cli) -> None:
    result = cli("query", "nosuchname")
    assert result.code == 2
    assert result.err.startswith("Error: ")
    assert "who-is-the-boss-of-a-project-manager" in result.err


def test_query_list_and_formats(cli: Cli, schema: Any) -> None:
    listed = cli("query", "--list", "--json")
    assert listed.code == 0
    schema("queries", listed.json())
    text = "SELECT ?role WHERE { ?role a pmo:Role ; pmo:level ?l } ORDER BY ?role LIMIT 2"
    as_json = cli("query", text, "--json").json()
    assert as_json["head"]["vars"] == ["role"]
    assert len(as_json["results"]["bindings"]) == 2
    assert as_json["results"]["bindings"][0]["role"]["type"] == "uri"
    as_csv = cli("query", text, "--format", "csv").out.splitlines()
    assert as_csv[0] == '"role"' and len(as_csv) == 3  # quoted for spreadsheets
    ask = cli("query", "ASK { ?r a pmo:Role }", "--json").json()
    assert ask["boolean"] is True
    construct = cli("query", "CONSTRUCT WHERE { ?r a pmo:Role }", "--format", "nt").out
    assert "<https://w3id.org/pmograph/ns#Role>" in construct


def test_query_bind_values(cli: Cli) -> None:
    text = "SELECT ?level WHERE { ?role pmo:level ?level }"
    by_name = cli("query", text, "--bind", "role=PMO Director", "--json").json()
    by_curie = cli("query", text, "--bind", "role=pmoc:PMODirector", "--json").json()
    by_iri = cli("query", text, "--bind",
                 "role=<https://w3id.org/pmograph/catalog/PMODirector>", "--json").json()
    assert by_name == by_curie == by_iri
    assert len(by_name["results"]["bindings"]) == 1
    literal = cli("query", "SELECT ?r WHERE { ?r skos:prefLabel ?l }", "--bind",
                  'l="PMO Analyst"@en', "--json").json()
    assert literal["results"]["bindings"][0]["r"]["value"].endswith("PMOAnalyst")
    hostile = cli("query", text, "--bind", "role=<http://x> } ; DROP ALL #>")
    assert hostile.code == 2 and "not a valid IRI" in hostile.err


def test_query_refuses_service_with_exit_2(cli: Cli) -> None:
    result = cli("query", "SELECT * WHERE { SERVICE <http://127.0.0.1:9/> { ?s ?p ?o } }")
    assert result.code == 2 and "--allow-network" in result.err


def test_common_options_before_and_after_the_command(cli: Cli) -> None:
    tiny = str(DATA / "tiny-org.ttl")
    before = cli("--no-catalog", "--data", tiny, "show", "Chief Executive", "--json")
    after = cli("show", "Chief Executive", "--no-catalog", "--data", tiny, "--json")
    assert before.code == after.code == 0
    assert before.json() == after.json()
    both = cli("--data", tiny, "--no-catalog", "query", "SELECT (COUNT(*) AS ?n) "
               "WHERE { ?s ?p ?o }", "--data", str(DATA / "tiny-org.ttl"), "--json")
    assert both.code == 0


def test_usage_error_is_one_error_line(cli: Cli) -> None:
    result = cli("show")
    assert result.code == 2 and result.err.startswith("Error: ")
    assert cli("nosuchcommand").code == 2


def test_every_command_has_an_example_in_its_help() -> None:
    parser = build_parser()
    commands = next(a for a in parser._actions if a.dest == "command")
    assert len(commands.choices) >= len(COMMAND_MODULES)
    for name, sub in commands.choices.items():
        assert "Example:" in sub.format_help() and f"pmograph {name}" in sub.format_help(), name


def test_every_command_is_in_the_readme() -> None:
    readme = (Path(__file__).parent.parent / "README.md").read_text(encoding="utf-8")
    parser = build_parser()
    commands = next(a for a in parser._actions if a.dest == "command")
    for name in commands.choices:
        assert f"pmograph {name}" in readme, f"README does not mention 'pmograph {name}'"


def test_python_dash_m_runs_the_cli() -> None:
    done = subprocess.run([sys.executable, "-m", "pmograph", "roles", "--json"],
                          capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)


def test_query_output_carries_values_in_every_format(cli: Cli) -> None:
    args = ("query", "role-requirements", "--bind", "role=PMO Manager")
    rows = cli(*args, "--format", "csv").out.splitlines()
    assert len(rows) > 3
    assert all(row.startswith('"https://w3id.org/pmograph/catalog/PMOManager",')
               for row in rows[1:])
    bindings = cli(*args, "--json").json()["results"]["bindings"]
    assert {b["role"]["value"] for b in bindings} == {
        "https://w3id.org/pmograph/catalog/PMOManager"}
    table = cli(*args).out.splitlines()
    body = [line for line in table[2:] if not line.startswith("?")]  # then notes on columns
    assert len(body) == len(bindings) and all("PMO Manager" in line for line in body)


def test_control_characters_in_names_never_reach_the_terminal_raw(cli: Cli,
                                                                  tmp_path: Path) -> None:
    hostile = "Eve\x1b[2J\u202eliveD\r"
    data = tmp_path / "hostile.ttl"
    data.write_text('<urn:x:p> a <http://www.w3.org/ns/org#Post> ; '
                    '<http://www.w3.org/2000/01/rdf-schema#label> "'
                    + hostile.replace("\x1b", "\\u001B").replace("\r", "\\r") + '" .\n',
                    encoding="utf-8")
    text = cli("show", "urn:x:p", "--no-catalog", "--data", str(data))
    assert text.code == 0, text.err
    assert "\x1b" not in text.out and "\u202e" not in text.out and "\r" not in text.out
    assert "Eve\\x1b[2J\\u202eliveD\\x0d" in text.out
    # JSON keeps the data exactly (json escapes the control characters itself).
    assert cli("show", "urn:x:p", "--no-catalog", "--data", str(data),
               "--json").json()["subject"]["label"] == hostile
    error = cli("show", "Eve\x1b[31m", "--no-catalog", "--data", str(data))
    assert error.code == 2 and "\x1b" not in error.err


def test_usage_errors_honour_json_in_process(capsys: pytest.CaptureFixture[str]) -> None:
    # main() called with its own argv (not sys.argv): --json there still gives JSON (issue #13).
    from pmograph._cli import main

    with pytest.raises(SystemExit) as stopped:
        main(["chain", "--json"])
    assert stopped.value.code == 2
    out, err = capsys.readouterr()
    assert json.loads(out)["error"]["code"] == "usage" and err.startswith("Error: ")
