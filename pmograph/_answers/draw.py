"""Diagrams of a loaded graph: the thin layer between a :class:`KnowledgeGraph` and the pure
renderers (:func:`org_chart`, :func:`career_ladder`, :func:`role_hierarchy`).

It resolves names (``--root``, ``--highlight``), builds the networkx views, reads the
qualification badges, and hands plain graphs to the renderers.  Rendering sees only views.
"""

from __future__ import annotations

import re
import typing
from collections import defaultdict
from typing import overload

from rdflib import Literal, URIRef

from pmograph._errors import RenderError
from pmograph._progress import stage
from pmograph._render.html import HtmlChart
from pmograph._render.org import org_chart
from pmograph._render.output import Diagram, check_direction, check_dpi, write_diagram
from pmograph._render.roles import career_ladder, role_hierarchy
from pmograph._store.graph import KnowledgeGraph
from pmograph._typing import StrDiGraph

__all__ = ["KINDS", "Diagram", "career_ladder", "draw", "org_chart", "role_hierarchy",
           "write_diagram"]

#: The diagrams :func:`draw` knows, by their CLI names.
KINDS = ("org-chart", "career-ladder", "role-hierarchy")
_ACRONYM = re.compile(r"^[A-Z][A-Z0-9&]{1,7}$")


@overload
def draw(kg: KnowledgeGraph, kind: str, *,  # type: ignore[overload-overlap]
         format: typing.Literal["html"],
         root: str | None = None, depth: int | None = None, clusters: bool = False,
         max_nodes: int = 300, highlight: tuple[str, str] | None = None,
         title: str | None = None, dpi: int | None = None,
         direction: str | None = None) -> HtmlChart: ...
@overload
def draw(kg: KnowledgeGraph, kind: str, *, format: str | None = None,
         root: str | None = None, depth: int | None = None, clusters: bool = False,
         max_nodes: int = 300, highlight: tuple[str, str] | None = None,
         title: str | None = None, dpi: int | None = None,
         direction: str | None = None) -> Diagram: ...
def draw(kg: KnowledgeGraph, kind: str, *, format: str | None = None,
         root: str | None = None, depth: int | None = None,
         clusters: bool = False, max_nodes: int = 300,
         highlight: tuple[str, str] | None = None, title: str | None = None,
         dpi: int | None = None, direction: str | None = None) -> Diagram | HtmlChart:
    """Draw one diagram of ``kg``: ``"org-chart"``, ``"career-ladder"`` or ``"role-hierarchy"``.

    Parameters
    ----------
    kg
        A loaded graph.
    kind
        Which diagram.
    format
        ``"html"``: an org chart as one interactive, self-contained page (an
        :class:`~pmograph.HtmlChart`: search, open and close teams, details of a post; every
        post is embedded, ``depth`` levels open at the start).  Anything else: a
        :class:`Diagram`, written later as SVG, PNG, PDF or DOT.
    root, depth, clusters, max_nodes
        Org chart only: the top post (a name: post, person, identifier ...), how many levels
        below it, boxes around units, and the most posts drawn before "+N more" summaries.
    highlight
        Career ladder only: ``(SOURCE, TARGET)`` role names; the shortest promotion path
        between them is drawn bold.
    title
        A title drawn above the diagram.
    dpi
        Resolution of PNG output (dots per inch, 10 to 2400; Graphviz's default is 96).
    direction
        Where the diagram grows: ``"TB"`` (top to bottom; the default of the org chart and
        the role hierarchy), ``"BT"`` (the career ladder's default), ``"LR"`` or ``"RL"``.

    Returns
    -------
    Diagram
        The diagram, with what it draws in ``counts``; for an org chart, the reporting cycles
        and second line managers it marks in red are in ``problems`` and ``warnings``, and
        posts that nothing in the data describes (a reporting line into nowhere) are drawn by
        their short IRI and marked.

    Examples
    --------
    >>> import pmograph
    >>> ladder = draw(pmograph.load(), "career-ladder", highlight=("PMO Analyst", "PMO Director"))
    >>> ladder.counts["highlighted"] >= 1
    True
    >>> "PMP" in ladder.to_string()
    True
    """
    if kind not in KINDS:
        raise RenderError(f"unknown diagram {kind!r}; use one of {', '.join(KINDS)}")
    check_dpi(dpi)
    if direction is not None:
        check_direction(direction)
    if format is not None and format.lower().lstrip(".") in ("html", "htm"):
        return _interactive(kg, kind, root=root, depth=depth, title=title, clusters=clusters,
                            dpi=dpi, direction=direction)
    diagram = _draw(kg, kind, root=root, depth=depth, clusters=clusters, max_nodes=max_nodes,
                    highlight=highlight, title=title, direction=direction)
    diagram.dpi = dpi
    diagram.progress = kg.progress  # laying out is a stage of its own
    return diagram


def _draw(kg: KnowledgeGraph, kind: str, *, root: str | None, depth: int | None,
          clusters: bool, max_nodes: int, highlight: tuple[str, str] | None,
          title: str | None, direction: str | None) -> Diagram:
    from pmograph._views.org import dotted_line_view, reporting_view
    from pmograph._views.roles import promotion_view, role_reporting_view

    if kind == "org-chart":
        reporting = reporting_view(kg)
        if not len(reporting):
            raise RenderError("nothing to draw: the graph has no posts and no reporting lines; "
                              "load an organisation (--data FILE, or pmograph.load(FILE))")
        top = _post(kg, reporting, root) if root is not None else None
        marked, dotted = _with_undescribed(kg, reporting), dotted_line_view(kg)
        # org_chart looks for cycles and second managers only when its layout tree finds a
        # line that breaks the tree: a whole search of 100,000 posts costs 1.5 s
        with stage(kg.progress, "planning the org chart"):  # whom to draw, rows, summaries
            return org_chart(marked, dotted, root=top, depth=depth, clusters=clusters,
                             max_nodes=max_nodes, title=title, direction=direction or "TB")
    if kind == "career-ladder":
        promotions = _titled_tracks(promotion_view(kg))
        path = _path(kg, promotions, highlight) if highlight else None
        return career_ladder(promotions, qualifications=qualification_badges(kg), highlight=path,
                             title=title, direction=direction or "BT")
    return role_hierarchy(_titled_tracks(role_reporting_view(kg)), title=title,
                          direction=direction or "TB")


def _interactive(kg: KnowledgeGraph, kind: str, *, root: str | None, depth: int | None,
                 title: str | None, clusters: bool, dpi: int | None,
                 direction: str | None) -> HtmlChart:
    """The org chart as an interactive page (:mod:`pmograph._answers.draw_html`)."""
    from pmograph._answers.draw_html import interactive_chart
    from pmograph._views.org import dotted_line_view, reporting_view

    unused = [name for name, value in (("clusters", clusters or None), ("dpi", dpi),
                                       ("direction", None if direction is None or
                                        check_direction(direction) == "TB" else direction))
              if value is not None]
    if kind != "org-chart" or unused:
        raise RenderError("an interactive html page is drawn of the org chart only, top to "
                          "bottom, without clusters or dpi" + (f" (not {', '.join(unused)})"
                                                               if unused else ""))
    reporting = reporting_view(kg)
    if not len(reporting):
        raise RenderError("nothing to draw: the graph has no posts and no reporting lines; "
                          "load an organisation (--data FILE, or pmograph.load(FILE))")
    top = _post(kg, reporting, root) if root is not None else None
    return interactive_chart(kg, _with_undescribed(kg, reporting), dotted_line_view(kg),
                             root=top, depth=depth, title=title)


def _with_undescribed(kg: KnowledgeGraph, reporting: StrDiGraph) -> StrDiGraph:
    """``reporting``, or a copy whose nodes that nothing in the data describes (an IRI only a
    reporting line names) say so (``described=False``), for the chart to mark.  The chart
    names such a node by its IRI, not a CURIE: prefixes differ between stores, the chart must
    not.

    Only nodes that are not posts are asked about, so the view is copied only for broken
    data; the cached view itself is never changed.
    """
    missing = [node for node, data in reporting.nodes(data=True)
               if data.get("kind") != "post" and not kg.describes(node)]
    if not missing:
        return reporting
    marked = reporting.copy()
    for node in missing:
        marked.nodes[node]["described"] = False
    return marked


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
