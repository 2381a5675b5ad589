"""``pmograph render org-chart --diff OLD NEW``: the later org chart with what changed marked.

:func:`draw_diff` compares the two snapshots as :func:`pmograph.diff` does (the same
snapshots, the same changes, renamed posts compared as one) and hands the reporting view of the
later one, with the changes as plain data, to the renderer
(:func:`pmograph._render.changes.diff_chart`): posts added, posts moved with the manager they
came from, posts removed drawn ghosted where they were, new holders, titles before a retitle,
holders who left.
"""

from __future__ import annotations

import os
from collections import defaultdict
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from pmograph._algorithms.changes import Change, org_changes
from pmograph._answers.diff import Side, side_graph
from pmograph._answers.draw import _post
from pmograph._errors import RenderError
from pmograph._render.changes import ChartChanges, diff_chart
from pmograph._render.output import Diagram, check_direction, check_dpi
from pmograph._store.graph import KnowledgeGraph
from pmograph._store.snapshots import SnapshotBackend
from pmograph._views.org import dotted_line_view, post_links, reporting_view
from pmograph._views.snapshot import org_snapshot

__all__ = ["draw_diff"]


def draw_diff(old: Side, new: Side, *, root: str | None = None, depth: int | None = None,
              clusters: bool = False, max_nodes: int = 300, title: str | None = None,
              dpi: int | None = None, direction: str | None = None) -> Diagram:
    """The org chart of ``new`` with what changed since ``old`` marked, and a key.

    Parameters
    ----------
    old, new : KnowledgeGraph or path
        The organisation before and after: loaded graphs (a snapshot of a store, the
        organisation :func:`pmograph.as_of` a date ...) or files.
    root, depth, clusters, max_nodes, title, dpi, direction
        As for :func:`pmograph.draw`'s org chart (``root`` names a post of ``new``).  The
        title defaults to "Changes from OLD to NEW" (dates of snapshots, else file names).

    Returns
    -------
    Diagram
        Its ``counts`` add ``added``, ``moved``, ``removed`` and ``new_holders``.

    Examples
    --------
    >>> chart = draw_diff("tests/data/snapshots/org-2026-03.ttl",
    ...                   "tests/data/snapshots/org-2026-09.ttl")
    >>> {k: chart.counts[k] for k in ("added", "moved", "removed", "new_holders")}
    {'added': 1, 'moved': 1, 'removed': 1, 'new_holders': 2}
    """
    check_dpi(dpi)
    if direction is not None:
        check_direction(direction)
    before_kg, after_kg = _graph(old), _graph(new)
    (before, old_labels), (after, new_labels) = org_snapshot(before_kg), org_snapshot(after_kg)
    changes, renamed = org_changes(before, after)
    reporting = reporting_view(after_kg)
    if not len(reporting):
        raise RenderError(f"nothing to draw: {_name(new, after_kg)} has no posts")
    was = {now: then for then, now in renamed}  # a post's IRI in the earlier snapshot

    def old_name(iri: str) -> str:
        return old_labels.get(was.get(iri, iri)) or new_labels.get(iri) or iri

    def held_before(post: str) -> frozenset[str]:
        return before.holders.get(was.get(post, post), frozenset())

    by_kind: dict[str, list[Change]] = defaultdict(list)
    for change in changes:
        by_kind[change.kind].append(change)
    old_view = reporting_view(before_kg)
    renames = dict(renamed)
    marks = ChartChanges(
        added=frozenset(c.subject for c in by_kind["post-added"]),
        moved={c.subject: ", ".join(old_name(m) for m in _iris(c.before))
               for c in by_kind["post-moved"]},
        removed={c.subject: {**old_view.nodes[c.subject], "managers": [
            renames.get(m, m) for m in sorted(before.managers.get(c.subject, ()))],
            **_unit_now(before_kg, c.subject, after.units)}
                 for c in by_kind["post-removed"] if c.subject in old_view},
        new_holders=_named(new_labels, {post: after.holders.get(post, frozenset())
                                        - held_before(post) for post in after.titles}),
        retitled={c.subject: str(c.before) for c in by_kind["post-retitled"]},
        left=_named(old_labels, {post: held_before(post)
                                 - after.holders.get(post, frozenset())
                                 for post in after.titles}))
    top = _post(after_kg, reporting, root) if root is not None else None
    diagram = diff_chart(
        reporting, dotted_line_view(after_kg), marks, root=top, depth=depth,
        clusters=clusters, max_nodes=max_nodes, direction=direction or "TB",
        title=title or f"Changes from {_name(old, before_kg)} to {_name(new, after_kg)}")
    diagram.dpi = dpi
    diagram.progress = after_kg.progress
    return diagram


def _graph(side: Side) -> KnowledgeGraph:
    return side_graph(side)[0]


def _name(side: Side, kg: KnowledgeGraph) -> str:
    """A snapshot by its date, a file by its name, any other graph by its store."""
    if isinstance(kg.backend, SnapshotBackend):
        return kg.backend.snapshot.date.isoformat()
    if isinstance(side, (str, os.PathLike)):
        return Path(side).name
    return kg.store if isinstance(side, KnowledgeGraph) else "an rdflib graph"


def _iris(value: Any) -> list[str]:
    if value is None:
        return []
    return [str(v) for v in value] if isinstance(value, tuple) else [str(value)]


def _unit_now(kg: KnowledgeGraph, post: str, units: Mapping[str, str]) -> dict[str, str]:
    """A removed post's unit by the name it has in the later snapshot, if it is still there
    (a renamed unit is one unit, with one colour in the chart)."""
    now = sorted(units[unit] for unit in post_links(kg).units.get(post, ()) if unit in units)
    return {"unit": now[0]} if now else {}


def _named(labels: Mapping[str, str], people: Mapping[str, frozenset[str]]
           ) -> dict[str, list[str]]:
    """Post → the labels of ``people`` (posts with nobody left out)."""
    return {post: sorted(labels.get(person, person) for person in found)
            for post, found in people.items() if found}
