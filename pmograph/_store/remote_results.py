"""Reading a SPARQL server's answer while it arrives, stopping at the row cap.

SPARQL XML results — what pmograph asks for first — are parsed block by block with expat, so
an answer is never held in full: each row becomes rdflib terms as it arrives, and reading stops
as soon as the rows pass the cap (:func:`~pmograph._store.sparql_limits.current_limits`).
The terms are the ones rdflib's own XML results parser makes.  A document type declaration
(entities, external references) is refused: a results document never needs one.

Other formats (JSON results, RDF for CONSTRUCT and DESCRIBE) are read whole — within the byte
cap of :class:`~pmograph._store.remote_http.Answer` — and parsed with rdflib; the row cap then
applies to what was parsed.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from io import BytesIO
from typing import Any
from xml.parsers import expat

from rdflib import BNode, Graph, Literal, URIRef, Variable
from rdflib.query import Result
from rdflib.term import Identifier

from pmograph._errors import StoreError
from pmograph._store.remote_http import Answer
from pmograph._store.sparql_limits import too_many_rows

_NS = "http://www.w3.org/2005/sparql-results#"
_XML_LANG = "http://www.w3.org/XML/1998/namespace lang"
_TERMS = {"uri", "bnode", "literal"}
_RDF = {"application/rdf+xml": "xml", "text/turtle": "turtle", "application/n-triples": "nt"}


def read_answer(answer: Answer, shown_url: str, *, max_rows: int | None,
                convert: Callable[[Any], Any]) -> Result:
    """The answer as an rdflib result; ``convert`` is applied to every term of a SELECT
    (CONSTRUCT graphs are left as parsed).

    Examples
    --------
    >>> class Sent:  # an answer with the body in one block
    ...     content_type = "application/sparql-results+xml"
    ...     def __init__(self, body): self.body = body
    ...     def blocks(self): yield self.body
    >>> xml = (b'<sparql xmlns="http://www.w3.org/2005/sparql-results#"><head>'
    ...        b'<variable name="x"/></head><results><result><binding name="x">'
    ...        b'<literal xml:lang="fr">Chef</literal></binding></result></results></sparql>')
    >>> read_answer(Sent(xml), "u", max_rows=None, convert=lambda t: t).bindings
    [{rdflib.term.Variable('x'): rdflib.term.Literal('Chef', lang='fr')}]
    >>> read_answer(Sent(xml), "u", max_rows=0, convert=lambda t: t)
    Traceback (most recent call last):
    ...
    pmograph._errors.QueryError: the query returned more than 0 rows; ...
    """
    mime = answer.content_type.split(";")[0].strip().lower()
    if mime == "application/sparql-results+xml":
        reader = XmlResultsReader(shown_url, max_rows=max_rows, convert=convert)
        for block in answer.blocks():
            reader.feed(block)
        return reader.close()
    if mime not in _RDF and mime != "application/sparql-results+json":
        raise StoreError(f"the SPARQL server at {shown_url} answered in "
                         f"{mime or 'an unknown format'}, which pmograph cannot read")
    body = b"".join(answer.blocks())
    try:
        if mime in _RDF:
            graph = Graph()
            graph.parse(data=body, format=_RDF[mime])
            result = Result("CONSTRUCT")
            result.graph = graph
        else:
            result = Result.parse(BytesIO(body), content_type=mime)
    except Exception as err:  # rdflib's parsers raise many kinds
        raise StoreError(f"could not read the answer of {shown_url} ({mime}): {err}") from None
    if result.type == "SELECT":
        if max_rows is not None and len(result.bindings) > max_rows:
            raise too_many_rows(max_rows)
        result.bindings = [{name: convert(value) for name, value in row.items()}
                           for row in result.bindings]
    return result


class XmlResultsReader:
    """An incremental parser of the SPARQL Query Results XML Format.

    Examples
    --------
    >>> reader = XmlResultsReader("u", max_rows=None, convert=lambda term: term)
    >>> reader.feed(b'<sparql xmlns="http://www.w3.org/2005/sparql-results#"><boolean>')
    >>> reader.feed(b'true</boolean></sparql>')
    >>> reader.close().askAnswer
    True
    """

    def __init__(self, shown_url: str, *, max_rows: int | None,
                 convert: Callable[[Any], Any]) -> None:
        self.url, self.max_rows, self.convert = shown_url, max_rows, convert
        self.variables: list[Variable] = []
        self.rows: list[Mapping[Variable, Identifier]] = []
        self.boolean: bool | None = None
        self._results = False
        self._row: dict[Variable, Any] | None = None
        self._binding: Variable | None = None
        self._term: tuple[str, dict[str, str]] | None = None
        self._text: list[str] | None = None
        parser = expat.ParserCreate(namespace_separator=" ")
        parser.buffer_text = True
        parser.StartElementHandler = self._start
        parser.EndElementHandler = self._end
        parser.CharacterDataHandler = self._characters
        parser.StartDoctypeDeclHandler = self._doctype
        self._parser = parser

    def feed(self, data: bytes) -> None:
        """Parse the next block of the document."""
        self._parse(data, final=False)

    def close(self) -> Result:
        """End of the document: the result it held."""
        self._parse(b"", final=True)
        if self.boolean is not None:
            result = Result("ASK")
            result.askAnswer = self.boolean
            return result
        if not self._results:
            raise StoreError(f"could not read the answer of {self.url}: it has neither "
                             "results nor a boolean")
        result = Result("SELECT")
        result.vars = self.variables
        result.bindings = self.rows
        return result

    def _parse(self, data: bytes, *, final: bool) -> None:
        try:
            self._parser.Parse(data, final)
        except expat.ExpatError as err:
            raise StoreError(f"could not read the answer of {self.url} (SPARQL results XML): "
                             f"{expat.ErrorString(err.code)} at line {err.lineno}, column "
                             f"{err.offset}") from None

    def _doctype(self, *_: Any) -> None:
        raise StoreError(f"the answer of {self.url} declares a document type, which SPARQL "
                         "results never need; refused (entities could expand without bound)")

    def _start(self, name: str, attributes: dict[str, str]) -> None:
        namespace, _, local = name.rpartition(" ")
        if namespace != _NS:
            return
        if local in _TERMS and self._binding is not None and self._term is None:
            self._term, self._text = (local, attributes), []
        elif local == "triple" and self._binding is not None:
            raise StoreError(f"the answer of {self.url} binds ?{self._binding} to an RDF 1.2 "
                             "triple term, which pmograph does not support")
        elif local == "binding" and self._row is not None:
            self._binding = Variable(attributes.get("name", ""))
        elif local == "result" and self._results:
            self._row = {}
        elif local == "variable" and not self._results:
            self.variables.append(Variable(attributes.get("name", "")))
        elif local == "results":
            self._results = True
        elif local == "boolean":
            self._text = []

    def _characters(self, data: str) -> None:
        if self._text is not None:
            self._text.append(data)

    def _end(self, name: str) -> None:
        namespace, _, local = name.rpartition(" ")
        if namespace != _NS:
            return
        if self._term is not None and local == self._term[0] and self._text is not None:
            if self._row is not None and self._binding is not None:
                self._row[self._binding] = self.convert(_term(*self._term, "".join(self._text)))
            self._text = None
        elif local == "binding":
            self._binding, self._term = None, None
        elif local == "result" and self._row is not None:
            self.rows.append(self._row)
            self._row = None
            if self.max_rows is not None and len(self.rows) > self.max_rows:
                raise too_many_rows(self.max_rows)
        elif local == "boolean" and self._text is not None:
            self.boolean = "".join(self._text).strip().lower() == "true"
            self._text = None


def _term(kind: str, attributes: dict[str, str], text: str) -> Any:
    """The rdflib term rdflib's own XML results parser makes (a datatype wins over a language).

    Examples
    --------
    >>> _term("literal", {"datatype": "http://www.w3.org/2001/XMLSchema#integer"}, "3")
    rdflib.term.Literal('3', datatype=rdflib.term.URIRef('http://www.w3.org/2001/XMLSchema#integer'))
    >>> _term("bnode", {}, "b0"), _term("uri", {}, "urn:x")
    (rdflib.term.BNode('b0'), rdflib.term.URIRef('urn:x'))
    """
    if kind == "uri":
        return URIRef(text)
    if kind == "bnode":
        return BNode(text)
    datatype = attributes.get("datatype")
    if datatype:
        return Literal(text, datatype=URIRef(datatype))
    return Literal(text, lang=attributes.get(_XML_LANG) or None)
