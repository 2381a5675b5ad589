"""``pmograph validate [FILE …]``: SHACL shapes and graph checks; exit 0, 1 or 2."""

from __future__ import annotations

import argparse
from typing import Any

from pmograph._cli._common import emit_json, help_text, open_graph


def register(commands: Any) -> list[argparse.ArgumentParser]:
    parser = commands.add_parser("validate", **help_text(
        "Check FILEs and --data (with the catalog, unless --no-catalog) against pmograph's "
        "SHACL shapes and its graph checks: reporting cycles (listing the cycle), dangling "
        "references, two solid-line managers, posts with no role or an unknown role, "
        "promotions that go down in level, heads of unit reporting inside their own unit. "
        "Exit 0: no violations (warnings are printed); 1: violations; 2: could not run "
        "(malformed file, unreadable input).",
        "pmograph validate my-org.ttl\n"
        "pmograph validate --profile org-health my-org.ttl\n"
        "pmograph validate senior.csv junior.csv --json"))
    parser.add_argument("files", metavar="FILE", nargs="*",
                        help="RDF files or spreadsheet exports to check (added to --data)")
    parser.add_argument("--shapes", metavar="FILE", default=None,
                        help="SHACL shapes (Turtle) to use instead of the shipped ones")
    parser.add_argument("--profile", metavar="NAME|FILE", action="append", default=[],
                        help="add a profile's shapes: a shipped one by name (org-health: "
                             "spans, managers of one, layers, level compression, each "
                             "threshold a number you can edit) or a Turtle file, such as an "
                             "edited copy of one; repeatable")
    parser.add_argument("--no-shacl", action="store_true",
                        help="run the graph checks only")
    parser.set_defaults(handler=run)
    return [parser]


def run(args: argparse.Namespace) -> int:
    from pmograph._store.parsing import parse_into
    from pmograph._validate.report import validate

    args.data = [*args.data, *args.files]  # FILEs are loaded exactly like --data
    kg = open_graph(args)
    shapes = None
    if args.shapes:
        from rdflib import Graph

        from pmograph._inputs import open_input

        shapes = Graph()
        opened = open_input(args.shapes)  # within the input size limit, like --data
        parse_into(shapes, opened.read(), source=opened.name, rdf_format="turtle",
                   base=opened.base_iri)
    report = validate(kg, shapes=shapes, profiles=args.profile, shacl=not args.no_shacl)
    if args.json:
        emit_json(report.as_dict())
    elif args.quiet:
        for result in report.violations:
            print(f"{result.severity:<10} {result.check}: {result.message}")
    else:
        print(report.text())
    return report.exit_code
