"""The same questions on every store — memory, embedded Oxigraph, Virtuoso, Oxigraph server —
must get the same answers.

The servers are started by ``.ci/run`` (``scripts/sparql-server.sh``), which exports
``PMOGRAPH_TEST_VIRTUOSO`` and ``PMOGRAPH_TEST_OXIGRAPH_SERVER``.  In CI (``CI`` set) a missing
server fails these tests; on a developer machine without the variables they skip.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from rdflib import BNode, Literal, URIRef

import pmograph
from pmograph._algorithms.hierarchy import (
    all_reports,
    chain_of_command,
    chains_of_command,
    head_counts,
    span_of_control,
)
from pmograph._answers.describe import roles
from pmograph._store.sparql import list_queries
from pmograph._store.spec import StoreSpec, parse_store
from pmograph._views.org import reporting_view
from pmograph._views.roles import promotion_view, role_reporting_view

HEFCE = "w3c-csvw-uc4-HEFCE_organogram_31032011.nt"
SERVERS = {"virtuoso": ("PMOGRAPH_TEST_VIRTUOSO", None),
           "oxigraph-server": ("PMOGRAPH_TEST_OXIGRAPH_SERVER",
                               "PMOGRAPH_TEST_OXIGRAPH_SERVER_UPDATE")}
STORES = ["memory", "rdflib", "oxigraph", *SERVERS]
NAMES = ["head of pmo", "PMO Manager", "project manager", "role:PMO Coordinator", "SRO",
         "pmoc:PortfolioManager"]


def server_spec(name: str) -> StoreSpec:
    """A fresh named graph on the server ``name``; fail in CI, skip elsewhere, if it is missing."""
    query_variable, update_variable = SERVERS[name]
    url = os.environ.get(query_variable)
    if not url:
        message = f"{query_variable} is not set: start the server with scripts/sparql-server.sh"
        if os.environ.get("CI"):
            pytest.fail(message + " (.ci/run does)")
        pytest.skip(message)
    update = os.environ.get(update_variable) if update_variable else url
    if not update:
        pytest.fail(f"{update_variable} is not set: the server's update URL")
    graph = f"https://w3id.org/pmograph/graph/test-{uuid.uuid4().hex[:12]}"
    return parse_store(url, update_url=update, graph=graph, timeout=120)


def open_store(name: str, folder: Path, *sources: Any) -> pmograph.KnowledgeGraph:
    if name in ("memory", "rdflib"):
        return pmograph.load(*sources, store=name)
    if name == "oxigraph":
        return pmograph.load(*sources, store=f"oxigraph:{folder / 'db'}")
    return pmograph.load(*sources, store=server_spec(name))


def clear(kg: pmograph.KnowledgeGraph) -> None:
    if hasattr(kg.backend, "clear"):
        kg.backend.clear()


@pytest.fixture(scope="module", params=STORES)
def catalog_on(request: pytest.FixtureRequest,
               tmp_path_factory: pytest.TempPathFactory) -> Iterator[pmograph.KnowledgeGraph]:
    """The bundled catalog on each store."""
    kg = open_store(request.param, tmp_path_factory.mktemp(request.param))
    yield kg
    clear(kg)


@pytest.fixture(scope="module", params=STORES)
def hefce_on(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory,
             external: Path) -> Iterator[pmograph.KnowledgeGraph]:
    """The catalog plus a real published organogram (HEFCE, 2011) on each store."""
    kg = open_store(request.param, tmp_path_factory.mktemp(request.param), external / HEFCE)
    yield kg
    clear(kg)


@pytest.fixture(scope="module")
def hefce_memory(external: Path) -> pmograph.KnowledgeGraph:
    return pmograph.load(external / HEFCE)


def norm(term: Any) -> Any:
    """A term as a comparable value: blank nodes (and their skolem IRIs) alike, literals by
    value (Oxigraph writes ``"5.0"^^xsd:decimal`` as ``"5"``)."""
    if term is None:
        return None
    if isinstance(term, BNode) or "/.well-known/genid/" in str(term):
        return "_:blank"
    if isinstance(term, Literal):
        value = term.value if term.value is not None else str(term)
        if isinstance(value, str) and " | " in value:  # GROUP_CONCAT: SPARQL fixes no order
            value = " | ".join(sorted(value.split(" | ")))
        return ("literal", value)  # not the language: SAMPLE may pick "x" or "x"@en
    return str(term)


def answer(kg: pmograph.KnowledgeGraph, query: str, **bindings: Any) -> list[tuple[Any, ...]]:
    return sorted((tuple(norm(v) for v in row) for row in kg.query(query, **bindings)), key=repr)


# ------------------------------------------------------------------ same answers everywhere
def test_the_catalog_is_the_same(catalog_on: pmograph.KnowledgeGraph,
                                 catalog: pmograph.KnowledgeGraph) -> None:
    everything = "SELECT ?s ?p ?o WHERE { ?s ?p ?o }"
    assert len(catalog_on) == len(catalog)
    assert answer(catalog_on, everything) == answer(catalog, everything)
    assert roles(catalog_on) == roles(catalog)


@pytest.mark.parametrize("name", NAMES)
def test_names_resolve_the_same(catalog_on: pmograph.KnowledgeGraph,
                                catalog: pmograph.KnowledgeGraph, name: str) -> None:
    iri = catalog_on.resolve(name)
    assert iri == catalog.resolve(name)
    assert catalog_on.entity(iri) == catalog.entity(iri)


#: Known engine bugs, per store and shipped query: the test expects them (strictly), so a fix in
#: the server or a portable rewrite of the query shows up.
KNOWN_DIFFERENCES = {
    # Virtuoso 7.2.5 evaluates CONCAT(?unbound, ...) as a string inside a grouped query, so
    # COALESCE never reaches the branch that applies; ungrouped, it answers correctly.
    ("virtuoso", "is-pmo-higher-than-project-manager"),
}


@pytest.mark.parametrize("query", [q.name for q in list_queries()])
def test_shipped_queries_answer_the_same(catalog_on: pmograph.KnowledgeGraph,
                                         catalog: pmograph.KnowledgeGraph, query: str,
                                         request: pytest.FixtureRequest) -> None:
    store = request.node.callspec.params["catalog_on"]
    if (store, query) in KNOWN_DIFFERENCES:
        request.applymarker(pytest.mark.xfail(strict=True, reason="a known engine bug"))
    shipped = next(q for q in list_queries() if q.name == query)
    bindings = {}
    for param in shipped.params:
        name = param.split()[0]
        bindings[name] = URIRef(f"https://w3id.org/pmograph/catalog/"
                                f"{param.split('pmoc:')[1].split()[0]}") if "pmoc:" in param \
            else catalog.resolve("project manager")
    assert answer(catalog_on, query, **bindings) == answer(catalog, query, **bindings)


def test_bound_values_reach_inside_the_query(catalog_on: pmograph.KnowledgeGraph,
                                             catalog: pmograph.KnowledgeGraph) -> None:
    text = ("SELECT ?boss (COUNT(?line) AS ?n) WHERE { ?line pmo:subordinate ?role ; "
            "pmo:superior ?boss . OPTIONAL { ?boss pmo:level ?level } } GROUP BY ?boss")
    assert answer(catalog_on, text, role="project manager") == \
        answer(catalog, text, role="project manager")
    assert answer(catalog_on, text, role="project manager")


def test_role_views_are_the_same(catalog_on: pmograph.KnowledgeGraph,
                                 catalog: pmograph.KnowledgeGraph) -> None:
    for view in (role_reporting_view, promotion_view):
        assert sorted(view(catalog_on).edges) == sorted(view(catalog).edges)
        assert sorted(view(catalog_on).nodes) == sorted(view(catalog).nodes)


def test_a_real_organogram_answers_the_same(hefce_on: pmograph.KnowledgeGraph,
                                            hefce_memory: pmograph.KnowledgeGraph) -> None:
    here, there = reporting_view(hefce_on), reporting_view(hefce_memory)
    assert len(there) > 50
    assert sorted(here.edges) == sorted(there.edges)
    roots = sorted(node for node in there if there.in_degree(node) == 0)
    for post in sorted(there)[:40]:
        assert chain_of_command(here, post) == chain_of_command(there, post)
    for root in roots:
        assert all_reports(here, root) == all_reports(there, root)
    assert chains_of_command(here) == {post: chain_of_command(there, post) for post in there}
    counts = head_counts(here)
    assert counts == head_counts(there)
    assert all(counts[post] == span_of_control(there, post).total for post in there)
    below = "SELECT ?post WHERE { ?post org:reportsTo+ ?boss }"
    for root in roots:
        assert answer(hefce_on, below, boss=URIRef(root)) == \
            answer(hefce_memory, below, boss=URIRef(root))
    assert sum(len(answer(hefce_on, below, boss=URIRef(root))) for root in roots) > 50


def test_unbounded_transitive_queries_never_reach_a_server(hefce_on: pmograph.KnowledgeGraph
                                                           ) -> None:
    text = "SELECT ?post ?boss WHERE { ?post org:reportsTo+ ?boss }"
    if hefce_on.spec.kind != "remote":
        assert len(answer(hefce_on, text)) > 50  # local engines answer it
        return
    with pytest.raises(pmograph.QueryError, match="neither end bound"):
        hefce_on.query(text)


#: Commands whose JSON must be the same on every store (with the HEFCE organogram loaded).
COMMANDS = [
    ["roles", "--json"],
    ["show", "PMO Manager", "--json"],
    ["query", "who-is-the-boss-of-a-project-manager", "--json"],
    ["chain", "http://organogram.data.gov.uk/data/hefce/2011-03-31/HEFCE_organogram#juniorPosts15",
     "--json"],
    ["chain", "Project Manager", "--json"],
    ["reports", "Chief Executive", "--all", "--json"],
    ["path", "PMO Coordinator", "PMO Director", "--json"],
]


def test_cli_answers_the_same(cli: Any, tmp_path: Path, external: Path) -> None:
    folder = str(tmp_path / "db")
    loaded = cli("--store", f"oxigraph:{folder}", "load", str(external / HEFCE), "--json")
    assert loaded.code == 0, loaded.err
    counts = loaded.json()["counts"]
    assert counts["added"] > 1000 and counts["unchanged"] == 0
    again = cli("--store", f"oxigraph:{folder}", "load", str(external / HEFCE), "--json")
    assert again.json()["counts"] == {**counts, "added": 0, "unchanged": 1}
    for command in COMMANDS:
        stored = cli("--store", f"oxigraph:{folder}", *command)
        plain = cli(*command, "--data", str(external / HEFCE))
        assert stored.code == plain.code == 0, stored.err + plain.err
        assert stored.json() == plain.json()


def test_load_needs_a_lasting_store(cli: Any, external: Path) -> None:
    result = cli("load", str(external / HEFCE), "--json")
    assert result.code == 2
    assert "--store oxigraph:PATH" in result.json()["error"]["message"]


def test_load_writes_the_shared_shape(cli: Any, schema: Any, tmp_path: Path,
                                      external: Path) -> None:
    result = cli("load", str(external / HEFCE), "--store", f"oxigraph:{tmp_path / 'db'}",
                 "--json", "--quiet")
    assert result.code == 0 and result.err == ""
    schema("written", result.json())


@pytest.mark.parametrize("server", list(SERVERS))
def test_cli_on_a_server(cli: Any, external: Path, server: str) -> None:
    spec = server_spec(server)
    options = ["--store", spec.location, "--update-url", spec.update_url]
    # The CLI has no option for a test graph, so this uses (and empties) the default graph.
    pmograph.load(store=spec.location, update_url=spec.update_url, catalog=False).backend.clear()
    try:
        loaded = cli(*options, "load", str(external / HEFCE), "--json")
        assert loaded.code == 0, loaded.err
        assert loaded.json()["format"] == "sparql"
        for command in COMMANDS:
            stored = cli(*options, *command)
            plain = cli(*command, "--data", str(external / HEFCE))
            assert stored.code == plain.code == 0, stored.err + plain.err
            assert stored.json() == plain.json()
    finally:
        pmograph.load(store=spec.location, update_url=spec.update_url,
                      catalog=False).backend.clear()
