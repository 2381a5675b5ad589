"""Stale answers and leftovers (issue #19, SECURITY.md "Leftovers").

* A persistent store edited by another program (pyoxigraph, while pmograph is not running)
  with the same number of quads: every command sees the edit (an old snapshot cache made
  ``validate`` report "Conforms" from stale data; it was removed, and this pins it).
* ``kill -9`` leaves what cannot be cleaned at the time: a temporary output file beside the
  target, ``bulk-*.sst`` files in an Oxigraph store.  They are removed the next time the target
  is written or the store opened.  Graphviz's ``dot`` dies with pmograph even then.
* ``SIGTERM`` is cleaned up at the time.

Every test kills a real process, started with the real command line or the library.
"""

from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import sys
import textwrap
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from pmograph._atomic import _temp_prefix, remove_stale_temporaries

#: Slow: the edit loop skips these (`pytest -m "not slow"`); CI runs them.
pytestmark = pytest.mark.slow

DATA = Path(__file__).resolve().parent / "data"
TINY = DATA / "tiny-org.ttl"
PMOGRAPH = [sys.executable, "-m", "pmograph"]
EX = "https://example.org/tiny/"


def python(script: str, *args: str, **options: object) -> subprocess.Popen[str]:
    """A Python child running ``script`` (dedented)."""
    return subprocess.Popen([sys.executable, "-c", textwrap.dedent(script), *args],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            **options)  # type: ignore[call-overload]


def wait_for(condition: Callable[[], object], timeout: float, what: str) -> object:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        found = condition()
        if found:
            return found
        time.sleep(0.05)
    raise AssertionError(f"timed out waiting for {what}")


def processes() -> dict[int, tuple[str, str, int]]:
    """Every process: pid -> (command name, state, parent pid), from /proc."""
    found = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            text = (entry / "stat").read_text()
        except OSError:
            continue
        name = text[text.index("(") + 1:text.rindex(")")]
        state, parent = text[text.rindex(")") + 2:].split()[:2]
        found[int(entry.name)] = (name, state, int(parent))
    return found


def running(pid: int) -> bool:
    """Whether ``pid`` is running (a zombie waiting to be reaped is not)."""
    info = processes().get(pid)
    return info is not None and info[1] not in ("Z", "X")


# ------------------------------------------------------------------ a store edited elsewhere
COMMANDS = {
    "validate": ["validate", "--no-shacl", "--json"],
    "chain": ["chain", EX + "pm1", "--json"],
    "reports": ["reports", EX + "ceo", "--json"],
    "roles": ["roles", "--json"],
    "show": ["show", EX + "pmo-head", "--json"],
    "query": ["query", f"SELECT ?label WHERE {{ <{EX}pmo-head> rdfs:label ?label }}", "--json"],
}
RUN_ALL = """
    import contextlib, io, json, sys
    from pmograph._cli import main
    results = {}
    for name, argv in json.loads(sys.argv[1]).items():
        out, err = io.StringIO(), io.StringIO()
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            code = main([*argv, "--store", sys.argv[2]])
        results[name] = {"code": code, "out": json.loads(out.getvalue()), "err": err.getvalue()}
    print(json.dumps(results))
"""
EDIT = """
    import sys
    import pyoxigraph as ox
    store = ox.Store(sys.argv[1])
    ex, org = "https://example.org/tiny/", "http://www.w3.org/ns/org#"
    rdfs, skos = "http://www.w3.org/2000/01/rdf-schema#", "http://www.w3.org/2004/02/skos/core#"
    n, lit, g = ox.NamedNode, ox.Literal, ox.DefaultGraph()
    role = n("https://w3id.org/pmograph/catalog/ProjectSupportOfficer")
    english = lambda text: lit(text, language="en")
    before = len(store)
    changes = [  # (removed, added): the same number of quads afterwards
        ((n(ex + "pm1"), n(org + "reportsTo"), n(ex + "pmo-head")),
         (n(ex + "pm1"), n(org + "reportsTo"), n(ex + "ceo"))),
        ((n(ex + "pmo-head"), n(rdfs + "label"), lit("Head of PMO")),
         (n(ex + "pmo-head"), n(rdfs + "label"), lit("Head of Delivery"))),
        ((n(ex + "pm2"), n(skos + "notation"), lit("4")),
         (n(ex + "pm2"), n(org + "reportsTo"), n(ex + "ceo"))),
        ((role, n(skos + "prefLabel"), english("Project Support Officer")),
         (role, n(skos + "prefLabel"), english("Project Support Officer (edited)"))),
    ]
    for removed, added in changes:
        assert ox.Quad(*removed, g) in store, removed
        store.remove(ox.Quad(*removed, g))
        store.add(ox.Quad(*added, g))
    assert len(store) == before, (len(store), before)
    print(before)
"""


def run_all(store: str) -> dict[str, dict[str, object]]:
    child = python(RUN_ALL, json.dumps(COMMANDS), store)
    out, err = child.communicate(timeout=300)
    assert child.returncode == 0, err
    return json.loads(out)  # type: ignore[no-any-return]


def test_every_command_sees_a_store_edited_by_another_program(tmp_path: Path) -> None:
    store = f"oxigraph:{tmp_path / 'store'}"
    loaded = subprocess.run([*PMOGRAPH, "load", "--store", store, str(TINY)],
                            capture_output=True, text=True, timeout=300, check=False)
    assert loaded.returncode == 0, loaded.stderr
    before = run_all(store)
    assert before["validate"]["code"] == 0
    assert before["chain"]["out"]["paths"][0][0]["iri"] == EX + "pmo-head"

    edit = python(EDIT, str(tmp_path / "store"))  # pmograph is not running now
    _, err = edit.communicate(timeout=120)
    assert edit.returncode == 0, err

    after = run_all(store)
    validate = after["validate"]
    assert validate["code"] == 1, validate
    assert any(r["check"] == "two-line-managers" and r["focus"]["iri"] == EX + "pm2"
               for r in validate["out"]["results"])
    assert [step["iri"] for step in after["chain"]["out"]["paths"][0]] == [EX + "ceo"]
    reports = {entry["iri"] for entry in after["reports"]["out"]["reports"]}
    assert {EX + "pm1", EX + "pm2"} <= reports
    assert EX + "pm1" not in {e["iri"] for e in before["reports"]["out"]["reports"]}
    labels = {role["label"] for role in after["roles"]["out"]}
    assert "Project Support Officer (edited)" in labels
    assert "Project Support Officer" not in labels
    assert after["show"]["out"]["subject"]["label"] == "Head of Delivery"
    values = [b["label"]["value"] for b in after["query"]["out"]["results"]["bindings"]]
    assert values == ["Head of Delivery"]


# ------------------------------------------------------------------ temporary output files
WRITER = """
    import sys, time
    from pmograph._atomic import atomic_write
    with atomic_write(sys.argv[1]) as handle:
        handle.write("half an export")
        handle.flush()
        print("writing", flush=True)
        time.sleep(600)
"""


def temporaries(folder: Path) -> list[Path]:
    return sorted(p for p in folder.iterdir() if p.name.endswith(".tmp"))


def test_kill_9_mid_write_leaves_a_temporary_file_the_next_write_removes(
        tmp_path: Path) -> None:
    target = tmp_path / "org.nt"
    killed = python(WRITER, str(target))
    assert killed.stdout is not None and killed.stdout.readline() == "writing\n"
    left = temporaries(tmp_path)
    assert len(left) == 1 and f"-{killed.pid}-" in left[0].name
    killed.send_signal(signal.SIGKILL)
    killed.wait(30)
    assert temporaries(tmp_path) == left  # kill -9 cannot be cleaned up at the time

    live = python(WRITER, str(target))  # a writer that is still running keeps its file
    assert live.stdout is not None and live.stdout.readline() == "writing\n"
    try:
        done = subprocess.run([*PMOGRAPH, "export", "--no-catalog", "--data", str(TINY),
                               "-o", str(target)], capture_output=True, text=True,
                              timeout=120, check=False)
        assert done.returncode == 0, done.stderr
        remaining = temporaries(tmp_path)
        assert len(remaining) == 1 and f"-{live.pid}-" in remaining[0].name
        assert "ex:pmo-head" in target.read_text() or EX + "pmo-head" in target.read_text()
    finally:
        live.kill()
        live.wait(30)


def test_a_reused_process_number_does_not_keep_a_temporary_file(tmp_path: Path) -> None:
    """A file named after a running process that started after the file was last written
    (the number was reused) is stale too."""
    target = tmp_path / "chart.svg"
    reused = tmp_path / f"{_temp_prefix(target.name)}{os.getpid()}-abcd1234.tmp"
    reused.write_text("half a chart")
    mine = tmp_path / f"{_temp_prefix(target.name)}{os.getpid()}-efgh5678.tmp"
    mine.write_text("being written by this process")
    a_year_ago = time.time() - 365 * 24 * 3600
    os.utime(reused, (a_year_ago, a_year_ago))
    assert remove_stale_temporaries(target) == [reused]
    assert mine.exists() and not reused.exists()
    other = tmp_path / f"{_temp_prefix('other.svg')}999999999-x.tmp"
    other.write_text("another target's file")
    assert remove_stale_temporaries(target) == [] and other.exists()


def test_sigterm_mid_write_removes_the_temporary_file_at_the_time(tmp_path: Path) -> None:
    target = tmp_path / "org.nt"
    child = python("""
        import sys, time
        from pmograph._atomic import atomic_write
        from pmograph._cli._surroundings import Terminated, ended_by_signals
        try:
            with ended_by_signals(), atomic_write(sys.argv[1]) as handle:
                handle.write("half an export")
                handle.flush()
                print("writing", flush=True)
                time.sleep(600)
        except Terminated as stopped:
            sys.exit(stopped.code)
    """, str(target))
    assert child.stdout is not None and child.stdout.readline() == "writing\n"
    assert len(temporaries(tmp_path)) == 1
    child.send_signal(signal.SIGTERM)
    assert child.wait(30) == 128 + signal.SIGTERM
    assert list(tmp_path.iterdir()) == []


# ------------------------------------------------------------------ Graphviz's dot
def big_org(path: Path, posts: int = 3000) -> Path:
    """An organisation that keeps ``dot`` busy for minutes."""
    chooser = random.Random(19)
    lines = ["@prefix org: <http://www.w3.org/ns/org#> .",
             "@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .",
             "@prefix ex: <https://example.org/big/> ."]
    for number in range(posts):
        boss = f" ; org:reportsTo ex:p{chooser.randrange(number)}" if number else ""
        lines.append(f'ex:p{number} a org:Post ; rdfs:label "Post {number} of a long '
                     f'title"{boss} .')
    path.write_text("\n".join(lines) + "\n")
    return path


def dot_children(parent: int) -> list[int]:
    return [pid for pid, (name, state, ppid) in processes().items()
            if ppid == parent and name == "dot" and state not in ("Z", "X")]


@pytest.mark.slow
@pytest.mark.parametrize("how", [signal.SIGKILL, signal.SIGTERM], ids=["kill-9", "sigterm"])
def test_dot_dies_with_pmograph(tmp_path: Path, how: signal.Signals) -> None:
    source = big_org(tmp_path / "big.ttl")
    target = tmp_path / "big.svg"
    render = subprocess.Popen([*PMOGRAPH, "render", "org-chart", "--no-catalog", "--quiet",
                               "--data", str(source), "--max-nodes", "3000", "-o", str(target)],
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        dots = wait_for(lambda: dot_children(render.pid), 120, "dot to start")
        assert isinstance(dots, list)
        # Let dot read its whole input and start the layout: killed while it still reads,
        # it would end anyway, at the end of its input.
        time.sleep(4)
        assert all(running(pid) for pid in dots)
        render.send_signal(how)
        render.wait(30)
        wait_for(lambda: not any(running(pid) for pid in dots), 10, "dot to die")
    finally:
        render.kill()
        render.wait(30)
        for pid in dot_children(render.pid):
            os.kill(pid, signal.SIGKILL)
    assert not target.exists()
    if how == signal.SIGTERM:  # unwound: nothing left beside the target, one Error line
        assert temporaries(tmp_path) == []
        assert render.returncode == 128 + signal.SIGTERM


# ------------------------------------------------------------------ Oxigraph bulk loads
@pytest.mark.slow
def test_kill_9_mid_bulk_load_leaves_sst_files_the_next_open_removes(tmp_path: Path) -> None:
    source = tmp_path / "big.nt"
    with source.open("w") as handle:  # past one bulk-load batch (a million quads)
        for number in range(1_500_000):
            handle.write(f'<urn:p{number}> <urn:n> "{number}" .\n')
    folder = tmp_path / "store"
    loader = python("""
        import sys, pmograph
        pmograph.load(sys.argv[1], catalog=False, store="oxigraph:" + sys.argv[2])
    """, str(source), str(folder))
    try:
        wait_for(lambda: list(folder.glob("bulk-*.sst")), 180, "bulk-*.sst files")
        loader.send_signal(signal.SIGKILL)
        loader.wait(30)
    finally:
        loader.kill()
        loader.wait(30)
    assert list(folder.glob("bulk-*.sst")), "kill -9 left nothing to clean up"
    reopened = subprocess.run([*PMOGRAPH, "load", "--no-catalog", "--store",
                               f"oxigraph:{folder}", str(TINY), "--json"],
                              capture_output=True, text=True, timeout=300, check=False)
    assert reopened.returncode == 0, reopened.stderr
    assert list(folder.glob("bulk-*.sst")) == []
    assert json.loads(reopened.stdout)["counts"]["added"] > 0
