"""Career questions over the promotion view: promotion paths, next roles, skill gaps.

Functions take :func:`~pmograph.promotion_view` (edges from-role → to-role, ``kind``
``"promotion"`` or ``"lateral"``, nodes with ``level`` and ``requirements``) first, and return
plain values.  Paths come from :func:`networkx.shortest_simple_paths` (Yen's algorithm), so
finding the *k* shortest is polynomial; all simple paths are never enumerated.

A move to a role of a lower ``level`` is left out unless ``allow_downward=True``; moves whose
roles have no level are always kept.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from itertools import pairwise
from typing import Any, Literal, NamedTuple, cast

import networkx as nx

from pmograph._algorithms.structure import node_key
from pmograph._errors import PmographError
from pmograph._typing import StrDiGraph

__all__ = [
    "SkillGap",
    "SkillShortfall",
    "move_cost",
    "move_kinds",
    "next_roles",
    "promotion_paths",
    "skill_gap",
]

Weight = Literal["steps", "gap"]

#: How many paths tied with the k-th are collected to order ties by label.  Yen's algorithm is
#: itself deterministic (views insert nodes and edges in sorted order), so past this budget
#: ties keep its order rather than enumerating, say, the 2**40 equal paths of a lattice.
TIE_BUDGET = 100


class SkillShortfall(NamedTuple):
    """One skill to gain: the proficiency the source role has and the one the target needs."""

    skill: str
    have: int | float
    need: int | float
    essential: bool


class SkillGap(NamedTuple):
    """What to gain to move between two roles: skills short of need, missing qualifications."""

    skills: list[SkillShortfall]
    qualifications: list[str]


def promotion_paths(G: StrDiGraph, source: str, target: str, *, k: int = 5,
                    cutoff: int | None = None, weight: Weight = "steps",
                    allow_downward: bool = False) -> list[list[str]]:
    """Up to ``k`` shortest career paths from ``source`` to ``target``, shortest first.

    Parameters
    ----------
    G : nx.DiGraph
        A promotion view.
    source, target : str
        Roles (nodes of ``G``).  Each path includes both.
    k : int
        Most paths to return (default 5).
    cutoff : int, optional
        Longest path, in moves, to return.
    weight : {"steps", "gap"}
        ``"steps"`` counts moves; ``"gap"`` weighs each move by what it requires
        (see :func:`move_cost`).
    allow_downward : bool
        Also follow moves to a role of a lower level.

    Returns
    -------
    list of list of str
        Paths of equal length are ordered by the labels along them (among the first
        ``k + TIE_BUDGET`` found), so ties are broken the same way on every run; an empty
        list when no path exists.

    Examples
    --------
    >>> G = nx.DiGraph([("coordinator", "analyst"), ("analyst", "manager"),
    ...                 ("coordinator", "manager"), ("manager", "director")])
    >>> promotion_paths(G, "coordinator", "director")
    [['coordinator', 'manager', 'director'], ['coordinator', 'analyst', 'manager', 'director']]
    >>> promotion_paths(G, "coordinator", "director", k=1, cutoff=1)
    []
    >>> promotion_paths(G, "director", "coordinator")
    []
    """
    if k < 1:
        raise PmographError(f"the number of paths must be at least 1, not {k}")
    source, target = (node_key(G, node, what="a role of the promotion graph")
                      for node in (source, target))
    H = G if allow_downward else _upward(G)
    edge_cost = _edge_cost(H, weight)
    longest_edge = (1 if weight == "steps" or cutoff is None
                    else max((edge_cost(u, v) for u, v in H.edges), default=1))

    def cost(path: list[str]) -> float:
        return sum(edge_cost(u, v) for u, v in pairwise(path))

    collected: list[tuple[float, list[str]]] = []
    for path in _simple_paths(H, source, target, None if weight == "steps" else edge_cost):
        path_cost = cost(path)
        if len(collected) >= k and (path_cost > collected[k - 1][0]
                                    or len(collected) >= k + TIE_BUDGET):
            break
        if cutoff is not None and len(path) - 1 > cutoff:
            # Every move costs at least 1, so past this cost no path is short enough.
            if path_cost > cutoff * longest_edge:
                break
            continue
        collected.append((path_cost, path))
    collected.sort(key=lambda item: (item[0], [_label(G, n) for n in item[1]], item[1]))
    return [path for _, path in collected[:k]]


def move_kinds(G: StrDiGraph, path: list[str]) -> list[str]:
    """The kind of each move along ``path``: ``"promotion"`` (up, or at the same level) or
    ``"lateral"`` (across, e.g. from PMO work to project management), as the view's edges say.

    One kind per move, so one fewer than the roles; an edge without a ``kind`` is a promotion.

    Examples
    --------
    >>> G = nx.DiGraph()
    >>> G.add_edge("coordinator", "analyst", kind="promotion")
    >>> G.add_edge("analyst", "pm", kind="lateral")
    >>> move_kinds(G, ["coordinator", "analyst", "pm"])
    ['promotion', 'lateral']
    >>> move_kinds(G, ["pm"])
    []
    """
    nodes = [node_key(G, node, what="a role of the promotion graph") for node in path]
    kinds = []
    for before, after in pairwise(nodes):
        if not G.has_edge(before, after):
            raise PmographError(f"no career move from {before} to {after}")
        kinds.append(str(G.edges[before, after].get("kind") or "promotion"))
    return kinds


def next_roles(G: StrDiGraph, source: str, *, allow_downward: bool = False) -> list[str]:
    """The roles one move away from ``source``: promotions first, then lateral moves.

    Within each kind, by level, then label.

    Examples
    --------
    >>> G = nx.DiGraph()
    >>> G.add_nodes_from([("pm", {"level": 4}), ("programme", {"level": 6}),
    ...                   ("pmo", {"level": 5}), ("support", {"level": 1})])
    >>> G.add_edge("pm", "programme", kind="promotion")
    >>> G.add_edge("pm", "pmo", kind="lateral")
    >>> G.add_edge("pm", "support", kind="lateral")
    >>> next_roles(G, "pm")
    ['programme', 'pmo']
    >>> next_roles(G, "pm", allow_downward=True)
    ['programme', 'support', 'pmo']
    """
    source = node_key(G, source, what="a role of the promotion graph")
    H = G if allow_downward else _upward(G)
    return sorted(H.successors(source), key=lambda n: (
        G.edges[source, n].get("kind") != "promotion", _level(G, n) or 0, _label(G, n), n))


def skill_gap(G: StrDiGraph, source: str, target: str) -> SkillGap:
    """The skills and qualifications to gain to move from role ``source`` to ``target``.

    A skill is short when the target role needs more of it than the source role has.  Where
    both roles grade it on the same framework, ``have`` and ``need`` are the proficiencies;
    where a requirement is ungraded they are 0 or 1 (a skill the source role also requires
    counts as held: no level is ever invented).  Essential skills come first, then larger
    shortfalls, then labels.  Qualifications the target requires and the source does not are
    listed essential first, then by label.

    Examples
    --------
    >>> G = nx.DiGraph()
    >>> G.add_node("analyst", requirements=[
    ...     {"skill": "risk", "qualification": None, "label": "Risk", "proficiency": 2,
    ...      "framework": "sfia", "essential": True}])
    >>> G.add_node("manager", requirements=[
    ...     {"skill": "risk", "qualification": None, "label": "Risk", "proficiency": 4,
    ...      "framework": "sfia", "essential": True},
    ...     {"skill": "tact", "qualification": None, "label": "Tact", "proficiency": None,
    ...      "framework": None, "essential": False},
    ...     {"skill": None, "qualification": "pmp", "label": "PMP", "proficiency": None,
    ...      "framework": None, "essential": True}])
    >>> gap = skill_gap(G, "analyst", "manager")
    >>> for shortfall in gap.skills:
    ...     print(shortfall)
    SkillShortfall(skill='risk', have=2, need=4, essential=True)
    SkillShortfall(skill='tact', have=0, need=1, essential=False)
    >>> gap.qualifications
    ['pmp']
    """
    source, target = (node_key(G, node, what="a role of the promotion graph")
                      for node in (source, target))
    held = _requirements(G, source)
    shortfalls: dict[str, tuple[SkillShortfall, str]] = {}
    qualifications: dict[str, tuple[bool, str]] = {}
    held_qualifications = {r["qualification"] for r in held if r.get("qualification")}
    for need in _requirements(G, target):
        if need.get("qualification"):
            if need["qualification"] not in held_qualifications:
                essential = qualifications.get(need["qualification"], (False, ""))[0]
                qualifications[need["qualification"]] = (
                    essential or bool(need.get("essential", True)), need.get("label") or "")
            continue
        skill = need.get("skill")
        if not skill:
            continue
        have, wanted = _levels(need, [r for r in held if r.get("skill") == skill])
        if have >= wanted:
            continue
        entry = SkillShortfall(skill, have, wanted, bool(need.get("essential", True)))
        previous = shortfalls.get(skill)
        if previous is None or (entry.essential, entry.need) > (previous[0].essential,
                                                                 previous[0].need):
            shortfalls[skill] = (entry, need.get("label") or skill)
    skills = sorted(shortfalls.values(), key=lambda item: (
        not item[0].essential, -(item[0].need - item[0].have), item[1], item[0].skill))
    quals = sorted(qualifications.items(), key=lambda item: (not item[1][0], item[1][1],
                                                             item[0]))
    return SkillGap([entry for entry, _ in skills], [iri for iri, _ in quals])


def move_cost(G: StrDiGraph, source: str, target: str) -> float:
    """The ``"gap"`` weight of one move: 1 plus what it takes.

    What it takes is the total proficiency shortfall of :func:`skill_gap`, plus one per
    missing qualification, plus one per item the move itself ``requires`` that the source
    role does not already require.  So a move that needs nothing new costs 1, like a step.

    Examples
    --------
    >>> G = nx.DiGraph()
    >>> G.add_node("a", requirements=[])
    >>> G.add_node("b", requirements=[{"skill": "s", "qualification": None, "label": "S",
    ...     "proficiency": 3, "framework": "f", "essential": True}])
    >>> G.add_edge("a", "b", requires=["x"])
    >>> move_cost(G, "a", "b")
    5
    """
    source, target = (node_key(G, node, what="a role of the promotion graph")
                      for node in (source, target))
    gap = skill_gap(G, source, target)
    counted = {s.skill for s in gap.skills} | set(gap.qualifications)
    held = {r.get("skill") or r.get("qualification") for r in _requirements(G, source)}
    extra = [item for item in G.edges[source, target].get("requires", [])
             if item not in counted and item not in held]
    return 1 + sum(s.need - s.have for s in gap.skills) + len(gap.qualifications) + len(extra)


# ------------------------------------------------------------------------------------ helpers
def _upward(G: StrDiGraph) -> StrDiGraph:
    def keep(u: str, v: str) -> bool:
        before, after = _level(G, u), _level(G, v)
        return before is None or after is None or after >= before

    # types-networkx's overloads of subgraph_view overlap on a DiGraph, which gives Any
    return cast("StrDiGraph", nx.subgraph_view(G, filter_edge=keep))


def _edge_cost(G: StrDiGraph, weight: Weight) -> Callable[[str, str], float]:
    if weight == "steps":
        return lambda u, v: 1
    if weight != "gap":
        raise PmographError(f"unknown weight {weight!r}; use 'steps' or 'gap'")
    costs: dict[tuple[str, str], float] = {}  # per call: views are shared, never annotated

    def edge(u: str, v: str) -> float:
        if (u, v) not in costs:
            costs[u, v] = move_cost(G, u, v)
        return costs[u, v]

    return edge


def _simple_paths(G: StrDiGraph, source: str, target: str,
                  edge_cost: Callable[[str, str], float] | None) -> Iterator[list[str]]:
    weight = None if edge_cost is None else (lambda u, v, _data: edge_cost(u, v))
    try:
        yield from nx.shortest_simple_paths(G, source, target, weight=weight)
    except nx.NetworkXNoPath:
        return


def _requirements(G: StrDiGraph, role: str) -> list[dict[str, Any]]:
    return list(G.nodes[role].get("requirements") or [])


def _levels(need: dict[str, Any], held: list[dict[str, Any]]) -> tuple[int | float, int | float]:
    """``(have, need)`` for one required skill, given the source role's requirements of it."""
    wanted = need.get("proficiency")
    if wanted is None:
        return (1 if held else 0), 1
    comparable = [r["proficiency"] for r in held if r.get("proficiency") is not None
                  and r.get("framework") == need.get("framework")]
    if comparable:
        return max(comparable), wanted
    if held:  # held, but not graded on the same scale: count it as held
        return wanted, wanted
    return 0, wanted


def _level(G: StrDiGraph, node: str) -> int | None:
    level = G.nodes[node].get("level")
    return level if isinstance(level, int) else None


def _label(G: StrDiGraph, node: str) -> str:
    return str(G.nodes[node].get("label", node))
