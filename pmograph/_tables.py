"""Tables for notebooks: SPARQL results as pandas DataFrames, with typed columns.

pandas is optional (``pip install 'pmograph[pandas]'``) and imported only when a table is
asked for, so ``import pmograph`` and every query stay free of it.  A column holds one kind of
value where the data allows: IRIs as ``str`` (with their display labels in a ``<name>_label``
column beside them), integers as nullable ``Int64``, decimals and doubles as ``float64``,
booleans as nullable ``boolean``, dates and date-times as ``datetime64``; a column that mixes
kinds keeps Python values.  A missing value (an unbound ``OPTIONAL`` variable) is ``<NA>``,
``NaN`` or ``NaT``, never the text ``"None"``.
"""

from __future__ import annotations

import datetime
import decimal
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any, Protocol, cast

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.query import Result

from pmograph._entities import local_name
from pmograph._errors import MissingDependencyError

if TYPE_CHECKING:
    from pandas import DataFrame
else:  # pandas is optional and imported only when a table is made: at run time the
    DataFrame = Any  # annotations resolve (typing.get_type_hints) without it

PANDAS_HINT = "pip install 'pmograph[pandas]'"
#: Past this many IRIs, labels are read for the whole graph at once instead of one by one.
MANY_LABELS = 200


class Labels(Protocol):
    """What a table needs to label IRIs: a :class:`~pmograph.KnowledgeGraph` has both."""

    def label(self, iri: URIRef | str) -> str: ...  # pragma: no cover

    @property
    def labels(self) -> dict[str, str]: ...  # pragma: no cover


def require_pandas() -> Any:
    """The pandas module, or a :class:`MissingDependencyError` saying how to install it."""
    try:
        import pandas
    except ImportError as err:
        raise MissingDependencyError(
            "pandas is not installed, and tables (to_dataframe) need it; install the extra: "
            f"{PANDAS_HINT}") from err
    return pandas


class QueryRows(Result):
    """The result of :meth:`KnowledgeGraph.query <pmograph.KnowledgeGraph.query>`: an rdflib
    :class:`~rdflib.query.Result` (iterate it, ``len()`` it, ``serialize()`` it) that also
    converts to a pandas DataFrame.

    Examples
    --------
    >>> import pmograph
    >>> kg = pmograph.load()
    >>> rows = kg.query("SELECT ?role ?level WHERE { ?role pmo:level ?level } ORDER BY ?level")
    >>> table = rows.to_dataframe()
    >>> list(table.columns), str(table["level"].dtype)
    (['role', 'role_label', 'level'], 'Int64')
    """

    _label_source: Labels | None = None

    @classmethod
    def of(cls, result: Result, labels: Labels | None = None) -> QueryRows:
        """``result`` as a :class:`QueryRows`; ``labels`` (a knowledge graph) names IRIs."""
        rows = cls(result.type)
        rows.__dict__.update(result.__dict__)
        rows._label_source = labels
        return rows

    def to_dataframe(self, *, labels: bool = True) -> DataFrame:
        """The rows as a DataFrame: one column per variable, in the query's order.

        With ``labels`` (the default), each column that holds IRIs is followed by a
        ``<name>_label`` column of their display labels (unless the query has one of that
        name already).  CONSTRUCT and DESCRIBE give ``subject``, ``predicate`` and ``object``
        columns; ASK one ``ask`` column.  Needs pandas (:data:`PANDAS_HINT`).
        """
        return result_frame(self, self._label_source if labels else None)


def result_frame(result: Result, labels: Labels | None = None) -> DataFrame:
    """Any rdflib result as a DataFrame (see :meth:`QueryRows.to_dataframe`)."""
    if result.type == "ASK":
        return data_frame({"ask": typed_column([result.askAnswer])}, length=1)
    if result.type in ("CONSTRUCT", "DESCRIBE"):
        graph = result.graph if result.graph is not None else Graph()
        names = ["subject", "predicate", "object"]
        rows: list[Sequence[Any]] = sorted(graph, key=lambda triple: tuple(map(str, triple)))
    else:
        names = [str(variable) for variable in result.vars or []]
        rows = [tuple(row) for row in result]  # type: ignore[arg-type]
    columns = {name: [row[index] for row in rows] for index, name in enumerate(names)}
    return term_frame(columns, labels)


def term_frame(columns: Mapping[str, Sequence[Any]], labels: Labels | None = None
               ) -> DataFrame:
    """A DataFrame of columns of RDF terms (or ``None``): typed values, IRI labels beside."""
    iris = {str(term) for values in columns.values() for term in values
            if isinstance(term, URIRef)}
    label_of = _label_lookup(labels, iris) if labels is not None and iris else None
    data: dict[str, Any] = {}
    for name, terms in columns.items():
        data[name] = typed_column([term_value(term) for term in terms])
        label_column = f"{name}_label"
        if label_of is not None and label_column not in columns and \
                any(isinstance(term, URIRef) for term in terms):
            data[label_column] = typed_column([
                label_of(str(term)) if isinstance(term, URIRef) else None for term in terms])
    return data_frame(data, length=len(next(iter(columns.values()), ())))


def data_frame(columns: Mapping[str, Any], *, length: int,
               attrs: Mapping[str, Any] | None = None) -> DataFrame:
    """A DataFrame of ready columns, ``length`` rows (also with no columns), ``attrs`` set."""
    pandas = require_pandas()
    frame = pandas.DataFrame(dict(columns), index=pandas.RangeIndex(length))
    frame.attrs.update(attrs or {})
    return cast("DataFrame", frame)


def _label_lookup(source: Labels, iris: set[str]) -> Any:
    if len(iris) <= MANY_LABELS:
        found = {iri: source.label(iri) for iri in iris}
    else:  # many: every label at once, as the whole-organisation views read them
        every = source.labels
        found = {iri: every.get(iri) or local_name(iri) for iri in iris}
    return found.__getitem__


def term_value(term: Any) -> Any:
    """The Python value of an RDF term for a table cell.

    Examples
    --------
    >>> from rdflib import XSD
    >>> term_value(URIRef("https://example.org/a")), term_value(Literal("7", datatype=XSD.integer))
    ('https://example.org/a', 7)
    >>> term_value(Literal("2.50", datatype=XSD.decimal)), term_value(Literal("x", lang="en"))
    (2.5, 'x')
    >>> term_value(Literal("seven", datatype=XSD.integer))  # ill-typed: its text
    'seven'
    """
    if isinstance(term, URIRef):
        return str(term)
    if isinstance(term, BNode):
        return f"_:{term}"
    if isinstance(term, Literal):
        if term.ill_typed:
            return str(term)
        value = term.toPython()
        if isinstance(value, decimal.Decimal):
            return float(value)
        if isinstance(value, Literal) or not isinstance(
                value, bool | int | float | str | datetime.date | datetime.time |
                datetime.timedelta):
            return str(term)  # other datatypes (gYear, durations in months, XML ...): the text
        return value
    return term  # None (unbound), or already a Python value


def typed_column(values: Sequence[Any]) -> Any:
    """``values`` as a pandas array of one type where they allow it (see the module docstring).

    Examples
    --------
    >>> import datetime
    >>> str(typed_column([1, None, 3]).dtype), str(typed_column([True, None]).dtype)
    ('Int64', 'boolean')
    >>> str(typed_column([1, 2.5]).dtype), str(typed_column([datetime.date(2024, 5, 1)]).dtype)
    ('float64', 'datetime64[...]')
    >>> typed_column(["a", 1])
    array(['a', 1], dtype=object)
    """
    pandas = require_pandas()
    present = [value for value in values if value is not None]
    kinds = {_kind(value) for value in present}
    try:
        if kinds == {"bool"}:
            return pandas.array(list(values), dtype="boolean")
        if kinds == {"int"}:
            return pandas.array(list(values), dtype="Int64")
        if kinds and kinds <= {"int", "float"}:
            return pandas.array([float("nan") if v is None else float(v) for v in values],
                                dtype="float64")
        if kinds in ({"date"}, {"datetime"}):
            return pandas.to_datetime(list(values)).array
        if kinds == {"timedelta"}:
            return pandas.to_timedelta(list(values)).array
    except (OverflowError, ValueError, TypeError):  # huge integers, mixed time zones ...
        pass
    if kinds == {"str"} or not kinds:
        return pandas.array(list(values)) if kinds else _objects(values)
    return _objects(values)


def _objects(values: Sequence[Any]) -> Any:
    """An object array: each cell keeps its Python value (lists stay lists)."""
    import numpy

    column = numpy.empty(len(values), dtype=object)
    column[:] = list(values)
    return column


def _kind(value: Any) -> str:
    if isinstance(value, bool):
        return "bool"
    if isinstance(value, int):
        return "int"
    if isinstance(value, float):
        return "float"
    if isinstance(value, datetime.datetime):
        return "datetime"
    if isinstance(value, datetime.date):
        return "date"
    if isinstance(value, datetime.timedelta):
        return "timedelta"
    if isinstance(value, str):
        return "str"
    return "other"
