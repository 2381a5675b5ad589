"""Kinds and display labels of entities, and the JSON entity shape ``E`` of DESIGN.md §4."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import TypedDict

from rdflib import OWL, RDF, RDFS, SKOS, Namespace, URIRef
from rdflib.namespace import DCTERMS, FOAF, ORG, PROV, SDO

from pmograph._namespace import PMO

SCHEMA_HTTP = Namespace("http://schema.org/")


class Entity(TypedDict):
    """The JSON shape of an entity: its IRI, a display label and its kind."""

    iri: str
    label: str
    kind: str


#: Predicates whose values are names of a thing, best first.  The first one present
#: gives the display label; all of them are searched by name resolution.
PREFERRED_LABELS: tuple[URIRef, ...] = (
    SKOS.prefLabel, RDFS.label, SDO.name, SCHEMA_HTTP.name, FOAF.name, DCTERMS.title,
    SDO.title, SCHEMA_HTTP.title,
)
ALTERNATIVE_LABELS: tuple[URIRef, ...] = (SKOS.altLabel,)
HIDDEN_LABELS: tuple[URIRef, ...] = (SKOS.hiddenLabel,)
IDENTIFIERS: tuple[URIRef, ...] = (SKOS.notation, DCTERMS.identifier, ORG.identifier,
                                   SDO.identifier)

#: rdf:type → kind, most specific first.  Subclasses declared in the graph inherit the kind.
KIND_CLASSES: tuple[tuple[str, tuple[URIRef, ...]], ...] = (
    ("role", (PMO.Role, ORG.Role)),
    ("post", (ORG.Post,)),
    ("person", (FOAF.Person, SDO.Person, SCHEMA_HTTP.Person, FOAF.Agent)),
    ("unit", (ORG.OrganizationalUnit,)),
    ("organization", (ORG.Organization, ORG.FormalOrganization, FOAF.Organization,
                      SDO.Organization)),
    ("skill", (PMO.Skill,)),
    ("qualification", (PMO.Qualification, SDO.EducationalOccupationalCredential)),
    ("function", (PMO.PMOFunction,)),
    ("responsibility", (PMO.Responsibility,)),
    ("track", (PMO.Track,)),
    ("claim", (PMO.Claim, SDO.Claim)),
    ("statistic", (PMO.Statistic,)),
    ("requirement", (PMO.Requirement,)),
    ("career-move", (PMO.CareerMove,)),
    ("reporting-line", (PMO.ReportingLine,)),
    ("success-factor", (PMO.SuccessFactor,)),
    ("source", (PROV.Entity, SDO.CreativeWork, SDO.Question)),
    ("class", (OWL.Class, RDFS.Class)),
    ("property", (RDF.Property, OWL.ObjectProperty, OWL.DatatypeProperty)),
    ("concept", (SKOS.Concept,)),
)

_KIND_ORDER = {kind: rank for rank, (kind, _) in enumerate(KIND_CLASSES)}

#: Qualifiers accepted in front of a name (``role:PMO Manager``) and the kinds they select.
QUALIFIERS: Mapping[str, frozenset[str]] = {
    "role": frozenset({"role"}),
    "post": frozenset({"post"}),
    "person": frozenset({"person"}),
    "unit": frozenset({"unit", "organization"}),
    "organization": frozenset({"organization"}),
    "skill": frozenset({"skill"}),
    "qualification": frozenset({"qualification"}),
    "function": frozenset({"function"}),
    "source": frozenset({"source"}),
}


def kind_table_from(subclasses: Iterable[tuple[str, str]]) -> dict[str, str]:
    """Map every class to a kind, from ``(class, superclass)`` pairs of IRIs.

    Subclasses declared with ``rdfs:subClassOf`` take the kind of their nearest listed ancestor.

    Examples
    --------
    >>> table = kind_table_from([("http://example.org/Manager", str(ORG.Post))])
    >>> table["http://example.org/Manager"]
    'post'
    """
    children: dict[str, list[str]] = {}
    for child, parent in subclasses:
        children.setdefault(parent, []).append(child)
    table: dict[str, str] = {}
    for kind, classes in KIND_CLASSES:
        for cls in classes:
            table.setdefault(str(cls), kind)
    # Walk down the declared class tree, breadth first, so specific kinds win.
    frontier = list(table)
    while frontier:
        parent = frontier.pop(0)
        for child in sorted(children.get(parent, ())):
            if child not in table:
                table[child] = table[parent]
                frontier.append(child)
    return table


def kind_of(types: Iterable[str], table: Mapping[str, str]) -> str:
    """The kind given by the most specific known type (IRIs as strings), or ``"resource"``."""
    kinds = [table[t] for t in map(str, types) if t in table]
    if not kinds:
        return "resource"
    return min(kinds, key=lambda k: _KIND_ORDER.get(k, len(_KIND_ORDER)))


def local_name(iri: str) -> str:
    """The part of an IRI after its last ``#``, ``/`` or ``:``.

    Examples
    --------
    >>> local_name("https://w3id.org/pmograph/catalog/PMOManager")
    'PMOManager'
    >>> local_name("urn:isbn:123")
    '123'
    """
    for separator in ("#", "/", ":"):
        _, sep, tail = iri.rpartition(separator)
        if sep and tail:
            return tail
    return iri
