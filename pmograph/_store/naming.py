"""Naming the entities of a knowledge graph: resolve, labels, kinds, CURIEs.

A mixin of :class:`~pmograph._store.graph.KnowledgeGraph`.  Names are looked up in the store
one entity at a time, so a question about one post costs the same in an organisation of ten
posts or a million: an IRI, a CURIE or a name or identifier spelled as it is stored is an
index lookup.  Only a name spelled otherwise (another case, a synonym, a local name, a typo to
suggest for) reads every name once, into :attr:`EntityNames.names`.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from typing import Any, TypeVar

from rdflib import Literal, URIRef
from rdflib.namespace import RDF

from pmograph._entities import IDENTIFIERS, Entity, kind_of, kind_table_from, local_name
from pmograph._errors import QueryError
from pmograph._names import (
    NameIndex,
    ambiguous,
    best_label,
    display_labels,
    iri_candidates,
    split_qualifier,
)
from pmograph._store.backends import Backend, Row, StrRow

T = TypeVar("T")
_TYPE = str(RDF.type)
_ABSOLUTE_IRI = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*:")
_IDENTIFIER_PREDICATES = frozenset(str(p) for p in IDENTIFIERS)


class EntityNames:
    """Name resolution and entity lookups over the store (the naming half of a graph)."""

    backend: Backend
    _cache: dict[Any, Any]
    _entities: dict[str, tuple[str, str | None]]

    def cached(self, key: Any, build: Callable[[], T]) -> T:  # pragma: no cover - overridden
        raise NotImplementedError

    def select(self, name: str, /, **bindings: Any) -> list[Row]:  # pragma: no cover
        raise NotImplementedError

    def strings(self, name: str, /, **bindings: Any) -> list[StrRow]:  # pragma: no cover
        raise NotImplementedError

    @property
    def names(self) -> NameIndex:
        """The name index of the whole graph, read once per state (see the module docstring)."""
        return self.cached("names", lambda: NameIndex.from_rows(
            types=self._pairs("entity-types"), labels=self.strings("entity-labels"),  # type: ignore[arg-type]
            subclasses=self._pairs("subclasses"), prefixes=self._prefixes(),
            synonyms=lambda: self.strings("entity-synonyms")))  # type: ignore[arg-type,return-value]

    @property
    def labels(self) -> dict[str, str]:
        """IRI → display label of every named entity, read at once (views of the whole
        organisation use this; it is lighter than :attr:`names`)."""
        if "names" in self._cache:
            return self.names.labels
        return self.cached("labels", lambda: display_labels(self.strings("entity-labels")))  # type: ignore[arg-type]

    def resolve(self, name: str, *, kinds: Iterable[str] | None = None) -> URIRef:
        """The IRI that ``name`` denotes (DESIGN.md §4 "Names").

        Matches case-insensitively by IRI, CURIE, label, identifier, local name or synonym;
        ``role:``, ``post:``, ``person:`` and ``unit:`` narrow the kind.  A name spelled as
        stored is found without reading the whole graph.

        Raises
        ------
        AmbiguousNameError
            Several entities share the best-ranked match.  Each candidate is listed with
            what tells it apart (a post's holders and identifier) and a name that denotes it
            alone, so every form the error suggests resolves.
        UnknownNameError
            Nothing matches; close matches are suggested.

        Examples
        --------
        >>> from pmograph import load
        >>> kg = load()
        >>> kg.resolve("role:PMO Director") == kg.resolve("head of pmo")
        True
        """
        wanted = set(kinds) if kinds else None
        found = self.matches(name, kinds=wanted)
        if len(found) == 1:
            return URIRef(found[0])
        if found:
            raise ambiguous(name, found, self._qualified, self._tell_apart)
        return self.names.resolve(name, kinds=wanted)  # nothing: the error suggests names

    def matches(self, name: str, *, kinds: Iterable[str] | None = None) -> list[str]:
        """The IRIs ``name`` denotes equally well: one, several (ambiguous) or none.

        Examples
        --------
        >>> from pmograph import load
        >>> load().matches("Project Manager", kinds={"role"})
        ['https://w3id.org/pmograph/catalog/ProjectManager']
        """
        wanted_kinds = set(kinds) if kinds else None
        if "names" in self._cache:
            return self.names.matches(name, kinds=wanted_kinds)
        text, wanted = split_qualifier(name, wanted_kinds)
        for candidate in iri_candidates(text, self._prefixes()):
            if self.describes(candidate) and (wanted is None or self.kind(candidate) in wanted):
                return [candidate]
        if text:  # spelled exactly as a name or identifier is stored: an index lookup
            found = sorted({str(row[0]) for spelling in (Literal(text), Literal(text, lang="en"))
                            for row in self.select("names-exact", name=spelling)
                            if row[0] is not None})
            found = [iri for iri in found if wanted is None or self.kind(iri) in wanted]
            if found:
                return found
        return self.names.matches(name, kinds=wanted_kinds)  # other spellings: every name

    def _tell_apart(self, iri: str) -> tuple[str, str]:
        """What distinguishes ``iri`` from others of its name, and a name for it alone."""
        kind = self.kind(iri)
        details, identifiers = [], []
        if kind == "post":
            holders = sorted(self.label(value) for fact, value
                             in self.strings("post-facts", post=URIRef(iri))
                             if fact == "holder" and value)
            details.append(f"held by {', '.join(holders)}" if holders else "vacant")
        if _ABSOLUTE_IRI.match(iri):
            identifiers = sorted({str(value) for predicate, value, _ in
                                  self.strings("entity-names", subject=URIRef(iri))
                                  if predicate in _IDENTIFIER_PREDICATES and value})
        if identifiers:
            details.append(f"identifier {', '.join(identifiers)}")
        forms = [self._qualified(iri), *(f"{kind}:{ident}" for ident in identifiers)]
        if (curie := self.curie(iri)) != iri:
            forms.append(curie)
        handle = next((form for form in forms if self.matches(form) == [iri]), f"<{iri}>")
        return "; ".join(details), handle

    def entity(self, iri: URIRef | str) -> Entity:
        """The JSON entity shape ``{"iri", "label", "kind"}`` of ``iri``."""
        key = str(iri)
        return {"iri": key, "label": self.label(key), "kind": self.kind(key)}

    def label(self, iri: URIRef | str) -> str:
        """The display label of ``iri``: its name, else identifier, else local name."""
        key = str(iri)
        if "names" in self._cache:
            return self.names.label(key)
        return self._lookup(key)[1] or local_name(key)

    def kind(self, iri: URIRef | str) -> str:
        """The kind of ``iri`` (``role``, ``post``, ``person`` …; ``resource`` when untyped)."""
        key = str(iri)
        if "names" in self._cache:
            return self.names.kind(key)
        return self._lookup(key)[0] or "resource"

    def describes(self, iri: URIRef | str) -> bool:
        """Whether ``iri`` is typed, named or identified in the graph."""
        if "names" in self._cache:
            return str(iri) in self.names.kinds
        return bool(self._lookup(str(iri))[0])

    def _lookup(self, iri: str) -> tuple[str, str | None]:
        """``(kind, label)`` of one entity, read from the store; kind ``""`` if nothing names it."""
        if iri not in self._entities:
            try:  # a relative or malformed IRI cannot be in a store: nothing names it
                rows = self.select("entity-names", subject=URIRef(iri)) \
                    if _ABSOLUTE_IRI.match(iri) else []
            except QueryError:
                rows = []
            types = [str(value) for predicate, value, _ in rows if str(predicate) == _TYPE]
            named = [(str(predicate), str(value), str(language or ""))
                     for predicate, value, language in rows if str(predicate) != _TYPE]
            kind = kind_of(types, self.kind_table()) if types else \
                ("resource" if named else "")
            self._entities[iri] = (kind, best_label(named))
        return self._entities[iri]

    def kind_table(self) -> dict[str, str]:
        """Class IRI → kind, following the subclasses the graph declares."""
        return self.cached("kind-table", lambda: kind_table_from(self._pairs("subclasses")))

    def _qualified(self, iri: str) -> str:
        return f"{self.kind(iri)}:{self.label(iri)}"

    def _prefixes(self) -> dict[str, str]:
        return self.backend.prefixes()

    def curie(self, iri: URIRef | str) -> str:
        """``prefix:local`` for ``iri`` when a known prefix covers it, else the IRI.

        Examples
        --------
        >>> from pmograph import load
        >>> load(catalog=False).curie("http://www.w3.org/ns/org#reportsTo")
        'org:reportsTo'
        """
        text = str(iri)
        best = max(((prefix, namespace) for prefix, namespace in self._prefixes().items()
                    if text.startswith(namespace) and namespace), key=lambda p: len(p[1]),
                   default=None)
        if best is None:
            return text
        local = text[len(best[1]):]
        return f"{best[0]}:{local}" if local and all(c.isalnum() or c in "_-." for c in local) \
            else text

    def _pairs(self, name: str) -> list[tuple[str, str]]:
        return [(a, b) for a, b in self.strings(name) if a is not None and b is not None]
