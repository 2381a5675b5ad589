"""Org charts: posts in boxes on the solid reporting lines, dotted lines overlaid.

The layout tree comes from solid lines only (:mod:`pmograph._render.tree` decides what is
drawn); dotted lines are drawn dashed with ``constraint=false`` so they never re-parent anyone.
A manager with many reports gets them in rows inside a light team box, every row hung from one
line (a *bus*: the manager's line comes down to the first row, runs along it with a short drop
to each member, and continues down the team's left side to the next row), so each post is
visibly joined to its manager and peers read as peers.  Leaf reports are stacked in one box;
past the node budget subtrees become "+N more" boxes.  Lines that break the tree — a reporting
cycle, a second solid-line manager — are drawn red with an arrow to the manager, the posts
they touch are marked, and the key lists only the marks used.  :func:`org_chart` is pure: it
returns a :class:`~pmograph._render.output.Diagram` whose :attr:`problems` and
:attr:`warnings` say what is wrong with the data.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from typing import Any

import networkx as nx
import pydot

from pmograph._algorithms.structure import ReportingProblem, structure_problems
from pmograph._render import labels, style
from pmograph._render.key import Marks, key_label, org_key_rows
from pmograph._render.labels import is_job_share, is_undescribed, is_vacant
from pmograph._render.labels import post_label as post_label
from pmograph._render.output import Diagram, check_direction, set_title
from pmograph._render.teams import DROP_WEIGHT, hang_rows, node_part
from pmograph._render.tree import Item, Plan, plan_org_chart, rows, subtree_extents
from pmograph._typing import StrDiGraph

_is_vacant = is_vacant  # the name other modules have used


def org_chart(reporting: StrDiGraph, dotted: StrDiGraph | None = None, *,
              root: str | None = None, depth: int | None = None, clusters: bool = False,
              max_nodes: int = 300, title: str | None = None, direction: str = "TB",
              problems: Sequence[ReportingProblem] | None = None) -> Diagram:
    """Draw an org chart of ``reporting`` (solid lines, superior → subordinate).

    Parameters
    ----------
    reporting
        The reporting view: node keys are IRIs; node attributes ``label``, ``holders``
        (a list of names; empty means vacant, two or more a job share), ``vacant``, ``unit``,
        and ``described`` (``False``: nothing but a reporting line names the node).
    dotted
        Dotted lines (superior → subordinate), drawn dashed between drawn posts.
    root
        Draw only this post and everyone below it.
    depth
        Draw at most this many levels below the top (1: the top and its direct reports).
    clusters
        Group the posts of each unit in a labelled box.
    max_nodes
        The most posts drawn; the rest are summarised in "+N more" boxes.
    title
        A title above the chart.
    direction
        Where the chart grows: ``"TB"`` (top to bottom), ``"LR"``, ``"BT"`` or ``"RL"``.
    problems
        The cycles and second line managers of ``reporting`` if already known (as
        :func:`pmograph.reporting_problems` lists them); found here otherwise.

    Returns
    -------
    Diagram
        A pydot graph; :attr:`Diagram.counts` says how many posts were drawn and hidden,
        :attr:`Diagram.problems` the reporting problems among the charted posts.

    Examples
    --------

    >>> import networkx as nx
    >>> G = nx.DiGraph([("ceo", "cfo"), ("ceo", "cto")])
    >>> nx.set_node_attributes(G, {"ceo": "Chief Executive", "cfo": "Finance Director",
    ...                            "cto": "Technology Director"}, "label")
    >>> G.nodes["cfo"]["holders"] = ["Ana", "Ben"]
    >>> chart = org_chart(G, nx.DiGraph([("cfo", "cto")]))
    >>> chart.counts
    {'posts': 3, 'shown': 3, 'hidden': 0, 'summaries': 0, 'dotted': 1, 'vacant': 2,
     'job_shares': 1, 'undescribed': 0, 'problems': 0}
    >>> 'style=dashed' in chart.to_string() and 'Ana<BR/>Ben' in chart.to_string()
    True
    >>> chart.render("svg").count(b'class="node"')  # three posts and the key
    4
    >>> G.add_edge("cto", "ceo")  # a reporting cycle: drawn, marked red, and reported
    >>> [p.check for p in org_chart(G).problems]
    ['cycle']
    """
    if root is not None and root not in reporting:
        raise KeyError(root)
    rankdir = check_direction(direction)
    plan = plan_org_chart(reporting, root=root, depth=depth, max_nodes=max_nodes,
                          across=rankdir in ("TB", "BT"))
    scope = nx.descendants(reporting, root) | {root} if root is not None else None
    if problems is not None:
        found = list(problems)
    # The layout tree sets aside every line that breaks the tree (a second manager, the line
    # that closes a cycle); without one, the drawn part is a forest: no search needed.
    elif plan.extra_edges or (scope is not None and any(reporting.in_degree(n) > 1
                                                        for n in scope)):
        found = structure_problems(reporting, cycle_check="cycle",
                                   managers_check="two-line-managers")
    else:
        found = []
    if scope is not None and found:
        found = [p for p in found if p.focus in scope or scope.intersection(p.members)]

    def build(simple: bool) -> Diagram:
        chart = _OrgChart(reporting, dotted, plan, found, clusters=clusters, simple=simple)
        return chart.build(title, rankdir)

    diagram = build(simple=False)
    diagram.simpler = lambda: build(simple=True)
    return diagram


class _OrgChart:
    """One DOT rendering of a :class:`Plan` (``simple``: no clusters, no pinned order)."""

    def __init__(self, graph: StrDiGraph, dotted: StrDiGraph | None, plan: Plan,
                 problems: list[ReportingProblem], *, clusters: bool, simple: bool) -> None:
        self.graph, self.dotted, self.plan, self.problems = graph, dotted, plan, problems
        self.clusters, self.simple = clusters and not simple, simple
        self.where: dict[str, str] = {}
        self.ranks: dict[str, int] = {}
        self.extents = subtree_extents(plan, plan.row_width)
        units = {self.graph.nodes[n].get("unit") for n in plan.shown}
        self.accent = style.palette(u for u in units if u)
        self.unit_boxes: dict[str, pydot.Subgraph] = {}
        self.marks = Marks()
        self.titles: dict[str, str] = {}
        # post -> the checks of its problems; the solid lines of the cycles
        self.notes, self.cycle_edges = labels.problem_marks(problems)
        self.counts = {"posts": plan.total, "shown": len(plan.shown), "hidden": plan.hidden,
                       "summaries": len(plan.summaries), "dotted": 0, "vacant": 0,
                       "job_shares": 0, "undescribed": 0, "problems": len(problems)}

    def build(self, title: str | None, rankdir: str) -> Diagram:
        self.rankdir = self.marks.direction = rankdir
        self.titles["pmograph"] = title or "Org chart"
        diagram = Diagram(kind="org-chart", counts=self.counts,
                          **style.graph_defaults(rankdir=rankdir, ranksep=0.45, nodesep=0.22))
        diagram.set("compound", "true")
        diagram.set("splines", "polyline")
        if self.clusters:  # rows (rank=same) then cross the unit boxes
            diagram.set("newrank", "true")
        diagram.set("outputorder", "edgesfirst")
        diagram.set_node_defaults(**style.node_defaults())
        diagram.set_edge_defaults(**style.edge_defaults())
        set_title(diagram, title)
        self.diagram = diagram
        for unit in sorted(self.accent) if self.clusters else []:
            box = pydot.Subgraph("cluster_" + style.node_id(unit, "u"),
                                 label=style.html(style.font(style.escape(unit), size=12,
                                                             color=self.accent[unit],
                                                             bold=True)),
                                 style="rounded,filled", fillcolor=style.tint(self.accent[unit],
                                                                              0.94),
                                 color=style.tint(self.accent[unit], 0.6), labeljust="l",
                                 fontname=style.FONT, tooltip=style.quoted(unit))
            self.unit_boxes[unit] = box
            diagram.add_subgraph(box)
        if self.clusters and self.accent:
            self.marks.add("unit-box")
        self._emit(None, diagram)
        self._overlay()
        shown = [self.graph.nodes[n] for n in self.plan.shown]
        self.counts["vacant"] = sum(map(is_vacant, shown))
        self.counts["job_shares"] = sum(map(is_job_share, shown))
        self.counts["undescribed"] = sum(map(is_undescribed, shown))
        self._key()
        diagram.counts = dict(self.counts)
        diagram.problems = list(self.problems)
        diagram.warnings = [p.message + (" (drawn in red)" if self.where.keys() & (
            set(p.members) if p.check == "cycle" else {p.focus})
            else " (not among the posts drawn)") for p in self.problems]
        diagram.titles = dict(self.titles)
        return diagram

    # ------------------------------------------------------------------ layout
    def _bus(self, parent: str | None) -> bool:
        """Whether the reports of ``parent`` hang from a bus (packed in rows, in a team box)."""
        count = len(self.plan.items.get(parent, []))
        return (parent is not None and count > self.plan.row_width and not self.clusters
                and not self.simple)

    def _height(self, item: Item) -> int:
        """How many ranks an item occupies, its own box included."""
        if item[0] != "post" or not self.plan.items.get(item[1]):
            return 1
        value = item[1]
        if value not in self.ranks:
            extra = 1 if self._bus(value) else 0  # a bus takes a rank above each row
            self.ranks[value] = 1 + sum(extra + max(self._height(i) for i in row)
                                        for row in rows(self.plan.items[value],
                                                        self.plan.row_width))
        return self.ranks[value]

    def _weight(self, item: Item) -> int:
        """Heavier edges to wider subtrees, so a manager sits over the middle of its team."""
        if item[0] != "post":
            return 1
        width = self.extents.get(item[1], (0.0, 0.0))[0]
        return max(1, min(100, round(width / 2.0)))

    def _emit(self, parent: str | None, container: pydot.Graph) -> None:
        items = self.plan.items.get(parent, [])
        if not items:
            return
        packed = rows(items, self.plan.row_width) if len(items) > self.plan.row_width else [items]
        target = container
        bus = self._bus(parent)
        if bus and parent is not None:
            team = f"Team of {labels.title_text(parent, self.graph.nodes[parent])}"
            box = "cluster_" + style.node_id(parent, "g")
            target = pydot.Subgraph(box,
                                    style="rounded,filled", fillcolor=style.GROUP_FILL,
                                    color=style.GROUP_BORDER, label="", penwidth="1",
                                    tooltip=style.quoted(team))
            self.titles[box] = team
            container.add_subgraph(target)
            self.marks.add("team")
        ids = [[self._add_item(item, target) for item in row] for row in packed]
        if bus and parent is not None:
            def drop(row: int, column: int, joint: str, member: str) -> None:
                self._line(str(parent), packed[row][column], joint, member, weight=DROP_WEIGHT)

            gaps = [max(self._height(i) for i in row) for row in packed]
            hang_rows(self.diagram, target, str(parent), self.where[parent], ids, gaps, drop,
                      reverse=self.rankdir in ("LR", "RL"))
            return
        if parent is not None:
            head = self.where[parent]
            for row, row_ids in zip(packed, ids, strict=True):
                for item, item_id in zip(row, row_ids, strict=True):
                    self._line(parent, item, head, item_id, weight=str(self._weight(item)))
        for index, row_ids in enumerate(ids):
            if len(packed) > 1:
                same = pydot.Subgraph(style.node_id(f"{parent}#row{index}", "r"), rank="same")
                target.add_subgraph(same)
                for left, right in itertools.pairwise(row_ids):
                    same.add_edge(pydot.Edge(left, right, style="invis"))
            if index:
                gap = max(self._height(i) for i in packed[index - 1])
                for above, below in zip(ids[index - 1], row_ids, strict=False):
                    self.diagram.add_edge(pydot.Edge(node_part(above), below, style="invis",
                                                     minlen=str(gap)))

    def _line(self, parent: str, item: Item, tail: str, head: str, **attrs: Any) -> None:
        """The solid line from a manager (or its bus) down to one item."""
        self.marks.add("line")
        manager = labels.title_text(parent, self.graph.nodes[parent])
        if item[0] == "post":
            member = labels.title_text(item[1], self.graph.nodes[item[1]])
            self._tip(tail, head, attrs, f"{member} reports to {manager}")
        else:
            self._tip(tail, head, attrs, f"reports to {manager}")
        if item[0] == "post" and (parent, item[1]) in self.cycle_edges:
            self.marks.add("cycle")
            attrs.update(color=style.PROBLEM, penwidth="2.4", dir="back", arrowtail="normal",
                         arrowsize="0.8")
        self.diagram.add_edge(pydot.Edge(tail, head, **attrs))

    def _tip(self, tail: str, head: str, attrs: dict[str, Any], text: str) -> None:
        """Hover text for the edge ``tail -> head`` (its tooltip and SVG title)."""
        attrs["tooltip"] = style.quoted(text)
        self.titles[f"{tail}->{head}"] = text

    def _add_item(self, item: Item, container: pydot.Graph) -> str:
        if item[0] == "post":
            return self._add_post(str(item[1]), container)
        if item[0] == "stack":
            parent, index, members = item[1]
            node_name = style.node_id(f"{parent}#stack{index}", "s")
            units = {self.graph.nodes[m].get("unit") for m in members}
            unit = units.pop() if len(units) == 1 else None
            container = self._box_for(unit, container)
            tip = "\n".join(f"{labels.title_text(m, self.graph.nodes[m])}: "
                            f"{labels.holders_text(self.graph.nodes[m]) or '-'}"
                            for m in members)
            self.titles[node_name] = tip
            self.marks.add("stack")
            container.add_node(pydot.Node(node_name, shape="plain", style="",
                                          label=self._stack_label(node_name, members),
                                          tooltip=style.quoted(tip)))
            return node_name
        value = item[1]
        summary = self.plan.summaries[value]
        node_name = style.node_id(f"{value}#more", "m")
        detail = (f"{summary.reports:,} more direct report" + ("s" if summary.reports != 1 else "")
                  if summary.partial else "below this post")
        label = (style.font(f"+{summary.posts:,} more", size=11, color=style.MUTED, bold=True)
                 + "<BR/>" + style.font(detail, size=9, color=style.MUTED))
        tip = f"{summary.posts:,} more posts not drawn ({detail})"
        self.titles[node_name] = tip
        self.marks.add("more")
        container.add_node(pydot.Node(node_name, label=style.html(label),
                                      style="rounded,filled,dashed", fillcolor=style.GROUP_FILL,
                                      color=style.BORDER, tooltip=style.quoted(tip)))
        return node_name

    def _add_post(self, iri: str, container: pydot.Graph) -> str:
        data = self.graph.nodes[iri]
        node_name = style.node_id(iri)
        self.where[iri] = node_name
        summary = self.plan.summaries.get(iri)
        footer = f"+{summary.posts:,} more below" if summary and not summary.partial else None
        if footer:
            self.marks.add("more")
        accent = self.accent.get(data["unit"]) if data.get("unit") else None
        if accent and not self.clusters:
            self.marks.units[data["unit"]] = accent
        notes = self.notes.get(iri, [])
        tip = labels.tooltip(iri, data, notes)
        self.titles[node_name] = tip
        attrs: dict[str, Any] = {"label": post_label(data, accent, footer, key=iri,
                                                     problems=notes),
                                 "tooltip": style.quoted(tip)}
        attrs.update(self._outline(data))
        if notes:
            attrs.update(color=style.PROBLEM, penwidth="2")
            self.marks.add("problem-post")
        if self.plan.items.get(iri) and not self.simple:
            attrs["ordering"] = "out"
        self._box_for(data.get("unit"), container).add_node(pydot.Node(node_name, **attrs))
        self._emit(iri, container)
        return node_name

    def _outline(self, data: dict[str, Any]) -> dict[str, str]:
        self.marks.add(*labels.marks_of(data))
        return labels.outline(data)

    def _stack_label(self, node_name: str, members: list[str]) -> str:
        for member in members:
            data = self.graph.nodes[member]
            self.marks.add(*labels.marks_of(data), *(["problem-post"] if member in self.notes
                                                      else []))
            self.where[member] = f"{node_name}:{style.node_id(member, 'p')}"
        units = {self.graph.nodes[m].get("unit") for m in members}
        unit = units.pop() if len(units) == 1 else None
        accent = self.accent.get(unit or "", style.BORDER)
        if unit and not self.clusters:
            self.marks.units[unit] = accent
        return labels.stack_label(self.graph, members, accent, self.notes)

    def _box_for(self, unit: str | None, container: pydot.Graph) -> pydot.Graph:
        if self.clusters and unit in self.unit_boxes:
            return self.unit_boxes[unit]
        return container

    # ------------------------------------------------------------------ overlay
    def _overlay(self) -> None:
        """Lines that break the tree in red, dotted lines dashed; neither constrains ranks."""
        def name(node: str) -> str:
            return labels.title_text(node, self.graph.nodes[node])

        for superior, subordinate in self.plan.extra_edges:
            if superior in self.where and subordinate in self.where:
                check = ("cycle" if (superior, subordinate) in self.cycle_edges
                         else "two-line-managers")
                self.marks.add(check)
                text = "closes a cycle" if check == "cycle" else "2nd manager"
                tail, head = self.where[superior], self.where[subordinate]
                attrs: dict[str, Any] = {
                    "constraint": "false", "color": style.PROBLEM, "penwidth": "2.4",
                    "dir": "back", "arrowtail": "normal", "arrowsize": "0.8",
                    "label": style.html(style.font(text, size=9, color=style.PROBLEM,
                                                    bold=True))}
                self._tip(tail, head, attrs,
                          f"{name(subordinate)} reports to {name(superior)} ({text})")
                self.diagram.add_edge(pydot.Edge(tail, head, **attrs))
        if self.dotted is None:
            return
        for superior, subordinate in sorted(self.dotted.edges()):
            if superior in self.where and subordinate in self.where:
                self.counts["dotted"] += 1
                self.marks.add("dotted")
                tail, head = self.where[superior], self.where[subordinate]
                attrs = {"style": "dashed", "color": style.DOTTED, "penwidth": "1.6",
                         "constraint": "false"}
                self._tip(tail, head, attrs,
                          f"{name(subordinate)} has a dotted line to {name(superior)}")
                self.diagram.add_edge(pydot.Edge(tail, head, **attrs))

    def _key(self) -> None:
        """A key to the marks the chart uses, beside the top of the chart."""
        if self.marks.used - {"line"} or self.marks.units:  # not for a plain tree
            self.diagram.add_node(pydot.Node(style.node_id("legend", "x"), shape="plain",
                                             style="", label=key_label("Key", org_key_rows(
                                                 self.marks)),
                                             tooltip=style.quoted("Key")))
            self.titles[style.node_id("legend", "x")] = "Key"
