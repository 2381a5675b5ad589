"""The shipped question queries (``pmograph/queries/*.rq``) answer the seed source's questions.

``run`` is the only place that knows how queries are executed: switch it to
``pmograph.load().query(name, **bindings)`` once that API is the way to run them.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

import pytest
from rdflib import Graph, Literal, Namespace, URIRef

PACKAGE = Path(__file__).resolve().parent.parent / "pmograph"
QUERIES = PACKAGE / "queries"
PMOC = Namespace("https://w3id.org/pmograph/catalog/")
PMO = Namespace("https://w3id.org/pmograph/ns#")


@cache
def _graph() -> Graph:
    graph = Graph().parse(PACKAGE / "ontology" / "pmo.ttl")
    for path in sorted((PACKAGE / "ontology" / "catalog").glob("*.ttl")):
        graph.parse(path)
    return graph


def run(name: str, **bindings: Any) -> list[dict[str, Any]]:
    """Run shipped query ``name`` with ``bindings``: rows as dicts of Python values or None."""
    text = (QUERIES / f"{name}.rq").read_text(encoding="utf-8")
    result = _graph().query(text, initBindings=bindings)
    names = [str(v) for v in result.vars]
    return [
        {
            key: (
                None if value is None else value.toPython() if isinstance(value, Literal) else value
            )
            for key, value in zip(names, row, strict=True)
        }
        for row in result
    ]


def column(rows: list[dict[str, Any]], key: str) -> list[Any]:
    return [row[key] for row in rows]


# --- every shipped query is well formed ---

QUERY_NAMES = sorted(p.stem for p in QUERIES.glob("*.rq"))


@pytest.mark.parametrize("name", QUERY_NAMES)
def test_query_has_a_header_and_runs(name: str) -> None:
    text = (QUERIES / f"{name}.rq").read_text(encoding="utf-8")
    header = {
        line.split(":", 1)[0].lstrip("# ").strip()
        for line in text.splitlines()
        if line.startswith("#")
    }
    assert {"title", "question", "description"} <= header, name
    assert "ORDER BY" in text, name
    bindings = {"role": PMOC.ProjectManager} if "# param: role" in text else {}
    assert run(name, **bindings), f"{name} returns no rows"


# --- one test per question ---


def test_who_is_the_boss_of_a_project_manager() -> None:
    rows = run("who-is-the-boss-of-a-project-manager")
    bosses = set(column(rows, "superior"))
    assert {PMOC.ManagerOfProjectManagers, PMOC.DirectorOfProjectManagement} <= bosses
    assert all(row["sourceLabel"] for row in rows)
    assert column(rows, "level") == sorted(column(rows, "level"))


def test_what_is_higher_than_a_project_manager() -> None:
    rows = run("what-is-higher-than-a-project-manager")
    roles = column(rows, "role")
    assert {PMOC.HeadOfProgramsAndProjects, PMOC.ManagerOfProjectManagers} <= set(roles)
    assert all(level > 4 for level in column(rows, "level"))
    assert len(roles) == len(set(roles))


def test_what_does_a_pmo_do() -> None:
    rows = run("what-does-a-pmo-do")
    assert column(rows, "functionLabel") == [
        "Governance",
        "Transparency",
        "Reusability",
        "Delivery support",
        "Traceability",
    ]
    assert rows[0]["definition"] and rows[2]["definition"] is None and rows[2]["note"]


def test_what_comes_after_pmo_coordinator() -> None:
    rows = run("what-comes-after-pmo-coordinator")
    first = {row["to"] for row in rows if row["step"] == 1}
    assert first == {PMOC.PMOAnalyst, PMOC.ManagerOfProjectManagers}
    assert any(row["from"] == PMOC.PMOAnalyst and row["to"] == PMOC.PMOManager
               and row["step"] == 2 for row in rows)


def test_what_does_a_project_manager_need() -> None:
    rows = run("what-does-a-project-manager-need")
    items = {row["item"]: row for row in rows}
    for skill in (
        "ProjectManagementSkills",
        "TeamManagement",
        "ProjectManagementSoftware",
        "AgileMethods",
    ):
        assert items[PMOC[skill]]["kind"] == "skill"
    assert items[PMOC.CAPM]["kind"] == items[PMOC.PMP]["kind"] == "qualification"
    assert items[PMOC.CAPM]["essential"] is False
    assert items[PMOC.TeamManagement]["proficiency"] is None  # ungraded: no source grades it
    assert items[PMOC.SFIAConsultancy]["proficiency"] == 5


def test_can_there_be_two_project_managers() -> None:
    rows = run("can-there-be-two-project-managers")
    assert set(column(rows, "role")) == {PMOC.BusinessProjectManager, PMOC.TechnicalProjectManager}
    assert "two" in rows[0]["claimText"]


def test_pmo_vs_project_manager() -> None:
    rows = run("pmo-vs-project-manager")
    by_party: dict[URIRef, set[str]] = {}
    for row in rows:
        by_party.setdefault(row["accountable"], set()).add(row["responsibilityLabel"])
    assert by_party[PMOC.ProjectManager] == {
        "Project scope",
        "Project schedule",
        "Project cost",
        "Project quality",
    }
    assert {"Project methodologies", "Project standards", "Project metrics"} <= by_party[
        PMO.ProjectManagementOffice
    ]


def test_can_pmo_become_project_manager() -> None:
    rows = run("can-pmo-become-project-manager")
    assert any(row["to"] == PMOC.ProjectManager for row in rows)
    assert any(row["from"] == PMOC.ProjectManager for row in rows)
    into_pm = next(row for row in rows if row["to"] == PMOC.ProjectManager)
    assert into_pm["requiresLabel"] == "Project management skills"
    assert "never answers" in into_pm["explanation"]


def test_is_pmo_higher_than_project_manager() -> None:
    rows = run("is-pmo-higher-than-project-manager")
    assert len({row["claimText"] for row in rows}) == 1
    assert "office" in rows[0]["explanation"]
    conflicts = [row for row in rows if row["relation"] == "conflicts with"]
    assert conflicts and all(row["factSummary"] and row["factSources"] for row in conflicts)
    assert "PMO Coordinator -> Manager of Project Managers" in column(conflicts, "factSummary")


def test_how_to_set_up_a_pmo() -> None:
    rows = run("how-to-set-up-a-pmo")
    assert column(rows, "position") == [1, 2, 3, 4, 5, 6, 7]
    assert rows[1]["omitted"] is True and rows[1]["text"] is None and rows[1]["note"]
    assert all(row["text"] and row["omitted"] is False for i, row in enumerate(rows) if i != 1)
    assert "charter" in rows[6]["text"]


def test_pmo_success_factors() -> None:
    rows = run("pmo-success-factors")
    assert column(rows, "position") == [1, 2, 3, 4, 5]
    assert "Support of top management" in column(rows, "factorLabel")
    assert all("ten" in row["gap"] for row in rows)


def test_what_does_a_good_pmo_look_like() -> None:
    rows = run("what-does-a-good-pmo-look-like")
    assert set(column(rows, "factor")) == {PMOC.BalanceOfSkillsAndExperience, PMOC.ContinualRenewal}


def test_what_makes_a_good_pmo_manager() -> None:
    rows = run("what-makes-a-good-pmo-manager")
    assert set(column(rows, "role")) == {PMOC.PMOManager, PMOC.PMODirector}
    assert {row["skillLabel"] for row in rows} == {
        "Strength of character",
        "Flexibility",
        "Analytical ability",
        "Emotional intelligence",
    }
    assert all("director" in row["explanation"] for row in rows)


def test_pmo_manager_education() -> None:
    rows = run("pmo-manager-education")
    by_qualification = {row["qualification"]: row for row in rows}
    assert float(by_qualification[PMOC.MastersDegree]["share"]) == pytest.approx(47.4)
    assert by_qualification[PMOC.MastersDegree]["unit"] == "percent"
    assert by_qualification[PMOC.HighSchoolOrGED]["essential"] is True
    assert rows[0]["qualification"] == PMOC.HighSchoolOrGED


def test_what_does_a_pmo_manager_do() -> None:
    rows = run("what-does-a-pmo-manager-do")
    assert column(rows, "responsibility") == [PMOC.UpholdingProjectStandards]
    assert "standards" in rows[0]["roleDefinition"]


def test_what_are_pmo_skills() -> None:
    rows = run("what-are-pmo-skills")
    assert (
        rows[0]["skill"] == PMOC.UnderstandingOfProjectManagement and rows[0]["essential"] is True
    )


def test_what_do_project_managers_do() -> None:
    rows = run("what-do-project-managers-do")
    assert PMOC.ProjectDelivery in column(rows, "responsibility")


def test_is_pmo_a_good_role() -> None:
    rows = run("is-pmo-a-good-role")
    skills = {row["itemLabel"] for row in rows if row["kind"] == "skill used"}
    assert skills == {"Issue management", "Risk management", "Change management"}
    assert any(row["kind"] == "move to" and row["itemLabel"] == "Project Manager" for row in rows)


def test_can_i_call_myself_a_project_manager() -> None:
    rows = run("can-i-call-myself-a-project-manager")
    assert "certification" in rows[0]["claimText"]
    assert {row["qualificationLabel"] for row in rows} == {
        "Certified Associate in Project Management",
        "Project Management Professional",
    }
    assert all(row["essential"] is False for row in rows)


# --- parameterised queries ---


def test_role_reports_to_binds_the_role() -> None:
    rows = run("role-reports-to", role=PMOC.PMOAnalyst)
    assert column(rows, "superior") == [PMOC.PMOManager]
    assert set(column(rows, "role")) == {PMOC.PMOAnalyst}


def test_role_requirements_binds_the_role() -> None:
    rows = run("role-requirements", role=PMOC.ProjectSupportOfficer)
    graded = {row["itemLabel"]: (row["proficiency"], row["frameworkLabel"]) for row in rows}
    assert graded["Methods and tools"][0] == 4 and graded["Methods and tools"][1].startswith("SFIA")
    assert graded["Risk management"][0] == 2


def test_next_roles_binds_the_role() -> None:
    rows = run("next-roles", role=PMOC.PMOCoordinator)
    assert column(rows, "to") == [PMOC.PMOAnalyst, PMOC.ManagerOfProjectManagers]
    assert set(column(rows, "moveType")) == {"promotion"}


def test_a_chain_into_nowhere_says_so(tmp_path) -> None:
    # `chain` named an undescribed IRI as the boss like any other post (issue #13).
    data = tmp_path / "ghost.ttl"
    data.write_text("@prefix org: <http://www.w3.org/ns/org#> .\n"
                    "@prefix ex: <http://example.org/> .\n"
                    "@prefix skos: <http://www.w3.org/2004/02/skos/core#> .\n"
                    'ex:pm a org:Post ; skos:prefLabel "PM" ; org:reportsTo ex:boss .\n'
                    'ex:boss a org:Post ; skos:prefLabel "Boss" ; org:reportsTo ex:ghost .\n')
    import pmograph

    answer = pmograph.describe_chain(pmograph.load(data, catalog=False), "PM")
    boss, ghost = answer["paths"][0]
    assert "described" not in boss and ghost["described"] is False
    assert ghost["iri"] == "http://example.org/ghost"
