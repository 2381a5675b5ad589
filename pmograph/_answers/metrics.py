"""``pmograph metrics``: the org-design health of an organisation, as the library answers it.

:func:`metrics` builds the whole-organisation views once (solid and dotted lines, the posts'
holders and units, the catalog levels of their roles, the nesting of units), runs
:func:`~pmograph._algorithms.metrics.org_metrics` and returns the JSON shape of DESIGN.md §4,
extended: ``{"subject", "posts", "people", "vacant", "vacancy_rate", "job_shares", "fte",
"layers", "deepest_chain", "span", "managers_of_one", "level_compression", "dotted_load",
"by_manager", "by_unit"}``.  :func:`metrics_csv` writes one row per manager or per unit.
"""

from __future__ import annotations

import os
from collections.abc import Collection, Mapping
from typing import Any, Literal

import networkx as nx
from rdflib import URIRef

from pmograph._algorithms.metrics import OrgMetrics, org_metrics, span_band
from pmograph._answers.subjects import resolve_preferring
from pmograph._entities import Entity, kind_of, local_name
from pmograph._errors import PmographError, UnknownNameError
from pmograph._formats import csv_text
from pmograph._store.graph import KnowledgeGraph
from pmograph._typing import StrDiGraph
from pmograph._views.org import post_links, posts_held, reporting_view

__all__ = ["CHART_KINDS", "metrics", "metrics_csv", "resolve_root", "write_metrics_chart"]

#: The charts :func:`write_metrics_chart` draws.
CHART_KINDS = ("spans", "layers", "fte-by-unit")
#: The kinds of entity a post's unit may be (``org:postIn`` ranges over organisations).
UNIT_KINDS = frozenset({"unit", "organization"})
#: Decimal places kept for FTE and rates in the answer (sums of 12.65 + 5.14 ... stay exact).
PLACES = 4


def metrics(kg: KnowledgeGraph, *, root: str | URIRef | None = None) -> dict[str, Any]:
    """The org-design figures of the organisation, or of the tree below ``root``.

    Parameters
    ----------
    kg : KnowledgeGraph
    root : str or rdflib.URIRef, optional
        A post (or a person holding one post), resolved like ``chain``'s names: measure only
        it and everyone below it.

    Returns
    -------
    dict
        Counts (``posts``, ``people``: distinct holders, ``vacant``, ``vacancy_rate``,
        ``job_shares``, ``fte``); ``layers``: posts per layer, the top first, and
        ``layer_fte`` their FTE;
        ``deepest_chain``: posts from the top to the deepest one; ``span``: ``{"managers",
        "median", "mean", "bands"}``; ``managers_of_one``; ``level_compression``: ``[{"manager",
        "report", "manager_level", "report_level"}]``; ``dotted_load``: ``[{"post", "dotted"}]``;
        ``by_manager``: ``[{"manager", "held_by", "layer", "direct", "headcount", "fte",
        "vacant", "dotted"}]`` (largest head-count first); ``by_unit``: ``[{"unit", "headcount",
        "fte", "vacant", "people", "direct_headcount", "direct_fte"}]`` (a unit's figures
        include the units inside it; ``unit`` is ``None`` for posts in no unit).

    Raises
    ------
    ReportingCycleError, GraphStructureError
        The solid lines are not a forest (see ``pmograph validate``).

    Examples
    --------
    >>> from pmograph import load
    >>> from rdflib import Graph
    >>> data = Graph().parse(format="turtle", data='''
    ...     @prefix org: <http://www.w3.org/ns/org#> . @prefix ex: <http://example.org/> .
    ...     ex:ceo a org:Post ; org:heldBy ex:ann .
    ...     ex:cto a org:Post ; org:reportsTo ex:ceo ; org:heldBy ex:bo, ex:cy .
    ...     ex:dev a org:Post ; org:reportsTo ex:cto .''')
    >>> answer = metrics(load(data, catalog=False))
    >>> answer["posts"], answer["people"], answer["vacant"], answer["layers"], answer["fte"]
    (3, 3, 1, [1, 1, 1], 2.0)
    >>> answer["span"]["bands"]["1"], [e["label"] for e in answer["managers_of_one"]]
    (2, ['ceo', 'cto'])
    """
    G = reporting_view(kg)
    subject, note, source = None, None, None
    if root is not None:
        source, note = resolve_root(kg, root, G)
        subject = _entity(G, source)
    links = post_links(kg)
    labels = kg.labels
    parents: dict[str, list[str]] = {}
    for inner, outer in kg.strings("unit-nesting"):
        if inner is not None and outer is not None:
            parents.setdefault(inner, []).append(outer)
    units = {post: next(iter(found)) if len(found) == 1 else _innermost(found, parents, labels)
             for post, found in links.units.items() if found}
    levels = {role: int(level) for role, level in kg.strings("role-levels")
              if role is not None and level is not None and _integer(level)}
    # Only the dotted lines themselves are needed: not dotted_line_view, a copy of every post.
    dotted = nx.DiGraph((superior, subordinate) for subordinate, superior
                        in kg.strings("dotted-lines")
                        if subordinate is not None and superior is not None)
    figures = org_metrics(G, source=source, dotted=dotted, levels=levels,
                          holders=links.holders, units=units, unit_parents=parents)
    answer = _answer(kg, G, figures)
    answer = {"subject": subject, **answer}
    return {**answer, "note": note} if note else answer


def resolve_root(kg: KnowledgeGraph, name: str | URIRef,
                 G: StrDiGraph | None = None) -> tuple[str, str | None]:
    """The node of the reporting view ``name`` stands for (a post, or the one post a person
    holds), and a note when a post was taken over a role of the same name.

    Examples
    --------
    >>> from pmograph import load
    >>> from rdflib import Graph
    >>> data = Graph().parse(format="turtle", data='''
    ...     @prefix org: <http://www.w3.org/ns/org#> . @prefix ex: <http://example.org/> .
    ...     @prefix skos: <http://www.w3.org/2004/02/skos/core#> .
    ...     ex:p1 a org:Post ; skos:prefLabel "PMO Director" .''')
    >>> node, note = resolve_root(load(data), "PMO Director")
    >>> node, note[:45]
    ('http://example.org/p1', "'PMO Director' names a post and a role; this ")
    """
    G = reporting_view(kg) if G is None else G
    try:
        iri, note = resolve_preferring(kg, name, kinds={"role", "post", "person"})
    except UnknownNameError:
        iri, note = kg.resolve(str(name)), None
    node = str(iri)
    if node in G:
        return node, note
    held = posts_held(kg, iri)
    if len(held) == 1:
        return held[0], note
    what = kg.kind(iri)
    if held:
        raise PmographError(f"{kg.label(iri)!r} holds {len(held)} posts; name one of them: "
                            + ", ".join(f"{kg.label(post)!r}" for post in held))
    raise PmographError(f"{kg.label(iri)!r} is a {what}, not a post in the reporting lines; "
                        "name a post or the person who holds it")


def metrics_csv(answer: Mapping[str, Any], *, by: Literal["manager", "unit"] = "manager",
                raw: bool = False) -> str:
    """One CSV row per manager (``by="manager"``) or per unit, from a :func:`metrics` answer.

    For people, cells are quoted and one a spreadsheet would run as a formula gets a leading
    ``'`` (:func:`pmograph._formats.csv_text`); ``raw=True`` writes the values as they are.

    Examples
    --------
    >>> answer = {"by_unit": [{"unit": {"iri": "urn:u", "label": "=PMO", "kind": "unit"},
    ...     "headcount": 4, "fte": 3.5, "vacant": 1, "people": 3, "direct_headcount": 4,
    ...     "direct_fte": 3.5}]}
    >>> print(metrics_csv(answer, by="unit"), end="")
    "unit","unit_label","kind","headcount","fte","vacant","people","direct_headcount","direct_fte"
    "urn:u","'=PMO","unit","4","3.5","1","3","4","3.5"
    """
    if by == "unit":
        header = ["unit", "unit_label", "kind", "headcount", "fte", "vacant", "people",
                  "direct_headcount", "direct_fte"]
        rows = [[*_cells(row["unit"]), *(row[key] for key in header[3:])]
                for row in answer["by_unit"]]
    else:
        header = ["manager", "manager_label", "kind", "held_by", "layer", "direct",
                  "span_band", "headcount", "fte", "vacant", "dotted"]
        rows = [[*_cells(row["manager"]), "; ".join(row["held_by"]), row["layer"],
                 row["direct"], span_band(row["direct"]),
                 *(row[key] for key in header[7:])] for row in answer["by_manager"]]
    return csv_text([header, *rows], raw=raw)


def write_metrics_chart(answer: Mapping[str, Any], kind: str,
                        path: str | os.PathLike[str]) -> dict[str, Any]:
    """Draw one chart of a :func:`metrics` answer (:data:`CHART_KINDS`) to ``path``.

    ``spans``: managers per span band; ``layers``: posts per layer; ``fte-by-unit``: the FTE
    of the posts placed in each unit.  The format comes from the suffix (png, svg, pdf).
    Returns ``{"written": path, "format": ..., "counts": {...}}`` (DESIGN.md §4).
    """
    from pmograph._render.plots import layer_chart, span_chart, unit_chart, write_chart

    if kind not in CHART_KINDS:
        raise PmographError(f"no chart {kind!r}; the charts are {', '.join(CHART_KINDS)}")
    subject = answer.get("subject") or next(
        (row["unit"] for row in answer.get("by_unit", ()) if row["unit"]), None)
    of = f" — {subject['label']}" if subject else ""
    if kind == "spans":
        figure = span_chart(answer["span"]["bands"], median=answer["span"]["median"],
                            title="Span of control" + of)
        counts = {"managers": answer["span"]["managers"]}
    elif kind == "layers":
        figure = layer_chart(answer["layers"], fte=answer.get("layer_fte"),
                             title="Posts per layer" + of)
        counts = {"layers": len(answer["layers"]), "posts": answer["posts"]}
    else:
        rows = [(row["unit"]["label"] if row["unit"] else "(no unit)", row["direct_fte"],
                 row["direct_headcount"]) for row in answer["by_unit"]]
        figure = unit_chart(rows, title="FTE by unit" + of)
        counts = {"units": sum(1 for _, fte, posts in rows if fte or posts)}
    return {"written": os.fspath(path), "format": write_chart(figure, path), "counts": counts}


# ------------------------------------------------------------------------------------ helpers
def _answer(kg: KnowledgeGraph, G: StrDiGraph, figures: OrgMetrics) -> dict[str, Any]:
    def entity(node: str) -> Entity:
        return _entity(G, node)

    spans, dotted = figures.spans, figures.dotted
    managers = sorted(spans, key=lambda node: (-figures.headcount[node], _key(G, node)))
    labels = kg.labels
    units = sorted(figures.units.items(), key=lambda item: (
        -item[1].headcount, item[0] is None, labels.get(item[0] or "", ""), item[0] or ""))
    return {
        "posts": figures.posts, "people": figures.people, "vacant": figures.vacant,
        "vacancy_rate": round(figures.vacancy_rate, PLACES), "job_shares": figures.job_shares,
        "fte": round(figures.fte, PLACES), "layers": figures.layers,
        "layer_fte": [round(value, PLACES) for value in figures.layer_fte],
        "deepest_chain": [entity(node) for node in figures.deepest],
        "span": {"managers": len(spans), "median": figures.span_median,
                 "mean": None if figures.span_mean is None else round(figures.span_mean, 2),
                 "bands": figures.bands},
        "managers_of_one": sorted((entity(node) for node in figures.managers_of_one),
                                  key=lambda e: (e["label"], e["iri"])),
        "level_compression": [
            {"manager": entity(item.manager), "report": entity(item.report),
             "manager_level": item.manager_level, "report_level": item.report_level}
            for item in figures.compression],
        "dotted_load": [{"post": entity(node), "dotted": count} for node, count in sorted(
            dotted.items(), key=lambda item: (-item[1], _key(G, item[0])))],
        "by_manager": [
            {"manager": entity(node), "held_by": list(G.nodes[node].get("holders") or ()),
             "layer": figures.depth[node] + 1, "direct": spans[node],
             "headcount": figures.headcount[node],
             "fte": round(figures.fte_below[node], PLACES),
             "vacant": figures.vacant_below[node], "dotted": dotted.get(node, 0)}
            for node in managers],
        "by_unit": [
            {"unit": None if unit is None else unit_entities[unit],
             "headcount": row.headcount, "fte": round(row.fte, PLACES), "vacant": row.vacant,
             "people": row.people, "direct_headcount": row.direct_headcount,
             "direct_fte": round(row.direct_fte, PLACES)}
            for unit_entities in [_unit_entities(kg, [u for u, _ in units if u is not None])]
            for unit, row in units],
    }


def _innermost(units: Collection[str], parents: Mapping[str, list[str]],
               labels: Mapping[str, str]) -> str:
    """The unit a post in several is counted in: the innermost (a unit around another of them
    gives way: a director is in the directorate, not only in the organisation), then the
    first by label."""
    around: set[str] = set()
    for unit in units:
        stack, seen = list(parents.get(unit, ())), {unit}
        while stack:
            outer = stack.pop()
            if outer not in seen:
                seen.add(outer)
                around.add(outer)
                stack.extend(parents.get(outer, ()))
    inner = (set(units) - around) or units  # nested in a loop: every one is around another
    return min(inner, key=lambda unit: (labels.get(unit) or local_name(unit), unit))


def _unit_entities(kg: KnowledgeGraph, units: list[str]) -> dict[str, Entity]:
    """Entity shapes of units: their types read class by class (an index lookup for each
    class of unit or organisation), not entity by entity."""
    table = kg.kind_table()
    wanted, types = set(units), dict[str, list[str]]()
    for cls, kind in table.items():
        if kind in UNIT_KINDS:
            for (instance,) in kg.strings("instances-of", **{"class": URIRef(cls)}):
                if instance in wanted:
                    types.setdefault(instance, []).append(cls)
    labels = kg.labels
    return {unit: {"iri": unit, "label": labels.get(unit) or local_name(unit),
                   "kind": kind_of(types.get(unit, ()), table)} for unit in units}


def _entity(G: StrDiGraph, node: str) -> Entity:
    facts = G.nodes[node]
    return {"iri": node, "label": str(facts.get("label") or local_name(node)),
            "kind": str(facts.get("kind") or "post")}


def _key(G: StrDiGraph, node: str) -> tuple[str, str]:
    return (str(G.nodes[node].get("label", node)), node)


def _cells(entity: Entity | None) -> list[str]:
    if entity is None:
        return ["", "(no unit)", ""]
    return [entity["iri"], entity["label"], entity["kind"]]


def _integer(text: str) -> bool:
    try:
        int(text)
    except ValueError:
        return False
    return True
