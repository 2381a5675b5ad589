"""Name resolution: from what a person types to one IRI (DESIGN.md §4 "Names").

Names match case-insensitively after Unicode NFKC normalisation and case folding, by full IRI,
CURIE, label, synonym, local name or identifier.  Matches are ranked in tiers — IRI/CURIE,
then preferred labels and identifiers, then local names, then synonyms, then hidden labels —
and only the best tier counts, so "Project Manager" finds the role of that name even though
another role lists it as a synonym.  A tie within the best tier is ambiguous.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections import defaultdict
from collections.abc import Callable, Collection, Iterable, Iterator, Mapping
from dataclasses import dataclass, field

from rdflib import RDF, RDFS, Graph, URIRef

from pmograph._entities import (
    ALTERNATIVE_LABELS,
    HIDDEN_LABELS,
    IDENTIFIERS,
    PREFERRED_LABELS,
    QUALIFIERS,
    Entity,
    kind_of,
    kind_table_from,
    local_name,
)
from pmograph._errors import AmbiguousNameError, UnknownNameError

TIER_IRI, TIER_LABEL, TIER_LOCAL, TIER_SYNONYM, TIER_HIDDEN = range(5)
_SPACES = re.compile(r"\s+")


def normalise(text: str) -> str:
    """Fold a name for comparison: NFKC, case-folded, inner white space collapsed.

    Examples
    --------
    >>> normalise("  PMO   Manager ") == normalise("pmo manager")
    True
    >>> normalise("Ｐｒｏｊｅｃｔ Manager")  # full-width letters fold to ASCII
    'project manager'
    """
    return _SPACES.sub(" ", unicodedata.normalize("NFKC", text).casefold()).strip()


#: A label row: subject IRI, predicate IRI, the value's text, its language tag (or ``""``).
LabelRow = tuple[str, str, str, str]
_LABEL_RANK = {str(p): rank for rank, p in enumerate(PREFERRED_LABELS)}
_IDENTIFIER_RANK = {str(p): rank for rank, p in enumerate(IDENTIFIERS)}


def label_key(predicate: str, language: str) -> tuple[int, int] | None:
    """How good a display label a value of ``predicate`` in ``language`` is (lower is better).

    English or untagged preferred labels come first, by predicate order, then other languages,
    then identifiers; ``None`` for a predicate that gives no display label.

    Examples
    --------
    >>> label_key("http://www.w3.org/2004/02/skos/core#prefLabel", "en")
    (0, 0)
    >>> label_key("http://www.w3.org/2000/01/rdf-schema#label", "fr")
    (1, 1)
    """
    if predicate in _LABEL_RANK:
        english = not language or language == "en" or language.startswith("en")
        return (0 if english else 1, _LABEL_RANK[predicate])
    if predicate in _IDENTIFIER_RANK:
        return (2, _IDENTIFIER_RANK[predicate])
    return None


def display_labels(rows: Iterable[LabelRow]) -> dict[str, str]:
    """Subject → its display label, from label rows of many subjects (see :func:`label_key`).

    Examples
    --------
    >>> skos, rdfs = "http://www.w3.org/2004/02/skos/core#", "http://www.w3.org/2000/01/rdf-schema#"
    >>> display_labels([("urn:a", rdfs + "label", "A", ""), ("urn:a", skos + "prefLabel", "Alpha",
    ...                  "en"), ("urn:b", skos + "prefLabel", "Beta", "de")])
    {'urn:a': 'Alpha', 'urn:b': 'Beta'}
    """
    keys: dict[tuple[str, str], tuple[int, int] | None] = {}
    best: dict[str, tuple[tuple[int, int], str]] = {}
    for subject, predicate, text, language in rows:
        pair = (predicate, language)
        key = keys[pair] if pair in keys else keys.setdefault(pair, label_key(*pair))
        if key is None:
            continue
        old = best.get(subject)
        if old is None or (key, text) < old:
            best[subject] = (key, text)
    return {subject: text for subject, (_, text) in best.items()}


def best_label(rows: Iterable[tuple[str, str, str]]) -> str | None:
    """The display label among ``(predicate, text, language)`` rows of one entity."""
    best: tuple[tuple[int, int], str] | None = None
    for predicate, text, language in rows:
        key = label_key(predicate, language)
        if key is not None and (best is None or (key, text) < best):
            best = (key, text)
    return best[1] if best else None


@dataclass
class NameIndex:
    """Every name of every labelled or typed entity of a graph, with kinds and display labels.

    IRIs are keys as plain strings.  Kinds and display labels are read at once; the search
    index (every label, synonym, identifier and local name, normalised) is built on the first
    lookup, so views of a large organisation, which need only labels, do not pay for it.
    """

    kinds: dict[str, str] = field(default_factory=dict)
    labels: dict[str, str] = field(default_factory=dict)
    prefixes: dict[str, str] = field(default_factory=dict)
    _synonyms: Callable[[], Iterable[tuple[str, str, str]]] | None = field(
        default=None, repr=False, compare=False)
    _pending: list[tuple[str, int, str]] = field(default_factory=list, repr=False,
                                                 compare=False)
    _names: dict[str, list[tuple[int, str]]] | None = field(default=None, repr=False,
                                                           compare=False)

    @property
    def names(self) -> Mapping[str, list[tuple[int, str]]]:
        """Normalised name → ``(tier, IRI)`` matches, best tier first within each name."""
        if self._names is None:
            self._names = self._search_index()
        return self._names

    @classmethod
    def from_rows(cls, *, types: Iterable[tuple[str, str]], labels: Iterable[LabelRow],
                  subclasses: Iterable[tuple[str, str]], prefixes: Mapping[str, str],
                  synonyms: Callable[[], Iterable[tuple[str, str, str]]] | None = None
                  ) -> NameIndex:
        """An index from plain rows: ``(subject, class)`` types, label rows (names and
        identifiers), ``(class, superclass)`` pairs and namespace prefixes; ``synonyms``
        returns ``(subject, predicate, text)`` rows of alternative and hidden labels when the
        search index is first needed.
        """
        index = cls(prefixes=dict(prefixes), _synonyms=synonyms)
        table = kind_table_from(subclasses)
        found: dict[str, list[str]] = defaultdict(list)
        for subject, class_ in types:
            found[subject].append(class_)
        for subject, classes in found.items():
            index.kinds[subject] = kind_of(classes, table)
        ranks: dict[str, tuple[tuple[int, int], str]] = {}
        pending = index._pending
        for subject, predicate, text, language in labels:
            key = label_key(predicate, language)
            if key is None:
                continue
            pending.append((text, TIER_LABEL, subject))
            index.kinds.setdefault(subject, "resource")
            if subject not in ranks or (key, text) < ranks[subject]:
                ranks[subject] = (key, text)
        index.labels = {subject: text for subject, (_, text) in ranks.items()}
        return index

    @classmethod
    def build(cls, graph: Graph) -> NameIndex:
        """Index an rdflib graph's names, identifiers, types and namespace prefixes."""
        def rows(predicates: Iterable[URIRef]) -> Iterator[tuple[str, str, str, str]]:
            for predicate in predicates:
                for subject, value in graph.subject_objects(predicate):
                    if isinstance(subject, URIRef):
                        yield (str(subject), str(predicate), str(value),
                               getattr(value, "language", None) or "")

        return cls.from_rows(
            types=((str(s), str(c)) for s, c in graph.subject_objects(RDF.type)
                   if isinstance(s, URIRef) and isinstance(c, URIRef)),
            labels=rows((*PREFERRED_LABELS, *IDENTIFIERS)),
            subclasses=((str(s), str(c)) for s, c in graph.subject_objects(RDFS.subClassOf)
                        if isinstance(s, URIRef) and isinstance(c, URIRef)),
            prefixes={prefix: str(ns) for prefix, ns in graph.namespace_manager.namespaces()
                      if prefix},
            synonyms=lambda: ((s, p, t) for s, p, t, _ in rows(
                (*ALTERNATIVE_LABELS, *HIDDEN_LABELS))))

    def _search_index(self) -> dict[str, list[tuple[int, str]]]:
        found: dict[str, list[tuple[int, str]]] = defaultdict(list)

        def add(name: str, tier: int, subject: str) -> None:
            key = normalise(name)
            if key:
                hits = found[key]
                if (tier, subject) not in hits:  # almost always empty or one long
                    hits.append((tier, subject))

        for text, tier, subject in self._pending:
            add(text, tier, subject)
        self._pending = []
        hidden = {str(p) for p in HIDDEN_LABELS}
        if self._synonyms is not None:
            for resource, predicate, text in self._synonyms():
                add(text, TIER_HIDDEN if predicate in hidden else TIER_SYNONYM, resource)
                self.kinds.setdefault(resource, "resource")
        for subject in self.kinds:
            add(local_name(subject), TIER_LOCAL, subject)
        for hits in found.values():
            hits.sort()
        return dict(found)

    # ------------------------------------------------------------------ lookup
    def entity(self, iri: str) -> Entity:
        """The entity shape ``{"iri", "label", "kind"}`` of ``iri``."""
        key = str(iri)
        return {"iri": key, "label": self.label(key), "kind": self.kinds.get(key, "resource")}

    def label(self, iri: str) -> str:
        """The display label of ``iri``: its preferred label, else identifier, else local name."""
        key = str(iri)
        return self.labels.get(key) or local_name(key)

    def kind(self, iri: str) -> str:
        """The kind of ``iri`` (``"resource"`` when nothing types it)."""
        return self.kinds.get(str(iri), "resource")

    def qualified(self, iri: str) -> str:
        """``kind:label``: a name that resolves back to ``iri`` when labels are unique."""
        return f"{self.kinds.get(str(iri), 'resource')}:{self.label(iri)}"

    def resolve(self, name: str, *, kinds: Collection[str] | None = None) -> URIRef:
        """Return the one IRI ``name`` denotes, optionally among entities of ``kinds``.

        Raises
        ------
        AmbiguousNameError
            Several entities share the best-ranked match; the candidates are listed.
        UnknownNameError
            Nothing matches; close matches are suggested.
        """
        found = self.matches(name, kinds=kinds)
        if len(found) == 1:
            return URIRef(found[0])
        if found:
            raise ambiguous(name, found, self.qualified)
        text, wanted = split_qualifier(name, kinds)
        suggestions = self.suggest(text, kinds=wanted)
        hint = f" Did you mean: {', '.join(suggestions)}?" if suggestions else ""
        what = f" among {', '.join(sorted(wanted))} entities" if wanted else ""
        raise UnknownNameError(f"no entity named {name!r}{what}.{hint}", name=name,
                               suggestions=suggestions)

    def matches(self, name: str, *, kinds: Collection[str] | None = None) -> list[str]:
        """Every IRI in the best-ranked tier of matches for ``name`` (empty when none).

        Examples
        --------
        >>> index = NameIndex.from_rows(
        ...     types=[("https://ex.org/a", "http://www.w3.org/ns/org#Post")],
        ...     labels=[("https://ex.org/a", "http://www.w3.org/2004/02/skos/core#prefLabel",
        ...              "Chief Executive", "")], subclasses=[], prefixes={})
        >>> index.matches("chief  executive"), index.matches("nobody")
        (['https://ex.org/a'], [])
        """
        text, wanted = split_qualifier(name, kinds)
        names = self.names  # builds the search index, and the kinds of synonym-only entities
        for candidate in iri_candidates(text, self.prefixes):
            if candidate in self.kinds and (wanted is None or self.kinds[candidate] in wanted):
                return [candidate]
        found = [(tier, iri) for tier, iri in names.get(normalise(text), [])
                 if wanted is None or self.kinds.get(iri) in wanted]
        if not found:
            return []
        best = min(tier for tier, _ in found)
        return sorted({iri for tier, iri in found if tier == best})

    def suggest(self, text: str, *, kinds: Collection[str] | None = None, limit: int = 5
                ) -> list[str]:
        """Up to ``limit`` display names close to ``text``."""
        keys = [key for key, hits in self.names.items()
                if kinds is None or any(self.kinds.get(iri) in kinds for _, iri in hits)]
        close = difflib.get_close_matches(normalise(text), keys, n=limit, cutoff=0.6)
        if not close:
            close = [key for key in keys if normalise(text) in key][:limit]
        shown: list[str] = []
        for key in close:
            for _, iri in sorted(self.names[key]):
                if kinds is None or self.kinds.get(iri) in kinds:
                    label = self.qualified(iri)
                    if label not in shown:
                        shown.append(label)
                    break
        return shown[:limit]


def split_qualifier(name: str, kinds: Collection[str] | None = None
                    ) -> tuple[str, set[str] | None]:
    """The name without its ``kind:`` qualifier, and the kinds it may denote.

    Examples
    --------
    >>> split_qualifier(" post:Chief Executive ")
    ('Chief Executive', {'post'})
    >>> split_qualifier("https://example.org/x")
    ('https://example.org/x', None)
    """
    text = name.strip()
    wanted = set(kinds) if kinds else None
    qualifier, _, rest = text.partition(":")
    if rest and qualifier.lower() in QUALIFIERS and not rest.startswith("//"):
        selected = QUALIFIERS[qualifier.lower()]
        wanted = (wanted & selected) if wanted else set(selected)
        text = rest.strip()
    return text, wanted


def iri_candidates(text: str, prefixes: Mapping[str, str]) -> list[str]:
    """The IRIs ``text`` may spell: itself (bare or in ``<>``) and its CURIE expansion.

    Examples
    --------
    >>> iri_candidates("pmoc:PMOManager", {"pmoc": "https://w3id.org/pmograph/catalog/"})
    ['pmoc:PMOManager', 'https://w3id.org/pmograph/catalog/PMOManager']
    >>> iri_candidates("PMO Manager", {})
    []
    """
    if text.startswith("<") and text.endswith(">"):
        text = text[1:-1]
    if ":" not in text or any(ch.isspace() for ch in text):
        return []
    found = [text]
    prefix, _, local = text.partition(":")
    if prefix in prefixes:
        found.append(prefixes[prefix] + local)
    return found


def ambiguous(name: str, found: Iterable[str], qualified: Callable[[str], str],
              tell_apart: Callable[[str], tuple[str, str]] | None = None
              ) -> AmbiguousNameError:
    """The error for a name that denotes several entities, listing each.

    ``tell_apart(iri)`` gives what distinguishes a candidate (its holders, identifier …) and
    a name that denotes it alone; by default the qualified name and the IRI.  The error's
    ``candidates`` are those names, so every form it suggests resolves.

    Examples
    --------
    >>> err = ambiguous("Analyst", ["https://ex.org/b", "https://ex.org/a"],
    ...                 lambda iri: "post:Analyst")
    >>> err.candidates
    ['<https://ex.org/a>', '<https://ex.org/b>']
    """
    found = sorted(found)
    listed, handles = [], []
    for iri in found:
        details, handle = tell_apart(iri) if tell_apart else ("", f"<{iri}>")
        shown = qualified(iri) + (f" ({details})" if details else "") + f" <{iri}>"
        listed.append(shown if handle in (qualified(iri), f"<{iri}>") else f"{shown}: use {handle}")
        handles.append(handle)
    return AmbiguousNameError(
        f"{name!r} is ambiguous; it names {len(found)} entities: " + "; ".join(listed)
        + ".", name=name, candidates=handles, iris=found)
