"""The embedded Oxigraph engine: its pmograph backend, and oxrdflib with rdflib-faithful terms.

:class:`OxigraphBackend` opens a store in memory or in a folder (one handle per folder and
process: RocksDB locks it), bulk-loads files with Oxigraph's own parsers, and keeps the catalog
record and the bookkeeping in two named graphs beside the default graph that holds the data.

oxrdflib's store answers a plain literal ``"x"`` as ``"x"^^xsd:string`` (the same in RDF 1.1,
but not equal in rdflib, so answers would differ from the memory store) and builds an rdflib
:class:`~rdflib.Graph` object for every triple it returns.  :class:`OxigraphRdflibStore`
converts terms once, straight to what rdflib itself would have parsed, which also makes
building the views about twice as fast.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from functools import cache
from pathlib import Path
from typing import Any

from rdflib import BNode, Graph, Literal, URIRef, Variable
from rdflib.graph import DATASET_DEFAULT_GRAPH_ID
from rdflib.query import Result

from pmograph._errors import LoadError, MissingDependencyError, ParseError, StoreError
from pmograph._store.backends import CATALOG_VERSION, GENERATION, Backend, Progress, StoreSpec
from pmograph._store.checked_load import load_checked
from pmograph._store.input_guards import check_rdfxml
from pmograph._store.parsing import QUAD_FORMATS, parse_into
from pmograph._store.snapshot import FOLDER as SNAPSHOT_FOLDER
from pmograph._store.snapshot import new_generation

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

    def rows(answer: Any) -> list[tuple[Any, ...]]:
        return [tuple(None if value is None else term(value) for value in row)
                for row in answer]

    class OxigraphRdflibStore(OxigraphStore):
        """oxrdflib's store with rdflib-faithful literals and no per-triple objects.

        ``on_write`` (if set) is called before every change made through rdflib.
        """

        on_write: Callable[[], None] | None = None

        def _writing(self) -> None:
            if self.on_write is not None:
                self.on_write()

        def add(self, triple: Any, context: Any, quoted: bool = False) -> None:
            self._writing()
            super().add(triple, context, quoted)

        def addN(self, quads: Any) -> None:
            self._writing()
            super().addN(quads)

        def remove(self, triple: Any, context: Any = None) -> None:
            self._writing()
            super().remove(triple, context)

        def update(self, update: Any, initNs: Any, initBindings: Any,
                   queryGraph: Any, **kwargs: Any) -> None:
            self._writing()
            super().update(update, initNs, initBindings, queryGraph, **kwargs)

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

        def select_rows(self, query: str, namespaces: Mapping[str, Any]) -> list[tuple[Any, ...]]:
            """A SELECT's rows as tuples of rdflib terms (``None`` where unbound), directly."""
            return rows(self._inner.query(query, prefixes={k: str(v) for k, v in
                                                           namespaces.items()}))

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


class OxigraphBackend(Backend):
    """An embedded Oxigraph store (through oxrdflib), in memory or in a folder.

    Examples
    --------
    >>> from pmograph._store.backends import parse_store
    >>> backend = OxigraphBackend(parse_store("oxigraph"))
    >>> backend.persistent, len(backend.graph)
    (False, 0)
    """

    def __init__(self, spec: StoreSpec) -> None:
        ox, oxigraph_store = oxigraph()
        self.spec = spec
        self.persistent = spec.location is not None
        #: The folder, resolved once: the key of its handle and of its generation state.
        self._key = str(Path(spec.location).resolve()) if spec.location else None
        try:
            if spec.location is None:
                self.ox = ox.Store()
            else:  # one handle per folder and process: RocksDB locks the folder
                key = str(self._key)
                self.ox = _OPEN_STORES.get(key) or _OPEN_STORES.setdefault(key, ox.Store(key))
        except OSError as err:
            busy = "lock" in str(err).lower()
            raise StoreError(f"cannot open the Oxigraph store at {spec.location}: " + (
                "another process has it open; close that first" if busy else str(err))) from err
        self._module = ox
        self._record = ox.NamedNode("urn:x-pmograph:catalog-record")
        self._meta = ox.NamedNode("urn:x-pmograph:meta")
        self._store = oxigraph_store(store=self.ox)  # Any: its class is made in oxigraph()
        self.graph = Graph(store=self._store, identifier=DATASET_DEFAULT_GRAPH_ID)
        self._generation = ox.NamedNode(str(GENERATION))
        if self.persistent:
            self._store.on_write = self.touched

    # ------------------------------------------------------------------ snapshots (_snapshot)
    @property
    def snapshot_folder(self) -> Path | None:
        """Where views of this store are kept between runs (persistent stores only)."""
        return Path(self._key) / SNAPSHOT_FOLDER if self._key else None

    def generation(self) -> str:
        """The token pmograph renews before every change it makes to this store."""
        found = [q.object.value for q in self.ox.quads_for_pattern(
            self._meta, self._generation, None, self._meta)]
        return min(found, default="")

    def quad_count(self) -> int:
        return len(self.ox)

    def touched(self) -> None:
        """Before a change: renew the generation, once until the next snapshot is taken."""
        key = self._key
        if key is None or key in _RENEWED:
            return
        ox = self._module
        for quad in list(self.ox.quads_for_pattern(self._meta, self._generation, None,
                                                   self._meta)):
            self.ox.remove(quad)
        self.ox.add(ox.Quad(self._meta, self._generation, ox.Literal(new_generation()),
                            self._meta))
        _RENEWED.add(key)

    def snapshot_taken(self) -> None:
        if self._key:
            _RENEWED.discard(self._key)

    def select_rows(self, query: str, namespaces: Mapping[str, Any]) -> list[tuple[Any, ...]]:
        """Rows of a trusted SELECT (pmograph's own queries), without rdflib result objects."""
        try:
            return self._store.select_rows(query, namespaces)  # type: ignore[no-any-return]
        except (SyntaxError, OSError) as err:
            raise StoreError(f"the Oxigraph store failed a query: {err}") from err

    def metadata(self) -> dict[URIRef, set[str]]:
        found: dict[URIRef, set[str]] = {}
        for quad in self.ox.quads_for_pattern(None, None, None, self._meta):
            found.setdefault(URIRef(quad.predicate.value), set()).add(quad.object.value)
        return found

    def _remember(self, key: URIRef, value: str) -> None:
        ox = self._module
        self.ox.add(ox.Quad(self._meta, ox.NamedNode(str(key)), ox.Literal(value), self._meta))

    def _add_graph(self, graph: Graph) -> int:  # through rdflib: on_write renews the generation
        before = len(self.graph)
        self.graph += graph
        return len(self.graph) - before

    def _add_file(self, path: Path, rdf_format: str, progress: Progress | None) -> int:
        self.touched()
        ox = self._module
        oxigraph_format = _OXIGRAPH_FORMATS.get(rdf_format)
        if oxigraph_format is None:  # JSON-LD: rdflib's parser, which refuses remote contexts
            scratch = Graph()
            parse_into(scratch, path.read_bytes(), source=str(path), rdf_format=rdf_format)
            return self._add_graph(scratch)
        if rdf_format == "xml":  # Oxigraph expands nested entities (a 638-byte bomb: 3 GB)
            check_rdfxml(path.read_bytes(), source=str(path))
        before = len(self.ox)
        try:
            if rdf_format in QUAD_FORMATS:  # one graph: named graphs differ between stores
                self.ox.bulk_extend(
                    ox.Quad(q.subject, q.predicate, q.object, ox.DefaultGraph())
                    for q in ox.parse(path=str(path), format=getattr(ox.RdfFormat,
                                                                     oxigraph_format),
                                      base_iri=path.resolve().as_uri()))
            elif self.persistent:
                self.ox.bulk_load(path=str(path), format=getattr(ox.RdfFormat, oxigraph_format),
                                  base_iri=path.resolve().as_uri())
            else:  # in memory, the transactional loader is faster and leaner than bulk_load
                # Lenient only beside a strict check: alone it lets in IRIs other stores refuse.
                load_checked(self.ox, path, oxigraph_format, path.resolve().as_uri())
        except SyntaxError as err:
            raise ParseError(f"{path}, line {err.lineno}: {err.msg} ({rdf_format} syntax)",
                             path=str(path), line=err.lineno) from err
        except OSError as err:
            raise LoadError(f"{path}: cannot load the file: {err}") from err
        except MemoryError as err:  # Oxigraph's limit on one token (a literal, a line ...)
            raise ParseError(f"{path}: a single term is longer than the parser accepts ({err}); "
                             "is a string literal or an IRI left unclosed?",
                             path=str(path)) from err
        return len(self.ox) - before

    def _forget_catalog(self, versions: set[str]) -> None:
        self.touched()
        ox = self._module
        for quad in list(self.ox.quads_for_pattern(None, None, None, self._record)):
            self.ox.remove(ox.Quad(quad.subject, quad.predicate, quad.object, ox.DefaultGraph()))
        self.ox.remove_graph(self._record)
        for version in versions:
            self.ox.remove(ox.Quad(self._meta, ox.NamedNode(str(CATALOG_VERSION)),
                                   ox.Literal(version), self._meta))

    def _load_catalog(self, catalog: Callable[[], Graph],
                      sources: list[tuple[str, bytes]]) -> None:
        self.touched()
        ox = self._module
        for _name, data in sources:
            self.ox.load(input=data, format=ox.RdfFormat.TURTLE, base_iri="urn:pmograph:input",
                         to_graph=self._record)
        # Copied from the record so blank nodes keep their identity in both graphs.
        self.ox.extend([ox.Quad(q.subject, q.predicate, q.object, ox.DefaultGraph())
                        for q in self.ox.quads_for_pattern(None, None, None, self._record)])


_OPEN_STORES: dict[str, Any] = {}
#: Store folders whose generation this process renewed since their last snapshot.
_RENEWED: set[str] = set()
_OXIGRAPH_FORMATS = {"turtle": "TURTLE", "nt": "N_TRIPLES", "n3": "N3", "xml": "RDF_XML",
                     "trig": "TRIG", "nquads": "N_QUADS"}
