"""Views of the role layer: typical reporting between roles and career moves.

They are built from the catalog's own statements (roles, reporting lines, moves, requirements),
so their cost follows the size of the career framework, not of any organisation loaded beside
it.  Edge direction: superior → subordinate for reporting, from-role → to-role for moves.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

import networkx as nx
from rdflib import Literal, URIRef
from rdflib.term import Node

from pmograph._algorithms.structure import ReportingProblem, structure_problems
from pmograph._store.graph import KnowledgeGraph
from pmograph._typing import StrDiGraph


def role_reporting_problems(kg: KnowledgeGraph) -> list[ReportingProblem]:
    """Cycles of typical reporting between roles (many managers are normal for roles).

    Examples
    --------
    >>> from pmograph import load
    >>> role_reporting_problems(load())
    []
    """
    return kg.cached(("problems", "role-reporting"), lambda: structure_problems(
        role_reporting_view(kg), cycle_check="role-reporting-cycle", managers_check=None))


def role_reporting_view(kg: KnowledgeGraph) -> StrDiGraph:
    """Typical reporting between roles: a DAG (many-to-many), superior → subordinate.

    Every role is a node, with ``label``, ``track`` (the track's label or ``None``) and
    ``level`` (``int`` or ``None``).  Each edge has ``sources``: IRIs of the sources of the
    ``pmo:ReportingLine`` nodes behind it, sorted.

    Examples
    --------
    >>> from pmograph import load
    >>> G = role_reporting_view(load())
    >>> sorted(G.nodes[b]["label"] for b in
    ...        G.predecessors("https://w3id.org/pmograph/catalog/PMOManager"))
    ['PMO Director']
    """
    def build() -> StrDiGraph:
        G: StrDiGraph = nx.DiGraph(kind="role-reporting")
        _add_roles(kg, G)
        sources: dict[tuple[str, str], set[str]] = defaultdict(set)
        for subordinate, superior, source in kg.select("role-reporting-lines"):
            if subordinate is None or superior is None:
                continue
            edge = (str(superior), str(subordinate))
            sources.setdefault(edge, set())  # a line without a source is still a line
            if source is not None:
                sources[edge].add(str(source))
        for boss, report in sorted(sources):
            for node in (boss, report):
                if node not in G:
                    G.add_node(node, **_role_attributes(kg, node, None, None))
            G.add_edge(boss, report, sources=sorted(sources[boss, report]))
        return G

    return kg.cached(("view", "role-reporting"), build)


def promotion_view(kg: KnowledgeGraph) -> StrDiGraph:
    """Career moves between roles, from-role → to-role.

    Node attributes are those of :func:`role_reporting_view` plus ``requirements``: a list
    of ``{"skill", "qualification", "label", "proficiency", "framework", "essential"}`` dicts
    (IRIs as strings, one of skill and qualification set, ``label`` the skill's or
    qualification's; ``proficiency`` is ``None`` where no source grades the skill).  A
    requirement that does not say whether it is essential counts as essential.  Edge attributes:
    ``kind`` (``"promotion"`` or ``"lateral"``; a promotion wins if both are stated),
    ``requires`` (IRIs of what the move needs), ``years`` (typical years, or ``None``) and
    ``sources`` (IRIs), lists sorted.

    Examples
    --------
    >>> from pmograph import load
    >>> G = promotion_view(load())
    >>> C = "https://w3id.org/pmograph/catalog/"
    >>> G.edges[C + "PMOCoordinator", C + "PMOAnalyst"]["kind"]
    'promotion'
    >>> G.edges[C + "PMOAnalyst", C + "ProjectManager"]["kind"]
    'lateral'
    """
    def build() -> StrDiGraph:
        G: StrDiGraph = nx.DiGraph(kind="promotion")
        _add_roles(kg, G)
        nx.set_node_attributes(G, {node: [] for node in G}, "requirements")
        for role, requirements in sorted(_requirements(kg).items()):
            if role not in G:
                G.add_node(role, **_role_attributes(kg, role, None, None))
            G.nodes[role]["requirements"] = requirements
        moves: dict[tuple[str, str], dict[str, Any]] = {}
        for _move, kind, source_role, target_role, requires, years, source in kg.select(
                "career-moves"):
            if source_role is None or target_role is None:
                continue
            edge = (str(source_role), str(target_role))
            move = moves.setdefault(edge, {"kind": str(kind), "requires": set(), "years": None,
                                           "sources": set()})
            if str(kind) == "promotion":
                move["kind"] = "promotion"
            if requires is not None:
                move["requires"].add(str(requires))
            if isinstance(years, Literal):
                value = float(years.toPython())
                move["years"] = value if move["years"] is None else min(move["years"], value)
            if source is not None:
                move["sources"].add(str(source))
        for (from_role, to_role), move in sorted(moves.items()):
            for node in (from_role, to_role):
                if node not in G:
                    G.add_node(node, **_role_attributes(kg, node, None, None),
                               requirements=[])
            G.add_edge(from_role, to_role, kind=move["kind"],
                       requires=sorted(move["requires"]), years=move["years"],
                       sources=sorted(move["sources"]))
        return G

    return kg.cached(("view", "promotion"), build)


def _add_roles(kg: KnowledgeGraph, G: StrDiGraph) -> None:
    for role, track, level in sorted(kg.select("roles"), key=lambda row: str(row[0])):
        if isinstance(role, URIRef):
            G.add_node(str(role), **_role_attributes(kg, str(role), track, level))


def _role_attributes(kg: KnowledgeGraph, role: str, track: Node | None,
                     level: Node | None) -> dict[str, Any]:
    return {"label": kg.label(role),
            "track": kg.label(track) if isinstance(track, URIRef) else None,
            "level": _integer(level)}


def _requirements(kg: KnowledgeGraph) -> dict[str, list[dict[str, Any]]]:
    found: dict[str, dict[str, dict[str, Any]]] = defaultdict(dict)
    for role, requirement, skill, qualification, proficiency, framework, essential in (
            kg.select("role-requirements")):
        if role is None or requirement is None or (skill is None and qualification is None):
            continue
        entry = found[str(role)].setdefault(str(requirement), {
            "skill": str(skill) if skill is not None else None,
            "qualification": str(qualification) if qualification is not None else None,
            "label": kg.label(skill if skill is not None else qualification),  # type: ignore[arg-type]
            "proficiency": None, "framework": None, "essential": True})
        if isinstance(proficiency, Literal):
            entry["proficiency"] = _number(proficiency)
        if framework is not None:
            entry["framework"] = str(framework)
        if isinstance(essential, Literal):
            entry["essential"] = bool(essential.toPython())
    return {role: [entries[key] for key in sorted(entries)] for role, entries in found.items()}


def _integer(value: Node | None) -> int | None:
    if not isinstance(value, Literal):
        return None
    try:
        return int(value.toPython())
    except (TypeError, ValueError):
        return None


def _number(value: Literal) -> int | float | None:
    try:
        number = float(value.toPython())
    except (TypeError, ValueError):
        return None
    return int(number) if number.is_integer() else number
