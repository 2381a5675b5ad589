"""People against roles: a person's gap to a role, the roles within reach, successors for a post.

A person's *profile* is a list of attainments shaped like a role's requirements in the promotion
view (see :func:`~pmograph.promotion_view`): ``{"skill", "qualification", "label",
"proficiency", "framework"}`` dicts, one of ``skill`` and ``qualification`` set, ``proficiency``
the assessed level (``None`` where the skill was not graded) on the scale of ``framework``.
Functions take the promotion view first and return plain values.

Have and need follow :func:`~pmograph.skill_gap`: where the role grades a skill and the person
was assessed on the same framework, they are the levels; where the role's requirement is
ungraded they are 0 or 1; a skill the person has on another scale (or ungraded) counts as held,
since no level is ever invented.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any, NamedTuple

from pmograph._algorithms.promotion import SkillShortfall, next_roles, promotion_paths
from pmograph._algorithms.structure import node_key
from pmograph._typing import StrDiGraph

__all__ = ["Candidate", "ProfileGap", "profile_gap", "rank_candidates", "reachable_roles"]


class ProfileGap(NamedTuple):
    """A person against a role: skills short of need, qualifications to gain, and what is met.

    ``skills`` and ``met`` hold one :class:`~pmograph.SkillShortfall` per skill the role needs
    (short of need, or met); ``qualifications`` the IRIs to gain (``essential_qualifications``
    those of them the role makes essential), ``held`` those the person has that the role asks for.
    """

    skills: list[SkillShortfall]
    qualifications: list[str]
    met: list[SkillShortfall]
    held: list[str]
    essential_qualifications: list[str]

    @property
    def essential_missing(self) -> int:
        """Essential skills short of need plus essential qualifications to gain."""
        return sum(1 for s in self.skills if s.essential) + len(self.essential_qualifications)

    @property
    def shortfall(self) -> float:
        """The total proficiency shortfall plus one per qualification to gain."""
        return sum(s.need - s.have for s in self.skills) + len(self.qualifications)


class Candidate(NamedTuple):
    """One person's readiness for a role: their gap, the role they come from, how far it is."""

    person: str
    rank: int
    gap: ProfileGap
    role: str | None  # the role of the post they hold that is nearest the target
    levels: int | None  # the target's level minus that role's (None: a level is unknown)
    moves: int | None  # moves on the shortest career path from that role (None: no path)


def profile_gap(G: StrDiGraph, profile: Iterable[Mapping[str, Any]], target: str) -> ProfileGap:
    """What a person with ``profile`` has against what role ``target`` needs.

    Essential skills first, then larger shortfalls, then labels; qualifications to gain
    essential first, then by label.

    Examples
    --------
    >>> import networkx as nx
    >>> G = nx.DiGraph()
    >>> G.add_node("manager", requirements=[
    ...     {"skill": "risk", "qualification": None, "label": "Risk", "proficiency": 4,
    ...      "framework": "sfia", "essential": True},
    ...     {"skill": "tact", "qualification": None, "label": "Tact", "proficiency": None,
    ...      "framework": None, "essential": False},
    ...     {"skill": None, "qualification": "pmp", "label": "PMP", "proficiency": None,
    ...      "framework": None, "essential": True}])
    >>> ada = [{"skill": "risk", "qualification": None, "label": "Risk", "proficiency": 3,
    ...         "framework": "sfia"},
    ...        {"skill": "tact", "qualification": None, "label": "Tact", "proficiency": None,
    ...         "framework": None}]
    >>> gap = profile_gap(G, ada, "manager")
    >>> gap.skills, gap.qualifications
    ([SkillShortfall(skill='risk', have=3, need=4, essential=True)], ['pmp'])
    >>> gap.met, gap.essential_missing, gap.shortfall
    ([SkillShortfall(skill='tact', have=1, need=1, essential=False)], 2, 2)
    """
    target = node_key(G, target, what="a role of the promotion graph")
    profile = list(profile)
    held_qualifications = {a["qualification"] for a in profile if a.get("qualification")}
    rows: dict[str, tuple[SkillShortfall, str]] = {}
    wanted: dict[str, tuple[bool, str]] = {}
    for need in G.nodes[target].get("requirements") or []:
        if need.get("qualification"):
            essential = wanted.get(need["qualification"], (False, ""))[0]
            wanted[need["qualification"]] = (essential or bool(need.get("essential", True)),
                                             need.get("label") or "")
            continue
        skill = need.get("skill")
        if not skill:
            continue
        have, level = _levels(need, [a for a in profile if a.get("skill") == skill])
        row = SkillShortfall(skill, have, level, bool(need.get("essential", True)))
        previous = rows.get(skill)
        if previous is None or (row.essential, row.need) > (previous[0].essential,
                                                             previous[0].need):
            rows[skill] = (row, need.get("label") or skill)
    ordered = sorted(rows.values(), key=lambda item: (
        not item[0].essential, -(item[0].need - item[0].have), item[1], item[0].skill))
    quals = sorted(wanted.items(), key=lambda item: (not item[1][0], item[1][1], item[0]))
    missing = [(iri, essential) for iri, (essential, _) in quals if iri not in held_qualifications]
    return ProfileGap([row for row, _ in ordered if row.have < row.need],
                      [iri for iri, _ in missing],
                      [row for row, _ in ordered if row.have >= row.need],
                      [iri for iri, _ in quals if iri in held_qualifications],
                      [iri for iri, essential in missing if essential])


def reachable_roles(G: StrDiGraph, sources: Iterable[str], *, cutoff: int = 2) -> dict[str, int]:
    """Role → the fewest moves (1 to ``cutoff``) it takes from any of ``sources``.

    Moves down in level are left out (as :func:`~pmograph.next_roles` does); the sources
    themselves are not listed.

    Examples
    --------
    >>> import networkx as nx
    >>> G = nx.DiGraph([("analyst", "manager"), ("manager", "director"),
    ...                 ("director", "vp"), ("analyst", "pm")])
    >>> reachable_roles(G, ["analyst"])
    {'manager': 1, 'pm': 1, 'director': 2}
    """
    starts = [node_key(G, node, what="a role of the promotion graph") for node in sources]
    found: dict[str, int] = {}
    current = list(dict.fromkeys(starts))
    for moves in range(1, cutoff + 1):
        following = []
        for role in current:
            for after in next_roles(G, role):
                if after not in found and after not in starts:
                    found[after] = moves
                    following.append(after)
        current = following
    return found


def rank_candidates(G: StrDiGraph, target: str,
                    people: Mapping[str, tuple[Sequence[Mapping[str, Any]], Sequence[str]]]
                    ) -> list[Candidate]:
    """People ranked by readiness for role ``target``, readiest first.

    ``people`` maps each person to their profile and the roles of the posts they hold.  The
    order: fewest essential requirements missing, then the smallest total shortfall, then
    those from whose role a career path leads to ``target`` (not down in level), then the
    fewest levels away, then the fewest moves, then the person's key.  People equal on all
    but the key share a rank (1, 2, 2, 4).

    Examples
    --------
    >>> import networkx as nx
    >>> G = nx.DiGraph()
    >>> G.add_node("analyst", level=2, requirements=[])
    >>> G.add_node("clerk", level=1, requirements=[])
    >>> G.add_node("manager", level=3, requirements=[
    ...     {"skill": "risk", "qualification": None, "label": "Risk", "proficiency": None,
    ...      "framework": None, "essential": True}])
    >>> G.add_edge("clerk", "analyst")
    >>> G.add_edge("analyst", "manager")
    >>> risk = {"skill": "risk", "qualification": None, "label": "Risk", "proficiency": None,
    ...         "framework": None}
    >>> ranked = rank_candidates(G, "manager", {"ann": ([risk], ["clerk"]),
    ...                                         "bob": ([risk], ["analyst"]),
    ...                                         "cy": ([], ["analyst"])})
    >>> [(c.person, c.rank, c.levels, c.moves) for c in ranked]
    [('bob', 1, 1, 1), ('ann', 2, 2, 2), ('cy', 3, 1, 1)]
    """
    target = node_key(G, target, what="a role of the promotion graph")
    distances: dict[str, tuple[int | None, int | None]] = {}
    ranked = []
    for person, (profile, roles) in people.items():
        gap = profile_gap(G, profile, target)
        options: list[tuple[tuple[bool, int, int, str], str, int | None, int | None]] = []
        for held in dict.fromkeys(r for r in roles if r in G):
            if held not in distances:
                distances[held] = (_moves(G, held, target), _level_distance(G, held, target))
            steps, apart = distances[held]
            options.append(((steps is None, abs(apart) if apart is not None else 99,
                             steps if steps is not None else 99, held), held, steps, apart))
        role: str | None = None
        moves: int | None = None
        levels: int | None = None
        if options:
            _, role, moves, levels = min(options)
        key = (gap.essential_missing, gap.shortfall, moves is None,
               abs(levels) if levels is not None else 99, moves if moves is not None else 99)
        ranked.append((key, person, Candidate(person, 0, gap, role, levels, moves)))
    ranked.sort(key=lambda item: (item[0], item[1]))
    found: list[Candidate] = []
    for position, (key, _, candidate) in enumerate(ranked, start=1):
        rank = found[-1].rank if found and key == ranked[position - 2][0] else position
        found.append(candidate._replace(rank=rank))
    return found


# ------------------------------------------------------------------------------------ helpers
def _levels(need: Mapping[str, Any], held: list[Mapping[str, Any]]) -> tuple[int | float,
                                                                             int | float]:
    """``(have, need)`` for one required skill, given the person's attainments of it."""
    wanted = need.get("proficiency")
    if wanted is None:
        return (1 if held else 0), 1
    comparable = [a["proficiency"] for a in held if a.get("proficiency") is not None
                  and a.get("framework") == need.get("framework")]
    if comparable:
        return max(comparable), wanted
    if held:  # held, but not assessed on the role's scale: count it as held
        return wanted, wanted
    return 0, wanted


def _moves(G: StrDiGraph, source: str, target: str) -> int | None:
    if source == target:
        return 0
    paths = promotion_paths(G, source, target, k=1)
    return len(paths[0]) - 1 if paths else None


def _level_distance(G: StrDiGraph, source: str, target: str) -> int | None:
    before, after = G.nodes[source].get("level"), G.nodes[target].get("level")
    if isinstance(before, int) and isinstance(after, int):
        return after - before
    return None
