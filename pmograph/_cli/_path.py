"""``pmograph path SOURCE TARGET`` and ``pmograph gap SOURCE TARGET``: career questions."""

from __future__ import annotations

import argparse
from typing import Any

from pmograph._cli._common import emit_json, help_text, number_option, open_graph, print_table


def register(commands: Any) -> list[argparse.ArgumentParser]:
    path = commands.add_parser("path", **help_text(
        "Show up to K shortest career paths (promotions and lateral moves) from role SOURCE "
        "to role TARGET, shortest first; ties are broken by the labels along the path. "
        "Moves down in level are left out unless --allow-downward.",
        'pmograph path "PMO Coordinator" "PMO Director" --json\n'
        'pmograph path "PMO Analyst" "Project Manager" --max 3 --weight gap'))
    path.add_argument("source", metavar="SOURCE", help="the role to start from")
    path.add_argument("target", metavar="TARGET", help="the role to reach")
    path.add_argument("--max", type=number_option(minimum=1), default=5, metavar="K", dest="k",
                      help="most paths to show (default 5)")
    path.add_argument("--cutoff", type=number_option(minimum=1), default=None, metavar="L",
                      help="longest path to show, in moves")
    path.add_argument("--weight", choices=("steps", "gap"), default="steps",
                      help="steps: count moves (default); gap: weigh each move by the skills "
                           "and qualifications it requires")
    path.add_argument("--allow-downward", action="store_true",
                      help="also follow moves to a lower level")
    path.set_defaults(handler=run_path)
    gap = commands.add_parser("gap", **help_text(
        "List the skills (with proficiency have/need, essential first) and qualifications "
        "to gain to move from role SOURCE to role TARGET.",
        'pmograph gap "Project Manager" "PMO Director" --json'))
    gap.add_argument("source", metavar="SOURCE", help="the role you have")
    gap.add_argument("target", metavar="TARGET", help="the role you want")
    gap.set_defaults(handler=run_gap)
    return [path, gap]


def run_path(args: argparse.Namespace) -> int:
    from pmograph._answers.questions import describe_paths

    kg = open_graph(args)
    answer = describe_paths(kg, args.source, args.target, k=args.k, cutoff=args.cutoff,
                            weight=args.weight, allow_downward=args.allow_downward)
    if args.json:
        emit_json(answer)
        return 0
    if not answer["paths"]:
        print(f"No career path from {answer['source']['label']} to "
              f"{answer['target']['label']}.")
        return 0
    for number, path in enumerate(answer["paths"], start=1):
        moves = len(path) - 1
        print(f"{number}. " + " → ".join(e["label"] for e in path)
              + f"  ({moves} move{'s' if moves != 1 else ''})")
    return 0


def run_gap(args: argparse.Namespace) -> int:
    from pmograph._answers.questions import describe_gap

    kg = open_graph(args)
    answer = describe_gap(kg, args.source, args.target)
    if args.json:
        emit_json(answer)
        return 0
    source, target = answer["source"]["label"], answer["target"]["label"]
    if not answer["skills"] and not answer["qualifications"]:
        print(f"Nothing recorded to gain from {source} to {target}.")
        return 0
    if answer["skills"]:
        print(f"Skills to gain from {source} to {target}:")
        print_table(["skill", "have", "need", "essential"],
                    [[s["skill"]["label"], s["have"], s["need"],
                      "yes" if s["essential"] else "no"] for s in answer["skills"]])
    if answer["qualifications"]:
        print("Qualifications to gain: "
              + "; ".join(q["label"] for q in answer["qualifications"]))
    return 0
