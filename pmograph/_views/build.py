"""Views: networkx graphs of the knowledge graph, built from SPARQL SELECTs of edges.

This is the one module that knows both rdflib and networkx.  Each view is built from the
shipped queries in ``queries/internal`` (so it is the same on every store), keyed by IRI
strings, and cached per state of the graph: do not modify a view; copy it first.

**Edge direction, for every view: superior → subordinate** (``boss → report``), and for the
promotion view **from-role → to-role**.  So ``G.successors(post)`` are its direct reports,
``G.predecessors(post)`` its line manager, ``nx.descendants`` everyone below it, and a root
of the tree (in-degree 0) is a top post.  In RDF the arrow points the other way
(``?report org:reportsTo ?boss``); the views turn it round once, here.

Views never raise on bad structure.  A cycle of solid lines or a post with two solid-line
managers is kept in the view as the data says it; :func:`reporting_problems` lists such
problems (for the validator) and the algorithms in :mod:`pmograph._algorithms.hierarchy` raise
:class:`~pmograph.GraphStructureError` when they meet one.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

import networkx as nx
from rdflib import Literal, URIRef
from rdflib.term import Node

from pmograph._algorithms.structure import ReportingProblem, structure_problems
from pmograph._store.graph import KnowledgeGraph
from pmograph._typing import StrDiGraph

__all__ = [
    "ReportingProblem",
    "dotted_line_view",
    "posts_held",
    "promotion_view",
    "reporting_problems",
    "reporting_view",
    "role_reporting_problems",
    "role_reporting_view",
]


# ---------------------------------------------------------------------------------- org layer
def reporting_view(kg: KnowledgeGraph) -> StrDiGraph:
    """The solid-line reporting graph of posts (and of agents that report directly).

    Edges run superior → subordinate, one per ``org:reportsTo`` statement.  Every post is a
    node, with or without lines.  Node attributes: ``label`` (str), ``kind`` (str),
    ``holders`` (labels of the holders, sorted; empty for a vacant post), ``vacant`` (bool:
    a post with no holder; always ``False`` for a person who reports directly, and for an
    aggregated row of junior staff), ``fte`` (its full-time equivalents where the data gives
    them — UK organogram junior rows — else ``None``), ``unit`` (label of the post's
    organisation or unit, or ``None``) and ``role`` (IRI of its ``org:role``, or ``None``).

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
    """
    return kg.cached(("view", "reporting"), lambda: _org_view(kg, "solid-lines"),
                     ("reporting-view", _graph_to_json, _graph_from_json))


def dotted_line_view(kg: KnowledgeGraph) -> StrDiGraph:
    """The dotted-line graph (``pmo:dottedLineTo``), superior → subordinate.

    It has the nodes of :func:`reporting_view` (same attributes) and only dotted edges, so
    the two can be drawn together without a dotted line ever counting as a line manager.

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
    return kg.cached(("view", "dotted"), lambda: _org_view(kg, "dotted-lines"),
                     ("dotted-line-view", _graph_to_json, _graph_from_json))


def posts_held(kg: KnowledgeGraph, agent: str | URIRef) -> list[str]:
    """The IRIs of the posts ``agent`` holds (``org:holds`` or ``org:heldBy``), sorted.

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
    return sorted(_holdings(kg)[1].get(str(agent), ()))


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
    return kg.cached(("problems", "reporting"), lambda: structure_problems(
        reporting_view(kg), cycle_check="cycle", managers_check="two-line-managers"))


def role_reporting_problems(kg: KnowledgeGraph) -> list[ReportingProblem]:
    """Cycles of typical reporting between roles (many managers are normal for roles).

    Examples
    --------
    >>> from pmograph import load
    >>> role_reporting_problems(load())
    []
    """
    return kg.cached(("problems", "role-reporting"), lambda: structure_problems(
        role_reporting_view(kg), cycle_check="role-reporting-cycle", managers_check=None))


def _org_view(kg: KnowledgeGraph, edges_query: str) -> StrDiGraph:
    edges = sorted({(str(superior), str(subordinate))
                    for subordinate, superior in kg.select(edges_query)
                    if subordinate is not None and superior is not None})
    G: StrDiGraph = nx.DiGraph(kind="reporting" if edges_query == "solid-lines" else "dotted")
    nodes = set(_post_attributes(kg)) | {node for edge in edges for node in edge}
    if edges_query != "solid-lines":
        nodes |= set(reporting_view(kg))
    attributes = _post_attributes(kg)
    for node in sorted(nodes):
        G.add_node(node, **(attributes.get(node) or _agent_attributes(kg, node)))
    G.add_edges_from(edges)
    return G


def _graph_to_json(G: StrDiGraph) -> dict[str, Any]:
    return {"graph": G.graph, "nodes": list(G.nodes(data=True)),
            "edges": list(G.edges(data=True))}


def _graph_from_json(data: dict[str, Any]) -> StrDiGraph:
    G: StrDiGraph = nx.DiGraph(**data["graph"])
    G.add_nodes_from(data["nodes"])
    G.add_edges_from(data["edges"])
    return G


def _post_attributes(kg: KnowledgeGraph) -> dict[str, dict[str, Any]]:
    """Attributes of every post, keyed by IRI (shared by both org views)."""

    def build() -> dict[str, dict[str, Any]]:
        holders, _ = _holdings(kg)
        units = _pairs(kg, "post-units")
        roles = _pairs(kg, "post-roles")
        posts = {str(row[0]) for row in kg.select("posts") if isinstance(row[0], URIRef)}
        posts |= set(holders) | set(roles)
        fte = {str(post): float(value) for post, value in kg.select("post-fte")
               if isinstance(value, Literal)}
        found: dict[str, dict[str, Any]] = {}
        for post in posts:
            names = sorted(kg.label(holder) for holder in holders.get(post, ()))
            unit_labels = sorted(kg.label(unit) for unit in units.get(post, ()))
            found[post] = {
                "label": kg.label(post), "kind": "post", "holders": names,
                # An aggregated row of junior staff (an FTE count) names no holders but is
                # not vacant.
                "vacant": not names and post not in fte, "fte": fte.get(post),
                "unit": unit_labels[0] if unit_labels else None,
                "role": min(roles[post]) if roles.get(post) else None}
        return found

    return kg.cached(("view", "post-attributes"), build)


def _agent_attributes(kg: KnowledgeGraph, node: str) -> dict[str, Any]:
    # A person (or an untyped resource) that reports, or is reported to, directly.
    return {"label": kg.label(node), "kind": kg.names.kinds.get(URIRef(node), "resource"),
            "holders": [], "vacant": False, "fte": None, "unit": None, "role": None}


def _holdings(kg: KnowledgeGraph) -> tuple[dict[str, list[str]], dict[str, list[str]]]:
    """Post → holders and holder → posts."""

    def build() -> tuple[dict[str, list[str]], dict[str, list[str]]]:
        by_post: dict[str, list[str]] = defaultdict(list)
        by_holder: dict[str, list[str]] = defaultdict(list)
        for post, holder in kg.select("post-holders"):
            if post is None or holder is None:
                continue
            by_post[str(post)].append(str(holder))
            by_holder[str(holder)].append(str(post))
        return dict(by_post), dict(by_holder)

    return kg.cached(("view", "holdings"), build,
                     ("holdings", list, lambda data: (data[0], data[1])))


def _pairs(kg: KnowledgeGraph, query: str) -> dict[str, list[str]]:
    found: dict[str, list[str]] = defaultdict(list)
    for key, value in kg.select(query):
        if key is not None and value is not None:
            found[str(key)].append(str(value))
    return dict(found)


# --------------------------------------------------------------------------------- role layer
def role_reporting_view(kg: KnowledgeGraph) -> StrDiGraph:
    """Typical reporting between roles: a DAG (many-to-many), superior → subordinate.

    Every role is a node, with ``label``, ``track`` (the track's label or ``None``) and
    ``level`` (``int`` or ``None``).  Each edge has ``sources``: IRIs of the sources of the
    ``pmo:ReportingLine`` nodes behind it, sorted.

    Examples
    --------
    >>> from pmograph import load
    >>> G = role_reporting_view(load())
    >>> sorted(G.nodes[b]["label"] for b in
    ...        G.predecessors("https://w3id.org/pmograph/catalog/PMOManager"))
    ['PMO Director']
    """
    def build() -> StrDiGraph:
        G: StrDiGraph = nx.DiGraph(kind="role-reporting")
        _add_roles(kg, G)
        sources: dict[tuple[str, str], set[str]] = defaultdict(set)
        for subordinate, superior, source in kg.select("role-reporting-lines"):
            if subordinate is None or superior is None:
                continue
            edge = (str(superior), str(subordinate))
            sources.setdefault(edge, set())  # a line without a source is still a line
            if source is not None:
                sources[edge].add(str(source))
        for boss, report in sorted(sources):
            for node in (boss, report):
                if node not in G:
                    G.add_node(node, **_role_attributes(kg, node, None, None))
            G.add_edge(boss, report, sources=sorted(sources[boss, report]))
        return G

    return kg.cached(("view", "role-reporting"), build)


def promotion_view(kg: KnowledgeGraph) -> StrDiGraph:
    """Career moves between roles, from-role → to-role.

    Node attributes are those of :func:`role_reporting_view` plus ``requirements``: a list
    of ``{"skill", "qualification", "label", "proficiency", "framework", "essential"}`` dicts
    (IRIs as strings, one of skill and qualification set, ``label`` the skill's or
    qualification's; ``proficiency`` is ``None`` where no source grades the skill).  A
    requirement that does not say whether it is essential counts as essential.  Edge attributes:
    ``kind`` (``"promotion"`` or ``"lateral"``; a promotion wins if both are stated),
    ``requires`` (IRIs of what the move needs), ``years`` (typical years, or ``None``) and
    ``sources`` (IRIs), lists sorted.

    Examples
    --------
    >>> from pmograph import load
    >>> G = promotion_view(load())
    >>> C = "https://w3id.org/pmograph/catalog/"
    >>> G.edges[C + "PMOCoordinator", C + "PMOAnalyst"]["kind"]
    'promotion'
    >>> G.edges[C + "PMOAnalyst", C + "ProjectManager"]["kind"]
    'lateral'
    """
    def build() -> StrDiGraph:
        G: StrDiGraph = nx.DiGraph(kind="promotion")
        _add_roles(kg, G)
        nx.set_node_attributes(G, {node: [] for node in G}, "requirements")
        for role, requirements in sorted(_requirements(kg).items()):
            if role not in G:
                G.add_node(role, **_role_attributes(kg, role, None, None))
            G.nodes[role]["requirements"] = requirements
        moves: dict[tuple[str, str], dict[str, Any]] = {}
        for _move, kind, source_role, target_role, requires, years, source in kg.select(
                "career-moves"):
            if source_role is None or target_role is None:
                continue
            edge = (str(source_role), str(target_role))
            move = moves.setdefault(edge, {"kind": str(kind), "requires": set(), "years": None,
                                           "sources": set()})
            if str(kind) == "promotion":
                move["kind"] = "promotion"
            if requires is not None:
                move["requires"].add(str(requires))
            if isinstance(years, Literal):
                value = float(years.toPython())
                move["years"] = value if move["years"] is None else min(move["years"], value)
            if source is not None:
                move["sources"].add(str(source))
        for (from_role, to_role), move in sorted(moves.items()):
            for node in (from_role, to_role):
                if node not in G:
                    G.add_node(node, **_role_attributes(kg, node, None, None),
                               requirements=[])
            G.add_edge(from_role, to_role, kind=move["kind"],
                       requires=sorted(move["requires"]), years=move["years"],
                       sources=sorted(move["sources"]))
        return G

    return kg.cached(("view", "promotion"), build)


def _add_roles(kg: KnowledgeGraph, G: StrDiGraph) -> None:
    for role, track, level in sorted(kg.select("roles"), key=lambda row: str(row[0])):
        if isinstance(role, URIRef):
            G.add_node(str(role), **_role_attributes(kg, str(role), track, level))


def _role_attributes(kg: KnowledgeGraph, role: str, track: Node | None,
                     level: Node | None) -> dict[str, Any]:
    return {"label": kg.label(role),
            "track": kg.label(track) if isinstance(track, URIRef) else None,
            "level": _integer(level)}


def _requirements(kg: KnowledgeGraph) -> dict[str, list[dict[str, Any]]]:
    found: dict[str, dict[str, dict[str, Any]]] = defaultdict(dict)
    for role, requirement, skill, qualification, proficiency, framework, essential in (
            kg.select("role-requirements")):
        if role is None or requirement is None or (skill is None and qualification is None):
            continue
        entry = found[str(role)].setdefault(str(requirement), {
            "skill": str(skill) if skill is not None else None,
            "qualification": str(qualification) if qualification is not None else None,
            "label": kg.label(skill if skill is not None else qualification),  # type: ignore[arg-type]
            "proficiency": None, "framework": None, "essential": True})
        if isinstance(proficiency, Literal):
            entry["proficiency"] = _number(proficiency)
        if framework is not None:
            entry["framework"] = str(framework)
        if isinstance(essential, Literal):
            entry["essential"] = bool(essential.toPython())
    return {role: [entries[key] for key in sorted(entries)] for role, entries in found.items()}


def _integer(value: Node | None) -> int | None:
    if not isinstance(value, Literal):
        return None
    try:
        return int(value.toPython())
    except (TypeError, ValueError):
        return None


def _number(value: Literal) -> int | float | None:
    try:
        number = float(value.toPython())
    except (TypeError, ValueError):
        return None
    return int(number) if number.is_integer() else number
