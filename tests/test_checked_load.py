"""Oxigraph's lenient loader beside a strict check in a child process (``_checked_load``).

Every test forces the checked path on a small file (``PARALLEL_MIN_BYTES = 0``) and compares it
with what a strict load does: the same triples when the file is valid, the same error and an
untouched store when it is not.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from rdflib import BNode, Graph

import pmograph
from pmograph import ParseError
from pmograph._store import checked_load as checked

pyoxigraph = pytest.importorskip("pyoxigraph")

GOOD = "".join(f"<http://example.org/post/{i}> <http://www.w3.org/ns/org#reportsTo> "
               f"<http://example.org/post/{i // 3}> .\n"
               f"<http://example.org/post/{i}> <http://www.w3.org/2000/01/rdf-schema#label> "
               f"\"Post {i}\"@en-GB .\n"
               f"<http://example.org/post/{i}> <http://example.org/note> _:n{i} .\n"
               for i in range(1, 400))

# What Oxigraph's lenient parser lets through and its strict parser (and rdflib) refuse.
LENIENT_ONLY = {
    "space in an IRI": '<http://example.org/a b> <http://example.org/p> "x" .',
    "relative IRI": '<a> <http://example.org/p> "x" .',
    "bad IPv6 host": '<urn:a> <http://example.org/p> <http://[::1]x/> .',
    "datatype with a space": '<urn:a> <http://example.org/p> "x"^^<not an iri> .',
}


@pytest.fixture
def forced(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(checked, "PARALLEL_MIN_BYTES", 0)
    monkeypatch.setattr(checked, "_cpus", lambda: 2)


@pytest.fixture
def started(monkeypatch: pytest.MonkeyPatch) -> list[list[str]]:
    """The command lines of the checkers started (so a test can tell which path ran)."""
    commands: list[list[str]] = []
    real = subprocess.Popen

    def spy(args: list[str], **kwargs: object) -> subprocess.Popen[str]:
        commands.append(args)
        return real(args, **kwargs)  # type: ignore[call-overload, no-any-return]

    monkeypatch.setattr(checked.subprocess, "Popen", spy)
    return commands


def _ground(graph: Graph) -> set[tuple[object, ...]]:
    return {t for t in graph if not any(isinstance(term, BNode) for term in t)}


def test_valid_file_loads_the_same_triples_as_the_memory_store(
        tmp_path: Path, forced: None, started: list[list[str]]) -> None:
    data = tmp_path / "org.nt"
    data.write_text(GOOD)
    fast = pmograph.load(data, store="oxigraph", catalog=False)
    assert len(started) == 1  # the checked path ran
    memory = pmograph.load(data, catalog=False)
    assert len(fast) == len(memory) == 3 * 399
    assert _ground(fast.graph) == _ground(memory.graph)


def test_turtle_with_a_base_resolves_as_strictly(tmp_path: Path, forced: None,
                                                  started: list[list[str]]) -> None:
    data = tmp_path / "org.ttl"
    data.write_text("@prefix org: <http://www.w3.org/ns/org#> .\n"
                    "<post/1> org:reportsTo <post/0> ; org:holds <../x#y> .\n")
    fast = pmograph.load(data, store="oxigraph", catalog=False)
    assert len(started) == 1
    assert _ground(fast.graph) == _ground(pmograph.load(data, catalog=False).graph)


@pytest.mark.parametrize("line", LENIENT_ONLY.values(), ids=LENIENT_ONLY.keys())
@pytest.mark.parametrize("where", ["first", "last"])
def test_what_only_the_strict_parser_refuses_is_refused_and_nothing_is_kept(
        tmp_path: Path, forced: None, started: list[list[str]], monkeypatch: pytest.MonkeyPatch,
        line: str, where: str) -> None:
    data = tmp_path / "bad.nt"
    data.write_text(line + "\n" + GOOD if where == "first" else GOOD + line + "\n")
    bad_line = 1 if where == "first" else 3 * 399 + 1
    kg = pmograph.load(store="oxigraph")
    before = len(kg)
    with pytest.raises(ParseError) as caught:
        kg.add(data)
    assert len(started) == 1
    assert caught.value.line == bad_line
    assert f"{data}, line {bad_line}:" in str(caught.value)
    assert len(kg) == before  # aborted in one transaction: no triple of the file is kept
    monkeypatch.setattr(checked, "PARALLEL_MIN_BYTES", 1 << 60)  # the strict loader ...
    with pytest.raises(ParseError) as strict:
        pmograph.load(data, store="oxigraph", catalog=False)
    assert len(started) == 1  # ... ran without a checker, and says the same
    assert str(strict.value) == str(caught.value)


def test_a_syntax_error_both_parsers_see_is_reported_as_the_strict_one(
        tmp_path: Path, forced: None) -> None:
    data = tmp_path / "broken.nt"
    data.write_text(GOOD + "<urn:a> <urn:b> \"unclosed .\n" + GOOD)
    with pytest.raises(ParseError) as caught:
        pmograph.load(data, store="oxigraph", catalog=False)
    assert caught.value.line == 3 * 399 + 1


@pytest.mark.parametrize("executable", ["/bin/false", "/nonexistent/python"])
def test_without_a_working_checker_the_file_is_loaded_strictly(
        tmp_path: Path, forced: None, monkeypatch: pytest.MonkeyPatch, executable: str) -> None:
    """A checker that dies (or cannot start) gives no verdict: the load falls back to strict."""
    monkeypatch.setattr(checked.sys, "executable", executable)
    good = tmp_path / "org.nt"
    good.write_text(GOOD)
    assert len(pmograph.load(good, store="oxigraph", catalog=False)) == 3 * 399
    bad = tmp_path / "bad.nt"
    bad.write_text(GOOD + LENIENT_ONLY["space in an IRI"] + "\n")
    kg = pmograph.load(store="oxigraph")
    before = len(kg)
    with pytest.raises(ParseError, match="line 1198"):
        kg.add(bad)
    assert len(kg) == before


def test_a_file_that_changes_while_loading_is_refused(tmp_path: Path) -> None:
    data = tmp_path / "org.nt"
    data.write_text(GOOD)
    import json
    import os

    stat = os.stat(data)  # what the checker reports for the file it parsed
    identity = [stat.st_dev, stat.st_ino, stat.st_size, stat.st_mtime_ns]
    answer = json.dumps({"file": identity, "error": None})
    verdict = subprocess.Popen([sys.executable, "-c", f"print({answer!r})"],
                               stdout=subprocess.PIPE, text=True)
    reader = checked._GatedReader(data, verdict)
    with data.open("a") as more:  # appended after the checker (and the reader) started
        more.write("<urn:late> <urn:p> <urn:o> .\n")
    with pytest.raises(pmograph.LoadError, match="changed while it was being loaded"):
        while reader.read(1 << 16):
            pass
    reader.close()


def test_small_files_and_single_cpus_load_strictly(tmp_path: Path,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    data = tmp_path / "org.nt"
    data.write_text(GOOD)
    assert not checked.can_check(data, "N_TRIPLES")  # far below the threshold
    monkeypatch.setattr(checked, "PARALLEL_MIN_BYTES", 0)
    monkeypatch.setattr(checked, "_cpus", lambda: 2)
    assert checked.can_check(data, "N_TRIPLES")
    assert not checked.can_check(data, "RDF_XML")
    monkeypatch.setattr(checked, "_cpus", lambda: 1)
    assert not checked.can_check(data, "N_TRIPLES")


def test_a_file_swapped_for_another_of_the_same_size_and_time_is_refused(tmp_path: Path) -> None:
    """The checker reports which file it parsed; the loader compares it with what it read."""
    import json
    import os

    data = tmp_path / "org.nt"
    data.write_text(GOOD)
    stat = os.stat(data)
    answer = json.dumps({"file": [stat.st_dev, stat.st_ino, stat.st_size, stat.st_mtime_ns],
                         "error": None})
    reader = checked._GatedReader(data, subprocess.Popen(
        [sys.executable, "-c", f"print({answer!r})"], stdout=subprocess.PIPE, text=True))
    swapped = tmp_path / "swapped.nt"  # same size, same time, another file
    swapped.write_text(GOOD.replace("Post 1", "Post X", 1))
    os.utime(swapped, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    os.replace(swapped, data)
    with pytest.raises(pmograph.LoadError, match="changed while it was being loaded"):
        while reader.read(1 << 16):
            pass
    reader.close()


@pytest.mark.parametrize("executable", ["/usr/bin/uwsgi", "/opt/app/myapp", ""])
def test_no_checker_where_sys_executable_is_not_python(tmp_path: Path, forced: None,
                                                       monkeypatch: pytest.MonkeyPatch,
                                                       executable: str) -> None:
    data = tmp_path / "org.nt"
    data.write_text(GOOD)
    assert checked.can_check(data, "N_TRIPLES")
    monkeypatch.setattr(checked.sys, "executable", executable)
    assert not checked.can_check(data, "N_TRIPLES")


def test_no_checker_in_a_frozen_program(tmp_path: Path, forced: None,
                                        monkeypatch: pytest.MonkeyPatch) -> None:
    data = tmp_path / "org.nt"
    data.write_text(GOOD)
    monkeypatch.setattr(checked.sys, "frozen", True, raising=False)
    assert not checked.can_check(data, "N_TRIPLES")
