"""The embedded Oxigraph engine as an rdflib store: oxrdflib, with faster and rdflib-faithful terms.

oxrdflib's store answers a plain literal ``"x"`` as ``"x"^^xsd:string`` (the same in RDF 1.1,
but not equal in rdflib, so answers would differ from the memory store) and builds an rdflib
:class:`~rdflib.Graph` object for every triple it returns.  :class:`OxigraphRdflibStore`
converts terms once, straight to what rdflib itself would have parsed, which also makes
building the views about twice as fast.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from functools import cache
from typing import Any

from rdflib import BNode, Graph, Literal, URIRef, Variable
from rdflib.graph import DATASET_DEFAULT_GRAPH_ID
from rdflib.query import Result

from ._errors import MissingDependencyError

_XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
INSTALL_HINT = "install the extra: pip install 'pmograph[oxigraph]'"


@cache
def oxigraph() -> tuple[Any, Any]:
    """``(pyoxigraph, OxigraphRdflibStore)``, or :class:`MissingDependencyError` naming the extra.

    Examples
    --------
    >>> ox, store_class = oxigraph()
    >>> graph = Graph(store=store_class(store=ox.Store()))
    >>> _ = graph.add((URIRef("urn:a"), URIRef("urn:b"), Literal("plain")))
    >>> [o for o in graph.objects()] == [Literal("plain")]
    True
    """
    try:
        import pyoxigraph as ox
        from oxrdflib import OxigraphStore
        from oxrdflib._converter import to_ox, to_ox_quad_pattern
    except ImportError as err:
        raise MissingDependencyError("the Oxigraph store needs pyoxigraph and oxrdflib, which "
                                     f"are not installed: {INSTALL_HINT}") from err
    named, blank, literal = ox.NamedNode, ox.BlankNode, ox.Literal
    # Oxigraph has validated every IRI it holds, so skip rdflib's check (a fifth of view time).
    iri = str.__new__

    def term(node: Any) -> Any:
        kind = type(node)
        if kind is named:
            return iri(URIRef, node.value)
        if kind is literal:
            if node.language:
                return Literal(node.value, lang=node.language)
            datatype = node.datatype.value
            return Literal(node.value) if datatype == _XSD_STRING else \
                Literal(node.value, datatype=iri(URIRef, datatype))
        if kind is blank:
            return BNode(node.value)
        raise ValueError(f"unexpected Oxigraph term: {node!r}")

    class OxigraphRdflibStore(OxigraphStore):  # type: ignore[misc]
        """oxrdflib's store with rdflib-faithful literals and no per-triple objects."""

        def triples(self, pattern: Any, context: Any = None) -> Iterator[Any]:
            contexts = (context,)
            try:
                quads = self._inner.quads_for_pattern(*to_ox_quad_pattern(pattern, context))
            except (TypeError, ValueError):  # a literal subject and the like: nothing matches
                return
            for quad in quads:
                yield (term(quad.subject), term(quad.predicate), term(quad.object)), \
                    iter(contexts)

        def __len__(self, context: Any = None) -> int:
            # oxrdflib counts DISTINCT triples with SPARQL: a hash set as big as the store.
            # pmograph's data are the default graph; its named graphs are small bookkeeping.
            if context is None or context.identifier != DATASET_DEFAULT_GRAPH_ID:
                return int(super().__len__(context))
            named = sum(1 for graph in self._inner.named_graphs()
                        for _ in self._inner.quads_for_pattern(None, None, None, graph))
            return len(self._inner) - named

        def query(self, query: Any, initNs: Mapping[str, Any],
                  initBindings: Mapping[str, Any], queryGraph: Any,
                  **kwargs: Any) -> Result:
            if not isinstance(query, str) or kwargs:
                return super().query(query, initNs, initBindings, queryGraph, **kwargs)
            answer = self._inner.query(
                query, use_default_graph_as_union=queryGraph == "__UNION__",
                default_graph=to_ox(queryGraph) if isinstance(queryGraph, URIRef | BNode)
                else None,
                prefixes={k: str(v) for k, v in {**self._namespace_for_prefix,
                                                  **initNs}.items()},
                substitutions={ox.Variable(k): to_ox(v) for k, v in initBindings.items()})
            if isinstance(answer, ox.QueryBoolean):
                result = Result("ASK")
                result.askAnswer = bool(answer)
            elif isinstance(answer, ox.QuerySolutions):
                result = Result("SELECT")
                names = [Variable(v.value) for v in answer.variables]
                result.vars = names
                result.bindings = ({name: term(value) for name, value in zip(names, row,
                                                                             strict=True)
                                    if value is not None} for row in answer)
            else:
                result = Result("CONSTRUCT")
                result.graph = Graph()
                result.graph += ((term(t.subject), term(t.predicate), term(t.object))
                                 for t in answer)
            return result

    return ox, OxigraphRdflibStore
