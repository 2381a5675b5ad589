"""What changed between two snapshots of one organisation, from plain values only.

A snapshot (:class:`OrgSnapshot`) is a handful of mappings of IRI strings: each post's title,
reference, solid-line and dotted-line superiors and holders; each unit's name and parents.
:func:`org_changes` compares two of them.  Identity is the post IRI; a post whose IRI changed
but whose reference, title and manager match is taken as a possible rename (and compared as
one post), not as a removal and an addition.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

__all__ = ["CHANGE_KINDS", "Change", "OrgSnapshot", "Ref", "org_changes"]

#: Every kind of change, in the order answers list them (DESIGN.md §4 ``diff``).
CHANGE_KINDS = ("post-added", "post-removed", "post-retitled", "post-moved", "dotted-added",
                "dotted-removed", "person-joined", "person-left", "person-moved",
                "vacancy-opened", "vacancy-filled", "unit-changed", "span-changed")
_ORDER = {kind: rank for rank, kind in enumerate(CHANGE_KINDS)}


class Ref(str):
    """An IRI standing for an entity in a change's ``before`` or ``after`` (not a text value).

    Examples
    --------
    >>> Ref("https://ex.org/p1") == "https://ex.org/p1", isinstance(Ref("x"), Ref)
    (True, True)
    """

    __slots__ = ()


#: A ``before`` or ``after`` value: nothing, a number, a text, an entity or several entities.
Value = None | int | str | Ref | tuple[Ref, ...]


@dataclass(frozen=True)
class Change:
    """One change: its ``kind`` (one of :data:`CHANGE_KINDS`), the IRI it is about, and the
    value before and after."""

    kind: str
    subject: str
    before: Value
    after: Value


@dataclass(frozen=True)
class OrgSnapshot:
    """One organisation at one time, as plain strings.

    ``titles`` has every post (its display title); ``references`` each post's identifier where
    it has one; ``managers``/``dotted`` the superiors of each post by solid and dotted lines;
    ``holders`` who holds each post; ``units`` every unit's name and ``parents`` the units it
    sits in.
    """

    titles: Mapping[str, str]
    references: Mapping[str, str] = field(default_factory=dict)
    managers: Mapping[str, frozenset[str]] = field(default_factory=dict)
    dotted: Mapping[str, frozenset[str]] = field(default_factory=dict)
    holders: Mapping[str, frozenset[str]] = field(default_factory=dict)
    units: Mapping[str, str] = field(default_factory=dict)
    parents: Mapping[str, frozenset[str]] = field(default_factory=dict)


def org_changes(old: OrgSnapshot, new: OrgSnapshot
                ) -> tuple[list[Change], list[tuple[str, str]]]:
    """The changes from ``old`` to ``new``, and the posts taken as renamed.

    Parameters
    ----------
    old, new : OrgSnapshot
        The organisation before and after.

    Returns
    -------
    (list of Change, list of (str, str))
        The changes, by kind (in the order of :data:`CHANGE_KINDS`) then subject; and the
        ``(old IRI, new IRI)`` pairs of posts whose IRI changed but whose reference, title and
        manager match (compared as one post; changes name them by their new IRI).

    Examples
    --------
    >>> old = OrgSnapshot(titles={"ceo": "CEO", "cfo": "CFO"},
    ...                   managers={"cfo": frozenset({"ceo"})},
    ...                   holders={"cfo": frozenset({"kim"})})
    >>> new = OrgSnapshot(titles={"ceo": "CEO", "cfo": "Finance Director"},
    ...                   managers={"cfo": frozenset({"ceo"})})
    >>> changes, renamed = org_changes(old, new)
    >>> [(c.kind, c.subject, c.before, c.after) for c in changes]
    [('post-retitled', 'cfo', 'CFO', 'Finance Director'), ('person-left', 'kim', 'cfo', None), \
('vacancy-opened', 'cfo', ('kim',), None)]
    """
    renamed = _renames(old, new)
    if renamed:
        old = _renamed(old, dict(renamed))
    changes = [*_post_changes(old, new), *_people_changes(old, new),
               *_unit_changes(old, new), *_span_changes(old, new)]
    changes.sort(key=lambda c: (_ORDER[c.kind], c.subject))
    return changes, renamed


def _post_changes(old: OrgSnapshot, new: OrgSnapshot) -> Iterable[Change]:
    none: frozenset[str] = frozenset()
    for post in new.titles.keys() - old.titles.keys():
        yield Change("post-added", post, None, _refs(new.managers.get(post, none)))
    for post in old.titles.keys() - new.titles.keys():
        yield Change("post-removed", post, _refs(old.managers.get(post, none)), None)
    for post in old.titles.keys() & new.titles.keys():
        if old.titles[post] != new.titles[post]:
            yield Change("post-retitled", post, old.titles[post], new.titles[post])
        before, after = old.managers.get(post, none), new.managers.get(post, none)
        if before != after:
            yield Change("post-moved", post, _refs(before), _refs(after))
        before, after = old.dotted.get(post, none), new.dotted.get(post, none)
        for superior in after - before:
            yield Change("dotted-added", post, None, Ref(superior))
        for superior in before - after:
            yield Change("dotted-removed", post, Ref(superior), None)
        before, after = old.holders.get(post, none), new.holders.get(post, none)
        if before and not after:
            yield Change("vacancy-opened", post, _refs(before, many=True), None)
        elif after and not before:
            yield Change("vacancy-filled", post, None, _refs(after, many=True))


def _people_changes(old: OrgSnapshot, new: OrgSnapshot) -> Iterable[Change]:
    before, after = _posts_of(old), _posts_of(new)
    for person in before.keys() | after.keys():
        was, now = before.get(person, set()), after.get(person, set())
        if not was:
            for post in sorted(now):
                yield Change("person-joined", person, None, Ref(post))
        elif not now:
            for post in sorted(was):
                yield Change("person-left", person, Ref(post), None)
        elif was != now:  # pair the posts given up with those taken up, in order
            left, took = sorted(was - now), sorted(now - was)
            for index in range(max(len(left), len(took))):
                yield Change("person-moved", person,
                             Ref(left[index]) if index < len(left) else None,
                             Ref(took[index]) if index < len(took) else None)


def _unit_changes(old: OrgSnapshot, new: OrgSnapshot) -> Iterable[Change]:
    none: frozenset[str] = frozenset()
    for unit in old.units.keys() & new.units.keys():
        if old.units[unit] != new.units[unit]:
            yield Change("unit-changed", unit, old.units[unit], new.units[unit])
        before, after = old.parents.get(unit, none), new.parents.get(unit, none)
        if before != after:
            yield Change("unit-changed", unit, _refs(before), _refs(after))


def _span_changes(old: OrgSnapshot, new: OrgSnapshot) -> Iterable[Change]:
    before, after = _spans(old), _spans(new)
    for post in (before.keys() | after.keys()) & old.titles.keys() & new.titles.keys():
        if before.get(post, 0) != after.get(post, 0):
            yield Change("span-changed", post, before.get(post, 0), after.get(post, 0))


def _spans(snapshot: OrgSnapshot) -> dict[str, int]:
    spans: dict[str, int] = defaultdict(int)
    for superiors in snapshot.managers.values():
        for superior in superiors:
            spans[superior] += 1
    return spans


def _posts_of(snapshot: OrgSnapshot) -> dict[str, set[str]]:
    held: dict[str, set[str]] = defaultdict(set)
    for post, holders in snapshot.holders.items():
        for holder in holders:
            held[holder].add(post)
    return held


def _refs(iris: frozenset[str], *, many: bool = False) -> Value:
    """No entity, one, or several (always a tuple when ``many``)."""
    if many or len(iris) > 1:
        return tuple(Ref(iri) for iri in sorted(iris))
    return Ref(next(iter(iris))) if iris else None


def _renames(old: OrgSnapshot, new: OrgSnapshot) -> list[tuple[str, str]]:
    """Removed and added posts that match one to one on reference, title and manager."""
    gone = old.titles.keys() - new.titles.keys()
    came = new.titles.keys() - old.titles.keys()
    if not gone or not came:
        return []

    def key(snapshot: OrgSnapshot, post: str) -> tuple[str, str, frozenset[str]] | None:
        reference = snapshot.references.get(post)
        if not reference:
            return None  # without a reference, a matching title and manager is no evidence
        managers = frozenset(snapshot.references.get(m) or m
                             for m in snapshot.managers.get(post, frozenset()))
        return reference, snapshot.titles[post], managers

    found: dict[tuple[str, str, frozenset[str]], tuple[list[str], list[str]]] = \
        defaultdict(lambda: ([], []))
    for post in gone:
        if (k := key(old, post)) is not None:
            found[k][0].append(post)
    for post in came:
        if (k := key(new, post)) is not None:
            found[k][1].append(post)
    return sorted((was[0], now[0]) for was, now in found.values()
                  if len(was) == 1 and len(now) == 1)


def _renamed(snapshot: OrgSnapshot, renames: Mapping[str, str]) -> OrgSnapshot:
    """``snapshot`` with posts (keys and superiors) under their new IRIs."""
    def iri(post: str) -> str:
        return renames.get(post, post)

    def relabel(table: Mapping[str, frozenset[str]]) -> dict[str, frozenset[str]]:
        return {iri(post): frozenset(iri(s) for s in values) for post, values in table.items()}

    return OrgSnapshot(
        titles={iri(post): title for post, title in snapshot.titles.items()},
        references={iri(post): ref for post, ref in snapshot.references.items()},
        managers=relabel(snapshot.managers), dotted=relabel(snapshot.dotted),
        holders={iri(post): holders for post, holders in snapshot.holders.items()},
        units=snapshot.units, parents=snapshot.parents)
