"""``pmograph chain NAME`` and ``pmograph reports NAME [--all]``: reporting lines."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from pmograph._cli._as_of import add_as_of, explained, on_date
from pmograph._cli._common import emit_json, help_text, open_graph, print_table


def register(commands: Any) -> list[argparse.ArgumentParser]:
    chain = commands.add_parser("chain", **help_text(
        "Show who NAME reports to, up to the top. A post or person follows solid lines "
        "(org:reportsTo; a person, from each post held); a role follows typical reporting "
        "and shows every upward path.",
        'pmograph chain "Project Manager"\npmograph --data examples/sample-org.ttl chain '
        '"person:Priya Natarajan" --json\n'
        'pmograph --data tests/data/dated/org-history.ttl chain "PMO Analyst" --as-of 2026-03-01'))
    chain.add_argument("name", metavar="NAME", help="a role, post or person")
    add_as_of(chain)
    chain.set_defaults(handler=run_chain)
    reports = commands.add_parser("reports", **help_text(
        "List who reports to NAME on solid lines: direct reports, or with --all everyone "
        "below (breadth first). For a role, the roles that typically report to it.",
        "pmograph --no-catalog --data organogram.nt reports 90334 --json\n"
        'pmograph --data examples/sample-org.ttl reports P005 --all\n'
        'pmograph --data tests/data/dated/org-history.ttl reports "PMO Director" '
        '--as-of 2026-09-01'))
    reports.add_argument("name", metavar="NAME", help="a post, person or role")
    add_as_of(reports)
    reports.add_argument("--all", action="store_true", dest="everyone",
                         help="everyone below, not only direct reports")
    reports.set_defaults(handler=run_reports)
    return [chain, reports]


def run_chain(args: argparse.Namespace) -> int:
    from pmograph._answers.questions import describe_chain

    kg = open_graph(args)
    with explained(args, kg):
        answer = describe_chain(on_date(args, kg), args.name)
    _note(args, answer)
    if args.json:
        emit_json(answer)
        return 0
    subject, paths = answer["subject"], answer["paths"]
    if len(paths) > 1:  # a role's typical lines, or a person's posts: alternatives, not one chain
        kind = "typically reports along one of" if subject["kind"] == "role" \
            else "reports, through the posts held, along"
        print(f"{subject['label']} ({subject['kind']}) {kind} {len(paths)} lines:")
        for path in paths:
            print("  either: " if path is paths[0] else "  or:     ", _line(path), sep="")
        return 0
    print(f"{subject['label']} ({subject['kind']}) reports to:")
    for path in paths:
        print("  " + _line(path))
    undescribed = [e["iri"] for path in paths for e in path if e.get("described") is False]
    if undescribed:
        print(f"  (nothing in the data describes {', '.join(dict.fromkeys(undescribed))}: no "
              "type, name or identifier; a dangling reference? see pmograph validate)")
    return 0


def _note(args: argparse.Namespace, answer: dict[str, Any]) -> None:
    """Say on stderr which of two same-named entities the answer is about (also in JSON)."""
    if answer.get("note") and not args.quiet:
        print(f"Note: {answer['note']}.", file=sys.stderr)


def _line(path: list[dict[str, Any]]) -> str:
    return " → ".join(_name(entity) for entity in path) or "(nobody: the top)"


def _name(entity: dict[str, Any]) -> str:
    """A post with who holds it ("vacant" when nobody does); '(?)' for the undescribed."""
    if entity.get("described") is False:
        return f"{entity['label']} (?)"
    if "holders" in entity:
        holders = ", ".join(h["label"] for h in entity["holders"]) or "vacant"
        return f"{entity['label']} ({holders})"
    return str(entity["label"])


def run_reports(args: argparse.Namespace) -> int:
    from pmograph._answers.questions import describe_reports

    kg = open_graph(args)
    with explained(args, kg):
        answer = describe_reports(on_date(args, kg), args.name, everyone=args.everyone)
    _note(args, answer)
    if args.json:
        emit_json(answer)
        return 0
    if not answer["reports"]:
        print(f"Nobody reports to {answer['subject']['label']}.")
        return 0
    reports = answer["reports"]
    held = any("holders" in e for e in reports)
    deep = any("depth" in e for e in reports)
    headers = ["report", *(["held by"] if held else []), *(["depth"] if deep else []),
               "kind", "IRI"]
    print_table(headers, [[
        e["label"],
        *([", ".join(h["label"] for h in e.get("holders", [])) or
           ("vacant" if "holders" in e else "")] if held else []),
        *([e.get("depth", "")] if deep else []), e["kind"], e["iri"]]
        for e in reports])
    return 0
