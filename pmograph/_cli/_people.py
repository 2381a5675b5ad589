"""``pmograph next PERSON|ROLE`` and ``pmograph succession POST``: career questions about people.

``gap PERSON ROLE`` is the ``gap`` command (``_path``); its person answer is printed here.
"""

from __future__ import annotations

import argparse
from typing import Any

from pmograph._cli._common import emit_json, help_text, number_option, open_graph, print_table
from pmograph._cli._text import output_width, plural, wrap


def register(commands: Any) -> list[argparse.ArgumentParser]:
    following = commands.add_parser("next", **help_text(
        "List the roles one or two career moves (up or across, never down in level) from "
        "the role of the post PERSON holds, ranked by the gap from their skill profile: "
        "fewest essential requirements missing first, then the smallest shortfall, then the "
        "fewest moves. Given a role, ranks by the gap from what that role requires. Roles "
        "with no requirements recorded come last.",
        'pmograph --data examples/sample-org.ttl --data examples/sample-skills.ttl '
        'next "Tom Becker"\n'
        'pmograph next "PMO Analyst" --moves 1 --json'))
    following.add_argument("subject", metavar="PERSON|ROLE", help="a person, or a role")
    following.add_argument("--moves", type=number_option(minimum=1), default=2, metavar="N",
                           help="most moves away (default 2)")
    following.set_defaults(handler=run_next)
    succession = commands.add_parser("succession", **help_text(
        "Rank candidates for POST by readiness: fewest essential requirements of the post's "
        "role missing, then the smallest total shortfall, then whether a career path leads "
        "there from their current role, then how many levels apart, then how many moves. "
        "Everyone who holds a post or has a skill profile is considered, except the post's "
        "holders; each candidate comes with the reasons for the rank.",
        'pmograph --data examples/sample-org.ttl --data examples/sample-skills.ttl '
        'succession P007\n'
        'pmograph --data org.ttl --data skills.ttl succession "PMO Manager, Delivery Support" '
        '--max 3 --json'))
    succession.add_argument("post", metavar="POST", help="the post to fill (name or identifier)")
    succession.add_argument("--max", type=number_option(minimum=1), default=10, metavar="N",
                            dest="limit", help="most candidates to show (default 10)")
    succession.set_defaults(handler=run_succession)
    return [following, succession]


def run_next(args: argparse.Namespace) -> int:
    from pmograph._answers.people import describe_next

    answer = describe_next(open_graph(args), args.subject, cutoff=args.moves)
    if args.json:
        emit_json(answer)
        return 0
    width = output_width() or 80
    starts = ", ".join(e["label"] for e in answer["from"]) or "no role"
    print("\n".join(wrap(f"Within {plural(args.moves, 'move')} of {starts} "
                         f"({answer['subject']['label']}):", width)))
    for reason in answer["reasons"]:
        print("\n".join(wrap(reason, width, indent="  ")))
    if answer["roles"]:
        print_table(["role", "moves", "essential missing", "to gain"],
                    [[r["role"]["label"], r["moves"],
                      r["essential_missing"] if r["requirements"] else "-",
                      _to_gain(r["gap"]) if r["requirements"] else "no requirements recorded"]
                     for r in answer["roles"]], overflow="wrap",
                    notes=["* marks an essential requirement."])
    return 0


def run_succession(args: argparse.Namespace) -> int:
    from pmograph._answers.people import describe_succession

    answer = describe_succession(open_graph(args), args.post, limit=args.limit)
    if args.json:
        emit_json(answer)
        return 0
    width = output_width() or 80
    holders = "; ".join(e["label"] for e in answer["holders"]) or "vacant"
    print("\n".join(wrap(f"Succession for {answer['post']['label']} ({answer['role']['label']}; "
                         f"now {holders}): {len(answer['candidates'])} of "
                         f"{plural(answer['considered'], 'candidate')}, readiest first", width)))
    for candidate in answer["candidates"]:
        where = f", {candidate['from']['label']}" if candidate["from"] else ""
        print(f"{candidate['rank']}. {candidate['person']['label']}{where}")
        for reason in candidate["reasons"]:
            print("\n".join(wrap(reason, width, indent="   - ", subsequent="     ")))
    return 0


def print_person_gap(answer: dict[str, Any]) -> None:
    """The ``gap`` answer from a person: what they have against what the role needs."""
    source, target = answer["source"]["label"], answer["target"]["label"]
    width = output_width() or 80
    if answer.get("note"):
        print("\n".join(wrap(answer["note"], width)))
    rows = [[s["skill"]["label"], s["have"], s["need"], "yes" if s["essential"] else "no", "short"]
            for s in answer["skills"]]
    rows += [[s["skill"]["label"], s["have"], s["need"], "yes" if s["essential"] else "no", "met"]
             for s in answer["met"]]
    if rows:
        print(f"{source} against what {target} needs (essential first):")
        print_table(["skill", "have", "need", "essential", "status"], rows)
    else:
        print(f"{target} records no skill requirements.")
    if answer["qualifications"]:
        print("Qualifications to gain: " + "; ".join(
            q["label"] + (" (essential)" if q.get("essential") else "")
            for q in answer["qualifications"]))
    if answer["held"]:
        print("Qualifications held: " + "; ".join(q["label"] for q in answer["held"]))


def _to_gain(gap: dict[str, Any]) -> str:
    items = [s["skill"]["label"] + (" *" if s["essential"] else "") for s in gap["skills"]]
    items += [q["label"] + (" *" if q.get("essential") else "") for q in gap["qualifications"]]
    return "; ".join(items) if items else "nothing"
