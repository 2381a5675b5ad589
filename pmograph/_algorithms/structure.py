"""Structural checks of a reporting graph (edges superior → subordinate), networkx only.

Shared by the views (which record problems without raising), the hierarchy algorithms (which
raise on them) and the validator.  Linear time: cycles are found as strongly connected
components, never by enumerating simple cycles.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable
from dataclasses import dataclass
from typing import Any

import networkx as nx

from pmograph._errors import UnknownNameError
from pmograph._typing import StrDiGraph

__all__ = ["ReportingProblem", "cycle_members", "describe_nodes", "structure_problems"]


@dataclass(frozen=True)
class ReportingProblem:
    """A structural problem of reporting lines: what, where, who is involved, in words.

    ``check`` is ``"cycle"`` or ``"two-line-managers"`` (solid lines between posts) or
    ``"role-reporting-cycle"`` (typical reporting between roles); ``focus`` and ``members``
    are IRIs.  For a cycle the members are in reporting order (each reports to the next);
    for two line managers ``focus`` is the post and ``members`` its managers.
    """

    check: str
    focus: str
    members: tuple[str, ...]
    message: str



def structure_problems(G: StrDiGraph, *, cycle_check: str,
                       managers_check: str | None) -> list[ReportingProblem]:
    """Cycles (and, if ``managers_check`` is given, nodes with several superiors) of ``G``.

    ``G`` runs superior → subordinate.  Linear time: cycles are found as strongly connected
    components, never by enumerating simple cycles.

    Examples
    --------
    >>> G = nx.DiGraph([("boss", "a"), ("other", "a")])
    >>> [(p.check, p.focus, p.members) for p in structure_problems(
    ...     G, cycle_check="cycle", managers_check="two-line-managers")]
    [('two-line-managers', 'a', ('boss', 'other'))]
    """
    problems: list[ReportingProblem] = []
    if managers_check is not None:
        for node in sorted(G):
            managers = sorted(G.predecessors(node))
            if len(managers) > 1:
                problems.append(ReportingProblem(
                    managers_check, node, tuple(managers),
                    f"{describe_nodes(G, [node])} has {len(managers)} solid-line managers: "
                    f"{describe_nodes(G, managers)}"))
    for component in nx.strongly_connected_components(G):
        start = min(component)
        if len(component) == 1 and not G.has_edge(start, start):
            continue
        members = cycle_members(G.subgraph(component), start)
        problems.append(ReportingProblem(
            cycle_check, min(members), tuple(members),
            f"reporting cycle: {describe_nodes(G, members)} report to each other"
            if len(members) > 1 else f"{describe_nodes(G, members)} reports to itself"))
    problems.sort(key=lambda p: (p.check, p.focus))
    return problems


def cycle_members(G: StrDiGraph, start: str) -> list[str]:
    """The nodes of the reporting cycle found walking up from ``start``, each reporting to the
    next, starting with the smallest IRI.  Raises :class:`networkx.NetworkXNoCycle` if none.

    Examples
    --------
    >>> cycle_members(nx.DiGraph([("a", "c"), ("c", "b"), ("b", "a")]), "a")
    ['a', 'b', 'c']
    >>> cycle_members(nx.DiGraph([("a", "c"), ("c", "b"), ("b", "a"), ("b", "x")]), "x")
    ['a', 'b', 'c']
    """
    members = [str(u) for u, _ in nx.find_cycle(G.reverse(copy=False), source=start)]
    first = members.index(min(members))
    return members[first:] + members[:first]


def describe_nodes(G: StrDiGraph, nodes: Iterable[str]) -> str:
    """Name ``nodes`` for a message: labels, with the IRI where a label is not unique.

    Examples
    --------
    >>> G = nx.DiGraph()
    >>> G.add_node("ex:1", label="Analyst"); G.add_node("ex:2", label="Analyst")
    >>> G.add_node("ex:3", label="Manager")
    >>> describe_nodes(G, ["ex:3", "ex:1", "ex:2"])
    "'Manager', 'Analyst' <ex:1> and 'Analyst' <ex:2>"
    """
    listed = list(nodes)
    labels = [str(G.nodes[n].get("label", n)) if n in G else str(n) for n in listed]
    shown = [f"{label!r} <{node}>" if labels.count(label) > 1 else repr(label)
             for node, label in zip(listed, labels, strict=True)]
    if len(shown) <= 1:
        return "".join(shown)
    return ", ".join(shown[:-1]) + " and " + shown[-1]


def node_key(G: StrDiGraph, node: Hashable, *, what: str = "in this graph") -> Any:
    """The key of ``node`` in ``G``: the node itself or, for an rdflib term, its plain text.

    Views are keyed by IRIs as ``str``; an rdflib ``URIRef`` (what ``kg.resolve`` returns) is a
    ``str`` subclass with a hash of its own, so it is looked up by its text.

    Raises
    ------
    UnknownNameError
        Neither is a node of ``G``.

    Examples
    --------
    >>> from rdflib import URIRef
    >>> G = nx.DiGraph([("urn:x:ceo", "urn:x:cto")])
    >>> node_key(G, URIRef("urn:x:cto"))
    'urn:x:cto'
    >>> node_key(G, "urn:x:nobody")
    Traceback (most recent call last):
    ...
    pmograph._errors.UnknownNameError: 'urn:x:nobody' is not in this graph
    """
    if node in G:
        return node
    if isinstance(node, str) and type(node) is not str and str(node) in G:
        return str(node)
    raise UnknownNameError(f"{str(node)!r} is not {what}", name=str(node))
