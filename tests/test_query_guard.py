"""The query guard (issue #19): the text that is checked is the text that runs, on every store.

A TCP listener on 127.0.0.1 counts the connections it accepts.  Each case hides something that
reaches out — ``SERVICE``, ``LOAD``, ``FROM``, ``USING``, ``WITH`` — behind ``\\u`` escapes,
comments, strings, IRIs, case and whitespace, and runs through pmograph on every store (memory,
rdflib, ``oxigraph:PATH``, the Oxigraph server, Virtuoso): the guard refuses it or it runs
harmlessly, and the listener sees **zero** connections.  The checks can fail: the same store
with ``allow_network=True`` does connect (a positive control per store), and each case marked
``live`` connects when its text goes to rdflib or Oxigraph directly, without the guard.  A
seeded fuzz (derandomised in CI) mixes escapes, comments, case and whitespace.

The SPARQL servers are started by ``scripts/test.sh`` (``scripts/sparql-server.sh``); in CI
(``CI`` set) a missing server fails these tests, elsewhere they skip.
"""

from __future__ import annotations

import contextlib
import os
import socket
import threading
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from rdflib import Dataset, Graph, Literal, URIRef

import pmograph
from pmograph import PmographError, QueryError, UnsafeQueryError
from pmograph._store.spec import parse_store

DATA = Path(__file__).resolve().parent / "data"
SERVERS = {"oxigraph-server": ("PMOGRAPH_TEST_OXIGRAPH_SERVER",
                               "PMOGRAPH_TEST_OXIGRAPH_SERVER_UPDATE"),
           "virtuoso": ("PMOGRAPH_TEST_VIRTUOSO", "PMOGRAPH_TEST_VIRTUOSO")}
STORES = ["memory", "rdflib", "oxigraph", *SERVERS]
SECRET = URIRef("urn:x-pmograph-test:secret")
SENTINEL = b"pmograph-test-sentinel"


class Listener:
    """A TCP server on a free loopback port that counts the connections it accepts.

    :meth:`settled` makes its own connection and waits until the listener has accepted it:
    connections are accepted in the order they arrive, so every earlier connection has been
    counted by then, without sleeping and hoping.
    """

    def __init__(self) -> None:
        self.server = socket.create_server(("127.0.0.1", 0))
        self.server.settimeout(0.2)
        self.port = self.server.getsockname()[1]
        self.url = f"http://127.0.0.1:{self.port}/"
        self.connections = 0
        self._seen_sentinels = 0
        self._condition = threading.Condition()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._serve, daemon=True)
        self._thread.start()

    def _serve(self) -> None:
        while not self._stop.is_set():
            try:
                conn, _ = self.server.accept()
            except OSError:
                continue
            with conn:
                conn.settimeout(2)
                try:
                    first = conn.recv(65536)
                except OSError:
                    first = b""
                with self._condition:
                    if first == SENTINEL:
                        self._seen_sentinels += 1
                    else:
                        self.connections += 1
                    self._condition.notify_all()
                if first != SENTINEL:
                    with contextlib.suppress(OSError):
                        conn.sendall(b"HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n"
                                     b"Connection: close\r\n\r\n")

    def settled(self) -> int:
        """The number of connections, once every connection made so far has been accepted."""
        with self._condition:
            wanted = self._seen_sentinels + 1
        with socket.create_connection(("127.0.0.1", self.port), timeout=5) as probe:
            probe.sendall(SENTINEL)
            with self._condition:
                assert self._condition.wait_for(lambda: self._seen_sentinels >= wanted, 10)
                return self.connections

    def close(self) -> None:
        self._stop.set()
        self._thread.join(2)
        self.server.close()


@pytest.fixture(scope="module")
def listener() -> Iterator[Listener]:
    server = Listener()
    yield server
    server.close()


@pytest.fixture(scope="module")
def secret_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A local Turtle file that no query may read into a store."""
    path = tmp_path_factory.mktemp("secret") / "secret.ttl"
    path.write_text(f'<{SECRET}> <urn:x-pmograph-test:p> "leaked" .\n', encoding="utf-8")
    return path


def open_store(name: str, folder: Path) -> pmograph.KnowledgeGraph:
    """The tiny organisation on store ``name``; fail in CI, skip elsewhere, without a server."""
    source = DATA / "tiny-org.ttl"
    if name in ("memory", "rdflib"):
        return pmograph.load(source, catalog=False, store=name)
    if name == "oxigraph":
        return pmograph.load(source, catalog=False, store=f"oxigraph:{folder / 'db'}")
    query_variable, update_variable = SERVERS[name]
    url, update = os.environ.get(query_variable), os.environ.get(update_variable)
    if not url or not update:
        message = f"{query_variable} is not set: start the server with scripts/sparql-server.sh"
        if os.environ.get("CI"):
            pytest.fail(message + " (scripts/test.sh does)")
        pytest.skip(message)
    graph = f"https://w3id.org/pmograph/graph/guard-{uuid.uuid4().hex[:12]}"
    return pmograph.load(source, catalog=False,
                         store=parse_store(url, update_url=update, graph=graph, timeout=60))


@pytest.fixture(scope="module", params=STORES)
def store(request: pytest.FixtureRequest,
          tmp_path_factory: pytest.TempPathFactory) -> Iterator[pmograph.KnowledgeGraph]:
    kg = open_store(request.param, tmp_path_factory.mktemp(request.param))
    yield kg
    if hasattr(kg.backend, "clear"):
        kg.backend.clear()


# ------------------------------------------------------------------ the cases
@dataclass(frozen=True)
class Case:
    """A query or update that would reach out if the guard read it differently from the engine.

    ``text`` is formatted with ``url`` (the listener), ``escaped_url`` (the same URL, every
    character a ``\\u`` escape) and ``secret`` (the ``file:`` IRI of a local file);
    ``runs``: the guard admits it (it reaches nothing once read as every engine reads it);
    ``live``: sent to rdflib or Oxigraph directly, without the guard, it does connect.
    """

    name: str
    text: str
    runs: bool = False
    update: bool = False
    live: bool = False

    def fill(self, listener: Listener, secret: Path) -> str:
        escaped = "".join(f"\\u{ord(ch):04X}" for ch in listener.url)
        return self.text.format(url=listener.url, escaped_url=escaped, secret=secret.as_uri())


BASIC = "SELECT * WHERE {{ ?s ?p ?o "
CASES = [
    Case("plain-service", BASIC + "SERVICE <{url}q> {{ ?a ?b ?c }} }}", live=True),
    Case("escaped-keyword", BASIC + r"\u0053ERVICE <{url}q> {{ ?a ?b ?c }} }}", live=True),
    Case("escaped-keyword-lowercase", BASIC + r"\u0073\u0065rvice <{url}q> {{ ?a ?b ?c }} }}",
         live=True),
    Case("eight-digit-escape", BASIC + r"\U00000053ERVICE <{url}q> {{ ?a ?b ?c }} }}"),
    Case("short-capital-u-escape", BASIC + r"\U0053ERVICE <{url}q> {{ ?a ?b ?c }} }}", live=True),
    Case("escape-of-an-escape", BASIC + r"\u005Cu0053ERVICE <{url}q> {{ ?a ?b ?c }} }}"),
    # Issue #19: rdflib saw one long string, Oxigraph a string "A\" and a real SERVICE.  Read
    # once, as SPARQL 1.1 §19.2 says, it is one string on every engine and runs harmlessly.
    Case("issue-19-string-trick",
         BASIC + r'FILTER(?o != "A\u005C") SERVICE <{url}q> {{ ?a ?b ?c }} '
         r'FILTER(?o != ")}} #") }} LIMIT 1', runs=True, live=True),
    Case("escaped-quote-ends-the-string",
         BASIC + r'FILTER(?o != "x\u0022) SERVICE <{url}q> {{ ?a ?b ?c }} FILTER(?o != "y") }}',
         live=True),
    Case("carriage-return-ends-a-comment-for-oxigraph",
         BASIC + "# note\r SERVICE <{url}q> {{ ?a ?b ?c }}\n }}", live=True),
    Case("escaped-carriage-return-in-a-comment",
         BASIC + r"# note\u000D SERVICE <{url}q> {{ ?a ?b ?c }}" + "\n }}"),
    Case("escaped-line-feed-ends-a-comment",
         BASIC + r"# note\u000A SERVICE <{url}q> {{ ?a ?b ?c }}" + "\n }}", live=True),
    Case("service-in-a-comment", BASIC + "# SERVICE <{url}q> {{ ?a ?b ?c }}\n }}", runs=True),
    Case("service-in-a-string", BASIC + 'FILTER(?o != "SERVICE <{url}q> {{ ?a ?b ?c }}") }}',
         runs=True),
    Case("service-in-a-long-string",
         BASIC + "FILTER(?o != ''' ' SERVICE <{url}q> {{ ?a ?b ?c }} ' ''') }}", runs=True),
    Case("escaped-iri", BASIC + "SERVICE <{escaped_url}q> {{ ?a ?b ?c }} }}", live=True),
    Case("case-and-whitespace",
         "sElEcT * wHeRe {{\t?s ?p ?o\r\n sErViCe\n<{url}q>{{?a ?b ?c}}}}", live=True),
    Case("silent-in-optional", BASIC + "OPTIONAL {{ SERVICE SILENT <{url}q> {{ ?a ?b ?c }} }} }}",
         live=True),
    Case("in-filter-exists", BASIC + "FILTER EXISTS {{ SERVICE <{url}q> {{ ?a ?b ?c }} }} }}",
         live=True),
    Case("in-a-subquery",
         BASIC + "{{ SELECT ?a WHERE {{ SERVICE <{url}q> {{ ?a ?b ?c }} }} }} }}", live=True),
    Case("service-variable", BASIC + "VALUES ?x {{ <{url}q> }} SERVICE ?x {{ ?a ?b ?c }} }}"),
    Case("prefixed-name",
         "PREFIX remote: <{url}> " + BASIC + "SERVICE remote:q {{ ?a ?b ?c }} }}", live=True),
    Case("relative-to-base", "BASE <{url}> " + BASIC + "SERVICE <q> {{ ?a ?b ?c }} }}",
         live=True),
    Case("construct", "CONSTRUCT {{ ?a ?b ?c }} WHERE {{ ?s ?p ?o "
         r"\u0053ERVICE <{url}q> {{ ?a ?b ?c }} }}", live=True),
    Case("ask", r"ASK {{ ?s ?p ?o SERVICE <{url}q> {{ ?a ?b ?c }} }}", live=True),
    Case("from", "SELECT * FROM <{url}f.ttl> WHERE {{ ?s ?p ?o }}", live=True),
    Case("escaped-from-named",
         r"SELECT * \u0046ROM NAMED <{url}f.ttl> WHERE {{ GRAPH ?g {{ ?s ?p ?o }} }}", live=True),
    Case("from-a-local-file", "SELECT * FROM <{secret}> WHERE {{ ?s ?p ?o }}"),
    Case("virtuoso-pragma",
         'DEFINE get:soft "replace" SELECT * FROM <{url}g.ttl> WHERE {{ ?s ?p ?o }}'),
    Case("server-extension-function",
         "PREFIX bif: <bif:> " + BASIC + "BIND(bif:file_to_string('/etc/hostname') AS ?x) }}"),
    Case("crlf-line-ends-are-fine", "SELECT * WHERE {{\r\n ?s ?p ?o # note\r\n}} LIMIT 1",
         runs=True),
    # updates (allow_update=True, not allow_network)
    Case("load", "LOAD <{url}l.ttl>", update=True, live=True),
    Case("escaped-load", r"\u004cOAD <{url}l.ttl>", update=True, live=True),
    Case("escaped-load-of-a-local-file", r"\u004COAD <{secret}> INTO GRAPH <urn:x-guard:g>",
         update=True),
    Case("load-silent-into", "LOAD SILENT <{url}l.ttl> INTO GRAPH <urn:x-guard:g>",
         update=True, live=True),
    Case("using", "INSERT {{ <urn:x> <urn:y> ?o }} USING <{url}u.ttl> WHERE {{ ?s ?p ?o }}",
         update=True, live=True),
    Case("using-a-local-file",
         "INSERT {{ ?s ?p ?o }} USING <{secret}> WHERE {{ ?s ?p ?o }}", update=True),
    Case("escaped-using-named",
         r"INSERT {{ <urn:x> <urn:y> ?o }} \u0055SING NAMED <{url}u.ttl> "
         "WHERE {{ GRAPH ?g {{ ?s ?p ?o }} }}", update=True),
    Case("with", "WITH <{url}w.ttl> INSERT {{ <urn:x> <urn:y> ?o }} WHERE {{ ?s ?p ?o }}",
         update=True),
    Case("service-in-an-update",
         r"INSERT {{ <urn:x> <urn:y> ?c }} WHERE {{ ?s ?p ?o \u0053ERVICE <{url}q> "
         "{{ ?a ?b ?c }} }}", update=True, live=True),
    Case("update-string-trick",
         r'DELETE {{ <urn:x-guard:none> <urn:x-guard:none> ?o }} WHERE {{ ?s ?p ?o '
         r'FILTER(?o != "A\u005C") SERVICE <{url}q> {{ ?a ?b ?c }} FILTER(?o != ")}} #") }}',
         update=True, runs=True, live=True),
    Case("second-operation",
         r'INSERT DATA {{ <urn:x-guard:a> <urn:x-guard:b> "c" }} ; \u004cOAD <{url}l.ttl>',
         update=True, live=True),
]


def run_guarded(kg: pmograph.KnowledgeGraph, text: str, *, update: bool) -> None:
    kg.query(text, allow_update=update)


def holds_secret(kg: pmograph.KnowledgeGraph) -> bool:
    """Whether the local secret file got into the store (rdflib's store has one graph)."""
    text = ("ASK { ?s ?p ?o }" if kg.spec.kind == "rdflib"
            else "ASK { { ?s ?p ?o } UNION { GRAPH ?g { ?s ?p ?o } } }")
    return bool(kg.query(text, s=SECRET))


@pytest.mark.parametrize("case", CASES, ids=[case.name for case in CASES])
def test_hidden_reaching_out_never_connects(store: pmograph.KnowledgeGraph, listener: Listener,
                                            secret_file: Path, case: Case) -> None:
    before = listener.settled()
    text = case.fill(listener, secret_file)
    if case.runs:
        run_guarded(store, text, update=case.update)
    else:
        with pytest.raises(QueryError) as refused:
            run_guarded(store, text, update=case.update)
        assert str(refused.value)  # one clear message, never an empty one
    assert listener.settled() == before
    assert not holds_secret(store)


def test_every_refusal_names_what_to_do(listener: Listener, secret_file: Path) -> None:
    kg = pmograph.load(catalog=False)
    for case in CASES:
        if case.runs:
            continue
        with pytest.raises(QueryError) as refused:
            run_guarded(kg, case.fill(listener, secret_file), update=case.update)
        message = str(refused.value)
        if isinstance(refused.value, UnsafeQueryError):
            assert "allow_network=True (--allow-network)" in message, case.name
        else:
            assert any(word in message for word in ("syntax error", "refused", "write")), \
                (case.name, message)


# ------------------------------------------------------------------ the checks can fail
def raw_engines() -> dict[str, Any]:
    """rdflib (a graph, and a dataset: only a dataset fetches FROM) and Oxigraph, each holding
    one triple, with no pmograph between them and the text."""
    import pyoxigraph as ox

    triple = (URIRef("urn:s"), URIRef("urn:p"), Literal("o"))
    graph, dataset = Graph(), Dataset()
    graph.add(triple)
    dataset.add(triple)
    oxigraph = ox.Store()
    oxigraph.add(ox.Quad(ox.NamedNode("urn:s"), ox.NamedNode("urn:p"), ox.Literal("o")))
    return {"rdflib": graph, "rdflib-dataset": dataset, "oxigraph": oxigraph}


def run_raw(engine: Any, text: str, *, update: bool) -> None:
    # A syntax error or the listener's 404 is expected: what counts is whether it connected.
    with contextlib.suppress(Exception):
        if update:
            engine.update(text)
        else:
            result = engine.query(text)
            if not isinstance(result, bool):
                list(result)


@pytest.mark.parametrize("case", [c for c in CASES if c.live], ids=lambda c: c.name)
def test_live_cases_do_reach_out_without_the_guard(listener: Listener, secret_file: Path,
                                                   case: Case) -> None:
    """Each live case is a real attack on at least one engine: the guard is what stops it."""
    before = listener.settled()
    for engine in raw_engines().values():
        run_raw(engine, case.fill(listener, secret_file), update=case.update)
    assert listener.settled() > before


def test_local_file_cases_do_read_the_file_without_the_guard(secret_file: Path) -> None:
    graph = Graph()
    graph.update(f"LOAD <{secret_file.as_uri()}>")
    assert (SECRET, None, None) in graph


@pytest.mark.parametrize("store_name", STORES)
def test_allow_network_lets_a_legitimate_service_through(store_name: str, listener: Listener,
                                                         tmp_path: Path) -> None:
    """The positive control, on every store: with the opt-in, the listener does see SERVICE."""
    kg = open_store(store_name, tmp_path)
    try:
        before = listener.settled()
        text = BASIC.format() + f"SERVICE <{listener.url}q> {{ ?a ?b ?c }} }} LIMIT 1"
        with pytest.raises(PmographError):  # the listener answers 404
            kg.query(text, allow_network=True)
        assert listener.settled() > before
    finally:
        if hasattr(kg.backend, "clear"):
            kg.backend.clear()


def test_the_cli_runs_the_checked_text_and_opts_in(cli: Any, listener: Listener,
                                                   tmp_path: Path) -> None:
    store = f"oxigraph:{tmp_path / 'db'}"
    data = str(DATA / "tiny-org.ttl")
    trick = CASES[[c.name for c in CASES].index("issue-19-string-trick")].fill(listener,
                                                                                 tmp_path)
    before = listener.settled()
    ran = cli("--store", store, "--no-catalog", "--data", data, "query", trick, "--json")
    assert ran.code == 0, ran.err
    assert listener.settled() == before
    hidden = BASIC.format() + r"\u0053ERVICE <" + listener.url + "q> { ?a ?b ?c } }"
    refused = cli("--store", store, "--no-catalog", "query", hidden)
    assert refused.code == 2 and refused.err.count("Error:") == 1
    assert "SERVICE" in refused.err and "--allow-network" in refused.err
    assert listener.settled() == before
    opted = cli("--allow-network", "--store", store, "--no-catalog", "query", hidden)
    assert opted.code == 2 and "404" in opted.err  # it did reach the listener
    assert listener.settled() > before


def test_the_normalised_text_is_what_runs_with_bindings_on_every_store(
        store: pmograph.KnowledgeGraph) -> None:
    """Escapes in a variable name, a keyword and a string all read as written, with bindings."""
    text = (r"\u0053ELECT ?label WHERE { ?post rdfs:label ?label "
            r"FILTER(?\u0070ost = ?who && ?label != 'caf\u00E9') }")
    rows = store.query(text, who=URIRef("https://example.org/tiny/ceo"))
    assert [str(row[0]) for row in rows] == ["Chief Executive"]
