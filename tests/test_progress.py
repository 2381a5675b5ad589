"""Progress of long stages on a terminal and in Jupyter, and silence everywhere else (issue #13).

The terminal is a real pseudo-terminal (``pty``), the notebook runs in a real IPython kernel
(``nbclient``), and "not interactive" is a pipe.
"""

from __future__ import annotations

import fcntl
import io
import json
import os
import pty
import re
import select
import struct
import subprocess
import sys
import termios
import textwrap
import time
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import nbclient
import nbformat
import pytest
from tqdm import tqdm

import pmograph
from pmograph._progress import (
    DELAY_VARIABLE,
    CountingReader,
    Progress,
    Stage,
    in_notebook,
    reporter,
    stage,
)

ROOT = Path(__file__).resolve().parent.parent


def write_org(folder: Path, posts: int = 300, suffix: str = ".ttl") -> Path:
    """A generated organisation: a tree of ``posts`` posts, each held by a named person."""
    lines = ["@prefix org: <http://www.w3.org/ns/org#> .",
             "@prefix foaf: <http://xmlns.com/foaf/0.1/> .",
             "@prefix ex: <https://example.org/generated/> ."]
    for number in range(posts):
        lines.append(f'ex:post{number} a org:Post ; org:heldBy ex:person{number} .')
        lines.append(f'ex:person{number} a foaf:Person ; foaf:name "Person {number}" .')
        if number:
            lines.append(f"ex:post{number} org:reportsTo ex:post{(number - 1) // 4} .")
    path = folder / f"org{suffix}"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def plain(text: str) -> str:
    """Terminal output as lines: carriage returns (bar redraws) become line ends."""
    return text.replace("\r\n", "\n").replace("\r", "\n")


# ----------------------------------------------------------------------------- the parts
def test_a_stage_draws_a_bar_with_its_notes() -> None:
    out = io.StringIO()
    progress = Progress(out, delay=0)
    with progress.stage("building the view", total=3) as step:
        step.advance(note="reading labels")
        step.advance(2, note="12 nodes")
    last = plain(out.getvalue()).strip().splitlines()[-1]
    assert re.fullmatch(r"building the view: 100%\|.*\| 3/3 \[00:0\d, 12 nodes\]", last), last


def test_an_indeterminate_stage_shows_a_running_clock() -> None:
    out = io.StringIO()
    with Progress(out, delay=0).stage("laying out the chart"):
        time.sleep(1.1)
    lines = plain(out.getvalue()).strip().splitlines()
    assert lines[-1] == "laying out the chart: [00:01]"
    assert "laying out the chart: [00:00]" in lines  # redrawn while nothing else moved it


def test_a_file_read_through_a_counter_fills_its_bar() -> None:
    out = io.StringIO()
    with Progress(out, delay=0).stage("parsing a.ttl", total=2_000_000, unit="B") as reading:
        reader = CountingReader(io.BytesIO(b"x" * 2_000_000), reading)
        while reader.read(65536):
            pass
    assert reader.count == 2_000_000
    last = plain(out.getvalue()).strip().splitlines()[-1]
    assert last.startswith("parsing a.ttl: 100%") and "2.00M/2.00M" in last


def test_a_stage_goes_on_as_another_and_says_when_it_failed() -> None:
    out = io.StringIO()
    with pytest.raises(ValueError, match="broken"), \
            Progress(out, delay=0).stage("parsing a.ttl", total=100, unit="B") as reading:
        reading.advance(100)
        reading.restart("uploading", total=10, unit="triple")
        reading.advance(4)
        raise ValueError("broken")
    last = plain(out.getvalue()).strip().splitlines()[-1]
    assert last.startswith("uploading:  40%") and last.endswith("4/10 [00:00, failed]"), last


def test_a_stage_shorter_than_the_delay_shows_nothing() -> None:
    out = io.StringIO()
    with Progress(out, delay=30).stage("quick", total=2) as step:
        step.advance(2)
    assert out.getvalue() == ""


def test_nobody_watching_means_no_progress(monkeypatch: pytest.MonkeyPatch) -> None:
    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    assert reporter(True, io.StringIO()) is None  # a pipe or a file
    assert reporter(False, Terminal()) is None  # --quiet
    assert not in_notebook()
    for value, delay in (("0", 0.0), ("2.5", 2.5), ("soon", 0.5), ("-1", 0.0), ("nan", 0.5)):
        monkeypatch.setenv(DELAY_VARIABLE, value)
        found = reporter(True, Terminal())
        assert found is not None and found.delay == delay, value
    quiet = Stage()
    quiet.advance(5, note="x")
    quiet.restart("y", total=3)
    assert not quiet.shown


def test_any_function_of_a_string_is_told_of_stages() -> None:
    said: list[str] = []
    with stage(said.append, "building the reporting view", total=4) as step:
        step.advance()
    assert said == ["building the reporting view ...", "building the reporting view: done"]


@pytest.mark.parametrize("store", ["memory", "rdflib", "oxigraph"])
@pytest.mark.parametrize("suffix", [".ttl", ".nt"])
def test_parsing_counts_the_bytes_of_each_file(store: str, suffix: str, tmp_path: Path) -> None:
    source = write_org(tmp_path, suffix=".ttl")
    if suffix == ".nt":
        source = tmp_path / "org.nt"
        generated = pmograph.load(write_org(tmp_path), catalog=False).graph
        generated.serialize(source, format="nt", encoding="utf-8")
    spec = f"oxigraph:{tmp_path / 'db'}" if store == "oxigraph" else store
    quiet = pmograph.load(catalog=False, store="memory")
    expected = quiet.add(source)
    kg = pmograph.load(catalog=False, store=spec)
    out = io.StringIO()
    kg.progress = Progress(out, delay=0)
    assert kg.add(source) == expected
    last = plain(out.getvalue()).strip().splitlines()[-1]
    size = tqdm.format_sizeof(source.stat().st_size)
    assert last.startswith(f"parsing {source.name}: 100%"), last
    assert f"{size}/{size}" in last and f"{expected:,} triples]" in last


def test_a_file_that_does_not_parse_marks_its_stage_failed(tmp_path: Path) -> None:
    bad = tmp_path / "bad.ttl"
    bad.write_text("@prefix ex: <https://example.org/> .\nex:a ex:b ex:c .\nex:d ex:e .\n")
    kg = pmograph.load(catalog=False)
    out = io.StringIO()
    kg.progress = Progress(out, delay=0)
    with pytest.raises(pmograph.ParseError, match=r"bad\.ttl"):
        kg.add(bad)
    assert plain(out.getvalue()).strip().splitlines()[-1].endswith("failed]")


def test_names_in_a_bar_cannot_drive_the_terminal(tmp_path: Path) -> None:
    source = write_org(tmp_path).rename(tmp_path / "org\x1b[2J\u202e.ttl")
    kg = pmograph.load(catalog=False)
    out = io.StringIO()
    kg.progress = Progress(out, delay=0)
    kg.add(source)
    kg.progress("loaded \x1b]0;title\x07")
    assert "\x1b" not in out.getvalue() and "\u202e" not in out.getvalue()
    assert "parsing org\\x1b[2J\\u202e.ttl: 100%" in out.getvalue()
    assert "loaded \\x1b]0;title\\x07" in out.getvalue()


def test_building_the_views_reports_each_once(tmp_path: Path) -> None:
    kg = pmograph.load(write_org(tmp_path), catalog=False)
    out = io.StringIO()
    kg.progress = Progress(out, delay=0)
    assert len(pmograph.dotted_line_view(kg)) == 300  # builds the reporting view first
    lines = [line for line in plain(out.getvalue()).splitlines() if line]
    finals = [line for line in lines if "100%" in line]
    assert finals[0].startswith("building the reporting view: 100%")
    assert finals[0].endswith("4/4 [00:00, 300 nodes, 299 lines]")
    assert finals[-1].startswith("building the dotted-line view: 100%")
    pmograph.reporting_view(kg)  # cached: no second stage
    assert [line for line in plain(out.getvalue()).splitlines() if line] == lines


# ----------------------------------------------------------------------------- a terminal
def run_on_terminal(args: list[str], env: Mapping[str, str], *,
                    size: tuple[int, int] | None = None) -> tuple[str, str, int]:
    """Run ``args`` with standard error on a pseudo-terminal (``size``: rows, columns; None
    leaves it 0 × 0 as a fresh one is); return (stdout, what the terminal got, exit code)."""
    leader, follower = pty.openpty()
    if size is not None:
        fcntl.ioctl(follower, termios.TIOCSWINSZ, struct.pack("HHHH", *size, 0, 0))
    process = subprocess.Popen(args, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                               stderr=follower, cwd=ROOT, env={**os.environ, **env})
    os.close(follower)
    screen = bytearray()
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        ready, _, _ = select.select([leader], [], [], 1.0)
        if not ready:
            if process.poll() is not None:
                break
            continue
        try:
            chunk = os.read(leader, 65536)
        except OSError:  # the other end closed: the process is done
            break
        if not chunk:
            break
        screen += chunk
    os.close(leader)
    assert process.stdout is not None
    out = process.stdout.read().decode()
    return out, screen.decode("utf-8", "replace"), process.wait(timeout=60)


LIBRARY = """
import sys, pmograph
kg = pmograph.load(sys.argv[1], progress=True)
print(len(pmograph.reporting_view(kg)))
"""


@pytest.mark.parametrize("size", [(40, 120), None])
def test_a_terminal_shows_each_stage(size: tuple[int, int] | None, tmp_path: Path) -> None:
    source = write_org(tmp_path)
    out, screen, code = run_on_terminal([sys.executable, "-c", LIBRARY, str(source)],
                                        {DELAY_VARIABLE: "0"}, size=size)
    assert code == 0 and out == "300\n"  # results on stdout, untouched
    lines = plain(screen).splitlines()
    assert any(line.startswith("parsing org.ttl: 100%") and "1,499 triples" in line
               for line in lines), screen
    assert any(line.startswith("building the reporting view: 100%") for line in lines), screen
    width = size[1] if size else 80
    assert max(len(line) for line in lines) <= width


def test_the_command_line_on_a_terminal_and_with_quiet(tmp_path: Path) -> None:
    source = write_org(tmp_path)
    command = [sys.executable, "-m", "pmograph", "render", "org-chart", "--data", str(source),
               "-o", str(tmp_path / "chart.svg")]
    _, screen, code = run_on_terminal(command, {DELAY_VARIABLE: "0"}, size=(40, 120))
    assert code == 0
    lines = plain(screen).splitlines()
    assert "\\x0d" not in screen  # the bars redraw: their carriage returns are not escaped
    assert "parsing org.ttl: 100%" in plain(screen)
    assert "building the dotted-line view: 100%" in plain(screen)
    assert any(line.startswith("laying out the org chart with Graphviz dot: [") for line in lines)
    out, screen, code = run_on_terminal([*command, "--quiet"], {DELAY_VARIABLE: "0"})
    assert code == 0 and screen == "" and out == ""


def test_laying_out_a_chart_is_a_stage(tmp_path: Path) -> None:
    kg = pmograph.load(write_org(tmp_path, posts=40), catalog=False)
    out = io.StringIO()
    kg.progress = Progress(out, delay=0)
    diagram = pmograph.draw(kg, "org-chart")
    assert diagram.render("svg").startswith(b"<?xml")
    lines = plain(out.getvalue()).strip().splitlines()
    assert re.fullmatch(r"laying out the org chart with Graphviz dot: \[00:0\d\]", lines[-1])
    assert any(line.startswith("building the reporting view: 100%") for line in lines)
    stages = list(dict.fromkeys(line.split(":")[0] for line in lines if line))
    # no "checking the reporting lines": a chart of a tree needs no search for cycles
    assert stages == ["building the reporting view", "building the dotted-line view",
                      "planning the org chart", "laying out the org chart with Graphviz dot"]
    again = io.StringIO()
    kg.progress = Progress(again, delay=0)
    pmograph.draw(kg, "org-chart").render("dot")  # views cached; DOT text needs no layout
    assert {line.split(":")[0] for line in plain(again.getvalue()).splitlines() if line} == {
        "planning the org chart"}


def test_quick_stages_stay_quiet_by_default(tmp_path: Path) -> None:
    source = write_org(tmp_path, posts=20)
    env = {key: value for key, value in os.environ.items() if key != DELAY_VARIABLE}
    out, screen, code = run_on_terminal([sys.executable, "-c", LIBRARY, str(source)], env)
    assert code == 0 and out == "20\n" and screen == ""


def test_no_terminal_means_nothing_on_stderr(tmp_path: Path) -> None:
    source = write_org(tmp_path)
    done = subprocess.run([sys.executable, "-c", LIBRARY, str(source)], capture_output=True,
                          text=True, check=False, cwd=ROOT,
                          env={**os.environ, DELAY_VARIABLE: "0"})
    assert done.returncode == 0 and done.stdout == "300\n"
    assert done.stderr == ""


# ----------------------------------------------------------------------------- a notebook
@pytest.fixture
def kernel(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    """A kernel spec that runs this interpreter (so the kernel sees this pmograph)."""
    spec = tmp_path / "jupyter" / "kernels" / "pmograph-test"
    spec.mkdir(parents=True)
    (spec / "kernel.json").write_text(json.dumps({
        "argv": [sys.executable, "-m", "ipykernel_launcher", "-f", "{connection_file}"],
        "display_name": "pmograph test", "language": "python"}), encoding="utf-8")
    monkeypatch.setenv("JUPYTER_PATH", str(tmp_path / "jupyter"))
    monkeypatch.setenv(DELAY_VARIABLE, "0")  # the kernel inherits it: every stage shows
    return "pmograph-test"


def run_notebook(kernel: str, folder: Path, *cells: str) -> nbformat.NotebookNode:
    notebook = nbformat.v4.new_notebook()
    notebook.cells = [nbformat.v4.new_code_cell(textwrap.dedent(cell)) for cell in cells]
    client = nbclient.NotebookClient(notebook, timeout=180, kernel_name=kernel,
                                     resources={"metadata": {"path": str(folder)}})
    client.execute()
    return notebook


def widget_texts(notebook: nbformat.NotebookNode) -> list[str]:
    """The final text of each progress widget (tqdm: an HBox of label, bar, numbers)."""
    state: dict[str, Any] = notebook.metadata["widgets"][
        "application/vnd.jupyter.widget-state+json"]["state"]

    def text(model: str) -> str:
        return str(state[model.removeprefix("IPY_MODEL_")]["state"].get("value", ""))

    found = []
    for model in state.values():
        if model["model_name"] == "HBoxModel":
            left, bar, right = model["state"]["children"]
            bar_state = state[bar.removeprefix("IPY_MODEL_")]["state"]
            found.append(f"{text(left)} {text(right)} {bar_state['bar_style']}"
                         .replace("\u2007", " ").replace("&lt;", "<"))
    return found


def test_a_notebook_shows_progress_widgets(kernel: str, tmp_path: Path) -> None:
    write_org(tmp_path)
    notebook = run_notebook(kernel, tmp_path, """
        import pmograph
        kg = pmograph.load("org.ttl", progress=True)
        len(pmograph.reporting_view(kg))
    """)
    outputs = notebook.cells[0].outputs
    widgets = [o for o in outputs if o.output_type == "display_data"
               and "application/vnd.jupyter.widget-view+json" in o.data]
    assert [w.data["text/plain"].split(":")[0] for w in widgets] == [
        "parsing org.ttl", "building the reporting view"]
    assert outputs[-1].data["text/plain"] == "300"
    texts = widget_texts(notebook)
    assert any(t.startswith("parsing org.ttl: 100%") and "1,499 triples]" in t
               and t.endswith("success") for t in texts), texts
    assert any(t.startswith("building the reporting view: 100%") and "300 nodes" in t
               for t in texts), texts
    assert not [o for o in outputs if o.output_type == "stream" and o.name == "stderr"]


def test_a_notebook_without_ipywidgets_shows_text(kernel: str, tmp_path: Path) -> None:
    write_org(tmp_path)
    notebook = run_notebook(kernel, tmp_path, """
        import sys
        sys.modules["ipywidgets"] = None  # as if ipywidgets were not installed
        import pmograph
        kg = pmograph.load("org.ttl", progress=True)
        len(pmograph.reporting_view(kg))
    """)
    outputs = notebook.cells[0].outputs
    stderr = "".join(o.text for o in outputs if o.output_type == "stream" and o.name == "stderr")
    lines = plain(stderr).splitlines()
    assert any(line.startswith("parsing org.ttl: 100%") for line in lines), stderr
    assert any(line.startswith("building the reporting view: 100%") for line in lines), stderr
    assert "Warning" not in stderr and "IProgress" not in stderr  # no tqdm warning
    assert not [o for o in outputs if o.output_type == "display_data"]
