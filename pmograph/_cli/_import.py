"""``pmograph import FILE … -o FILE.ttl``: spreadsheet exports to W3C ORG RDF."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from pmograph._cli._common import emit_json, help_text, open_graph
from pmograph._cli._text import counts_text, plural
from pmograph._errors import PmographError


def register(commands: Any) -> list[argparse.ArgumentParser]:
    parser = commands.add_parser("import", **help_text(
        "Convert spreadsheet exports to RDF in W3C ORG terms: a UK government organogram "
        "(senior and junior CSV files, given together) or a generic HR export with id, name, "
        "title and manager-id columns. Columns are recognised from common headers; name "
        "others with --map COLUMN=FIELD (fields: id, name, first-name, last-name, title, "
        "manager, unit, email, role). Job titles are matched to catalog roles by label and "
        "synonym; unmatched titles are listed, ambiguous ones flagged, never guessed. "
        "N-Triples (.nt) and Turtle (.ttl) are written as the rows are read, so memory does "
        "not grow with the file; progress shows on a terminal. The output is written whole "
        "or not at all. --date says when the files show the "
        "organisation: the output then says so (prov:generatedAtTime of a dcat:Dataset), and "
        "'pmograph load FILE --snapshot' keeps it as the snapshot of that date.",
        "pmograph import senior.csv junior.csv -o organogram.ttl\n"
        "pmograph import staff-march.csv --date 2026-03-31 -o staff-2026-03.ttl\n"
        "pmograph import staff.csv --as generic --map 'Boss=manager' -o staff.ttl --json"))
    parser.add_argument("files", metavar="FILE", nargs="+", help="CSV files to import")
    parser.add_argument("--as", dest="kind", choices=("generic", "organogram"), default=None,
                        help="the kind of every file (default: recognised from the header)")
    parser.add_argument("--map", dest="mapping", action="append", default=[],
                        metavar="COLUMN=FIELD", help="read COLUMN as FIELD (repeatable)")
    parser.add_argument("-o", "--output", required=True, metavar="FILE",
                        help="where to write the RDF (.ttl, .nt, .jsonld ...)")
    parser.add_argument("--org", dest="organisation", metavar="NAME", default=None,
                        help="organisation name when the file has none (default: file name)")
    parser.add_argument("--date", metavar="DATE", default=None,
                        help="the date (YYYY-MM-DD) the files show the organisation at")
    parser.add_argument("--base", metavar="IRI", default=None,
                        help="namespace for the IRIs minted (default urn:pmograph:org:)")
    parser.set_defaults(handler=run)
    return [parser]


def parse_mapping(items: list[str]) -> dict[str, str]:
    """``["Boss=manager"]`` → ``{"Boss": "manager"}`` (a column name may contain ``=``)."""
    mapping: dict[str, str] = {}
    for item in items:
        column, sep, field = item.rpartition("=")
        if not sep or not column.strip() or not field.strip():
            raise PmographError(f"--map {item!r}: write COLUMN=FIELD, e.g. --map 'Boss=manager'")
        mapping[column.strip()] = field.strip()
    return mapping


def run(args: argparse.Namespace) -> int:
    from pmograph._dates import parse_date
    from pmograph._formats import rdf_format_for
    from pmograph._importers.common import DEFAULT_BASE
    from pmograph._importers.files import write_import

    # -o - (standard output) has no suffix to tell the format: Turtle.
    date = parse_date(args.date) if args.date is not None else None
    rdf_format = "turtle" if args.output == "-" else rdf_format_for(args.output)
    if rdf_format in ("trig", "nquads"):
        rdf_format = "nt" if rdf_format == "nquads" else "turtle"
    roles = open_graph(args)  # the catalog plus any --data: what titles are matched against
    # Rows are written as they are read (N-Triples, Turtle): memory does not grow with the file.
    result = write_import(args.files, args.output, rdf_format=rdf_format, kind=args.kind,
                          mapping=parse_mapping(args.mapping), roles=roles,
                          organisation=args.organisation, base=args.base or DEFAULT_BASE,
                          progress=roles.progress, date=date)
    counts = result.counts
    if args.json:
        emit_json({
            "written": args.output, "format": rdf_format, "counts": counts,
            **({"date": date.isoformat()} if date else {}),
            "unmapped": [{"title": t, "posts": n} for t, n in sorted(result.unmapped.items())],
            "ambiguous": [{"title": t, "candidates": [roles.entity(c) for c in found]}
                          for t, found in sorted(result.ambiguous.items())],
            "warnings": result.warnings,
        })
        return 0
    if args.quiet:
        return 0
    print(f"Wrote {args.output} ({rdf_format}): {counts_text(counts)}")
    if result.ambiguous:
        print(f"Ambiguous titles ({len(result.ambiguous)}), no role assigned — choose one:")
        for title, found in sorted(result.ambiguous.items()):
            print(f"  {title}: " + "; ".join(roles.names.qualified(c) for c in found))
    if result.unmapped:
        print(f"Titles matching no catalog role ({len(result.unmapped)}):")
        for title, posts in sorted(result.unmapped.items()):
            print(f"  {title}" + (f" ({plural(posts, 'post')})" if posts > 1 else ""))
    for warning in result.warnings:
        print(f"warning: {warning}", file=sys.stderr)
    return 0
