"""Validation: the SHACL shapes (run with pySHACL) plus the graph checks SHACL does badly.

:func:`validate` returns a :class:`ValidationReport`; it does not raise on bad data — only
when validation cannot run at all.  Each :class:`ValidationResult` has a ``check`` name, a
severity (``"violation"`` or ``"warning"``), a focus entity, the entities involved and a
message.  The graph checks (:mod:`pmograph._validate.checks`) are:

========================  =========  ==========================================================
check                     severity   finds
========================  =========  ==========================================================
``cycle``                 violation  solid reporting lines that loop (members in order)
``two-line-managers``     violation  a post or agent with two solid-line managers
``dangling-reference``    violation  a reporting or career link to something described nowhere
                          warning    ... a membership/holding link (``org:heldBy``, ``postIn``)
``unknown-role``          violation  ``org:role`` pointing at something that is not a role
``no-role``               warning    posts with no ``org:role`` (one result listing them)
``promotion-down``        violation  a promotion to a role of a lower ``pmo:level``
``head-inside-own-unit``  violation  a head of unit whose manager sits inside that unit
========================  =========  ==========================================================

SHACL results are named ``shacl:<constraint>`` (``shacl:minCount`` ...), or ``shacl:<name>``
when their shape names itself with ``pmosh:check`` (the rules of a profile do:
``shacl:span-too-wide`` ...).  Where a SHACL shape and a graph check find the same problem on
the same node, only the graph check's result — the one that names the members — is kept.

**Profiles** are extra shapes a run adds to the shipped ones (or to ``shapes``): a shipped profile
by name (``org-health``: spans too wide or narrow, managers of one, too many layers for the
head-count, level compression, each threshold a number in the file) or a Turtle file of one's own,
such as an edited copy.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from rdflib import Graph, Literal, Namespace, URIRef
from rdflib.namespace import ORG, SH
from rdflib.term import Node

from pmograph._entities import local_name
from pmograph._errors import PmographError
from pmograph._namespace import PMO
from pmograph._store.graph import KnowledgeGraph
from pmograph._validate.checks import graph_checks
from pmograph._validate.results import ValidationResult, entity, entity_iri

SEVERITIES = ("violation", "warning")
#: The namespace of pmograph's shapes; ``pmosh:check`` names a shape's results.
PMOSH = Namespace("https://w3id.org/pmograph/shapes#")
Profile = str | os.PathLike[str] | Graph

#: (SHACL constraint component, result path) → graph checks that report the same problem.
COVERED_BY_CHECKS: dict[tuple[str, URIRef | None], frozenset[str]] = {
    ("maxCount", ORG.reportsTo): frozenset({"two-line-managers"}),
    ("class", ORG.role): frozenset({"unknown-role"}),
    ("sparql", None): frozenset({"promotion-down", "cycle"}),
    ("node", ORG.reportsTo): frozenset({"dangling-reference"}),
    ("node", PMO.dottedLineTo): frozenset({"dangling-reference"}),
    ("or", ORG.heldBy): frozenset({"dangling-reference"}),
    ("or", ORG.postIn): frozenset({"dangling-reference"}),
}
Nodes = tuple[Node | None, Node | None]


@dataclass(frozen=True)
class ValidationReport:
    """What :func:`validate` found.  ``conforms`` is true when there is no violation.

    Examples
    --------
    >>> report = ValidationReport((ValidationResult("no-role", "warning", None, (),
    ...                                             "1 post has no org:role"),))
    >>> report.conforms, len(report.warnings), report.exit_code
    (True, 1, 0)
    >>> print(report.text())
    warning    no-role: 1 post has no org:role
    Conforms: 0 violations, 1 warning.
    """

    results: tuple[ValidationResult, ...]

    @property
    def violations(self) -> list[ValidationResult]:
        return [r for r in self.results if r.severity == "violation"]

    @property
    def warnings(self) -> list[ValidationResult]:
        return [r for r in self.results if r.severity == "warning"]

    @property
    def conforms(self) -> bool:
        return not self.violations

    @property
    def exit_code(self) -> int:
        """0 when the data conforms (warnings allowed), 1 when there are violations."""
        return 0 if self.conforms else 1

    def as_dict(self) -> dict[str, Any]:
        """``{"conforms": bool, "results": [...]}``, the ``validate --json`` shape."""
        return {"conforms": self.conforms, "results": [r.as_dict() for r in self.results]}

    def text(self) -> str:
        """One line per result, violations first, then a summary line."""
        lines = []
        for result in self.results:
            where = f" [{result.focus['kind']}: {result.focus['label']}]" if result.focus else ""
            lines.append(f"{result.severity:<10} {result.check}{where}: {result.message}")
        counts = (f"{len(self.violations)} violation{'s' * (len(self.violations) != 1)}, "
                  f"{len(self.warnings)} warning{'s' * (len(self.warnings) != 1)}")
        lines.append(f"Conforms: {counts}." if self.conforms
                     else f"Does not conform: {counts}.")
        return "\n".join(lines)

    def __str__(self) -> str:
        return self.text()


def validate(data: KnowledgeGraph | Graph, *, shapes: Graph | str | None = None,
             profiles: Sequence[Profile] = (), shacl: bool = True,
             checks: bool = True) -> ValidationReport:
    """Check a graph with the SHACL shapes and the graph checks; return a report.

    Parameters
    ----------
    data
        A :class:`~pmograph.KnowledgeGraph` (for example from :func:`pmograph.load`) or an
        rdflib graph.
    shapes
        SHACL shapes to use instead of the shipped ones (a graph or Turtle text).
    profiles
        Extra shapes to add: a shipped profile's name (``"org-health"``), a Turtle file or a
        graph each.
    shacl, checks
        Run the SHACL shapes / the graph checks (both by default).

    Examples
    --------
    >>> from pmograph import load
    >>> from rdflib import Graph
    >>> data = Graph().parse(format="turtle", data='''
    ...     @prefix org: <http://www.w3.org/ns/org#> . @prefix ex: <http://example.org/> .
    ...     ex:a a org:Post ; org:reportsTo ex:b .
    ...     ex:b a org:Post ; org:reportsTo ex:a .''')
    >>> report = validate(load(data))
    >>> report.conforms
    False
    >>> [(r.check, [m["iri"] for m in r.members]) for r in report.violations]
    [('cycle', ['http://example.org/a', 'http://example.org/b'])]
    >>> validate(load()).conforms
    True
    """
    kg = data if isinstance(data, KnowledgeGraph) else KnowledgeGraph.wrap(data)
    found: list[ValidationResult] = []
    if checks:
        found.extend(graph_checks(kg))
    if shacl:
        found.extend(_drop_covered(shacl_results(kg, shapes, profiles), found))
    order = {severity: rank for rank, severity in enumerate(SEVERITIES)}
    found.sort(key=lambda r: (order[r.severity], r.check,
                              r.focus["iri"] if r.focus else "", r.message))
    return ValidationReport(tuple(found))


# ------------------------------------------------------------------------------ SHACL
def shacl_results(kg: KnowledgeGraph, shapes: Graph | str | None = None,
                  profiles: Sequence[Profile] = ()
                  ) -> list[tuple[ValidationResult, str, URIRef | None, Nodes]]:
    """Run pySHACL; each result with its constraint name, result path, focus and value."""
    import pyshacl

    from pmograph._resources import shapes_file, vocabulary_file

    extra = [profile_shapes(profile) for profile in profiles]  # errors name the file
    try:
        if shapes is None:
            shapes_graph = Graph().parse(data=shapes_file().read_bytes(), format="turtle")
        elif isinstance(shapes, Graph):
            shapes_graph = shapes
        else:
            shapes_graph = Graph().parse(data=shapes, format="turtle")
        if extra:  # a new graph: the caller's shapes stay as they are
            combined = Graph()
            for graph in (shapes_graph, *extra):
                combined += graph
            shapes_graph = combined
        vocabulary = Graph().parse(data=vocabulary_file().read_bytes(), format="turtle")
        _, report_graph, _ = pyshacl.validate(
            kg.graph, shacl_graph=shapes_graph, ont_graph=vocabulary, inference="rdfs",
            allow_warnings=True, allow_infos=True)
    except Exception as err:  # pySHACL and rdflib raise many kinds
        raise PmographError(f"SHACL validation could not run: {err}") from err
    assert isinstance(report_graph, Graph)
    found = []
    # Only the report's own results: pySHACL also types the nested sh:detail results of a
    # failed sh:node as sh:ValidationResult, and those repeat the outer one.
    for node in report_graph.objects(None, SH.result):
        focus = report_graph.value(node, SH.focusNode)
        path = report_graph.value(node, SH.resultPath)
        component = report_graph.value(node, SH.sourceConstraintComponent)
        severity = report_graph.value(node, SH.resultSeverity)
        value = report_graph.value(node, SH.value)
        message = report_graph.value(node, SH.resultMessage)
        constraint = constraint_name(component)
        text = str(message) if message is not None else f"fails the {constraint} constraint"
        shape = report_graph.value(node, SH.sourceShape)
        named = shapes_graph.value(shape, PMOSH.check) if shape is not None else None
        if named is not None:  # a rule of its own (a profile's): no graph check covers it
            constraint = str(named)
        if isinstance(path, URIRef):
            text = f"{_curie(kg, path)}: {text}"
        if value is not None and value != focus:
            text += f" (value: {_show(kg, value)})"
        members = (entity(kg, value),) if isinstance(value, URIRef) else ()
        result = ValidationResult(f"shacl:{constraint}",
                                  "violation" if severity == SH.Violation else "warning",
                                  entity(kg, focus) if focus is not None else None, members,
                                  text)
        found.append((result, constraint, path if isinstance(path, URIRef) else None,
                      (focus, value)))
    return found


def constraint_name(component: Node | None) -> str:
    """``sh:MinCountConstraintComponent`` → ``minCount``; ``sh:SPARQL...`` → ``sparql``.

    Examples
    --------
    >>> constraint_name(SH.MinCountConstraintComponent)
    'minCount'
    >>> constraint_name(SH.SPARQLConstraintComponent)
    'sparql'
    """
    if component is None:
        return "unknown"
    name = local_name(str(component)).removesuffix("ConstraintComponent") or "unknown"
    name = re.sub(r"^[A-Z]+(?=[A-Z][a-z]|$)", lambda m: m.group().lower(), name)
    return name[:1].lower() + name[1:]


def _drop_covered(results: Iterable[tuple[ValidationResult, str, URIRef | None, Nodes]],
                  checked: list[ValidationResult]) -> list[ValidationResult]:
    """Drop SHACL results a graph check already reports about the same node.

    "The same node" is the SHACL focus or value node: a dangling ``org:reportsTo`` has the
    post as SHACL focus and the missing target as value, which is the graph check's focus.
    """
    reported = {(r.check, r.focus["iri"]) for r in checked if r.focus}
    kept = []
    for result, constraint, path, nodes in results:
        covering = COVERED_BY_CHECKS.get((constraint, path), frozenset())
        if any((check, entity_iri(node)) in reported
               for check in covering for node in nodes if node is not None):
            continue
        kept.append(result)
    return kept


def profile_shapes(profile: Profile) -> Graph:
    """The shapes of a profile: a shipped one by name, a Turtle file, or a graph as it is.

    Examples
    --------
    >>> shapes = profile_shapes("org-health")
    >>> sorted(str(name) for name in shapes.objects(None, PMOSH.check))[:2]
    ['level-compression', 'manager-of-one']
    """
    from pmograph._resources import profile_files
    from pmograph._store.parsing import parse_into

    if isinstance(profile, Graph):
        return profile
    shipped = profile_files()
    if isinstance(profile, str) and profile in shipped:
        return Graph().parse(data=shipped[profile].read_bytes(), format="turtle")
    path = os.fspath(profile)
    try:
        data = Path(path).read_bytes()
    except OSError as err:
        names = ", ".join(sorted(shipped))
        raise PmographError(f"{path}: no shipped profile of that name ({names}) and no file "
                            f"to read: {err.strerror}") from err
    graph = Graph()
    parse_into(graph, data, source=path, rdf_format="turtle")
    return graph


# ------------------------------------------------------------------------------ entities
def _curie(kg: KnowledgeGraph, iri: URIRef) -> str:
    try:
        return kg.graph.namespace_manager.normalizeUri(iri)
    except Exception:
        return f"<{iri}>"


def _show(kg: KnowledgeGraph, node: Node) -> str:
    if isinstance(node, Literal):
        return repr(str(node))
    if isinstance(node, URIRef):
        return f"{kg.label(node)!r} <{node}>"
    return entity_iri(node)
