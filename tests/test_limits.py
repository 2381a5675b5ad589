"""Limits that really stop (issue #19): the library's ``timeout`` returns on time, parsing
included, and says what keeps running; ``--timeout`` ends the command on time whatever the
query does; the row cap stops an engine early."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

import pmograph
from pmograph._cli import _time_limit

#: Slow: the edit loop skips these (`pytest -m "not slow"`); CI runs them.
pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parent.parent
DATA = Path(__file__).resolve().parent / "data"
#: Generous: the machine running the tests may be loaded.
MARGIN = 4.0
#: A query rdflib takes minutes to parse (the guard parses every query before it runs).
LONG_IN = "SELECT ?s WHERE { ?s ?p ?o FILTER(?o IN (" + ", ".join(
    str(i) for i in range(200_000)) + ")) }"
_TWELVE = " ".join(str(i) for i in range(12))
#: 12**7 (36 million) solutions counted: seconds inside Oxigraph, where nothing interrupts it.
OXIGRAPH_COUNT = "SELECT (COUNT(*) AS ?n) WHERE { " + " ".join(
    f"VALUES ?v{i} {{ {_TWELVE} }}" for i in range(7)) + " }"
#: A label on which Python's ``re`` backtracks for ever (2**40 ways to split the a's).
EVIL_LABEL = "a" * 40 + "b"
EVIL_REGEX = 'SELECT ?s WHERE { ?s skos:prefLabel ?l FILTER(REGEX(?l, "^(a+)+$")) }'


def elapsed(call: Callable[[], Any]) -> tuple[Any, float]:
    start = time.monotonic()
    try:
        return call(), time.monotonic() - start
    except pmograph.PmographError as err:
        return err, time.monotonic() - start


def wait_for_workers(limit: float = 300) -> None:
    """Wait until no query worker is left (Oxigraph ends its query in its own time)."""
    end = time.monotonic() + limit
    while any(t.name == "pmograph-query" for t in threading.enumerate()):
        assert time.monotonic() < end, "a query worker never ended"
        time.sleep(0.1)


@pytest.fixture(scope="module")
def evil(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("limits") / "evil.ttl"
    path.write_text("@prefix skos: <http://www.w3.org/2004/02/skos/core#> .\n"
                    f'<urn:x:evil> skos:prefLabel "{EVIL_LABEL}" .\n', encoding="utf-8")
    return path


# ------------------------------------------------------------------ the library
@pytest.mark.parametrize("store", ["memory", "rdflib"])
def test_parsing_counts_toward_the_limit(store: str) -> None:
    kg = pmograph.load(DATA / "tiny-org.ttl", catalog=False, store=store)
    failed, seconds = elapsed(lambda: kg.query(LONG_IN, timeout=1))
    assert isinstance(failed, pmograph.QueryError) and "longer than 1 s" in str(failed)
    assert seconds < 1 + MARGIN
    assert "background" not in str(failed)  # rdflib's parser is Python: it stopped
    assert kg.query("ASK { ?s ?p ?o }").askAnswer  # and the graph still answers


def test_oxigraph_returns_on_time_and_says_it_goes_on() -> None:
    kg = pmograph.load(DATA / "tiny-org.ttl", catalog=False)
    failed, seconds = elapsed(lambda: kg.query(OXIGRAPH_COUNT, timeout=0.3))
    assert isinstance(failed, pmograph.QueryError) and seconds < 0.3 + MARGIN
    assert "the engine cannot be interrupted: it ends in a background thread" in str(failed)
    assert kg.query("ASK { ?s ?p ?o }").askAnswer  # the store answers meanwhile
    wait_for_workers()


def test_rdflib_is_stopped_where_it_is() -> None:
    kg = pmograph.load(DATA / "tiny-org.ttl", catalog=False, store="rdflib")
    failed, seconds = elapsed(lambda: kg.query(OXIGRAPH_COUNT, timeout=0.3))
    assert isinstance(failed, pmograph.QueryError) and seconds < 0.3 + MARGIN
    assert "background" not in str(failed)
    end = time.monotonic() + MARGIN  # the worker ends at its next bytecode
    while any(t.name == "pmograph-query" for t in threading.enumerate()):
        assert time.monotonic() < end
        time.sleep(0.05)


def test_an_update_is_never_stopped_half_way() -> None:
    kg = pmograph.load(catalog=False, store="rdflib")
    kg.query("INSERT DATA { <urn:x:warm> <urn:x:up> 1 }", allow_update=True)  # parser loaded
    values = " ".join(str(i) for i in range(250))
    update = ("INSERT { ?a <urn:x:p> ?b } WHERE { VALUES ?a { " + values + " } VALUES ?b { "
              + values + " } }")  # seconds of rdflib's time; parsed in a fraction of one
    failed, seconds = elapsed(lambda: kg.query(update, allow_update=True, timeout=1.5))
    assert isinstance(failed, pmograph.QueryError) and seconds < 1.5 + MARGIN
    assert "the update had started: it runs to its end" in str(failed)
    wait_for_workers()
    assert len(kg.graph) == 250 * 250 + 1  # all of it, not half


def test_the_row_cap_stops_oxigraph_early() -> None:
    kg = pmograph.load(catalog=False)
    values = " ".join(str(i) for i in range(400))
    # 64 million solutions: minutes to read them all, and the query parses in a second
    grid = " ".join(f"VALUES ?{v} {{ {values} }}" for v in "abc")
    for query in (f"SELECT * WHERE {{ {grid} }}",
                  f"CONSTRUCT {{ ?x <urn:x:p> ?c }} WHERE {{ {grid} "
                  'BIND(IRI(CONCAT("urn:x:", STR(?a), "-", STR(?b))) AS ?x) }'):
        failed, seconds = elapsed(lambda q=query: kg.query(q, max_rows=10))
        assert isinstance(failed, pmograph.QueryError), query
        assert "more than 10 rows" in str(failed) and seconds < 3 * MARGIN
    assert len(kg.query(f"SELECT * WHERE {{ {grid} }} LIMIT 10", max_rows=10)) == 10


def test_no_engine_object_is_dropped_on_another_thread() -> None:
    # Oxigraph's answer objects (pyo3, "unsendable") must be read and dropped in the thread
    # that made them; dropped elsewhere, pyo3 reports "... is unsendable, but is being
    # dropped on another thread" as an unraisable exception.
    script = f"""
import gc, sys, threading, time
import pmograph
reports = []
sys.unraisablehook = lambda report: reports.append(repr(report.exc_value))
kg = pmograph.load({str(DATA / "tiny-org.ttl")!r}, catalog=False)
grid = {OXIGRAPH_COUNT.split("WHERE")[1]!r}.strip()[1:-1]
for query, limits in ((f"SELECT (COUNT(*) AS ?n) WHERE {{{{ {{grid}} }}}}", dict(timeout=0.3)),
                      (f"SELECT * WHERE {{{{ {{grid}} }}}}", dict(timeout=0.3)),
                      (f"SELECT * WHERE {{{{ {{grid}} }}}}", dict(timeout=30, max_rows=5)),
                      (f"SELECT * WHERE {{{{ {{grid}} }}}}", dict(max_rows=5))):
    try:
        kg.query(query, **limits)
    except pmograph.QueryError as err:
        print(str(err)[:40])
while any(t.name == "pmograph-query" for t in threading.enumerate()):
    time.sleep(0.1)
# Errors raised in this thread, kept in a reference cycle, collected by another thread.
for query in (f"SELECT * WHERE {{{{ {{grid}} }}}}",
              f"CONSTRUCT {{{{ ?s <urn:x:p> ?v1 }}}} WHERE {{{{ {{grid}} "
              'BIND(IRI(CONCAT("urn:x:", STR(?v0))) AS ?s) }}'):
    try:
        kg.query(query, max_rows=5)
    except pmograph.QueryError as err:
        print(str(err)[:40])
        err.cycle = err
    collector = threading.Thread(target=gc.collect)
    collector.start()
    collector.join()
gc.collect()
print("reports:", reports)
"""
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                          cwd=ROOT, timeout=600, check=False)
    assert done.returncode == 0, done.stderr
    assert done.stdout.count("the query") == 6, done.stdout
    assert "reports: []" in done.stdout and "unsendable" not in done.stderr, done.stderr


# ------------------------------------------------------------------ the command line
def run_cli(*args: str) -> tuple[subprocess.CompletedProcess[str], float]:
    start = time.monotonic()
    done = subprocess.run([sys.executable, "-m", "pmograph", *args], capture_output=True,
                          text=True, cwd=ROOT, timeout=600, check=False)
    return done, time.monotonic() - start


def assert_stopped(done: subprocess.CompletedProcess[str], seconds: float, limit: float,
                   baseline: float) -> None:
    assert done.returncode == 2, done.stderr
    lines = done.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith(
        f"Error: the query ran longer than {limit:g} s and was stopped"), done.stderr
    assert "--timeout" in lines[0]
    # Starting Python and loading take the same time as in the baseline run.
    assert seconds - baseline < limit + 2, (seconds, baseline)


@pytest.fixture(scope="module")
def baseline(evil: Path) -> float:
    """Seconds a quick query command takes here, start-up and loading included."""
    done, seconds = run_cli("--store", "rdflib", "--data", str(evil), "query", "--timeout",
                            "30", "ASK { ?s ?p ?o }")
    assert done.returncode == 0 and done.stdout.strip() == "true", done.stderr
    return seconds


def test_cli_stops_a_regex_that_holds_the_interpreter(evil: Path, baseline: float) -> None:
    # Python's re holds the interpreter lock for the whole match: only the main thread's
    # signal handler, which re calls while matching, can end it.
    done, seconds = run_cli("--store", "rdflib", "--data", str(evil), "query", "--timeout",
                            "2", EVIL_REGEX)
    assert_stopped(done, seconds, 2, baseline)
    assert done.stdout == ""


def test_cli_stops_a_query_oxigraph_cannot_interrupt(baseline: float, evil: Path) -> None:
    twelve_times_longer = OXIGRAPH_COUNT.replace("} }", f"}} VALUES ?v7 {{ {_TWELVE} }} }}")
    done, seconds = run_cli("--data", str(evil), "query", "--timeout", "2",
                            twelve_times_longer)
    assert_stopped(done, seconds, 2, baseline)


def test_cli_counts_parsing_and_reports_json(baseline: float, tmp_path: Path,
                                             evil: Path) -> None:
    query = tmp_path / "long-in.rq"
    query.write_text(LONG_IN, encoding="utf-8")
    done, seconds = run_cli("--data", str(evil), "query", "--timeout", "2", str(query),
                            "--json")
    assert_stopped(done, seconds, 2, baseline)
    error = json.loads(done.stdout)["error"]
    assert error["code"] == "query-error" and error["message"] in done.stderr


def test_cli_leaves_no_unfinished_output(tmp_path: Path) -> None:
    target = tmp_path / "out.ttl"
    script = f"""
import time
from pmograph._atomic import atomic_write
from pmograph._cli import _time_limit
assert _time_limit.arm(1, as_json=False, owns_process=True) is None
with atomic_write({str(target)!r}) as handle:
    while True:  # an output still being written when the time is up
        handle.write("half of an export\\n")
        handle.flush()
        time.sleep(0.01)
"""
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                          cwd=ROOT, timeout=120, check=False)
    assert done.returncode == 2 and done.stderr.startswith("Error: the query ran longer")
    assert list(tmp_path.iterdir()) == []  # no target, no temporary file


def test_in_process_runs_use_the_library_limit(cli: Any) -> None:
    # Called as main([...]) the process is not the command line's to end.
    before = signal.getsignal(signal.SIGALRM)
    stopped, seconds = elapsed(lambda: cli("query", OXIGRAPH_COUNT, "--no-catalog",
                                           "--timeout", "0.3"))
    assert stopped.code == 2 and "longer than 0.3 s" in stopped.err and seconds < 0.3 + MARGIN
    assert signal.getsignal(signal.SIGALRM) == before
    wait_for_workers()


def test_disarming_restores_the_alarm_and_ends_the_watchdog() -> None:
    before = signal.getsignal(signal.SIGALRM)
    assert _time_limit.arm(600, as_json=False, owns_process=True) is None
    assert signal.getsignal(signal.SIGALRM) is not before
    assert signal.getitimer(signal.ITIMER_REAL)[0] > 0
    _time_limit.disarm()
    assert signal.getsignal(signal.SIGALRM) == before
    assert signal.getitimer(signal.ITIMER_REAL)[0] == 0
    end = time.monotonic() + MARGIN
    while any(t.name == "pmograph-timeout" for t in threading.enumerate()):
        assert time.monotonic() < end
        time.sleep(0.05)
    assert _time_limit.arm(5, as_json=False, owns_process=False) == 5  # nothing armed
    assert signal.getsignal(signal.SIGALRM) == before
    assert os.getpid() > 0  # still here
