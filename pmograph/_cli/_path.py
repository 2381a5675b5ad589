"""``pmograph path SOURCE TARGET`` and ``pmograph gap SOURCE TARGET``: career questions."""

from __future__ import annotations

import argparse
from typing import Any

from pmograph._cli._common import emit_json, help_text, number_option, open_graph, print_table
from pmograph._cli._export import report_written
from pmograph._cli._text import output_width, plural, wrap
from pmograph._errors import PmographError

#: How a path shows each kind of move: up (or level) and across.
ARROWS = {"promotion": "→", "lateral": "⇢"}
LEGEND = "→ promotion   ⇢ lateral move (across, not up)"


def register(commands: Any) -> list[argparse.ArgumentParser]:
    path = commands.add_parser("path", **help_text(
        "Show up to K shortest career paths (promotions and lateral moves) from role SOURCE "
        "to role TARGET, shortest first; ties are broken by the labels along the path. "
        "A promotion is drawn →, a lateral move (across, not up) ⇢; in JSON each role "
        "after the first says the \"move\" into it. With no path, says why where the data "
        "can. Moves down in level are left out unless --allow-downward. With -o FILE, the "
        "paths are written to FILE as a CTDL pathway (Credential Engine's JSON-LD; roles as "
        "job components, each move as ceterms:precedes) instead of printed.",
        'pmograph path "PMO Coordinator" "PMO Director" --json\n'
        'pmograph path "PMO Analyst" "Project Manager" --max 3 --weight gap\n'
        'pmograph path "PMO Coordinator" "PMO Director" -o pathway.jsonld --format ctdl'))
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
    path.add_argument("-o", "--output", metavar="FILE",
                      help="write the paths to FILE as a CTDL pathway (JSON-LD) instead of "
                           "printing them; - is standard output")
    path.add_argument("--format", choices=("ctdl",),
                      help="format of the -o file: ctdl, the only one (the default)")
    path.set_defaults(handler=run_path)
    gap = commands.add_parser("gap", **help_text(
        "List the skills (with proficiency have/need, essential first) and qualifications "
        "to gain to move from role SOURCE to role TARGET. SOURCE may be a person: their "
        "skill profile is set against what TARGET needs (skills short and met).",
        'pmograph gap "Project Manager" "PMO Director" --json\n'
        'pmograph --data examples/sample-org.ttl --data examples/sample-skills.ttl '
        'gap "Priya Natarajan" "PMO Manager"'))
    gap.add_argument("source", metavar="SOURCE", help="the role you have, or a person")
    gap.add_argument("target", metavar="TARGET", help="the role you want")
    gap.set_defaults(handler=run_gap)
    return [path, gap]


def run_path(args: argparse.Namespace) -> int:
    from pmograph._answers.questions import describe_paths

    if args.format is not None and args.output is None:
        raise PmographError("--format is the format of the -o file: give -o FILE too")
    kg = open_graph(args)
    if args.output is not None:
        return _write_pathway(args, kg)
    answer = describe_paths(kg, args.source, args.target, k=args.k, cutoff=args.cutoff,
                            weight=args.weight, allow_downward=args.allow_downward)
    if args.json:
        emit_json(answer)
        return 0
    width = output_width() or 80
    if not answer["paths"]:
        print("\n".join(wrap(f"No career path from {answer['source']['label']} to "
                             f"{answer['target']['label']}.", width)))
        for reason in answer.get("reasons", []):
            print("\n".join(wrap(reason, width, indent="  ")))
        return 0
    lateral = False
    for number, path in enumerate(answer["paths"], start=1):
        print("\n".join(wrap(path_text(number, path), width, indent="",
                             subsequent=" " * (len(str(number)) + 2))))
        lateral = lateral or any(e.get("move") == "lateral" for e in path)
    if lateral:
        print(LEGEND)
    return 0


def _write_pathway(args: argparse.Namespace, kg: Any) -> int:
    """``path … -o FILE``: the paths as a CTDL pathway (:func:`pmograph.export_ctdl`)."""
    from pmograph._answers.ctdl import export_ctdl

    return report_written(args, export_ctdl(
        kg, args.output, args.source, args.target, k=args.k, cutoff=args.cutoff,
        weight=args.weight, allow_downward=args.allow_downward))


def path_text(number: int, path: list[dict[str, Any]]) -> str:
    """One numbered path: labels joined by the arrow of each move, then the moves counted.

    Examples
    --------
    >>> path_text(1, [{"label": "PMO Analyst"},
    ...               {"label": "Project Manager", "move": "lateral"},
    ...               {"label": "Program Manager", "move": "promotion"}])
    '1. PMO Analyst ⇢ Project Manager → Program Manager (2 moves: 1 promotion, 1 lateral)'
    >>> path_text(2, [{"label": "PMO Coordinator"}, {"label": "PMO Analyst", "move": "promotion"}])
    '2. PMO Coordinator → PMO Analyst (1 move)'
    >>> path_text(3, [{"label": "PMO Analyst"}, {"label": "Project Manager", "move": "lateral"}])
    '3. PMO Analyst ⇢ Project Manager (1 lateral move)'
    """
    text = f"{number}. {path[0]['label']}"
    kinds = []
    for entity in path[1:]:
        kind = entity.get("move", "promotion")
        kinds.append(kind)
        text += f" {ARROWS.get(kind, '→')} {entity['label']}"
    lateral = kinds.count("lateral")
    if lateral and lateral == len(kinds):
        count = plural(lateral, "lateral move")
    elif lateral:
        count = (f"{plural(len(kinds), 'move')}: {plural(len(kinds) - lateral, 'promotion')}, "
                 f"{lateral} lateral")
    else:
        count = plural(len(kinds), "move")
    return f"{text} ({count})"


def run_gap(args: argparse.Namespace) -> int:
    from pmograph._answers.questions import describe_gap

    kg = open_graph(args)
    answer = describe_gap(kg, args.source, args.target)
    if args.json:
        emit_json(answer)
        return 0
    if answer["source"]["kind"] == "person":
        from pmograph._cli._people import print_person_gap

        print_person_gap(answer)
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
