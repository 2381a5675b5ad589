"""Bounds on running untrusted SPARQL: a timeout and a cap on the number of result rows.

rdflib evaluates queries in pure Python with no way to cancel them, so a query runs in a
worker thread; when the deadline passes, :class:`QueryTimeout` is raised *inside* that thread
(``PyThreadState_SetAsyncExc``), which stops evaluation at its next bytecode, and the caller
gets a :class:`~pmograph.QueryError`.  Results are materialised in the worker so the time
limit covers evaluation, not just its start.
"""

from __future__ import annotations

import ctypes
import threading
from collections.abc import Callable, Iterable
from typing import Any, cast

from rdflib.query import Result, ResultRow

from pmograph._errors import QueryError


class QueryTimeout(Exception):  # raised asynchronously, never seen by users
    """Raised inside the worker thread to stop a query past its deadline."""


def run_bounded(run: Callable[[], Result], *, timeout: float | None = None,
                max_rows: int | None = None) -> Result:
    """Run ``run()`` (which starts a query), materialise its rows, and enforce the bounds.

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
    if timeout is None and max_rows is None:
        result = run()
        if result.type == "SELECT":
            _ = result.bindings  # evaluate now, inside the caller's error handling
        return result
    outcome: dict[str, Any] = {}

    def work() -> None:
        try:
            result = run()
            if result.type == "SELECT":
                rows = []
                # rdflib types a result's items for every query form; a SELECT's are ResultRows
                for row in cast("Iterable[ResultRow]", result):
                    rows.append(row)
                    if max_rows is not None and len(rows) > max_rows:
                        outcome["too_many"] = True
                        return
                names = list(result.vars or [])
                result.bindings = [{name: value for name, value in zip(names, row, strict=True)
                                    if value is not None} for row in rows]
            outcome["result"] = result
        except QueryTimeout:
            outcome["timed_out"] = True
        except BaseException as err:  # handed to the caller's thread below
            outcome["error"] = err

    worker = threading.Thread(target=work, name="pmograph-query", daemon=True)
    worker.start()
    worker.join(timeout)
    if worker.is_alive():
        _interrupt(worker)
        worker.join(5.0)
        raise QueryError(f"the query ran longer than {timeout:g} s and was stopped; raise the "
                         "limit with timeout=… (--timeout) if it is expected to be slow")
    if "error" in outcome:
        raise outcome["error"]
    if outcome.get("too_many"):
        raise QueryError(f"the query returned more than {max_rows} rows; add a LIMIT or raise "
                         "the cap with max_rows=… (--max-rows)")
    return outcome["result"]  # type: ignore[no-any-return]


def _interrupt(thread: threading.Thread) -> None:
    ident = thread.ident
    if ident is not None:
        ctypes.pythonapi.PyThreadState_SetAsyncExc(ctypes.c_ulong(ident),
                                                   ctypes.py_object(QueryTimeout))
