"""Oxigraph's answers as rdflib results, read in the thread that ran the query.

pyoxigraph's answer objects are pyo3 "unsendable" objects: dropped on another thread, pyo3
reports ``... is unsendable, but is being dropped on another thread`` and leaks them.  So an
answer is read whole where it was made (:func:`read_answer`), only rdflib terms leave, and no
error leaving carries it in its frames (the store's ``query`` clears them).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from rdflib import Graph, Variable
from rdflib.query import Result

from pmograph._store.sparql_limits import current_limits, too_many_rows

#: Triples added to the graph at a time.
_BATCH = 10_000


def read_answer(answer: Any, ox: Any, term: Callable[[Any], Any]) -> Result:
    """Oxigraph's answer as an rdflib :class:`~rdflib.query.Result`, read now.

    Read in the thread that ran the query (pyo3 objects must be dropped on the thread that
    made them), one row at a time: iteration is where Oxigraph evaluates, so a query past its
    row cap (:func:`~pmograph._store.sparql_limits.current_limits`) stops there, and a time
    limit stops it at the next row.
    """
    cap = current_limits().max_rows
    if isinstance(answer, ox.QueryBoolean):
        result = Result("ASK")
        result.askAnswer = bool(answer)
        return result
    if isinstance(answer, ox.QuerySolutions):
        result = Result("SELECT")
        names = [Variable(v.value) for v in answer.variables]
        result.vars = names
        rows: list[Mapping[Variable, Any]] = []
        for row in answer:
            if cap is not None and len(rows) >= cap:
                raise too_many_rows(cap)
            rows.append({name: term(value) for name, value in zip(names, row, strict=True)
                         if value is not None})
        result.bindings = rows
        return result
    result = Result("CONSTRUCT")
    graph = result.graph = Graph()
    # A plain loop, not a generator: a generator's closure would keep the answer alive in a
    # cell that clearing an error's frames does not reach.
    batch: list[tuple[Any, Any, Any, Graph]] = []
    for found in answer:
        batch.append((term(found.subject), term(found.predicate), term(found.object), graph))
        if len(batch) >= _BATCH or (cap is not None and len(graph) + len(batch) > cap):
            graph.addN(batch)
            batch = []
            if cap is not None and len(graph) > cap:
                raise too_many_rows(cap)
    graph.addN(batch)
    return result
