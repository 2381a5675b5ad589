"""An org chart of what changed: the later snapshot's chart with the changes marked.

:func:`diff_chart` takes the reporting view of the later snapshot and the changes as plain
data (:class:`ChartChanges`), marks the posts (node attributes read by
:mod:`pmograph._render.change_marks`), adds the posts that are gone as ghosts under the manager
they had (where that manager is still drawn), and draws the result with
:func:`~pmograph._render.org.org_chart`: added posts, moved posts with the manager they came
from, removed posts ghosted, new holders marked, and a key to the marks.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import networkx as nx

from pmograph._render.org import org_chart
from pmograph._render.output import Diagram
from pmograph._typing import StrDiGraph


@dataclass(frozen=True)
class ChartChanges:
    """What changed, by post IRI, as plain values.

    ``added``: posts new in the later snapshot; ``moved``: post → the label of the line
    manager it had before (``""``: it was at the top); ``removed``: a post that is gone → its
    node attributes as the earlier view had them (``label``, ``holders``, ``unit`` ...) plus
    ``managers``, the IRIs (in the later chart) of the posts it reported to; ``new_holders``:
    post → the labels of holders who did not hold it before; ``retitled``: post → its title
    before; ``left``: post → the labels of holders who no longer hold it.
    """

    added: frozenset[str] = frozenset()
    moved: Mapping[str, str] = field(default_factory=dict)
    removed: Mapping[str, Mapping[str, Any]] = field(default_factory=dict)
    new_holders: Mapping[str, Sequence[str]] = field(default_factory=dict)
    retitled: Mapping[str, str] = field(default_factory=dict)
    left: Mapping[str, Sequence[str]] = field(default_factory=dict)


def marked_view(reporting: StrDiGraph, changes: ChartChanges) -> StrDiGraph:
    """A copy of ``reporting`` with the changes as node attributes and the removed posts as
    ghost nodes (``change="removed"``) under the managers they had, where those are there.

    Examples
    --------
    >>> import networkx as nx
    >>> G = nx.DiGraph([("ceo", "cfo")])
    >>> changes = ChartChanges(added=frozenset({"cfo"}),
    ...                        removed={"coo": {"label": "COO", "managers": ["ceo"]}})
    >>> marked = marked_view(G, changes)
    >>> marked.nodes["cfo"]["change"], marked.nodes["coo"]["change"], sorted(marked.edges)
    ('added', 'removed', [('ceo', 'cfo'), ('ceo', 'coo')])
    """
    G = reporting.copy()
    notes: dict[str, list[str]] = {}

    def mark(post: str, **attrs: Any) -> None:
        if post in G:
            G.nodes[post].update(attrs)

    for post in changes.added:
        mark(post, change="added")
    for post, before in changes.moved.items():
        mark(post, change="moved")
        notes.setdefault(post, []).append(f"from {before}" if before else "was at the top")
    for post, title in changes.retitled.items():
        notes.setdefault(post, []).append(f"was: {title}")
    for post, people in changes.left.items():
        if people:
            notes.setdefault(post, []).append("left: " + ", ".join(people))
    for post, people in changes.new_holders.items():
        mark(post, new_holders=list(people))
    for post, found in notes.items():
        mark(post, change_notes=found)
    for post, data in changes.removed.items():
        if post in G:
            continue
        attrs = {key: value for key, value in data.items() if key != "managers"}
        G.add_node(post, **{**attrs, "change": "removed", "vacant": False, "kind": "post"})
    for post, data in changes.removed.items():
        for manager in data.get("managers") or ():
            if manager in G and manager != post:
                G.add_edge(manager, post)
    return G


def diff_chart(reporting: StrDiGraph, dotted: StrDiGraph | None = None,
               changes: ChartChanges | None = None, **options: Any) -> Diagram:
    """Draw the later snapshot's org chart with ``changes`` marked (and a key to them).

    ``options`` are those of :func:`~pmograph._render.org.org_chart` (``root``, ``depth``,
    ``clusters``, ``max_nodes``, ``title``, ``direction``).  The diagram's ``counts`` add
    ``added``, ``moved``, ``removed`` and ``new_holders``: how many of each there are in the
    chart (below ``root`` when given).

    Examples
    --------
    >>> import networkx as nx
    >>> G = nx.DiGraph([("ceo", "cfo"), ("ceo", "cto")])
    >>> nx.set_node_attributes(G, {"ceo": "Chief Executive", "cfo": "Finance Director",
    ...                            "cto": "Technology Director"}, "label")
    >>> G.nodes["cto"]["holders"] = ["Ana"]
    >>> chart = diff_chart(G, changes=ChartChanges(
    ...     moved={"cfo": "Chief Operating Officer"}, new_holders={"cto": ["Ana"]},
    ...     removed={"coo": {"label": "Chief Operating Officer", "holders": ["Bo"],
    ...                      "managers": ["ceo"]}}))
    >>> {k: chart.counts[k] for k in ("posts", "added", "moved", "removed", "new_holders")}
    {'posts': 4, 'added': 0, 'moved': 1, 'removed': 1, 'new_holders': 1}
    >>> text = chart.to_string()
    >>> "from Chief Operating Officer" in text and "<S>Chief Operating Officer</S>" in text
    True
    """
    marked = marked_view(reporting, changes or ChartChanges())
    root = options.get("root")
    scope = marked if root is None else nx.descendants(marked, root) | {root}
    drawn = [marked.nodes[node] for node in scope]

    def counted(diagram: Diagram) -> Diagram:
        diagram.counts.update({
            "added": sum(data.get("change") == "added" for data in drawn),
            "moved": sum(data.get("change") == "moved" for data in drawn),
            "removed": sum(data.get("change") == "removed" for data in drawn),
            "new_holders": sum(len(data.get("new_holders") or ()) for data in drawn)})
        return diagram

    diagram = org_chart(marked, dotted, **options)
    simpler = diagram.simpler
    if simpler is not None:
        diagram.simpler = lambda: counted(simpler())
    return counted(diagram)
