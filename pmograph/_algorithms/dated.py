"""What is true of an organisation on one date, from the dates its data carry: plain values only.

Two kinds of dated facts (W3C ORG with OWL-Time, and PROV-O):

* a **tenure** (:class:`Tenure`): an ``org:Membership`` of a member in an organisation — a
  unit, or a post (a *holding*: ORG lets a post be "an organization in its own right") — with
  ``org:memberDuring`` an interval whose ends are days, **both inclusive** (held from its first
  day to its last);
* a **lifetime** (:class:`Lifetime`): a post or unit exists from ``prov:generatedAtTime``
  (inclusive) until ``prov:invalidatedAtTime`` (exclusive: gone on that day).  An
  ``org:ChangeEvent`` (a restructure) at a time ends the organisations it started from and
  did not result in, and begins those it resulted in that it did not start from
  (:func:`lifetimes`).

:func:`on_date` says, for one day, which posts and units do not exist, which memberships are
not valid, and who holds which post by a dated tenure.  Facts without dates are true on every
date.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

__all__ = ["ChangeEvent", "Lifetime", "OnDate", "Tenure", "lifetimes", "on_date"]

Day = datetime.date


@dataclass(frozen=True)
class Tenure:
    """A membership with an interval: ``member`` in ``organization`` from ``begin`` to ``end``
    (days, both inclusive; ``None``: open)."""

    node: str
    member: str | None
    organization: str | None
    begin: Day | None = None
    end: Day | None = None

    def valid_on(self, day: Day) -> bool:
        """Whether the membership holds on ``day``.

        Examples
        --------
        >>> left = Tenure("m", "raj", "cfo", Day(2021, 5, 1), Day(2026, 5, 31))
        >>> left.valid_on(Day(2026, 5, 31)), left.valid_on(Day(2026, 6, 1))
        (True, False)
        """
        return (self.begin is None or self.begin <= day) and (self.end is None or day <= self.end)


@dataclass(frozen=True)
class Lifetime:
    """When a post or unit exists: from ``begin`` (inclusive) until ``until`` (exclusive)."""

    begin: Day | None = None
    until: Day | None = None

    def exists_on(self, day: Day) -> bool:
        """Whether the post or unit exists on ``day``.

        Examples
        --------
        >>> Lifetime(until=Day(2026, 7, 1)).exists_on(Day(2026, 7, 1))
        False
        """
        return (self.begin is None or self.begin <= day) and (self.until is None or
                                                              day < self.until)


@dataclass(frozen=True)
class ChangeEvent:
    """A restructure at ``time``: the organisations it started from and those it resulted in."""

    time: Day
    original: frozenset[str]
    resulting: frozenset[str]


@dataclass(frozen=True)
class OnDate:
    """What holds on one day: the posts and units that do not exist (``gone``), the memberships
    that are not valid (``ended``), the holdings of dated tenures that are valid (``held``:
    ``(post, person)``) and every ``(post, person)`` pair that has a dated tenure (``dated``:
    an undated ``org:heldBy`` of such a pair counts only on the days a tenure covers)."""

    day: Day
    gone: frozenset[str]
    ended: frozenset[str]
    held: frozenset[tuple[str, str]]
    dated: frozenset[tuple[str, str]]


def lifetimes(stated: Mapping[str, Lifetime], events: Iterable[ChangeEvent] = ()
              ) -> dict[str, Lifetime]:
    """Lifetimes as stated, narrowed by restructures.

    An organisation a change event started from and did not result in ends at the event; one
    it resulted in and did not start from begins at it.

    Examples
    --------
    >>> merger = ChangeEvent(Day(2026, 6, 1), frozenset({"a", "b"}), frozenset({"c"}))
    >>> found = lifetimes({"a": Lifetime(begin=Day(2020, 1, 1))}, [merger])
    >>> found["a"], found["c"].begin
    (Lifetime(begin=datetime.date(2020, 1, 1), until=datetime.date(2026, 6, 1)), \
datetime.date(2026, 6, 1))
    """
    begin = {node: life.begin for node, life in stated.items()}
    until = {node: life.until for node, life in stated.items()}
    for event in events:
        for node in event.original - event.resulting:
            known = until.get(node)
            until[node] = event.time if known is None else min(known, event.time)
        for node in event.resulting - event.original:
            known = begin.get(node)
            begin[node] = event.time if known is None else max(known, event.time)
    return {node: Lifetime(begin.get(node), until.get(node)) for node in begin.keys() | until}


def on_date(day: Day, *, lives: Mapping[str, Lifetime], tenures: Iterable[Tenure],
            posts: Iterable[str]) -> OnDate:
    """What holds on ``day``, from ``lives`` (of posts and units), ``tenures`` and the IRIs of
    the posts (a tenure in a post is a holding).

    Examples
    --------
    >>> tenures = [Tenure("m1", "raj", "cfo", Day(2021, 5, 1), Day(2026, 5, 31)),
    ...            Tenure("m2", "nina", "cfo", Day(2026, 7, 1))]
    >>> june = on_date(Day(2026, 6, 15), lives={}, tenures=tenures, posts=["cfo"])
    >>> sorted(june.ended), sorted(june.held)
    (['m1', 'm2'], [])
    >>> sorted(on_date(Day(2026, 8, 1), lives={}, tenures=tenures, posts=["cfo"]).held)
    [('cfo', 'nina')]
    """
    gone = frozenset(node for node, life in lives.items() if not life.exists_on(day))
    is_post = set(posts)
    ended: set[str] = set()
    valid: dict[str, bool] = defaultdict(bool)  # a membership written with several intervals
    holdings: dict[str, tuple[str, str]] = {}
    for tenure in tenures:
        valid[tenure.node] |= tenure.valid_on(day)
        if tenure.member is not None and tenure.organization in is_post:
            holdings[tenure.node] = (tenure.organization, tenure.member)
    ended = {node for node, ok in valid.items() if not ok}
    held = frozenset(pair for node, pair in holdings.items()
                     if node not in ended and pair[0] not in gone)
    return OnDate(day, gone, frozenset(ended), held, frozenset(holdings.values()))
