"""A manager's team packed in rows, each row hung from a *bus* line (DOT only, no data).

Packing a wide team in rows keeps a chart within its aspect ratio (DESIGN.md §7), but a
member of the second row then sits below the first row's subtrees: drawn with no line, it
reads as a report of a report.  So every row hangs from a line:

* one *joint* (a point) above each member, a short straight *drop* from it to the member;
* the joints of a row joined left to right, starting at a *corner* on the team's left;
* the manager's line comes down to the first row (between its two middle members), and
  the corners are joined down the team's left side, past each row's subtrees, to the next.

The ranks are fixed by ``minlen``: a row's joints sit one rank above its members and
``gap`` ranks below the row above (the height of that row's tallest subtree), so nothing
overlaps.  Heavy weights keep drops and the side line straight; invisible edges from each
member to the joint below it keep the rows in columns.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Sequence

import pydot

from pmograph._render import style

#: Edges that hang a team on its bus: kept straight and short before anything else.
DROP_WEIGHT = "100"


def hang_rows(diagram: pydot.Graph, team: pydot.Graph, key: str, head: str,
              ids: Sequence[Sequence[str]], gaps: Sequence[int],
              drop: Callable[[int, int, str, str], None], *, reverse: bool = False) -> None:
    """Hang rows of DOT nodes ``ids`` (first row first) from a bus under ``head``.

    ``key`` names the team (for stable point IDs), ``team`` is the cluster the points go in,
    ``gaps[k]`` the ranks row ``k`` takes with its subtrees, and ``drop(row, column, joint,
    member)`` draws the line from a joint down to a member (the caller styles it).
    ``reverse`` writes the left-to-right chains backwards: in a cluster laid out left to right
    (``rankdir=LR``) Graphviz draws a chain of flat edges bottom to top, so reversed it reads
    top to bottom like the rest of the chart.

    Examples
    --------
    >>> dot, team = pydot.Dot(), pydot.Subgraph("cluster_t")
    >>> dot.add_subgraph(team)
    >>> hang_rows(dot, team, "ceo", "boss", [["a", "b"], ["c"]], [1, 1],
    ...           lambda r, c, j, m: dot.add_edge(pydot.Edge(j, m)))
    >>> len([e for e in dot.get_edges() if e.get_style() != "invis"])  # head, 2+1 drops
    4
    >>> len([e for e in team.get_edges() if e.get_style() != "invis"])  # bus lines, side
    5
    """
    corner_above: str | None = None
    for index, row_ids in enumerate(ids):
        corner = style.node_id(f"{key}#bus{index}", "j")
        joints = [style.node_id(f"{key}#bus{index}.{i}", "j") for i in range(len(row_ids))]
        line = [corner, *joints]
        tap = joints[len(joints) // 2]  # where the manager's line meets the first row
        if index == 0 and len(joints) % 2 == 0:  # between the two middle members
            tap = style.node_id(f"{key}#bus{index}.tap", "j")
            line.insert(len(joints) // 2 + 1, tap)
        points = pydot.Subgraph(style.node_id(f"{key}#busrow{index}", "r"), rank="same")
        team.add_subgraph(points)
        for name in line:
            points.add_node(pydot.Node(name, shape="point", width="0.01", height="0.01",
                                       style="filled", color=style.LINE, label=""))
        for left, right in _pairs(line, reverse):
            team.add_edge(pydot.Edge(left, right))
        members = pydot.Subgraph(style.node_id(f"{key}#row{index}", "r"), rank="same")
        team.add_subgraph(members)
        for left, right in _pairs(row_ids, reverse):
            members.add_edge(pydot.Edge(node_part(left), node_part(right), style="invis"))
        for column, (joint, member) in enumerate(zip(joints, row_ids, strict=True)):
            drop(index, column, joint, member)
        if corner_above is None:
            diagram.add_edge(pydot.Edge(head, tap, weight=DROP_WEIGHT))
        else:
            gap = gaps[index - 1]
            team.add_edge(pydot.Edge(corner_above, corner, minlen=str(gap + 1),
                                     weight=DROP_WEIGHT))
            for above, joint in zip(ids[index - 1], joints, strict=False):
                team.add_edge(pydot.Edge(node_part(above), joint, style="invis",
                                         minlen=str(gap), weight="0"))
        corner_above = corner


def _pairs(names: Sequence[str], reverse: bool) -> list[tuple[str, str]]:
    pairs = list(itertools.pairwise(names))
    return [(right, left) for left, right in reversed(pairs)] if reverse else pairs


def node_part(endpoint: str) -> str:
    """The node of a DOT endpoint (``node:port`` → ``node``)."""
    return endpoint.split(":", 1)[0]
