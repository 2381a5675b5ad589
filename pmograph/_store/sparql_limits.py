"""Bounds on running untrusted SPARQL: a time limit over the whole call, and a row cap.

:func:`run_bounded` runs a call that does everything a query does — finding its text, the
safety check (which parses it), running it and reading every row — and returns its rows in
memory, or raises :class:`~pmograph.QueryError`.

With a ``timeout``, the call runs in a worker thread (``pmograph-query``) and the caller gets
``QueryError`` when the time is up, whatever the worker is doing.  The worker is then sent
:class:`QueryStopped`, which Python raises in it at its next bytecode.  What that stops:

* Python code stops at once: rdflib's query parser (a 200,000-value ``IN`` list keeps it busy
  for minutes), rdflib's evaluator, pmograph's own code, the reading of a remote answer.
* Oxigraph, the default engine, runs a query in Rust and cannot be cancelled (pyoxigraph 0.5
  has no timeout or cancel parameter: oxigraph/oxigraph#1926).  The worker stops as soon as
  Oxigraph hands back a row, a triple or an answer, so most SELECTs stop after the current
  row; a query that must see every solution before its first (``ORDER BY``, ``GROUP BY``,
  ``COUNT``, ``ASK`` ...) keeps its thread, CPU and memory until the engine returns, and its
  answer is then dropped there.
* A remote server: the worker's HTTP request ends at the same deadline
  (:func:`current_limits`), so nothing is left reading.
* An update that has started is never stopped half-way (:func:`unstoppable`): it runs to its
  end in the worker; ``QueryError`` says so.
* Native code that holds the interpreter lock blocks every thread, the caller's included:
  on the rdflib store, Python's ``re`` matching a pathological ``REGEX`` (catastrophic
  backtracking).  The call returns when the match ends.  The command line stops even that
  (:mod:`pmograph._cli._time_limit`), and Oxigraph's regular expressions run in linear time.

Oxigraph's answer objects are read in the thread that made them and dropped there: only rdflib
terms cross to the caller, and an error crosses with the local variables of its frames
cleared (pyo3 objects must not be dropped on another thread).
"""

from __future__ import annotations

import contextlib
import ctypes
import threading
import time
import traceback
from collections.abc import Callable, Iterable, Iterator
from contextvars import ContextVar
from dataclasses import dataclass, replace
from typing import cast

from rdflib.query import Result, ResultRow

from pmograph._errors import QueryError

#: How long the caller waits, after the limit, for a stopped worker to end before it says
#: that the engine goes on in the background.
_GRACE = 0.25


class QueryStopped(BaseException):  # not an Exception: no ``except Exception`` swallows it
    """Raised inside a query's worker thread when its time is up; never reaches callers."""


@dataclass(frozen=True)
class Limits:
    """The bounds of the query running in this thread (see :func:`current_limits`)."""

    deadline: float | None = None  # time.monotonic() value
    max_rows: int | None = None

    def remaining(self) -> float | None:
        """Seconds left before the deadline (never negative), or ``None`` without one."""
        return None if self.deadline is None else max(0.0, self.deadline - time.monotonic())


_NO_LIMITS = Limits()  # frozen: one shared default is safe
_LIMITS: ContextVar[Limits] = ContextVar("pmograph_query_limits", default=_NO_LIMITS)
_WORKER = threading.local()


def current_limits() -> Limits:
    """The deadline and row cap of the query this thread is running, for engines that can
    honour them while they work (a remote store stops reading at the row cap and ends its
    HTTP request at the deadline; Oxigraph stops iterating at the row cap).

    Examples
    --------
    >>> current_limits()
    Limits(deadline=None, max_rows=None)
    """
    return _LIMITS.get()


def too_many_rows(max_rows: int) -> QueryError:
    """The error for a query that returned more than ``max_rows`` rows (one wording).

    Examples
    --------
    >>> str(too_many_rows(3)).split(";")[0]
    'the query returned more than 3 rows'
    """
    return QueryError(f"the query returned more than {max_rows} rows; add a LIMIT or raise "
                      "the cap with max_rows=… (--max-rows)")


def run_bounded(call: Callable[[], Result], *, timeout: float | None = None,
                max_rows: int | None = None) -> Result:
    """Run ``call()`` (which runs a query), read its rows, and enforce the bounds.

    Without ``timeout`` the call runs in the caller's thread.  The rows of a SELECT (or the
    triples of a CONSTRUCT/DESCRIBE) above ``max_rows`` raise ``QueryError``.

    Examples
    --------
    >>> from rdflib import Graph
    >>> graph = Graph()
    >>> slow = "SELECT (COUNT(*) AS ?n) WHERE { VALUES ?a { 1 2 3 4 5 6 7 8 9 10 } " \\
    ...        "VALUES ?b { 1 2 3 4 5 6 7 8 9 10 } VALUES ?c { 1 2 3 4 5 6 7 8 9 10 } " \\
    ...        "VALUES ?d { 1 2 3 4 5 6 7 8 9 10 } VALUES ?e { 1 2 3 4 5 6 7 8 9 10 } }"
    >>> run_bounded(lambda: graph.query(slow), timeout=0.2)
    Traceback (most recent call last):
    ...
    pmograph._errors.QueryError: the query ran longer than 0.2 s and was stopped; ...
    >>> rows = "SELECT ?a WHERE { VALUES ?a { 1 2 3 } }"
    >>> [int(row.a) for row in run_bounded(lambda: graph.query(rows), max_rows=3)]
    [1, 2, 3]
    >>> run_bounded(lambda: graph.query(rows), max_rows=2)
    Traceback (most recent call last):
    ...
    pmograph._errors.QueryError: the query returned more than 2 rows; ...
    """
    if timeout is None:
        return _read(call, max_rows)
    worker = _Worker(call, max_rows, time.monotonic() + timeout)
    worker.start()
    if not worker.finished.wait(timeout):
        state = worker.stop()
        if state != "finished":
            if state == "running" and not _stopped(worker):
                state = "engine"
            raise QueryError(f"the query ran longer than {timeout:g} s and was stopped; raise "
                             "the limit with timeout=… (--timeout) if it is expected to be "
                             "slow" + _LEFT_RUNNING.get(state, ""))
        worker.finished.wait()
    if worker.error is not None:
        raise worker.error
    assert worker.result is not None
    return worker.result


def _stopped(worker: _Worker) -> bool:
    """Whether ``worker`` ends within the grace time.  The stop is sent again every 20 ms:
    Python drops an asynchronous exception raised inside a garbage-collector callback or a
    ``__del__`` (it is "unraisable" there), so one sent at such a moment would be lost."""
    end = time.monotonic() + _GRACE
    while not worker.finished.wait(0.02):
        if time.monotonic() >= end:
            return False
        worker.stop()
    return True


_LEFT_RUNNING = {
    "engine": " (the engine cannot be interrupted: it ends in a background thread, which "
              "drops its answer)",
    "protected": " (the update had started: it runs to its end in a background thread, "
                 "never stopped half-way)",
}


@contextlib.contextmanager
def unstoppable() -> Iterator[None]:
    """Never stop the body half-way, even if the time limit passes while it runs.

    For updates: a stopped update could leave rdflib's store half-changed.  When the limit
    has already passed, the body does not start.

    Examples
    --------
    >>> with unstoppable():
    ...     print("runs to its end")
    runs to its end
    """
    worker: _Worker | None = getattr(_WORKER, "current", None)
    if worker is None:
        yield
        return
    with worker.lock:
        if worker.cancelled:
            _clear_stop(threading.get_ident())
            raise QueryStopped
        worker.phase = "protected"
    try:
        yield
    finally:
        with worker.lock:
            worker.phase = "running"


def _read(call: Callable[[], Result], max_rows: int | None) -> Result:
    """Run ``call`` with the row cap visible to the engine, and read every row now."""
    token = _LIMITS.set(replace(_LIMITS.get(), max_rows=max_rows))
    try:
        result = call()
        if result.type == "SELECT":
            if max_rows is None:
                _ = result.bindings  # evaluate now, inside the caller's error handling
                return result
            rows = []
            # rdflib types a result's items for every query form; a SELECT's are ResultRows
            for row in cast("Iterable[ResultRow]", result):
                rows.append(row)
                if len(rows) > max_rows:
                    raise too_many_rows(max_rows)
            names = list(result.vars or [])
            result.bindings = [{name: value for name, value in zip(names, row, strict=True)
                                if value is not None} for row in rows]
        elif (max_rows is not None and result.graph is not None
              and len(result.graph) > max_rows):
            raise too_many_rows(max_rows)
        return result
    finally:
        _LIMITS.reset(token)


class _Worker(threading.Thread):
    """The thread a time-limited query runs in; :meth:`stop` ends it as far as it can."""

    def __init__(self, call: Callable[[], Result], max_rows: int | None,
                 deadline: float) -> None:
        super().__init__(name="pmograph-query", daemon=True)
        self.call, self.max_rows, self.deadline = call, max_rows, deadline
        self.lock = threading.Lock()
        self.phase = "waiting"  # waiting → running (⇄ protected) → finished
        self.cancelled = False
        self.finished = threading.Event()
        self.result: Result | None = None
        self.error: BaseException | None = None

    def run(self) -> None:
        _WORKER.current = self
        try:
            try:
                with self.lock:
                    if self.cancelled:
                        return
                    self.phase = "running"
                _LIMITS.set(Limits(self.deadline, None))
                self.result = _read(self.call, self.max_rows)
            finally:
                with self.lock:
                    self.phase = "finished"
                    if self.cancelled:  # a stop sent but not yet raised must not escape
                        _clear_stop(threading.get_ident())
        except QueryStopped:
            self.result = None  # whatever the engine made is dropped here, in its thread
        except BaseException as err:  # handed to the caller's thread
            _forget_locals(err)
            self.error = err
        finally:
            self.finished.set()

    def stop(self) -> str:
        """Stop the query; return the phase it was in (``finished``: nothing to stop)."""
        with self.lock:
            if self.phase == "finished":
                return "finished"
            self.cancelled = True
            if self.phase == "running" and self.ident is not None:
                ctypes.pythonapi.PyThreadState_SetAsyncExc(ctypes.c_ulong(self.ident),
                                                           ctypes.py_object(QueryStopped))
            return self.phase


def _clear_stop(ident: int) -> None:
    """Withdraw a :class:`QueryStopped` sent to thread ``ident`` and not yet raised there."""
    ctypes.pythonapi.PyThreadState_SetAsyncExc(ctypes.c_ulong(ident), None)


def _forget_locals(err: BaseException) -> None:
    """Clear the local variables of every frame in ``err``'s tracebacks (its cause and
    context included), so no engine object they hold crosses to another thread."""
    seen: set[int] = set()
    pending: list[BaseException | None] = [err]
    while pending:
        current = pending.pop()
        if current is None or id(current) in seen:
            continue
        seen.add(id(current))
        traceback.clear_frames(current.__traceback__)
        pending += [current.__cause__, current.__context__]
