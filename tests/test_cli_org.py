"""The chain, reports, path and gap commands, and what show adds (DESIGN.md §4)."""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

Cli = Callable[..., Any]
DATA = Path(__file__).parent / "data"
SAMPLE = str(Path(__file__).resolve().parent.parent / "examples" / "sample-org.ttl")
HEFCE = "w3c-csvw-uc4-HEFCE_organogram_31032011.nt"
POST = "http://reference.data.gov.uk/id/public-body/higher-education-funding-council-for-england/post/"
C = "https://w3id.org/pmograph/catalog/"
EX = "https://example.org/meridian/"


def iris(entities: list[dict[str, Any]]) -> list[str]:
    return [e["iri"] for e in entities]


# --------------------------------------------------------------------------------- real data
def test_hefce_reports_of_the_chief_executive(cli: Cli, schema: Any, external: Path) -> None:
    result = cli("--no-catalog", "--data", str(external / HEFCE), "reports", "90334", "--json")
    assert result.code == 0, result.err
    answer = result.json()
    schema("reports", answer)
    assert answer["subject"] == {"iri": POST + "90334", "label": "Chief Executive",
                                 "kind": "post"}
    assert sorted(iris(answer["reports"])) == [POST + "90115", POST + "90250", POST + "90284"]


def test_hefce_chain_and_everyone_below(cli: Cli, schema: Any, external: Path) -> None:
    data = ("--no-catalog", "--data", str(external / HEFCE))
    chain = cli(*data, "chain", "90284", "--json")
    assert chain.code == 0, chain.err
    schema("chain", chain.json())
    assert [iris(p) for p in chain.json()["paths"]] == [[POST + "90334"]]
    top = cli(*data, "chain", "90334", "--json").json()
    assert top["paths"] == [[]]
    everyone = cli(*data, "reports", "90334", "--all", "--json").json()
    assert len(everyone["reports"]) == 3 + 82
    assert iris(everyone["reports"])[:3] == iris(cli(*data, "reports", "90334", "--json")
                                                 .json()["reports"])
    below_90284 = cli(*data, "reports", "90284", "--json").json()["reports"]
    assert len(below_90284) == 16


# ----------------------------------------------------------------------------------- catalog
def test_path_coordinator_to_director(cli: Cli, schema: Any) -> None:
    result = cli("path", "PMO Coordinator", "PMO Director", "--json")
    assert result.code == 0, result.err
    answer = result.json()
    schema("path", answer)
    assert answer["source"]["iri"] == C + "PMOCoordinator"
    assert answer["target"]["iri"] == C + "PMODirector"
    paths = [iris(p) for p in answer["paths"]]
    # The PMO ladder is the first answer (issue 3's "done means").
    assert paths[0] == [C + "PMOCoordinator", C + "PMOAnalyst", C + "PMOManager", C + "PMODirector"]
    assert [len(p) for p in paths] == sorted(len(p) for p in paths)
    assert 1 <= len(paths) <= 5
    assert cli("path", "PMO Coordinator", "PMO Director", "--max", "1",
               "--json").json()["paths"] == answer["paths"][:1]


def test_path_pmo_analyst_to_project_manager(cli: Cli) -> None:
    result = cli("path", "PMO Analyst", "Project Manager")
    assert result.code == 0, result.err
    # A lateral move reads as a move across, not up (issue #14).
    assert result.out.startswith("1. PMO Analyst ⇢ Project Manager (1 lateral move)")
    assert "⇢ lateral move (across, not up)" in result.out


def test_path_project_manager_to_portfolio_manager(cli: Cli, schema: Any) -> None:
    answer = cli("path", "Project Manager", "Portfolio Manager", "--json").json()
    schema("path", answer)
    assert iris(answer["paths"][0]) == [C + "ProjectManager", C + "ProgramManager",
                                        C + "PortfolioManager"]
    gap_weighted = cli("path", "Project Manager", "Portfolio Manager", "--weight", "gap",
                       "--cutoff", "2", "--json").json()
    assert all(len(p) <= 3 for p in gap_weighted["paths"]) and gap_weighted["paths"]


def test_path_with_no_route_is_empty_not_an_error(cli: Cli) -> None:
    result = cli("path", "PMO Director", "PMO Coordinator", "--json")
    assert result.code == 0
    assert result.json()["paths"] == []
    assert "No career path" in cli("path", "PMO Director", "PMO Coordinator").out


def test_chain_of_a_role_shows_every_upward_line(cli: Cli, schema: Any) -> None:
    result = cli("chain", "Project Manager", "--json")
    assert result.code == 0, result.err
    answer = result.json()
    schema("chain", answer)
    paths = [iris(p) for p in answer["paths"]]
    assert len(paths) >= 2
    assert any(C + "ManagerOfProjectManagers" in p for p in paths)  # the VP of PM
    assert any(C + "DirectorOfProjectManagement" in p for p in paths)
    assert all(C + "ProjectManager" not in p for p in paths)
    text = cli("chain", "Project Manager").out
    assert "Manager of Project Managers" in text
    # Alternatives read as alternatives, not as one numbered chain (issue #13).
    lines = text.splitlines()
    assert f"one of {len(paths)} lines" in lines[0]
    assert lines[1].startswith("  either: ") and all(
        line.startswith("  or:     ") for line in lines[2:]) and len(lines) == len(paths) + 1


def test_gap_project_manager_to_pmo_director(cli: Cli, schema: Any) -> None:
    result = cli("gap", "Project Manager", "PMO Director", "--json")
    assert result.code == 0, result.err
    answer = result.json()
    schema("gap", answer)
    assert answer["skills"]
    assert all(s["have"] < s["need"] for s in answer["skills"])
    essentials = [s["essential"] for s in answer["skills"]]
    assert essentials == sorted(essentials, reverse=True)
    assert isinstance(answer["qualifications"], list)
    to_manager = cli("gap", "Project Manager", "PMO Manager", "--json").json()
    assert {C + "HighSchoolOrGED", C + "MastersDegree"} <= set(iris(
        to_manager["qualifications"]))
    text = cli("gap", "Project Manager", "PMO Manager").out
    assert "Understanding of project management" in text and "Qualifications" in text


# ------------------------------------------------------------------------------ sample org
def test_a_person_resolves_to_their_post(cli: Cli, schema: Any) -> None:
    answer = cli("--data", SAMPLE, "chain", "person:Priya Natarajan", "--json").json()
    schema("chain", answer)
    assert answer["subject"]["kind"] == "person"
    assert [iris(p) for p in answer["paths"]] == [[
        EX + "post-program-manager", EX + "post-vp-pm", EX + "post-coo", EX + "post-ceo"]]
    reports = cli("--data", SAMPLE, "reports", "P005", "--all", "--json").json()
    assert len(reports["reports"]) == 5
    assert iris(reports["reports"])[-1] == EX + "post-pmo-coordinator"


def test_path_and_gap_accept_a_post_for_its_role(cli: Cli) -> None:
    answer = cli("--data", SAMPLE, "path", "P010", "P005", "--json").json()
    assert answer["source"]["iri"] == C + "PMOCoordinator"
    assert answer["target"]["iri"] == C + "PMODirector"
    result = cli("--data", SAMPLE, "gap", "P001", "P005")
    assert result.code == 2
    assert result.err.startswith("Error:") and "no role" in result.err


def test_show_gains_hierarchy_answers(cli: Cli, schema: Any) -> None:
    post = cli("--data", SAMPLE, "show", "P005", "--json").json()
    schema("show", post)
    answers = post["answers"]
    assert [iris(p) for p in answers["chain"]] == [[EX + "post-vp-pm", EX + "post-coo",
                                                    EX + "post-ceo"]]
    assert len(answers["direct reports"]) == 2
    assert answers["span of control"] == {"direct": 2, "total": 5}
    role = cli("show", "Project Manager", "--json").json()
    assert any(C + "ManagerOfProjectManagers" in iris(p) for p in role["answers"]["roles above"])
    moves = role["answers"]["next moves"]
    assert {m["move"] for m in moves} == {"promotion", "lateral"}
    text = cli("--data", SAMPLE, "show", "P005").out
    assert "Span of control: 2 direct, 5 in all" in text


def test_text_output(cli: Cli) -> None:
    chain = cli("--data", SAMPLE, "chain", "P015")
    assert chain.code == 0
    assert chain.out.splitlines()[1].strip() == (
        "Project Manager, Data Platform (Grace Adeyemi) → VP of Project Management (Olivia "
        "Grant) → Chief Operating Officer (Marcus Lindqvist) → Chief Executive Officer (Helen "
        "Okafor)")
    reports = cli("--data", SAMPLE, "reports", "P011").out
    assert "Business Project Manager, Apollo Billing" in reports
    assert "Nobody reports to" in cli("--data", SAMPLE, "reports", "P015").out


# ------------------------------------------------------------------- robust by construction
def test_chain_of_a_10000_deep_chain(cli: Cli, tmp_path: Path) -> None:
    base = "https://example.org/deep/"
    lines = []
    for i in range(10_000):
        lines.append(f'<{base}p{i}> <http://www.w3.org/2004/02/skos/core#notation> "D{i}" .')
        if i:
            lines.append(f"<{base}p{i}> <http://www.w3.org/ns/org#reportsTo> <{base}p{i - 1}> .")
    path = tmp_path / "deep.nt"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    started = time.perf_counter()
    result = cli("--no-catalog", "--data", str(path), "chain", "D9999", "--json")
    elapsed = time.perf_counter() - started
    assert result.code == 0, result.err
    (chain,) = result.json()["paths"]
    assert len(chain) == 9_999
    assert chain[0]["iri"] == base + "p9998" and chain[-1]["iri"] == base + "p0"
    assert elapsed < 30


@pytest.mark.parametrize("command", [("chain", "C4"), ("reports", "C1", "--all"),
                                     ("chain", "C2")])
def test_a_reporting_cycle_exits_2_naming_its_posts(cli: Cli, command: tuple[str, ...]) -> None:
    result = cli("--no-catalog", "--data", str(DATA / "reporting-cycle.ttl"), *command)
    assert result.code == 2
    assert result.err.startswith("Error:") and len(result.err.strip().splitlines()) == 1
    for name in ("Alpha Lead", "Beta Lead", "Gamma Lead"):
        assert name in result.err
    assert "Delta Analyst" not in result.err
    as_json = cli("--no-catalog", "--data", str(DATA / "reporting-cycle.ttl"), *command,
                  "--json")
    assert as_json.json()["error"]["code"] == "reporting-cycle"


def test_two_line_managers_exit_2_naming_both(cli: Cli) -> None:
    result = cli("--no-catalog", "--data", str(DATA / "two-line-managers.ttl"), "chain", "T3")
    assert result.code == 2
    assert "Operations Director" in result.err and "Finance Director" in result.err
    # The dotted line from T4 is not a second manager.
    ok = cli("--no-catalog", "--data", str(DATA / "two-line-managers.ttl"), "chain", "T4",
             "--json")
    assert ok.code == 0
    assert [iris(p) for p in ok.json()["paths"]] == [["https://example.org/two/boss"]]


def test_user_errors_exit_2(cli: Cli) -> None:
    assert cli("path", "PMO Coordinator", "Astronaut").code == 2
    assert cli("path", "PMO Coordinator", "PMO Director", "--max", "0").code == 2
    assert cli("path", "PMO Coordinator", "PMO Director", "--weight", "salary").code == 2
    unit = cli("--data", SAMPLE, "chain", "unit:Enterprise PMO")
    assert unit.code == 2 and "not a role, post or person" in unit.err


def test_chain_and_reports_name_the_holders(cli: Cli, schema: Any) -> None:
    # Posts in chain and reports carry their holders, and reports --all each post's depth
    # (DESIGN.md §4; issue #13).
    chain = cli("--data", SAMPLE, "chain", "person:Priya Natarajan", "--json").json()
    schema("chain", chain)
    assert [[h["label"] for h in e["holders"]] for e in chain["paths"][0]] == [
        ["Rafael Costa"], ["Olivia Grant"], ["Marcus Lindqvist"], ["Helen Okafor"]]
    assert all(h["kind"] == "person" for e in chain["paths"][0] for h in e["holders"])
    everyone = cli("--data", SAMPLE, "reports", "P005", "--all", "--json").json()
    schema("reports", everyone)
    found = {e["label"]: (e["depth"], [h["label"] for h in e["holders"]])
             for e in everyone["reports"]}
    assert found["PMO Manager, Delivery Support"] == (1, [])  # vacant
    assert found["PMO Analyst, Reporting"] == (2, ["Ines Duarte", "Kwame Asante"])  # job share
    direct = cli("--data", SAMPLE, "reports", "P005", "--json").json()
    assert all("depth" not in e and "holders" in e for e in direct["reports"])
    text = cli("--data", SAMPLE, "reports", "P005", "--all").out
    assert "vacant" in text and "Ines Duarte, Kwame Asante" in text and "depth" in text
    assert "(Helen Okafor)" in cli("--data", SAMPLE, "chain", "person:Priya Natarajan").out
