"""Loading files of every RDF syntax, and errors that name the file and line."""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import Graph, URIRef
from rdflib.namespace import ORG

import pmograph
from pmograph import LoadError, ParseError

DATA = Path(__file__).parent / "data"
CEO = URIRef("https://example.org/tiny/ceo")


@pytest.mark.parametrize("suffix", [".ttl", ".nt", ".jsonld", ".rdf", ".trig", ".nq"])
def test_every_syntax_loads_the_same_triples(tmp_path: Path, suffix: str) -> None:
    source = Graph().parse(DATA / "tiny-org.ttl")
    fmt = {".ttl": "turtle", ".nt": "nt", ".jsonld": "json-ld", ".rdf": "xml",
           ".trig": "trig", ".nq": "nquads"}[suffix]
    path = tmp_path / f"org{suffix}"
    if fmt in ("trig", "nquads"):
        from rdflib import Dataset
        dataset = Dataset()
        named = dataset.graph(URIRef("https://example.org/g"))
        for triple in source:
            named.add(triple)
        path.write_text(dataset.serialize(format=fmt), encoding="utf-8")
    else:
        path.write_text(source.serialize(format=fmt), encoding="utf-8")
    kg = pmograph.load(path, catalog=False)
    assert len(kg) == len(source)
    # Quads are merged into the one default graph pmograph works on.
    assert (URIRef("https://example.org/tiny/pm1"), ORG.reportsTo,
            URIRef("https://example.org/tiny/pmo-head")) in kg.graph


def test_catalog_is_loaded_by_default_and_can_be_left_out(catalog: pmograph.KnowledgeGraph) -> None:
    assert len(catalog) > 500
    assert len(pmograph.load(catalog=False)) == 0
    with_data = pmograph.load(DATA / "tiny-org.ttl")
    assert len(with_data) == len(catalog) + len(Graph().parse(DATA / "tiny-org.ttl"))


def test_loading_twice_gives_independent_graphs() -> None:
    first = pmograph.load()
    first.graph.remove((None, None, None))
    assert len(pmograph.load()) > 500


@pytest.mark.parametrize(("name", "text", "line"), [
    ("bad.ttl", '@prefix ex: <http://e/> .\nex:a ex:b ex:c .\nex:a ex:b "open .\n', 3),
    ("bad.nt", "<http://a> <http://b> <http://c> .\n\n<http://a> <http://b> .\n", 3),
    ("bad.rdf", '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">\n'
                '<rdf:Description rdf:about="http://a">\n</rdf:RDF>\n', 3),
    ("bad.jsonld", '{"@id": "http://a",\n "http://b": }', 2),
])
def test_malformed_rdf_names_file_and_line(tmp_path: Path, name: str, text: str,
                                           line: int) -> None:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ParseError) as caught:
        pmograph.load(path, catalog=False)
    assert caught.value.line == line
    assert str(path) in str(caught.value)
    assert f"line {line}" in str(caught.value)


def test_missing_file_unknown_suffix_and_folder(tmp_path: Path) -> None:
    with pytest.raises(LoadError, match="no such file"):
        pmograph.load(tmp_path / "absent.ttl", catalog=False)
    odd = tmp_path / "data.xyz"
    odd.write_text("x")
    with pytest.raises(LoadError, match=r"\.ttl"):
        pmograph.load(odd, catalog=False)
    folder = tmp_path / "sub.ttl"
    folder.mkdir()
    with pytest.raises(LoadError, match="folder"):
        pmograph.load(folder, catalog=False)


def test_non_utf8_turtle_is_a_clear_error(tmp_path: Path) -> None:
    path = tmp_path / "latin1.ttl"
    path.write_bytes('<http://a> <http://b> "caf\u00e9" .\n'.encode("latin-1"))
    with pytest.raises(ParseError, match="UTF-8"):
        pmograph.load(path, catalog=False)


def test_unknown_store_is_refused() -> None:
    with pytest.raises(pmograph.PmographError):
        pmograph.load(store="nosuchstore")
