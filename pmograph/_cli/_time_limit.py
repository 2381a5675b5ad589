"""``--timeout``: the command ends on time, whatever the query does.

The library's time limit (:mod:`pmograph._store.sparql_limits`) returns on time but cannot stop
every engine: Oxigraph cannot be cancelled, and native code that holds the interpreter lock
(Python's ``re`` matching a pathological ``REGEX`` on the rdflib store) freezes every thread.
The command line owns its process, so it does more.  When it runs as the program
(``pmograph …``, ``python -m pmograph …``), :func:`arm` runs the query in the main thread and
sets two alarms for the same moment:

* a ``SIGALRM`` whose handler runs in the main thread — between two bytecodes of Python code,
  and inside Python's ``re`` too, which checks for signals as it matches;
* a watchdog thread, which runs when the main thread has released the interpreter lock —
  inside Oxigraph, while waiting for a server.

Whichever runs first removes the temporary files of unfinished outputs, flushes what was
written, prints the one ``Error:`` line (and the JSON error with ``--json``), and ends the
process with ``os._exit(2)``: nothing is left running.  Called in-process (``main([...])``,
as tests do), the process is not the command line's to end, so the library's limit applies
(:func:`arm` returns the timeout to pass on).

The limit starts when the query starts, after the store is open and ``--data`` loaded, and
covers parsing, running and writing the answer.
"""

from __future__ import annotations

import contextlib
import json
import os
import signal
import sys
import threading
from types import FrameType
from typing import Any

from pmograph._errors import QueryError

_lock = threading.Lock()
_stopping = threading.Lock()
_armed: _Limit | None = None


class _Limit:
    def __init__(self, seconds: float, *, as_json: bool) -> None:
        # Imported now, in the main thread: never an import while the process is being ended.
        from pmograph._atomic import remove_unfinished_outputs

        self.seconds, self.as_json = seconds, as_json
        self.remove_unfinished_outputs = remove_unfinished_outputs
        self.over = threading.Event()
        self.previous: Any = None
        self.signal = False
        self.watchdog = threading.Thread(target=self._watch, name="pmograph-timeout",
                                         daemon=True)

    def _watch(self) -> None:
        if not self.over.wait(self.seconds):
            stop_now(self)


def message(seconds: float) -> str:
    """The error a command past its ``--timeout`` ends with.

    Examples
    --------
    >>> message(2).split(";")[0]
    'the query ran longer than 2 s and was stopped'
    """
    return (f"the query ran longer than {seconds:g} s and was stopped; raise the limit with "
            "--timeout SECONDS (0 for none) if it is expected to be slow")


def arm(seconds: float | None, *, as_json: bool, owns_process: bool) -> float | None:
    """Start the time limit of this command; return the timeout to give the library.

    When the command line owns the process, the alarms above enforce the limit and the query
    runs in the main thread (``None`` is returned); otherwise the library's own limit does
    (``seconds`` is returned).
    """
    global _armed
    if seconds is None or not owns_process:
        return seconds
    limit = _Limit(seconds, as_json=as_json)
    with _lock:
        disarm()
        _armed = limit
        if threading.current_thread() is threading.main_thread() and hasattr(signal,
                                                                              "setitimer"):
            limit.previous = signal.signal(signal.SIGALRM, _on_alarm)
            signal.setitimer(signal.ITIMER_REAL, seconds)
            limit.signal = True
        limit.watchdog.start()
    return None


def disarm() -> None:
    """End the time limit (the command is over); restore the ``SIGALRM`` handler."""
    global _armed
    limit, _armed = _armed, None
    if limit is None:
        return
    limit.over.set()
    if limit.signal:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, signal.SIG_DFL if limit.previous is None
                      else limit.previous)


def _on_alarm(signum: int, frame: FrameType | None) -> None:
    limit = _armed
    if limit is not None:
        stop_now(limit)


def stop_now(limit: _Limit) -> None:
    """Remove unfinished outputs, report the error, flush, and end the process (exit 2)."""
    if limit.over.is_set() or not _stopping.acquire(blocking=False):
        return  # finished meanwhile, or the other alarm is already stopping the process
    limit.remove_unfinished_outputs()
    text = message(limit.seconds)
    report = [(2, f"Error: {text}\n")]
    if limit.as_json:
        report.append((1, json.dumps({"error": {"code": QueryError.code, "message": text}},
                                     ensure_ascii=False) + "\n"))
    # Streams are flushed and written from a helper thread with a time limit of its own:
    # the main thread may hold a stream's lock (stopped inside a print) or a reader may have
    # stopped reading a pipe.
    helper = threading.Thread(target=_flush_and_report, args=(report,), daemon=True)
    helper.start()
    helper.join(1.0)
    os._exit(2)


def _flush_and_report(report: list[tuple[int, str]]) -> None:
    # Standard error first: a reader that stopped reading standard output must not keep the
    # error line from being written.
    for descriptor, text in report:
        stream = sys.stdout if descriptor == 1 else sys.stderr
        with contextlib.suppress(Exception):
            stream.flush()
        with contextlib.suppress(OSError):
            os.write(descriptor, text.encode("utf-8", "replace"))
