"""Answers by name: the ``chain``, ``reports``, ``path`` and ``gap`` commands as library calls.

Each function resolves names, picks the right view, runs one algorithm and returns the JSON
shape of DESIGN.md §4.  A person resolves to the post(s) they hold; a post or person given
where a role is wanted (``path``, ``gap``) stands for its ``org:role``.

Questions about posts and people read only the part of the organisation they need
(:mod:`pmograph._views.local`): the lines above a post for its chain, the lines into it for its
direct reports, its subtree for everyone below it.  Questions about roles read the role views,
whose size follows the catalog.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from rdflib import URIRef

from pmograph._algorithms.hierarchy import (
    all_reports,
    chain_of_command,
    direct_reports,
    layers,
    roles_above,
)
from pmograph._algorithms.promotion import (
    Weight,
    move_kinds,
    next_roles,
    promotion_paths,
    skill_gap,
)
from pmograph._answers.people import describe_person_gap
from pmograph._answers.subjects import resolve_preferring
from pmograph._entities import Entity
from pmograph._errors import (
    GraphStructureError,
    NameResolutionError,
    PmographError,
    UnknownNameError,
)
from pmograph._store.graph import KnowledgeGraph
from pmograph._views.local import (
    LOOKUP_LIMIT,
    direct_lines,
    is_org_node,
    lines_above,
    lines_below,
    node_attributes,
)
from pmograph._views.org import posts_held
from pmograph._views.roles import promotion_view, role_reporting_view

__all__ = ["describe_chain", "describe_gap", "describe_paths", "describe_reports",
           "hierarchy_facts"]

_ORG_KINDS = frozenset({"role", "post", "person"})


def describe_chain(kg: KnowledgeGraph, name: str | URIRef) -> dict[str, Any]:
    """Who ``name`` reports to, up to the top: ``{"subject": E, "paths": [[E, ...], ...]}``.

    A post gives one path (its solid-line managers, nearest first); a person one per post
    held; a role every upward path of typical reporting.  A top post gives ``[[]]``.

    Examples
    --------
    >>> from pmograph import load
    >>> answer = describe_chain(load(), "PMO Analyst")
    >>> [[e["label"] for e in path] for path in answer["paths"]]
    [['PMO Manager', 'PMO Director']]
    """
    subject, note = _resolve(kg, name)
    if kg.kind(subject) == "role":
        paths = roles_above(role_reporting_view(kg), str(subject))
        return _noted({"subject": kg.entity(subject),
                       "paths": [_entities(kg, p) for p in paths]}, note)
    nodes = _org_nodes(kg, subject)
    G = lines_above(kg, nodes)
    paths = _unique(chain_of_command(G, node) for node in nodes)
    return _noted({"subject": kg.entity(subject),
                   "paths": [_org_entities(kg, p) for p in paths]}, note)


def describe_reports(kg: KnowledgeGraph, name: str | URIRef, *,
                     everyone: bool = False) -> dict[str, Any]:
    """Who reports to ``name``: ``{"subject": E, "reports": [E, ...]}``.

    Direct reports by default; with ``everyone=True`` everyone below, breadth first, each with
    its ``depth`` below the subject (1 for a direct report).  Posts carry their ``holders``
    (entities; empty for a vacant post).  For a role, the roles that typically report to it.

    Examples
    --------
    >>> from pmograph import load
    >>> answer = describe_reports(load(), "PMO Director", everyone=True)
    >>> [e["label"] for e in answer["reports"]]
    ['PMO Manager', 'PMO Analyst', 'PMO Coordinator']
    """
    subject, note = _resolve(kg, name)
    if kg.kind(subject) == "role":
        R, nodes = role_reporting_view(kg), [str(subject)]
        found = (_role_reports_below(R, str(subject)) if everyone
                 else direct_reports(R, str(subject)))
    else:
        nodes = _org_nodes(kg, subject)
        if everyone:
            G = lines_below(kg, nodes)
            depths: dict[str, int] = {}
            for node in nodes:
                for depth, layer in enumerate(layers(G, node)):
                    for below in layer:
                        depths[below] = min(depth, depths.get(below, depth))
            found = [n for node in nodes for n in all_reports(G, node)]
        else:
            G, depths = direct_lines(kg, nodes), {}
            found = [n for node in nodes for n in direct_reports(G, node)]
        reports = [node for node in dict.fromkeys(found) if node not in nodes]
        return _noted({"subject": kg.entity(subject),
                       "reports": _org_entities(kg, reports, depths=depths or None,
                                                below=nodes if everyone else None)}, note)
    reports = [node for node in dict.fromkeys(found) if node not in nodes]
    return _noted({"subject": kg.entity(subject), "reports": _entities(kg, reports)}, note)


def describe_paths(kg: KnowledgeGraph, source: str | URIRef, target: str | URIRef, *,
                   k: int = 5, cutoff: int | None = None, weight: Weight = "steps",
                   allow_downward: bool = False) -> dict[str, Any]:
    """Career paths between two roles: ``{"source": E, "target": E, "paths": [[E, ...]],
    "reasons": [...]}``.

    See :func:`~pmograph.promotion_paths`; each path includes both ends, and every role after
    the first carries ``move``: ``"promotion"`` or ``"lateral"`` (a move across, not up), the
    kind of the move into it.  When there is no path, ``reasons`` says why where the data
    can: the text of each claim that no move leads into the target (``pmo:noMoveInto``), and
    whether only moves down in level would reach it; otherwise it is empty.

    Examples
    --------
    >>> from pmograph import load
    >>> kg = load()
    >>> answer = describe_paths(kg, "Project Manager", "Portfolio Manager", k=1)
    >>> [e["label"] for e in answer["paths"][0]]
    ['Project Manager', 'Program Manager', 'Portfolio Manager']
    >>> answer = describe_paths(kg, "PMO Coordinator", "Manager of Project Managers", k=1)
    >>> [(e["label"], e.get("move")) for e in answer["paths"][0]]  # doctest: +NORMALIZE_WHITESPACE
    [('PMO Coordinator', None), ('PMO Analyst', 'promotion'), ('Project Manager', 'lateral'),
     ('Manager of Project Managers', 'promotion')]
    >>> describe_paths(kg, "Project Manager", "Project Sponsor")["reasons"][0][:38]
    'No career move into the project sponso'
    """
    start, end = _role(kg, source), _role(kg, target)
    G = promotion_view(kg)
    paths = promotion_paths(G, str(start), str(end), k=k, cutoff=cutoff,
                            weight=weight, allow_downward=allow_downward)
    described = []
    for path in paths:
        entities = _entities(kg, path)
        for entity, kind in zip(entities[1:], move_kinds(G, path), strict=True):
            entity["move"] = kind  # type: ignore[typeddict-unknown-key]
        described.append(entities)
    reasons: list[str] = []
    if not paths:
        reasons = [str(text) for _claim, text in kg.select("no-move-into", role=end)
                   if text is not None]
        if (not allow_downward and str(start) in G and str(end) in G and promotion_paths(
                G, str(start), str(end), k=1, cutoff=cutoff, allow_downward=True)):
            reasons.append(f"Only routes that go down in level lead to {kg.label(end)}; "
                           "moves down are left out unless asked for (allow_downward).")
    return {"source": kg.entity(start), "target": kg.entity(end), "paths": described,
            "reasons": reasons}


def describe_gap(kg: KnowledgeGraph, source: str | URIRef,
                 target: str | URIRef) -> dict[str, Any]:
    """Skills and qualifications to gain to move from one role to another (DESIGN.md §4).

    From a person, what their skill profile has against what the role needs
    (:func:`~pmograph._answers.people.describe_person_gap`: the same shape, plus ``met`` and
    ``held``); a post stands for its role.

    Examples
    --------
    >>> from pmograph import load
    >>> answer = describe_gap(load(), "Project Manager", "PMO Manager")
    >>> answer["skills"][0]["skill"]["label"], answer["skills"][0]["essential"]
    ('Understanding of project management', True)
    """
    person = _person(kg, source)
    if person is not None:
        return describe_person_gap(kg, person, target)
    start, end = _role(kg, source), _role(kg, target)
    gap = skill_gap(promotion_view(kg), str(start), str(end))
    return {"source": kg.entity(start), "target": kg.entity(end),
            "skills": [{"skill": kg.entity(s.skill), "have": s.have, "need": s.need,
                        "essential": s.essential} for s in gap.skills],
            "qualifications": _entities(kg, gap.qualifications)}


def hierarchy_facts(kg: KnowledgeGraph, subject: URIRef) -> dict[str, Any]:
    """What ``show`` adds about where ``subject`` sits; ``{}`` for other kinds of entity.

    Posts and people: ``chain`` (paths of E), ``direct reports`` (E) and ``span of control``
    (``{"direct", "total"}``).  Roles: ``roles above`` (every upward path, of E) and
    ``next moves`` (the next roles, never downward: E plus ``move``, ``"promotion"`` or
    ``"lateral"``).  A structural problem
    (a cycle, two line managers) is reported as ``problem`` instead of raised.

    Examples
    --------
    >>> from pmograph import load
    >>> kg = load()
    >>> facts = hierarchy_facts(kg, kg.resolve("PMO Coordinator"))
    >>> [(e["label"], e["move"]) for e in facts["next moves"]]
    [('PMO Analyst', 'promotion')]
    """
    kind = kg.kind(subject)
    facts: dict[str, Any] = {}
    try:
        if kind == "role":
            facts["roles above"] = describe_chain(kg, subject)["paths"]
            G = promotion_view(kg)
            if str(subject) in G:
                facts["next moves"] = [
                    {**kg.entity(role), "move": G.edges[str(subject), role]["kind"]}
                    for role in next_roles(G, str(subject))]
        elif (kind == "person" and posts_held(kg, subject)) or is_org_node(kg, str(subject)):
            facts["chain"] = describe_chain(kg, subject)["paths"]
            facts["direct reports"] = describe_reports(kg, subject)["reports"]
            facts["span of control"] = {"direct": len(facts["direct reports"]),
                                        "total": _count_below(kg, _org_nodes(kg, subject))}
    except GraphStructureError as err:
        facts["problem"] = str(err)
    return facts


# ------------------------------------------------------------------------------------ helpers
def _resolve(kg: KnowledgeGraph, name: str | URIRef) -> tuple[URIRef, str | None]:
    """A role, post or person (a post or person first over a role of the same name, with a
    note saying so); else anything that sits in the reporting view."""
    try:
        return resolve_preferring(kg, name, kinds=_ORG_KINDS)
    except UnknownNameError:
        found = kg.resolve(str(name))
        if is_org_node(kg, str(found)):
            return found, None
        raise PmographError(f"{name!r} is a {kg.kind(found)}, not a "
                            "role, post or person") from None


def _noted(answer: dict[str, Any], note: str | None) -> dict[str, Any]:
    """The answer with ``"note"`` saying which of several same-named entities it is about."""
    return {**answer, "note": note} if note else answer


def _org_nodes(kg: KnowledgeGraph, subject: URIRef) -> list[str]:
    """The reporting-view nodes ``subject`` stands for: itself, or the posts a person holds."""
    held = posts_held(kg, subject)
    if held:
        return held
    if is_org_node(kg, str(subject)):
        return [str(subject)]
    raise PmographError(f"{kg.label(subject)!r} holds no post and has no reporting line")


def _person(kg: KnowledgeGraph, name: str | URIRef) -> URIRef | None:
    """The person ``name`` denotes when it names no role, else ``None``."""
    if isinstance(name, URIRef):
        return name if kg.kind(name) == "person" else None
    try:
        kg.resolve(str(name), kinds={"role"})
        return None
    except NameResolutionError:
        try:
            return kg.resolve(str(name), kinds={"person"})
        except NameResolutionError:
            return None


def _role(kg: KnowledgeGraph, name: str | URIRef) -> URIRef:
    """A role by name; a post or person stands for its ``org:role``."""
    if isinstance(name, URIRef) and kg.kind(name) == "role":
        return name
    try:
        return kg.resolve(str(name), kinds={"role"})
    except NameResolutionError as role_error:
        try:
            found = kg.resolve(str(name), kinds={"post", "person"})
        except NameResolutionError:
            raise role_error from None
    roles = sorted({str(role) for node in _org_nodes(kg, found)
                    if (role := node_attributes(kg, node)["role"])})
    if len(roles) != 1:
        what = "no role" if not roles else f"{len(roles)} roles"
        raise PmographError(f"{kg.label(found)!r} has {what}; name a role instead")
    return URIRef(roles[0])


def _count_below(kg: KnowledgeGraph, nodes: list[str]) -> int:
    """How many posts are below ``nodes`` (solid lines): counted by the store for one post, so
    ``show`` lists nothing it only counts; the subtrees of several posts are merged here."""
    if len(nodes) == 1:
        (count,), = kg.strings("count-below", top=URIRef(nodes[0]))
        return int(count or 0)
    below = lines_below(kg, nodes, attributes=False)
    return len({n for node in nodes for n in all_reports(below, node)} - set(nodes))


def _role_reports_below(G: Any, role: str) -> list[str]:
    # Roles form a DAG, not a tree: breadth first over distinct roles, no tree check.
    seen, below, current = {role}, [], [role]
    while current:
        nxt = []
        for node in current:
            for report in direct_reports(G, node):
                if report not in seen:
                    seen.add(report)
                    nxt.append(report)
        below.extend(nxt)
        current = nxt
    return below


def _unique(paths: Iterable[list[str]]) -> list[list[str]]:
    return [list(p) for p in dict.fromkeys(tuple(p) for p in paths)]


def _org_entities(kg: KnowledgeGraph, nodes: list[str], *,
                  depths: dict[str, int] | None = None,
                  below: list[str] | None = None) -> list[Entity]:
    """Entity shapes of org nodes: posts with their ``holders`` (entities, by label), and each
    node's ``depth`` when given (DESIGN.md §4, ``chain``/``reports``)."""
    if len(nodes) > LOOKUP_LIMIT:
        kg.names  # noqa: B018 -- many entities: read every name once instead of one by one
    found = _entities(kg, nodes)
    posts = [entity["iri"] for entity in found if entity["kind"] == "post"]
    holders = _holders(kg, posts, below)
    for entity in found:
        if entity["kind"] == "post":
            people = [kg.entity(holder) for holder in holders.get(entity["iri"], ())]
            entity["holders"] = sorted(people, key=lambda e: (e["label"], e["iri"]))  # type: ignore[typeddict-unknown-key]
        if depths is not None:
            entity["depth"] = depths.get(entity["iri"], 0)  # type: ignore[typeddict-unknown-key]
    return found


def _holders(kg: KnowledgeGraph, posts: list[str],
             below: list[str] | None = None) -> dict[str, set[str]]:
    """Post → the IRIs of its holders: asked post by post, or, for many posts, at once for the
    subtrees ``below`` holds (else for the whole organisation)."""
    found: dict[str, set[str]] = {}
    if len(posts) > LOOKUP_LIMIT:
        wanted = set(posts)
        rows = [row for top in below for row in kg.strings("facts-below", top=URIRef(top))] \
            if below else kg.strings("post-facts-all")
        for post, fact, value in rows:
            if fact == "holder" and post in wanted and value is not None:
                found.setdefault(post, set()).add(value)
        return found
    for post in posts:
        found[post] = {value for fact, value in kg.strings("post-facts", post=URIRef(post))
                       if fact == "holder" and value is not None}
    return found


def _entities(kg: KnowledgeGraph, nodes: Iterable[str]) -> list[Entity]:
    """Entity shapes; one that nothing in the data describes (no type, name or identifier:
    a reporting line into nowhere) says so with ``"described": false``."""
    found: list[Entity] = []
    for node in nodes:
        entity = kg.entity(node)
        if not kg.describes(node):
            entity["described"] = False  # type: ignore[typeddict-unknown-key]
        found.append(entity)
    return found

