"""``pmograph render org-chart --diff OLD NEW``: the later org chart with what changed marked.

One library call, :func:`pmograph.draw_diff`; OLD and NEW are read as ``pmograph diff`` reads
them (files, or dates: snapshots of the store, else the organisation as of each date).
"""

from __future__ import annotations

import argparse
import sys

from pmograph._cli._common import emit_json
from pmograph._cli._text import counts_text
from pmograph._errors import PmographError

HELP = ("org chart only: draw NEW with what changed since OLD marked (posts added, moved "
        "with the manager they had, removed ghosted, new holders) and a key; OLD and NEW are "
        "files or dates, as for 'pmograph diff'")


def add_diff_option(parser: argparse.ArgumentParser) -> None:
    """Add ``--diff OLD NEW`` to ``render``."""
    parser.add_argument("--diff", nargs=2, metavar=("OLD", "NEW"), default=None, help=HELP)


def run_diff_chart(args: argparse.Namespace, fmt: str) -> int:
    """Draw and write the chart of changes; exit code 0."""
    from pmograph._answers.changes_chart import draw_diff
    from pmograph._cli._diff import sides

    if args.kind != "org-chart":
        raise PmographError("--diff only applies to org-chart")
    if getattr(args, "as_of", None) is not None:
        raise PmographError("--diff and --as-of cannot be combined; to compare two dates of "
                            "dated data, give the dates to --diff: --diff 2026-03-01 2026-09-01")
    if fmt not in ("svg", "png", "pdf", "dot"):
        raise PmographError(f"--diff draws svg, png, pdf or dot, not {fmt}")
    (old, old_name, old_day), (new, new_name, new_day) = sides(args, *args.diff)
    diagram = draw_diff(old, new, root=args.root, depth=args.depth, clusters=args.clusters,
                        max_nodes=args.max_nodes, dpi=args.dpi, direction=args.direction,
                        title=args.title or f"Changes from {old_day or old_name} to "
                                            f"{new_day or new_name}")
    diagram.write(args.output, fmt)
    if not args.quiet:
        for warning in diagram.warnings:
            print(f"Warning: {warning}", file=sys.stderr)
    if args.json:
        emit_json({"written": args.output, "format": fmt, "counts": diagram.counts,
                   "warnings": list(diagram.warnings)})
    elif not args.quiet:
        print(f"Wrote {args.output} ({fmt}): {counts_text(diagram.counts)}")
    return 0
