"""``pmograph show NAME``: everything known about one entity, with sources."""

from __future__ import annotations

import argparse
from typing import Any

from pmograph._cli._common import emit_json, help_text, open_graph


def register(commands: Any) -> list[argparse.ArgumentParser]:
    parser = commands.add_parser("show", **help_text(
        "Show one entity: its kind, labels, and every fact about it grouped by relation, "
        "each with its sources. NAME is a label, synonym, local name, CURIE, IRI or "
        "identifier; prefix role:, post:, person: or unit: to narrow it.",
        'pmograph show "PMO Manager"\npmograph show "head of pmo" --json'))
    parser.add_argument("name", metavar="NAME", help="what to show")
    parser.set_defaults(handler=run)
    return [parser]


def run(args: argparse.Namespace) -> int:
    from pmograph._answers.describe import describe

    kg = open_graph(args)
    facts = describe(kg, args.name)
    if args.json:
        emit_json(facts)
        return 0
    subject = facts["subject"]
    print(f"{subject['label']}  ({subject['kind']})  <{subject['iri']}>")
    for key, values in sorted(facts["labels"].items()):
        print(f"  {key}: {'; '.join(values)}")
    for relation, items in facts["relations"].items():
        print(f"{relation}:")
        for item in items:
            text = item.get("label", item.get("value"))
            extras = [f"{k} {item[k]}" for k in ("proficiency", "essential", "typicalYears")
                      if k in item]
            line = f"  - {text}" + (f" ({', '.join(extras)})" if extras else "")
            sources = [s["label"] for s in item.get("sources", [])]
            if sources:
                line += f"  [source: {'; '.join(sources)}]"
            print(line)
    print_answers(facts.get("answers", {}))
    return 0


def print_answers(answers: dict[str, Any]) -> None:
    """Print what ``show`` adds about where the entity sits (see ``hierarchy_facts``)."""
    for key, value in answers.items():
        if key in ("chain", "roles above"):
            print(f"{key}:")
            for path in value:
                print("  - " + (" → ".join(e["label"] for e in path) or "(the top)"))
        elif key == "span of control":
            print(f"{key}: {value['direct']} direct, {value['total']} in all")
        elif key == "problem":
            print(f"problem: {value}")
        elif value:
            print(f"{key}:")
            for entity in value:
                move = f" ({entity['move']})" if "move" in entity else ""
                print(f"  - {entity['label']}{move}")
