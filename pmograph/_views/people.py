"""Views of people: their skill profiles and the posts and roles they hold, as plain values.

A profile is read from ``pmo:hasAttainment`` nodes (``pmo:SkillAttainment``,
``pmo:QualificationAttainment``; see ``ontology/pmo.ttl``) and shaped like a role's
requirements in :func:`~pmograph.promotion_view`, so the algorithms compare the two directly.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from rdflib import URIRef

from pmograph._store.graph import KnowledgeGraph


def skill_profiles(kg: KnowledgeGraph, person: str | URIRef | None = None
                   ) -> dict[str, list[dict[str, Any]]]:
    """Person → their attainments, each ``{"attainment", "skill", "qualification", "label",
    "proficiency", "framework", "date", "sources"}`` (IRIs and dates as strings, ``proficiency``
    an ``int`` or ``None``), in the order of the skill's or qualification's label.

    Everyone's, or only ``person``'s.

    Examples
    --------
    >>> from pmograph import load
    >>> kg = load("examples/sample-org.ttl", "examples/sample-skills.ttl")
    >>> profiles = skill_profiles(kg, "https://example.org/meridian/tom-becker")
    >>> tom = profiles["https://example.org/meridian/tom-becker"]
    >>> [(a["label"], a["proficiency"]) for a in tom if a["proficiency"]]
    [('Monitoring and control', 3)]
    >>> len(tom), tom[0]["label"], tom[0]["date"], tom[0]["sources"]
    (6, 'Analytical ability', '2026-03-10', ['https://example.org/meridian/skills-review-2026'])
    """
    bindings = {"person": URIRef(str(person))} if person is not None else {}
    found: dict[str, dict[str, dict[str, Any]]] = defaultdict(dict)
    for (who, attainment, skill, qualification, proficiency, framework, date,
         source) in kg.strings("person-attainments", **bindings):
        if who is None or attainment is None or (skill is None and qualification is None):
            continue
        entry = found[who].setdefault(attainment, {
            "attainment": attainment, "skill": skill, "qualification": qualification,
            "label": kg.label(skill or qualification or attainment),
            "proficiency": _integer(proficiency), "framework": framework, "date": date,
            "sources": []})
        if source is not None and source not in entry["sources"]:
            entry["sources"].append(source)
    return {who: sorted(entries.values(), key=lambda a: (a["label"], a["attainment"]))
            for who, entries in sorted(found.items())}


def people_in_posts(kg: KnowledgeGraph) -> dict[str, dict[str, list[str]]]:
    """Person → ``{"posts": [...], "roles": [...]}``: the posts they hold and those posts'
    roles (IRIs, sorted).

    Examples
    --------
    >>> from pmograph import load
    >>> held = people_in_posts(load("examples/sample-org.ttl"))
    >>> held["https://example.org/meridian/kwame-asante"]["roles"]
    ['https://w3id.org/pmograph/catalog/PMOAnalyst']
    """
    posts: dict[str, set[str]] = defaultdict(set)
    roles: dict[str, set[str]] = defaultdict(set)
    for person, post, role in kg.strings("people-posts"):
        if person is None or post is None:
            continue
        posts[person].add(post)
        if role is not None:
            roles[person].add(role)
    return {person: {"posts": sorted(posts[person]), "roles": sorted(roles[person])}
            for person in sorted(posts)}


def _integer(value: str | None) -> int | None:
    try:
        return int(value) if value is not None else None
    except ValueError:
        return None
