"""Writing a graph as RDF text (``export``, ``query`` CONSTRUCT): valid output, or a clear error.

rdflib's serialisers write what they are given: an IRI holding NUL goes raw into N-Triples
(invalid output that no parser reads back), and a lone surrogate in a literal fails deep in
an encoder.  :func:`serialize` checks every term first (the same rule as reading:
:func:`~pmograph._store.input_guards.unwritable_text`) and refuses with an
:class:`OutputError` that names the term and the subject it belongs to.

Blank nodes nest: Turtle writes a node referenced once inside brackets, so a chain of 250
blank nodes made rdflib's serialiser recurse past Python's limit.  Turtle is written here with
at most :data:`MAX_NESTING` levels of brackets (deeper nodes get a ``_:label`` and a statement
of their own: the same triples, and still readable), and every serialiser runs in a thread
with a big stack (:func:`~pmograph._recursion.call_deep`), so JSON-LD of a chain 100,000 deep
is written too.
"""

from __future__ import annotations

import io
from typing import Any

from rdflib import BNode, Graph
from rdflib.plugins.serializers.turtle import TurtleSerializer

from pmograph._errors import OutputError
from pmograph._recursion import call_deep
from pmograph._store.input_guards import shown, unwritable_text

#: The deepest brackets Turtle output nests; a deeper blank node is written on its own.
MAX_NESTING = 32
#: rdflib serialiser names that are Turtle.
_TURTLE = frozenset({"turtle", "ttl"})


class ShallowTurtleSerializer(TurtleSerializer):
    """rdflib's Turtle serialiser with blank nodes nested at most :data:`MAX_NESTING` deep."""

    def reset(self) -> None:
        super().reset()
        self._nesting = 0

    def p_squared(self, node: Any, position: int, newline: bool = False) -> bool:
        if isinstance(node, BNode) and self._nesting >= MAX_NESTING:
            return False  # written as _:label here, and as a subject of its own later
        self._nesting += 1
        try:
            return bool(super().p_squared(node, position, newline))
        finally:
            self._nesting -= 1


def serialize(graph: Graph, rdf_format: str) -> bytes:
    """``graph`` as UTF-8 bytes in ``rdf_format`` (an rdflib serialiser name).

    Raises :class:`OutputError` for a term that cannot be written (an IRI with a control
    character, text that is not Unicode) or data nested past what can be followed.

    Examples
    --------
    >>> from rdflib import URIRef
    >>> g = Graph()
    >>> p = URIRef("https://example.org/p")
    >>> node = URIRef("https://example.org/s")
    >>> for _ in range(300):  # a chain of blank nodes
    ...     _ = g.add((node, p, (node := BNode())))
    >>> len(Graph().parse(data=serialize(g, "turtle"), format="turtle"))
    300
    >>> _ = g.add((URIRef("https://example.org/a" + chr(0)), p, node))
    >>> serialize(g, "nt")
    Traceback (most recent call last):
    ...
    pmograph._errors.OutputError: cannot write the IRI <https://example.org/a\\x00> ...
    """
    check_writable(graph)
    try:
        return call_deep(lambda: _serialize(graph, rdf_format))
    except RecursionError as err:
        raise OutputError(f"the data nest too deeply to write as {rdf_format} (a chain of "
                          "blank nodes past what can be followed); write N-Triples (nt), "
                          "which never nests") from err
    except UnicodeEncodeError as err:  # checked above; a store may still hand one over
        raise OutputError(f"the data hold text that is not valid Unicode ({err.reason}); "
                          "nothing was written") from err


def _serialize(graph: Graph, rdf_format: str) -> bytes:
    if rdf_format not in _TURTLE:
        return graph.serialize(format=rdf_format, encoding="utf-8")
    stream = io.BytesIO()
    ShallowTurtleSerializer(graph).serialize(stream, encoding="utf-8")
    return stream.getvalue()


def check_writable(graph: Graph) -> None:
    """Raise :class:`OutputError` for the first term of ``graph`` that cannot be written."""
    checked: set[Any] = set()
    for triple in graph.triples((None, None, None)):
        for term in triple:
            if term in checked:
                continue
            problem = unwritable_text(term)
            if problem is not None:
                message = problem.message.removeprefix("the ")
                raise OutputError(f"cannot write the {message} (in a statement about "
                                  f"{shown(str(triple[0]))}); nothing was written")
            checked.add(term)
        if len(checked) > 1_000_000:  # bound the memory; repeats are merely checked again
            checked.clear()
