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

Importers make their triples as N-Triples text and hand them to
:class:`~pmograph._importers.triples.Statements`, which writes each once: into the rdflib graph
of an :class:`ImportResult` (the library's ``import_*`` functions), or straight into a file or
a store as rows are read (:mod:`pmograph._importers.files`).
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cached_property
from pathlib import Path
from typing import Protocol
from urllib.parse import quote

from rdflib import RDF, Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCTERMS, FOAF, ORG, RDFS, SKOS, XSD

from pmograph._errors import ImportDataError
from pmograph._importers.crosswalk import TitleRules
from pmograph._importers.triples import (
    DECIMAL,
    EDITORIAL_NOTE,
    HAS_SUB_ORGANIZATION,
    HAS_UNIT,
    ORGANIZATION,
    PREF_LABEL,
    ROLE,
    SUB_ORGANIZATION_OF,
    TYPE,
    UNIT,
    UNIT_OF,
    GraphWriter,
    Pair,
    Statements,
    escape_iri,
    iri,
    literal,
    typed,
)
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
_PLAIN_REFERENCE = re.compile(r"[A-Za-z0-9._~-]+")


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

    The ``*_term`` methods give them as N-Triples terms (what importers write); the others as
    rdflib :class:`~rdflib.URIRef`.

    Examples
    --------
    >>> m = Minter("urn:pmograph:org:", "UK Space Agency")
    >>> str(m.post("20")), m.post_term("a b")
    ('urn:pmograph:org:uk-space-agency/post/20', '<urn:pmograph:org:uk-space-agency/post/a%20b>')
    >>> m.person("Ada Lovelace") == m.person("ADA  lovelace")
    True
    """

    base: str
    organisation: str

    @cached_property
    def root(self) -> str:
        return escape_iri(self.base) + slug(self.organisation)

    @cached_property
    def organization_term(self) -> str:
        return f"<{self.root}>"

    def parent_term(self, name: str) -> str:
        return f"<{escape_iri(self.base)}{slug(name)}>"

    def unit_term(self, name: str) -> str:
        return f"<{self.root}/unit/{slug(name)}>"

    def post_term(self, reference: str) -> str:
        reference = reference.strip()
        if not _PLAIN_REFERENCE.fullmatch(reference):
            reference = quote(reference, safe="-._~")
        return f"<{self.root}/post/{reference}>"

    def junior_post_term(self, *parts: str) -> str:
        return f"<{self.root}/junior-post/" + "-".join(slug(p) for p in parts if p) + ">"

    def person_key(self, name: str) -> str:
        """What identifies a person within the organisation: a digest of their name."""
        return hashlib.sha256(normalise(name).encode()).hexdigest()[:12]

    def person_term(self, key: str) -> str:
        return f"<{self.root}/person/{key}>"

    def organization(self) -> URIRef:
        return URIRef(self.organization_term[1:-1])

    def parent(self, name: str) -> URIRef:
        return URIRef(self.parent_term(name)[1:-1])

    def unit(self, name: str) -> URIRef:
        return URIRef(self.unit_term(name)[1:-1])

    def post(self, reference: str) -> URIRef:
        return URIRef(self.post_term(reference)[1:-1])

    def junior_post(self, *parts: str) -> URIRef:
        return URIRef(self.junior_post_term(*parts)[1:-1])

    def person(self, name: str) -> URIRef:
        return URIRef(self.person_term(self.person_key(name))[1:-1])


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
        self.roles = roles  # skills and qualifications are checked against it too
        if roles is None or isinstance(roles, NameIndex):
            self.index = roles
        else:
            self.index = roles.names
        self._memo: dict[str, tuple[URIRef | None, list[URIRef]]] = {}
        self._statements: dict[str, tuple[list[Pair], list[URIRef]]] = {}
        #: Normalised title → why it matched, for titles matched by a second-chance rule.
        self.reasons: dict[str, str] = {}
        self._rules: TitleRules | None = None

    def match(self, title: str) -> tuple[URIRef | None, list[URIRef]]:
        """``(role, [])`` on one match, ``(None, candidates)`` on a tie, else ``(None, [])``."""
        key = normalise(title)
        if key not in self._memo:
            self._memo[key] = self._match(key)
        return self._memo[key]

    def statements(self, title: str) -> tuple[list[Pair], list[URIRef]]:
        """What a post titled ``title`` says about its role, and the candidates of a tie."""
        found = self._statements.get(title)
        if found is None:
            role, candidates = self.match(title)
            reason = self.reasons.get(normalise(title))
            if role is not None:
                found = [(ROLE, iri(str(role)))], []
                if reason:
                    found[0].append((EDITORIAL_NOTE, literal(
                        f"role assigned from the title {title!r}: {reason}")))
            elif candidates:
                names = ", ".join(str(c) for c in candidates)
                because = f" ({reason})" if reason else ""
                found = [(EDITORIAL_NOTE, literal(
                    f"title {title!r} matches several catalog roles ({names}){because}; "
                    "none was assigned: choose one with org:role"))], candidates
            else:
                found = [], []
            self._statements[title] = found
        return found

    def _match(self, key: str) -> tuple[URIRef | None, list[URIRef]]:
        found = self._named(key)
        if found != (None, []) or self.index is None or not key:
            return found
        if self._rules is None:
            self._rules = TitleRules.of(self.roles)
        for variant in dict.fromkeys((key, _ACTING.sub("", key))):
            for roles, reason in (self._rules.crosswalk(variant),
                                  self._rules.qualified(variant, self._named)):
                if roles:
                    self.reasons[key] = reason
                    return (roles[0], []) if len(roles) == 1 else (None, roles)
        return None, []

    def _named(self, key: str) -> tuple[URIRef | None, list[URIRef]]:
        """The role(s) a title names by the catalog's own names (labels, then synonyms)."""
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
    """What an import produced: the RDF graph, counts, and what needs a person's attention.

    An import written straight to a file or a store as it was read
    (:func:`~pmograph._importers.files.write_import`) leaves :attr:`graph` empty; its
    :attr:`counts` are those of the triples written.
    """

    graph: Graph = field(default_factory=Graph)
    #: Job title → number of posts whose title matched no catalog role.
    unmapped: dict[str, int] = field(default_factory=dict)
    #: Job title → the roles it matched equally well (not assigned: flagged for a person).
    ambiguous: dict[str, list[URIRef]] = field(default_factory=dict)
    #: Things imported as written that are probably wrong (unknown manager ids ...).
    warnings: list[str] = field(default_factory=list)
    #: Job title → why it matched its role, for titles no catalog name matches as written
    #: (a crosswalk label, or a role's name qualified by a team: see ``_importers.crosswalk``).
    matched: dict[str, str] = field(default_factory=dict)
    _out: Statements | None = field(default=None, repr=False, compare=False)

    @classmethod
    def streaming(cls, out: Statements) -> ImportResult:
        """A result whose triples go to ``out`` (a file or a store), not into :attr:`graph`."""
        return cls(_out=out)

    @property
    def out(self) -> Statements:
        """Where the import's triples go: by default into :attr:`graph`."""
        if self._out is None:
            self._out = Statements(GraphWriter(self.graph))
        return self._out

    @property
    def streamed(self) -> bool:
        """Whether the triples went to a file or a store rather than into :attr:`graph`."""
        return self._out is not None and not isinstance(self._out.writer, GraphWriter)

    @property
    def counts(self) -> dict[str, float]:
        """Organisations, units, posts, people, reporting lines and FTE in the graph."""
        if self._out is not None and self.streamed:
            return self._out.counts()
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

    def title_statements(self, title: str, mapper: TitleMapper,
                         explicit_role: str = "") -> list[Pair]:
        """What a post says about the catalog role its title (or an explicit role name)
        matches; a tie is flagged on the post and listed, no match is counted."""
        wanted = explicit_role or title
        if not wanted:
            return []
        pairs, candidates = mapper.statements(wanted)
        reason = mapper.reasons.get(normalise(wanted))
        if reason and not candidates:
            self.matched[wanted] = reason
        if candidates:
            self.ambiguous[wanted] = candidates
        elif not pairs:
            self.unmapped[wanted] = self.unmapped.get(wanted, 0) + 1
        return pairs

    def serialize(self, rdf_format: str = "turtle") -> str:
        """The graph as text, with the usual prefixes bound."""
        if self.streamed:
            raise ImportDataError("this import was written as it was read; its triples are in "
                                  "the file or store it went to, not in memory")
        for prefix, namespace in (("org", ORG), ("skos", SKOS), ("foaf", FOAF),
                                  ("dcterms", DCTERMS), ("organogram", ORGANOGRAM),
                                  ("xsd", XSD), ("rdfs", RDFS)):
            self.graph.bind(prefix, namespace, override=False)
        return self.graph.serialize(format=rdf_format)

    def write(self, path: str | Path, rdf_format: str | None = None) -> None:
        """Write the graph to ``path`` whole or not at all (format from the suffix)."""
        from pmograph._atomic import write_text_atomic
        from pmograph._formats import rdf_format_for

        text = self.serialize(rdf_format or rdf_format_for(path))
        write_text_atomic(path, text)


def add_organization(out: Statements, minter: Minter, parent: str = "") -> str:
    """Add the organisation (and its parent department, when named); return its term."""
    organization = minter.organization_term
    out.add_once(organization, [(TYPE, ORGANIZATION),
                                (PREF_LABEL, literal(minter.organisation))])
    if parent and slug(parent) != slug(minter.organisation):
        department = minter.parent_term(parent)
        out.add_once(department, [(TYPE, ORGANIZATION), (PREF_LABEL, literal(parent)),
                                  (HAS_SUB_ORGANIZATION, organization)])
        out.add_once(organization, [(SUB_ORGANIZATION_OF, department)])
    return organization


def add_unit(out: Statements, minter: Minter, name: str) -> str:
    """Add a unit of the organisation, named ``name``; return its term."""
    unit = minter.unit_term(name)
    out.add_once(unit, [(TYPE, UNIT), (PREF_LABEL, literal(name)),
                        (UNIT_OF, minter.organization_term)])
    out.add_once(minter.organization_term, [(HAS_UNIT, unit)])
    return unit


def decimal_literal(value: Decimal) -> str:
    """An ``xsd:decimal`` literal of ``value``: a whole number without a decimal point, never
    in exponent notation (which ``xsd:decimal`` does not allow).

    Examples
    --------
    >>> decimal_literal(Decimal("2.0")), decimal_literal(Decimal("1E+1"))
    ('"2"^^<http://www.w3.org/2001/XMLSchema#decimal>', '"10"^^<http://www.w3.org/2001/XMLSchema#decimal>')
    >>> decimal_literal(Decimal("2.50"))
    '"2.50"^^<http://www.w3.org/2001/XMLSchema#decimal>'
    """
    whole = value == value.to_integral()
    return typed(format(value.to_integral() if whole else value, "f"), DECIMAL)
