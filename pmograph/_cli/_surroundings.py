"""What surrounds every command: one-line warnings, termination signals, and standard output
kept for the data when ``-o -`` sends it there.

* rdflib reports an ill-typed literal (``"abc"^^xsd:integer``) through :mod:`logging` with a
  full traceback, and some of its code calls :func:`warnings.warn`; a command prints each
  distinct one once, as one ``Warning:`` line (none with ``--quiet``).  The literal is kept as
  written: RDF allows ill-typed literals, and the data are the user's.
* ``SIGTERM`` and ``SIGHUP`` end a command as ``Ctrl-C`` does: the code unwinds, so a
  temporary output file is removed and Graphviz's ``dot`` is stopped, and the exit code is
  128 + the signal number.  (``SIGKILL`` cannot be caught: what it leaves is cleaned up on
  the next write or open; see :mod:`pmograph._atomic`.)
"""

from __future__ import annotations

import contextlib
import logging
import re
import signal
import sys
import threading
import warnings
from collections.abc import Iterator
from types import FrameType
from typing import Any, TextIO

_XSD = "http://www.w3.org/2001/XMLSchema#"
_LITERAL = re.compile(r"Failed to convert Literal lexical form to value\. Datatype=(\S+),")


class Terminated(BaseException):
    """The process was asked to stop (``SIGTERM``, ``SIGHUP``); :attr:`code` is its exit code."""

    def __init__(self, signum: int) -> None:
        super().__init__(signal.Signals(signum).name)
        self.code = 128 + signum


class _OneLineWarnings(logging.Handler):
    """Prints each distinct rdflib warning once, as one ``Warning:`` line, never a traceback."""

    def __init__(self, stream: TextIO, quiet: bool) -> None:
        super().__init__(logging.WARNING)
        self.stream = stream
        self.quiet = quiet
        self.seen: set[str] = set()

    def emit(self, record: logging.LogRecord) -> None:
        self.say(describe_record(record))

    def say(self, text: str) -> None:
        if self.quiet or text in self.seen:
            return
        self.seen.add(text)
        print(f"Warning: {text}", file=self.stream)


def describe_record(record: logging.LogRecord) -> str:
    """One line for an rdflib log record; an ill-typed literal is said in words.

    Examples
    --------
    >>> try:
    ...     int("abc")
    ... except ValueError:
    ...     record = logging.LogRecord("rdflib.term", logging.WARNING, "", 0,
    ...         "Failed to convert Literal lexical form to value. Datatype="
    ...         "http://www.w3.org/2001/XMLSchema#integer, Converter=<class 'int'>", None,
    ...         sys.exc_info())
    >>> describe_record(record)
    "a literal is not a valid xsd:integer (invalid literal for int() with base 10: 'abc'); \
it is kept as written, with no typed value"
    """
    message = record.getMessage()
    literal = _LITERAL.match(message)
    if literal is None:
        return " ".join(message.split())
    datatype = literal.group(1).replace(_XSD, "xsd:")
    detail = ""
    if record.exc_info and record.exc_info[1] is not None:
        error = record.exc_info[1]
        detail = str(error) if not str(error).startswith("[<class") else type(error).__name__
        detail = f" ({' '.join(detail.split())})" if detail else ""
    return (f"a literal is not a valid {datatype}{detail}; it is kept as written, with no "
            "typed value")


@contextlib.contextmanager
def one_line_warnings(*, quiet: bool) -> Iterator[None]:
    """Print rdflib's warnings and Python warnings as one ``Warning:`` line each (see the
    module documentation); restore the logging and warning setup afterwards."""
    stream = sys.stderr
    handler = _OneLineWarnings(stream, quiet)
    logger = logging.getLogger("rdflib")
    saved = logger.propagate
    logger.addHandler(handler)
    logger.propagate = False

    def show(message: Any, category: type[Warning], filename: str, lineno: int,
             file: Any = None, line: str | None = None) -> None:
        handler.say(" ".join(str(message).split()))

    try:
        with warnings.catch_warnings():
            warnings.showwarning = show
            yield
    finally:
        logger.removeHandler(handler)
        logger.propagate = saved


@contextlib.contextmanager
def ended_by_signals() -> Iterator[None]:
    """Turn ``SIGTERM`` and ``SIGHUP`` into :class:`Terminated` while a command runs (main
    thread only: Python delivers signals there)."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def stop(signum: int, _frame: FrameType | None) -> None:
        raise Terminated(signum)

    saved = {}
    for name in ("SIGTERM", "SIGHUP"):
        number = getattr(signal, name, None)
        if number is not None:
            saved[number] = signal.signal(number, stop)
    try:
        yield
    finally:
        for number, previous in saved.items():
            signal.signal(number, previous)
