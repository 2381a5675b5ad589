"""What each store must do beyond answering: persist, load once, survive server quirks."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from rdflib import Graph, Literal, URIRef
from test_stores import HEFCE, answer, server_spec

import pmograph
from pmograph._store.backends import CATALOG_VERSION
from pmograph._store.spec import StoreSpec, parse_store

ROOT = Path(__file__).resolve().parent.parent
EVERY_ROW = ("SELECT ?s ?p ?o ?role WHERE { ?s ?p ?o . ?role a pmo:Role FILTER(!isBlank(?s) "
             "&& !isBlank(?o) && !CONTAINS(STR(?s), '/genid/') && !CONTAINS(STR(?o), '/genid/')) }")


@pytest.fixture(params=["virtuoso", "oxigraph-server"])
def server(request: pytest.FixtureRequest) -> Iterator[StoreSpec]:
    spec = server_spec(request.param)
    yield spec
    pmograph.load(store=spec, catalog=False).backend.clear()  # type: ignore[union-attr]


# ------------------------------------------------------------------ embedded Oxigraph
def test_oxigraph_reopens_without_parsing(tmp_path: Path, external: Path) -> None:
    store = f"oxigraph:{tmp_path / 'db'}"
    first = pmograph.load(external / HEFCE, store=store)
    size = len(first)
    start = time.perf_counter()
    again = pmograph.load(external / HEFCE, store=store)
    assert len(again) == size
    assert again.add(external / HEFCE) == 0  # once per file content
    assert time.perf_counter() - start < 2
    assert again.resolve("PMO Manager") == pmograph.load().resolve("PMO Manager")


def test_reopening_in_a_new_process_needs_no_files(tmp_path: Path, external: Path) -> None:
    store = f"oxigraph:{tmp_path / 'db'}"
    loading = f"import pmograph; pmograph.load({str(external / HEFCE)!r}, store={store!r})"
    subprocess.run([sys.executable, "-c", loading], check=True, cwd=ROOT)
    reading = (f"import pmograph; kg = pmograph.load(store={store!r}); "
               "print(len(kg), len(kg.select('solid-lines')))")
    out = subprocess.run([sys.executable, "-c", reading], capture_output=True, text=True,
                         check=True, cwd=ROOT)
    total, lines = map(int, out.stdout.split())
    memory = pmograph.load(external / HEFCE)
    assert (total, lines) == (len(memory), len(memory.select("solid-lines")))


def test_a_new_catalog_version_replaces_the_old(tmp_path: Path) -> None:
    kg = pmograph.load(store=f"oxigraph:{tmp_path / 'db'}")
    backend = kg.backend
    assert backend is not None
    (version,) = backend.metadata()[CATALOG_VERSION]
    # Make the store look as if an older catalog, with one more triple, had been loaded.
    ox = backend._module  # type: ignore[attr-defined]
    stale = ox.NamedNode("https://w3id.org/pmograph/catalog/RoleOfAnOldVersion")
    for graph in (backend._record, ox.DefaultGraph()):  # type: ignore[attr-defined]
        backend.ox.add(ox.Quad(stale, stale, stale, graph))  # type: ignore[attr-defined]
    backend.ox.remove(ox.Quad(backend._meta, ox.NamedNode(str(CATALOG_VERSION)),  # type: ignore[attr-defined]
                              ox.Literal(version), backend._meta))  # type: ignore[attr-defined]
    backend._remember(CATALOG_VERSION, "0ld")  # type: ignore[attr-defined]

    again = pmograph.load(store=f"oxigraph:{tmp_path / 'db'}")
    assert (URIRef(stale.value), None, None) not in again.graph
    assert len(again) == len(pmograph.load())
    assert again.backend.metadata()[CATALOG_VERSION] == {version}  # type: ignore[union-attr]


def test_data_that_repeat_catalog_facts_are_kept_apart(tmp_path: Path) -> None:
    data = tmp_path / "org.ttl"
    data.write_text("<https://example.org/p1> a <http://www.w3.org/ns/org#Post> .\n")
    kg = pmograph.load(data, store=f"oxigraph:{tmp_path / 'db'}")
    assert (URIRef("https://example.org/p1"), None, None) in kg.graph


def test_syntax_errors_name_file_and_line(tmp_path: Path) -> None:
    bad = tmp_path / "bad.ttl"
    bad.write_text("@prefix ex: <https://example.org/> .\n\nex:a ex:b [ .\n")
    with pytest.raises(pmograph.ParseError, match=r"bad.ttl, line 3"):
        pmograph.load(bad, store="oxigraph")
    with pytest.raises(pmograph.LoadError, match="no such file"):
        pmograph.load(tmp_path / "missing.nt", store="oxigraph")


def test_a_store_in_use_elsewhere_is_a_clear_error(tmp_path: Path) -> None:
    folder = tmp_path / "db"
    holder = subprocess.Popen([sys.executable, "-c", "import pmograph, sys; "
                               f"kg = pmograph.load(store='oxigraph:{folder}'); "
                               "print('open', flush=True); sys.stdin.read()"],
                              stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True, cwd=ROOT)
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "open"
        code = f"import pmograph; pmograph.load(store='oxigraph:{folder}')"
        out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                             cwd=ROOT)
        assert out.returncode != 0 and "another process has it open" in out.stderr
    finally:
        holder.communicate("", timeout=30)


def test_the_default_store_is_oxigraph_in_memory_and_rdflib_is_there() -> None:
    kg, pure = pmograph.load(), pmograph.load(store="rdflib")
    assert (kg.store, kg.spec.kind, kg.spec.location) == ("memory", "oxigraph", None)
    assert type(kg.backend).__name__ == "OxigraphBackend"
    assert (pure.store, type(pure.backend).__name__) == ("rdflib", "RdflibBackend")
    assert len(kg) == len(pure)


def test_store_values_are_checked() -> None:
    with pytest.raises(pmograph.StoreError, match="unknown store"):
        parse_store("postgres://x")
    with pytest.raises(pmograph.StoreError, match="USER:PASSWORD"):
        parse_store("http://127.0.0.1:1/sparql", auth="no-colon")
    os.environ["PMOGRAPH_SPARQL_USER"], os.environ["PMOGRAPH_SPARQL_PASSWORD"] = "ann", "pw"
    try:
        assert parse_store("http://127.0.0.1:1/sparql").auth == ("ann", "pw")
    finally:
        del os.environ["PMOGRAPH_SPARQL_USER"], os.environ["PMOGRAPH_SPARQL_PASSWORD"]


# ------------------------------------------------------------------ remote servers
def test_a_silent_server_times_out() -> None:
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(1)  # accepts the connection, never answers
    url = f"http://127.0.0.1:{listener.getsockname()[1]}/sparql"
    start = time.perf_counter()
    try:
        with pytest.raises(pmograph.StoreError, match=r"timeout 0\.5 s"):
            pmograph.load(store=url, timeout=0.5, catalog=False).query("ASK {}")
    finally:
        listener.close()
    assert time.perf_counter() - start < 10


def test_row_caps_are_paged_through(server: StoreSpec) -> None:
    kg = pmograph.load(store=server)
    memory = pmograph.load()
    expected = answer(memory, EVERY_ROW)
    assert len(expected) > 10_000  # Virtuoso's CI limit is its default, 10,000 rows
    assert answer(kg, EVERY_ROW) == expected


def test_answers_do_not_depend_on_the_hash_seed(server: StoreSpec) -> None:
    pmograph.load(store=server)
    code = (
        "import pmograph\nfrom pmograph._store.spec import parse_store\n"
        f"kg = pmograph.load(store=parse_store({server.location!r}, graph={server.graph!r}), "
        "catalog=False)\n"
        "print(len(list(kg.query('SELECT ?role WHERE { ?role a pmo:Role }'))),"
        " kg.query('ASK { ?role a pmo:Role }').askAnswer,"
        " len(kg.query('CONSTRUCT { ?r a pmo:Role } WHERE { ?r a pmo:Role }').graph))")
    answers = set()
    for seed in ("1", "3", "5"):
        out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                             cwd=ROOT, env={**os.environ, "PYTHONHASHSEED": seed})
        assert out.returncode == 0, out.stderr
        answers.add(out.stdout.strip())
    count = len(list(pmograph.load().query("SELECT ?role WHERE { ?role a pmo:Role }")))
    assert answers == {f"{count} True {count}"}


def test_a_read_only_server_refuses_to_load(server: StoreSpec, external: Path) -> None:
    read_only = parse_store(server.location or "", graph=server.graph + "-ro")
    if "/query" in (server.location or ""):  # Oxigraph: the query URL cannot update
        with pytest.raises(pmograph.StoreError):
            pmograph.load(external / HEFCE, store=read_only)


def test_blank_nodes_survive_the_trip(server: StoreSpec) -> None:
    graph = Graph()
    graph.parse(data="@prefix ex: <https://example.org/> . ex:a ex:has [ ex:name 'x' ] .",
                format="turtle")
    kg = pmograph.load(store=server, catalog=False)
    kg.add(graph)
    rows = list(kg.query("SELECT ?name WHERE { <https://example.org/a> "
                         "<https://example.org/has>/<https://example.org/name> ?name }"))
    assert [row[0] for row in rows] == [Literal("x")]


def test_virtuoso_digest_credentials() -> None:
    spec = server_spec("virtuoso")
    secured = (spec.location or "").replace("/sparql", "/sparql-auth")
    kg = pmograph.load(store=secured, auth="dba:dba", catalog=False)
    assert kg.query("ASK {}").askAnswer is True
    with pytest.raises(pmograph.StoreError, match="401"):
        pmograph.load(store=secured, auth="dba:wrong", catalog=False).query("ASK {}")


def test_progress_is_shown_on_a_terminal_only(tmp_path: Path, external: Path,
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    import io

    from pmograph._progress import reporter

    monkeypatch.setenv("PMOGRAPH_PROGRESS_DELAY", "0")  # show even a quick stage

    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    screen = Terminal()
    report = reporter(True, screen)
    assert report is not None and reporter(False, screen) is None
    kg = pmograph.load(store=f"oxigraph:{tmp_path / 'db'}")
    kg.progress = report
    kg.add(external / HEFCE)
    kg.add(external / HEFCE)
    text = screen.getvalue()
    assert f"parsing {HEFCE}: 100%" in text and "already in the store" in text
