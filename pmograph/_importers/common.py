"""Importing spreadsheet exports into W3C ORG RDF: what every importer shares.

An import reads one or more CSV files (UTF-8, else windows-1252), recognises their columns by
header, and builds an rdflib graph in W3C ORG terms: ``org:Organization``,
``org:OrganizationalUnit``, ``org:Post`` (titles as ``rdfs:label``, identifiers as
``skos:notation`` and ``dcterms:identifier``), people (``foaf:Person``, ``foaf:name``),
``org:heldBy``/``org:holds``, ``org:postIn``, ``org:reportsTo`` and, where a job title names a
catalog role, ``org:role``.

Decisions the issue left open, recorded here:

* **IRIs** are minted under ``base`` (default :data:`DEFAULT_BASE`) from the organisation's name
  and the post's own reference, never from a file name, a row number or a date, so two
  snapshots of one organisation give the same post IRIs.  People are keyed by a digest of their
  name within the organisation: one person holding two posts is one node, and the name itself
  does not become an identifier.
* **Titles → roles** go through the graph's name index (labels, then synonyms) after dropping a
  leading "Acting"/"Temp"/"Interim".  A title that matches several roles equally well is
  *flagged* (listed in :attr:`ImportResult.ambiguous` and noted on the post with
  ``skos:editorialNote``), never guessed.
* Personal data stays in the output file the user asked for; contact phone numbers of
  organogram rows are not copied at all.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Protocol
from urllib.parse import quote

from rdflib import RDF, Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCTERMS, FOAF, ORG, RDFS, SKOS, XSD

from pmograph._names import NameIndex, normalise


class HasNames(Protocol):
    """Anything with a name index: a :class:`~pmograph.KnowledgeGraph`, for one."""

    @property
    def names(self) -> NameIndex: ...

#: Where minted IRIs live unless the caller gives ``base``.
DEFAULT_BASE = "urn:pmograph:org:"
#: data.gov.uk's organogram vocabulary: grade, profession and FTE of posts.
ORGANOGRAM = Namespace("http://reference.data.gov.uk/def/organogram/")
KINDS = ("generic", "organogram")

_ACTING = re.compile(r"^(acting|temp|temporary|interim)\s+")
_NOT_WORD = re.compile(r"[^0-9a-z]+")


# ---------------------------------------------------------------------- IRIs
def slug(text: str) -> str:
    """A readable, IRI-safe fragment of ``text``.

    Examples
    --------
    >>> slug("Technology, Science & Exploration"), slug("UK Space Agency"), slug("  ")
    ('technology-science-exploration', 'uk-space-agency', 'unnamed')
    """
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return _NOT_WORD.sub("-", ascii_text.casefold()).strip("-") or "unnamed"


@dataclass(frozen=True)
class Minter:
    """Mints the IRIs of one organisation's nodes, stable across snapshots.

    Examples
    --------
    >>> m = Minter("urn:pmograph:org:", "UK Space Agency")
    >>> str(m.post("20"))
    'urn:pmograph:org:uk-space-agency/post/20'
    >>> m.person("Ada Lovelace") == m.person("ADA  lovelace")
    True
    """

    base: str
    organisation: str

    @property
    def root(self) -> str:
        return self.base + slug(self.organisation)

    def organization(self) -> URIRef:
        return URIRef(self.root)

    def parent(self, name: str) -> URIRef:
        return URIRef(self.base + slug(name))

    def unit(self, name: str) -> URIRef:
        return URIRef(f"{self.root}/unit/{slug(name)}")

    def post(self, reference: str) -> URIRef:
        return URIRef(f"{self.root}/post/{quote(reference.strip(), safe='-._~')}")

    def junior_post(self, *parts: str) -> URIRef:
        return URIRef(f"{self.root}/junior-post/" + "-".join(slug(p) for p in parts if p))

    def person(self, name: str) -> URIRef:
        digest = hashlib.sha256(normalise(name).encode()).hexdigest()[:12]
        return URIRef(f"{self.root}/person/{digest}")


# ---------------------------------------------------------------------- titles → roles
class TitleMapper:
    """Maps job titles to catalog roles through labels and synonyms (flags ties, never guesses).

    Examples
    --------
    >>> from pmograph import load
    >>> mapper = TitleMapper(load())
    >>> mapper.match("Acting Project Manager")[0].endswith("ProjectManager")
    True
    >>> role, candidates = mapper.match("Project Coordinator")
    >>> role is None and len(candidates) > 1   # ESCO, O*NET and PMO Learning disagree
    True
    >>> mapper.match("Sales Manager")
    (None, [])
    """

    def __init__(self, roles: HasNames | NameIndex | None) -> None:
        if roles is None or isinstance(roles, NameIndex):
            self.index = roles
        else:
            self.index = roles.names
        self._memo: dict[str, tuple[URIRef | None, list[URIRef]]] = {}

    def match(self, title: str) -> tuple[URIRef | None, list[URIRef]]:
        """``(role, [])`` on one match, ``(None, candidates)`` on a tie, else ``(None, [])``."""
        key = normalise(title)
        if key not in self._memo:
            self._memo[key] = self._match(key)
        return self._memo[key]

    def _match(self, key: str) -> tuple[URIRef | None, list[URIRef]]:
        if self.index is None or not key:
            return None, []
        for variant in dict.fromkeys((key, _ACTING.sub("", key))):
            hits = [(tier, iri) for tier, iri in self.index.names.get(variant, [])
                    if self.index.kinds.get(iri) == "role"]
            if hits:
                best = min(tier for tier, _ in hits)
                found = sorted({URIRef(iri) for tier, iri in hits if tier == best})
                return (found[0], []) if len(found) == 1 else (None, found)
        return None, []


# ---------------------------------------------------------------------- the result
@dataclass
class ImportResult:
    """What an import produced: the RDF graph, counts, and what needs a person's attention."""

    graph: Graph = field(default_factory=Graph)
    #: Job title → number of posts whose title matched no catalog role.
    unmapped: dict[str, int] = field(default_factory=dict)
    #: Job title → the roles it matched equally well (not assigned: flagged for a person).
    ambiguous: dict[str, list[URIRef]] = field(default_factory=dict)
    #: Things imported as written that are probably wrong (unknown manager ids ...).
    warnings: list[str] = field(default_factory=list)

    @property
    def counts(self) -> dict[str, float]:
        """Organisations, units, posts, people, reporting lines and FTE in the graph."""
        g = self.graph
        fte = sum((Decimal(str(v)) for v in g.objects(None, ORGANOGRAM.fullTimeEquivalent)
                   if isinstance(v, Literal)), Decimal(0))
        counts: dict[str, float] = {
            "organizations": len(set(g.subjects(RDF.type, ORG.Organization))),
            "units": len(set(g.subjects(RDF.type, ORG.OrganizationalUnit))),
            "posts": len(set(g.subjects(RDF.type, ORG.Post))),
            "people": len(set(g.subjects(RDF.type, FOAF.Person))),
            "reporting_lines": len(set(g.subject_objects(ORG.reportsTo))),
            "roles_assigned": len(set(g.subject_objects(ORG.role))),
            "triples": len(g),
        }
        if fte:
            counts["fte"] = float(fte)
        return counts

    def note_title(self, post: URIRef, title: str, mapper: TitleMapper,
                   explicit_role: str = "") -> None:
        """Give ``post`` the catalog role its title (or an explicit role name) matches."""
        wanted = explicit_role or title
        if not wanted:
            return
        role, candidates = mapper.match(wanted)
        if role is not None:
            self.graph.add((post, ORG.role, role))
        elif candidates:
            self.ambiguous[wanted] = candidates
            names = ", ".join(str(c) for c in candidates)
            self.graph.add((post, SKOS.editorialNote, Literal(
                f"title {wanted!r} matches several catalog roles ({names}); "
                "none was assigned: choose one with org:role")))
        else:
            self.unmapped[wanted] = self.unmapped.get(wanted, 0) + 1

    def serialize(self, rdf_format: str = "turtle") -> str:
        """The graph as text, with the usual prefixes bound."""
        for prefix, namespace in (("org", ORG), ("skos", SKOS), ("foaf", FOAF),
                                  ("dcterms", DCTERMS), ("organogram", ORGANOGRAM),
                                  ("xsd", XSD), ("rdfs", RDFS)):
            self.graph.bind(prefix, namespace, override=False)
        return self.graph.serialize(format=rdf_format)

    def write(self, path: str | Path, rdf_format: str | None = None) -> None:
        """Write the graph to ``path`` whole or not at all (format from the suffix)."""
        from pmograph._atomic import write_text_atomic
        from pmograph._formats import rdf_format_for

        write_text_atomic(path, self.serialize(rdf_format or rdf_format_for(path)))


def add_organization(graph: Graph, minter: Minter, parent: str = "") -> URIRef:
    """Add the organisation (and its parent department, when named) to ``graph``."""
    organization = minter.organization()
    graph.add((organization, RDF.type, ORG.Organization))
    graph.add((organization, SKOS.prefLabel, Literal(minter.organisation)))
    if parent and slug(parent) != slug(minter.organisation):
        department = minter.parent(parent)
        graph.add((department, RDF.type, ORG.Organization))
        graph.add((department, SKOS.prefLabel, Literal(parent)))
        graph.add((organization, ORG.subOrganizationOf, department))
        graph.add((department, ORG.hasSubOrganization, organization))
    return organization


def add_unit(graph: Graph, minter: Minter, name: str) -> URIRef:
    """Add a unit of the organisation, named ``name``."""
    unit = minter.unit(name)
    organization = minter.organization()
    graph.add((unit, RDF.type, ORG.OrganizationalUnit))
    graph.add((unit, SKOS.prefLabel, Literal(name)))
    graph.add((unit, ORG.unitOf, organization))
    graph.add((organization, ORG.hasUnit, unit))
    return unit


def add_post(graph: Graph, post: URIRef, *, title: str, reference: str = "",
             within: URIRef) -> None:
    """Add a post with its title (as label) and its own reference (as identifiers)."""
    graph.add((post, RDF.type, ORG.Post))
    if title:
        graph.add((post, RDFS.label, Literal(title)))
    if reference:
        graph.add((post, SKOS.notation, Literal(reference)))
        graph.add((post, DCTERMS.identifier, Literal(reference)))
    graph.add((post, ORG.postIn, within))
    graph.add((within, ORG.hasPost, post))


def add_holder(graph: Graph, post: URIRef, person: URIRef, name: str) -> None:
    """Record that ``person`` (named ``name``) holds ``post``."""
    graph.add((person, RDF.type, FOAF.Person))
    graph.add((person, FOAF.name, Literal(name)))
    graph.add((post, ORG.heldBy, person))
    graph.add((person, ORG.holds, post))


def decimal_literal(value: Decimal) -> Literal:
    return Literal(str(value.normalize()) if value == value.to_integral() else str(value),
                   datatype=XSD.decimal)
