"""Shared fixtures: the bundled catalog, the sample organisation, the CLI runner, schemas."""

from __future__ import annotations

import io
import json
import shutil
from collections.abc import Callable
from contextlib import redirect_stderr, redirect_stdout
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from test_query_guard import listener  # noqa: F401 (the loopback listener fixture, shared with the guard's fuzz module)

import pmograph

ROOT = Path(__file__).resolve().parent.parent
DATA = Path(__file__).resolve().parent / "data"
#: Real third-party data (data/external/SOURCES.md says where each file comes from).
EXTERNAL = ROOT / "data" / "external"


@pytest.fixture(scope="session")
def catalog() -> pmograph.KnowledgeGraph:
    """The bundled catalog alone (do not modify: it is shared by the whole session)."""
    return pmograph.load()


@pytest.fixture(scope="session")
def external() -> Path:
    """The folder of real third-party data files; fails (never skips) when it is missing."""
    assert EXTERNAL.is_dir(), f"third-party data folder missing: {EXTERNAL}"
    return EXTERNAL


@dataclass
class CliResult:
    """What a CLI run printed and returned."""

    code: int
    out: str
    err: str

    def json(self) -> Any:
        return json.loads(self.out)


@pytest.fixture
def cli() -> Callable[..., CliResult]:
    """Run ``pmograph ARGS`` in-process and capture exit code, stdout and stderr."""
    from pmograph._cli import main

    def run(*args: str) -> CliResult:
        out, err = io.StringIO(), io.StringIO()
        with redirect_stdout(out), redirect_stderr(err):
            try:
                code = main(list(args))
            except SystemExit as exit_:  # argparse usage errors and --help
                code = int(exit_.code or 0)
        return CliResult(code, out.getvalue(), err.getvalue())

    return run


@pytest.fixture(scope="session")
def schema() -> Callable[[str, Any], None]:
    """Check a JSON document against one of the package's shipped JSON Schemas."""
    import jsonschema

    from pmograph._resources import schema_text

    def check(name: str, document: Any) -> None:
        jsonschema.validate(document, json.loads(schema_text(name)))

    return check


def has_dot() -> bool:
    """Whether Graphviz's ``dot`` is installed (CI installs it; see .ci/run)."""
    return shutil.which("dot") is not None
