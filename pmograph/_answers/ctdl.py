"""``export --format ctdl`` and ``path … -o FILE``: career paths as CTDL pathways.

Credential Engine's Credential Transparency Description Language (CTDL) describes pathways to a
goal as components linked in order; pmograph writes the promotion view in its JSON-LD, with the
terms, identifiers and choices of :mod:`pmograph._render.ctdl` (roles as job components, a move
as ``ceterms:precedes``, one pathway per destination).
"""

from __future__ import annotations

import json
import os
from itertools import pairwise
from pathlib import Path
from typing import Any

import networkx as nx
from rdflib import Literal, URIRef

from pmograph._algorithms.promotion import Weight
from pmograph._answers.questions import describe_paths
from pmograph._atomic import write_text_atomic
from pmograph._errors import PmographError
from pmograph._render.ctdl import (
    LANGUAGE,
    career_paths_document,
    document_counts,
    promotion_graph_document,
)
from pmograph._store.graph import KnowledgeGraph
from pmograph._typing import StrDiGraph
from pmograph._views.roles import promotion_view

__all__ = ["ctdl_pathway", "export_ctdl"]


def ctdl_pathway(kg: KnowledgeGraph, source: str | URIRef | None = None,
                 target: str | URIRef | None = None, *, k: int = 5, cutoff: int | None = None,
                 weight: Weight = "steps", allow_downward: bool = False) -> dict[str, Any]:
    """Career paths as a CTDL JSON-LD document (Credential Engine's pathway terms).

    With ``source`` and ``target`` (role names, as for :func:`~pmograph.describe_paths`, with
    the same ``k``, ``cutoff``, ``weight`` and ``allow_downward``): one ``ceterms:Pathway`` to
    the target whose components are the roles of the paths found and whose moves are theirs.
    With neither: the whole promotion graph as a ``ceterms:PathwaySet`` of one pathway per top
    role (a role no move leads on from); roles with no move are left out.

    Each role is a ``ceterms:JobComponent`` (name: its label; description: its definition;
    ``ceterms:sourceData``: its IRI), each move ``ceterms:precedes`` the role it leads to, and
    every node has a CTID (``ce-`` and a UUID 5) that the same data always gives again.  The
    ``@context`` is inline.  Why these terms: :mod:`pmograph._render.ctdl`.

    Parameters
    ----------
    kg
        The knowledge graph (the catalog, or any career framework loaded).
    source, target
        The roles to go from and to, or both ``None`` for the whole promotion graph.
    k, cutoff, weight, allow_downward
        As for :func:`~pmograph.promotion_paths`, when ``source`` and ``target`` are given.

    Returns
    -------
    dict
        The JSON-LD document: ``{"@context": {...}, "@graph": [...]}``.

    Raises
    ------
    PmographError
        When only one of ``source`` and ``target`` is given, no path leads from one to the
        other (the reasons the data gives are in the message), or there is no move at all; a
        name that resolves to no role raises :class:`~pmograph.NameResolutionError`.

    Examples
    --------
    >>> import pmograph
    >>> kg = pmograph.load()
    >>> document = pmograph.ctdl_pathway(kg, "PMO Coordinator", "PMO Director", k=1)
    >>> pathway, *roles = document["@graph"]
    >>> pathway["@type"], pathway["ceterms:name"]["en"]
    ('ceterms:Pathway', 'Career path from PMO Coordinator to PMO Director')
    >>> [role["ceterms:name"]["en"] for role in roles]
    ['PMO Coordinator', 'PMO Analyst', 'PMO Manager', 'PMO Director']
    >>> roles[0]["ceterms:precedes"] == [roles[1]["@id"]], roles[0]["ceterms:ctid"][:3]
    (True, 'ce-')
    >>> whole = pmograph.ctdl_pathway(kg)["@graph"]
    >>> whole[0]["@type"], len(whole[0]["ceterms:hasPathway"]) > 1
    ('ceterms:PathwaySet', True)
    """
    return _document(kg, source, target, k=k, cutoff=cutoff, weight=weight,
                     allow_downward=allow_downward)[0]


def export_ctdl(kg: KnowledgeGraph, path: str | os.PathLike[str],
                source: str | URIRef | None = None, target: str | URIRef | None = None, *,
                k: int = 5, cutoff: int | None = None, weight: Weight = "steps",
                allow_downward: bool = False) -> dict[str, Any]:
    """Write :func:`ctdl_pathway` to ``path`` as JSON-LD (UTF-8, whole or not at all).

    Returns ``{"written": path, "format": "ctdl", "counts": {"pathways": n, "components": n,
    "moves": n}}`` (``"paths"`` too, for the paths between two roles); ``path`` ``"-"`` is
    standard output.

    Examples
    --------
    >>> import pmograph, tempfile, pathlib
    >>> out = pathlib.Path(tempfile.mkdtemp()) / "paths.jsonld"
    >>> export_ctdl(pmograph.load(), out, "PMO Analyst", "PMO Director")["counts"]
    {'pathways': 1, 'components': 4, 'moves': 4, 'paths': 2}
    """
    document, routes = _document(kg, source, target, k=k, cutoff=cutoff, weight=weight,
                                 allow_downward=allow_downward)
    write_text_atomic(path, json.dumps(document, indent=2, ensure_ascii=False) + "\n")
    counts = document_counts(document)
    if routes is not None:
        counts["paths"] = routes
    return {"written": str(Path(path)), "format": "ctdl", "counts": counts}


def _document(kg: KnowledgeGraph, source: str | URIRef | None, target: str | URIRef | None,
              *, k: int, cutoff: int | None, weight: Weight,
              allow_downward: bool) -> tuple[dict[str, Any], int | None]:
    """The document, and how many paths it holds (``None`` for the whole graph)."""
    if (source is None) != (target is None):
        raise PmographError("give both a source and a target role for their career paths, "
                            "or neither for the whole promotion graph")
    moves = promotion_view(kg)
    if source is None or target is None:
        if not moves.number_of_edges():
            raise PmographError("no career moves to export: the graph has no promotion or "
                                "lateral move between roles")
        return promotion_graph_document(_described(kg, moves.edge_subgraph(moves.edges))), None
    answer = describe_paths(kg, source, target, k=k, cutoff=cutoff, weight=weight,
                            allow_downward=allow_downward)
    routes = [[entity["iri"] for entity in path] for path in answer["paths"]]
    steps = {step for route in routes for step in pairwise(route)}
    if not steps:
        start, end = answer["source"]["label"], answer["target"]["label"]
        why = (f"{start} and {end} are the same role" if routes else
               " ".join([f"no career path from {start} to {end}.", *answer["reasons"]]))
        raise PmographError(f"nothing to export: {why}")
    return career_paths_document(_described(kg, moves.edge_subgraph(steps)), routes[0][0],
                                 routes[0][-1], routes=len(routes)), len(routes)


def _described(kg: KnowledgeGraph, view: StrDiGraph) -> StrDiGraph:
    """A copy of ``view`` (never the cached view itself) with each role's ``definitions``:
    language → text, the first text of each language (untagged text counts as English), its
    runs of white space (the line breaks of the source's long texts) made single spaces."""
    G: StrDiGraph = nx.DiGraph(view)
    definitions: dict[str, dict[str, str]] = {}
    for role, text in kg.select("role-definitions"):
        if isinstance(text, Literal) and str(role) in G:
            definitions.setdefault(str(role), {}).setdefault(text.language or LANGUAGE,
                                                             " ".join(str(text).split()))
    for node in G:
        G.nodes[node]["definitions"] = definitions.get(node, {})
    return G
