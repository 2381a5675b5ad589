"""Running recursive third-party code on deeply nested data without a crash.

rdflib's parsers and serialisers, and Python's ``json``, recurse once (or several times) per
level of nesting: a chain of 250 blank nodes, or JSON-LD nested 1,000 deep, passes Python's
default limit of 1,000 frames and raises :class:`RecursionError`.  Raising that limit in the
calling thread is not safe: part of the recursion (``json``'s decoder, calls through C) uses
the C stack, and the main thread's stack (8 MiB) overflows — a segmentation fault, not an
exception — long before 100,000 levels.

:func:`call_deep` runs a function in a thread of its own with a big stack
(:data:`STACK_BYTES`, reserved, not used, until the recursion needs it) and the frame limit
raised to :data:`FRAMES`, sized so that even code recursing through C cannot overflow that
stack (about 1.3 KiB per frame; ``json`` needs about 200 bytes).  Past the limit the result is
still a :class:`RecursionError`, which callers turn into a message naming the file.  While a
deep call runs, the raised limit applies to every thread (Python has one limit per
interpreter); it is restored when the last deep call ends.
"""

from __future__ import annotations

import sys
import threading
from collections.abc import Callable
from typing import TypeVar

T = TypeVar("T")

#: The stack of the thread that runs a deep call.
STACK_BYTES = 512 * 1024 * 1024
#: The frame limit while a deep call runs: 100,000 levels of a JSON-LD file or of a chain of
#: blank nodes (rdflib uses 3 frames a level) fit, with room to spare.
FRAMES = 400_000

_lock = threading.Lock()
_active = 0
_saved_limit = 0


def call_deep(function: Callable[[], T]) -> T:
    """Return ``function()``, run where it may recurse :data:`FRAMES` frames deep.

    Exceptions (a :class:`RecursionError` past the limit among them) are raised here, in the
    caller's thread.  Where no thread with a big stack can be started, ``function`` runs
    in the caller's thread with the usual limit.

    Examples
    --------
    >>> def depth(n: int) -> int:
    ...     return 0 if n == 0 else 1 + depth(n - 1)
    >>> call_deep(lambda: depth(50_000))
    50000
    """
    result: list[T] = []
    failure: list[BaseException] = []

    def run() -> None:
        try:
            result.append(function())
        except BaseException as err:  # re-raised in the caller's thread
            failure.append(err)

    try:
        previous = threading.stack_size(STACK_BYTES)
    except (ValueError, RuntimeError):  # the platform cannot size thread stacks
        return function()
    started = False
    worker = threading.Thread(target=run, name="pmograph-deep", daemon=True)
    _raise_limit()
    try:
        try:
            worker.start()
            started = True
        except RuntimeError:  # no memory for such a stack
            pass
        finally:
            threading.stack_size(previous)
        if started:
            worker.join()
    finally:
        _restore_limit()
    if not started:  # the usual limit, in the caller's thread
        return function()
    if failure:
        if isinstance(failure[0], RecursionError):  # its 400,000 frames are of no use
            raise failure[0].with_traceback(None)
        raise failure[0]
    return result[0]


def _raise_limit() -> None:
    global _active, _saved_limit
    with _lock:
        if _active == 0:
            _saved_limit = sys.getrecursionlimit()
            sys.setrecursionlimit(max(_saved_limit, FRAMES))
        _active += 1


def _restore_limit() -> None:
    global _active
    with _lock:
        _active -= 1
        if _active == 0:
            sys.setrecursionlimit(_saved_limit)
