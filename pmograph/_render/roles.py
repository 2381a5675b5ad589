"""Role-layer diagrams: the career ladder and the typical reporting between roles.

Both draw roles one rank per level, with the levels named down the side.  The career ladder
puts each career track in a labelled column (a cluster; ``newrank`` lets a level's rank cross
the track boxes) and climbs from level 1 at the bottom; promotions are solid, lateral moves
dashed (they do not constrain ranks), qualifications show as badges, and one promotion path
may be highlighted.  The role hierarchy is a DAG whose lines cross tracks freely: inside track
boxes, Graphviz would route a line between two boxes around the outside of a third, so its
tracks are colours (named in the key) and every line runs straight to its target, with an
arrow at the manager's end.
"""

from __future__ import annotations

import itertools
import textwrap
from collections.abc import Mapping, Sequence
from typing import Any

import pydot

from pmograph._render import style
from pmograph._render.key import key_label, unit_rows
from pmograph._render.output import Diagram, check_direction, set_title
from pmograph._render.tree import natural_key
from pmograph._typing import StrDiGraph

_WRAP = 22
_NO_TRACK = "Other roles"


def career_ladder(promotions: StrDiGraph, *, title: str | None = None, direction: str = "BT",
                  qualifications: Mapping[str, Sequence[str]] | None = None,
                  highlight: Sequence[str] | None = None) -> Diagram:
    """Draw career moves between roles: tracks as columns, levels as ranks.

    Parameters
    ----------
    promotions
        The promotion view: node keys are role IRIs with ``label``, ``track`` and ``level``;
        edges from → to with ``kind`` ``"promotion"`` or ``"lateral"``.
    qualifications
        Badge texts per role IRI (e.g. ``{"…/ProjectManager": ["PMP", "CAPM"]}``).
    highlight
        A path of role IRIs to draw bold (e.g. one of the shortest promotion paths).
    title
        A title above the diagram.
    direction
        Where the ladder climbs: ``"BT"`` (bottom to top, the default), ``"TB"``, ``"LR"`` or
        ``"RL"``.

    Examples
    --------

    >>> import networkx as nx
    >>> G = nx.DiGraph()
    >>> G.add_node("pa", label="PMO Analyst", track="PMO", level=3)
    >>> G.add_node("pm", label="PMO Manager", track="PMO", level=5)
    >>> G.add_node("pjm", label="Project Manager", track="Delivery", level=4)
    >>> G.add_edge("pa", "pm", kind="promotion")
    >>> G.add_edge("pa", "pjm", kind="lateral")
    >>> ladder = career_ladder(G, qualifications={"pjm": ["PMP"]}, highlight=["pa", "pm"])
    >>> ladder.counts
    {'roles': 3, 'promotions': 1, 'lateral': 1, 'tracks': 2, 'levels': 3, 'highlighted': 1}
    >>> ladder.render("svg").count(b'class="node"') >= 3
    True
    """
    def build(simple: bool) -> Diagram:
        return _Ladder(promotions, "career-ladder", qualifications or {}, list(highlight or []),
                       simple).build(title, check_direction(direction))

    diagram = build(False)
    diagram.simpler = lambda: build(True)
    return diagram


def role_hierarchy(role_reporting: StrDiGraph, *, title: str | None = None,
                   direction: str = "TB") -> Diagram:
    """Draw the typical reporting between roles (superior → subordinate), senior on top.

    Each line has an arrow at the superior's end ("reports to"); tracks are the colour of the
    band on each box, named in the key.  ``title`` goes above the diagram; ``direction`` is
    where it grows from the most senior roles (``"TB"``: top to bottom, the default).

    Examples
    --------

    >>> import networkx as nx
    >>> G = nx.DiGraph([("dir", "mgr"), ("mgr", "analyst")])
    >>> nx.set_node_attributes(G, {"dir": 7, "mgr": 5, "analyst": 3}, "level")
    >>> nx.set_node_attributes(G, "PMO", "track")
    >>> chart = role_hierarchy(G)
    >>> chart.counts["roles"], chart.counts["lines"]
    (3, 2)
    >>> [line for line in chart.to_string().splitlines() if line.startswith("analyst")]
    []
    >>> "arrowtail=normal" in chart.to_string() and "reports to" in chart.to_string()
    True
    """
    def build(simple: bool) -> Diagram:
        return _Ladder(role_reporting, "role-hierarchy", {}, [], simple).build(
            title, check_direction(direction))

    diagram = build(False)
    diagram.simpler = lambda: build(True)
    return diagram


def role_label(data: Mapping[str, Any], badges: Sequence[str], accent: str) -> str:
    """The HTML-like label of a role: its title and a row of qualification badges."""
    lines = textwrap.wrap(str(data.get("label") or "").strip() or "(unnamed role)", _WRAP)
    title = style.font("<BR/>".join(style.escape(x) for x in lines), size=11,
                       color=style.TEXT, bold=True)
    rows = [f'<TR><TD HEIGHT="3" BGCOLOR="{accent}"></TD></TR>', f"<TR><TD>{title}</TD></TR>"]
    if badges:
        cells = [f'<TD BGCOLOR="{style.BADGE_FILL}" STYLE="rounded" CELLPADDING="2">'
                 f'{style.font(style.escape(b), size=8, color=style.BADGE_TEXT, bold=True)}</TD>'
                 for b in badges]
        lines_of_badges = ["".join(cells[i:i + 3]) for i in range(0, len(cells), 3)]
        inner = "".join(f"<TR>{line}</TR>" for line in lines_of_badges)
        rows.append('<TR><TD><TABLE BORDER="0" CELLBORDER="0" CELLSPACING="2" CELLPADDING="0">'
                    f"{inner}</TABLE></TD></TR>")
    return style.html('<TABLE BORDER="0" CELLBORDER="0" CELLSPACING="0" CELLPADDING="1">'
                      + "".join(rows) + "</TABLE>")


def _level(value: Any) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


class _Ladder:
    """One DOT rendering of a role graph on the track × level grid."""

    def __init__(self, graph: StrDiGraph, kind: str, badges: Mapping[str, Sequence[str]],
                 highlight: list[str], simple: bool) -> None:
        self.graph, self.kind, self.badges, self.simple = graph, kind, badges, simple
        self.ladder = kind == "career-ladder"
        self.boxes = self.ladder and not simple  # track columns: the ladder only
        self.badged = False  # whether any role shows a qualification badge
        self.titles = {"pmograph": kind.replace("-", " ").capitalize()}  # hover texts in SVG
        self.path_edges = set(itertools.pairwise(highlight))
        self.path_nodes = set(highlight)
        tracks = {self._track(n) for n in graph}
        self.accent = style.palette(tracks)
        self.levels = sorted({lv for n in graph if (lv := _level(graph.nodes[n].get("level")))
                              is not None})

    def _track(self, node: str) -> str:
        return str(self.graph.nodes[node].get("track") or _NO_TRACK)

    def _order(self, nodes: Any) -> list[str]:
        return sorted(nodes, key=lambda n: (natural_key(str(self.graph.nodes[n].get("label")
                                                            or n)), str(n)))

    def build(self, title: str | None, rankdir: str) -> Diagram:
        diagram = Diagram(kind=self.kind, **style.graph_defaults(
            rankdir=rankdir, ranksep=0.35 if self.ladder else 0.5, nodesep=0.3))
        diagram.set("newrank", "true")
        diagram.set_node_defaults(**style.node_defaults())
        diagram.set_edge_defaults(**style.edge_defaults())
        set_title(diagram, title)
        ids = {n: style.node_id(str(n), "r") for n in self.graph}
        # Level labels down the left edge, chained so the levels keep their order.
        spine = {lv: style.node_id(f"level {lv}", "l") for lv in self.levels}
        for lv in self.levels:
            self.titles[spine[lv]] = f"Level {lv}"
            diagram.add_node(pydot.Node(spine[lv], shape="plaintext", style="",
                                        label=style.html(style.font(f"Level {lv}", size=10,
                                                                    color=style.MUTED,
                                                                    bold=True))))
        ordered = self.levels if self.ladder else self.levels[::-1]
        for low, high in itertools.pairwise(ordered):
            diagram.add_edge(pydot.Edge(spine[low], spine[high], style="invis"))
        for track in sorted(self.accent, key=natural_key):
            members = self._order(n for n in self.graph if self._track(n) == track)
            box: pydot.Graph = diagram
            if self.boxes:
                box = pydot.Subgraph(
                    "cluster_" + style.node_id(track, "t"), labeljust="c",
                    labelloc="b" if rankdir == "BT" else "t",  # "b" is the top when bottom-up
                    label=style.html(style.font(style.escape(track), size=12,
                                                color=self.accent[track], bold=True)),
                    style="rounded,filled", fillcolor=style.tint(self.accent[track], 0.95),
                    color=style.tint(self.accent[track], 0.6))
                diagram.add_subgraph(box)
            for node in members:
                box.add_node(self._role_node(node, ids[node], self.accent[track]))
        for lv in self.levels:
            same = pydot.Subgraph(style.node_id(f"rank {lv}", "k"), rank="same")
            same.add_node(pydot.Node(spine[lv]))
            for node in self._order(n for n in self.graph
                                    if _level(self.graph.nodes[n].get("level")) == lv):
                same.add_node(pydot.Node(ids[node]))
            diagram.add_subgraph(same)
        counts = self._edges(diagram, ids)
        self._legend(diagram, spine, counts)
        diagram.counts = {"roles": self.graph.number_of_nodes(), **counts,
                          "tracks": len(self.accent), "levels": len(self.levels)}
        if self.ladder:
            diagram.counts["highlighted"] = len(self.path_edges & set(self.graph.edges()))
        if title:
            self.titles["pmograph"] = title
        diagram.titles = self.titles
        return diagram

    def _role_node(self, node: str, node_name: str, accent: str) -> pydot.Node:
        data = self.graph.nodes[node]
        attrs: dict[str, Any]  # pydot's attribute values
        badges = list(self.badges.get(node, []))
        level = data.get("level") if data.get("level") is not None else "not given"
        tip = "\n".join([str(data.get("label") or node), f"{self._track(node)}, level {level}",
                         *(["asks for " + ", ".join(badges)] if badges else []), str(node)])
        self.titles[node_name] = tip
        attrs = {"label": role_label(data, badges, accent), "color": accent, "penwidth": "1.2",
                 "tooltip": style.quoted(tip)}
        self.badged = self.badged or bool(badges)
        if node in self.path_nodes:
            attrs.update(color=style.HIGHLIGHT, penwidth="3")
        return pydot.Node(node_name, **attrs)

    def _edges(self, diagram: Diagram, ids: Mapping[str, str]) -> dict[str, int]:
        counts = {"promotions": 0, "lateral": 0} if self.ladder else {"lines": 0}
        for source, target in sorted(self.graph.edges(), key=lambda e: (ids[e[0]], ids[e[1]])):
            data = self.graph.edges[source, target]
            attrs: dict[str, Any] = {}
            if self.ladder:
                lateral = data.get("kind") == "lateral"
                counts["lateral" if lateral else "promotions"] += 1
                attrs.update(arrowhead="vee", arrowsize="0.7",
                             color=self.accent[self._track(target)])
                if lateral:
                    attrs.update(style="dashed", constraint="false", color=style.LINE)
            else:
                counts["lines"] += 1
                attrs.update(dir="back", arrowtail="normal", arrowsize="0.7")
            if (source, target) in self.path_edges:
                attrs.update(color=style.HIGHLIGHT, penwidth="3.2")
            names = [str(self.graph.nodes[n].get("label") or n) for n in (source, target)]
            tip = (f"{data.get('kind') or 'promotion'}: {names[0]} to {names[1]}" if self.ladder
                   else f"{names[1]} typically reports to {names[0]}")
            self.titles[f"{ids[source]}->{ids[target]}"] = tip
            diagram.add_edge(pydot.Edge(ids[source], ids[target], tooltip=style.quoted(tip),
                                        **attrs))
        return counts

    def _legend(self, diagram: Diagram, spine: Mapping[int, str],
                counts: Mapping[str, int]) -> None:
        """A key to the marks used: line kinds, badges, the highlighted path, the tracks."""
        arrow = style.font("━━━▶", color=style.LINE)
        if self.ladder:
            rows = [(arrow, "promotion")] if counts.get("promotions") else []
            if counts.get("lateral"):
                rows.append((style.font("╌╌╌▶", color=style.LINE), "lateral move"))
            if self.badged:
                rows.append(('<TABLE BORDER="0" CELLPADDING="1" CELLSPACING="0"><TR>'
                             f'<TD BGCOLOR="{style.BADGE_FILL}" STYLE="rounded">'
                             f'{style.font("PMP", size=8, color=style.BADGE_TEXT, bold=True)}'
                             "</TD></TR></TABLE>", "qualification asked for"))
            if self.path_edges & set(self.graph.edges()):
                rows.append((style.font("━━━▶", color=style.HIGHLIGHT), "highlighted path"))
        else:
            rows = [(style.font("◀━━━", color=style.LINE),
                     "reports to (typically); the arrow points to the manager")] \
                if counts.get("lines") else []
        rows += unit_rows(self.accent, "band of colour: the role's track")
        name = style.node_id("legend", "x")
        title = "Career ladder" if self.ladder else "Key"
        self.titles[name] = title
        diagram.add_node(pydot.Node(name, shape="plain", style="", label=key_label(title, rows),
                                    tooltip=style.quoted(title)))
        if self.levels:  # beside the lowest level: first rank of the ladder, last of the rest
            ends = (name, spine[self.levels[0]]) if self.ladder else (spine[self.levels[0]], name)
            diagram.add_edge(pydot.Edge(*ends, style="invis"))
