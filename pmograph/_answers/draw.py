"""Diagrams of a loaded graph: the thin layer between a :class:`KnowledgeGraph` and the pure
renderers (:func:`org_chart`, :func:`career_ladder`, :func:`role_hierarchy`).

It resolves names (``--root``, ``--highlight``), builds the networkx views, reads the
qualification badges, and hands plain graphs to the renderers.  Rendering sees only views.
"""

from __future__ import annotations

import re
from collections import defaultdict

from rdflib import Literal, URIRef

from pmograph._errors import RenderError
from pmograph._render.org import org_chart
from pmograph._render.output import Diagram, write_diagram
from pmograph._render.roles import career_ladder, role_hierarchy
from pmograph._store.graph import KnowledgeGraph
from pmograph._typing import StrDiGraph

__all__ = ["KINDS", "Diagram", "career_ladder", "draw", "org_chart", "role_hierarchy",
           "write_diagram"]

#: The diagrams :func:`draw` knows, by their CLI names.
KINDS = ("org-chart", "career-ladder", "role-hierarchy")
_ACRONYM = re.compile(r"^[A-Z][A-Z0-9&]{1,7}$")


def draw(kg: KnowledgeGraph, kind: str, *, root: str | None = None, depth: int | None = None,
         clusters: bool = False, max_nodes: int = 300,
         highlight: tuple[str, str] | None = None) -> Diagram:
    """Draw one diagram of ``kg``: ``"org-chart"``, ``"career-ladder"`` or ``"role-hierarchy"``.

    Parameters
    ----------
    kg
        A loaded graph.
    kind
        Which diagram.
    root, depth, clusters, max_nodes
        Org chart only: the top post (a name: post, person, identifier ...), how many levels
        below it, boxes around units, and the most posts drawn before "+N more" summaries.
    highlight
        Career ladder only: ``(SOURCE, TARGET)`` role names; the shortest promotion path
        between them is drawn bold.

    Examples
    --------
    >>> import pmograph
    >>> ladder = draw(pmograph.load(), "career-ladder", highlight=("PMO Analyst", "PMO Director"))
    >>> ladder.counts["highlighted"] >= 1
    True
    >>> "PMP" in ladder.to_string()
    True
    """
    from pmograph._views.org import dotted_line_view, reporting_view
    from pmograph._views.roles import promotion_view, role_reporting_view

    if kind == "org-chart":
        reporting = reporting_view(kg)
        if not len(reporting):
            raise RenderError("nothing to draw: the graph has no posts and no reporting lines; "
                              "load an organisation (--data FILE, or pmograph.load(FILE))")
        top = _post(kg, reporting, root) if root is not None else None
        return org_chart(reporting, dotted_line_view(kg), root=top, depth=depth,
                         clusters=clusters, max_nodes=max_nodes)
    if kind == "career-ladder":
        promotions = _titled_tracks(promotion_view(kg))
        path = _path(kg, promotions, highlight) if highlight else None
        return career_ladder(promotions, qualifications=qualification_badges(kg), highlight=path)
    if kind == "role-hierarchy":
        return role_hierarchy(_titled_tracks(role_reporting_view(kg)))
    raise RenderError(f"unknown diagram {kind!r}; use one of {', '.join(KINDS)}")


def qualification_badges(kg: KnowledgeGraph) -> dict[str, list[str]]:
    """Short badge texts of the qualifications each role asks for (an acronym such as
    ``PMP`` where the catalog gives one, else the preferred label).

    Examples
    --------
    >>> import pmograph
    >>> kg = pmograph.load()
    >>> qualification_badges(kg)[str(kg.resolve("Project Manager"))]
    ["Bachelor's degree", 'CAPM', 'PMP']
    """
    names: dict[tuple[str, str], str] = {}
    for role, qualification, label, alt in kg.select("qualification-badges"):
        if not isinstance(role, URIRef) or not isinstance(qualification, URIRef):
            continue
        key = (str(role), str(qualification))
        if isinstance(alt, Literal) and _ACRONYM.match(str(alt)):
            shortest = names.get(key)
            if shortest is None or not _ACRONYM.match(shortest) or len(str(alt)) < len(shortest):
                names[key] = str(alt)
        elif key not in names:
            names[key] = str(label) if isinstance(label, Literal) else kg.label(qualification)
    badges: dict[str, list[str]] = defaultdict(list)
    for (role_iri, _), text in sorted(names.items()):
        badges[role_iri].append(text)
    return {role: sorted(set(texts), key=str.casefold) for role, texts in badges.items()}


def _titled_tracks(view: StrDiGraph) -> StrDiGraph:
    """A copy of a (cached, shared) view with tracks as column titles: "delivery" becomes
    "Delivery" ("PMO" stays)."""
    graph = view.copy()
    for _, data in graph.nodes(data=True):
        track = data.get("track")
        if isinstance(track, str) and track[:1].islower():
            data["track"] = track[:1].upper() + track[1:]
    return graph


def _post(kg: KnowledgeGraph, reporting: StrDiGraph, name: str) -> str:
    from pmograph._answers.subjects import resolve_preferring
    from pmograph._views.org import posts_held

    iri = str(resolve_preferring(kg, name)[0])  # a post first over a role of its title
    if iri in reporting:
        return iri
    held = [p for p in posts_held(kg, iri) if p in reporting]
    if not held:
        raise RenderError(f"{name!r} is not a post on any reporting line (nor holds one)")
    return held[0]


def _path(kg: KnowledgeGraph, promotions: StrDiGraph, highlight: tuple[str, str]) -> list[str]:
    from pmograph._algorithms.promotion import promotion_paths

    source, target = (str(kg.resolve(name, kinds={"role"})) for name in highlight)
    for role, name in ((source, highlight[0]), (target, highlight[1])):
        if role not in promotions:
            raise RenderError(f"{name!r} has no career moves to draw")
    paths = promotion_paths(promotions, source, target, k=1)
    if not paths:
        raise RenderError(f"no promotion path from {highlight[0]!r} to {highlight[1]!r}")
    return paths[0]
