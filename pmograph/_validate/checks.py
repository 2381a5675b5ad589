"""The graph checks of :func:`pmograph.validate`: whole-graph problems SHACL handles badly.

Reporting cycles and posts with two solid-line managers come from
:func:`pmograph._views.org.reporting_problems` (strongly connected components: linear time, never
an enumeration of cycles, never a loop).  The rest are SPARQL queries shipped in
``queries/internal/validate-*.rq`` plus a look at the kinds the name index already knows.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from typing import TYPE_CHECKING

from rdflib import Literal, URIRef
from rdflib.namespace import ORG
from rdflib.term import Identifier

from pmograph._namespace import PMO
from pmograph._validate.results import ValidationResult, entity

if TYPE_CHECKING:
    from pmograph._store.graph import KnowledgeGraph

#: Links whose dangling target breaks reporting or career paths (a violation); a dangling
#: target of any other checked link (holder, organisation, membership) is a warning.
STRUCTURAL_LINKS = frozenset({ORG.reportsTo, PMO.dottedLineTo, PMO.fromRole, PMO.toRole,
                              PMO.subordinate, PMO.superior})
#: How many members a message names before it says "and N more".
SHOWN = 10


def graph_checks(kg: KnowledgeGraph) -> list[ValidationResult]:
    """Every graph check's results, in no particular order.

    Examples
    --------
    >>> from pmograph import load
    >>> from rdflib import Graph
    >>> data = Graph().parse(format="turtle", data='''
    ...     @prefix org: <http://www.w3.org/ns/org#> . @prefix ex: <http://example.org/> .
    ...     ex:a a org:Post ; org:reportsTo ex:ghost .''')
    >>> sorted((r.check, r.severity) for r in graph_checks(load(data)))
    [('dangling-reference', 'violation'), ('no-role', 'warning')]
    """
    return [*reporting_checks(kg), *dangling_references(kg), *role_checks(kg),
            *promotions_down(kg), *heads_inside_own_unit(kg)]


def reporting_checks(kg: KnowledgeGraph) -> list[ValidationResult]:
    """Cycles of solid lines (members in reporting order) and two solid-line managers."""
    from pmograph._views.org import reporting_problems

    return [ValidationResult(problem.check, "violation", kg.entity(problem.focus),
                             tuple(kg.entity(member) for member in problem.members),
                             problem.message)
            for problem in reporting_problems(kg)]


def dangling_references(kg: KnowledgeGraph) -> list[ValidationResult]:
    """Links to something the graph describes nowhere: one result per target and link."""
    referrers: dict[tuple[Identifier, Identifier], list[Identifier]] = defaultdict(list)
    for source, link, target in kg.select("validate-dangling"):
        if source is not None and link is not None and target is not None:
            referrers[(target, link)].append(source)
    found = []
    for (target, link), sources in sorted(referrers.items(), key=lambda item: str(item[0])):
        assert isinstance(link, URIRef)
        severity = "violation" if link in STRUCTURAL_LINKS else "warning"
        name = kg.graph.namespace_manager.normalizeUri(link)
        who = _names(kg, sources)
        if isinstance(target, Literal):
            message = (f"{who} {name} the text {str(target)!r}, not a resource: write the "
                       "IRI of what is meant")
            focus = entity(kg, sources[0])
        else:
            message = (f"{who} {name} <{target}>, which the data describes nowhere "
                       "(a typo, or a file not loaded?)")
            focus = entity(kg, target)
        found.append(ValidationResult("dangling-reference", severity, focus,
                                      tuple(entity(kg, s) for s in sources), message))
    return found


def role_checks(kg: KnowledgeGraph) -> list[ValidationResult]:
    """Posts whose ``org:role`` is not a known role; posts with no role (one warning)."""
    posts = {row[0] for row in kg.select("posts") if isinstance(row[0], URIRef)}
    roles: dict[Identifier, list[Identifier]] = defaultdict(list)
    for post, role in kg.select("post-roles"):
        if post is not None and role is not None:
            roles[post].append(role)
    found = []
    for post, values in sorted(roles.items(), key=lambda item: str(item[0])):
        for role in sorted(values, key=str):
            if isinstance(role, URIRef) and kg.kind(role) == "role":
                continue
            shown = f"<{role}>" if isinstance(role, URIRef) else repr(str(role))
            found.append(ValidationResult(
                "unknown-role", "violation", entity(kg, post), (entity(kg, role),)
                if isinstance(role, URIRef) else (),
                f"{_names(kg, [post])} has org:role {shown}, which is not a role of the "
                "catalog or of the data (load the framework that defines it?)"))
    missing = sorted((post for post in posts if post not in roles), key=str)
    if missing:
        count = f"{len(missing)} post{'s' * (len(missing) != 1)}"
        found.append(ValidationResult(
            "no-role", "warning", None, tuple(entity(kg, post) for post in missing),
            f"{count} {'have' if len(missing) != 1 else 'has'} no org:role, so career "
            f"questions cannot reach {'them' if len(missing) != 1 else 'it'}: "
            f"{_names(kg, missing)}"))
    return found


def promotions_down(kg: KnowledgeGraph) -> list[ValidationResult]:
    """Promotions that go down in ``pmo:level``."""
    return [ValidationResult(
        "promotion-down", "violation", entity(kg, move),
        (entity(kg, source), entity(kg, target)),
        f"the promotion from {kg.label(source)!r} (level {source_level}) to "
        f"{kg.label(target)!r} (level {target_level}) goes down; make it a pmo:LateralMove "
        "or correct a level")
        for move, source, target, source_level, target_level
        in kg.select("validate-promotions-down")
        if move is not None and source is not None and target is not None]


def heads_inside_own_unit(kg: KnowledgeGraph) -> list[ValidationResult]:
    """Heads of a unit whose solid-line manager is a post inside that unit (or a sub-unit).

    The nesting of units is followed here, on its edges, not with a SPARQL path: a server
    must never get a transitive path with neither end bound (DESIGN.md §6), and units nested
    in a loop then cost nothing either.
    """
    outer: dict[Identifier, list[Identifier]] = defaultdict(list)
    for inner, container in kg.select("unit-nesting"):
        if inner is not None and container is not None:
            outer[inner].append(container)
    inside: dict[Identifier, set[Identifier]] = {}

    def within(place: Identifier, unit: Identifier) -> bool:
        if place not in inside:  # every unit that holds ``place``, however deep
            seen: set[Identifier] = set()
            frontier = list(outer.get(place, ()))
            while frontier:
                container = frontier.pop()
                if container not in seen:
                    seen.add(container)
                    frontier.extend(outer.get(container, ()))
            inside[place] = seen
        return place == unit or unit in inside[place]

    found = {(head, unit, manager)
             for head, unit, manager, place in kg.select("validate-head-inside-unit")
             if head is not None and unit is not None and manager is not None
             and place is not None and within(place, unit)}
    return [ValidationResult(
        "head-inside-own-unit", "violation", entity(kg, head),
        (entity(kg, unit), entity(kg, manager)),
        f"{_names(kg, [head])} heads {kg.label(unit)!r} but reports to "
        f"{_names(kg, [manager])}, a post inside that unit")
        for head, unit, manager in sorted(found, key=lambda row: tuple(map(str, row)))]


def _names(kg: KnowledgeGraph, nodes: Sequence[Identifier]) -> str:
    """Quoted labels of up to :data:`SHOWN` nodes, then "and N more"."""
    shown = [f"{kg.label(n)!r}" if isinstance(n, URIRef) else str(n) for n in nodes[:SHOWN]]
    more = f" and {len(nodes) - SHOWN} more" if len(nodes) > SHOWN else ""
    return ", ".join(shown) + more
