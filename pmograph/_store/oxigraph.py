"""Oxigraph, the default engine: its pmograph backend, and oxrdflib with rdflib-faithful terms.

:class:`OxigraphBackend` opens a store in memory or in a folder (one handle per folder and
process: RocksDB locks it), parses every file once, strictly, with Oxigraph's own parsers
straight into the store, and on a folder keeps the catalog record and the bookkeeping in two
named graphs beside the default graph that holds the data.  pmograph's own SELECTs run on
pyoxigraph directly and come back as plain strings (:meth:`OxigraphBackend.strings`).

oxrdflib's store answers a plain literal ``"x"`` as ``"x"^^xsd:string`` (the same in RDF 1.1,
but not equal in rdflib, so answers would differ from the memory store) and builds an rdflib
:class:`~rdflib.Graph` object for every triple it returns.  :class:`OxigraphRdflibStore`
converts terms once, straight to what rdflib itself would have parsed, which also makes
building the views about twice as fast.
"""

from __future__ import annotations

import traceback
from collections.abc import Callable, Iterator, Mapping
from contextlib import ExitStack
from functools import cache
from pathlib import Path
from typing import Any

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.graph import DATASET_DEFAULT_GRAPH_ID
from rdflib.query import Result

from pmograph._errors import LoadError, MissingDependencyError, ParseError, StoreError
from pmograph._formats import QUAD_FORMATS
from pmograph._inputs import InputFile
from pmograph._namespace import PREFIX_TEXT
from pmograph._progress import Stage, counted
from pmograph._resources import catalog_files
from pmograph._store.backends import CATALOG_VERSION, Backend, Row, StrRow
from pmograph._store.input_guards import check_rdfxml
from pmograph._store.oxigraph_results import read_answer
from pmograph._store.parsing import explain_syntax_error, parse_into
from pmograph._store.sparql_terms import with_values_block
from pmograph._store.spec import StoreSpec
from pmograph._store.streams import OxigraphStreams

_XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
INSTALL_HINT = "reinstall pmograph: pip install --force-reinstall pmograph"


def default_graph_size(store: Any) -> int:
    """Quads in the default graph of a pyoxigraph store, where pmograph keeps its data; the
    named graphs are small bookkeeping, so they are counted and taken off."""
    named = sum(1 for graph in store.named_graphs()
                for _ in store.quads_for_pattern(None, None, None, graph))
    return len(store) - named


@cache
def term_converter() -> Callable[[Any], Any]:
    """A function from Oxigraph terms to the rdflib terms rdflib itself would have parsed.

    Examples
    --------
    >>> import pyoxigraph as ox
    >>> term_converter()(ox.Literal("plain")) == Literal("plain")
    True
    """
    import pyoxigraph as ox

    named, blank, literal = ox.NamedNode, ox.BlankNode, ox.Literal
    # Oxigraph has validated every IRI it holds, so skip rdflib's check (a fifth of view time).
    iri = str.__new__
    text_literal = _text_literal_maker()

    def term(node: Any) -> Any:
        kind = type(node)
        if kind is named:
            return iri(URIRef, node.value)
        if kind is literal:
            if node.language:
                return text_literal(node.value, node.language)
            datatype = node.datatype.value
            return text_literal(node.value, None) if datatype == _XSD_STRING else \
                Literal(node.value, datatype=iri(URIRef, datatype))
        if kind is blank:
            return BNode(node.value)
        raise StoreError(f"the store holds {node}, an RDF 1.2 triple term, which pmograph does "
                         "not support; remove it from the data")

    return term


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
    term = term_converter()

    class OxigraphRdflibStore(OxigraphStore):
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
            return default_graph_size(self._inner)

        def query(self, query: Any, initNs: Mapping[str, Any],
                  initBindings: Mapping[str, Any], queryGraph: Any,
                  **kwargs: Any) -> Result:
            if not isinstance(query, str) or kwargs:
                return super().query(query, initNs, initBindings, queryGraph, **kwargs)
            # oxrdflib's to_ox is typed for every kind of input at once: a graph name gives
            # a graph name, a term a term.
            answer = self._inner.query(
                query, use_default_graph_as_union=queryGraph == "__UNION__",
                default_graph=to_ox(queryGraph) if isinstance(queryGraph, URIRef | BNode)  # type: ignore[arg-type]
                else None,
                prefixes={k: str(v) for k, v in {**self._namespace_for_prefix,
                                                  **initNs}.items()},
                substitutions={ox.Variable(k): to_ox(v) for k, v in initBindings.items()})  # type: ignore[misc]
            try:
                return read_answer(answer, ox, term)
            except BaseException as err:
                # Nothing reachable from the error may hold the answer: an error kept in a
                # reference cycle is collected by whichever thread next runs the collector.
                traceback.clear_frames(err.__traceback__)
                raise
            finally:
                del answer  # dropped here, in the thread that made it

    return ox, OxigraphRdflibStore


def _text_literal_maker() -> Callable[[str, str | None], Literal]:
    """A maker of plain and language-tagged literals, several times faster than ``Literal()``.

    For text, rdflib's constructor only validates the language tag (Oxigraph has done that)
    and sets four slots; this sets the same four.  It checks itself against rdflib at first use
    and falls back to ``Literal()`` if this rdflib builds text literals differently.

    Examples
    --------
    >>> make = _text_literal_maker()
    >>> make("Chef de projet", "fr") == Literal("Chef de projet", lang="fr")
    True
    """
    new = str.__new__

    def fast(text: str, language: str | None) -> Literal:
        made = new(Literal, text)
        made._language, made._datatype, made._value, made._ill_typed = language, None, text, None
        return made

    def slow(text: str, language: str | None) -> Literal:
        return Literal(text, lang=language)

    for text, language in (("PMO Manager", None), ("Zoë", "en-GB"), ("", "fr"), (" 1 ", None)):
        made, expected = fast(text, language), slow(text, language)
        if made != expected or hash(made) != hash(expected) or any(
                getattr(made, slot) != getattr(expected, slot) for slot in Literal.__slots__):
            return slow
    return fast


class OxigraphBackend(OxigraphStreams, Backend):
    """An embedded Oxigraph store (seen through oxrdflib), in memory or in a folder.

    Examples
    --------
    >>> from pmograph._store.spec import parse_store
    >>> backend = OxigraphBackend(parse_store("memory"))
    >>> backend.persistent, len(backend.graph)
    (False, 0)
    """

    def __init__(self, spec: StoreSpec) -> None:
        import pyoxigraph as ox

        self.spec = spec
        try:
            self.ox: Any
            if spec.location is None:
                self.ox = ox.Store()
            else:  # one handle per folder and process: RocksDB locks the folder
                key = str(Path(spec.location).resolve())
                self.ox = _OPEN_STORES.get(key) or _OPEN_STORES.setdefault(key, ox.Store(key))
        except OSError as err:
            busy = "lock" in str(err).lower()
            raise StoreError(f"cannot open the Oxigraph store at {spec.location}: " + (
                "another process has it open; close that first" if busy else str(err))) from err
        self._module = ox
        self._record = ox.NamedNode("urn:x-pmograph:catalog-record")
        self._meta = ox.NamedNode("urn:x-pmograph:meta")
        self._prefixes = dict(PREFIX_TEXT)
        self._rdflib: Graph | None = None

    @property
    def graph(self) -> Graph:
        """The store seen through rdflib (oxrdflib), made on first use: a question that does
        not need rdflib's API does not pay for loading it."""
        if self._rdflib is None:
            _, store_class = oxigraph()
            self._rdflib = Graph(store=store_class(store=self.ox),
                                 identifier=DATASET_DEFAULT_GRAPH_ID)
            for prefix, namespace in self._prefixes.items():
                self._rdflib.bind(prefix, namespace, override=False)
        return self._rdflib

    def size(self) -> int:
        return default_graph_size(self.ox)

    def prefixes(self) -> dict[str, str]:
        return super().prefixes() if self._rdflib is not None else dict(self._prefixes)

    # ------------------------------------------------------------------ pmograph's own SELECTs
    def _run(self, text: str, values: Mapping[str, Any], prefixes: Mapping[str, str]) -> Any:
        try:
            return self.ox.query(with_values_block(text, values), prefixes=dict(prefixes))
        except (SyntaxError, OSError) as err:
            raise StoreError(f"the Oxigraph store failed a query: {err}") from err

    def select(self, text: str, values: Mapping[str, Any],
               prefixes: Mapping[str, str]) -> list[Row]:
        """Rows of a trusted SELECT as rdflib terms, without rdflib result objects."""
        term = term_converter()
        return [tuple(None if value is None else term(value) for value in row)
                for row in self._run(text, values, prefixes)]

    def strings(self, text: str, values: Mapping[str, Any],
                prefixes: Mapping[str, str]) -> list[StrRow]:
        """Rows of a trusted SELECT as plain strings, straight from Oxigraph's terms."""
        return [tuple(None if value is None else value.value for value in row)
                for row in self._run(text, values, prefixes)]

    # ------------------------------------------------------------------ bookkeeping
    def metadata(self) -> dict[URIRef, set[str]]:
        found: dict[URIRef, set[str]] = {}
        for quad in self.ox.quads_for_pattern(None, None, None, self._meta):
            found.setdefault(URIRef(quad.predicate.value), set()).add(quad.object.value)
        return found

    def _remember(self, key: URIRef, value: str) -> None:
        ox = self._module
        self.ox.add(ox.Quad(self._meta, ox.NamedNode(str(key)), ox.Literal(value), self._meta))

    # ------------------------------------------------------------------ loading
    def _add_graph(self, graph: Graph) -> int:
        target = self.graph
        before = len(target)
        target += graph
        return len(target) - before

    def _add_file(self, source: InputFile, rdf_format: str, reading: Stage | None) -> int:
        ox = self._module
        oxigraph_format = _OXIGRAPH_FORMATS.get(rdf_format)
        if oxigraph_format is None:  # JSON-LD: rdflib's parser, which refuses remote contexts
            scratch = Graph()
            data = source.read()
            parse_into(scratch, data, source=source.name, rdf_format=rdf_format,
                       base=source.base_iri)
            if reading is not None:
                reading.advance(len(data))
            return self._add_graph(scratch)
        if rdf_format == "xml":  # Oxigraph expands nested entities (a 638-byte bomb: 3 GB)
            check_rdfxml(source.read(), source=source.name)
        before = len(self.ox)
        format_ = getattr(ox.RdfFormat, oxigraph_format)
        with ExitStack() as files:
            # A pipe's bytes were read once, within the size limit; a regular file is read by
            # Oxigraph, watched through a counter of bytes (measured: as fast).
            feed: dict[str, Any]
            if source.data is not None or source.path is None:
                feed = {"input": source.data or b""}
            elif reading is None:
                feed = {"path": str(source.path)}
            else:
                feed = {"input": files.enter_context(counted(source.path, reading))}
            self._parse_into_store(source, rdf_format, feed, format_, source.base_iri)
        if reading is not None and source.data is not None:
            reading.advance(len(source.data))
        return len(self.ox) - before

    def _parse_into_store(self, source: InputFile, rdf_format: str, feed: dict[str, Any],
                          format_: Any, base: str) -> None:
        ox = self._module
        try:
            if self.persistent and rdf_format not in QUAD_FORMATS:
                # Written to disk in sorted runs: far less memory than one transaction.
                self.ox.bulk_load(**feed, format=format_, base_iri=base)
            elif rdf_format == "nt":  # no prefixes to keep: Oxigraph reads it on its own
                self.ox.load(**feed, format=format_, base_iri=base)
            else:
                # Strict parsing, straight into the store in one transaction: a syntax error
                # leaves the store as it was.  The parser also gives the file's prefixes.
                parser = ox.parse(**feed, format=format_, base_iri=base)
                quads = parser if rdf_format not in QUAD_FORMATS else (
                    # One graph: named graphs mean different things in different stores.
                    ox.Quad(q.subject, q.predicate, q.object, ox.DefaultGraph())
                    for q in parser)
                if self.persistent:
                    self.ox.bulk_extend(quads)
                else:
                    self.ox.extend(quads)
                for prefix, namespace in parser.prefixes.items():
                    self._prefixes.setdefault(prefix, namespace)
                    if self._rdflib is not None:
                        self._rdflib.bind(prefix, namespace, override=False)
        except SyntaxError as err:
            raise explain_syntax_error(source.read(), err, source=source.name,
                                       rdf_format=rdf_format) from err
        except OSError as err:
            raise LoadError(f"{source.name}: cannot load the file: {err}") from err
        except MemoryError as err:  # Oxigraph's limit on one token (a literal, a line ...)
            raise ParseError(f"{source.name}: a single term is longer than the parser accepts "
                             f"({err}); is a string literal or an IRI left unclosed?",
                             path=source.name) from err

    # ------------------------------------------------------------------ the catalog
    def _forget_catalog(self, versions: set[str]) -> None:
        ox = self._module
        for quad in list(self.ox.quads_for_pattern(None, None, None, self._record)):
            self.ox.remove(ox.Quad(quad.subject, quad.predicate, quad.object, ox.DefaultGraph()))
        self.ox.remove_graph(self._record)
        for version in versions:
            self.ox.remove(ox.Quad(self._meta, ox.NamedNode(str(CATALOG_VERSION)),
                                   ox.Literal(version), self._meta))

    def _load_catalog(self) -> None:
        ox = self._module
        target = self._record if self.persistent else ox.DefaultGraph()
        for item in catalog_files():
            self.ox.load(input=item.read_bytes(), format=ox.RdfFormat.TURTLE,
                         base_iri="urn:pmograph:input", to_graph=target)
        if self.persistent:  # copied from the record: blank nodes keep their identity in both
            self.ox.extend([ox.Quad(q.subject, q.predicate, q.object, ox.DefaultGraph())
                            for q in self.ox.quads_for_pattern(None, None, None, self._record)])


_OPEN_STORES: dict[str, Any] = {}
_OXIGRAPH_FORMATS = {"turtle": "TURTLE", "nt": "N_TRIPLES", "n3": "N3", "xml": "RDF_XML",
                     "trig": "TRIG", "nquads": "N_QUADS"}
