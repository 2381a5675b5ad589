"""Queries and inputs stay local: a listener on 127.0.0.1 must receive no connection.

Each test points a query or a file at a real TCP listener on loopback and then asserts that
nothing connected.  One positive control opts in and shows the listener does see rdflib.
"""

from __future__ import annotations

import socket
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from rdflib import URIRef

import pmograph
from pmograph import ParseError, QueryError, UnsafeQueryError
from pmograph._store.parsing import parse_into


class Listener:
    """A TCP server on a free loopback port that counts connections and answers 404."""

    def __init__(self) -> None:
        self.server = socket.create_server(("127.0.0.1", 0))
        self.server.settimeout(0.2)
        self.port = self.server.getsockname()[1]
        self.url = f"http://127.0.0.1:{self.port}/"
        self.connections = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._serve, daemon=True)
        self._thread.start()

    def _serve(self) -> None:
        while not self._stop.is_set():
            try:
                conn, _ = self.server.accept()
            except OSError:
                continue
            self.connections += 1
            with conn:
                conn.settimeout(1)
                try:
                    conn.recv(65536)
                    conn.sendall(b"HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n"
                                 b"Connection: close\r\n\r\n")
                except OSError:
                    pass

    def close(self) -> None:
        self._stop.set()
        self._thread.join(2)
        self.server.close()


@pytest.fixture
def listener() -> Iterator[Listener]:
    server = Listener()
    yield server
    server.close()


@pytest.fixture(scope="module")
def kg() -> pmograph.KnowledgeGraph:
    return pmograph.load(catalog=False)


def test_service_is_refused_and_never_connects(kg: pmograph.KnowledgeGraph,
                                               listener: Listener) -> None:
    with pytest.raises(UnsafeQueryError):
        kg.query(f"SELECT * WHERE {{ SERVICE <{listener.url}sparql> {{ ?s ?p ?o }} }}")
    assert listener.connections == 0


def test_positive_control_opting_in_does_connect(kg: pmograph.KnowledgeGraph,
                                                 listener: Listener) -> None:
    # The listener answers 404, which reaches the caller as a QueryError.
    with pytest.raises(QueryError, match="404"):
        kg.query(f"SELECT * WHERE {{ SERVICE <{listener.url}sparql> {{ ?s ?p ?o }} }}",
                 allow_network=True)
    assert listener.connections >= 1


@pytest.mark.parametrize("clause", ["FROM", "FROM NAMED"])
def test_from_is_refused_and_never_connects(kg: pmograph.KnowledgeGraph, listener: Listener,
                                            clause: str) -> None:
    with pytest.raises(UnsafeQueryError):
        kg.query(f"SELECT * {clause} <{listener.url}data.ttl> WHERE {{ ?s ?p ?o }}")
    assert listener.connections == 0


def test_load_is_refused_even_when_updates_are_allowed(listener: Listener) -> None:
    graph = pmograph.load(catalog=False)
    for update in (f"LOAD <{listener.url}data.ttl>",
                   f"LOAD SILENT <{listener.url}x.ttl> INTO GRAPH <urn:g>"):
        with pytest.raises(QueryError):
            graph.query(update)
        with pytest.raises(UnsafeQueryError):
            graph.query(update, allow_update=True)
    assert listener.connections == 0


def test_load_of_a_local_file_is_refused(tmp_path: Path) -> None:
    secret = tmp_path / "secret.ttl"
    secret.write_text("<urn:a> <urn:b> <urn:c> .\n", encoding="utf-8")
    graph = pmograph.load(catalog=False)
    with pytest.raises(UnsafeQueryError):
        graph.query(f"LOAD <{secret.as_uri()}>", allow_update=True)
    assert len(graph) == 0


@pytest.mark.parametrize("context", ["{url}ctx.jsonld", ["{url}a.jsonld", {"x": "urn:x"}]])
def test_remote_jsonld_context_is_refused(tmp_path: Path, listener: Listener,
                                          context: object) -> None:
    import json

    filled = (context.format(url=listener.url) if isinstance(context, str)
              else [c.format(url=listener.url) if isinstance(c, str) else c for c in context])
    path = tmp_path / "remote.jsonld"
    path.write_text(json.dumps({"@context": filled, "@id": "urn:a", "x": "y"}),
                    encoding="utf-8")
    with pytest.raises(ParseError, match="remote JSON-LD context"):
        pmograph.load(path, catalog=False)
    assert listener.connections == 0


def test_nested_and_relative_jsonld_contexts_are_refused(tmp_path: Path) -> None:
    (tmp_path / "ctx.jsonld").write_text('{"@context": {"x": "urn:x"}}', encoding="utf-8")
    path = tmp_path / "relative.jsonld"
    path.write_text('{"@id": "urn:a", "urn:p": {"@context": "ctx.jsonld", "@id": "urn:b"}}',
                    encoding="utf-8")
    with pytest.raises(ParseError, match=r"ctx\.jsonld"):
        pmograph.load(path, catalog=False)


def test_jsonld_context_allowed_on_request(listener: Listener) -> None:
    from rdflib import Graph

    data = ('{"@context": "' + listener.url + 'ctx.jsonld", "@id": "urn:a"}').encode()
    with pytest.raises(Exception):  # noqa: B017 — rdflib fails on the 404; what counts is the call
        parse_into(Graph(), data, source="remote.jsonld", rdf_format="json-ld",
                   allow_network=True)
    assert listener.connections >= 1


def test_rdfxml_external_entity_and_dtd_never_fetched(tmp_path: Path,
                                                      listener: Listener) -> None:
    entity = tmp_path / "entity.rdf"
    entity.write_text(
        f'<?xml version="1.0"?>\n<!DOCTYPE rdf:RDF [ <!ENTITY e SYSTEM "{listener.url}e"> ]>\n'
        '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" '
        'xmlns:ex="http://e/"><rdf:Description rdf:about="http://a"><ex:p>&e;</ex:p>'
        "</rdf:Description></rdf:RDF>\n", encoding="utf-8")
    with pytest.raises(ParseError, match="external entity"):
        pmograph.load(entity, catalog=False)
    dtd = tmp_path / "dtd.rdf"
    dtd.write_text(
        f'<?xml version="1.0"?>\n<!DOCTYPE rdf:RDF SYSTEM "{listener.url}x.dtd">\n'
        '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" '
        'xmlns:ex="http://e/"><rdf:Description rdf:about="http://a"><ex:p>v</ex:p>'
        "</rdf:Description></rdf:RDF>\n", encoding="utf-8")
    assert len(pmograph.load(dtd, catalog=False)) == 1
    assert listener.connections == 0


def test_internal_namespace_entities_still_work(tmp_path: Path) -> None:
    """Protégé-style OWL files abbreviate namespaces with simple internal entities."""
    path = tmp_path / "owl.rdf"
    path.write_text(
        '<?xml version="1.0"?>\n<!DOCTYPE rdf:RDF [ <!ENTITY ex "http://example.org/"> ]>\n'
        '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" '
        'xmlns:ex="http://example.org/"><rdf:Description rdf:about="&ex;a"><ex:p>v</ex:p>'
        "</rdf:Description></rdf:RDF>\n", encoding="utf-8")
    graph = pmograph.load(path, catalog=False).graph
    assert next(iter(graph.subjects())) == URIRef("http://example.org/a")


def test_entity_expansion_bomb_is_refused_quickly(tmp_path: Path) -> None:
    import time

    declarations = '<!ENTITY a "aaaaaaaaaa">' + "".join(
        f'<!ENTITY {chr(98 + i)} "' + f"&{chr(97 + i)};" * 10 + '">' for i in range(9))
    path = tmp_path / "bomb.rdf"
    path.write_text(
        f'<?xml version="1.0"?>\n<!DOCTYPE r [{declarations}]>\n'
        '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns:ex="http://e/">'
        '<rdf:Description rdf:about="http://a"><ex:p>&j;</ex:p></rdf:Description></rdf:RDF>',
        encoding="utf-8")
    started = time.perf_counter()
    with pytest.raises(ParseError, match="entity"):
        pmograph.load(path, catalog=False)
    assert time.perf_counter() - started < 5


def test_wide_entity_expansion_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "wide.rdf"
    path.write_text(
        '<?xml version="1.0"?>\n<!DOCTYPE r [<!ENTITY big "' + "x" * 20000 + '">]>\n'
        '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns:ex="http://e/">'
        '<rdf:Description rdf:about="http://a"><ex:p>' + "&big;" * 200 + "</ex:p>"
        "</rdf:Description></rdf:RDF>", encoding="utf-8")
    with pytest.raises(ParseError, match="expand"):
        pmograph.load(path, catalog=False)


def test_load_and_cli_data_refuse_remote_context_unless_allowed(tmp_path: Path,
                                                               listener: Listener,
                                                               cli: object) -> None:
    path = tmp_path / "remote.jsonld"
    path.write_text('{"@context": "' + listener.url + 'ctx.jsonld", "@id": "urn:a"}',
                    encoding="utf-8")
    refused = cli("roles", "--no-catalog", "--data", str(path))  # type: ignore[operator]
    assert refused.code == 2 and "--allow-network" in refused.err
    assert listener.connections == 0
    # Opting in reaches the listener (which answers 404, so loading still fails).
    with pytest.raises(pmograph.LoadError, match="could not be fetched"):
        pmograph.load(path, catalog=False, allow_network=True)
    assert listener.connections >= 1
    before = listener.connections
    opted = cli("roles", "--no-catalog", "--data", str(path), "--allow-network")  # type: ignore[operator]
    assert opted.code == 2 and opted.err.count("Error:") == 1
    assert "could not be fetched" in opted.err and listener.connections > before


def test_query_allow_network_is_a_common_option(cli: object, listener: Listener) -> None:
    text = f"SELECT * WHERE {{ SERVICE <{listener.url}sparql> {{ ?s ?p ?o }} }}"
    assert cli("query", text, "--no-catalog").code == 2  # type: ignore[operator]
    assert listener.connections == 0
    opted = cli("--allow-network", "query", text, "--no-catalog")  # type: ignore[operator]
    assert opted.code == 2 and "404" in opted.err and listener.connections >= 1


def test_query_timeout_and_max_rows_flags(cli: object) -> None:
    slow = ("SELECT (COUNT(*) AS ?n) WHERE { " + " ".join(
        f"VALUES ?{v} {{ 1 2 3 4 5 6 7 8 9 10 }}" for v in "abcdefg") + " }")
    stopped = cli("query", slow, "--no-catalog", "--timeout", "0.3")  # type: ignore[operator]
    assert stopped.code == 2 and "--timeout" in stopped.err
    rows = "SELECT ?a WHERE { VALUES ?a { 1 2 3 } }"
    capped = cli("query", rows, "--no-catalog", "--max-rows", "2")  # type: ignore[operator]
    assert capped.code == 2 and "more than 2 rows" in capped.err
    fine = cli("query", rows, "--no-catalog", "--max-rows", "3", "--json")  # type: ignore[operator]
    assert fine.code == 0 and len(fine.json()["results"]["bindings"]) == 3
    unlimited = cli("query", rows, "--no-catalog", "--max-rows", "0", "--timeout", "0")  # type: ignore[operator]
    assert unlimited.code == 0
    assert cli("query", rows, "--timeout", "-1").code == 2  # type: ignore[operator]
