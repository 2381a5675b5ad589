"""Org charts: posts in boxes on the solid reporting lines, dotted lines overlaid.

The layout tree comes from solid lines only (:mod:`._render_tree` decides what is drawn);
dotted lines are drawn dashed with ``constraint=false`` so they never re-parent anyone.
A manager with many reports gets them in rows inside a light group box reached by one edge
(``lhead``); leaf reports are stacked in one box; past the node budget subtrees become
"+N more" boxes.  :func:`org_chart` is pure: it returns a :class:`~._render_output.Diagram`.
"""

from __future__ import annotations

import itertools
import textwrap
from collections.abc import Mapping
from typing import Any

import pydot

from pmograph._render import style
from pmograph._render.output import Diagram
from pmograph._render.tree import Item, Plan, plan_org_chart, rows, subtree_extents
from pmograph._typing import StrDiGraph

_WRAP = 30


def org_chart(reporting: StrDiGraph, dotted: StrDiGraph | None = None, *,
              root: str | None = None, depth: int | None = None, clusters: bool = False,
              max_nodes: int = 300) -> Diagram:
    """Draw an org chart of ``reporting`` (solid lines, superior → subordinate).

    Parameters
    ----------
    reporting
        The reporting view: node keys are IRIs; node attributes ``label``, ``holders``
        (a list of names; empty means vacant, two or more a job share), ``vacant`` and
        ``unit``.
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

    Returns
    -------
    Diagram
        A pydot graph; :attr:`Diagram.counts` says how many posts were drawn and hidden.

    Examples
    --------

    >>> import networkx as nx
    >>> G = nx.DiGraph([("ceo", "cfo"), ("ceo", "cto")])
    >>> nx.set_node_attributes(G, {"ceo": "Chief Executive", "cfo": "Finance Director",
    ...                            "cto": "Technology Director"}, "label")
    >>> G.nodes["cfo"]["holders"] = ["Ana", "Ben"]
    >>> chart = org_chart(G, nx.DiGraph([("cfo", "cto")]))
    >>> chart.counts
    {'posts': 3, 'shown': 3, 'hidden': 0, 'summaries': 0, 'dotted': 1, 'vacant': 2, 'job_shares': 1}
    >>> 'style=dashed' in chart.to_string() and 'Ana<BR/>Ben' in chart.to_string()
    True
    >>> chart.render("svg").count(b'class="node"')  # three posts and the key
    4
    """
    if root is not None and root not in reporting:
        raise KeyError(root)
    plan = plan_org_chart(reporting, root=root, depth=depth, max_nodes=max_nodes)

    def build(simple: bool) -> Diagram:
        return _OrgChart(reporting, dotted, plan, clusters=clusters, simple=simple).build()

    diagram = build(simple=False)
    diagram.simpler = lambda: build(simple=True)
    return diagram


def post_label(data: Mapping[str, Any], accent: str | None, footer: str | None = None) -> str:
    """The HTML-like label of one post: a coloured band, title, holder(s), unit.

    Examples
    --------
    >>> label = post_label({"label": "PMO Lead", "holders": []}, None)
    >>> "<B>PMO Lead</B>" in label and "<I>Vacant</I>" in label
    True
    """
    rows_ = []
    if accent:
        rows_.append(f'<TR><TD HEIGHT="3" BGCOLOR="{accent}"></TD></TR>')
    rows_.append(f"<TR><TD>{_title(data)}</TD></TR>")
    rows_.append(f"<TR><TD>{_holders(data)}</TD></TR>")
    if data.get("unit"):
        rows_.append(f"<TR><TD>{style.font(_wrapped(data['unit']), size=9, color=style.MUTED)}"
                     "</TD></TR>")
    if footer:
        more = style.font(style.escape(footer), size=9, color=style.MUTED, bold=True)
        rows_.append(f"<TR><TD>{more}</TD></TR>")
    return style.html('<TABLE BORDER="0" CELLBORDER="0" CELLSPACING="0" CELLPADDING="1">'
                      + "".join(rows_) + "</TABLE>")


def _wrapped(text: object) -> str:
    lines = []
    for line in str(text).splitlines() or [""]:
        lines.extend(textwrap.wrap(line, _WRAP, break_on_hyphens=False) or [""])
    return "<BR/>".join(style.escape(line) for line in lines)


def _title(data: Mapping[str, Any], size: float = 11) -> str:
    # A label of white space only (a no-break space, say) would draw an empty box.
    return style.font(_wrapped(str(data.get("label") or "").strip() or "(untitled post)"),
                      size=size, color=style.TEXT, bold=True)


def _is_vacant(data: Mapping[str, Any]) -> bool:
    # Only a post can be vacant; other kinds of box (e.g. counts of junior staff) are not.
    if data.get("kind", "post") != "post":
        return False
    if "vacant" in data:  # the view knows (an FTE row of junior staff names nobody, yet is filled)
        return bool(data["vacant"])
    return not data.get("holders")


def _holders(data: Mapping[str, Any], size: float = 10) -> str:
    holders = [str(h) for h in data.get("holders") or []]
    if data.get("fte") is not None and not holders:
        return style.font(style.escape(f"{data['fte']:g} FTE"), size=size, color=style.TEXT)
    if _is_vacant(data):
        return style.font("Vacant", size=size, color=style.VACANT_TEXT, italic=True)
    text = "<BR/>".join(_wrapped(h) for h in holders)
    if len(holders) > 1:
        text += "<BR/>" + style.font("JOB SHARE", size=size - 2, color=style.DOTTED, bold=True)
    return style.font(text, size=size, color=style.TEXT)


class _OrgChart:
    """One DOT rendering of a :class:`Plan` (``simple``: no clusters, no pinned order)."""

    def __init__(self, graph: StrDiGraph, dotted: StrDiGraph | None, plan: Plan, *,
                 clusters: bool, simple: bool) -> None:
        self.graph, self.dotted, self.plan = graph, dotted, plan
        self.clusters, self.simple = clusters and not simple, simple
        self.where: dict[str, str] = {}
        self.ranks: dict[str, int] = {}
        self.extents = subtree_extents(plan, plan.row_width)
        units = {self.graph.nodes[n].get("unit") for n in plan.shown}
        self.accent = style.palette(u for u in units if u)
        self.unit_boxes: dict[str, pydot.Subgraph] = {}
        self.counts = {"posts": plan.total, "shown": len(plan.shown), "hidden": plan.hidden,
                       "summaries": len(plan.summaries), "dotted": 0, "vacant": 0,
                       "job_shares": 0}

    def build(self) -> Diagram:
        diagram = Diagram(kind="org-chart", counts=self.counts,
                          **style.graph_defaults(ranksep=0.45, nodesep=0.22))
        diagram.set("compound", "true")
        diagram.set("splines", "polyline")
        if self.clusters:  # rows (rank=same) then cross the unit boxes
            diagram.set("newrank", "true")
        diagram.set("outputorder", "edgesfirst")
        diagram.set_node_defaults(**style.node_defaults())
        diagram.set_edge_defaults(**style.edge_defaults())
        self.diagram = diagram
        for unit in sorted(self.accent) if self.clusters else []:
            box = pydot.Subgraph("cluster_" + style.node_id(unit, "u"),
                                 label=style.html(style.font(style.escape(unit), size=12,
                                                             color=self.accent[unit],
                                                             bold=True)),
                                 style="rounded,filled", fillcolor=style.tint(self.accent[unit],
                                                                              0.94),
                                 color=style.tint(self.accent[unit], 0.6), labeljust="l",
                                 fontname=style.FONT)
            self.unit_boxes[unit] = box
            diagram.add_subgraph(box)
        self._emit(None, diagram)
        self._overlay()
        self._legend()
        self.counts["vacant"] = sum(_is_vacant(self.graph.nodes[n]) for n in self.plan.shown)
        self.counts["job_shares"] = sum(len(self.graph.nodes[n].get("holders") or []) > 1
                                        for n in self.plan.shown)
        diagram.counts = dict(self.counts)
        return diagram

    # ------------------------------------------------------------------ items
    def _height(self, item: Item) -> int:
        """How many ranks an item occupies, its own box included."""
        if item[0] != "post" or not self.plan.items.get(item[1]):
            return 1
        value = item[1]
        if value not in self.ranks:
            width = self.plan.row_width
            self.ranks[value] = 1 + sum(max(self._height(i) for i in row)
                                        for row in rows(self.plan.items[value], width))
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
        grouped = len(packed) > 1 and parent is not None and not self.clusters and not self.simple
        if grouped:
            target = pydot.Subgraph("cluster_" + style.node_id(str(parent), "g"),
                                    style="rounded,filled", fillcolor=style.GROUP_FILL,
                                    color=style.GROUP_BORDER, label="", penwidth="1")
            container.add_subgraph(target)
        ids: list[list[str]] = []
        for row in packed:
            ids.append([self._add_item(item, target) for item in row])
        if parent is not None:
            head = self.where[parent]
            if grouped:
                first = ids[0][len(ids[0]) // 2]
                self.diagram.add_edge(pydot.Edge(head, first, lhead=target.get_name()))
            else:
                for row, row_ids in zip(packed, ids, strict=True):
                    for item, item_id in zip(row, row_ids, strict=True):
                        self.diagram.add_edge(pydot.Edge(head, item_id,
                                                         weight=str(self._weight(item))))
        for index, row_ids in enumerate(ids):
            if len(packed) > 1:
                same = pydot.Subgraph(style.node_id(f"{parent}#row{index}", "r"), rank="same")
                target.add_subgraph(same)
                for left, right in itertools.pairwise(row_ids):
                    same.add_edge(pydot.Edge(left, right, style="invis"))
            if index:
                gap = max(self._height(i) for i in packed[index - 1])
                for above, below in zip(ids[index - 1], row_ids, strict=False):
                    self.diagram.add_edge(pydot.Edge(_node_part(above), below, style="invis",
                                                     minlen=str(gap)))

    def _add_item(self, item: Item, container: pydot.Graph) -> str:
        if item[0] == "post":
            iri = str(item[1])
            data = self.graph.nodes[iri]
            node_name = style.node_id(iri)
            self.where[iri] = node_name
            summary = self.plan.summaries.get(iri)
            footer = (f"+{summary.posts:,} more below" if summary and not summary.partial
                      else None)
            accent = self.accent.get(data["unit"]) if data.get("unit") else None
            attrs: dict[str, Any] = {"label": post_label(data, accent, footer)}
            if _is_vacant(data):
                attrs.update(style="rounded,filled,dashed", fillcolor=style.VACANT_FILL,
                             color=style.VACANT_TEXT)
            elif len(data.get("holders") or []) > 1:
                attrs.update(peripheries="2")
            if self.plan.items.get(iri) and not self.simple:
                attrs["ordering"] = "out"
            self._box_for(data.get("unit"), container).add_node(pydot.Node(node_name, **attrs))
            self._emit(iri, container)
            return node_name
        if item[0] == "stack":
            parent, index, members = item[1]
            node_name = style.node_id(f"{parent}#stack{index}", "s")
            units = {self.graph.nodes[m].get("unit") for m in members}
            unit = units.pop() if len(units) == 1 else None
            container = self._box_for(unit, container)
            container.add_node(pydot.Node(node_name, shape="plain", style="",
                                          label=self._stack_label(node_name, members)))
            return node_name
        value = item[1]
        summary = self.plan.summaries[value]
        node_name = style.node_id(f"{value}#more", "m")
        detail = (f"{summary.reports:,} more direct report" + ("s" if summary.reports != 1 else "")
                  if summary.partial else "below this post")
        label = (style.font(f"+{summary.posts:,} more", size=11, color=style.MUTED, bold=True)
                 + "<BR/>" + style.font(detail, size=9, color=style.MUTED))
        container.add_node(pydot.Node(node_name, label=style.html(label),
                                      style="rounded,filled,dashed", fillcolor=style.GROUP_FILL,
                                      color=style.BORDER))
        return node_name

    def _stack_label(self, node_name: str, members: list[str]) -> str:
        cells = []
        units = {self.graph.nodes[m].get("unit") for m in members}
        for member in members:
            data = self.graph.nodes[member]
            unit = ""
            if len(units) > 1 and data.get("unit"):
                unit = "<BR/>" + style.font(_wrapped(data["unit"]), size=8, color=style.MUTED)
            port = style.node_id(member, "p")
            self.where[member] = f"{node_name}:{port}"
            fill = style.VACANT_FILL if _is_vacant(data) else style.PAPER
            cells.append(f'<TR><TD PORT="{port}" BGCOLOR="{fill}" ALIGN="LEFT" CELLPADDING="4">'
                         f"{_title(data, 10)}<BR/>{_holders(data, 9)}{unit}</TD></TR>")
        accent = (self.accent.get(units.pop() or "", style.BORDER) if len(units) == 1
                  else style.BORDER)
        return style.html(f'<TABLE BORDER="1" COLOR="{style.BORDER}" CELLBORDER="0" '
                          f'CELLSPACING="0" STYLE="rounded" BGCOLOR="{style.PAPER}">'
                          f'<TR><TD HEIGHT="3" BGCOLOR="{accent}"></TD></TR>'
                          + "<HR/>".join(cells) + "</TABLE>")

    def _box_for(self, unit: str | None, container: pydot.Graph) -> pydot.Graph:
        if self.clusters and unit in self.unit_boxes:
            return self.unit_boxes[unit]
        return container

    # ------------------------------------------------------------------ overlay
    def _overlay(self) -> None:
        """Dotted lines dashed, and second solid superiors, neither constraining ranks."""
        for superior, subordinate in self.plan.extra_edges:
            if superior in self.where and subordinate in self.where:
                self.diagram.add_edge(pydot.Edge(self.where[superior], self.where[subordinate],
                                                 constraint="false"))
        if self.dotted is None:
            return
        for superior, subordinate in sorted(self.dotted.edges()):
            if superior in self.where and subordinate in self.where:
                self.counts["dotted"] += 1
                self.diagram.add_edge(pydot.Edge(self.where[superior], self.where[subordinate],
                                                 style="dashed", color=style.DOTTED,
                                                 penwidth="1.6", constraint="false"))


    def _legend(self) -> None:
        """A key to the marks the chart uses, beside the top of the chart."""
        shown = [self.graph.nodes[n] for n in self.plan.shown]
        rows: list[tuple[str, str]] = [(style.font("━━━", color=style.LINE), "reports to")]
        if self.counts["dotted"]:
            rows.append((style.font("╍╍╍", color=style.DOTTED, bold=True), "dotted line"))
        if any(_is_vacant(d) for d in shown):
            rows.append((style.font("Vacant", size=9, color=style.VACANT_TEXT, italic=True),
                         "post not filled"))
        if any(len(d.get("holders") or []) > 1 for d in shown):
            rows.append((style.font("JOB SHARE", size=8, color=style.DOTTED, bold=True),
                         "post held by several people"))
        if self.plan.summaries:
            rows.append((style.font("+N more", size=9, color=style.MUTED, bold=True),
                         "posts not drawn"))
        if len(rows) > 1:
            self.diagram.add_node(pydot.Node(style.node_id("legend", "x"), shape="plain",
                                             style="", label=style.legend_table("Key", rows)))


def _node_part(endpoint: str) -> str:
    return endpoint.split(":", 1)[0]
