"""The organisation as of a date: ``--as-of DATE``, ``as_of=`` on the views.

Data that carry dates (W3C ORG ``org:memberDuring`` with OWL-Time intervals on memberships and
holdings, PROV-O ``prov:generatedAtTime``/``prov:invalidatedAtTime`` on posts and units,
``org:ChangeEvent`` restructures: :mod:`pmograph._algorithms.dated` says what each means) are
read once, with three SELECTs whose rows are plain strings, the same on every store.

:func:`as_of` answers with a copy of the organisation as it was on the day: a knowledge graph
in memory holding everything except the posts and units that did not exist that day (and every
statement naming them), the memberships not valid that day, and the ``org:heldBy``/``org:holds``
of a person and post whose tenure is dated but not valid that day; with an ``org:heldBy`` for
each holding valid that day.  Every command, view and answer then works on it unchanged, so
``chain``, ``reports``, ``show`` and ``render`` agree about the day.  Reporting lines carry no
dates in ORG: a line is there on a day when both its posts exist.

Data with no dated facts are their own copy: :func:`as_of` returns ``kg`` itself.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass

from rdflib import Graph, URIRef
from rdflib.namespace import ORG
from rdflib.term import Node

from pmograph._algorithms.dated import ChangeEvent, Lifetime, OnDate, Tenure, lifetimes, on_date
from pmograph._dates import date_in, parse_date
from pmograph._errors import UnknownNameError
from pmograph._store.graph import KnowledgeGraph
from pmograph._store.loading import load
from pmograph._store.mapping import CENTRAL_GOVERNMENT

__all__ = ["DatedFacts", "absent_on", "as_of", "dated_facts"]

#: Statements that a post is held: post → person, and person → post.
_HELD_BY = {str(ORG.heldBy), str(CENTRAL_GOVERNMENT.heldBy)}
_HOLDS = {str(ORG.holds), str(CENTRAL_GOVERNMENT.holdsPost)}
#: The kinds of entity whose lifetime counts (a dataset's date of generation does not).
_LIVING = {"post", "unit", "organization"}


@dataclass(frozen=True)
class DatedFacts:
    """The dated facts of a graph: lifetimes of posts and units, and dated memberships."""

    lives: dict[str, Lifetime]
    tenures: list[Tenure]

    @property
    def empty(self) -> bool:
        """Whether nothing in the data is dated (every date shows the data as they are)."""
        return not self.lives and not self.tenures


def dated_facts(kg: KnowledgeGraph) -> DatedFacts:
    """The dated facts of ``kg`` (read once per state of the graph).

    Examples
    --------
    >>> from pmograph import load
    >>> facts = dated_facts(load("tests/data/dated/org-history.ttl", catalog=False))
    >>> facts.lives["https://example.org/meridian-labs/pmo-mgr"].begin
    datetime.date(2026, 4, 15)
    >>> len(facts.tenures), dated_facts(load(catalog=False)).empty
    (8, True)
    """
    return kg.cached(("dated", "facts"), lambda: _read(kg))


def as_of(kg: KnowledgeGraph, date: str | datetime.date) -> KnowledgeGraph:
    """The organisation in ``kg`` as it was on ``date`` (``"2026-03-31"``, a date, ``"today"``).

    Returns a knowledge graph in memory (made once per day and state of ``kg``), or ``kg``
    itself when nothing in it is dated.  See the module documentation for what is kept.

    Examples
    --------
    >>> from pmograph import describe_chain, load
    >>> kg = load("tests/data/dated/org-history.ttl", catalog=False)
    >>> def holders(day):
    ...     chain = describe_chain(as_of(kg, day), "PMO Analyst")["paths"][0]
    ...     return [(e["label"], [h["label"] for h in e["holders"]]) for e in chain]
    >>> holders("2026-03-01")
    [('PMO Director', ['Olivia Grant']), ('Chief Operating Officer', ['Marcus Lindqvist']), \
('Chief Executive', ['Helen Okafor'])]
    >>> describe_chain(as_of(kg, "2026-03-01"), "PMO Manager")
    Traceback (most recent call last):
    ...
    pmograph._errors.UnknownNameError: ...
    """
    day = parse_date(date)
    facts = dated_facts(kg)
    if facts.empty:
        return kg
    return kg.cached(("dated", day), lambda: _copy(kg, _state(kg, facts, day)))


def absent_on(kg: KnowledgeGraph, name: str, date: str | datetime.date) -> str | None:
    """Why ``name`` is not in the organisation as of ``date``: a sentence when it names a post
    or unit of ``kg`` that did not exist that day, else ``None``.

    Examples
    --------
    >>> from pmograph import load
    >>> kg = load("tests/data/dated/org-history.ttl", catalog=False)
    >>> absent_on(kg, "PMO Manager", "2026-03-01")
    "'PMO Manager' (post) did not exist on 2026-03-01: it exists from 2026-04-15"
    >>> absent_on(kg, "PMO Manager", "2026-05-01") is None
    True
    """
    day = parse_date(date)
    try:
        found = str(kg.resolve(name))
    except UnknownNameError:
        return None
    life = dated_facts(kg).lives.get(found)
    if life is None or life.exists_on(day):
        return None
    span = " and ".join(part for part in (
        f"from {life.begin}" if life.begin else "",
        f"until {life.until - datetime.timedelta(days=1)}" if life.until else "") if part)
    return f"{kg.label(found)!r} ({kg.kind(found)}) did not exist on {day}: it exists {span}"


def _read(kg: KnowledgeGraph) -> DatedFacts:
    stated: dict[str, dict[str, datetime.date]] = defaultdict(dict)
    events: dict[str, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
    times: dict[str, datetime.date] = {}
    for entity, fact, time, event in kg.strings("dated-lifetimes"):
        day = date_in(time)
        if entity is None or day is None:
            continue
        if fact in ("from", "until"):
            known = stated[entity].get(fact)  # the earliest beginning, the latest end
            stated[entity][fact] = day if known is None else (
                min(known, day) if fact == "from" else max(known, day))
        elif event is not None and fact is not None:
            events[event][fact].add(entity)
            times[event] = max(times.get(event, day), day)  # the end of the event, if given
    lives = lifetimes(
        {entity: Lifetime(found.get("from"), found.get("until"))
         for entity, found in stated.items()},
        [ChangeEvent(times[event], frozenset(sides["original"]), frozenset(sides["resulting"]))
         for event, sides in events.items()])
    lives = {entity: life for entity, life in lives.items() if kg.kind(entity) in _LIVING}
    tenures = [Tenure(node, member, organization, date_in(begin), date_in(end))
               for node, member, organization, begin, end in kg.strings("dated-memberships")
               if node is not None]
    return DatedFacts(lives, tenures)


def _state(kg: KnowledgeGraph, facts: DatedFacts, day: datetime.date) -> OnDate:
    posts = {row[0] for row in kg.strings("posts") if row[0] is not None}
    return on_date(day, lives=facts.lives, tenures=facts.tenures, posts=posts)


def _copy(kg: KnowledgeGraph, state: OnDate) -> KnowledgeGraph:
    """The data of ``kg`` as of ``state.day``, in a store in memory."""
    leave_out = state.gone | state.ended
    not_held = state.dated - state.held
    graph = Graph()
    for prefix, namespace in kg.backend.prefixes().items():
        graph.bind(prefix, namespace, override=False)
    people: dict[str, Node] = {}  # a holder as the term the data use (an IRI or a blank node)
    holders = {person for _, person in state.held}
    for subject, predicate, obj in kg.select("all-triples"):
        if subject is None or predicate is None or obj is None:
            continue
        node, value, link = str(subject), str(obj), str(predicate)
        if node in holders:
            people[node] = subject
        if node in leave_out or value in leave_out:
            continue
        if (link in _HELD_BY and (node, value) in not_held) or \
                (link in _HOLDS and (value, node) in not_held):
            continue
        graph.add((subject, predicate, obj))
    for post, person in state.held:
        graph.add((URIRef(post), ORG.heldBy, people.get(person) or URIRef(person)))
    copy = load(graph, catalog=False)
    copy.progress = kg.progress
    for prefix, namespace in graph.namespaces():
        copy.graph.bind(prefix, namespace, override=False)
    return copy
