"""People, not only roles (issue #18): skill profiles in RDF, gaps from a person, succession."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

import pmograph
from pmograph._algorithms.readiness import profile_gap, rank_candidates, reachable_roles
from pmograph._answers.people import describe_next, describe_succession
from pmograph._views.people import people_in_posts, skill_profiles

Cli = Callable[..., Any]
ROOT = Path(__file__).resolve().parent.parent
ORG = str(ROOT / "examples" / "sample-org.ttl")
SKILLS = str(ROOT / "examples" / "sample-skills.ttl")
C = "https://w3id.org/pmograph/catalog/"
EX = "https://example.org/meridian/"
PEOPLE = ("--data", ORG, "--data", SKILLS)


@pytest.fixture(scope="module")
def kg() -> pmograph.KnowledgeGraph:
    return pmograph.load(ORG, SKILLS)


def labels(entities: list[dict[str, Any]]) -> list[str]:
    return [e["label"] for e in entities]


# ------------------------------------------------------------------------------ profiles in RDF
def test_a_profile_from_rdf_keeps_level_framework_source_and_date(
        kg: pmograph.KnowledgeGraph) -> None:
    grace = skill_profiles(kg)[EX + "grace-adeyemi"]
    risk = next(a for a in grace if a["skill"] == C + "RiskManagement")
    assert (risk["proficiency"], risk["framework"]) == (4, C + "ProvekScale")
    assert risk["sources"] == [EX + "skills-review-2026"] and risk["date"] == "2026-03-09"
    pmp = next(a for a in grace if a["qualification"] == C + "PMP")
    assert pmp["proficiency"] is None and pmp["sources"] == [EX + "hr-records"]
    assert len(grace) == 11
    # Only people with attainments have profiles; one person's profile alone on request.
    assert EX + "sofia-ramos" not in skill_profiles(kg)
    assert list(skill_profiles(kg, EX + "tom-becker")) == [EX + "tom-becker"]


def test_the_sample_profiles_conform_and_a_level_off_the_scale_is_a_violation(
        tmp_path: Path) -> None:
    report = pmograph.validate(pmograph.load(ORG, SKILLS))
    assert report.conforms, [r.message for r in report.results if r.severity == "violation"]
    bad = tmp_path / "bad.ttl"
    bad.write_text("""
@prefix pmo: <https://w3id.org/pmograph/ns#> . @prefix pmoc: <https://w3id.org/pmograph/catalog/> .
@prefix prov: <http://www.w3.org/ns/prov#> . @prefix ex: <https://example.org/meridian/> .
ex:tom-becker pmo:hasAttainment ex:too-high , ex:below-range .
ex:too-high a pmo:SkillAttainment ; pmo:skill pmoc:RiskManagement ;
    pmo:proficiency 7 ; pmo:framework pmoc:ProvekScale ; prov:wasDerivedFrom ex:skills-review-2026 .
ex:below-range a pmo:SkillAttainment ; pmo:skill pmoc:SFIAProjectManagement ;
    pmo:proficiency 3 ; pmo:framework pmoc:SFIA ; prov:wasDerivedFrom ex:skills-review-2026 .
ex:nobody a pmo:QualificationAttainment ; pmo:qualification pmoc:PMP .
""", encoding="utf-8")
    report = pmograph.validate(pmograph.load(ORG, SKILLS, bad))
    messages = {((r.focus or {}).get("iri"), r.message) for r in report.results
                if r.severity == "violation"}
    assert not report.conforms
    assert any(focus == EX + "too-high" and "outside the scale" in message
               for focus, message in messages)
    assert any(focus == EX + "below-range" and "does not define the skill" in message
               for focus, message in messages)
    assert any(focus == EX + "nobody" and "belongs to no one" in message
               for focus, message in messages)
    assert any(focus == EX + "nobody" and "DerivedShape" in message  # no source
               for focus, message in messages)


# ------------------------------------------------------------------------------ the algorithms
def test_profile_gap_compares_levels_on_the_same_framework_only() -> None:
    import networkx as nx

    G = nx.DiGraph()
    G.add_node("role", requirements=[
        {"skill": "risk", "qualification": None, "label": "Risk", "proficiency": 4,
         "framework": "provek", "essential": True},
        {"skill": "cnsl", "qualification": None, "label": "Consultancy", "proficiency": 5,
         "framework": "sfia", "essential": True}])
    profile = [{"skill": "risk", "qualification": None, "proficiency": 2, "framework": "provek"},
               {"skill": "cnsl", "qualification": None, "proficiency": 3, "framework": "other"}]
    gap = profile_gap(G, profile, "role")
    assert [(s.skill, s.have, s.need) for s in gap.skills] == [("risk", 2, 4)]
    # Held on another scale: counted as held, never given an invented level.
    assert [(s.skill, s.have, s.need) for s in gap.met] == [("cnsl", 5, 5)]
    assert profile_gap(G, [], "role").essential_missing == 2


def test_ranking_shares_ranks_between_equal_candidates() -> None:
    import networkx as nx

    G = nx.DiGraph()
    G.add_nodes_from([("a", {"level": 1, "requirements": []}),
                      ("b", {"level": 2, "requirements": []})])
    G.add_edge("a", "b")
    ranked = rank_candidates(G, "b", {"x": ([], ["a"]), "y": ([], ["a"]), "z": ([], [])})
    assert [(c.person, c.rank) for c in ranked] == [("x", 1), ("y", 1), ("z", 3)]
    assert reachable_roles(G, ["a"], cutoff=1) == {"b": 1}


# ------------------------------------------------------------------------------ gap from a person
def test_gap_from_a_person_sets_have_against_need(cli: Cli, schema: Any) -> None:
    result = cli(*PEOPLE, "gap", "Grace Adeyemi", "Project Manager", "--json")
    assert result.code == 0, result.err
    answer = result.json()
    schema("gap", answer)
    assert answer["source"] == {"iri": EX + "grace-adeyemi", "label": "Grace Adeyemi",
                                "kind": "person"}
    short = {s["skill"]["label"]: (s["have"], s["need"], s["essential"])
             for s in answer["skills"]}
    # The project manager needs SFIA consultancy at 5; Grace was assessed at 4 on SFIA.
    assert short["Consultancy"] == (4, 5, True)
    assert next(iter(short)) == "Consultancy"  # essential first
    assert set(short) == {"Consultancy", "Agile methods", "Project management software"}
    met = {s["skill"]["label"]: (s["have"], s["need"]) for s in answer["met"]}
    assert met["Risk management"] == (1, 1) and len(met) == 5
    assert labels(answer["qualifications"]) == ["Certified Associate in Project Management"]
    assert answer["qualifications"][0]["essential"] is False
    assert set(labels(answer["held"])) == {"Bachelor's degree", "Project Management Professional"}
    text = cli(*PEOPLE, "gap", "Grace Adeyemi", "Project Manager").out
    assert "Grace Adeyemi against what Project Manager needs" in text
    assert "Consultancy" in text and "Qualifications held:" in text


def test_gap_from_a_person_with_no_profile_says_so(cli: Cli, schema: Any) -> None:
    answer = cli(*PEOPLE, "gap", "person:Sofia Ramos", "PMO Director", "--json").json()
    schema("gap", answer)
    assert "No skills or qualifications are recorded for Sofia Ramos" in answer["note"]
    assert answer["met"] == [] and answer["skills"]
    # A post still stands for its role, as before.
    post = cli(*PEOPLE, "gap", "P008", "PMO Manager", "--json").json()
    assert post["source"]["iri"] == C + "PMOAnalyst" and "met" not in post


# ------------------------------------------------------------------------------ next
def test_next_ranks_the_roles_within_two_moves_by_gap(cli: Cli, schema: Any,
                                                      kg: pmograph.KnowledgeGraph) -> None:
    result = cli(*PEOPLE, "next", "Tom Becker", "--json")
    assert result.code == 0, result.err
    answer = result.json()
    schema("next", answer)
    assert labels(answer["from"]) == ["PMO Analyst"]
    ranked = [(r["role"]["label"], r["moves"], r["essential_missing"], r["shortfall"])
              for r in answer["roles"]]
    assert ranked[:3] == [("PMO Director", 2, 0, 2), ("PMO Manager", 1, 0, 3),
                          ("Program Office Manager", 2, 3, 3)]
    moves = dict((label, moves) for label, moves, _, _ in ranked)
    assert moves["Project Manager"] == 1 and moves["Program Manager"] == 2
    assert "Portfolio Manager" not in moves  # three moves away
    # Roles whose requirements the catalog does not record come last, never first.
    recorded = [r["requirements"] > 0 for r in answer["roles"]]
    assert recorded == sorted(recorded, reverse=True) and not recorded[-1]
    assert describe_next(kg, "Tom Becker", cutoff=1)["roles"][0]["role"]["label"] == \
        "PMO Manager"


def test_next_from_a_role_ranks_by_what_that_role_requires(cli: Cli, schema: Any) -> None:
    answer = cli("next", "PMO Analyst", "--moves", "1", "--json").json()
    schema("next", answer)
    assert answer["subject"]["kind"] == "role" and labels(answer["from"]) == ["PMO Analyst"]
    ranked = [(r["role"]["label"], r["essential_missing"]) for r in answer["roles"]]
    assert ranked == [("PMO Manager", 2), ("Project Manager", 6)]
    text = cli("next", "PMO Analyst", "--moves", "1").out
    assert text.startswith("Within 1 move of PMO Analyst") and "* marks an essential" in text


def test_next_from_a_role_with_no_moves_says_why(cli: Cli, schema: Any) -> None:
    answer = cli(*PEOPLE, "next", "Priya Natarajan", "--json").json()
    schema("next", answer)
    assert answer["roles"] == []
    assert answer["reasons"] == ["No career move (up or across, not down in level) is "
                                 "recorded from Business Project Manager."]
    helen = cli(*PEOPLE, "next", "Helen Okafor", "--json").json()
    assert helen["from"] == [] and "holds no post with a role" in helen["reasons"][0]


# ------------------------------------------------------------------------------ succession
def test_succession_ranks_the_sample_candidates_with_their_reasons(cli: Cli,
                                                                   schema: Any) -> None:
    result = cli(*PEOPLE, "succession", "P007", "--max", "6", "--json")
    assert result.code == 0, result.err
    answer = result.json()
    schema("succession", answer)
    assert answer["post"]["iri"] == EX + "post-pmo-manager-delivery"
    assert answer["role"]["iri"] == C + "PMOManager" and answer["holders"] == []
    ranking = [(c["rank"], c["person"]["label"]) for c in answer["candidates"]]
    assert ranking == [(1, "Ines Duarte"), (2, "Tom Becker"), (3, "Grace Adeyemi"),
                       (4, "Kwame Asante"), (5, "Lucy Chen"), (6, "Priya Natarajan")]
    reasons = {c["person"]["label"]: c["reasons"] for c in answer["candidates"]}
    assert reasons["Ines Duarte"] == [
        "Has every essential requirement of PMO Manager.",
        "Nothing PMO Manager asks for is missing.",
        "A career path leads from PMO Analyst to PMO Manager in 1 move.",
        "PMO Analyst is 2 levels below PMO Manager."]
    # Tom and Grace both have the essentials: Tom is short of less.
    assert reasons["Tom Becker"][1].startswith("Short of 3 in all; also to gain: ")
    assert reasons["Grace Adeyemi"][1].startswith("Short of 4 in all")
    assert reasons["Grace Adeyemi"][3] == "Project Manager is 1 level below PMO Manager."
    # Kwame and Lucy miss the same essential and are short of as much: Kwame is nearer.
    assert reasons["Kwame Asante"][0] == reasons["Lucy Chen"][0] == (
        "Missing 1 essential requirement of PMO Manager: Understanding of project management "
        "(have 0, need 1).")
    assert reasons["Kwame Asante"][1].startswith("Short of 6 in all")
    assert reasons["Lucy Chen"][1].startswith("Short of 6 in all")
    assert reasons["Lucy Chen"][2:] == [
        "A career path leads from PMO Coordinator to PMO Manager in 2 moves.",
        "PMO Coordinator is 3 levels below PMO Manager."]
    # Priya is short of more, and no move leads from her role.
    assert "No career path (not down in level) leads from Business Project Manager" in \
        reasons["Priya Natarajan"][2]


def test_succession_never_lists_the_holders_and_covers_everyone(
        kg: pmograph.KnowledgeGraph, cli: Cli) -> None:
    answer = describe_succession(kg, "P009", limit=None)
    assert labels(answer["holders"]) == ["Ines Duarte", "Kwame Asante"]
    people = {c["person"]["label"] for c in answer["candidates"]}
    assert not people & {"Ines Duarte", "Kwame Asante"}
    assert answer["considered"] == len(people_in_posts(kg)) - 2
    no_profile = next(c for c in answer["candidates"] if c["person"]["label"] == "Helen Okafor")
    assert no_profile["reasons"][0].startswith("No skills or qualifications are recorded")
    assert no_profile["from"] is None and no_profile["moves"] is None
    text = cli(*PEOPLE, "succession", "PMO Manager, Delivery Support", "--max", "2").out
    assert text.splitlines()[0].startswith("Succession for PMO Manager, Delivery Support")
    assert "1. Ines Duarte, PMO Analyst" in text and "3." not in text


def test_succession_of_a_post_without_a_role_is_a_user_error(cli: Cli, schema: Any) -> None:
    result = cli(*PEOPLE, "succession", "P001", "--json")
    assert result.code == 2 and result.err.startswith("Error:")
    assert "has no role" in result.err
    schema("error", result.json())
