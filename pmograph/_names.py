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
from collections.abc import Collection, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

from rdflib import RDF, Graph, URIRef

from pmograph._entities import (
    ALTERNATIVE_LABELS,
    HIDDEN_LABELS,
    IDENTIFIERS,
    PREFERRED_LABELS,
    QUALIFIERS,
    Entity,
    kind_of,
    kind_table,
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


class _PackedNames(Mapping[str, list[tuple[int, URIRef]]]):
    """The search index as :meth:`NameIndex.to_json` packs it, unpacked one name at a time."""

    def __init__(self, packed: dict[str, list[int]], iris: list[URIRef]) -> None:
        self._packed, self._iris = packed, iris

    def __getitem__(self, name: str) -> list[tuple[int, URIRef]]:
        flat = self._packed[name]
        return [(flat[i], self._iris[flat[i + 1]]) for i in range(0, len(flat), 2)]

    def __iter__(self) -> Iterator[str]:
        return iter(self._packed)

    def __len__(self) -> int:
        return len(self._packed)


@dataclass
class NameIndex:
    """Every name of every labelled or typed entity of a graph, with kinds and display labels.

    Kinds and display labels are read at once; the search index (every label, synonym,
    identifier and local name, normalised) is built on the first lookup, so views of a large
    organisation, which need only labels, do not pay for it.
    """

    kinds: dict[URIRef, str] = field(default_factory=dict)
    labels: dict[URIRef, str] = field(default_factory=dict)
    prefixes: dict[str, str] = field(default_factory=dict)
    _graph: Graph | None = field(default=None, repr=False, compare=False)
    _pending: list[tuple[str, int, URIRef]] = field(default_factory=list, repr=False,
                                                    compare=False)
    _names: Mapping[str, list[tuple[int, URIRef]]] | None = field(default=None, repr=False,
                                                              compare=False)

    @property
    def names(self) -> Mapping[str, list[tuple[int, URIRef]]]:
        """Normalised name → ``(tier, IRI)`` matches, best tier first within each name."""
        if self._names is None:
            self._names = self._search_index()
        return self._names

    @classmethod
    def build(cls, graph: Graph) -> NameIndex:
        """Index ``graph``'s names, identifiers, types and namespace prefixes."""
        index = cls()
        table = kind_table(graph)
        types: dict[URIRef, list[URIRef]] = defaultdict(list)
        for subject, cls_ in graph.subject_objects(RDF.type):
            if isinstance(subject, URIRef) and isinstance(cls_, URIRef):
                types[subject].append(cls_)
        for subject, found in types.items():
            index.kinds[subject] = kind_of(found, table)
        label_rank: dict[URIRef, tuple[int, int]] = {}
        for predicates in (PREFERRED_LABELS, IDENTIFIERS):
            for rank, predicate in enumerate(predicates):
                for subject, value in graph.subject_objects(predicate):
                    if not isinstance(subject, URIRef):
                        continue
                    text = str(value)
                    index._pending.append((text, TIER_LABEL, subject))
                    index.kinds.setdefault(subject, "resource")
                    if predicates is PREFERRED_LABELS:
                        language = getattr(value, "language", None)
                        # English or untagged labels first, then by predicate order.
                        key = (0 if language in (None, "en") or str(language).startswith("en")
                               else 1, rank)
                        if subject not in label_rank or key < label_rank[subject]:
                            label_rank[subject] = key
                            index.labels[subject] = text
                    elif subject not in index.labels:
                        index.labels[subject] = text
        index.prefixes = {prefix: str(ns) for prefix, ns in graph.namespace_manager.namespaces()
                          if prefix}
        index._graph = graph
        return index

    def to_json(self) -> dict[str, Any]:
        """Everything this index holds, the search index included, as compact JSON-able data.

        Every entity is numbered once (``iris``); kinds and labels are lists in that order, and
        each name maps to a flat ``[tier, number, tier, number ...]`` list.
        """
        names = self.names  # also completes the kinds
        iris = list(self.kinds)
        number = {subject: i for i, subject in enumerate(iris)}
        return {"iris": iris, "kinds": [self.kinds[s] for s in iris],
                "labels": [self.labels.get(s) for s in iris], "prefixes": self.prefixes,
                "names": {name: [x for tier, subject in hits for x in (tier, number[subject])]
                          for name, hits in names.items()}}

    @classmethod
    def from_json(cls, data: dict[str, Any], graph: Graph | None = None) -> NameIndex:
        """The index :meth:`to_json` gave.

        Examples
        --------
        >>> index = NameIndex.build(Graph().parse(data='''
        ...     <urn:x:a> <http://www.w3.org/2000/01/rdf-schema#label> "Alpha" .''', format="nt"))
        >>> NameIndex.from_json(index.to_json()).resolve("alpha")
        rdflib.term.URIRef('urn:x:a')
        """
        new = str.__new__  # IRIs this index read from a store, which validated them
        iris = [new(URIRef, subject) for subject in data["iris"]]
        count = len(iris)
        for flat in data["names"].values():  # unpacked lazily: check now, not in resolve()
            if len(flat) % 2 or not all(type(x) is int for x in flat) or \
                    not all(0 <= x < count for x in flat[1::2]):
                raise ValueError("damaged name index")
        return cls(kinds=dict(zip(iris, data["kinds"], strict=True)),
                   labels={s: label for s, label in zip(iris, data["labels"], strict=True)
                           if label is not None},
                   prefixes=dict(data["prefixes"]), _graph=graph,
                   _names=_PackedNames(data["names"], iris))

    def _search_index(self) -> dict[str, list[tuple[int, URIRef]]]:
        found: dict[str, list[tuple[int, URIRef]]] = defaultdict(list)

        def add(name: str, tier: int, subject: URIRef) -> None:
            key = normalise(name)
            if key:
                hits = found[key]
                if (tier, subject) not in hits:  # almost always empty or one long
                    hits.append((tier, subject))

        for text, tier, subject in self._pending:
            add(text, tier, subject)
        self._pending = []
        if self._graph is not None:
            for predicates, tier in ((ALTERNATIVE_LABELS, TIER_SYNONYM),
                                     (HIDDEN_LABELS, TIER_HIDDEN)):
                for predicate in predicates:
                    for resource, value in self._graph.subject_objects(predicate):
                        if isinstance(resource, URIRef):
                            add(str(value), tier, resource)
                            self.kinds.setdefault(resource, "resource")
        for subject in self.kinds:
            add(local_name(str(subject)), TIER_LOCAL, subject)
        return dict(found)

    # ------------------------------------------------------------------ lookup
    def entity(self, iri: URIRef | str) -> Entity:
        """The entity shape ``{"iri", "label", "kind"}`` of ``iri``."""
        ref = URIRef(str(iri))
        return {"iri": str(ref), "label": self.label(ref), "kind": self.kinds.get(ref, "resource")}

    def label(self, iri: URIRef | str) -> str:
        """The display label of ``iri``: its preferred label, else identifier, else local name."""
        # Only a lookup key: skip URIRef's validation (a third of a large view's label time).
        ref = iri if type(iri) is URIRef else str.__new__(URIRef, str(iri))
        return self.labels.get(ref) or local_name(str(ref))

    def qualified(self, iri: URIRef) -> str:
        """``kind:label``: a name that resolves back to ``iri`` when labels are unique."""
        return f"{self.kinds.get(iri, 'resource')}:{self.label(iri)}"

    def resolve(self, name: str, *, kinds: Collection[str] | None = None) -> URIRef:
        """Return the one IRI ``name`` denotes, optionally among entities of ``kinds``.

        Raises
        ------
        AmbiguousNameError
            Several entities share the best-ranked match; the candidates are listed.
        UnknownNameError
            Nothing matches; close matches are suggested.
        """
        text = name.strip()
        wanted = set(kinds) if kinds else None
        qualifier, _, rest = text.partition(":")
        if rest and qualifier.lower() in QUALIFIERS and not rest.startswith("//"):
            selected = QUALIFIERS[qualifier.lower()]
            wanted = (wanted & selected) if wanted else set(selected)
            text = rest.strip()
        names = self.names  # builds the search index, and the kinds of synonym-only entities
        for candidate in self._exact_iris(text):
            if wanted is None or self.kinds.get(candidate) in wanted:
                return candidate
        matches = [(tier, iri) for tier, iri in names.get(normalise(text), [])
                   if wanted is None or self.kinds.get(iri) in wanted]
        if matches:
            best = min(tier for tier, _ in matches)
            found = sorted({iri for tier, iri in matches if tier == best})
            if len(found) == 1:
                return found[0]
            listed = [self.qualified(iri) + f" <{iri}>" for iri in found]
            raise AmbiguousNameError(
                f"{name!r} is ambiguous; it names {len(found)} entities: " + "; ".join(listed)
                + ". Use a qualified name or the IRI.", name=name,
                candidates=[self.qualified(iri) for iri in found])
        suggestions = self.suggest(text, kinds=wanted)
        hint = f" Did you mean: {', '.join(suggestions)}?" if suggestions else ""
        what = f" among {', '.join(sorted(wanted))} entities" if wanted else ""
        raise UnknownNameError(f"no entity named {name!r}{what}.{hint}", name=name,
                               suggestions=suggestions)

    def _exact_iris(self, text: str) -> Iterable[URIRef]:
        if text.startswith("<") and text.endswith(">"):
            text = text[1:-1]
        if ":" in text and not any(ch.isspace() for ch in text) and URIRef(text) in self.kinds:
            yield URIRef(text)
        prefix, sep, local = text.partition(":")
        if sep and prefix in self.prefixes:
            expanded = URIRef(self.prefixes[prefix] + local)
            if expanded in self.kinds:
                yield expanded

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
