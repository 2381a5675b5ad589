"""The interactive org chart of a loaded graph: the views and the details panel's facts, read
from the store and handed as plain values to :func:`~pmograph._render.html.interactive_org_chart`.

:func:`pmograph.draw` with ``format="html"`` comes here after resolving ``root`` and marking
undescribed posts, as for the static chart.
"""

from __future__ import annotations

from typing import Any

from pmograph._entities import local_name
from pmograph._progress import stage
from pmograph._render.html import HtmlChart, interactive_org_chart
from pmograph._store.graph import KnowledgeGraph
from pmograph._typing import StrDiGraph

__all__ = ["HtmlChart", "interactive_chart", "post_details"]


def interactive_chart(kg: KnowledgeGraph, reporting: StrDiGraph, dotted: StrDiGraph, *,
                      root: str | None = None, depth: int | None = None,
                      title: str | None = None) -> HtmlChart:
    """The interactive page of ``reporting`` (and ``dotted``) with the details of each post.

    Examples
    --------
    >>> import pmograph
    >>> from pmograph._views.org import dotted_line_view, reporting_view
    >>> kg = pmograph.load("examples/sample-org.ttl")
    >>> chart = interactive_chart(kg, reporting_view(kg), dotted_line_view(kg), depth=1)
    >>> chart.counts["posts"], chart.counts["dotted"], chart.counts["job_shares"]
    (15, 1, 1)
    """
    details = post_details(kg, reporting)
    with stage(kg.progress, "writing the interactive org chart"):
        return interactive_org_chart(reporting, dotted, root=root, depth=depth, title=title,
                                     details=details)


def post_details(kg: KnowledgeGraph, reporting: StrDiGraph) -> dict[str, dict[str, Any]]:
    """What the details panel says of each post of ``reporting`` beyond the view's attributes:
    ``identifier``, ``role`` (its label), ``notes`` and ``sources`` (``(label, IRI or text)``).

    Examples
    --------
    >>> import pmograph
    >>> from pmograph._views.org import reporting_view
    >>> kg = pmograph.load("examples/sample-org.ttl")
    >>> facts = post_details(kg, reporting_view(kg))
    >>> facts["https://example.org/meridian/post-pmo-analyst-reporting"]
    {'identifier': 'P009', 'notes': ['A job share: one post, two holders.'], 'role': 'PMO Analyst'}
    """
    labels = kg.labels
    found: dict[str, dict[str, set[str]]] = {}
    for post, fact, value in kg.strings("post-details-all"):
        if post is None or fact is None or value is None or post not in reporting:
            continue
        found.setdefault(post, {}).setdefault(fact, set()).add(value)
    details: dict[str, dict[str, Any]] = {}
    for post, facts in found.items():
        entry = details[post] = {}
        if facts.get("identifier"):
            entry["identifier"] = min(facts["identifier"])
        if facts.get("note"):
            entry["notes"] = sorted(facts["note"])
        if facts.get("source"):
            entry["sources"] = sorted((labels.get(source) or source, source)
                                      for source in facts["source"])
    for post, data in reporting.nodes(data=True):
        role = data.get("role")
        if role:
            details.setdefault(post, {})["role"] = labels.get(role) or local_name(role)
    return details
