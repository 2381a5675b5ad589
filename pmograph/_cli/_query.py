"""``pmograph query QUERY``: run a shipped query, a ``.rq`` file or SPARQL text."""

from __future__ import annotations

import argparse
import re
import sys
from decimal import Decimal
from typing import TYPE_CHECKING, Any, cast

from pmograph._cli import _time_limit as time_limit
from pmograph._cli._common import emit_json, help_text, number_option, open_graph, print_table
from pmograph._errors import PmographError

if TYPE_CHECKING:
    from collections.abc import Iterable

    from rdflib import URIRef
    from rdflib.query import ResultRow
    from rdflib.term import Node

    from pmograph._store.graph import KnowledgeGraph

FORMATS = ("table", "csv", "json", "ttl", "nt", "jsonld")
_NUMBER = re.compile(r"^[+-]?(\d+|\d*\.\d+)$")
_LITERAL = re.compile(r'^"(?P<text>.*)"(?:@(?P<lang>[A-Za-z0-9-]+)|\^\^(?P<type>\S+))?$', re.S)
#: Bounds on untrusted query text; ``0`` on the command line lifts a bound.
DEFAULT_TIMEOUT = 120.0
DEFAULT_MAX_ROWS = 1_000_000



def register(commands: Any) -> list[argparse.ArgumentParser]:
    parser = commands.add_parser("query", **help_text(
        "Run SPARQL. QUERY is an existing file, else a shipped query name (see --list), "
        "else SPARQL text. Values are passed as bindings, never pasted into the query: "
        "--bind VAR=<iri> or VAR=prefix:local is an IRI, VAR='\"text\"' a string, a number "
        "a typed literal, anything else a name resolved like 'show' does. SERVICE, LOAD, "
        "FROM, USING, WITH and extension functions are refused unless --allow-network, "
        "however they are written (escapes are expanded first, and that text is what runs); "
        "updates unless --allow-update. --format csv is for spreadsheets: every cell is "
        "quoted and one starting with =, +, -, @, a tab or a carriage return gets a leading "
        "' (numbers stay numbers); --csv-raw writes raw values for programs. A query "
        "running longer than --timeout seconds (default 120) or returning more than "
        "--max-rows rows (default 1,000,000) is stopped with an error.",
        "pmograph query --list\n"
        "pmograph query who-is-the-boss-of-a-project-manager\n"
        "pmograph query role-requirements --bind 'role=PMO Manager' --format csv\n"
        "pmograph query role-requirements --bind 'role=PMO Manager' --format csv --csv-raw\n"
        "pmograph query 'SELECT ?r WHERE { ?r a pmo:Role }' --json"))
    parser.add_argument("query", metavar="QUERY", nargs="?", help="file, shipped name or text")
    parser.add_argument("--bind", action="append", default=[], metavar="VAR=VALUE",
                        help="bind a variable (repeatable)")
    parser.add_argument("--format", choices=FORMATS, default=None,
                        help="table (default for SELECT/ASK), csv, json (W3C SPARQL results "
                             "JSON), or ttl/nt/jsonld for CONSTRUCT and DESCRIBE")
    parser.add_argument("--list", action="store_true", help="list the shipped queries")
    parser.add_argument("--timeout", type=number_option(float), metavar="SECONDS",
                        default=DEFAULT_TIMEOUT,
                        help=f"stop the query after SECONDS (default {DEFAULT_TIMEOUT:g}; "
                             "0 for no limit)")
    parser.add_argument("--max-rows", type=number_option(), metavar="N", default=DEFAULT_MAX_ROWS,
                        help=f"refuse more than N result rows (default {DEFAULT_MAX_ROWS:,}; "
                             "0 for no limit)")
    parser.add_argument("--allow-update", action="store_true",
                        help="allow SPARQL updates (they change only this run's graph "
                             "unless the store is persistent)")
    parser.add_argument("--csv-raw", action="store_true",
                        help="with --format csv: no quote added before =, +, -, @ (for "
                             "programs; see SECURITY.md)")
    parser.set_defaults(handler=run)
    return [parser]


def run(args: argparse.Namespace) -> int:
    from pmograph._store.sparql import list_queries

    if args.list or not args.query:
        shipped = list_queries()
        if args.json:
            emit_json([{"name": q.name, "title": q.title, "question": q.question,
                        "description": q.description, "params": list(q.params)}
                       for q in shipped])
        else:
            print_table(["name", "question"], [[q.name, q.question or q.title] for q in shipped],
                        overflow="wrap")
        return 0
    if args.csv_raw and args.format != "csv":
        raise PmographError("--csv-raw changes only --format csv output; add --format csv "
                            "or drop --csv-raw")
    kg = open_graph(args)
    bindings = dict(parse_binding(kg, text) for text in args.bind)
    # From here the command ends within --timeout, whatever the query does (_time_limit).
    timeout = time_limit.arm(args.timeout or None, as_json=args.json,
                             owns_process=getattr(args, "owns_process", False))
    result = kg.query(args.query, bindings, allow_network=args.allow_network,
                      allow_update=args.allow_update, timeout=timeout,
                      max_rows=args.max_rows or None)
    fmt = args.format or ("json" if args.json else None)
    if result.type in ("CONSTRUCT", "DESCRIBE"):
        rdf = {"ttl": "turtle", "nt": "nt", "jsonld": "json-ld", "json": "json-ld",
               None: "turtle"}.get(fmt)
        if rdf is None:
            raise PmographError(f"--format {fmt} is for SELECT and ASK; a {result.type} query "
                                "gives RDF: use ttl, nt or jsonld")
        assert result.graph is not None
        from pmograph._store.writing import serialize  # checked terms, bounded nesting

        sys.stdout.write(serialize(result.graph, rdf).decode("utf-8"))
        return 0
    fmt = fmt or "table"
    if fmt in ("ttl", "nt", "jsonld"):
        raise PmographError(f"--format {fmt} is for CONSTRUCT and DESCRIBE; a {result.type} "
                            "query gives rows: use table, csv or json")
    if fmt == "csv":
        from pmograph._answers.export import query_csv

        sys.stdout.write(query_csv(result, raw=args.csv_raw))
        return 0
    if fmt == "json":
        out = result.serialize(format=fmt)
        sys.stdout.write(out.decode("utf-8") if isinstance(out, bytes) else str(out))
        if fmt == "json":
            sys.stdout.write("\n")
        return 0
    if result.type == "ASK":
        print("true" if result.askAnswer else "false")
        return 0
    names = [str(v) for v in (result.vars or [])]
    # rdflib types a result's items for every query form; a SELECT's are ResultRows
    terms = [[row[i] for i in range(len(names))] for row in cast("Iterable[ResultRow]", result)]
    rows = [[_show_term(kg, term) for term in row] for row in terms]
    keep, notes = repeated_labels(names, terms, rows)
    print_table([names[i] for i in keep], [[row[i] for i in keep] for row in rows],
                full="--format csv or --json", notes=notes if rows else ["(no rows)"])
    return 0


def repeated_labels(names: list[str], terms: list[list[Any]],
                    shown: list[list[str]]) -> tuple[list[int], list[str]]:
    """The columns of a table worth showing, and a note for each left out.

    A table shows an IRI by its label, so a label column beside it (``?roleLabel`` next to
    ``?role``) repeats it: a column of literals whose text equals, row for row, what an IRI
    column shows is left out of the table (CSV and JSON keep every column).

    Examples
    --------
    >>> from rdflib import Literal, URIRef
    >>> terms = [[URIRef("urn:r"), Literal("PMO Director"), Literal(7)]]
    >>> repeated_labels(["role", "roleLabel", "level"], terms, [["PMO Director"] * 2 + ["7"]])
    ([0, 2], ['?roleLabel is not shown: it repeats the labels shown for ?role.'])
    """
    from rdflib import Literal, URIRef

    def only(kind: type, column: int) -> bool:
        return all(row[column] is None or isinstance(row[column], kind) for row in terms)

    keep, notes = list(range(len(names))), []
    for column in range(len(names)):
        if not terms or not only(Literal, column):
            continue
        twin = next((other for other in keep if other != column and only(URIRef, other)
                     and all(row[column] == row[other] for row in shown)), None)
        if twin is not None and any(row[column] for row in shown):
            keep.remove(column)
            notes.append(f"?{names[column]} is not shown: it repeats the labels shown for "
                         f"?{names[twin]}.")
    return keep, notes


def parse_binding(kg: KnowledgeGraph, text: str) -> tuple[str, Node]:
    """Turn ``VAR=VALUE`` into a variable name and an RDF term (rules in the command help)."""
    from rdflib import Literal, URIRef

    name, sep, value = text.partition("=")
    if not sep or not name.strip():
        raise PmographError(f"--bind {text!r}: write VAR=VALUE, e.g. --bind role=pmoc:PMOManager")
    name, value = name.strip().lstrip("?$"), value.strip()
    if value.startswith("<") and value.endswith(">"):
        return name, URIRef(value[1:-1])
    literal = _LITERAL.match(value)
    if literal:
        datatype = literal.group("type")
        if datatype:
            datatype_iri = (URIRef(datatype[1:-1]) if datatype.startswith("<")
                            else _expand(kg, datatype, text))
            return name, Literal(literal.group("text"), datatype=datatype_iri)
        return name, Literal(literal.group("text"), lang=literal.group("lang"))
    if _NUMBER.match(value):
        return name, Literal(int(value) if value.lstrip("+-").isdigit() else Decimal(value))
    if value in ("true", "false"):
        return name, Literal(value == "true")
    prefix, colon, _ = value.partition(":")
    if colon and prefix in dict(kg.graph.namespace_manager.namespaces()):
        return name, _expand(kg, value, text)
    return name, kg.resolve(value)


def _expand(kg: KnowledgeGraph, curie: str, text: str) -> URIRef:
    try:
        return kg.graph.namespace_manager.expand_curie(curie)
    except ValueError as err:  # an unknown prefix, or no prefix at all ('^^:', '^^x')
        raise PmographError(f"--bind {text!r}: {curie!r} is not a known prefixed name; write "
                            "the IRI in full as <...> or use a prefix such as xsd:") from err


def _show_term(kg: KnowledgeGraph, term: Any) -> str:
    from rdflib import URIRef

    if term is None:
        return ""
    if isinstance(term, URIRef):
        return kg.label(term) if kg.describes(term) else str(term)
    return str(term)
