"""Reporting-line questions over a view: chains of command, reports, spans, seniority.

Functions take a view first (:func:`~pmograph.reporting_view` for posts,
:func:`~pmograph.role_reporting_view` for :func:`roles_above`), whose edges run
**superior → subordinate**, and return plain values: IRI strings, lists, ints.  Node keys
may be any strings, so tiny literal graphs work in tests and examples.

Every walk is iterative (no recursion), so a 10,000-deep chain is as easy as a short one,
and every walk checks the structure it relies on as it goes: a reporting cycle raises
:class:`~pmograph.ReportingCycleError` naming its members, a post with two solid-line
managers raises :class:`~pmograph.GraphStructureError` naming both.  Neither ever hangs.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable
from typing import NamedTuple

import networkx as nx

from pmograph._algorithms.structure import cycle_members, describe_nodes, node_key
from pmograph._errors import GraphStructureError, ReportingCycleError
from pmograph._typing import StrDiGraph

__all__ = [
    "SpanOfControl",
    "all_reports",
    "chain_of_command",
    "chains_of_command",
    "depth",
    "direct_reports",
    "head_counts",
    "is_senior",
    "layers",
    "lowest_common_manager",
    "roles_above",
    "seniority_path",
    "span_of_control",
]


class SpanOfControl(NamedTuple):
    """How many posts report to one: directly, and in all (everyone below)."""

    direct: int
    total: int


def chain_of_command(G: StrDiGraph, source: str) -> list[str]:
    """The line managers of ``source`` up to the top, nearest first (``source`` excluded).

    Parameters
    ----------
    G : nx.DiGraph
        A reporting view (edges superior → subordinate).
    source : str
        A node of ``G``.

    Raises
    ------
    ReportingCycleError
        The chain runs into a cycle; ``members`` lists it.
    GraphStructureError
        A post on the chain has two solid-line managers; ``members`` lists both.

    Examples
    --------
    >>> G = nx.DiGraph([("ceo", "cto"), ("cto", "dev"), ("ceo", "cfo")])
    >>> chain_of_command(G, "dev")
    ['cto', 'ceo']
    >>> chain_of_command(G, "ceo")
    []
    >>> G.add_edge("dev", "ceo")
    >>> chain_of_command(G, "cfo")
    Traceback (most recent call last):
    ...
    pmograph._errors.ReportingCycleError: reporting cycle: 'ceo', 'dev' and 'cto' report ...
    """
    source = _require(G, source)
    chain: list[str] = []
    seen = {source}
    current = source
    while True:
        manager = _manager(G, current)
        if manager is None:
            return chain
        if manager in seen:
            _raise_cycle(G, manager)
        chain.append(manager)
        seen.add(manager)
        current = manager


def depth(G: StrDiGraph, source: str) -> int:
    """How many lines ``source`` is below the top of its tree (a top post has depth 0).

    Examples
    --------
    >>> depth(nx.path_graph(["ceo", "vp", "pm"], create_using=nx.DiGraph), "pm")
    2
    """
    return len(chain_of_command(G, source))


def direct_reports(G: StrDiGraph, source: str) -> list[str]:
    """Who reports to ``source`` directly, by label then IRI.

    Examples
    --------
    >>> direct_reports(nx.DiGraph([("ceo", "cto"), ("ceo", "cfo"), ("cto", "dev")]), "ceo")
    ['cfo', 'cto']
    """
    source = _require(G, source)
    return sorted(G.successors(source), key=lambda node: _sort_key(G, node))


def all_reports(G: StrDiGraph, source: str) -> list[str]:
    """Everyone below ``source``: breadth first, each layer by label then IRI.

    Raises
    ------
    ReportingCycleError
        ``source`` is on a reporting cycle.
    GraphStructureError
        Someone below ``source`` has two solid-line managers.

    Examples
    --------
    >>> all_reports(nx.DiGraph([("ceo", "cto"), ("ceo", "cfo"), ("cto", "dev")]), "ceo")
    ['cfo', 'cto', 'dev']
    >>> all_reports(nx.DiGraph([("ceo", "cto"), ("ceo", "cfo"), ("cto", "dev")]), "dev")
    []
    """
    return [node for layer in layers(G, source)[1:] for node in layer]


def span_of_control(G: StrDiGraph, source: str) -> SpanOfControl:
    """The number of direct reports of ``source`` and of everyone below it.

    Examples
    --------
    >>> span_of_control(nx.DiGraph([("ceo", "cto"), ("ceo", "cfo"), ("cto", "dev")]), "ceo")
    SpanOfControl(direct=2, total=3)
    """
    source = _require(G, source)
    return SpanOfControl(len(direct_reports(G, source)), len(all_reports(G, source)))


def head_counts(G: StrDiGraph) -> dict[str, int]:
    """The number of posts below every node (its head-count), all in one linear pass.

    Asking :func:`span_of_control` for every manager walks each subtree again (quadratic on a
    deep tree); this sums children's counts bottom up instead.

    Raises
    ------
    ReportingCycleError
        Solid lines form a cycle.
    GraphStructureError
        A post has two solid-line managers (it would be counted twice).

    Examples
    --------
    >>> head_counts(nx.DiGraph([("ceo", "cto"), ("ceo", "cfo"), ("cto", "dev")]))
    {'ceo': 3, 'cto': 1, 'cfo': 0, 'dev': 0}
    """
    managers_of = _single_managers(G)
    counts = dict.fromkeys(G, 0)
    # networkx's own adjacency dicts (walked several times faster than G.succ and G.pred) are
    # private, so its type stubs leave them out.
    waiting = {node: len(reports) for node, reports in G._succ.items()}  # type: ignore[attr-defined]
    ready = [node for node, count in waiting.items() if count == 0]
    while ready:  # leaves first: a manager is ready once all its reports are counted
        node = ready.pop()
        manager = managers_of.get(node)
        if manager is not None:
            counts[manager] += counts[node] + 1
            waiting[manager] -= 1
            if waiting[manager] == 0:
                ready.append(manager)
    _check_acyclic(G, (node for node, count in waiting.items() if count))
    return counts


def chains_of_command(G: StrDiGraph) -> dict[str, list[str]]:
    """:func:`chain_of_command` of every node at once, in one pass from the top down.

    Examples
    --------
    >>> chains_of_command(nx.DiGraph([("ceo", "cto"), ("cto", "dev")]))
    {'ceo': [], 'cto': ['ceo'], 'dev': ['cto', 'ceo']}
    """
    managers_of = _single_managers(G)
    chains: dict[str, list[str]] = {}
    ready = [node for node in G if node not in managers_of]
    for node in ready:
        chains[node] = []
    while ready:
        manager = ready.pop()
        above = [manager, *chains[manager]]
        for report in G._succ[manager]:  # type: ignore[attr-defined]  # see head_counts
            chains[report] = above
            ready.append(report)
    _check_acyclic(G, (node for node in G if node not in chains))
    return {node: chains[node] for node in G}


def _single_managers(G: StrDiGraph) -> dict[str, str]:
    """Each node's one manager (networkx's own adjacency dicts: this runs on every post)."""
    managers_of = {}
    for node, managers in G._pred.items():  # type: ignore[attr-defined]  # see head_counts
        if len(managers) > 1:
            _manager(G, node)  # raises, naming the managers
        for manager in managers:
            managers_of[node] = manager
    return managers_of


def _check_acyclic(G: StrDiGraph, left_over: Iterable[str]) -> None:
    for node in left_over:  # never reached from a top post: on or below a cycle
        _raise_cycle(G, nx.find_cycle(G, node)[0][0])


def layers(G: StrDiGraph, source: str | None = None) -> list[list[str]]:
    """The layers of the tree below ``source`` (or below every top post): one list per depth.

    Layer 0 is ``source`` itself (or the top posts); ``len(layers(G))`` is the number of
    layers of management.  Each layer is sorted by label then IRI.

    Raises
    ------
    ReportingCycleError, GraphStructureError
        As :func:`all_reports`; without ``source`` a cycle with nothing above it (so no
        layer would ever reach it) is reported too.

    Examples
    --------
    >>> G = nx.DiGraph([("ceo", "cto"), ("ceo", "cfo"), ("cto", "dev"), ("chair", "sec")])
    >>> layers(G)
    [['ceo', 'chair'], ['cfo', 'cto', 'sec'], ['dev']]
    >>> layers(G, "cto")
    [['cto'], ['dev']]
    """
    if source is not None:
        source = _require(G, source)
        current = [source]
    else:
        current = sorted((n for n in G if G.in_degree(n) == 0), key=lambda n: _sort_key(G, n))
    found: list[list[str]] = []
    seen = set(current)
    while current:
        found.append(current)
        below: list[str] = []
        for node in current:
            for report in G.successors(node):
                _manager(G, report)  # raises if it has two managers
                if report in seen:  # its one manager is below it: a cycle
                    _raise_cycle(G, report)
                seen.add(report)
                below.append(report)
        current = sorted(below, key=lambda n: _sort_key(G, n))
    if source is None and len(seen) < len(G):
        _raise_cycle(G, min(set(G) - seen))
    return found


def lowest_common_manager(G: StrDiGraph, first: str, second: str) -> str | None:
    """The lowest post both ``first`` and ``second`` report to, or ``None`` (separate trees).

    If one reports (directly or not) to the other, that one is returned, as
    :func:`networkx.lowest_common_ancestor` does.

    Examples
    --------
    >>> G = nx.DiGraph([("ceo", "cto"), ("ceo", "cfo"), ("cto", "dev"), ("cfo", "acct")])
    >>> lowest_common_manager(G, "dev", "acct")
    'ceo'
    >>> lowest_common_manager(G, "dev", "cto")
    'cto'
    """
    first, second = _require(G, first), _require(G, second)
    above_second = {second, *chain_of_command(G, second)}
    for node in (first, *chain_of_command(G, first)):
        if node in above_second:
            return node
    return None


def seniority_path(G: StrDiGraph, senior: str, junior: str) -> list[str]:
    """The solid-line path from ``senior`` down to ``junior``, or ``[]`` if there is none.

    The path is the proof that ``senior`` outranks ``junior`` in the reporting tree.

    Examples
    --------
    >>> G = nx.DiGraph([("ceo", "cto"), ("cto", "dev"), ("ceo", "cfo")])
    >>> seniority_path(G, "ceo", "dev")
    ['ceo', 'cto', 'dev']
    >>> seniority_path(G, "cfo", "dev")
    []
    """
    senior, junior = _require(G, senior), _require(G, junior)
    chain = chain_of_command(G, junior)
    if senior not in chain:
        return []
    return [*reversed(chain[: chain.index(senior) + 1]), junior]


def is_senior(G: StrDiGraph, senior: str, junior: str) -> bool:
    """Whether ``junior`` reports, directly or not, to ``senior`` (see :func:`seniority_path`).

    Examples
    --------
    >>> G = nx.DiGraph([("ceo", "cto"), ("cto", "dev")])
    >>> is_senior(G, "ceo", "dev"), is_senior(G, "dev", "ceo"), is_senior(G, "dev", "dev")
    (True, False, False)
    """
    return bool(seniority_path(G, senior, junior))


def roles_above(G: StrDiGraph, source: str, *, cutoff: int | None = None) -> list[list[str]]:
    """Every upward path from ``source`` to a top of a DAG, nearest first, ``source`` excluded.

    For the role-reporting view, where a role typically reports to several others.  Paths
    are sorted shortest first, then by labels.  A top role gives ``[[]]``.

    Parameters
    ----------
    G : nx.DiGraph
        Edges superior → subordinate.
    source : str
        A node of ``G``.
    cutoff : int, optional
        Longest path to follow; longer paths are cut there.

    Raises
    ------
    ReportingCycleError
        The upward paths run into a cycle.

    Examples
    --------
    >>> G = nx.DiGraph([("vp", "pm"), ("director", "pm"), ("ceo", "vp")])
    >>> roles_above(G, "pm")
    [['director'], ['vp', 'ceo']]
    >>> roles_above(G, "ceo")
    [[]]
    """
    source = _require(G, source)
    found: list[list[str]] = []
    stack: list[tuple[str, list[str]]] = [(source, [])]
    while stack:
        node, path = stack.pop()
        managers = list(G.predecessors(node))
        if not managers or (cutoff is not None and len(path) >= cutoff):
            found.append(path)
            continue
        for manager in managers:
            if manager == source or manager in path:
                _raise_cycle(G, manager)
            stack.append((manager, [*path, manager]))
    return sorted(found, key=lambda p: (len(p), [_sort_key(G, n) for n in p]))


# ------------------------------------------------------------------------------------ helpers
def _require(G: StrDiGraph, node: Hashable) -> str:
    return node_key(G, node)  # type: ignore[no-any-return]


def _manager(G: StrDiGraph, node: str) -> str | None:
    """The one solid-line manager of ``node`` (or ``None``); two or more raise."""
    managers = list(G.predecessors(node))
    if len(managers) > 1:
        managers.sort(key=lambda n: _sort_key(G, n))
        raise GraphStructureError(
            f"{describe_nodes(G, [node])} has {len(managers)} solid-line managers: "
            f"{describe_nodes(G, managers)}; a post reports to one line manager (use "
            "pmo:dottedLineTo for a dotted line)", members=managers)
    return managers[0] if managers else None


def _raise_cycle(G: StrDiGraph, node: str) -> None:
    members = cycle_members(G, node) if _on_cycle(G, node) else [node]
    text = (f"reporting cycle: {describe_nodes(G, members)} report to each other"
            if len(members) > 1 else f"{describe_nodes(G, members)} reports to itself")
    raise ReportingCycleError(text, members=members)


def _on_cycle(G: StrDiGraph, node: str) -> bool:
    try:
        cycle_members(G, node)
    except nx.NetworkXNoCycle:
        return False
    return True


def _sort_key(G: StrDiGraph, node: str) -> tuple[str, str]:
    return (str(G.nodes[node].get("label", node)), str(node))
