"""The organisation an interactive chart embeds: compact columns of plain values, as JSON.

An interactive chart (:mod:`pmograph._render.html`) carries every post of the organisation, so
it is embedded as columns rather than objects: posts in breadth-first order of the layout tree
(:func:`~pmograph._render.tree.layout_tree`, the static chart's: siblings in natural order, the
first manager kept, further managers and the line that closes a cycle set aside), so the reports
of each post are one contiguous run and the page finds them from the ``parent`` column alone.
Repeated texts (units, roles, IRI namespaces) are tables indexed by number.

What the page draws but the tree cannot hold — dotted lines, second line managers, the line
that closes a cycle — are pairs of row numbers drawn over the tree, never re-parenting it.

The JSON goes into a ``<script type="application/json">`` block, never executable script:
:func:`script_json` escapes ``<``, ``>``, ``&``, U+2028 and U+2029 (so no text, ``</script>``
included, can end the block or be read as markup) and lone surrogates (not UTF-8).
"""

from __future__ import annotations

import json
import re
from collections import deque
from collections.abc import Mapping, Sequence
from typing import Any

from pmograph._algorithms.structure import ReportingProblem
from pmograph._render import labels, style
from pmograph._render.key import ORG_MARKS
from pmograph._render.tree import layout_tree, natural_key
from pmograph._typing import StrDiGraph

#: Bits of the ``flags`` column.
VACANT, UNDESCRIBED, CYCLE, TWO_MANAGERS, LINE_IN_CYCLE = 1, 2, 4, 8, 16
#: Kinds of the lines in ``extra``: a second solid-line manager, the line that closes a cycle.
SECOND_MANAGER, CLOSES_CYCLE = 0, 1
#: Levels opened at the start when no depth is given: as many whole levels as fit this many.
OPEN_BUDGET = 150
#: What :func:`~pmograph._render.tree.layout_tree` returns: roots, children, lines set aside.
Tree = tuple[list[str], dict[str, list[str]], list[tuple[str, str]]]
_SPLIT = re.compile(r"^(.*[/#:])([^/#:]*)$", re.S)
_UNSAFE = re.compile("[<>&\u2028\u2029\ud800-\udfff]")


def chart_data(reporting: StrDiGraph, dotted: StrDiGraph | None = None, *,
               root: str | None = None, depth: int | None = None,
               details: Mapping[str, Mapping[str, Any]] | None = None,
               problems: Sequence[ReportingProblem] = (),
               tree: Tree | None = None) -> dict[str, Any]:
    """The columns an interactive chart of ``reporting`` embeds (a JSON-ready ``dict``).

    Parameters
    ----------
    reporting, dotted
        Solid and dotted lines, superior → subordinate, with the node attributes of
        :func:`pmograph.reporting_view` (``label``, ``holders``, ``unit``, ``fte`` ...).
    root
        Embed only this post and everyone below it.
    depth
        Levels open when the page opens (0: the top alone; ``None``: as many whole levels
        as fit :data:`OPEN_BUDGET` posts, at least one).
    details
        Facts the details panel shows, by post: ``identifier`` (str), ``role`` (its label),
        ``notes`` (list of str), ``sources`` (list of ``(label, iri)``).
    problems
        Reporting cycles and second line managers, as :func:`pmograph.reporting_problems`
        lists them; their posts and lines are marked.
    tree
        ``layout_tree(reporting, root)`` if already computed.

    Examples
    --------
    >>> import networkx as nx
    >>> G = nx.DiGraph([("ceo", "cto"), ("ceo", "cfo"), ("cto", "dev")])
    >>> nx.set_node_attributes(G, {"ceo": "Chief", "cfo": "Finance", "cto": "Tech",
    ...                            "dev": "Developer"}, "label")
    >>> data = chart_data(G, depth=1)
    >>> data["title"], data["parent"], data["open"]
    (['Chief', 'Finance', 'Tech', 'Developer'], [-1, 0, 0, 2], 1)
    >>> data["flags"]  # nobody holds any post: all vacant
    [1, 1, 1, 1]
    """
    roots, children, extra = tree if tree is not None else layout_tree(reporting, root)
    order: list[str] = []
    parent: list[int] = []
    queue: deque[tuple[str, int]] = deque((r, -1) for r in roots)
    while queue:
        node, above = queue.popleft()
        parent.append(above)
        order.append(node)
        here = len(order) - 1
        queue.extend((child, here) for child in children[node])
    row = {node: index for index, node in enumerate(order)}
    details = details or {}
    notes, cycle_lines = labels.problem_marks(problems)
    units = _Table()
    roles = _Table()
    namespaces = _Table()
    columns: dict[str, list[Any]] = {name: [] for name in (
        "title", "holders", "unit", "role", "ident", "ns", "local", "flags")}
    sparse: dict[str, dict[str, Any]] = {"fte": {}, "notes": {}, "sources": {}, "kind": {}}
    for index, node in enumerate(order):
        data = reporting.nodes[node]
        facts = details.get(node, {})
        columns["title"].append(labels.title_text(node, data))
        columns["holders"].append([str(h) for h in data.get("holders") or []])
        columns["unit"].append(units.index(data.get("unit")))
        columns["role"].append(roles.index(facts.get("role")))
        columns["ident"].append(str(facts.get("identifier") or ""))
        namespace, local = _split(node)
        columns["ns"].append(namespaces.index(namespace))
        columns["local"].append(local)
        flags = (VACANT if labels.is_vacant(data) else 0) | (
            UNDESCRIBED if labels.is_undescribed(data) else 0)
        for check in notes.get(node, []):
            flags |= CYCLE if check == "cycle" else TWO_MANAGERS
        if parent[index] >= 0 and (order[parent[index]], node) in cycle_lines:
            flags |= LINE_IN_CYCLE
        columns["flags"].append(flags)
        key = str(index)
        if data.get("fte") is not None:
            sparse["fte"][key] = data["fte"]
        if data.get("kind") not in (None, "post"):
            sparse["kind"][key] = str(data["kind"])
        if facts.get("notes"):
            sparse["notes"][key] = [str(n) for n in facts["notes"]]
        if facts.get("sources"):
            sparse["sources"][key] = [[str(label), str(iri)] for label, iri in facts["sources"]]
    return {
        "version": 1, "count": len(order), "open": _open_levels(parent, depth),
        "parent": parent, **columns, **sparse,
        "units": units.values, "unit_colours": _colours(units.values),
        "roles": roles.values, "namespaces": namespaces.values,
        "extra": [value for superior, subordinate in extra
                  if superior in row and subordinate in row
                  for value in (row[superior], row[subordinate],
                                CLOSES_CYCLE if (superior, subordinate) in cycle_lines
                                else SECOND_MANAGER)],
        "dotted": _dotted(dotted, row),
        "outside": _outside(reporting, dotted, row),
        "problems": [p.message for p in problems],
        "style": _style(), "key": {name: text for name, (_, text) in ORG_MARKS.items()},
    }


def script_json(value: Any) -> str:
    """``value`` as JSON that is safe inside ``<script type="application/json">``.

    Examples
    --------
    >>> print(script_json({"label": "</script><b>&\\u2028"}))
    {"label":"\\u003c/script\\u003e\\u003cb\\u003e\\u0026\\u2028"}
    >>> script_json(["\\ud800"])  # a lone surrogate is escaped, not written as bad UTF-8
    '["\\\\ud800"]'
    """
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
    return _UNSAFE.sub(lambda match: f"\\u{ord(match.group()):04x}", text)


def counts(data: Mapping[str, Any]) -> dict[str, int]:
    """What a chart built from ``data`` holds, for the command's summary and ``--json``."""
    flags: list[int] = data["flags"]
    return {"posts": data["count"], "open_levels": data["open"],
            "dotted": len(data["dotted"]) // 2,
            "vacant": sum(1 for f in flags if f & VACANT),
            "job_shares": sum(1 for h in data["holders"] if len(h) > 1),
            "undescribed": sum(1 for f in flags if f & UNDESCRIBED),
            "problems": len(data["problems"])}


class _Table:
    """Distinct texts in first-seen order; :meth:`index` gives a text's number (-1: none)."""

    def __init__(self) -> None:
        self.values: list[str] = []
        self._index: dict[str, int] = {}

    def index(self, value: object) -> int:
        if value is None or value == "":
            return -1
        text = str(value)
        found = self._index.get(text)
        if found is None:
            found = self._index[text] = len(self.values)
            self.values.append(text)
        return found


def _split(iri: str) -> tuple[str, str]:
    """An IRI as (namespace, local name), the namespace ending in ``/``, ``#`` or ``:``."""
    match = _SPLIT.match(iri)
    return (match.group(1), match.group(2)) if match else ("", iri)


def _open_levels(parent: Sequence[int], depth: int | None) -> int:
    """Levels open at the start: ``depth``, or as many whole levels as fit the budget."""
    if depth is not None:
        return max(0, depth)
    level: list[int] = []
    for above in parent:
        level.append(0 if above < 0 else level[above] + 1)
    sizes: dict[int, int] = {}
    for value in level:
        sizes[value] = sizes.get(value, 0) + 1
    shown, levels = 0, 0
    while levels in sizes:
        shown += sizes[levels]
        if shown > OPEN_BUDGET and levels >= 2:
            return levels - 1
        levels += 1
    return max(1, levels - 1)


def _colours(units: list[str]) -> list[str]:
    """Each unit's colour, as the static chart gives it (the palette in sorted order)."""
    colours = style.palette(sorted(units, key=natural_key))
    return [colours[unit] for unit in units]


def _dotted(dotted: StrDiGraph | None, row: Mapping[str, int]) -> list[int]:
    if dotted is None:
        return []
    return [value for superior, subordinate in sorted(dotted.edges())
            if superior in row and subordinate in row
            for value in (row[superior], row[subordinate])]


def _outside(reporting: StrDiGraph, dotted: StrDiGraph | None,
             row: Mapping[str, int]) -> list[list[Any]]:
    """Lines from an embedded post to one that is not (``--root``): ``[row, relation, name]``,
    the relation ``"reports to"``, ``"dotted line to"`` or ``"dotted line from"``."""
    if len(row) == len(reporting):
        return []
    found: list[list[Any]] = []
    for node, index in row.items():
        for boss in reporting.predecessors(node):
            if boss not in row:
                found.append([index, "reports to", labels.title_text(boss,
                                                                     reporting.nodes[boss])])
        if dotted is not None and node in dotted:
            for relation, others in (("dotted line to", dotted.predecessors(node)),
                                     ("dotted line from", dotted.successors(node))):
                found.extend([index, relation, labels.title_text(other, dotted.nodes[other])]
                             for other in others if other not in row)
    return sorted(found, key=lambda item: (item[0], item[1], item[2]))


def _style() -> dict[str, str]:
    """The static chart's colours, by name, for the page to draw with."""
    names = ("TEXT", "MUTED", "LINE", "BORDER", "PAPER", "GROUP_FILL", "GROUP_BORDER",
             "VACANT_FILL", "VACANT_TEXT", "DOTTED", "HIGHLIGHT", "PROBLEM", "UNDESCRIBED_FILL",
             "UNDESCRIBED_LINE")
    return {name.lower(): str(getattr(style, name)) for name in names} | {"font": style.FONT}
