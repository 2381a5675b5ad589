"""Views and the name index of a persistent Oxigraph store are kept between runs, and only
while the store is in the same state (``pmograph._store.snapshot``)."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import networkx as nx
import pytest
from rdflib import Literal, URIRef

import pmograph
from pmograph._names import NameIndex
from pmograph._store.snapshot import FOLDER
from pmograph._views import build as _views

pytest.importorskip("pyoxigraph")

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "examples" / "sample-org.ttl"
EX = "http://example.org/more/"


def _same_graph(a: nx.DiGraph, b: nx.DiGraph) -> None:
    assert list(a.nodes(data=True)) == list(b.nodes(data=True))
    assert list(a.edges(data=True)) == list(b.edges(data=True))
    assert a.graph == b.graph


@pytest.fixture
def builds(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The org views built from the store (not read from a snapshot), by query name."""
    built: list[str] = []
    real = _views._org_view

    def counting(kg: pmograph.KnowledgeGraph, edges_query: str) -> Any:
        built.append(edges_query)
        return real(kg, edges_query)

    monkeypatch.setattr(_views, "_org_view", counting)
    return built


def _open(folder: Path) -> pmograph.KnowledgeGraph:
    return pmograph.load(store=f"oxigraph:{folder}")


def test_a_reopened_store_reads_its_views_and_names_back(tmp_path: Path,
                                                         builds: list[str]) -> None:
    first = pmograph.load(SAMPLE, store=f"oxigraph:{tmp_path / 'db'}")
    view, dotted = pmograph.reporting_view(first), pmograph.dotted_line_view(first)
    manager = first.resolve("PMO Manager")
    assert builds == ["solid-lines", "dotted-lines"]
    assert sorted(p.name.split("-")[0] for p in (tmp_path / "db" / FOLDER).iterdir()) == \
        ["dotted", "holdings", "names", "reporting"]

    again = _open(tmp_path / "db")  # a new object: nothing in memory
    _same_graph(pmograph.reporting_view(again), view)
    _same_graph(pmograph.dotted_line_view(again), dotted)
    assert builds == ["solid-lines", "dotted-lines"]  # read back, not built
    assert again.resolve("PMO Manager") == manager
    assert again.names.labels == first.names.labels and again.names.kinds == first.names.kinds
    assert dict(again.names.names) == dict(first.names.names)
    # and they are what the memory store builds from the same files
    _same_graph(view, pmograph.reporting_view(pmograph.load(SAMPLE)))


def test_name_index_round_trips_through_json() -> None:
    index = pmograph.load(SAMPLE).names
    back = NameIndex.from_json(json.loads(json.dumps(index.to_json())))
    assert back.kinds == index.kinds and back.labels == index.labels
    assert back.prefixes == index.prefixes
    assert {k: back.names[k] for k in back.names} == dict(index.names)
    assert back.suggest("PMO Manger") == index.suggest("PMO Manger")


@pytest.mark.parametrize("change", ["load a file", "add through rdflib",
                                    "remove and add (same size)", "SPARQL update"])
def test_any_change_through_pmograph_makes_a_new_snapshot(tmp_path: Path, builds: list[str],
                                                          change: str) -> None:
    kg = pmograph.load(SAMPLE, store=f"oxigraph:{tmp_path / 'db'}")
    before = pmograph.reporting_view(kg)
    post = URIRef(EX + "newPost")
    if change == "load a file":
        extra = tmp_path / "more.ttl"
        extra.write_text(f"<{post}> a <http://www.w3.org/ns/org#Post> ; "
                         f"<http://www.w3.org/2000/01/rdf-schema#label> \"New post\" .\n")
        kg.add(extra)
    elif change == "add through rdflib":
        kg.graph.add((post, URIRef("http://www.w3.org/ns/org#reportsTo"),
                      URIRef(next(iter(before.nodes)))))
    elif change == "remove and add (same size)":  # the number of quads cannot tell
        node = next(iter(before.nodes))
        first = URIRef(node)
        predicate, old = next((p, o) for p, o in kg.graph.predicate_objects(first)
                              if isinstance(o, Literal) and str(o) == before.nodes[node]["label"])
        kg.graph.remove((first, predicate, old))
        kg.graph.add((first, predicate, Literal("Renamed post")))
    else:
        kg.query("DELETE WHERE { ?post <http://www.w3.org/ns/org#reportsTo> ?boss }",
                 allow_update=True)
    kg.changed()
    after = pmograph.reporting_view(kg)
    assert builds == ["solid-lines", "solid-lines"]
    reopened = pmograph.reporting_view(_open(tmp_path / "db"))
    assert builds == ["solid-lines", "solid-lines"]  # the new state's snapshot
    _same_graph(reopened, after)
    assert list(after.nodes(data=True)) != list(before.nodes(data=True)) or \
        list(after.edges) != list(before.edges)


def test_a_change_made_without_pmograph_is_noticed_by_its_size(tmp_path: Path,
                                                                builds: list[str]) -> None:
    import pyoxigraph as ox

    kg = pmograph.load(SAMPLE, store=f"oxigraph:{tmp_path / 'db'}")
    pmograph.reporting_view(kg)
    kg.backend.ox.add(ox.Quad(ox.NamedNode(EX + "p"),  # type: ignore[union-attr]
                              ox.NamedNode("http://www.w3.org/ns/org#reportsTo"),
                              ox.NamedNode(EX + "q")))
    view = pmograph.reporting_view(_open(tmp_path / "db"))
    assert builds == ["solid-lines", "solid-lines"]
    assert view.has_edge(EX + "q", EX + "p")


def test_damaged_or_unwritable_snapshots_are_rebuilt(tmp_path: Path, builds: list[str]) -> None:
    kg = pmograph.load(SAMPLE, store=f"oxigraph:{tmp_path / 'db'}")
    expected = pmograph.reporting_view(kg)
    damage = ['{"nodes": [',  # cut short
              "[" * 100_000,  # nested too deep for json
              '{"unexpected": 1}',  # the wrong shape
              '{"iris": [], "kinds": [], "labels": [], "prefixes": {}, "names": {"x": [0, 9]}}']
    for n, text in enumerate(damage, start=2):
        for snapshot in (tmp_path / "db" / FOLDER).glob("*.json"):
            snapshot.write_text(text)
        again = _open(tmp_path / "db")
        _same_graph(pmograph.reporting_view(again), expected)
        assert again.resolve("PMO Manager") == kg.resolve("PMO Manager")
        assert builds == ["solid-lines"] * n
    if os.geteuid() != 0:  # root writes anywhere: the read-only case only means something else
        os.chmod(tmp_path / "db" / FOLDER, 0o500)
        _same_graph(pmograph.reporting_view(_open(tmp_path / "db")), expected)
    assert _open(tmp_path / "db").resolve("PMO Manager")


def test_stores_in_memory_keep_nothing(tmp_path: Path, builds: list[str]) -> None:
    kg = pmograph.load(SAMPLE, store="oxigraph")
    pmograph.reporting_view(kg)
    assert kg.backend is not None and kg.backend.snapshot_folder is None  # type: ignore[attr-defined]
    pmograph.reporting_view(pmograph.load(SAMPLE, store="oxigraph"))
    assert builds == ["solid-lines", "solid-lines"]


def test_one_folder_under_two_spellings_shares_its_generation(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, builds: list[str]) -> None:
    """A relative and an absolute path (one store handle) renew one generation."""
    monkeypatch.chdir(tmp_path)
    a = pmograph.load(SAMPLE, store="oxigraph:db")  # a change: the generation is renewed
    node = next(iter(pmograph.reporting_view(_open(tmp_path / "db")).nodes))  # snapshot taken
    label = URIRef("http://www.w3.org/2000/01/rdf-schema#label")
    a.query(f"DELETE {{ <{node}> ?p ?old }} INSERT {{ <{node}> ?p \"Renamed\" }} "
            f"WHERE {{ <{node}> ?p ?old FILTER(?p = <{label}> || ?p = "
            "<http://www.w3.org/2004/02/skos/core#prefLabel>) }", allow_update=True)
    assert len(_open(tmp_path / "db")) == len(a)  # the same number of quads as before
    assert pmograph.reporting_view(_open(tmp_path / "db")).nodes[node]["label"] == "Renamed"
    assert _open(tmp_path / "db").names.label(URIRef(node)) == "Renamed"
    assert builds == ["solid-lines", "solid-lines"]
