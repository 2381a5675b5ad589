"""``pmograph render org-chart|career-ladder|role-hierarchy -o FILE``: draw a diagram."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from pmograph._cli._common import emit_json, help_text, number_option, open_graph
from pmograph._cli._text import counts_text
from pmograph._errors import PmographError


def register(commands: Any) -> list[argparse.ArgumentParser]:
    parser = commands.add_parser("render", **help_text(
        "Draw a diagram with Graphviz. org-chart: posts on solid reporting lines, dotted lines "
        "dashed, vacancies and job shares marked, wide teams packed in rows, and past "
        "--max-nodes posts whole subtrees summarised as '+N more'. career-ladder: tracks as "
        "columns, levels as ranks, promotions solid, lateral moves dashed, qualifications as "
        "badges. role-hierarchy: typical reporting between roles. The format comes from the "
        "suffix of FILE (.svg .png .pdf .dot) unless --format is given; .dot needs no Graphviz, "
        "the others need its 'dot' program.",
        "pmograph render org-chart --data examples/sample-org.ttl -o org.svg\n"
        "pmograph render career-ladder --highlight 'PMO Analyst' 'PMO Director' -o ladder.png"))
    parser.add_argument("kind", choices=("org-chart", "career-ladder", "role-hierarchy"),
                        metavar="DIAGRAM", help="org-chart, career-ladder or role-hierarchy")
    parser.add_argument("-o", "--output", required=True, metavar="FILE",
                        help="where to write the diagram (written whole or not at all)")
    parser.add_argument("--format", choices=("svg", "png", "pdf", "dot"), default=None,
                        help="output format (default: from the suffix of FILE)")
    parser.add_argument("--root", metavar="NAME", default=None,
                        help="org chart: start at this post (or the post a person holds)")
    parser.add_argument("--depth", type=number_option(), metavar="N", default=None,
                        help="org chart: draw N levels below the top")
    parser.add_argument("--clusters", action="store_true",
                        help="org chart: draw a box around the posts of each unit")
    parser.add_argument("--max-nodes", type=number_option(), metavar="N", default=300,
                        help="org chart: the most posts drawn; the rest become '+N more' "
                             "(default 300)")
    parser.add_argument("--highlight", nargs=2, metavar=("SOURCE", "TARGET"), default=None,
                        help="career ladder: draw the shortest promotion path from SOURCE to "
                             "TARGET bold")
    parser.set_defaults(handler=run)
    return [parser]


def run(args: argparse.Namespace) -> int:
    from pmograph._answers.draw import draw
    from pmograph._render.output import format_for

    org_only = [flag for flag, value in (("--root", args.root), ("--depth", args.depth),
                                         ("--clusters", args.clusters or None))
                if value is not None]
    if args.kind != "org-chart" and org_only:
        raise PmographError(f"{', '.join(org_only)} only apply to org-chart")
    if args.kind != "career-ladder" and args.highlight:
        raise PmographError("--highlight only applies to career-ladder")
    fmt = format_for(args.output, args.format)
    kg = open_graph(args)
    diagram = draw(kg, args.kind, root=args.root, depth=args.depth, clusters=args.clusters,
                   max_nodes=args.max_nodes,
                   highlight=tuple(args.highlight) if args.highlight else None)
    diagram.write(args.output, fmt)
    if diagram.used_fallback and not args.quiet:
        print("Warning: Graphviz failed on the full layout; drew a simpler one (no clusters, "
              "order not pinned)", file=sys.stderr)
    if args.json:
        emit_json({"written": args.output, "format": fmt, "counts": diagram.counts})
    elif not args.quiet:
        print(f"Wrote {args.output} ({fmt}): {counts_text(diagram.counts)}")
    return 0
