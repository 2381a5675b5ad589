"""One organisation as a snapshot of plain strings, for comparing it with another.

Built from the same shipped SELECTs as the whole-organisation views (so it is the same on every
store), read once each: every post, the solid and dotted lines, the facts of every post, names
and identifiers, and how units nest.
"""

from __future__ import annotations

from collections import defaultdict

from pmograph._algorithms.changes import OrgSnapshot
from pmograph._entities import IDENTIFIERS, local_name
from pmograph._names import LabelRow, display_labels
from pmograph._store.graph import KnowledgeGraph

_IDENTIFIERS = {str(predicate): rank for rank, predicate in enumerate(IDENTIFIERS)}
#: Past this many unnamed nodes on lines, whether the graph describes them is read at once.
_LOOKUPS = 1000


def org_snapshot(kg: KnowledgeGraph) -> tuple[OrgSnapshot, dict[str, str]]:
    """The organisation in ``kg`` as an :class:`OrgSnapshot`, and the display label of every
    IRI it mentions (posts, holders, units).

    Examples
    --------
    >>> from pmograph import load
    >>> from rdflib import Graph
    >>> data = Graph().parse(format="turtle", data='''
    ...     @prefix org: <http://www.w3.org/ns/org#> . @prefix ex: <http://example.org/> .
    ...     @prefix skos: <http://www.w3.org/2004/02/skos/core#> .
    ...     ex:cto a org:Post ; skos:prefLabel "CTO" ; skos:notation "P1" ; org:heldBy ex:ada .
    ...     ex:dev a org:Post ; org:reportsTo ex:cto .''')
    >>> snapshot, labels = org_snapshot(load(data, catalog=False))
    >>> sorted(snapshot.titles.items()), dict(snapshot.references)
    ([('http://example.org/cto', 'CTO'), ('http://example.org/dev', 'dev')], \
{'http://example.org/cto': 'P1'})
    >>> snapshot.holders["http://example.org/cto"], labels["http://example.org/ada"]
    (frozenset({'http://example.org/ada'}), 'ada')
    """
    rows: list[LabelRow] = [
        (entity, predicate, value, language or "")
        for entity, predicate, value, language in kg.strings("entity-labels")
        if entity is not None and predicate is not None and value is not None]
    labels = display_labels(rows)
    references: dict[str, tuple[int, str]] = {}
    for entity, predicate, value, _ in rows:
        rank = _IDENTIFIERS.get(predicate)
        if rank is not None and (entity not in references or (rank, value) < references[entity]):
            references[entity] = (rank, value)
    facts: dict[str, dict[str, set[str]]] = {"holder": defaultdict(set), "unit": defaultdict(set)}
    posts: set[str] = {row[0] for row in kg.strings("posts") if row[0] is not None}
    for subject, fact, obj in kg.strings("post-facts-all"):
        if subject is not None and obj is not None and fact is not None and fact in facts:
            facts[fact][subject].add(obj)
            posts.add(subject)
    managers, dotted = _lines(kg, "solid-lines"), _lines(kg, "dotted-lines")
    # A node on a line counts when the graph describes it (a person who reports directly); one
    # only a line names is not a post, so a post removed while lines still point at it is
    # removed, as the shipped query what-changed-between-snapshots says.
    ends = (managers.keys() | {boss for bosses in managers.values() for boss in bosses}) - posts
    unnamed = ends - labels.keys()
    described = kg.names.kinds.keys() if len(unnamed) > _LOOKUPS else {
        node for node in unnamed if kg.describes(node)}
    posts |= {node for node in ends if node in labels or node in described}
    parents = _lines(kg, "unit-nesting")
    units = {unit for values in facts["unit"].values() for unit in values}
    units |= parents.keys() | {outer for outers in parents.values() for outer in outers}

    def label(iri: str) -> str:
        return labels.get(iri) or local_name(iri)

    holders = {post: frozenset(values) for post, values in facts["holder"].items()}
    mentioned = posts | units | {h for values in holders.values() for h in values}
    snapshot = OrgSnapshot(
        titles={post: label(post) for post in posts},
        references={post: references[post][1] for post in posts if post in references},
        managers=managers, dotted=dotted, holders=holders,
        units={unit: label(unit) for unit in units}, parents=parents)
    return snapshot, {iri: label(iri) for iri in mentioned}


def _lines(kg: KnowledgeGraph, query: str) -> dict[str, frozenset[str]]:
    """Subject → the objects of one two-column query (inner → outer, report → superior)."""
    found: dict[str, set[str]] = defaultdict(set)
    for inner, outer in kg.strings(query):
        if inner is not None and outer is not None:
            found[inner].add(outer)
    return {inner: frozenset(outers) for inner, outers in found.items()}
