"""``pmograph render org-chart|career-ladder|role-hierarchy -o FILE``: draw a diagram."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from pmograph._cli._as_of import add_as_of, explained, on_date
from pmograph._cli._common import emit_json, help_text, number_option, open_graph
from pmograph._cli._diff_chart import add_diff_option, run_diff_chart
from pmograph._cli._text import counts_text
from pmograph._errors import PmographError


def register(commands: Any) -> list[argparse.ArgumentParser]:
    parser = commands.add_parser("render", **help_text(
        "Draw a diagram with Graphviz. org-chart: posts on solid reporting lines, dotted lines "
        "dashed, vacancies and job shares marked, wide teams packed in rows, and past "
        "--max-nodes posts whole subtrees summarised as '+N more'. career-ladder: tracks as "
        "columns, levels as ranks, promotions solid, lateral moves dashed, qualifications as "
        "badges. role-hierarchy: typical reporting between roles, an arrow to the manager. "
        "Reporting cycles and second solid-line managers are drawn in red and reported on "
        "stderr (exit 0: the chart shows what the data says); posts nothing describes are "
        "drawn by their IRI and marked. The format comes from the suffix of FILE (.svg .png "
        ".pdf .dot) unless --format is given; .dot needs no Graphviz, the others need its "
        "'dot' program. In SVG, hovering a box names the post and its holders. "
        ".html writes the org chart as one interactive page that works offline: search by "
        "title, holder, identifier or unit, open and close teams (--depth levels open at the "
        "start; every post is embedded), details of a post, zoom, and SVG/PNG downloads. "
        ".mmd (or --format mmd) writes Mermaid flowchart text for wikis and Markdown.",
        "pmograph render org-chart --data examples/sample-org.ttl -o org.svg\n"
        "pmograph render org-chart --data examples/sample-org.ttl --title 'PMO, May 2025' \\\n"
        "    --direction LR --dpi 200 -o slide.png\n"
        "pmograph render career-ladder --highlight 'PMO Analyst' 'PMO Director' -o ladder.png\n"
        "pmograph render org-chart --data examples/sample-org.ttl --depth 2 -o chart.html\n"
        "pmograph render career-ladder -o ladder.mmd\n"
        "pmograph render org-chart --data tests/data/dated/org-history.ttl --as-of 2026-03-01 "
        "-o march.svg\n"
        "pmograph render org-chart --diff org-2026-03.ttl org-2026-09.ttl -o changes.png"))
    parser.add_argument("kind", choices=("org-chart", "career-ladder", "role-hierarchy"),
                        metavar="DIAGRAM", help="org-chart, career-ladder or role-hierarchy")
    parser.add_argument("-o", "--output", required=True, metavar="FILE",
                        help="where to write the diagram (written whole or not at all)")
    parser.add_argument("--format", choices=("svg", "png", "pdf", "dot", "html", "mmd"),
                        default=None,
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
    parser.add_argument("--title", metavar="TEXT", default=None,
                        help="a title drawn above the diagram")
    parser.add_argument("--dpi", type=number_option(minimum=10), metavar="N", default=None,
                        help="PNG only: resolution in dots per inch (default 96; 200 or more "
                             "for slides and print)")
    parser.add_argument("--direction", type=str.upper, choices=("TB", "LR", "BT", "RL"),
                        default=None, help="where the diagram grows: TB top to bottom (org "
                        "chart, role hierarchy), BT bottom to top (career ladder), LR left "
                        "to right, RL right to left")
    add_as_of(parser)
    add_diff_option(parser)
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
    from pmograph._cli._mermaid import run_mermaid, wants_mermaid

    if wants_mermaid(args):  # Mermaid text for wikis and Markdown (.mmd)
        if args.diff is not None:
            raise PmographError("--diff draws svg, png, pdf or dot, not Mermaid text")
        return run_mermaid(args)
    fmt = "html" if args.format == "html" or (
        args.format is None and args.output.lower().endswith((".html", ".htm"))) else \
        format_for(args.output, args.format or ("svg" if args.output == "-" else None))
    if args.dpi is not None and fmt != "png":
        raise PmographError(f"--dpi only applies to PNG output, not {fmt}")
    if args.diff is not None:  # what changed between two snapshots
        return run_diff_chart(args, fmt)
    kg = open_graph(args)
    with explained(args, kg):
        diagram = draw(on_date(args, kg), args.kind, root=args.root, depth=args.depth,
                       clusters=args.clusters, max_nodes=args.max_nodes,
                       highlight=tuple(args.highlight) if args.highlight else None,
                       title=args.title, dpi=args.dpi, direction=args.direction,
                       format="html" if fmt == "html" else None)
    diagram.write(args.output, fmt)
    if not args.quiet:
        for warning in diagram.warnings:
            print(f"Warning: {warning}", file=sys.stderr)
    if args.json:
        emit_json({"written": args.output, "format": fmt, "counts": diagram.counts,
                   "warnings": list(diagram.warnings),
                   "problems": [{"check": p.check, "message": p.message,
                                 "focus": kg.entity(p.focus),
                                 "members": [kg.entity(m) for m in p.members]}
                                for p in diagram.problems]})
    elif not args.quiet:
        print(f"Wrote {args.output} ({fmt}): {counts_text(diagram.counts)}")
    return 0
