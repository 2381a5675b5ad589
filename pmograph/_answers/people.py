"""Answers about people: ``gap PERSON ROLE``, ``next PERSON|ROLE`` and ``succession POST``.

A person's skills and qualifications are the ``pmo:hasAttainment`` nodes of their profile
(:func:`~pmograph._views.people.skill_profiles`); what a role needs is its requirements in the
promotion view.  Decisions the issue left open, recorded here:

* ``gap`` from a person compares their profile, not the requirements of the role of their
  post: a post's role says what the job needs, not what its holder has.  A person with no
  profile is told so in ``note``, and everything the role needs counts as missing.
* ``next`` lists the roles one or two moves (never down in level) from the roles of the posts a
  person holds, fewest essential requirements missing first, then the smallest shortfall, then
  the fewest moves.
* ``succession`` considers everyone who holds a post or has a profile, except the post's own
  holders, and ranks them with :func:`~pmograph._algorithms.readiness.rank_candidates`; each
  candidate's ``reasons`` say, in order, what decided the rank.
"""

from __future__ import annotations

from typing import Any

from rdflib import URIRef

from pmograph._algorithms.promotion import SkillShortfall
from pmograph._algorithms.readiness import (
    Candidate,
    ProfileGap,
    profile_gap,
    rank_candidates,
    reachable_roles,
)
from pmograph._errors import PmographError
from pmograph._store.graph import KnowledgeGraph
from pmograph._views.local import node_attributes
from pmograph._views.people import people_in_posts, skill_profiles
from pmograph._views.roles import promotion_view

__all__ = ["describe_next", "describe_person_gap", "describe_succession"]


def describe_person_gap(kg: KnowledgeGraph, person: str | URIRef,
                        target: str | URIRef) -> dict[str, Any]:
    """What ``person`` has against what role ``target`` needs (the ``gap`` shape, DESIGN.md §4).

    ``skills`` are those short of need (essential first) and ``qualifications`` those to gain,
    as for two roles; ``met`` lists the required skills the person already has (same entries)
    and ``held`` the required qualifications they hold.  A post stands for its role.

    Examples
    --------
    >>> from pmograph import load
    >>> kg = load("examples/sample-org.ttl", "examples/sample-skills.ttl")
    >>> answer = describe_person_gap(kg, "Priya Natarajan", "PMO Manager")
    >>> [(s["skill"]["label"], s["have"], s["need"], s["essential"]) for s in answer["skills"]][0]
    ('Understanding of project management', 0, 1, True)
    >>> [q["label"] for q in answer["qualifications"]]
    ["Bachelor's degree", "Master's degree"]
    """
    who = _person(kg, person)
    role = _role(kg, target)
    G = promotion_view(kg)
    profile = skill_profiles(kg, who).get(str(who), [])
    gap = profile_gap(G, profile, str(role))
    answer = {"source": kg.entity(who), "target": kg.entity(role), **_gap_json(kg, gap)}
    if not profile:
        answer["note"] = (f"No skills or qualifications are recorded for {kg.label(who)}; "
                          "everything the role needs counts as missing.")
    return answer


def describe_next(kg: KnowledgeGraph, name: str | URIRef, *, cutoff: int = 2) -> dict[str, Any]:
    """The roles within ``cutoff`` moves of a person's roles (or of a role), ranked by gap.

    ``{"subject": E, "from": [E, ...], "roles": [{"role": E, "moves": n, "essential_missing":
    n, "shortfall": x, "requirements": n, "gap": {"skills": [...], "qualifications": [E,
    ...]}}, ...], "reasons": [...]}``.  For a person the gap is from their profile; for a role,
    from what the role itself requires.  Roles with no requirements recorded come last: an
    empty gap to them says nothing of readiness.  ``reasons`` says why nothing is within reach,
    when nothing is.

    Examples
    --------
    >>> from pmograph import load
    >>> kg = load("examples/sample-org.ttl", "examples/sample-skills.ttl")
    >>> answer = describe_next(kg, "Tom Becker")
    >>> [(r["role"]["label"], r["moves"], r["essential_missing"], r["shortfall"])
    ...  for r in answer["roles"]][:3]
    [('PMO Director', 2, 0, 2), ('PMO Manager', 1, 0, 3), ('Program Office Manager', 2, 3, 3)]
    """
    if cutoff < 1:
        raise PmographError(f"the number of moves must be at least 1, not {cutoff}")
    G = promotion_view(kg)
    subject = _subject(kg, name)
    if kg.kind(subject) == "person":
        roles = people_in_posts(kg).get(str(subject), {}).get("roles", [])
        profile = skill_profiles(kg, subject).get(str(subject), [])
    else:
        roles = [str(subject)]
        profile = list(G.nodes[str(subject)].get("requirements") or []) if str(subject) in G \
            else []
    starts = [role for role in roles if role in G]
    reached = reachable_roles(G, starts, cutoff=cutoff) if starts else {}
    ranked = []
    for role, moves in reached.items():
        gap = profile_gap(G, profile, role)
        recorded = len(G.nodes[role].get("requirements") or [])
        ranked.append(((not recorded, gap.essential_missing, gap.shortfall, moves,
                        G.nodes[role].get("level") or 0, kg.label(role), role),
                       role, moves, gap, recorded))
    ranked.sort(key=lambda item: item[0])
    reasons = []
    if not roles:
        reasons.append(f"{kg.label(subject)} holds no post with a role, so there is nowhere to "
                       "start from.")
    elif not reached:
        reasons.append("No career move (up or across, not down in level) is recorded from "
                       + ", ".join(kg.label(role) for role in roles) + ".")
    return {"subject": kg.entity(subject), "from": [kg.entity(role) for role in roles],
            "roles": [{"role": kg.entity(role), "moves": moves, "requirements": recorded,
                       "essential_missing": gap.essential_missing, "shortfall": gap.shortfall,
                       "gap": {key: value for key, value in _gap_json(kg, gap).items()
                               if key in ("skills", "qualifications")}}
                      for _, role, moves, gap, recorded in ranked],
            "reasons": reasons}


def describe_succession(kg: KnowledgeGraph, post: str | URIRef, *,
                        limit: int | None = 10) -> dict[str, Any]:
    """Candidates for ``post``, readiest first (DESIGN.md §4 ``succession``).

    ``{"post": E, "role": E, "holders": [E, ...], "considered": n, "candidates": [{"person": E,
    "rank": n, "gap": {...}, "reasons": [...], "from": E or null, "levels": n or null,
    "moves": n or null}, ...]}``: at most ``limit`` candidates (all when ``None``).

    Examples
    --------
    >>> from pmograph import load
    >>> kg = load("examples/sample-org.ttl", "examples/sample-skills.ttl")
    >>> answer = describe_succession(kg, "P007", limit=3)
    >>> [(c["rank"], c["person"]["label"]) for c in answer["candidates"]]
    [(1, 'Ines Duarte'), (2, 'Tom Becker'), (3, 'Grace Adeyemi')]
    >>> answer["candidates"][0]["reasons"][0]
    'Has every essential requirement of PMO Manager.'
    """
    if limit is not None and limit < 1:
        raise PmographError(f"the number of candidates must be at least 1, not {limit}")
    target = kg.resolve(str(post), kinds={"post"}) if not isinstance(post, URIRef) else post
    role = node_attributes(kg, str(target))["role"]
    if not isinstance(role, str):
        raise PmographError(f"post {kg.label(target)!r} has no role (org:role); succession "
                            "ranks candidates by the gap to the post's role")
    G = promotion_view(kg)
    if role not in G:
        raise PmographError(f"the role of post {kg.label(target)!r}, {kg.label(role)!r}, is "
                            "not a role of the career graph")
    held = people_in_posts(kg)
    holders = sorted(person for person, found in held.items() if str(target) in found["posts"])
    profiles = skill_profiles(kg)
    people = {person: (profiles.get(person, []), held.get(person, {}).get("roles", []))
              for person in sorted(held.keys() | profiles.keys()) if person not in holders}
    ranked = rank_candidates(G, role, people)
    shown = ranked if limit is None else ranked[:limit]
    return {"post": kg.entity(target), "role": kg.entity(role),
            "holders": [kg.entity(person) for person in holders], "considered": len(ranked),
            "candidates": [_candidate_json(kg, G.nodes[role], c, bool(people[c.person][0]))
                           for c in shown]}


# ------------------------------------------------------------------------------------ helpers
def _gap_json(kg: KnowledgeGraph, gap: ProfileGap) -> dict[str, Any]:
    essential = set(gap.essential_qualifications)

    def row(s: SkillShortfall) -> dict[str, Any]:
        return {"skill": kg.entity(s.skill), "have": s.have, "need": s.need,
                "essential": s.essential}

    return {"skills": [row(s) for s in gap.skills],
            "qualifications": [{**kg.entity(q), "essential": q in essential}
                               for q in gap.qualifications],
            "met": [row(s) for s in gap.met],
            "held": [kg.entity(q) for q in gap.held]}


def _candidate_json(kg: KnowledgeGraph, role: dict[str, Any], candidate: Candidate,
                    has_profile: bool) -> dict[str, Any]:
    gap = _gap_json(kg, candidate.gap)
    return {"person": kg.entity(candidate.person), "rank": candidate.rank, "gap": gap,
            "reasons": readiness_reasons(kg, role["label"], candidate, has_profile),
            "from": kg.entity(candidate.role) if candidate.role else None,
            "levels": candidate.levels, "moves": candidate.moves}


def readiness_reasons(kg: KnowledgeGraph, role: str, candidate: Candidate,
                      has_profile: bool) -> list[str]:
    """Why a candidate ranks where they do, in the order the ranking weighs it."""
    gap, reasons = candidate.gap, []
    if not has_profile:
        reasons.append(f"No skills or qualifications are recorded for "
                       f"{kg.label(candidate.person)}: everything {role} needs counts as missing.")
    missing = [f"{kg.label(s.skill)} (have {_number(s.have)}, need {_number(s.need)})"
               for s in gap.skills if s.essential]
    missing += [f"{kg.label(q)} (qualification)" for q in gap.essential_qualifications]
    if missing:
        reasons.append(f"Missing {len(missing)} essential requirement"
                       f"{'' if len(missing) == 1 else 's'} of {role}: " + "; ".join(missing) + ".")
    else:
        reasons.append(f"Has every essential requirement of {role}.")
    optional = [f"{kg.label(s.skill)} (have {_number(s.have)}, need {_number(s.need)})"
                for s in gap.skills if not s.essential]
    optional += [kg.label(q) for q in gap.qualifications if q not in gap.essential_qualifications]
    if optional:
        reasons.append(f"Short of {_number(gap.shortfall)} in all; also to gain: "
                       + "; ".join(optional) + ".")
    elif not missing:
        reasons.append(f"Nothing {role} asks for is missing.")
    if candidate.role is None:
        reasons.append("Holds no post with a role in the career graph: no path or level to "
                       "weigh.")
        return reasons
    current = kg.label(candidate.role)
    if candidate.moves == 0:
        reasons.append(f"Already holds a post as {current}: a move across to another post.")
    elif candidate.moves is not None:
        reasons.append(f"A career path leads from {current} to {role} in {candidate.moves} "
                       f"move{'' if candidate.moves == 1 else 's'}.")
    else:
        reasons.append(f"No career path (not down in level) leads from {current} to {role}.")
    if candidate.levels is not None and candidate.moves != 0:
        if candidate.levels > 0:
            where = f"{candidate.levels} level{'' if candidate.levels == 1 else 's'} below"
        elif candidate.levels < 0:
            where = f"{-candidate.levels} level{'' if candidate.levels == -1 else 's'} above"
        else:
            where = "at the same level as"
        reasons.append(f"{current} is {where} {role}.")
    return reasons


def _number(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else f"{value:g}"


def _person(kg: KnowledgeGraph, name: str | URIRef) -> URIRef:
    if isinstance(name, URIRef):
        return name
    return kg.resolve(str(name), kinds={"person"})


def _subject(kg: KnowledgeGraph, name: str | URIRef) -> URIRef:
    if isinstance(name, URIRef):
        return name
    return kg.resolve(str(name), kinds={"person", "role"})


def _role(kg: KnowledgeGraph, name: str | URIRef) -> URIRef:
    """A role by name; a post stands for its one ``org:role``."""
    if isinstance(name, URIRef) and kg.kind(name) == "role":
        return name
    found = kg.resolve(str(name), kinds={"role", "post"})
    if kg.kind(found) == "role":
        return found
    role = node_attributes(kg, str(found))["role"]
    if not isinstance(role, str):
        raise PmographError(f"post {kg.label(found)!r} has no role (org:role); name a role")
    return URIRef(role)
