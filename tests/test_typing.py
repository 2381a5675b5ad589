"""The package type-checks: mypy, with the settings of ``[tool.mypy]`` in pyproject.toml (strict),
finds no error in ``pmograph``."""

from __future__ import annotations

from pathlib import Path

import pytest
from mypy import api

#: Slow: the edit loop skips these (`pytest -m "not slow"`); CI runs them.
pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parent.parent


def test_mypy_finds_no_errors() -> None:
    # The embedded-Oxigraph modules are checked against these packages' own types.
    for optional in ("pyoxigraph", "oxrdflib"):
        pytest.importorskip(optional, reason="mypy needs the oxigraph extra's types")
    # mypy's own cache (in .mypy_cache, as on the command line) makes a re-run take a second.
    out, err, status = api.run(["--config-file", str(ROOT / "pyproject.toml"),
                                "--cache-dir", str(ROOT / ".mypy_cache"),
                                "--no-color-output", "--no-error-summary",
                                str(ROOT / "pmograph")])
    assert status == 0 and not out.strip(), f"mypy (exit {status}) reports:\n{out}{err}"


def test_public_annotations_resolve_at_run_time() -> None:
    """``typing.get_type_hints`` works on every public function and method (Sphinx, pydantic and
    typeguard call it): no name only imported for type checking, no generic that exists only in
    the stubs (``nx.DiGraph[str]``, see ``pmograph._typing``)."""
    import inspect
    import typing

    import pmograph

    checked = 0
    for name in pmograph.__all__:
        value = getattr(pmograph, name)
        targets = [value] if inspect.isfunction(value) else [
            member for _, member in inspect.getmembers(value, inspect.isfunction)
            if member.__module__.startswith("pmograph")] if inspect.isclass(value) else []
        for target in targets:
            typing.get_type_hints(target)
            checked += 1
    assert checked > 40
