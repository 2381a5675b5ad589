"""Describing the graph: the role list and everything known about one entity.

These back the ``roles`` and ``show`` commands and return the JSON shapes of DESIGN.md §4.
"""

from __future__ import annotations

import decimal
import re
from collections import defaultdict
from collections.abc import Iterable
from typing import Any

from rdflib import RDF, BNode, Literal, URIRef
from rdflib.namespace import DCTERMS, ORG, PROV, RDFS, SDO, SKOS
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
from pmograph._views.org import posts_held

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
    qualifiers the data gives (``proficiency``, ``essential``, ``typicalYears``, ``note``; a
    level range adds ``framework``, ``minLevel`` and ``maxLevel`` and carries its own sources).
    A plain statement's sources are the subject's, unless an ``rdf:Statement`` restating it
    names its own (``prov:wasDerivedFrom``): the catalog's levels cite the editorial decision
    that places them, not a source that gives no numbers.

    ``"answers"`` adds where the subject sits: a post's ``holders`` (entities; none when it
    is vacant, several for a job share) or a person's ``posts held``, and what
    :func:`~pmograph._answers.questions.hierarchy_facts` gives.

    Examples
    --------
    >>> from pmograph import load
    >>> kg = load()
    >>> facts = describe(kg, "PMO Coordinator")
    >>> "PMO Analyst" in [e["label"] for e in facts["relations"]["next roles"]]
    True
    >>> all(fact["sources"] for fact in facts["relations"]["next roles"])
    True
    >>> scale = facts["relations"]["pmo:levelRange"][0]  # a framework's own levels
    >>> scale["framework"]["kind"], scale["minLevel"] <= scale["maxLevel"]
    ('source', True)
    >>> [s["label"] for s in facts["relations"]["pmo:level"][0]["sources"]]
    ['Editorial decision: the PMO track and its levels']
    """
    subject = name if isinstance(name, URIRef) else kg.resolve(name)
    subject_sources = [_node_entity(kg, row[0]) for row in kg.select("subject-sources",
                                                                     subject=subject)
                       if row[0] is not None]
    ranges = _level_ranges(kg, subject)
    statement_sources: dict[tuple[Node, Node], list[Entity]] = defaultdict(list)
    for predicate, value, source in kg.select("statement-sources", subject=subject):
        if predicate is not None and value is not None and source is not None:
            statement_sources[predicate, value].append(_node_entity(kg, source))
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
        # A statement's sources are its own where the data restates it with some, else the
        # subject's; a source needs no source of its own.
        fact["sources"] = ([] if predicate == PROV.wasDerivedFrom
                           else statement_sources.get((predicate, value), subject_sources))
        if predicate == PMO.levelRange and value in ranges:  # a qualified node: its own sources
            details, own_sources = ranges[value]
            fact.update(details)
            fact["sources"] = own_sources or subject_sources
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

    answers = {**_holdings(kg, subject), **hierarchy_facts(kg, subject)}
    if answers:  # holders or posts held; chain, reports and span; roles above, next roles
        described["answers"] = answers
    return described


def relation_headings(kg: KnowledgeGraph, relations: Iterable[str]) -> dict[str, str]:
    """A heading a person reads for each relation name of :func:`describe`.

    A property's ``rdfs:label`` in the loaded vocabulary where it has one, else a humanised
    local name (``pmo:levelRange`` → "Level range", ``prov:wasDerivedFrom`` → "Derived from");
    names that are already words ("next roles") are capitalised.

    Examples
    --------
    >>> from pmograph import load
    >>> kg = load()
    >>> relation_headings(kg, ["pmo:levelRange", "skos:inScheme", "next roles", "type"])
    {'pmo:levelRange': 'Level range', 'skos:inScheme': 'In scheme', 'next roles': 'Next roles', \
'type': 'Type'}
    >>> relation_headings(kg, ["http://example.org/vocab#fullTimeEquivalent"])
    {'http://example.org/vocab#fullTimeEquivalent': 'Full time equivalent'}
    """
    prefixes = kg.backend.prefixes()
    headings = {}
    for relation in relations:
        if ":" not in relation:  # a name describe gives itself ("next roles", "type")
            headings[relation] = _capitalised(relation)
            continue
        prefix, _, local = relation.partition(":")
        iri = prefixes[prefix] + local if prefix in prefixes and "//" not in local else relation
        label = kg.label(iri) if kg.describes(iri) else ""
        if label and label != local_name(iri):
            headings[relation] = _capitalised(label)
        else:
            headings[relation] = _HEADINGS.get(iri) or humanise(local_name(iri))
    return headings


def humanise(name: str) -> str:
    """A local name as words: ``wasDerivedFrom`` → "Was derived from", ``FTE_total`` → "FTE total".

    Examples
    --------
    >>> humanise("levelRange"), humanise("hasURL"), humanise("reporting_line")
    ('Level range', 'Has URL', 'Reporting line')
    """
    words = _WORD_BREAKS.sub(" ", name.replace("_", " ").replace("-", " ")).split()
    words = [word if word.isupper() and len(word) > 1 else word.lower() for word in words]
    return _capitalised(" ".join(words)) or name


#: Headings for common vocabulary terms whose local names read badly (when the vocabulary
#: itself, with its labels, is not loaded).
_HEADINGS = {str(PROV.wasDerivedFrom): "Derived from", str(SKOS.notation): "Identifier",
             str(DCTERMS.identifier): "Identifier", str(ORG.identifier): "Identifier",
             str(SDO.identifier): "Identifier", str(ORG.postIn): "Unit",
             str(DCTERMS.isPartOf): "Part of", str(SKOS.broader): "Broader concept",
             str(SKOS.narrower): "Narrower concept", str(RDFS.comment): "Comment",
             str(SDO.url): "URL", "http://schema.org/url": "URL"}
_WORD_BREAKS = re.compile(r"(?<=[a-z0-9])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])")


def _capitalised(text: str) -> str:
    return text[:1].upper() + text[1:]


def _holdings(kg: KnowledgeGraph, subject: URIRef) -> dict[str, Any]:
    """Who holds a post (``holders``: entities, empty when vacant, several for a job share),
    or the posts a person holds (``posts held``); ``org:heldBy`` and ``org:holds`` both count."""
    kind = kg.kind(subject)
    if kind == "post":
        holders = {value for fact, value in kg.strings("post-facts", post=subject)
                   if fact == "holder" and value is not None}
        return {"holders": sorted((kg.entity(h) for h in holders),
                                  key=lambda e: (e["label"], e["iri"]))}
    if kind == "person":
        held = posts_held(kg, subject)
        return {"posts held": [kg.entity(post) for post in held]} if held else {}
    return {}


def _level_ranges(kg: KnowledgeGraph, subject: URIRef) -> dict[Node, tuple[dict[str, Any],
                                                                           list[Entity]]]:
    """Each level range of ``subject`` → its details (``framework`` E, ``minLevel``,
    ``maxLevel``) and its own sources."""
    found: dict[Node, tuple[dict[str, Any], list[Entity]]] = {}
    for node, framework, low, high, source in kg.select("level-ranges", subject=subject):
        if node is None:
            continue
        details, sources = found.setdefault(node, ({}, []))
        if framework is not None:
            details["framework"] = _node_entity(kg, framework)
        for key, bound in (("minLevel", low), ("maxLevel", high)):
            if isinstance(bound, Literal):
                details[key] = _plain(bound)
        if source is not None and (entity := _node_entity(kg, source)) not in sources:
            sources.append(entity)
    return found


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
