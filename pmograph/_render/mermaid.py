"""Mermaid flowcharts of org charts, career ladders and role hierarchies, for wikis and Markdown.

`Mermaid <https://mermaid.js.org/syntax/flowchart.html>`_ text renders where Markdown does
(GitHub, GitLab, Confluence and many wikis).  Functions take views (networkx graphs) and return
the text.  Node ids are opaque (``n0``, ``n1`` ...) and labels are always quoted with every
character Mermaid or its HTML labels could read as syntax written as an entity code
(``#quot;``, ``#lt;`` ...), so no label can end a node, start a link or inject markup.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from typing import Any

import networkx as nx

from pmograph._errors import RenderError
from pmograph._typing import StrDiGraph

__all__ = ["career_ladder_mermaid", "mermaid_label", "org_chart_mermaid",
           "role_hierarchy_mermaid"]

#: Characters written as Mermaid entity codes inside quoted labels.
_ENTITIES = {'"': "#quot;", "#": "#35;", "<": "#lt;", ">": "#gt;", "&": "#amp;",
             "`": "#96;", "\\": "#92;", "|": "#124;", "{": "#123;", "}": "#125;",
             "[": "#91;", "]": "#93;", "(": "#40;", ")": "#41;"}
_UNSAFE = re.compile("[" + re.escape("".join(_ENTITIES)) + "]")
_CONTROL = re.compile(r"[\x00-\x1f\x7f\u2028\u2029]+")
DIRECTIONS = ("TB", "BT", "LR", "RL")


def mermaid_label(*lines: str) -> str:
    """A quoted Mermaid label of ``lines`` (joined with ``<br/>``), safe whatever the text.

    Examples
    --------
    >>> mermaid_label('Head of "R&D"', "Ada <Lovelace>")
    '"Head of #quot;R#amp;D#quot;<br/>Ada #lt;Lovelace#gt;"'
    """
    safe = [_UNSAFE.sub(lambda m: _ENTITIES[m.group()], _CONTROL.sub(" ", line)).strip()
            for line in lines if line and line.strip()]
    return '"' + "<br/>".join(safe) + '"'


def org_chart_mermaid(G: StrDiGraph, dotted: StrDiGraph | None = None, *,
                      root: str | None = None, depth: int | None = None,
                      max_nodes: int = 300, title: str | None = None,
                      direction: str = "TB") -> str:
    """An org chart as a Mermaid flowchart: solid lines ``-->``, dotted lines ``-.->``.

    ``G`` is a reporting view (edges manager → report; nodes with ``label``, ``holders``,
    ``vacant``).  Each post shows its title and holders (or *vacant*); job shares and vacant
    posts get a class (``jobshare``, ``vacant``) drawn with a double or dashed outline.  Past
    ``max_nodes`` posts, or below ``depth``, the rest of a team is one ``+N more`` node.

    Examples
    --------
    >>> G = nx.DiGraph([("ceo", "cto"), ("ceo", "cfo")])
    >>> nx.set_node_attributes(G, {"ceo": {"label": "CEO", "holders": ["Ada"]},
    ...     "cto": {"label": "CTO", "holders": [], "vacant": True},
    ...     "cfo": {"label": "CFO", "holders": ["Bo", "Cy"]}})
    >>> print(org_chart_mermaid(G), end="")
    flowchart TB
      n0["CEO<br/>Ada"]
      n1["CFO<br/>Bo, Cy"]:::jobshare
      n2["CTO<br/>vacant"]:::vacant
      n0 --> n1
      n0 --> n2
      classDef vacant stroke-dasharray: 5 5
      classDef jobshare stroke-width: 3px
    """
    _direction(direction)
    if max_nodes < 1:
        raise RenderError(f"max_nodes must be at least 1, not {max_nodes}")
    tops = [root] if root is not None else sorted(
        (n for n in G if G.in_degree(n) == 0), key=lambda n: (_label(G, n), n))
    if root is not None and root not in G:
        raise RenderError(f"{root!r} is not a post of the org chart")
    order, more = _breadth_first(G, tops, depth=depth, budget=max_nodes)
    ids = {node: f"n{number}" for number, node in enumerate(order)}
    lines = _header(title, direction)
    for node in order:
        data = G.nodes[node]
        holders = list(data.get("holders") or [])
        people = ", ".join(holders) if holders else ("vacant" if data.get("vacant") else "")
        css = ":::vacant" if data.get("vacant") else ":::jobshare" if len(holders) > 1 else ""
        lines.append(f"  {ids[node]}[{mermaid_label(_label(G, node), people)}]{css}")
    for number, (manager, hidden) in enumerate(sorted(more.items(), key=lambda i: ids[i[0]])):
        lines.append(f"  m{number}[{mermaid_label(f'+{hidden} more')}]:::more")
        lines.append(f"  {ids[manager]} --> m{number}")
    lines += [f"  {ids[a]} --> {ids[b]}" for a, b in _edges(G, ids)]
    if dotted is not None:
        lines += [f"  {ids[a]} -.-> {ids[b]}" for a, b in _edges(dotted, ids)]
    lines += ["  classDef vacant stroke-dasharray: 5 5", "  classDef jobshare stroke-width: 3px"]
    if more:
        lines.append("  classDef more fill:#eeeeee,stroke:#999999")
    return "\n".join(lines) + "\n"


def career_ladder_mermaid(G: StrDiGraph, *, title: str | None = None,
                          direction: str = "BT") -> str:
    """Career moves as a Mermaid flowchart: one subgraph per track, roles by level,
    promotions ``-->`` and lateral moves ``-.->|lateral|``.

    ``G`` is a promotion view (nodes with ``label``, ``track``, ``level``; edges with
    ``kind``).  Roles with no move in or out are left out, as on the drawn ladder.

    Examples
    --------
    >>> G = nx.DiGraph()
    >>> G.add_node("a", label="Analyst", track="PMO", level=2)
    >>> G.add_node("m", label="Manager", track="PMO", level=3)
    >>> G.add_node("p", label="Project Manager", track="delivery", level=3)
    >>> G.add_edge("a", "m", kind="promotion"); G.add_edge("a", "p", kind="lateral")
    >>> print(career_ladder_mermaid(G), end="")
    flowchart BT
      subgraph t0["PMO"]
        n0["Analyst<br/>level 2"]
        n1["Manager<br/>level 3"]
      end
      subgraph t1["delivery"]
        n2["Project Manager<br/>level 3"]
      end
      n0 --> n1
      n0 -.->|lateral| n2
    """
    _direction(direction)
    roles = [n for n in G if G.degree(n)]
    return _by_track(G, roles, title, direction, lambda a, b: (
        " -.->|lateral| " if G.edges[a, b].get("kind") == "lateral" else " --> "))


def role_hierarchy_mermaid(G: StrDiGraph, *, title: str | None = None,
                           direction: str = "TB") -> str:
    """Typical reporting between roles (a role-reporting view, superior → subordinate), one
    subgraph per track.

    Examples
    --------
    >>> G = nx.DiGraph([("d", "m")])
    >>> nx.set_node_attributes(G, {"d": {"label": "Director", "track": None, "level": 4},
    ...                            "m": {"label": "Manager", "track": None, "level": 3}})
    >>> print(role_hierarchy_mermaid(G).splitlines()[-1])
      n1 --> n0
    """
    _direction(direction)
    return _by_track(G, list(G), title, direction, lambda a, b: " --> ")


# ------------------------------------------------------------------------------------ helpers
def _by_track(G: StrDiGraph, roles: list[str], title: str | None, direction: str,
              arrow: Any) -> str:
    tracks: dict[str, list[str]] = {}
    for role in sorted(roles, key=lambda n: (_track(G, n), G.nodes[n].get("level") or 0,
                                             _label(G, n), n)):
        tracks.setdefault(_track(G, role), []).append(role)
    ids: dict[str, str] = {}
    lines = _header(title, direction)
    for number, (track, members) in enumerate(sorted(
            tracks.items(), key=lambda item: (not item[0], _first_level(G, item[1]), item[0]))):
        indent = "  "
        if track:
            lines.append(f"  subgraph t{number}[{mermaid_label(track)}]")
            indent = "    "
        for role in members:
            ids[role] = f"n{len(ids)}"
            level = G.nodes[role].get("level")
            label = mermaid_label(_label(G, role), "" if level is None else f"level {level}")
            lines.append(f"{indent}{ids[role]}[{label}]")
        if track:
            lines.append("  end")
    lines += [f"  {ids[a]}{arrow(a, b)}{ids[b]}" for a, b in _edges(G, ids)]
    return "\n".join(lines) + "\n"


def _header(title: str | None, direction: str) -> list[str]:
    lines = []
    if title:
        # A JSON string is a YAML double-quoted scalar: any title stays one value.
        lines += ["---", "title: " + json.dumps(_CONTROL.sub(" ", title)), "---"]
    return [*lines, f"flowchart {direction}"]


def _breadth_first(G: StrDiGraph, tops: Iterable[str], *, depth: int | None,
                   budget: int) -> tuple[list[str], dict[str, int]]:
    """The nodes drawn, top first, and manager → how many of their team are not drawn."""
    order: list[str] = []
    seen: set[str] = set()
    more: dict[str, int] = {}
    level = [t for t in tops if t not in seen]
    seen.update(level)
    steps = 0
    while level:
        following = []
        for node in level:
            if len(order) >= budget:
                break
            order.append(node)
            team = sorted((n for n in G.successors(node) if n not in seen),
                          key=lambda n: (_label(G, n), n))
            if depth is not None and steps >= depth:
                if team:
                    more[node] = len(nx.descendants(G, node) - seen)
                continue
            seen.update(team)
            following.extend(team)
        steps += 1
        level = following
    drawn = set(order)
    for node in order:
        hidden = [n for n in G.successors(node) if n not in drawn]
        if hidden and node not in more:
            more[node] = len(set().union(*(nx.descendants(G, n) | {n} for n in hidden)) - drawn)
    return order, more


def _edges(G: StrDiGraph, ids: dict[str, str]) -> list[tuple[str, str]]:
    return sorted(((a, b) for a, b in G.edges if a in ids and b in ids and a != b),
                  key=lambda edge: (int(ids[edge[0]][1:]), int(ids[edge[1]][1:])))


def _direction(direction: str) -> None:
    if direction not in DIRECTIONS:
        raise RenderError(f"unknown direction {direction!r}; use one of {', '.join(DIRECTIONS)}")


def _label(G: StrDiGraph, node: str) -> str:
    return str(G.nodes[node].get("label") or node)


def _track(G: StrDiGraph, node: str) -> str:
    return str(G.nodes[node].get("track") or "")


def _first_level(G: StrDiGraph, roles: list[str]) -> int:
    return min((G.nodes[r].get("level") or 0 for r in roles), default=0)
