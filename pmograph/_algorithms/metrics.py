"""Org-design health over a reporting view: layers, spans, vacancies, head-count and FTE roll-ups.

Functions take a reporting view first (edges **superior → subordinate**, node attributes as
:func:`~pmograph.reporting_view` gives them: ``label``, ``kind``, ``holders``, ``vacant``,
``fte``, ``role``) and return plain values.  Tiny literal graphs work too: a missing attribute
counts as a post held by nobody.

What the figures mean (an org-design team's usual definitions):

* a **post** is a node of the view (a person who reports directly is their own post);
* **span of control**: a manager's direct reports on solid lines; **head-count**: the posts
  below a manager, or in a unit and the units inside it (DESIGN.md §4);
* **FTE** of a post: the data's figure where it gives one (UK organogram junior rows carry
  ``organogram:fullTimeEquivalent``), else 1 for a filled post (a job share's holders split that
  one FTE between them), 0 for a vacant post, 1 for a person reporting directly;
* **layers**: posts (and their FTE) per depth, the top posts being layer 1 (index 0);
* **level compression**: a manager whose role sits at the same catalog level as a report's
  role, or below it.

One linear walk from the top orders the posts; every roll-up is then one pass from the bottom
(no subtree is walked twice), so a million posts take seconds.  Like the other hierarchy
algorithms, the walk raises :class:`~pmograph.ReportingCycleError` on a reporting cycle and
:class:`~pmograph.GraphStructureError` on a post with two solid-line managers.
"""

from __future__ import annotations

import statistics
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any, NamedTuple

from pmograph._algorithms.hierarchy import _check_acyclic, _manager, _raise_cycle, _require
from pmograph._typing import StrDiGraph

__all__ = ["SPAN_BANDS", "LevelCompression", "OrgMetrics", "UnitFigures", "level_compression",
           "org_metrics", "post_fte", "span_band", "span_bands"]

#: The span-of-control bands org-design tools report: (name, lowest, highest or ``None``).
SPAN_BANDS: tuple[tuple[str, int, int | None], ...] = (
    ("1", 1, 1), ("2-3", 2, 3), ("4-7", 4, 7), ("8-12", 8, 12), ("13-16", 13, 16),
    ("17+", 17, None))


class LevelCompression(NamedTuple):
    """A manager whose role is not above a report's role in catalog level."""

    manager: str
    report: str
    manager_level: int
    report_level: int


class UnitFigures(NamedTuple):
    """A unit's figures: rolled up over the units inside it, and for its own posts alone."""

    headcount: int
    fte: float
    vacant: int
    people: int
    direct_headcount: int
    direct_fte: float


@dataclass(frozen=True)
class OrgMetrics:
    """What :func:`org_metrics` measured.  Dicts are keyed by node (units by unit key, ``None``
    for posts in no unit); managers are the posts with at least one direct report."""

    posts: int
    people: int
    vacant: int
    job_shares: int
    fte: float
    layers: list[int]
    layer_fte: list[float]
    deepest: list[str]
    spans: dict[str, int]
    headcount: dict[str, int]
    fte_below: dict[str, float]
    vacant_below: dict[str, int]
    depth: dict[str, int]
    units: dict[str | None, UnitFigures] = field(default_factory=dict)
    compression: list[LevelCompression] = field(default_factory=list)
    dotted: dict[str, int] = field(default_factory=dict)

    @property
    def vacancy_rate(self) -> float:
        """Vacant posts over all posts (0 when there are none)."""
        return self.vacant / self.posts if self.posts else 0.0

    @property
    def span_median(self) -> float | None:
        """The median span of control of the managers (``None`` without managers)."""
        return float(statistics.median(self.spans.values())) if self.spans else None

    @property
    def span_mean(self) -> float | None:
        """The mean span of control of the managers (``None`` without managers)."""
        return sum(self.spans.values()) / len(self.spans) if self.spans else None

    @property
    def bands(self) -> dict[str, int]:
        """How many managers have a span in each of :data:`SPAN_BANDS`."""
        return span_bands(self.spans.values())

    @property
    def managers_of_one(self) -> list[str]:
        """The managers with exactly one direct report, in walk order."""
        return [node for node, span in self.spans.items() if span == 1]


def span_band(span: int) -> str:
    """The name of the band of :data:`SPAN_BANDS` that ``span`` (at least 1) falls in.

    Examples
    --------
    >>> [span_band(n) for n in (1, 3, 4, 12, 13, 40)]
    ['1', '2-3', '4-7', '8-12', '13-16', '17+']
    """
    for name, low, high in SPAN_BANDS:
        if span >= low and (high is None or span <= high):
            return name
    raise ValueError(f"a span of control is at least 1, got {span}")


def span_bands(spans: Iterable[int]) -> dict[str, int]:
    """How many of ``spans`` fall in each band, every band listed (zero included).

    Examples
    --------
    >>> span_bands([1, 2, 3, 5, 20])
    {'1': 1, '2-3': 2, '4-7': 1, '8-12': 0, '13-16': 0, '17+': 1}
    """
    counts = {name: 0 for name, _, _ in SPAN_BANDS}
    for span in spans:
        counts[span_band(span)] += 1
    return counts


def post_fte(attributes: Mapping[str, Any]) -> float:
    """The FTE a node of a reporting view stands for (see the module docstring).

    Examples
    --------
    >>> post_fte({"kind": "post", "holders": ["Ana", "Ben"], "fte": None})  # a job share
    1.0
    >>> post_fte({"kind": "post", "holders": [], "fte": 12.65})  # an organogram junior row
    12.65
    >>> post_fte({"kind": "post", "holders": [], "vacant": True, "fte": None})
    0.0
    """
    fte = attributes.get("fte")
    if fte is not None:
        return float(fte)
    if attributes.get("kind", "post") == "person":
        return 1.0
    return 1.0 if attributes.get("holders") else 0.0


def level_compression(G: StrDiGraph, levels: Mapping[str, int], *,
                      nodes: Iterable[str] | None = None) -> list[LevelCompression]:
    """Solid lines whose manager's role is at the report's role's level or below it.

    A node's role is its ``role`` attribute; ``levels`` maps roles to catalog levels (a higher
    number is more senior).  Lines where either role has no level are not judged.

    Examples
    --------
    >>> import networkx as nx
    >>> G = nx.DiGraph([("head", "lead"), ("lead", "dev")])
    >>> nx.set_node_attributes(G, {"head": "r:director", "lead": "r:lead", "dev": "r:lead"},
    ...                        "role")
    >>> level_compression(G, {"r:director": 7, "r:lead": 5})
    [LevelCompression(manager='lead', report='dev', manager_level=5, report_level=5)]
    """
    found = []
    for manager in (G if nodes is None else nodes):
        manager_level = levels.get(G.nodes[manager].get("role") or "")
        if manager_level is None:
            continue
        for report in G.successors(manager):
            report_level = levels.get(G.nodes[report].get("role") or "")
            if report_level is not None and manager_level <= report_level:
                found.append(LevelCompression(manager, report, manager_level, report_level))
    return found


def org_metrics(G: StrDiGraph, *, source: str | None = None, dotted: StrDiGraph | None = None,
                levels: Mapping[str, int] | None = None,
                holders: Mapping[str, Collection[str]] | None = None,
                units: Mapping[str, str] | None = None,
                unit_parents: Mapping[str, Collection[str]] | None = None) -> OrgMetrics:
    """Every org-design figure of ``G``, or of the tree below ``source``, in a few linear passes.

    Parameters
    ----------
    G : nx.DiGraph
        A reporting view (edges superior → subordinate).
    source : str, optional
        Measure only ``source`` and everyone below it.
    dotted : nx.DiGraph, optional
        The dotted-line view: each post's dotted reports are its dotted-line load.
    levels : mapping, optional
        Role → catalog level, for level compression.
    holders : mapping, optional
        Post → the IDs of its holders, to count distinct people (else holder labels count).
    units : mapping, optional
        Post → the one unit it is counted in; ``unit_parents`` maps a unit to the units it
        sits inside, so each unit's figures include the units inside it.

    Raises
    ------
    ReportingCycleError, GraphStructureError
        The solid lines in the measured part are not a forest.

    Examples
    --------
    >>> import networkx as nx
    >>> G = nx.DiGraph([("ceo", "cto"), ("ceo", "cfo"), ("cto", "dev"), ("cto", "ops"),
    ...                 ("cfo", "acct")])
    >>> nx.set_node_attributes(G, {n: [n.title()] for n in G if n != "ops"}, "holders")
    >>> figures = org_metrics(G)
    >>> figures.posts, figures.layers, figures.spans, figures.managers_of_one
    (6, [1, 2, 3], {'ceo': 2, 'cto': 2, 'cfo': 1}, ['cfo'])
    >>> figures.headcount["ceo"], figures.fte_below["cto"], figures.vacant, figures.span_median
    (5, 1.0, 1, 2.0)
    >>> org_metrics(G, source="cto").layers
    [1, 2]
    """
    order, parent, depth, span = _walk(G, source)
    size = len(order)
    attributes = G._node  # type: ignore[attr-defined]  # networkx's own dict: fast
    fte, vacant = [0.0] * size, [0] * size
    level: list[int | None] = [None] * size
    people: set[str] = set()
    own: dict[str | None, list[Any]] = {}  # unit → [posts, FTE, vacant, people]
    job_shares = 0
    for index, node in enumerate(order):  # one pass over the posts, no call per post
        facts = attributes[node]
        names = facts.get("holders") or ()
        job_shares += len(names) > 1
        kind, value = facts.get("kind", "post"), facts.get("fte")
        fte[index] = float(value) if value is not None else \
            1.0 if kind == "person" or names else 0.0
        vacant[index] = int(facts.get("vacant", kind == "post" and not names and value is None))
        held = (node,) if kind == "person" else \
            holders.get(node, ()) if holders is not None else names
        people.update(held)
        if units is not None:
            figures = own.get(unit := units.get(node))
            if figures is None:
                figures = own[unit] = [0, 0.0, 0, set()]
            figures[0] += 1
            figures[1] += fte[index]
            figures[2] += vacant[index]
            figures[3].update(held)
        if levels and (role := facts.get("role")):
            level[index] = levels.get(role)
    count, below, vacant_below = [0] * size, [0.0] * size, [0] * size
    compression = []
    for index in range(size - 1, -1, -1):  # reports before their managers
        manager = parent[index]
        if manager < 0:
            continue
        count[manager] += count[index] + 1
        below[manager] += below[index] + fte[index]
        vacant_below[manager] += vacant_below[index] + vacant[index]
        high, low = level[manager], level[index]
        if high is not None and low is not None and high <= low:
            compression.append(LevelCompression(order[manager], order[index], high, low))
    layers = [0] * (depth[-1] + 1 if size else 0)
    layer_fte = [0.0] * len(layers)
    for index, value in enumerate(depth):
        layers[value] += 1
        layer_fte[value] += fte[index]
    managers = [index for index in range(size) if span[index]]
    return OrgMetrics(
        posts=size, people=len(people), vacant=sum(vacant), job_shares=job_shares,
        fte=sum(fte), layers=layers, layer_fte=layer_fte,
        deepest=_deepest(G, order, parent, depth),
        spans={order[i]: span[i] for i in managers},
        headcount={order[i]: count[i] for i in managers},
        fte_below={order[i]: below[i] for i in managers},
        vacant_below={order[i]: vacant_below[i] for i in managers},
        depth={order[i]: depth[i] for i in managers},
        units=_roll_up_units(own, unit_parents or {}) if units is not None else {},
        compression=compression[::-1],
        dotted=_dotted_load(dotted, order) if dotted is not None else {})


# ------------------------------------------------------------------------------------ helpers
def _walk(G: StrDiGraph, source: str | None) -> tuple[list[str], list[int], list[int],
                                                       list[int]]:
    """Every node from the top down (breadth first), with the index of its manager in that
    order (-1 at the top), its depth and its span; checks the structure as it goes, like
    :func:`~pmograph.layers`."""
    successors, predecessors = G._succ, G._pred  # type: ignore[attr-defined]  # fast
    if source is not None:
        source = _require(G, source)
        order = [source]
    else:
        order = sorted((node for node in G if not predecessors[node]),
                       key=lambda node: _sort_key(G, node))
    parent, depth, span = [-1] * len(order), [0] * len(order), []
    for index, node in enumerate(order):  # grows while it is walked
        reports = successors[node]
        span.append(len(reports))
        below = depth[index] + 1
        for report in reports:
            if len(predecessors[report]) > 1:
                _manager(G, report)  # raises, naming the managers
            if report == source:  # one manager each: only a cycle comes back to the top
                _raise_cycle(G, report)
            order.append(report)
            parent.append(index)
            depth.append(below)
    if source is None and len(order) < len(G):
        reached = set(order)
        _check_acyclic(G, (node for node in G if node not in reached))
    return order, parent, depth, span


def _deepest(G: StrDiGraph, order: list[str], parent: list[int],
             depth: list[int]) -> list[str]:
    """The chain from the top down to the deepest post (the first by label, then IRI)."""
    if not order:
        return []
    deepest = depth[-1]  # breadth first: the last node is in the deepest layer
    index = min((i for i in range(len(order) - 1, -1, -1) if depth[i] == deepest),
                key=lambda i: _sort_key(G, order[i]))
    chain = [order[index]]
    while parent[index] >= 0:
        index = parent[index]
        chain.append(order[index])
    return chain[::-1]


def _roll_up_units(own: dict[str | None, list[Any]],
                   unit_parents: Mapping[str, Collection[str]]) -> dict[str | None,
                                                                        UnitFigures]:
    """Each unit's own figures rolled up into every unit around it (each once)."""
    rolled: dict[str | None, list[Any]] = {}
    for unit, (headcount, unit_fte, unit_vacant, people) in own.items():
        for outer in _around(unit, unit_parents):
            total = rolled.get(outer)
            if total is None:
                total = rolled[outer] = [0, 0.0, 0, set()]
            total[0] += headcount
            total[1] += unit_fte
            total[2] += unit_vacant
            total[3] |= people
    return {unit: UnitFigures(headcount, total_fte, total_vacant, len(people),
                              own[unit][0] if unit in own else 0,
                              own[unit][1] if unit in own else 0.0)
            for unit, (headcount, total_fte, total_vacant, people) in rolled.items()}


def _around(unit: str | None, unit_parents: Mapping[str, Collection[str]]) -> list[str | None]:
    """``unit`` and every unit it sits inside, each once (nesting loops are cut)."""
    if unit is None:
        return [None]
    found: list[str | None] = [unit]
    seen = {unit}
    for current in found:
        for outer in unit_parents.get(current or "", ()):
            if outer not in seen:
                seen.add(outer)
                found.append(outer)
    return found


def _dotted_load(dotted: StrDiGraph, order: list[str]) -> dict[str, int]:
    successors = dotted._succ  # type: ignore[attr-defined]
    return {node: len(successors[node]) for node in order
            if successors.get(node)}


def _sort_key(G: StrDiGraph, node: str) -> tuple[str, str]:
    return (str(G.nodes[node].get("label", node)), str(node))
