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
    if "# param: old" in text:  # compares two snapshots kept beside the data, not the catalog
        assert snapshot_changes(name), f"{name} returns no rows"
        return
    bindings = {"role": PMOC.ProjectManager} if "# param: role" in text else {}
    assert run(name, **bindings), f"{name} returns no rows"


def snapshot_changes(name: str) -> list[Any]:
    """Rows of a query over the two snapshots of ``tests/data/snapshots``, kept in a store."""
    import pmograph

    kg = pmograph.load(catalog=False)
    folder = Path(__file__).parent / "data" / "snapshots"
    old, _ = kg.add_snapshot(folder / "org-2026-03.ttl", date="2026-03-31")
    new, _ = kg.add_snapshot(folder / "org-2026-09.ttl", date="2026-09-30")
    return list(kg.query(name, old=URIRef(old.graph), new=URIRef(new.graph)))


# --- one test per question ---


def test_who_is_the_boss_of_a_project_manager() -> None:
    rows = run("who-is-the-boss-of-a-project-manager")
    bosses = set(column(rows, "superior"))
    assert {PMOC.ManagerOfProjectManagers, PMOC.DirectorOfProjectManagement} <= bosses
    assert all(row["sourceLabel"] for row in rows)
    assert column(rows, "level") == sorted(column(rows, "level"))
    # "a manager, director, or vice president of project management": all three names, side by
    # side (the seed ranks none above another).
    seed = [row for row in rows if row["source"] == PMOC.QuestionWhoIsTheBossOfAProjectManager]
    assert {row["superior"] for row in seed} == {PMOC.ManagerOfProjectManagers,
                                                 PMOC.DirectorOfProjectManagement}
    assert len({row["level"] for row in seed}) == 1
    names = " | ".join(f"{row['superiorLabel']} | {row['otherName']}" for row in seed).lower()
    for name in ("manager", "director of project management",
                 "vice president of project management"):
        assert name in names, name


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
    steps: dict[int, list[dict[str, Any]]] = {}
    for row in rows:
        steps.setdefault(row["position"], []).append(row)
    assert sorted(steps) == [1, 2, 3, 4]  # every next step the seed names, in its order
    assert "managerial position" in steps[1][0]["claimText"]
    assert "line management" in steps[2][0]["claimText"]
    assert "PMO director" in steps[3][0]["claimText"]
    assert "portfolio" in steps[4][0]["claimText"]
    # No jump: the only move out of the coordinator is to the analyst ...
    assert {row["to"] for row in rows if row["from"] == PMOC.PMOCoordinator} == {PMOC.PMOAnalyst}
    # ... and each step's moves form routes, every move leaving a role already reached.
    for position, moves in steps.items():
        reached = {moves[0]["from"]}
        for row in moves:
            assert row["from"] in reached, (position, row["fromLabel"], row["toLabel"])
            reached.add(row["to"])
    destinations = {position: {row["to"] for row in moves} for position, moves in steps.items()}
    assert {PMOC.ManagerOfProjectManagers, PMOC.DirectorOfProjectManagement} <= destinations[2]
    assert PMOC.PMODirector in destinations[3]
    assert {PMOC.ProgramManager, PMOC.PortfolioManager} <= destinations[4]
    lateral = [row for row in rows if row["moveType"] == "lateral move"]
    assert [(row["fromLabel"], row["toLabel"]) for row in lateral] == [
        ("PMO Analyst", "Project Manager")]


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
    # The seed's own "in time, a PMO coordinator may line-manage project managers".
    assert any(summary.startswith("claim: ") and "line management" in summary
               for summary in column(conflicts, "factSummary"))


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
    advice = [row for row in rows if row["kind"] == "advice"]
    assert len(advice) == 1 and "major" in advice[0]["note"]


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
    claims: dict[URIRef, set[tuple[str, str]]] = {}
    for row in rows:
        claims.setdefault(row["claim"], set()).add((row["kind"], row["itemLabel"]))
    # Two claims of the seed: about an office (a programme-level PMO), never a role in it.
    assert len(claims) == 2
    opportunity = claims[PMOC.ClaimLargeProgrammeOfficeIsAnOpportunity]
    assert {("office", "Programme office"), ("skill", "Project management skills"),
            ("move", "PMO Analyst -> Project Manager")} == opportunity
    programmes = claims[PMOC.ClaimProgrammesNeedIssueRiskAndChangeManagement]
    assert {label for kind, label in programmes if kind == "skill"} == {
        "Issue management", "Risk management", "Change management"}
    assert not any(kind == "role" for kind, _ in opportunity | programmes)


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
    assert column(rows, "to") == [PMOC.PMOAnalyst]  # no jump to a manager of project managers
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
