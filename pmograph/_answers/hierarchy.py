"""``span``, ``common`` and ``layers``: the hierarchy questions of the command line, by name.

:func:`describe_span` and :func:`describe_common` ask the store only for the lines around the
posts named (their direct reports, the lines above them), so they cost the same in any size of
organisation; :func:`describe_layers` walks the structure of the whole reporting view once.
"""

from __future__ import annotations

from typing import Any

from rdflib import URIRef

from pmograph._algorithms.hierarchy import chain_of_command, lowest_common_manager
from pmograph._algorithms.metrics import org_metrics, span_band
from pmograph._answers.metrics import _entity, resolve_root
from pmograph._answers.questions import (
    _count_below,
    _org_entities,
    _org_nodes,
    _resolve,
    describe_reports,
)
from pmograph._errors import PmographError
from pmograph._store.graph import KnowledgeGraph
from pmograph._views.local import lines_above
from pmograph._views.org import reporting_view

__all__ = ["describe_common", "describe_layers", "describe_span"]


def describe_span(kg: KnowledgeGraph, name: str | URIRef) -> dict[str, Any]:
    """The span of control of a post (or of the posts a person holds).

    Returns ``{"subject": E, "direct": n, "total": n, "band": "2-3" | None, "reports": [E,
    ...]}``: direct reports on solid lines, everyone below, the span band (``None`` for no
    direct report) and the direct reports with their holders.

    Examples
    --------
    >>> from pmograph import load
    >>> from rdflib import Graph
    >>> data = Graph().parse(format="turtle", data='''
    ...     @prefix org: <http://www.w3.org/ns/org#> . @prefix ex: <http://example.org/> .
    ...     ex:cto a org:Post . ex:lead a org:Post ; org:reportsTo ex:cto .
    ...     ex:dev a org:Post ; org:reportsTo ex:lead .
    ...     ex:ops a org:Post ; org:reportsTo ex:cto .''')
    >>> answer = describe_span(load(data, catalog=False), "cto")
    >>> answer["direct"], answer["total"], answer["band"]
    (2, 3, '2-3')
    """
    answer = describe_reports(kg, name)
    subject = answer["subject"]
    if subject["kind"] == "role":
        raise PmographError(f"{subject['label']!r} is a role; span of control is a post's: "
                            "name a post or the person who holds it")
    if subject["kind"] == "post":  # with its holders, as its reports have theirs
        subject = _org_entities(kg, [subject["iri"]])[0]
    direct = len(answer["reports"])
    return {"subject": subject, "direct": direct,
            "total": _count_below(kg, _org_nodes(kg, URIRef(subject["iri"]))),
            "band": span_band(direct) if direct else None, "reports": answer["reports"],
            **({"note": answer["note"]} if "note" in answer else {})}


def describe_common(kg: KnowledgeGraph, first: str | URIRef,
                    second: str | URIRef) -> dict[str, Any]:
    """The lowest manager both posts report to, and each one's line up to it.

    Returns ``{"first": E, "second": E, "common": E | None, "first_chain": [E, ...],
    "second_chain": [E, ...]}``.  Each chain runs from the post's manager up to the common
    manager (nearest first, the common manager last); a post that is itself the common
    manager has an empty chain.  Posts in separate trees have no common manager (``None``)
    and their whole chains.

    Examples
    --------
    >>> from pmograph import load
    >>> from rdflib import Graph
    >>> data = Graph().parse(format="turtle", data='''
    ...     @prefix org: <http://www.w3.org/ns/org#> . @prefix ex: <http://example.org/> .
    ...     ex:ceo a org:Post . ex:cto a org:Post ; org:reportsTo ex:ceo .
    ...     ex:dev a org:Post ; org:reportsTo ex:cto .
    ...     ex:cfo a org:Post ; org:reportsTo ex:ceo .''')
    >>> answer = describe_common(load(data, catalog=False), "dev", "cfo")
    >>> answer["common"]["label"], [e["label"] for e in answer["first_chain"]]
    ('ceo', ['cto', 'ceo'])
    """
    nodes, notes = [], []
    for name in (first, second):
        subject, note = _resolve(kg, name)
        if kg.kind(subject) == "role":
            raise PmographError(f"{kg.label(subject)!r} is a role; a common manager is found "
                                "for posts: name a post or the person who holds it")
        held = _org_nodes(kg, subject)
        if len(held) > 1:
            raise PmographError(f"{kg.label(subject)!r} holds {len(held)} posts; name one: "
                                + ", ".join(repr(kg.label(post)) for post in held))
        nodes.append(held[0])
        notes.extend([note] if note else [])
    G = lines_above(kg, nodes)
    common = lowest_common_manager(G, nodes[0], nodes[1])
    chains = []
    for node in nodes:
        chain = chain_of_command(G, node)
        if common is not None:
            chain = chain[:chain.index(common) + 1] if common != node else []
        chains.append(_org_entities(kg, chain))
    answer: dict[str, Any] = {
        "first": _org_entities(kg, [nodes[0]])[0], "second": _org_entities(kg, [nodes[1]])[0],
        "common": _org_entities(kg, [common])[0] if common is not None else None,
        "first_chain": chains[0], "second_chain": chains[1]}
    return {**answer, "note": "; ".join(notes)} if notes else answer


def describe_layers(kg: KnowledgeGraph, *, root: str | URIRef | None = None) -> dict[str, Any]:
    """Posts per layer of the organisation (or of the tree below ``root``).

    Returns ``{"subject": E | None, "posts": n, "layers": [n, ...], "deepest_chain": [E,
    ...]}``: the top posts are the first layer; the deepest chain runs from the top down to
    the deepest post.

    Examples
    --------
    >>> from pmograph import load
    >>> from rdflib import Graph
    >>> data = Graph().parse(format="turtle", data='''
    ...     @prefix org: <http://www.w3.org/ns/org#> . @prefix ex: <http://example.org/> .
    ...     ex:ceo a org:Post . ex:cto a org:Post ; org:reportsTo ex:ceo .
    ...     ex:dev a org:Post ; org:reportsTo ex:cto .
    ...     ex:cfo a org:Post ; org:reportsTo ex:ceo .''')
    >>> answer = describe_layers(load(data, catalog=False))
    >>> answer["layers"], [e["label"] for e in answer["deepest_chain"]]
    ([1, 2, 1], ['ceo', 'cto', 'dev'])
    """
    G = reporting_view(kg, details=False)  # layers need the structure only
    source, note = resolve_root(kg, root, G) if root is not None else (None, None)
    figures = org_metrics(G, source=source)
    answer = {"subject": _entity(G, source) if source is not None else None,
              "posts": figures.posts, "layers": figures.layers,
              "deepest_chain": [_entity(G, node) for node in figures.deepest]}
    return {**answer, "note": note} if note else answer
