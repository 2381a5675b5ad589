"""Local views: the part of the reporting graph one question needs, asked of the store.

A chain of command needs only the posts above one post; its direct reports only the lines into
it; everyone below it only its subtree.  These functions fetch just that (a property path with
one end bound, or a few lookups), so their cost follows the answer, not the organisation.  Each
returns a networkx graph with the nodes, edges and node attributes that
:func:`~pmograph.reporting_view` gives the same posts, so every algorithm runs on it unchanged
and answers exactly as on the whole view:

* :func:`lines_above` holds every post reached going up from the start, with *all* the solid
  lines out of each, so a cycle or a second manager on the way up is there to be found;
* :func:`lines_below` holds the subtree, with every manager of each post in it;
* :func:`direct_lines` holds the lines into and out of one post.

Attributes are read post by post; past :data:`LOOKUP_LIMIT` posts (a subtree of thousands) they
come from the whole reporting view instead, which is then cheaper to read at once (and kept).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

import networkx as nx
from rdflib import URIRef

from pmograph._store.graph import KnowledgeGraph
from pmograph._typing import StrDiGraph
from pmograph._views.attributes import agent_attributes, post_attributes
from pmograph._views.org import post_attributes_of

_POST = "http://www.w3.org/ns/org#Post"
#: Above this many nodes a local view takes its attributes from the whole-organisation tables.
LOOKUP_LIMIT = 1000


def lines_above(kg: KnowledgeGraph, nodes: Iterable[str]) -> StrDiGraph:
    """The solid lines above ``nodes`` (superior → subordinate), with node attributes.

    Examples
    --------
    >>> from pmograph import load
    >>> from rdflib import Graph
    >>> data = Graph().parse(format="turtle", data='''
    ...     @prefix org: <http://www.w3.org/ns/org#> . @prefix ex: <http://example.org/> .
    ...     ex:ceo a org:Post . ex:cto org:reportsTo ex:ceo . ex:dev org:reportsTo ex:cto .
    ...     ex:cfo org:reportsTo ex:ceo .''')
    >>> sorted(lines_above(load(data, catalog=False), ["http://example.org/dev"]).edges)
    [('http://example.org/ceo', 'http://example.org/cto'), \
('http://example.org/cto', 'http://example.org/dev')]
    """
    return _view(kg, nodes, "lines-above", "start")


def lines_below(kg: KnowledgeGraph, nodes: Iterable[str], *,
                attributes: bool = True) -> StrDiGraph:
    """The solid lines below ``nodes``: their subtrees, each post with all its managers.

    With ``attributes=False`` the nodes carry none (enough to count or check the structure).
    """
    return _view(kg, nodes, "lines-below", "top", attributes=attributes)


def direct_lines(kg: KnowledgeGraph, nodes: Iterable[str]) -> StrDiGraph:
    """The solid lines into and out of ``nodes``."""
    return _view(kg, nodes, "direct-lines", "node")


def is_org_node(kg: KnowledgeGraph, node: str) -> bool:
    """Whether ``node`` is in the reporting view: a post, or anything with a solid line."""
    return node_attributes(kg, node)["kind"] == "post" or bool(
        kg.strings("direct-lines", node=URIRef(node)))


def node_attributes(kg: KnowledgeGraph, node: str) -> dict[str, object]:
    """The attributes :func:`~pmograph.reporting_view` gives ``node``, read for it alone."""
    facts: dict[str, list[str]] = defaultdict(list)
    for fact, value in kg.strings("post-facts", post=URIRef(node)):
        if fact is not None and value is not None:
            facts[fact].append(value)
    table = kg.kind_table()
    typed_post = any(table.get(cls) == "post" for cls in facts["type"]) or _POST in facts["type"]
    if typed_post or facts["holder"] or facts["role"]:
        fte = sum(float(value) for value in facts["fte"]) if facts["fte"] else None
        return post_attributes(kg.label(node), [kg.label(h) for h in facts["holder"]],
                               [kg.label(u) for u in facts["unit"]], facts["role"], fte)
    return agent_attributes(kg.label(node), kg.kind(node))


def _view(kg: KnowledgeGraph, nodes: Iterable[str], query: str, variable: str, *,
          attributes: bool = True) -> StrDiGraph:
    starts = list(dict.fromkeys(str(node) for node in nodes))
    edges: set[tuple[str, str]] = set()
    for node in starts:
        for subordinate, superior in kg.strings(query, **{variable: URIRef(node)}):
            if subordinate is not None and superior is not None:
                edges.add((superior, subordinate))
    G: StrDiGraph = nx.DiGraph(kind="reporting")
    members = sorted({*starts, *(n for edge in edges for n in edge)})
    if not attributes:
        G.add_nodes_from(members)
    elif len(members) > LOOKUP_LIMIT:
        table = post_attributes_of(kg)
        for node in members:
            G.add_node(node, **(table.get(node) or agent_attributes(kg.label(node),
                                                                    kg.kind(node))))
    else:
        for node in members:
            G.add_node(node, **node_attributes(kg, node))
    G.add_edges_from(sorted(edges))
    return G
