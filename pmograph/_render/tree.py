"""What an org chart shows and where: the layout tree, the node budget and packing in rows.

Pure data, no DOT.  :func:`plan_org_chart` turns a reporting graph into a :class:`Plan`:
which posts are drawn, which subtrees collapse into "+N more" summaries, which leaf
reports are stacked into one box, and how many items go in one row under a manager, chosen
so the whole chart stays within an aspect ratio of about 4:1 (DESIGN.md §7).
"""

from __future__ import annotations

import math
import re
from collections import deque
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Literal

from pmograph._typing import StrDiGraph

#: Leaf reports of one manager are stacked into one box when there are at least this many.
STACK_MIN = 3
#: At most this many posts in one stacked box.
STACK_ROWS = 8
#: The widest row of items under one manager; narrowed until the chart fits the aspect ratio.
MAX_ROW = 8
MAX_ASPECT = 4.0
#: The aspect ratio aimed at (a slide is 16:9); rows narrow until the chart is no wider.
TARGET_ASPECT = 2.0
# Rough box sizes in inches, for choosing the row width (not for drawing).
_BOX_W, _BOX_H, _ROW_H, _RANKSEP, _NODESEP = 2.0, 0.8, 0.34, 0.5, 0.25

Item = (tuple[Literal["post"], str] | tuple[Literal["stack"], tuple[str, int, list[str]]]
        | tuple[Literal["more"], str | None])
"""``("post", iri)``, ``("stack", (parent, index, [iri, ...]))`` or ``("more", parent)``."""


@dataclass
class Summary:
    """A "+N more" box under ``parent``: ``posts`` posts hidden, ``reports`` of them direct."""

    parent: str | None
    posts: int
    reports: int
    partial: bool


@dataclass
class Plan:
    """The drawn part of an org chart (see :func:`plan_org_chart`)."""

    roots: list[str]
    items: dict[str | None, list[Item]] = field(default_factory=dict)
    shown: list[str] = field(default_factory=list)
    summaries: dict[str | None, Summary] = field(default_factory=dict)
    extra_edges: list[tuple[str, str]] = field(default_factory=list)
    row_width: int = MAX_ROW
    total: int = 0

    @property
    def hidden(self) -> int:
        return sum(s.posts for s in self.summaries.values())


def natural_key(text: str) -> tuple[tuple[int, int | str], ...]:
    """A sort key that puts "Team 9" before "Team 10" and ignores case.

    Examples
    --------
    >>> sorted(["Team 10", "team 9", "Team 1"], key=natural_key)
    ['Team 1', 'team 9', 'Team 10']
    >>> natural_key("Level ¹")  # a superscript is a digit to isdigit(), not to int()
    ((1, 'level ¹'),)
    """
    return tuple((0, int(part)) if part.isdecimal() else (1, part)
                 for part in re.split(r"(\d+)", text.casefold()) if part)


def _sort_key(graph: StrDiGraph, node: str) -> tuple[tuple[tuple[int, int | str], ...], str]:
    return (natural_key(str(graph.nodes[node].get("label") or node)), str(node))


def layout_tree(graph: StrDiGraph, root: str | None = None
                ) -> tuple[list[str], dict[str, list[str]], list[tuple[str, str]]]:
    """A spanning tree of the solid reporting lines: roots, sorted children, extra edges.

    Each post keeps its first superior in breadth-first order; further superiors (two line
    managers) and edges that would close a cycle come back as extra edges, drawn without
    re-parenting anyone.  Posts on a cycle with no top get the smallest of them as a root.

    Examples
    --------

    >>> import networkx as nx
    >>> G = nx.DiGraph([("ceo", "cfo"), ("ceo", "cto"), ("cto", "dev"), ("cfo", "dev")])
    >>> layout_tree(G)
    (['ceo'], {'ceo': ['cfo', 'cto'], 'cfo': ['dev'], 'cto': [], 'dev': []}, [('cto', 'dev')])
    """
    keys: dict[str, tuple[tuple[tuple[int, int | str], ...], str]] = {}

    def key(node: str) -> tuple[tuple[tuple[int, int | str], ...], str]:
        found = keys.get(node)
        if found is None:
            found = keys[node] = _sort_key(graph, node)
        return found

    if root is not None:
        if root not in graph:
            raise KeyError(root)
        starts = [root]
    else:
        starts = sorted((n for n in graph if graph.in_degree(n) == 0), key=key)
    children: dict[str, list[str]] = {}
    extra: list[tuple[str, str]] = []
    roots: list[str] = []

    def grow(start: str) -> None:
        roots.append(start)
        children[start] = []
        queue: deque[str] = deque([start])
        while queue:
            node = queue.popleft()
            for child in sorted(graph.successors(node), key=key):
                if child in children:
                    extra.append((node, child))
                else:
                    children[node].append(child)
                    children[child] = []
                    queue.append(child)

    for start in starts:
        if start not in children:
            grow(start)
    if root is None and len(children) < len(graph):  # posts on a cycle with no top
        for start in sorted((n for n in graph if n not in children), key=key):
            if start not in children:
                grow(start)
    return roots, children, sorted(extra)


def subtree_sizes(roots: list[str], children: dict[str, list[str]]) -> dict[str, int]:
    """The number of posts below each post in the layout tree (itself not counted)."""
    sizes: dict[str, int] = {}
    order: list[str] = []
    stack = list(roots)
    while stack:
        node = stack.pop()
        order.append(node)
        stack.extend(children[node])
    for node in reversed(order):
        sizes[node] = sum(sizes[c] + 1 for c in children[node])
    return sizes


def _level_cap(counts: list[int], remaining: int) -> int:
    """The largest per-manager number of reports to show so the level fits ``remaining``."""
    low, high = 0, max(counts, default=0)
    while low < high:
        cap = (low + high + 1) // 2
        cost = sum(min(n, cap) + (n > cap) for n in counts)
        if cost <= remaining:
            low = cap
        else:
            high = cap - 1
    return low if low >= 2 else 0


def plan_org_chart(graph: StrDiGraph, *, root: str | None = None, depth: int | None = None,
                   max_nodes: int = 300, across: bool = True) -> Plan:
    """Choose what an org chart of ``graph`` (solid lines, superior → subordinate) draws.

    Whole levels are drawn, top down, while they fit ``max_nodes`` posts; the first level that
    does not fit is shared out fairly (the same number of reports shown under each manager,
    the rest in one "+N more" box), and below it every subtree is summarised.  ``depth``
    limits the levels below the top (1: the top and its direct reports).

    Examples
    --------

    >>> import networkx as nx
    >>> G = nx.DiGraph([("a", f"b{i}") for i in range(5)] + [("b0", "c")])
    >>> plan = plan_org_chart(G, max_nodes=4)
    >>> plan.shown, plan.summaries["a"].posts
    (['a', 'b0', 'b1'], 3)
    >>> plan_org_chart(G, depth=1).summaries["b0"].posts
    1
    """
    roots, children, extra = layout_tree(graph, root)
    sizes = subtree_sizes(roots, children)
    budget = max(1, max_nodes)
    plan = Plan(roots=[], extra_edges=extra, total=sum(sizes[r] + 1 for r in roots))
    kids: dict[str | None, list[str]] = {None: roots} | children
    shown_children: dict[str | None, list[str]] = {}
    frontier: Sequence[str | None] = [None]
    level = -1
    while frontier:
        remaining = budget - len(plan.shown)
        counts = [len(kids[p]) for p in frontier]
        cap = max(counts, default=0)
        stop = depth is not None and level >= depth
        if stop:
            cap = 0
        elif sum(counts) > remaining:
            cap = _level_cap(counts, remaining)
            if cap == 0 and frontier == [None]:
                cap = max(1, min(len(roots), remaining))
        next_frontier: list[str] = []
        for parent in frontier:
            visible = kids[parent][:cap]
            shown_children[parent] = visible
            plan.shown.extend(visible)
            next_frontier.extend(visible)
            hidden = kids[parent][cap:]
            if hidden:
                plan.summaries[parent] = Summary(parent, sum(sizes[h] + 1 for h in hidden),
                                                 len(hidden), partial=bool(visible))
        if stop or cap < max(counts, default=0):
            for node in next_frontier:
                if kids[node]:
                    plan.summaries[node] = Summary(node, sizes[node], len(kids[node]),
                                                   partial=False)
            break
        frontier = next_frontier
        level += 1
    plan.roots = shown_children.get(None, [])
    for parent, visible in shown_children.items():
        plan.items[parent] = _items(parent, visible, shown_children, plan.summaries)
    plan.row_width = choose_row_width(plan, across)
    return plan


def _items(parent: str | None, visible: list[str], shown_children: dict[str | None, list[str]],
           summaries: dict[str | None, Summary]) -> list[Item]:
    """Managers in sibling order, then leaf reports (stacked when many), then "+N more"."""
    def is_leaf(node: str) -> bool:
        return not shown_children.get(node) and node not in summaries

    leaves = [n for n in visible if is_leaf(n)]
    if parent is None or len(leaves) < STACK_MIN:
        items: list[Item] = [("post", n) for n in visible]
    else:
        items = [("post", n) for n in visible if not is_leaf(n)]
        chunks = math.ceil(len(leaves) / STACK_ROWS)
        per = math.ceil(len(leaves) / chunks)
        items += [("stack", (parent, i, leaves[i * per:(i + 1) * per])) for i in range(chunks)]
    if parent in summaries and (summaries[parent].partial or parent is None):
        items.append(("more", parent))
    return items


def rows(items: list[Item], width: int) -> list[list[Item]]:
    """``items`` in rows of ``width`` (one row when they fit)."""
    return [items[i:i + width] for i in range(0, len(items), max(1, width))] or [[]]


def _extent(plan: Plan, key: str | None, width: int, memo: dict[str | None, tuple[float, float]],
            across: bool = True) -> tuple[float, float]:
    """Estimated size in inches of the items below ``key`` laid out in rows of ``width``:
    (across the ranks, along them).  ``across`` is ``True`` when the ranks are horizontal
    rows (top to bottom); ``False`` when they are columns (left to right), where a box is
    short across and long along."""
    box_across, box_along = (_BOX_W, _BOX_H) if across else (_BOX_H, _BOX_W)
    block_across, block_along = 0.0, 0.0
    for row in rows(plan.items.get(key, []), width):
        row_across, row_along = 0.0, 0.0
        for item in row:
            if item[0] == "post":
                below_across, below_along = memo.get(item[1], (0.0, 0.0))
                size = (max(box_across, below_across),
                        box_along + (below_along + _RANKSEP if below_along else 0.0))
            elif item[0] == "stack":
                listed = 0.3 + _ROW_H * len(item[1][2])
                size = (_BOX_W, listed) if across else (listed, _BOX_W)
            else:
                size = (box_across * 0.7, box_along * 0.8)
            row_across += size[0] + _NODESEP
            row_along = max(row_along, size[1])
        block_across = max(block_across, row_across)
        block_along += row_along + _RANKSEP
    return block_across, block_along


def subtree_extents(plan: Plan, width: int, across: bool = True
                    ) -> dict[str | None, tuple[float, float]]:
    """Estimated (across, along) size in inches of what is drawn below each manager, and of
    the whole chart (key ``None``), with rows of ``width``."""
    memo: dict[str | None, tuple[float, float]] = {}
    for node in reversed(plan.shown):  # breadth-first order reversed: children come first
        if node in plan.items:
            memo[node] = _extent(plan, node, width, memo, across)
    memo[None] = _extent(plan, None, width, memo, across)
    return memo


def chart_extent(plan: Plan, width: int, across: bool = True) -> tuple[float, float]:
    """Estimated (width, height) in inches of the whole chart with rows of ``width``, ranks
    top to bottom (``across``) or left to right."""
    size_across, size_along = subtree_extents(plan, width, across)[None]
    return (size_across, size_along) if across else (size_along, size_across)


def choose_row_width(plan: Plan, across: bool = True) -> int:
    """The row width (2 to :data:`MAX_ROW` items) that brings the chart closest to
    :data:`TARGET_ASPECT` without being wider than that; failing that, within
    :data:`MAX_ASPECT`; failing that, the narrowest chart.

    Top to bottom, wider rows make a wider chart, so the widest rows that fit are taken; left
    to right a row is a column, wider rows make a *narrower* chart, so the fewest that fit.
    """
    widths = range(MAX_ROW, 1, -1) if across else range(2, MAX_ROW + 1)
    extents = {width: chart_extent(plan, width, across) for width in widths}
    for limit in (TARGET_ASPECT, MAX_ASPECT):
        for width, (chart_w, chart_h) in extents.items():
            if chart_w <= limit * max(chart_h, _BOX_H):
                return width
    return 2 if across else MAX_ROW
