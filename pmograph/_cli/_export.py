"""``pmograph export -o FILE``: write the loaded graph, its reporting lines, or its career moves
(CTDL pathways)."""

from __future__ import annotations

import argparse
from typing import Any

from pmograph._cli._common import emit_json, help_text, open_graph
from pmograph._cli._text import counts_text


def register(commands: Any) -> list[argparse.ArgumentParser]:
    parser = commands.add_parser("export", **help_text(
        "Write the loaded graph as RDF (ttl, nt, jsonld), the reporting view as GraphML "
        "(for Gephi, yEd) or an edge CSV (superior, subordinate, solid/dotted), or the career "
        "moves between roles as CTDL pathways (--format ctdl: Credential Engine's JSON-LD, one "
        "pathway to each top role; pmograph path SOURCE TARGET -o FILE writes the paths "
        "between two roles). The format comes from the suffix unless --format is given. "
        "The file is written whole or not "
        "at all. The CSV is for spreadsheets: every cell is quoted and a label that starts "
        "with =, +, -, @, a tab or a carriage return gets a leading ' so it is never run as a "
        "formula (plain numbers stay numbers); --csv-raw writes the values as they are, for "
        "programs.",
        "pmograph export --data examples/sample-org.ttl --no-catalog -o org.graphml\n"
        "pmograph export --data examples/sample-org.ttl --no-catalog -o lines.csv\n"
        "pmograph export -o catalog.jsonld\n"
        "pmograph export -o career-paths.jsonld --format ctdl --json"))
    parser.add_argument("-o", "--output", required=True, metavar="FILE", help="file to write")
    parser.add_argument("--format", choices=("ttl", "nt", "jsonld", "graphml", "csv", "ctdl"),
                        help="output format (default: from the suffix)")
    parser.add_argument("--csv-raw", action="store_true",
                        help="CSV for programs: no quote added before =, +, -, @ (see "
                             "SECURITY.md)")
    parser.set_defaults(handler=run)
    return [parser]


def run(args: argparse.Namespace) -> int:
    from pmograph._answers.export import export

    # -o - (standard output) has no suffix to tell the format: Turtle unless --format.
    written = export(open_graph(args), args.output,
                     format=args.format or ("ttl" if args.output == "-" else None),
                     csv_raw=args.csv_raw)
    return report_written(args, written)


def report_written(args: argparse.Namespace, written: dict[str, Any]) -> int:
    """Say what was written: ``written`` as JSON with ``--json``, else one line unless quiet."""
    if args.json:
        emit_json(written)
    elif not args.quiet:
        print(f"wrote {written['written']} ({written['format']}: "
              f"{counts_text(written['counts'])})")
    return 0
