"""Inputs and outputs that never surprise (issue #19, SECURITY.md "Inputs and outputs").

Each test reproduces something that happened, with the real command line in a subprocess
where the kernel is part of the story (pipes, devices, terminals, standard output):

* inputs: a ``.ttl`` link to ``/dev/zero`` (ate memory until killed), the size limit, a named
  pipe with no writer, a process substitution, standard input;
* outputs: ``-o`` onto a named pipe, a terminal and ``/dev/fd/1`` (they were replaced by a
  regular file: as root, ``-o /dev/null`` replaced ``/dev/null``), ``-o -``, a symbolic link;
* tracebacks: deep nesting on ``export`` and ``query`` CONSTRUCT, a Turtle file nested 100,000
  deep in an Oxigraph store, lone surrogates and noncharacters on ``render``, NUL in an IRI,
  ill-typed literals, and the last translation point of the command line.
"""

from __future__ import annotations

import json
import os
import pty
import resource
import stat
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import ORG, RDF, SKOS

import pmograph
from pmograph._errors import InputTooLargeError

#: Slow: the edit loop skips these (`pytest -m "not slow"`); CI runs them.
pytestmark = pytest.mark.slow

DATA = Path(__file__).resolve().parent / "data"
TINY = DATA / "tiny-org.ttl"
BAD = DATA / "bad"
PMOGRAPH = [sys.executable, "-m", "pmograph"]
Cli = Callable[..., Any]


def run(*args: str, input: bytes | None = None, env: dict[str, str] | None = None,
        memory: int | None = None, timeout: float = 120, **options: Any
        ) -> subprocess.CompletedProcess[bytes]:
    """``pmograph ARGS`` in a subprocess; ``memory`` caps its address space (bytes)."""
    def limit() -> None:
        if memory is not None:
            resource.setrlimit(resource.RLIMIT_AS, (memory, memory))

    options.setdefault("stdout", subprocess.PIPE)
    return subprocess.run([*PMOGRAPH, *args], input=input, stderr=subprocess.PIPE,
                          timeout=timeout, env={**os.environ, **(env or {})},
                          preexec_fn=limit, check=False, **options)


def bash(script: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[bytes]:
    """A bash command line (process substitution needs bash), with ``$PMOGRAPH`` set."""
    return subprocess.run(["bash", "-c", script], capture_output=True, timeout=120,
                          env={**os.environ, "PMOGRAPH": " ".join(PMOGRAPH), **(env or {})},
                          check=False)


def one_error(done: subprocess.CompletedProcess[bytes], *needles: str) -> str:
    """Assert exit 2 with exactly one ``Error:`` line naming every needle; return it."""
    err = done.stderr.decode("utf-8", "replace")
    assert done.returncode == 2, err
    lines = err.splitlines()
    assert len(lines) == 1 and lines[0].startswith("Error: "), err
    for needle in needles:
        assert needle in lines[0], (needle, lines[0])
    return lines[0]


# ------------------------------------------------------------------ inputs
@pytest.mark.parametrize("device", ["/dev/zero", "/dev/urandom"])
@pytest.mark.parametrize("store", ["memory", "rdflib", "oxigraph"])
def test_a_ttl_link_to_a_device_is_refused_at_its_first_chunk(tmp_path: Path, device: str,
                                                              store: str) -> None:
    link = tmp_path / "org.ttl"
    link.symlink_to(device)
    where = f"oxigraph:{tmp_path / 'store'}" if store == "oxigraph" else store
    started = time.monotonic()
    # 2 GiB of address space: reading the device into memory would fail, not eat the machine.
    done = run("roles", "--no-catalog", "--store", where, "--data", str(link),
               memory=2 << 30)
    one_error(done, "org.ttl", "NUL bytes" if device == "/dev/zero" else "line")
    assert time.monotonic() - started < 60


def test_the_size_limit_refuses_a_file_before_reading_it(tmp_path: Path) -> None:
    size = TINY.stat().st_size
    done = run("roles", "--no-catalog", "--data", str(TINY),
               env={"PMOGRAPH_MAX_INPUT_BYTES": str(size - 1)})
    one_error(done, "tiny-org.ttl", "input size limit", "PMOGRAPH_MAX_INPUT_BYTES")
    assert run("roles", "--no-catalog", "--data", str(TINY),
               env={"PMOGRAPH_MAX_INPUT_BYTES": str(size)}).returncode == 0
    assert run("roles", "--no-catalog", "--data", str(TINY),
               env={"PMOGRAPH_MAX_INPUT_BYTES": "unlimited"}).returncode == 0
    one_error(run("roles", "--no-catalog", "--data", str(TINY),
                  env={"PMOGRAPH_MAX_INPUT_BYTES": "lots"}),
              "PMOGRAPH_MAX_INPUT_BYTES='lots' is not a size")
    with pytest.raises(InputTooLargeError, match=r"tiny-org\.ttl"):
        pmograph.load(TINY, catalog=False, max_input_bytes=size - 1)
    assert len(pmograph.load(TINY, catalog=False, max_input_bytes=size)) > 0


def test_a_pipe_is_read_in_chunks_and_stopped_at_the_limit() -> None:
    started = time.monotonic()
    done = bash('$PMOGRAPH roles --no-catalog --data-format nt '
                '--data <(yes "<urn:a> <urn:b> <urn:c> .")',
                env={"PMOGRAPH_MAX_INPUT_BYTES": "4MiB"})
    one_error(done, "/dev/fd/", "past the input size limit of 4 MiB")
    assert time.monotonic() - started < 60


def test_a_named_pipe_with_no_writer_waits_like_cat(tmp_path: Path) -> None:
    fifo = tmp_path / "org.ttl"
    os.mkfifo(fifo)
    command = subprocess.Popen([*PMOGRAPH, "chain", "Head of PMO", "--no-catalog",
                                "--data", str(fifo), "--json"],
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        time.sleep(2)
        assert command.poll() is None, "pmograph did not wait for a writer"
        with fifo.open("wb") as writer:
            writer.write(TINY.read_bytes())
        out, err = command.communicate(timeout=60)
    finally:
        command.kill()
    assert command.returncode == 0, err
    assert json.loads(out)["paths"][0][0]["label"] == "Chief Executive"
    assert stat.S_ISFIFO(fifo.stat().st_mode)


def test_process_substitution_with_the_format_given() -> None:
    done = bash(f'$PMOGRAPH chain "Head of PMO" --no-catalog --json '
                f'--data <(cat {TINY}) --data-format ttl')
    assert done.returncode == 0, done.stderr
    chain = json.loads(done.stdout)
    assert [step["label"] for step in chain["paths"][0]] == ["Chief Executive"]
    # Without the format, the error says how to give it.
    one_error(bash(f'$PMOGRAPH roles --no-catalog --data <(cat {TINY})'),
              "/dev/fd/", "--data-format")
    # CSV through a pipe: errors name the pipe, not a temporary file.
    bad_csv = DATA / "import" / "bad-fte-junior.csv"
    line = one_error(bash(f'$PMOGRAPH roles --no-catalog --data <(cat {bad_csv}) '
                          '--data-format csv'), "/dev/fd/", "row 2")
    assert "pmograph-" not in line


def test_standard_input_and_a_persistent_store_from_a_pipe(tmp_path: Path) -> None:
    done = run("show", "Head of PMO", "--no-catalog", "--data", "-", "--data-format", "ttl",
               "--json", input=TINY.read_bytes())
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["subject"]["iri"] == "https://example.org/tiny/pmo-head"
    store = f"oxigraph:{tmp_path / 'store'}"
    loaded = bash(f'$PMOGRAPH load --no-catalog --store {store} <(cat {TINY}) '
                  '--data-format ttl --json')
    assert loaded.returncode == 0, loaded.stderr
    assert json.loads(loaded.stdout)["counts"]["added"] > 0
    again = bash(f'$PMOGRAPH load --no-catalog --store {store} <(cat {TINY}) '
                 '--data-format ttl --json')
    assert json.loads(again.stdout)["counts"]["unchanged"] == 1  # one digest per content


# ------------------------------------------------------------------ outputs
def test_o_onto_a_named_pipe_writes_into_it(tmp_path: Path) -> None:
    fifo = tmp_path / "out.nt"
    os.mkfifo(fifo)
    received: list[bytes] = []
    reader = threading.Thread(target=lambda: received.append(fifo.read_bytes()))
    reader.start()
    done = run("export", "--no-catalog", "--data", str(TINY), "-o", str(fifo),
               "--format", "nt")
    reader.join(30)
    assert done.returncode == 0, done.stderr
    assert stat.S_ISFIFO(fifo.stat().st_mode), "the named pipe was replaced"
    assert len(Graph().parse(data=received[0], format="nt")) == len(
        Graph().parse(TINY, format="turtle"))
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.nt"]


def test_o_onto_a_terminal_writes_into_it_and_binary_is_refused(tmp_path: Path) -> None:
    controller, terminal = pty.openpty()
    name = os.ttyname(terminal)
    try:
        done = run("export", "--no-catalog", "--data", str(TINY), "-o", name,
                   "--format", "nt")
        assert done.returncode == 0, done.stderr
        assert stat.S_ISCHR(os.stat(name).st_mode), "the terminal device was replaced"
        os.set_blocking(controller, False)
        shown = os.read(controller, 1 << 16)
        assert b"<https://example.org/tiny/ceo>" in shown
        # A PNG on a terminal would garble it: refused, nothing written.
        png = run("render", "org-chart", "--no-catalog", "--data", str(TINY), "-o", "-",
                  "--format", "png", stdout=terminal)
        one_error(png, "terminal", "binary")
    finally:
        os.close(controller)
        os.close(terminal)


@pytest.mark.parametrize("command, check", [
    (["export", "--format", "nt"], lambda out: len(Graph().parse(data=out, format="nt")) > 5),
    (["export"], lambda out: len(Graph().parse(data=out, format="turtle")) > 5),
    (["import", str(DATA / "import" / "hr-export.csv")],
     lambda out: len(Graph().parse(data=out, format="turtle")) > 5),
    (["render", "org-chart"], lambda out: out.startswith(b"<?xml") and b"</svg>" in out),
    (["render", "org-chart", "--format", "dot"], lambda out: out.startswith(b"digraph")),
], ids=["export-nt", "export-default-ttl", "import", "render-default-svg", "render-dot"])
def test_o_dash_writes_only_the_data_to_standard_output(tmp_path: Path, command: list[str],
                                                         check: Callable[[bytes], bool]) -> None:
    data = [] if command[0] == "import" else ["--data", str(TINY)]
    done = run(*command, "--no-catalog", *data, "-o", "-", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert check(done.stdout)
    assert b"rote - (" in done.stderr  # the summary goes to standard error
    assert list(tmp_path.iterdir()) == [], "a file named '-' was written"
    report = run(*command, "--no-catalog", *data, "-o", "-", "--json", cwd=tmp_path)
    assert report.stdout == done.stdout or command[0] == "render"  # SVG ids may differ
    assert json.loads(report.stderr)["written"] == "-"


def test_o_dev_fd_1_and_a_link_to_it_write_into_standard_output(tmp_path: Path) -> None:
    link = tmp_path / "out.nt"
    link.symlink_to("/proc/self/fd/1")
    for target in ("/dev/fd/1", str(link)):
        done = run("export", "--no-catalog", "--data", str(TINY), "-o", target,
                   "--format", "nt")
        assert done.returncode == 0, done.stderr
        assert len(Graph().parse(data=done.stdout, format="nt")) > 5, target
        assert b"wrote" in done.stderr
    assert link.is_symlink() and os.readlink(link) == "/proc/self/fd/1"


def test_o_onto_a_link_replaces_the_file_it_points_to(tmp_path: Path) -> None:
    real = tmp_path / "real.nt"
    real.write_text("old\n")
    link = tmp_path / "link.nt"
    link.symlink_to(real.name)
    done = run("export", "--no-catalog", "--data", str(TINY), "-o", str(link))
    assert done.returncode == 0, done.stderr
    assert link.is_symlink(), "the link was replaced by a file"
    assert len(Graph().parse(real, format="nt")) > 5
    one_error(run("export", "--no-catalog", "--data", str(TINY), "-o", str(tmp_path),
                  "--format", "nt"), "is a folder")


# ------------------------------------------------------------------ no tracebacks
def nested_turtle(path: Path, depth: int) -> Path:
    """``ex:s ex:p [ ex:p [ ... ex:o ] ]``, ``depth`` brackets deep."""
    path.write_text("@prefix ex: <https://example.org/> .\nex:s ex:p " + "[ ex:p " * depth
                    + "ex:o" + " ]" * depth + " .\n")
    return path


@pytest.mark.slow
def test_turtle_nested_100000_deep_loads_into_oxigraph_and_exports(tmp_path: Path) -> None:
    import pyoxigraph as ox

    source = nested_turtle(tmp_path / "deep.ttl", 100_000)
    store = f"oxigraph:{tmp_path / 'store'}"
    loaded = run("load", "--no-catalog", "--store", store, str(source))
    assert loaded.returncode == 0, loaded.stderr
    done = run("export", "--no-catalog", "--store", store, "-o", str(tmp_path / "out.ttl"),
               timeout=300)
    assert done.returncode == 0, done.stderr[-2000:]
    assert b"Traceback" not in done.stderr
    written = tmp_path / "out.ttl"
    assert sum(1 for _ in ox.parse(path=str(written), format=ox.RdfFormat.TURTLE)) == 100_001


@pytest.mark.parametrize("store", ["memory", "rdflib"])
def test_a_blank_node_chain_through_query_construct(store: str) -> None:
    chain = BAD / "ttl-blank-node-chain.ttl"
    for fmt, parser in (("ttl", "turtle"), ("jsonld", "json-ld"), ("nt", "nt")):
        done = run("query", "CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }", "--no-catalog",
                   "--store", store, "--data", str(chain), "--format", fmt)
        assert done.returncode == 0, done.stderr[-2000:]
        assert len(Graph().parse(data=done.stdout, format=parser)) == 302, fmt


def test_json_nested_past_what_can_be_followed_is_one_error_line(tmp_path: Path) -> None:
    deep = tmp_path / "deep.jsonld"
    deep.write_text("[" * 1_000_000 + "]" * 1_000_000)
    one_error(run("roles", "--no-catalog", "--data", str(deep)), "deep.jsonld",
              "nested too deeply")


def org_graph(label: str, iri: str = "https://example.org/t/boss") -> Graph:
    graph = Graph()
    boss, analyst = URIRef(iri), URIRef("https://example.org/t/analyst")
    graph.add((boss, RDF.type, ORG.Post))
    graph.add((boss, SKOS.prefLabel, Literal(label)))
    graph.add((analyst, RDF.type, ORG.Post))
    graph.add((analyst, SKOS.prefLabel, Literal("Analyst")))
    graph.add((analyst, ORG.reportsTo, boss))
    return graph


def test_text_that_is_not_text_is_drawn_replaced_with_a_warning(tmp_path: Path) -> None:
    for bad in ("\ud800", "\ufffe", "\uffff"):
        kg = pmograph.KnowledgeGraph.wrap(org_graph(f"Head {bad} of PMO"))
        diagram = pmograph.draw(kg, "org-chart")
        svg = diagram.render("svg").decode("utf-8")
        assert "Analyst" in svg and "Head \ufffd of PMO" in svg
        assert any("not text" in warning for warning in diagram.warnings)
    done = run("render", "org-chart", "--no-catalog", "--data",
               str(BAD / "ttl-noncharacter-label.ttl"), "-o", str(tmp_path / "chart.svg"))
    assert done.returncode == 0, done.stderr
    assert b"Warning: labels hold characters that are not text (U+FFFE, U+FFFF)" in done.stderr
    svg_text = (tmp_path / "chart.svg").read_text("utf-8")
    assert "Analyst" in svg_text and "\ufffd" in svg_text


def test_an_iri_with_nul_or_a_lone_surrogate_is_never_written(tmp_path: Path) -> None:
    for graph, needle in ((org_graph("Boss", "https://example.org/t/a\x00b"), "NUL"),
                          (org_graph("Boss \ud800"), "lone surrogate")):
        kg = pmograph.KnowledgeGraph.wrap(graph)
        for name in ("out.nt", "out.ttl", "out.jsonld"):
            with pytest.raises(pmograph.OutputError, match=needle):
                pmograph.export(kg, tmp_path / name)
    assert list(tmp_path.iterdir()) == []
    blank = Graph()
    blank.add((BNode("a\x00b"), SKOS.prefLabel, Literal("x")))
    with pytest.raises(pmograph.OutputError, match="blank node"):
        pmograph.export(pmograph.KnowledgeGraph.wrap(blank), tmp_path / "b.nt")


def test_ill_typed_literals_are_one_warning_each_and_exit_0(tmp_path: Path) -> None:
    source = BAD / "ttl-ill-typed-literals.ttl"
    done = run("export", "--no-catalog", "--data", str(source), "-o", str(tmp_path / "o.nt"))
    err = done.stderr.decode()
    assert done.returncode == 0, err
    assert "Traceback" not in err
    warnings = [line for line in err.splitlines() if line.startswith("Warning:")]
    assert len(warnings) == 3 and all("kept as written" in w for w in warnings), err
    assert {"xsd:integer", "xsd:decimal", "xsd:date"} == {
        word for w in warnings for word in w.split() if word.startswith("xsd:")}
    quiet = run("export", "--no-catalog", "--quiet", "--data", str(source), "-o",
                str(tmp_path / "q.nt"))
    assert quiet.returncode == 0 and quiet.stderr == b""


@pytest.mark.parametrize("error, needle", [
    (RecursionError("maximum recursion depth exceeded"), "nest too deeply"),
    (UnicodeEncodeError("utf-8", "Boss \ud800", 5, 6, "surrogates not allowed"),
     "not valid Unicode"),
    (MemoryError(), "out of memory"),
])
def test_the_last_translation_point(cli: Cli, monkeypatch: pytest.MonkeyPatch,
                                    error: BaseException, needle: str) -> None:
    from pmograph._cli import _roles

    def fail(args: Any) -> int:
        raise error

    monkeypatch.setattr(_roles, "run", fail)
    result = cli("roles", "--json")
    assert result.code == 2
    lines = result.err.splitlines()
    assert len(lines) == 1 and lines[0].startswith("Error: ") and needle in lines[0]
    assert json.loads(result.out)["error"]["code"] in ("too-deep", "invalid-text", "error")
