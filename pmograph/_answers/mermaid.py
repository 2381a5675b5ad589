"""``render … -o chart.mmd``: org charts, career ladders and role hierarchies as Mermaid text.

The same views as the Graphviz diagrams (:func:`~pmograph.draw`), written as Mermaid flowcharts
for wikis and Markdown (:mod:`pmograph._render.mermaid`).
"""

from __future__ import annotations

from pmograph._answers.draw import KINDS, _post, _titled_tracks
from pmograph._errors import RenderError
from pmograph._render.mermaid import (
    career_ladder_mermaid,
    org_chart_mermaid,
    role_hierarchy_mermaid,
)
from pmograph._store.graph import KnowledgeGraph

__all__ = ["mermaid"]


def mermaid(kg: KnowledgeGraph, kind: str, *, root: str | None = None,
            depth: int | None = None, max_nodes: int = 300, title: str | None = None,
            direction: str | None = None) -> str:
    """One diagram of ``kg`` as Mermaid flowchart text (``"org-chart"``, ``"career-ladder"``
    or ``"role-hierarchy"``); options as for :func:`~pmograph.draw`.

    Examples
    --------
    >>> import pmograph
    >>> text = mermaid(pmograph.load("examples/sample-org.ttl"), "org-chart", root="P005")
    >>> print(text.splitlines()[1])
      n0["Director, Enterprise PMO<br/>Daniel Mensah"]
    >>> "-.->|lateral|" in mermaid(pmograph.load(), "career-ladder")
    True
    """
    from pmograph._views.org import dotted_line_view, reporting_view
    from pmograph._views.roles import promotion_view, role_reporting_view

    if kind not in KINDS:
        raise RenderError(f"unknown diagram {kind!r}; use one of {', '.join(KINDS)}")
    if kind == "org-chart":
        reporting = reporting_view(kg)
        if not len(reporting):
            raise RenderError("nothing to draw: the graph has no posts and no reporting lines; "
                              "load an organisation (--data FILE, or pmograph.load(FILE))")
        top = _post(kg, reporting, root) if root is not None else None
        return org_chart_mermaid(reporting, dotted_line_view(kg), root=top, depth=depth,
                                 max_nodes=max_nodes, title=title, direction=direction or "TB")
    if kind == "career-ladder":
        return career_ladder_mermaid(_titled_tracks(promotion_view(kg)), title=title,
                                     direction=direction or "BT")
    return role_hierarchy_mermaid(_titled_tracks(role_reporting_view(kg)), title=title,
                                  direction=direction or "TB")
