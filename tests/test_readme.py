"""The README's Python tour runs as written, and prints what it shows (issue #13)."""

from __future__ import annotations

import doctest
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def test_the_readme_tour_is_a_passing_doctest(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)  # the tour loads examples/ by a path relative to the clone
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    assert text.count(">>> ") >= 15, "the tour lost its examples"
    result = doctest.testfile(str(ROOT / "README.md"), module_relative=False,
                              optionflags=doctest.ELLIPSIS, raise_on_error=False, verbose=False)
    assert result.failed == 0, f"{result.failed} README example(s) print something else"
