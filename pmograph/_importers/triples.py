"""Where an import's triples go: N-Triples terms, writers, and what was written.

Importers make each triple as text, its terms in N-Triples syntax (``<iri>``, ``"text"``), and
hand it to :class:`Statements`, grouped by subject.  Statements drops the triples that repeat
(a unit, a person or an organisation named on many rows), counts what it lets through, and
passes the rest to a writer: N-Triples or Turtle text written as it comes
(:class:`NTriplesWriter`, :class:`TurtleWriter`), or an rdflib graph (:class:`GraphWriter`, for
the library's :class:`~pmograph.ImportResult`).  Nothing here holds the triples themselves.

Repeats are found with plain-string tables: a set of the lines of the few statements that
can repeat (units, organisations, a person named differently on two rows), and per
organisation one entry per person (their first name and e-mail).  Statements about a post can
only repeat when two files describe one organisation; a driver that sees that coming asks for
``exact`` statements, which remember every line.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Callable, Sequence
from decimal import Decimal

from rdflib import Graph, Literal, URIRef

RDF_NS = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
ORG_NS = "http://www.w3.org/ns/org#"
SKOS_NS = "http://www.w3.org/2004/02/skos/core#"
FOAF_NS = "http://xmlns.com/foaf/0.1/"
RDFS_NS = "http://www.w3.org/2000/01/rdf-schema#"
DCTERMS_NS = "http://purl.org/dc/terms/"
XSD_NS = "http://www.w3.org/2001/XMLSchema#"
ORGANOGRAM_NS = "http://reference.data.gov.uk/def/organogram/"
#: Prefixes of Turtle output (the same as rdflib's serialisation of an import had).
PREFIXES = {"org": ORG_NS, "skos": SKOS_NS, "foaf": FOAF_NS, "dcterms": DCTERMS_NS,
            "organogram": ORGANOGRAM_NS, "xsd": XSD_NS, "rdfs": RDFS_NS}

Pair = tuple[str, str]  # (predicate, object), in N-Triples syntax

_IRI_UNSAFE = re.compile(r'[\x00-\x20<>"{}|^`\\]')
_LITERAL_UNSAFE = re.compile(r'[\x00-\x1f"\\]')
_LITERAL_ESCAPES = {'"': '\\"', "\\": "\\\\", "\n": "\\n", "\r": "\\r"}
_UNESCAPE = re.compile(r'\\(u[0-9A-F]{4}|["\\nr])')


def escape_iri(text: str) -> str:
    """``text`` with the characters an IRI may not hold %-encoded (as UTF-8 bytes).

    Examples
    --------
    >>> escape_iri("mailto:ada@example.org"), escape_iri("mailto:Ada Lovelace <ada@x>")
    ('mailto:ada@example.org', 'mailto:Ada%20Lovelace%20%3Cada@x%3E')
    """
    if _IRI_UNSAFE.search(text):
        return _IRI_UNSAFE.sub(lambda m: "".join(f"%{b:02X}" for b in m[0].encode()), text)
    return text


def iri(text: str) -> str:
    """``text`` as an N-Triples IRI (see :func:`escape_iri`).

    Examples
    --------
    >>> iri("urn:pmograph:org:acme")
    '<urn:pmograph:org:acme>'
    """
    return f"<{escape_iri(text)}>"


def literal(text: str) -> str:
    """``text`` as an N-Triples string literal (quotes, backslashes, controls escaped).

    Examples
    --------
    >>> print(literal('Head of "PMO"\\n\\x07'))
    "Head of \\"PMO\\"\\n\\u0007"
    """
    if _LITERAL_UNSAFE.search(text):
        text = _LITERAL_UNSAFE.sub(
            lambda m: _LITERAL_ESCAPES.get(m[0]) or f"\\u{ord(m[0]):04X}", text)
    return f'"{text}"'


def typed(lexical: str, datatype: str) -> str:
    """A typed literal: ``lexical`` (no escaping needed) of ``datatype`` (a full IRI)."""
    return f'"{lexical}"^^<{datatype}>'


def term(text: str) -> URIRef | Literal:
    """The rdflib term of an N-Triples term made here (the inverse of :func:`iri`,
    :func:`literal` and :func:`typed`).

    Examples
    --------
    >>> term(literal('say "hi"\\x07')) == Literal('say "hi"\\x07'), term("<urn:x>")
    (True, rdflib.term.URIRef('urn:x'))
    """
    if text[0] == "<":
        return URIRef(text[1:-1])
    lexical, _, datatype = text[1:].rpartition('"')
    if "\\" in lexical:
        lexical = _UNESCAPE.sub(lambda m: chr(int(m[1][1:], 16)) if m[1][0] == "u" else
                                {'"': '"', "\\": "\\", "n": "\n", "r": "\r"}[m[1]], lexical)
    return Literal(lexical, datatype=URIRef(datatype[3:-1]) if datatype else None)


# ------------------------------------------------------------------ the terms importers use
TYPE = f"<{RDF_NS}type>"
LABEL, COMMENT = f"<{RDFS_NS}label>", f"<{RDFS_NS}comment>"
PREF_LABEL, NOTATION = f"<{SKOS_NS}prefLabel>", f"<{SKOS_NS}notation>"
NOTE, EDITORIAL_NOTE = f"<{SKOS_NS}note>", f"<{SKOS_NS}editorialNote>"
IDENTIFIER = f"<{DCTERMS_NS}identifier>"
PERSON, NAME, MBOX = f"<{FOAF_NS}Person>", f"<{FOAF_NS}name>", f"<{FOAF_NS}mbox>"
ORGANIZATION, UNIT, POST = (f"<{ORG_NS}Organization>", f"<{ORG_NS}OrganizationalUnit>",
                            f"<{ORG_NS}Post>")
REPORTS_TO, ROLE, POST_IN, HAS_POST = (f"<{ORG_NS}reportsTo>", f"<{ORG_NS}role>",
                                       f"<{ORG_NS}postIn>", f"<{ORG_NS}hasPost>")
HELD_BY, HOLDS, MEMBER_OF = f"<{ORG_NS}heldBy>", f"<{ORG_NS}holds>", f"<{ORG_NS}memberOf>"
UNIT_OF, HAS_UNIT = f"<{ORG_NS}unitOf>", f"<{ORG_NS}hasUnit>"
SUB_ORGANIZATION_OF = f"<{ORG_NS}subOrganizationOf>"
HAS_SUB_ORGANIZATION = f"<{ORG_NS}hasSubOrganization>"
GRADE, PROFESSION = f"<{ORGANOGRAM_NS}grade>", f"<{ORGANOGRAM_NS}profession>"
FTE = f"<{ORGANOGRAM_NS}fullTimeEquivalent>"
DECIMAL = f"{XSD_NS}decimal"
#: Predicates whose triples :meth:`Statements.counts` counts.
_COUNTED = frozenset({TYPE, REPORTS_TO, ROLE, FTE})

#: Known IRIs written as prefixed names in Turtle.
_CURIES = {f"<{namespace}{local}>": f"{prefix}:{local}" for prefix, namespace, locals_ in (
    ("org", ORG_NS, "Organization OrganizationalUnit Post reportsTo role postIn hasPost heldBy "
                    "holds memberOf unitOf hasUnit subOrganizationOf hasSubOrganization"),
    ("skos", SKOS_NS, "prefLabel notation note editorialNote"),
    ("rdfs", RDFS_NS, "label comment"), ("dcterms", DCTERMS_NS, "identifier"),
    ("foaf", FOAF_NS, "Person name mbox"),
    ("organogram", ORGANOGRAM_NS, "grade profession fullTimeEquivalent"),
) for local in locals_.split()} | {TYPE: "a"}


# ------------------------------------------------------------------ writers
class NTriplesWriter:
    """Writes each triple as an N-Triples line through ``write`` (in blocks of about 64 kB)."""

    def __init__(self, write: Callable[[str], object]) -> None:
        self._write, self._size = write, 0
        self._lines: list[str] = []

    def block(self, subject: str, pairs: Sequence[Pair]) -> None:
        text = "".join([f"{subject} {p} {o} .\n" for p, o in pairs])
        self._lines.append(text)
        self._size += len(text)
        if self._size > 1 << 16:
            self.flush()

    def flush(self) -> None:
        self._write("".join(self._lines))
        self._lines.clear()
        self._size = 0


class TurtleWriter(NTriplesWriter):
    """Writes Turtle: the prefixes, then one statement per subject as it comes (a subject
    described again later gets another statement, as Turtle allows)."""

    def __init__(self, write: Callable[[str], object]) -> None:
        super().__init__(write)
        self._lines.extend(f"@prefix {prefix}: <{namespace}> .\n"
                           for prefix, namespace in PREFIXES.items())

    def block(self, subject: str, pairs: Sequence[Pair]) -> None:
        curie = _CURIES.get
        parts = [f"{curie(p, p)} {curie(o, o) if o[0] == '<' else _typed(o)}" for p, o in pairs]
        text = f"\n{subject} " + " ;\n    ".join(parts) + " .\n"
        self._lines.append(text)
        self._size += len(text)
        if self._size > 1 << 16:
            self.flush()


def _typed(obj: str) -> str:
    return obj.replace(f"^^<{DECIMAL}>", "^^xsd:decimal") if obj[-1] == ">" else obj


class GraphWriter:
    """Adds each triple to an rdflib graph."""

    def __init__(self, graph: Graph) -> None:
        self.graph = graph
        self._terms: dict[str, URIRef | Literal] = {}

    def block(self, subject: str, pairs: Sequence[Pair]) -> None:
        known = self._terms
        s = term(subject)
        for p, o in pairs:
            predicate = known.get(p) or known.setdefault(p, term(p))
            self.graph.add((s, predicate, term(o)))

    def flush(self) -> None:
        """Nothing is held back."""


Writer = NTriplesWriter | GraphWriter


def dataset_statements(base: str, date: datetime.date) -> tuple[str, list[Pair]]:
    """The statements that date an import: a ``dcat:Dataset`` generated on ``date``.

    Examples
    --------
    >>> subject, pairs = dataset_statements("urn:pmograph:org:", datetime.date(2026, 3, 31))
    >>> subject, pairs[1][1]
    ('<urn:pmograph:org:snapshot/2026-03-31>', '"2026-03-31T00:00:00"^^<http://www.w3.org/2001/XMLSchema#dateTime>')
    """
    return iri(f"{base}snapshot/{date.isoformat()}"), [
        (TYPE, "<http://www.w3.org/ns/dcat#Dataset>"),
        ("<http://www.w3.org/ns/prov#generatedAtTime>",
         typed(f"{date.isoformat()}T00:00:00", f"{XSD_NS}dateTime"))]


# ------------------------------------------------------------------ statements
class Statements:
    """The triples of one import, each written once, with counts of what was written.

    Examples
    --------
    >>> lines = []
    >>> out = Statements(NTriplesWriter(lines.append))
    >>> out.add_once("<urn:u>", [(TYPE, UNIT), ("<urn:label>", literal("PMO"))])
    >>> out.add_once("<urn:u>", [(TYPE, UNIT)])  # a repeat: not written again
    >>> out.writer.flush(); print("".join(lines).splitlines()[-1])
    <urn:u> <urn:label> "PMO" .
    >>> out.counts()["units"], out.counts()["triples"]
    (1, 2)
    """

    def __init__(self, writer: Writer, *, exact: bool = False) -> None:
        self.writer = writer
        #: Remember every line, not only those that can repeat within one file.
        self.exact = exact
        self._seen: set[str] = set()
        self._people: dict[str, dict[str, str]] = {}
        self._types: dict[str, int] = {}
        self._reporting_lines = self._roles = self._triples = 0
        self._fte = Decimal(0)

    def add(self, subject: str, pairs: Sequence[Pair]) -> None:
        """Write triples that cannot have been written before (unless ``exact``)."""
        if self.exact:
            self.add_once(subject, pairs)
        else:
            self._write(subject, pairs)

    def add_once(self, subject: str, pairs: Sequence[Pair]) -> None:
        """Write those of the triples not written before."""
        seen = self._seen
        fresh = []
        for pair in pairs:
            line = f"{subject} {pair[0]} {pair[1]}"
            if line not in seen:
                seen.add(line)
                fresh.append(pair)
        if fresh:
            self._write(subject, fresh)

    def people(self, organisation: str) -> dict[str, str]:
        """The people of one organisation seen so far: key → their first name and e-mail."""
        return self._people.setdefault(organisation, {})

    def holder(self, people: dict[str, str], key: str, person: str, name: str,
               mbox: str | None, post: str) -> None:
        """``person`` (``key`` in ``people``) named ``name`` holds ``post``; the person is
        typed, named and given ``mbox`` once, however many posts they hold."""
        first = people.get(key)
        if first is None:
            people[key] = f"{name}\x00{mbox or ''}"
            self.add(person, [(TYPE, PERSON), (NAME, name), (HOLDS, post)] +
                     ([(MBOX, mbox)] if mbox else []))
            return
        self.add(person, [(HOLDS, post)])
        known_name, known_mbox = first.split("\x00")
        other = ([(NAME, name)] if name != known_name else []) + \
            ([(MBOX, mbox)] if mbox and mbox != known_mbox else [])
        if other:
            self.add_once(person, other)

    def _write(self, subject: str, pairs: Sequence[Pair]) -> None:
        self._triples += len(pairs)
        for predicate, obj in pairs:
            if predicate not in _COUNTED:
                continue
            if predicate == TYPE:
                self._types[obj] = self._types.get(obj, 0) + 1
            elif predicate == REPORTS_TO:
                self._reporting_lines += 1
            elif predicate == ROLE:
                self._roles += 1
            elif predicate == FTE:
                self._fte += Decimal(obj[1:obj.index('"', 1)])
        self.writer.block(subject, pairs)

    def counts(self) -> dict[str, float]:
        """Organisations, units, posts, people, reporting lines, roles and FTE written."""
        counts: dict[str, float] = {
            "organizations": self._types.get(ORGANIZATION, 0),
            "units": self._types.get(UNIT, 0),
            "posts": self._types.get(POST, 0),
            "people": self._types.get(PERSON, 0),
            "reporting_lines": self._reporting_lines,
            "roles_assigned": self._roles,
            "triples": self._triples,
        }
        if self._fte:
            counts["fte"] = float(self._fte)
        return counts
