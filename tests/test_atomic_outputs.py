"""Outputs are written whole or not at all: failures injected mid-write leave files untouched.

Every command that writes a file (``render``, ``import``, ``export``) and the library calls
behind them are run for real; only the operating system is made to fail underneath them —
``os.replace`` refusing the rename, ``os.fsync`` reporting a full disk, the target folder
vanishing, Graphviz crashing half-way through its output, an interrupt — and each test
checks that an existing output is byte-for-byte what it was and that no temporary file is
left behind.
"""

from __future__ import annotations

import errno
import os
import shutil
import stat
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

import pmograph
from pmograph import OutputError, PmographError, RenderError

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "examples" / "sample-org.ttl"
HR = Path(__file__).resolve().parent / "data" / "import" / "hr-export.csv"
OLD = b"previous content \xe2\x9c\x93 that must survive\n"

Cli = Callable[..., Any]


def existing(folder: Path, name: str) -> Path:
    """An output file that already exists, with content and a non-default mode."""
    target = folder / name
    target.write_bytes(OLD)
    target.chmod(0o640)
    return target


def leftovers(folder: Path) -> list[str]:
    """Anything in ``folder`` that looks like one of pmograph's temporary files."""
    return sorted(p.name for p in folder.iterdir() if p.name.endswith(".tmp"))


def assert_one_error_line(err: str) -> None:
    """The CLI contract: exactly one line beginning ``Error:``, and no traceback."""
    assert sum(line.startswith("Error:") for line in err.splitlines()) == 1, err
    assert "Traceback" not in err


def assert_untouched(target: Path) -> None:
    assert target.read_bytes() == OLD
    assert stat.S_IMODE(target.stat().st_mode) == 0o640
    assert leftovers(target.parent) == []


def fail_replace(monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, str]]:
    """Make every rename fail as a full, read-only or vanished file system would."""
    calls: list[tuple[str, str]] = []

    def refuse(src: Any, dst: Any, **_: Any) -> None:
        calls.append((str(src), str(dst)))
        raise OSError(errno.EROFS, "Read-only file system")

    monkeypatch.setattr(os, "replace", refuse)
    return calls


def fail_fsync(monkeypatch: pytest.MonkeyPatch, error: BaseException) -> None:
    """Fail after the data went into the temporary file, before it is renamed."""

    def broken(fd: int) -> None:
        raise error

    monkeypatch.setattr(os, "fsync", broken)


def command(kind: str, target: Path) -> list[str]:
    if kind == "render":
        return ["render", "org-chart", "--no-catalog", "--data", str(SAMPLE), "-o", str(target)]
    if kind == "import":
        return ["import", str(HR), "-o", str(target)]
    return ["export", "--no-catalog", "--data", str(SAMPLE), "-o", str(target)]


OUTPUTS = [("render", "chart.dot"), ("import", "staff.ttl"), ("export", "org.ttl"),
           ("export", "lines.graphml"), ("export", "lines.csv")]


# ---------------------------------------------------------------- controls: writes do happen
@pytest.mark.parametrize(("kind", "name"), OUTPUTS)
def test_control_a_normal_run_replaces_the_file_and_keeps_its_mode(
        cli: Cli, tmp_path: Path, kind: str, name: str) -> None:
    target = existing(tmp_path, name)
    result = cli(*command(kind, target))
    assert result.code == 0, result.err
    assert target.read_bytes() != OLD and len(target.read_bytes()) > 50
    assert stat.S_IMODE(target.stat().st_mode) == 0o640
    assert leftovers(tmp_path) == []


def test_control_a_new_file_gets_the_umask_mode(cli: Cli, tmp_path: Path) -> None:
    target = tmp_path / "new.ttl"
    assert cli(*command("export", target)).code == 0
    umask = os.umask(0)
    os.umask(umask)
    assert stat.S_IMODE(target.stat().st_mode) == 0o666 & ~umask


# ---------------------------------------------------------------- CLI: injected failures
@pytest.mark.parametrize(("kind", "name"), OUTPUTS)
def test_failed_rename_leaves_the_old_file(cli: Cli, tmp_path: Path,
                                           monkeypatch: pytest.MonkeyPatch,
                                           kind: str, name: str) -> None:
    target = existing(tmp_path, name)
    calls = fail_replace(monkeypatch)
    result = cli(*command(kind, target), "--json")
    assert calls and calls[0][1] == str(target)  # the write really got as far as the rename
    assert result.code == 2
    assert_one_error_line(result.err)
    assert str(target) in result.err and "Read-only file system" in result.err
    assert result.json()["error"]["code"] == "output-error"
    assert_untouched(target)


@pytest.mark.parametrize(("kind", "name"), OUTPUTS)
def test_disk_full_mid_write_leaves_the_old_file(cli: Cli, tmp_path: Path,
                                                 monkeypatch: pytest.MonkeyPatch,
                                                 kind: str, name: str) -> None:
    target = existing(tmp_path, name)
    fail_fsync(monkeypatch, OSError(errno.ENOSPC, "No space left on device"))
    result = cli(*command(kind, target))
    assert result.code == 2
    assert_one_error_line(result.err)
    assert "No space left on device" in result.err
    assert_untouched(target)


@pytest.mark.parametrize(("kind", "name"), OUTPUTS[:3])
def test_interrupt_mid_write_leaves_the_old_file(cli: Cli, tmp_path: Path,
                                                 monkeypatch: pytest.MonkeyPatch,
                                                 kind: str, name: str) -> None:
    target = existing(tmp_path, name)
    fail_fsync(monkeypatch, KeyboardInterrupt())
    result = cli(*command(kind, target))
    assert result.code == 130 and "interrupted" in result.err
    assert_untouched(target)


@pytest.mark.parametrize(("kind", "name"), OUTPUTS[:3])
def test_folder_vanishing_mid_write_is_an_error_not_a_traceback(
        cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, kind: str,
        name: str) -> None:
    folder = tmp_path / "out"
    folder.mkdir()
    target = folder / name
    real_fsync = os.fsync

    def vanish(fd: int) -> None:
        real_fsync(fd)
        shutil.rmtree(folder)

    monkeypatch.setattr(os, "fsync", vanish)
    result = cli(*command(kind, target))
    assert result.code == 2
    assert_one_error_line(result.err)
    assert "Traceback" not in result.err and str(target) in result.err
    assert not folder.exists() and list(tmp_path.iterdir()) == []


@pytest.mark.parametrize(("kind", "name"), OUTPUTS[:3])
def test_missing_or_unwritable_folder(cli: Cli, tmp_path: Path, kind: str, name: str) -> None:
    missing = cli(*command(kind, tmp_path / "no-such-folder" / name), "--json")
    assert missing.code == 2 and "does not exist" in missing.err
    assert missing.json()["error"]["code"] == "output-error"
    assert not (tmp_path / "no-such-folder").exists()
    # /proc refuses new files even to root: a real OSError from the file system.
    refused = cli(*command(kind, Path("/proc") / f"pmograph-{name}"))
    assert refused.code == 2
    assert_one_error_line(refused.err)
    assert "Traceback" not in refused.err and "cannot write" in refused.err


def test_graphviz_crashing_half_way_leaves_the_old_picture(cli: Cli, tmp_path: Path,
                                                          monkeypatch: pytest.MonkeyPatch
                                                          ) -> None:
    """A ``dot`` that prints half an SVG and dies: the partial output is never written."""
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    fake = bin_dir / "dot"
    fake.write_text("#!/bin/sh\ncat > /dev/null\nprintf '<svg><g>'\n"
                    "echo 'dot: out of memory' >&2\nexit 3\n", encoding="utf-8")
    fake.chmod(0o755)
    monkeypatch.setenv("PATH", f"{bin_dir}{os.pathsep}{os.environ.get('PATH', '')}")
    assert shutil.which("dot") == str(fake)
    target = existing(tmp_path, "chart.svg")
    result = cli(*command("render", target))
    assert result.code == 2
    assert_one_error_line(result.err)
    assert "out of memory" in result.err
    assert_untouched(target)


def test_unknown_output_format_writes_nothing(cli: Cli, tmp_path: Path) -> None:
    for kind, name in (("render", "chart.txt"), ("export", "org.xlsx")):
        result = cli(*command(kind, tmp_path / name))
        assert result.code == 2
        assert_one_error_line(result.err)
    assert list(tmp_path.iterdir()) == []


# ---------------------------------------------------------------- library calls
def library_writers(tmp_path: Path) -> dict[str, Callable[[Path], object]]:
    kg = pmograph.load(SAMPLE, catalog=False)
    diagram = pmograph.draw(kg, "org-chart")
    imported = pmograph.import_files([HR], roles=None)
    return {
        "chart.dot": lambda p: diagram.write(p),
        "chart2.dot": lambda p: pmograph.write_diagram(diagram, p),
        "staff.nt": lambda p: imported.write(p),
        "org.jsonld": lambda p: pmograph.export(kg, p),
        "lines.csv": lambda p: pmograph.export(kg, p),
    }


def test_library_writers_raise_output_error_and_keep_the_old_file(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    writers = library_writers(tmp_path)
    targets = {name: existing(tmp_path, name) for name in writers}
    calls = fail_replace(monkeypatch)
    for name, write in writers.items():
        with pytest.raises(OutputError, match="Read-only") as caught:
            write(targets[name])
        assert caught.value.path == str(targets[name])
        assert isinstance(caught.value, PmographError)
        assert_untouched(targets[name])
    assert len(calls) == len(writers)


def test_library_writers_survive_an_exception_from_inside_the_write(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """An error that is not an OSError passes through unchanged, and still writes nothing."""
    writers = library_writers(tmp_path)
    targets = {name: existing(tmp_path, name) for name in writers}
    fail_fsync(monkeypatch, MemoryError("simulated"))
    for name, write in writers.items():
        with pytest.raises(MemoryError):
            write(targets[name])
        assert_untouched(targets[name])


def test_render_error_before_writing_leaves_nothing(tmp_path: Path,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PATH", str(tmp_path / "empty-bin"))  # no Graphviz at all
    kg = pmograph.load(SAMPLE, catalog=False)
    target = existing(tmp_path, "chart.png")
    with pytest.raises(PmographError, match="Graphviz"):
        pmograph.draw(kg, "org-chart").write(target)
    assert_untouched(target)
    with pytest.raises(RenderError):
        pmograph.draw(kg, "org-chart").write(tmp_path / "chart.bmp")
    assert not (tmp_path / "chart.bmp").exists()
