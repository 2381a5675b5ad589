"""Progress messages for long loads: on standard error, only when it is a terminal."""

from __future__ import annotations

import sys
import time
from collections.abc import Callable
from typing import TextIO


def reporter(enabled: bool, stream: TextIO | None = None) -> Callable[[str], None] | None:
    """A function that prints timed progress lines, or ``None`` when nobody would see them.

    Progress goes to ``stream`` (standard error by default) only if ``enabled`` and the stream
    is a terminal, so pipes, logs and ``--quiet`` stay clean.

    Examples
    --------
    >>> import io
    >>> reporter(True, io.StringIO()) is None  # not a terminal
    True
    >>> reporter(False) is None
    True
    """
    out = stream if stream is not None else sys.stderr
    if not enabled or not getattr(out, "isatty", lambda: False)():
        return None
    start = time.perf_counter()

    def report(message: str) -> None:
        print(f"[{time.perf_counter() - start:6.1f} s] {message}", file=out, flush=True)

    return report
