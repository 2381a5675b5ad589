"""Whole-organisation views: networkx graphs of every post, built from plain-string SELECTs.

**Edge direction, for every view: superior → subordinate** (``boss → report``).  So
``G.successors(post)`` are its direct reports, ``G.predecessors(post)`` its line manager,
``nx.descendants`` everyone below it, and a root of the tree (in-degree 0) is a top post.  In
RDF the arrow points the other way (``?report org:reportsTo ?boss``); the views turn it round
once, here and in :mod:`pmograph._views.local`.

Each view is built from the shipped queries in ``queries/internal`` (so it is the same on every
store) whose rows arrive as Python strings, keyed by IRI strings, and cached per state of the
graph: do not modify a view; copy it first.  Views never raise on bad structure: a cycle of
solid lines or a post with two solid-line managers is kept as the data says it;
:func:`reporting_problems` lists such problems and the algorithms raise
:class:`~pmograph.GraphStructureError` when they meet one.
"""

from __future__ import annotations

import datetime
import gc
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any, NamedTuple

import networkx as nx
from rdflib import URIRef

from pmograph._algorithms.structure import ReportingProblem, structure_problems
from pmograph._entities import local_name
from pmograph._names import display_labels
from pmograph._progress import Stage, stage
from pmograph._store.graph import KnowledgeGraph
from pmograph._typing import StrDiGraph
from pmograph._views.attributes import agent_attributes, post_attributes


def reporting_view(kg: KnowledgeGraph, *, as_of: str | datetime.date | None = None,
                   details: bool = True) -> StrDiGraph:
    """The solid-line reporting graph of posts (and of agents that report directly).

    Edges run superior → subordinate, one per ``org:reportsTo`` statement.  Every post is a
    node, with or without lines.  Node attributes: ``label`` (str), ``kind`` (str),
    ``holders`` (labels of the holders, sorted; empty for a vacant post), ``vacant`` (bool:
    a post with no holder; always ``False`` for a person who reports directly, and for an
    aggregated row of junior staff), ``fte`` (its full-time equivalents where the data gives
    them — UK organogram junior rows — else ``None``), ``unit`` (label of the post's
    organisation or unit, or ``None``) and ``role`` (IRI of its ``org:role``, or ``None``).
    With ``as_of`` (a date), the organisation on that date (:func:`pmograph.as_of`).

    With ``details=False``, the structure only: the same nodes and edges, each node with
    ``label`` and ``kind`` alone.  It reads the posts' names and the lines, not who holds
    each post, its unit, role or FTE, so it costs about half as much; spans, layers, common
    managers and the structure checks need no more.  When the full view is already built,
    it is returned instead (it has those attributes too).

    Examples
    --------
    >>> from pmograph import load
    >>> from rdflib import Graph
    >>> data = Graph().parse(format="turtle", data='''
    ...     @prefix org: <http://www.w3.org/ns/org#> . @prefix ex: <http://example.org/> .
    ...     ex:cto a org:Post ; org:heldBy ex:ada .
    ...     ex:dev a org:Post ; org:reportsTo ex:cto .''')
    >>> G = reporting_view(load(data, catalog=False))
    >>> list(G.edges)
    [('http://example.org/cto', 'http://example.org/dev')]
    >>> G.nodes["http://example.org/dev"]["vacant"], G.nodes["http://example.org/cto"]["holders"]
    (True, ['ada'])
    >>> reporting_view(load(data, catalog=False), details=False).nodes["http://example.org/cto"]
    {'label': 'cto', 'kind': 'post'}
    """
    if as_of is not None:
        from pmograph._views.dated import as_of as on_date

        return reporting_view(on_date(kg, as_of), details=details)
    return _view(kg, "solid-lines", details)


def dotted_line_view(kg: KnowledgeGraph, *, as_of: str | datetime.date | None = None,
                     details: bool = True) -> StrDiGraph:
    """The dotted-line graph (``pmo:dottedLineTo``), superior → subordinate.

    It has the nodes of :func:`reporting_view` (same attributes) and only dotted edges, so
    the two can be drawn together without a dotted line ever counting as a line manager.
    With ``as_of`` (a date), the organisation on that date (:func:`pmograph.as_of`); with
    ``details=False``, the structure only, as for :func:`reporting_view`.

    Examples
    --------
    >>> from pmograph import load
    >>> from rdflib import Graph
    >>> data = Graph().parse(format="turtle", data='''
    ...     @prefix org: <http://www.w3.org/ns/org#> . @prefix ex: <http://example.org/> .
    ...     @prefix pmo: <https://w3id.org/pmograph/ns#> .
    ...     ex:pm a org:Post ; org:reportsTo ex:boss ; pmo:dottedLineTo ex:pmo .
    ...     ex:boss a org:Post . ex:pmo a org:Post .''')
    >>> kg = load(data, catalog=False)
    >>> list(dotted_line_view(kg).edges), len(reporting_view(kg).edges)
    ([('http://example.org/pmo', 'http://example.org/pm')], 1)
    """
    if as_of is not None:
        from pmograph._views.dated import as_of as on_date

        return dotted_line_view(on_date(kg, as_of), details=details)
    return _view(kg, "dotted-lines", details)


def posts_held(kg: KnowledgeGraph, agent: str | URIRef) -> list[str]:
    """The IRIs of the posts ``agent`` holds (``org:holds`` or ``org:heldBy``), sorted.

    Asks the store about ``agent`` alone.

    Examples
    --------
    >>> from pmograph import load
    >>> from rdflib import Graph
    >>> data = Graph().parse(format="turtle", data='''
    ...     @prefix org: <http://www.w3.org/ns/org#> . @prefix ex: <http://example.org/> .
    ...     ex:a org:heldBy ex:kim . ex:kim org:holds ex:b .''')
    >>> posts_held(load(data, catalog=False), "http://example.org/kim")
    ['http://example.org/a', 'http://example.org/b']
    """
    return sorted({row[0] for row in kg.strings("posts-held", holder=URIRef(str(agent)))
                   if row[0] is not None})


def reporting_problems(kg: KnowledgeGraph) -> list[ReportingProblem]:
    """Cycles and posts with two solid-line managers in the reporting view.

    Never raises; an empty list means the solid lines form a forest.

    Examples
    --------
    >>> from pmograph import load
    >>> from rdflib import Graph
    >>> data = Graph().parse(format="turtle", data='''
    ...     @prefix org: <http://www.w3.org/ns/org#> . @prefix ex: <http://example.org/> .
    ...     ex:a org:reportsTo ex:b . ex:b org:reportsTo ex:a .''')
    >>> [(p.check, p.members) for p in reporting_problems(load(data, catalog=False))]
    [('cycle', ('http://example.org/a', 'http://example.org/b'))]
    """
    def check() -> list[ReportingProblem]:
        view = reporting_view(kg, details=False)
        with stage(kg.progress, "checking the reporting lines"):  # cycles, two managers
            return structure_problems(view, cycle_check="cycle",
                                      managers_check="two-line-managers")

    return kg.cached(("problems", "reporting"), check)


_VIEW_NAMES = {"solid-lines": "reporting", "dotted-lines": "dotted-line"}
#: Past this many nodes that are not posts, their names and kinds are read for the whole graph.
_AGENT_LOOKUPS = 1000


def _view(kg: KnowledgeGraph, edges_query: str, details: bool) -> StrDiGraph:
    full = ("view", edges_query)
    if details or kg.is_cached(full):
        return kg.cached(full, lambda: _org_view(kg, edges_query, details=True))
    return kg.cached(("view", edges_query, "structure"),
                     lambda: _org_view(kg, edges_query, details=False))


def _org_view(kg: KnowledgeGraph, edges_query: str, *, details: bool) -> StrDiGraph:
    if edges_query != "solid-lines":
        reporting_view(kg, details=details)  # first, as a stage of its own: stages do not nest
    name = _VIEW_NAMES[edges_query] + ("" if details else " structure")
    with stage(kg.progress, f"building the {name} view", total=4) as step, \
            _collector_paused():
        return _build_org_view(kg, edges_query, step, details=details)


@contextmanager
def _collector_paused() -> Iterator[None]:
    """Pause CPython's cyclic garbage collector while a view is built.

    A view is millions of small tuples, strings and dicts and no reference cycles; the collector
    would scan them again and again for nothing (measured at 100,000 posts: 7.2 s → 5.4 s).
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _build_org_view(kg: KnowledgeGraph, edges_query: str, step: Stage, *,
                    details: bool) -> StrDiGraph:
    step.note("reading the lines")
    below: dict[str, set[str]] = {}  # superior → subordinates
    for subordinate, superior in kg.strings(edges_query):
        if subordinate is not None and superior is not None:
            below.setdefault(superior, set()).add(subordinate)
    step.advance(note="reading the posts")
    G: StrDiGraph = nx.DiGraph(kind="reporting" if edges_query == "solid-lines" else "dotted")
    if edges_query != "solid-lines":  # the nodes and attributes of the reporting view
        attributes = _node_table(reporting_view(kg, details=details))
    else:
        attributes = _post_attribute_table(kg) if details else _post_names(kg)
    nodes = set(attributes).union(below, *below.values())
    step.advance(note="reading the names of the rest")
    others = _agents(kg, nodes.difference(attributes), details=details)
    step.advance(note="making the graph")
    order = sorted(nodes)
    G.add_nodes_from((node, attributes.get(node) or others[node]) for node in order)
    # Edges in sorted order, without sorting them all: superiors in node order.
    G.add_edges_from((superior, subordinate) for superior in order if superior in below
                     for subordinate in sorted(below[superior]))
    step.advance(note=f"{G.number_of_nodes():,} nodes, {G.number_of_edges():,} lines")
    return G


def _post_names(kg: KnowledgeGraph) -> dict[str, dict[str, Any]]:
    """``label`` and ``kind`` of every post, from one query of the posts and their names."""
    posts: set[str] = set()
    names = []
    for row in kg.strings("post-labels"):
        if row[0] is not None:
            posts.add(row[0])
            if row[1] is not None and row[2] is not None:
                names.append(row)
    labels = display_labels(names)  # type: ignore[arg-type]
    del names
    return {post: {"label": labels.get(post) or local_name(post), "kind": "post"}
            for post in posts}


def _agents(kg: KnowledgeGraph, nodes: set[str], *, details: bool) -> dict[str, dict[str, Any]]:
    """Attributes of the nodes that are not posts: people and others with a line."""
    if len(nodes) > _AGENT_LOOKUPS:  # read every name at once rather than one by one
        label, kind = kg.names.label, kg.names.kind
    else:
        label, kind = kg.label, kg.kind
    if details:
        return {node: agent_attributes(label(node), kind(node)) for node in nodes}
    return {node: {"label": label(node), "kind": kind(node)} for node in nodes}


class PostLinks(NamedTuple):
    """The IRIs behind the labels of the reporting view: post → holders, post → units."""

    holders: dict[str, tuple[str, ...]]
    units: dict[str, tuple[str, ...]]


def post_links(kg: KnowledgeGraph) -> PostLinks:
    """Who holds each post and which units it is in, by IRI (read with the post attributes).

    Examples
    --------
    >>> from pmograph import load
    >>> from rdflib import Graph
    >>> data = Graph().parse(format="turtle", data='''
    ...     @prefix org: <http://www.w3.org/ns/org#> . @prefix ex: <http://example.org/> .
    ...     ex:pm a org:Post ; org:heldBy ex:kim, ex:lee ; org:postIn ex:pmo .''')
    >>> links = post_links(load(data, catalog=False))
    >>> links.holders["http://example.org/pm"], links.units["http://example.org/pm"]
    (('http://example.org/kim', 'http://example.org/lee'), ('http://example.org/pmo',))
    """
    reporting_view(kg)  # reads both with the post attributes, in one query
    return kg.cached(("view", "post-links"), lambda: PostLinks({}, {}))


def post_attributes_of(kg: KnowledgeGraph) -> dict[str, dict[str, Any]]:
    """Node → attributes of every node of the reporting view (built once, then kept)."""
    return _node_table(reporting_view(kg))


def _post_attribute_table(kg: KnowledgeGraph) -> dict[str, dict[str, Any]]:
    """Attributes of every post, keyed by IRI; keeps :func:`post_links` on the way."""
    labels = kg.labels

    def label(iri: str) -> str:
        return labels.get(iri) or local_name(iri)

    facts: dict[str, dict[str, list[str]]] = {"holder": {}, "unit": {}, "role": {}, "fte": {}}
    for post, fact, value in kg.strings("post-facts-all"):  # one query, one row per fact
        if post is not None and fact is not None and value is not None:
            table = facts[fact]
            if post in table:
                if value not in table[post]:
                    table[post].append(value)
            else:
                table[post] = [value]
    holders, units, roles = facts["holder"], facts["unit"], facts["role"]
    kg.cached(("view", "post-links"), lambda: PostLinks(
        {post: tuple(sorted(found)) for post, found in holders.items()},
        {post: tuple(sorted(found)) for post, found in units.items()}))
    fte = {post: sum(float(value) for value in values)
           for post, values in facts["fte"].items()}
    posts = {row[0] for row in kg.strings("posts") if row[0] is not None}
    posts |= set(holders) | set(roles)
    none: list[str] = []
    return {post: post_attributes(
        label(post), [label(h) for h in holders.get(post, none)],
        [label(u) for u in units.get(post, none)], sorted(roles.get(post, none)),
        fte.get(post)) for post in posts}


def _node_table(G: StrDiGraph) -> dict[str, dict[str, Any]]:
    return {node: data for node, data in G.nodes(data=True)}
