"""``pmograph roles``: list the catalog's roles with track and level."""

from __future__ import annotations

import argparse
from typing import Any

from pmograph._cli._common import emit_json, help_text, open_graph, print_table


def register(commands: Any) -> list[argparse.ArgumentParser]:
    parser = commands.add_parser("roles", **help_text(
        "List every role (label, track, level, IRI), most junior first.",
        "pmograph roles\npmograph roles --json"))
    parser.set_defaults(handler=run)
    return [parser]


def run(args: argparse.Namespace) -> int:
    from pmograph._answers.describe import roles

    kg = open_graph(args)
    found = roles(kg)
    if args.json:
        emit_json(found)
    else:
        print_table(["role", "track", "level", "IRI"],
                    [[r["label"], r["track"], r["level"], r["iri"]] for r in found])
    return 0
