"""The dataset a query sees: pmograph's data as the default graph, its snapshots as named graphs.

A query with ``GRAPH`` (such as the shipped ``what-changed-between-snapshots``) reads the
snapshots kept beside the data (:mod:`pmograph._store.snapshots`), the same on every store:

* Oxigraph queries its store's default graph and sees every named graph already;
* rdflib evaluates ``GRAPH`` only over a ``ConjunctiveGraph``: :class:`DataWithNamedGraphs` is
  one whose default graph is the data alone (not the union of every graph, rdflib's default)
  and whose named graphs are the other contexts of the same store;
* a SPARQL server is sent ``named-graph-uri`` for each snapshot beside ``default-graph-uri``
  (measured: with a default graph named and no named graphs, the Oxigraph server hides every
  named graph, while Virtuoso shows all of its own; naming them makes both the same).
"""

from __future__ import annotations

import re
from collections.abc import Generator, Iterator
from typing import Any

from rdflib import ConjunctiveGraph, Graph

_GRAPH = re.compile(r"\bGRAPH\b", re.IGNORECASE)


def uses_named_graphs(text: str) -> bool:
    """Whether a query may read named graphs (it says ``GRAPH``; a false alarm costs little).

    Examples
    --------
    >>> uses_named_graphs("SELECT * { GRAPH ?g { ?s ?p ?o } }"), uses_named_graphs("ASK {}")
    (True, False)
    """
    return bool(_GRAPH.search(text))


class DataWithNamedGraphs(ConjunctiveGraph):
    """An rdflib store as a query should see it: ``data`` as the default graph, and every
    context of its store as a named graph.

    Examples
    --------
    >>> from rdflib import Literal, URIRef
    >>> data = Graph()
    >>> _ = data.add((URIRef("urn:a"), URIRef("urn:p"), Literal(1)))
    >>> kept = Graph(store=data.store, identifier=URIRef("urn:snapshot"))
    >>> _ = kept.add((URIRef("urn:b"), URIRef("urn:p"), Literal(2)))
    >>> seen = DataWithNamedGraphs(data)
    >>> [str(row[0]) for row in seen.query("SELECT ?s { ?s ?p ?o }")]
    ['urn:a']
    >>> [str(row[0]) for row in seen.query("SELECT ?s { GRAPH <urn:snapshot> { ?s ?p ?o } }")]
    ['urn:b']
    >>> [str(row[0]) for row in seen.query("SELECT DISTINCT ?g { GRAPH ?g { ?s ?p ?o } }")]
    ['urn:snapshot']
    """

    def __init__(self, data: Graph) -> None:
        super().__init__(store=data.store, identifier=data.identifier)
        self.default_context = data
        self.namespace_manager = data.namespace_manager

    def contexts(self, triple: Any = None) -> Generator[Graph, None, None]:
        """The named graphs: every context but the data (the default graph is not named)."""
        for graph in super().contexts(triple):
            if graph.identifier != self.default_context.identifier:
                yield graph

    def triples(self, triple_or_quad: Any, context: Any = None) -> Iterator[Any]:  # type: ignore[override]
        # rdflib evaluates the default graph of a ConjunctiveGraph as the union of every
        # context (SPARQL_DEFAULT_GRAPH_UNION); here it is the data alone.
        if context is None and len(triple_or_quad) == 3:
            yield from self.default_context.triples(triple_or_quad)
            return
        yield from super().triples(triple_or_quad, context)
