"""Describing the graph: the role list and everything known about one entity.

These back the ``roles`` and ``show`` commands and return the JSON shapes of DESIGN.md §4.
"""

from __future__ import annotations

import decimal
from collections import defaultdict
from typing import Any

from rdflib import RDF, BNode, Literal, URIRef
from rdflib.namespace import PROV, RDFS, SDO, SKOS
from rdflib.term import Node

from pmograph._entities import (
    ALTERNATIVE_LABELS,
    HIDDEN_LABELS,
    PREFERRED_LABELS,
    Entity,
    kind_of,
    local_name,
)
from pmograph._namespace import PMO
from pmograph._store.graph import KnowledgeGraph

_LABEL_KEYS = {**{p: "label" for p in PREFERRED_LABELS}, SKOS.prefLabel: "prefLabel",
               **{p: "altLabel" for p in ALTERNATIVE_LABELS},
               **{p: "hiddenLabel" for p in HIDDEN_LABELS}}


def roles(kg: KnowledgeGraph) -> list[dict[str, Any]]:
    """Every role in ``kg`` with its track and level, most junior first.

    Returns a list of entity dicts (``iri``, ``label``, ``kind``) extended with ``track``
    (the track's label, or ``None``) and ``level`` (an ``int``, or ``None``).

    Examples
    --------
    >>> from pmograph import load
    >>> ladder = [r["label"] for r in roles(load()) if r["track"] == "PMO"]
    >>> ladder.index("PMO Coordinator") < ladder.index("PMO Director")
    True
    """
    found = []
    for role, track, level in kg.select("roles"):
        entry: dict[str, Any] = dict(kg.entity(role))  # type: ignore[arg-type]
        entry["track"] = kg.label(track) if isinstance(track, URIRef) else None
        entry["level"] = int(level) if isinstance(level, Literal) else None
        found.append(entry)
    found.sort(key=lambda r: (r["level"] is None, r["level"] or 0, r["track"] or "", r["label"]))
    return found


def describe(kg: KnowledgeGraph, name: str | URIRef) -> dict[str, Any]:
    """Everything ``kg`` says about one entity, grouped by relation, each fact with its sources.

    ``name`` is resolved as a name unless it is already an IRI.  Returns
    ``{"subject": E, "labels": {...}, "relations": {name: [fact, ...]}}`` where a fact is an
    entity dict or ``{"value": ...}``, plus ``"sources"`` (a list of entity dicts) and any
    qualifiers the data gives (``proficiency``, ``essential``, ``typicalYears``, ``note``).

    Examples
    --------
    >>> from pmograph import load
    >>> kg = load()
    >>> facts = describe(kg, "PMO Coordinator")
    >>> "PMO Analyst" in [e["label"] for e in facts["relations"]["next roles"]]
    True
    >>> all(fact["sources"] for fact in facts["relations"]["next roles"])
    True
    """
    subject = name if isinstance(name, URIRef) else kg.resolve(name)
    subject_sources = [_node_entity(kg, row[0]) for row in kg.select("subject-sources",
                                                                     subject=subject)
                       if row[0] is not None]
    labels: dict[str, list[str]] = defaultdict(list)
    relations: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for predicate, value in kg.select("outgoing-facts", subject=subject):
        assert isinstance(predicate, URIRef) and value is not None
        if predicate in _LABEL_KEYS and isinstance(value, Literal):
            labels[_LABEL_KEYS[predicate]].append(str(value))
            continue
        if predicate == PMO.hasRequirement:
            continue  # shown, with qualifiers and sources, as "skills" and "qualifications"
        fact = _fact(kg, value)
        # A statement's sources are the subject's; a source needs no source of its own.
        fact["sources"] = [] if predicate == PROV.wasDerivedFrom else subject_sources
        relations[_relation_name(kg, predicate)].append(fact)
    grouped: dict[tuple[str, Node], dict[str, Any]] = {}
    for relation, obj, node, source, proficiency, essential, years, note in kg.select(
            "qualified-facts", subject=subject):
        if obj is None or relation is None:
            continue
        key = (str(relation), node if node is not None else obj)
        if key not in grouped:
            fact = _fact(kg, obj)
            fact["sources"] = []
            for qualifier, value in (("proficiency", proficiency), ("essential", essential),
                                     ("typicalYears", years), ("note", note)):
                if isinstance(value, Literal):
                    fact[qualifier] = _plain(value)
            grouped[key] = fact
            relations[str(relation)].append(fact)
        if source is not None:
            source_entity = _node_entity(kg, source)
            if source_entity not in grouped[key]["sources"]:
                grouped[key]["sources"].append(source_entity)
    described: dict[str, Any] = {"subject": kg.entity(subject), "labels": dict(labels),
                                 "relations": {key: relations[key] for key in sorted(relations)}}
    from pmograph._answers.questions import (
        hierarchy_facts,  # networkx loads only when show needs it
    )

    answers = hierarchy_facts(kg, subject)
    if answers:  # chain, reports and span for posts and people; roles above, next roles
        described["answers"] = answers
    return described


def _relation_name(kg: KnowledgeGraph, predicate: URIRef) -> str:
    if predicate == RDF.type:
        return "type"
    return kg.curie(predicate)


def _fact(kg: KnowledgeGraph, node: Node) -> dict[str, Any]:
    if isinstance(node, Literal):
        fact: dict[str, Any] = {"value": _plain(node)}
        if node.language:
            fact["language"] = node.language
        return fact
    return dict(_node_entity(kg, node))


def _node_entity(kg: KnowledgeGraph, node: Node) -> Entity:
    if isinstance(node, URIRef):
        return kg.entity(node)
    if isinstance(node, BNode):
        # Qualified nodes may be blank: describe them by their text, kind from their type.
        text = next((str(v) for p in (*PREFERRED_LABELS, SDO.text, RDFS.comment, SKOS.definition)
                     for v in kg.graph.objects(node, p)), "")
        types = [str(t) for t in kg.graph.objects(node, RDF.type)]
        kind = kind_of(types, kg.kind_table())
        return {"iri": f"_:{node}", "label": text or local_name(str(node)), "kind": kind}
    return {"iri": "", "label": str(node), "kind": "value"}


def _plain(value: Literal) -> Any:
    python = value.toPython()
    if isinstance(python, decimal.Decimal):  # xsd:decimal, e.g. typical years "5.0"
        return int(python) if python == python.to_integral_value() else float(python)
    return python if isinstance(python, bool | int | float | str) else str(value)
