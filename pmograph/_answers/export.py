"""Exporting: the loaded graph as RDF, the reporting view as GraphML or an edge CSV, and
SPARQL results as CSV.

Every file is written whole or not at all (:mod:`pmograph._atomic`).  CSV is written for
people unless asked otherwise: a cell a spreadsheet would run as a formula is neutralised
(:func:`pmograph._formats.csv_text`); ``csv_raw=True`` (``--csv-raw``) writes raw values.
"""

from __future__ import annotations

import io
import os
from pathlib import Path
from typing import Any

import networkx as nx
from rdflib import BNode, Graph
from rdflib.query import Result

from pmograph._answers.ctdl import export_ctdl
from pmograph._atomic import write_bytes_atomic, write_text_atomic
from pmograph._errors import PmographError
from pmograph._formats import csv_text
from pmograph._store.graph import KnowledgeGraph
from pmograph._store.writing import serialize
from pmograph._typing import StrMultiDiGraph
from pmograph._views.org import dotted_line_view, reporting_view

#: Export format → rdflib serialiser name (``None``: not RDF).
FORMATS: dict[str, str | None] = {"ttl": "turtle", "nt": "nt", "jsonld": "json-ld",
                                  "graphml": None, "csv": None, "ctdl": None}
_SUFFIXES = {".ttl": "ttl", ".turtle": "ttl", ".nt": "nt", ".jsonld": "jsonld",
             ".json": "jsonld", ".graphml": "graphml", ".csv": "csv"}


def export(kg: KnowledgeGraph, path: str | os.PathLike[str], *,
           format: str | None = None, csv_raw: bool = False) -> dict[str, Any]:
    """Write ``kg`` to ``path``: RDF (``ttl``, ``nt``, ``jsonld``), the reporting lines, or the
    career moves as CTDL pathways.

    ``ctdl`` (only when asked for: its files are JSON-LD too) writes the promotion graph as
    Credential Engine's CTDL pathways (:func:`~pmograph.export_ctdl`).  ``graphml`` writes the
    reporting view (solid and dotted lines, as the edge attribute ``line``) for tools such as
    Gephi or yEd; ``csv`` writes one row per reporting line.
    The format comes from ``format`` or else the file suffix.

    The CSV is for people: every cell is quoted, and a label a spreadsheet would run as a
    formula (``=``, ``+``, ``-``, ``@``, tab, carriage return first) gets a leading ``'``;
    ``csv_raw=True`` writes the values exactly, for pipelines (see SECURITY.md).

    Returns ``{"written": path, "format": format, "counts": {...}}``.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> from rdflib import Graph
    >>> from pmograph import load
    >>> org = Graph().parse(format="turtle", data='''
    ...     @prefix org: <http://www.w3.org/ns/org#> .
    ...     @prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
    ...     <urn:p:2> a org:Post ; rdfs:label "Analyst" ; org:reportsTo <urn:p:1> .
    ...     <urn:p:1> a org:Post ; rdfs:label "Manager" .''')
    >>> kg = load(org, catalog=False)
    >>> out = pathlib.Path(tempfile.mkdtemp()) / "lines.csv"
    >>> export(kg, out)["counts"]
    {'lines': 1}
    >>> print(out.read_text().strip())
    "superior","superior_label","subordinate","subordinate_label","line"
    "urn:p:1","Manager","urn:p:2","Analyst","solid"
    >>> _ = export(kg, out, csv_raw=True)
    >>> print(out.read_text().strip())
    superior,superior_label,subordinate,subordinate_label,line
    urn:p:1,Manager,urn:p:2,Analyst,solid
    """
    target = Path(path)
    chosen = _format_for(target, format)
    if csv_raw and chosen != "csv":
        raise PmographError(f"csv_raw (--csv-raw) changes only CSV output; this export is "
                            f"{chosen}: drop it, or export to a .csv file")
    if chosen == "ctdl":
        return export_ctdl(kg, path)
    serializer = FORMATS[chosen]
    if serializer is not None:
        graph = _local_copy(kg)
        data = serialize(graph, serializer)  # checked terms, bounded nesting (issue #19)
        write_bytes_atomic(path, data)  # path, not target: "-" is standard output
        return {"written": str(target), "format": chosen, "counts": {"triples": len(graph)}}
    lines = _reporting_lines(kg)
    if chosen == "graphml":
        buffer = io.BytesIO()
        nx.write_graphml(lines, buffer, encoding="utf-8")
        write_bytes_atomic(path, buffer.getvalue())
        return {"written": str(target), "format": chosen,
                "counts": {"nodes": lines.number_of_nodes(), "lines": lines.number_of_edges()}}
    rows = [[boss, lines.nodes[boss]["label"], report, lines.nodes[report]["label"], key]
            for boss, report, key in sorted(lines.edges(keys=True))]
    write_text_atomic(path, csv_text(
        [["superior", "superior_label", "subordinate", "subordinate_label", "line"], *rows],
        raw=csv_raw))
    return {"written": str(target), "format": chosen,
            "counts": {"lines": lines.number_of_edges()}}


def query_csv(result: Result, *, raw: bool = False) -> str:
    """The rows of a SELECT as CSV (W3C SPARQL 1.1 Query Results CSV), for people or raw.

    IRIs and literals are written as their text, blank nodes as ``_:id``, unbound values as
    empty cells, lines end in CR LF; the cells are neutralised for spreadsheets as
    :func:`export` does unless ``raw=True``.

    Examples
    --------
    >>> from rdflib import Graph
    >>> result = Graph().query("SELECT ?a ?b WHERE { VALUES (?a ?b) { ('=1+1' -3) } }")
    >>> print(query_csv(result), end="")
    "a","b"
    "'=1+1","-3"
    >>> print(query_csv(result, raw=True), end="")
    a,b
    =1+1,-3
    """
    if result.type != "SELECT":
        raise PmographError(f"CSV is for the rows of a SELECT; this {result.type} query gives "
                            + ("true or false: use the table or JSON" if result.type == "ASK"
                               else "RDF: use ttl, nt or jsonld"))
    names = list(result.vars or [])
    rows = [[_csv_term(row.get(name)) for name in names] for row in result.bindings]
    return csv_text([[str(name) for name in names], *rows], raw=raw, line_end="\r\n")


def _csv_term(term: Any) -> str:
    if term is None:
        return ""
    return f"_:{term}" if isinstance(term, BNode) else str(term)


def _format_for(target: Path, format: str | None) -> str:
    if format is not None:
        if format not in FORMATS:
            raise PmographError(f"unknown export format {format!r}; use one of "
                                f"{', '.join(FORMATS)}")
        return format
    try:
        return _SUFFIXES[target.suffix.lower()]
    except KeyError:
        raise PmographError(f"{target}: cannot tell the export format from the suffix; "
                            f"pass --format ({', '.join(FORMATS)})") from None


def _local_copy(kg: KnowledgeGraph) -> Graph:
    """The graph to serialise: on a SPARQL server, its triples fetched once, into memory.

    rdflib's serialisers ask the store once per subject (JSON-LD once per triple): thousands of
    requests to a server, where one paged query does.
    """
    if kg.spec.kind != "remote":
        return kg.graph
    local = Graph()
    for prefix, namespace in kg.graph.namespaces():
        local.bind(prefix, namespace, override=False)
    local += kg.graph
    return local


def _reporting_lines(kg: KnowledgeGraph) -> StrMultiDiGraph:
    """Solid and dotted lines in one graph with GraphML-safe (scalar) attributes."""
    combined: StrMultiDiGraph = nx.MultiDiGraph()
    for view, line in ((reporting_view(kg), "solid"), (dotted_line_view(kg), "dotted")):
        for node, attributes in view.nodes(data=True):
            combined.add_node(node, **{key: _scalar(value) for key, value in attributes.items()
                                       if value is not None})
        for boss, report in view.edges():
            combined.add_edge(boss, report, key=line, line=line)
    return combined


def _scalar(value: Any) -> str | int | float | bool:
    if isinstance(value, list | tuple | set):
        return "; ".join(str(item) for item in value)
    return value if isinstance(value, str | int | float | bool) else str(value)
