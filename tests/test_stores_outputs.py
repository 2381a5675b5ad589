"""``validate``, ``render`` and ``export`` give the same results on every store.

Memory, embedded Oxigraph, Virtuoso and the Oxigraph server run the same query layer, so the
validation report, the DOT text of every diagram and every exported file must match what the
memory store gives for the same data.  The servers come from ``scripts/sparql-server.sh``
(see :mod:`test_stores`): in CI (``CI`` set) a missing server fails these tests, elsewhere they
skip.  Each server test loads into a fresh named graph and empties it afterwards.
"""

from __future__ import annotations

import csv
from collections.abc import Callable, Iterator
from decimal import Decimal
from functools import cache
from pathlib import Path
from typing import Any

import networkx as nx
import pytest
from conftest import DATA, ROOT
from rdflib import BNode, Graph, Literal
from rdflib.compare import isomorphic
from rdflib.term import Node
from test_stores import STORES, clear, open_store, server_spec

import pmograph
from pmograph._answers.draw import draw

#: Slow: the edit loop skips these (`pytest -m "not slow"`); CI runs them.
pytestmark = pytest.mark.slow

SAMPLE = ROOT / "examples" / "sample-org.ttl"
BROKEN = (DATA / "validate" / "broken.ttl",  # a cycle, a dangling line, two line managers
          DATA / "validate" / "roles.ttl",  # an unknown role, a role as text, no role
          DATA / "validate" / "head-inside-unit.ttl")  # a head reporting into a sub-unit
#: A role with no track and no level: SHACL findings (not graph checks) on the servers too.
UNRANKED = Graph().parse(format="turtle", data="""
    @prefix pmo: <https://w3id.org/pmograph/ns#> .
    @prefix skos: <http://www.w3.org/2004/02/skos/core#> .
    <http://example.org/shapes/unranked> a pmo:Role ; skos:prefLabel "Unranked Role"@en .""")
DATASETS: dict[str, tuple[Path | Graph, ...]] = {"sample": (SAMPLE,),
                                                 "broken": (*BROKEN, UNRANKED)}
#: What the memory store reports, so that "the same as memory" can never mean "both empty".
EXPECTED_CHECKS = {
    "sample": (True, ["no-role"]),
    "broken": (False, ["cycle", "dangling-reference", "head-inside-own-unit", "shacl:minCount",
                       "shacl:minCount", "two-line-managers", "unknown-role", "unknown-role",
                       "no-role"]),
}
#: Diagrams, as ``draw`` options; ``root`` is filled in per data set.
CHARTS: dict[str, dict[str, Any]] = {
    "org-chart": {"kind": "org-chart"},
    "org-chart-part": {"kind": "org-chart", "depth": 1, "clusters": True},
    "org-chart-summarised": {"kind": "org-chart", "max_nodes": 5},
    "career-ladder": {"kind": "career-ladder", "highlight": ("PMO Analyst", "PMO Director")},
    "role-hierarchy": {"kind": "role-hierarchy"},
}
ROOTS = {"sample": "VP of Project Management", "broken": "Post F"}
RDF_FORMATS = {"ttl": "turtle", "nt": "nt", "jsonld": "json-ld"}


# ------------------------------------------------------------------ stores and the reference
@pytest.fixture(scope="module", params=[(store, data) for store in STORES for data in DATASETS],
                ids=lambda param: "-".join(param))
def loaded(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
           ) -> Iterator[tuple[str, pmograph.KnowledgeGraph]]:
    """(data set name, the catalog plus that data set) on each store."""
    store, dataset = request.param
    kg = open_store(store, tmp_path_factory.mktemp(store), *DATASETS[dataset])
    yield dataset, kg
    clear(kg)


@cache
def reference(dataset: str) -> pmograph.KnowledgeGraph:
    """The same data in memory, loaded separately: what every store must match."""
    return pmograph.load(*DATASETS[dataset])


@cache
def reference_report(dataset: str) -> pmograph.ValidationReport:
    return pmograph.validate(reference(dataset))


@pytest.fixture(scope="module")
def reference_export(tmp_path_factory: pytest.TempPathFactory
                     ) -> Callable[[str, str], tuple[dict[str, Any], Path]]:
    """``export`` of the memory reference: (what it returned, the file), written once."""
    folder = tmp_path_factory.mktemp("reference")

    @cache
    def export(dataset: str, fmt: str) -> tuple[dict[str, Any], Path]:
        path = folder / f"{dataset}.{fmt}"
        return pmograph.export(reference(dataset), path), path

    return export


def chart_options(name: str, dataset: str) -> dict[str, Any]:
    options = dict(CHARTS[name])
    if name == "org-chart-part":
        options["root"] = ROOTS[dataset]
    return options


# ------------------------------------------------------------------ comparing RDF
def canonical(term: Node) -> Node:
    """A term as compared here: a number by its value.

    Oxigraph and Virtuoso store numbers in canonical form, so the catalog's
    ``"5.0"^^xsd:decimal`` comes back as ``"5"^^xsd:decimal``: the same RDF value, spelt
    differently.  Every other term (language tags and datatypes included) must match exactly.
    """
    if isinstance(term, Literal) and isinstance(term.value, Decimal | int | float) \
            and not isinstance(term.value, bool):
        return Literal(format(Decimal(str(term.value)).normalize(), "f"), datatype=term.datatype)
    return term


def read_rdf(path: Path, rdf_format: str) -> Graph:
    graph = Graph()
    for triple in Graph().parse(path, format=rdf_format):
        graph.add(tuple(canonical(term) for term in triple))  # type: ignore[arg-type]
    return graph


def ground(graph: Graph) -> set[tuple[Node, Node, Node]]:
    return {t for t in graph if not any(isinstance(term, BNode) for term in t)}


def assert_same_rdf(here: Graph, there: Graph) -> None:
    """Equal ground triples (a readable diff on failure), then equal as graphs: blank nodes
    are compared by isomorphism, as their labels are not data."""
    assert len(here) == len(there)
    assert ground(here) - ground(there) == set()
    assert ground(there) - ground(here) == set()
    assert isomorphic(here, there)


# ------------------------------------------------------------------ validate
def test_validate_reports_the_same(loaded: tuple[str, pmograph.KnowledgeGraph]) -> None:
    dataset, kg = loaded
    report, expected = pmograph.validate(kg), reference_report(dataset)
    conforms, checks = EXPECTED_CHECKS[dataset]
    assert (expected.conforms, [r.check for r in expected.results]) == (conforms, checks)
    # Findings with their check, severity, focus and members (IRI, label, kind) and message.
    assert report.as_dict() == expected.as_dict()
    assert report.exit_code == expected.exit_code
    assert report.text() == expected.text()


# ------------------------------------------------------------------ render
@pytest.mark.parametrize("chart", list(CHARTS))
def test_diagrams_are_the_same_dot(loaded: tuple[str, pmograph.KnowledgeGraph],
                                   chart: str) -> None:
    # DOT is compared byte for byte, unnormalised: node IDs are derived from IRIs (never from
    # blank-node labels, which no view contains) and the order of nodes and edges is pinned.
    dataset, kg = loaded
    options = chart_options(chart, dataset)
    diagram, expected = draw(kg, **options), draw(reference(dataset), **options)
    assert diagram.counts == expected.counts
    assert diagram.to_string() == expected.to_string()
    drawn = expected.counts.get("shown", expected.counts.get("roles", 0))
    assert drawn >= 2 and expected.to_string().count(" -> ") >= 1


# ------------------------------------------------------------------ export
def export_both(loaded: tuple[str, pmograph.KnowledgeGraph], reference_export: Any,
                tmp_path: Path, fmt: str) -> tuple[str, dict[str, Any], Path]:
    """Export the store under test to ``tmp_path/out.FMT``; the reference's summary and file."""
    dataset, kg = loaded
    written = pmograph.export(kg, tmp_path / f"out.{fmt}")
    expected, expected_path = reference_export(dataset, fmt)
    assert written["counts"] == expected["counts"]
    return dataset, expected, expected_path


@pytest.mark.parametrize("fmt", list(RDF_FORMATS))
def test_rdf_exports_are_the_same_graph(loaded: tuple[str, pmograph.KnowledgeGraph],
                                        reference_export: Any, tmp_path: Path,
                                        fmt: str) -> None:
    dataset, _, expected_path = export_both(loaded, reference_export, tmp_path, fmt)
    here = read_rdf(tmp_path / f"out.{fmt}", RDF_FORMATS[fmt])
    there = read_rdf(expected_path, RDF_FORMATS[fmt])
    assert len(there) == len(reference(dataset)) > 1000
    assert len(there) - len(ground(there)) > 0  # the blank-node comparison is not vacuous
    assert not [t for t in here if any("/.well-known/genid/" in str(term) for term in t)]
    assert_same_rdf(here, there)


@pytest.mark.parametrize("fmt", ["graphml", "csv"])
def test_reporting_exports_are_the_same(loaded: tuple[str, pmograph.KnowledgeGraph],
                                        reference_export: Any, tmp_path: Path,
                                        fmt: str) -> None:
    _, expected, expected_path = export_both(loaded, reference_export, tmp_path, fmt)
    assert expected["counts"]["lines"] >= 5
    # Byte for byte: both formats list nodes and lines in the views' pinned order.
    text = (tmp_path / f"out.{fmt}").read_text(encoding="utf-8")
    assert text == expected_path.read_text(encoding="utf-8")
    assert edge_list(tmp_path / f"out.{fmt}") == edge_list(expected_path)


def edge_list(path: Path) -> list[tuple[str, str, str]]:
    """(superior, subordinate, solid|dotted) of every line in an exported file, sorted."""
    if path.suffix == ".csv":
        with path.open(encoding="utf-8", newline="") as handle:
            return sorted((row["superior"], row["subordinate"], row["line"])
                          for row in csv.DictReader(handle))
    graph = nx.read_graphml(path)
    return sorted((boss, report, data["line"]) for boss, report, data in graph.edges(data=True))


def test_views_behind_the_exports_are_the_same(loaded: tuple[str, pmograph.KnowledgeGraph]
                                               ) -> None:
    dataset, kg = loaded
    for view in (pmograph.reporting_view, pmograph.dotted_line_view):
        here, there = view(kg), view(reference(dataset))
        assert list(here.edges) == list(there.edges)
        assert list(here.nodes(data=True)) == list(there.nodes(data=True))
    assert pmograph.reporting_view(kg).number_of_edges() >= 5
    assert pmograph.dotted_line_view(kg).number_of_edges() >= (dataset == "sample")


# ------------------------------------------------------------------ the CLI on a server
@pytest.fixture
def cli_server(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[str]]:
    """``--store URL --update-url URL`` of Virtuoso, loading into a fresh named graph.

    The CLI has no option for the graph, so the test points the default at its own graph:
    nothing else on the server (another test run, say) is read or emptied.
    """
    spec = server_spec("virtuoso")
    monkeypatch.setattr("pmograph._store.spec.DATA_GRAPH", spec.graph)
    try:
        yield ["--store", spec.location or "", "--update-url", spec.update_url or ""]
    finally:
        clear(pmograph.load(store=spec, catalog=False))  # type: ignore[arg-type]


def test_cli_validate_render_export_on_a_server(cli: Callable[..., Any], cli_server: list[str],
                                                tmp_path: Path) -> None:
    files = [str(path) for path in BROKEN]
    data = [option for path in files for option in ("--data", path)]
    load = cli(*cli_server, "load", *files, "--json")
    assert load.code == 0, load.err
    assert load.json()["counts"]["added"] > 0

    stored, plain = cli(*cli_server, "validate", "--json"), cli("validate", *data, "--json")
    assert stored.code == plain.code == 1, stored.err + plain.err
    assert stored.json() == plain.json()
    assert {r["check"] for r in plain.json()["results"]} >= {"cycle", "two-line-managers"}

    outputs = {}
    for where, options in (("stored", cli_server), ("plain", data)):
        chart, rdf = tmp_path / f"{where}.dot", tmp_path / f"{where}.ttl"
        drawn = cli(*options, "render", "org-chart", "-o", str(chart), "--json")
        exported = cli(*options, "export", "-o", str(rdf), "--json")
        assert drawn.code == exported.code == 0, drawn.err + exported.err
        outputs[where] = (drawn.json()["counts"], chart.read_text(encoding="utf-8"),
                          exported.json()["counts"], read_rdf(rdf, "turtle"))
    (counts, dot, rdf_counts, graph), expected = outputs["stored"], outputs["plain"]
    assert (counts, dot, rdf_counts) == expected[:3]
    assert counts["posts"] >= 10 and "Post A" in dot
    assert_same_rdf(graph, expected[3])
