"""``render KIND -o chart.mmd``: a diagram as Mermaid text (the ``render`` command's mmd format)."""

from __future__ import annotations

import argparse

from pmograph._cli._as_of import explained, on_date
from pmograph._cli._common import emit_json, open_graph
from pmograph._errors import PmographError

#: Suffixes that mean Mermaid text.
SUFFIXES = (".mmd", ".mermaid")


def wants_mermaid(args: argparse.Namespace) -> bool:
    """Whether ``render`` is asked for Mermaid: ``--format mmd`` or a ``.mmd`` file."""
    return bool(args.format == "mmd" or (args.format is None and isinstance(args.output, str)
                                         and args.output.lower().endswith(SUFFIXES)))


def run_mermaid(args: argparse.Namespace) -> int:
    from pmograph._answers.mermaid import mermaid
    from pmograph._atomic import write_text_atomic

    unused = [flag for flag, value in (("--clusters", args.clusters or None),
                                       ("--highlight", args.highlight), ("--dpi", args.dpi))
              if value is not None]
    if unused:
        raise PmographError(f"{', '.join(unused)} do not apply to Mermaid output")
    kg = open_graph(args)
    with explained(args, kg):  # --as-of DATE: the organisation on that day
        text = mermaid(on_date(args, kg), args.kind, root=args.root, depth=args.depth,
                       max_nodes=args.max_nodes, title=args.title, direction=args.direction)
    write_text_atomic(args.output, text)
    nodes = sum(1 for line in text.splitlines() if line.lstrip().startswith(("n", "m"))
                and "[" in line)
    if args.json:
        emit_json({"written": args.output, "format": "mmd", "counts": {"nodes": nodes}})
    elif not args.quiet:
        print(f"Wrote {args.output} (mmd): {nodes} nodes")
    return 0
