"""``pmograph diff OLD NEW``: what changed between two snapshots of an organisation."""

from __future__ import annotations

import argparse
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

from pmograph._cli._common import emit_json, help_text, open_graph
from pmograph._cli._text import plural
from pmograph._errors import PmographError

#: What names a snapshot in a store rather than a file: a date (or 'today').
_SNAPSHOT_DATE = re.compile(r"\d{4}-\d{2}-\d{2}|today", re.IGNORECASE)
#: Headings of the text output, by kind of change, in the order they are listed.
HEADINGS = {
    "post-added": "Posts added", "post-removed": "Posts removed",
    "post-retitled": "Posts retitled", "post-moved": "Posts moved to another manager",
    "dotted-added": "Dotted lines added", "dotted-removed": "Dotted lines removed",
    "person-joined": "People who joined", "person-left": "People who left",
    "person-moved": "People who moved", "vacancy-opened": "Vacancies opened",
    "vacancy-filled": "Vacancies filled", "unit-changed": "Units renamed or re-parented",
    "span-changed": "Spans of control changed",
}


def register(commands: Any) -> list[argparse.ArgumentParser]:
    parser = commands.add_parser("diff", **help_text(
        "Compare two snapshots of one organisation (two files: exports or organograms of two "
        "dates): posts added, removed, retitled or moved to another manager; dotted lines; "
        "people who joined, left or moved; vacancies opened and filled; units renamed or "
        "re-parented; spans of control. Posts are the same post when their IRI is; a post whose "
        "IRI changed but whose reference, title and manager match is listed as a possible "
        "rename. OLD and NEW are files, or dates: of snapshots kept in --store (see "
        "'pmograph load --snapshot'), else, for data that carry dates, the organisation as of "
        "each date (see --as-of). Exit code 0 whether or not anything changed; 2 for a "
        "file that cannot be read or a snapshot the store does not have. The CSV is for "
        "spreadsheets: "
        "every cell is quoted and one starting with =, +, -, @, a tab or a carriage return "
        "gets a leading ' so it is never run as a formula; --csv-raw writes raw values.",
        "pmograph diff org-2026-03.ttl org-2026-09.ttl\n"
        "pmograph diff old.nt new.nt --format csv -o changes.csv\n"
        "pmograph --store oxigraph:org.db diff 2026-03-31 2026-09-30 --json\n"
        "pmograph --data tests/data/dated/org-history.ttl diff 2026-03-01 2026-09-01"))
    parser.add_argument("old", metavar="OLD", help="the earlier snapshot: an RDF or CSV file, "
                                                   "or the date (YYYY-MM-DD) of one in --store")
    parser.add_argument("new", metavar="NEW", help="the later snapshot (a file or a date)")
    parser.add_argument("--format", choices=("text", "json", "csv"), default="text",
                        help="text (default), json (as --json) or csv (one row per change)")
    parser.add_argument("--csv-raw", action="store_true",
                        help="with --format csv: no quote added before =, +, -, @ (for "
                             "programs; see SECURITY.md)")
    parser.add_argument("-o", "--output", metavar="FILE",
                        help="write the answer to FILE (whole or not at all) instead of stdout")
    parser.set_defaults(handler=run)
    return [parser]


def run(args: argparse.Namespace) -> int:
    import json

    from pmograph._answers.diff import diff, diff_csv
    from pmograph._atomic import write_text_atomic

    form = "json" if args.json else args.format
    if args.csv_raw and form != "csv":
        raise PmographError("--csv-raw changes only --format csv output; add --format csv "
                            "or drop --csv-raw")
    (old, old_name, old_date), (new, new_name, new_date) = sides(args, args.old, args.new)
    answer = diff(old, new)
    for key, name, date in (("old", old_name, old_date), ("new", new_name, new_date)):
        if date is not None:  # the organisation as of a date: say which
            answer[key].update(source=name, date=date)
    if form == "json":
        text = json.dumps(answer, indent=2, ensure_ascii=False) + "\n"
    elif form == "csv":
        text = diff_csv(answer, raw=args.csv_raw)
    else:
        text = "\n".join(_text(answer)) + "\n"
    if args.output is None:
        if form == "json":
            emit_json(answer)
        else:
            print(text, end="")
        return 0
    write_text_atomic(args.output, text)
    if not args.quiet:
        print(f"wrote {args.output} ({form}: {_n(len(answer['changes']), 'change')})")
    return 0


def sides(args: argparse.Namespace, *texts: str) -> list[tuple[Any, str, str | None]]:
    """Each of OLD and NEW as :func:`pmograph.diff` takes it, with a name for it and, for
    the organisation as of a date, that date: a file stays a path; a date is the snapshot the
    store keeps under it, else (data that carry dates, --data) the organisation as of it."""
    from pmograph._dates import parse_date
    from pmograph._views.dated import as_of, dated_facts

    store: list[Any] = []  # opened once, if a side is a date
    found: list[tuple[Any, str, str | None]] = []
    for text in texts:
        if not _SNAPSHOT_DATE.fullmatch(text.strip()) or Path(text).exists():
            found.append((text, Path(text).name, None))  # diff names a file that is missing
            continue
        if not store:
            store.append(open_graph(args))
        kg, day = store[0], parse_date(text)
        if day not in {snapshot.date for snapshot in kg.snapshots()} and \
                not dated_facts(kg).empty:
            found.append((as_of(kg, day), f"{kg.store} as of {day}", day.isoformat()))
        else:
            found.append((kg.snapshot(day), day.isoformat(), None))
    return found


def _text(answer: dict[str, Any]) -> list[str]:
    old, new, total = answer["old"], answer["new"], len(answer["changes"])
    lines = [f"From {old['source']} ({_n(old['posts'], 'post')}, {_n(old['people'], 'person')})"
             f" to {new['source']} ({_n(new['posts'], 'post')}, "
             f"{_n(new['people'], 'person')}): {_n(total, 'change')}."]
    for kind, heading in HEADINGS.items():
        found = [c for c in answer["changes"] if c["kind"] == kind]
        if found:
            lines.append(f"\n{heading} ({len(found)}):")
            lines.extend("  " + _FORMS.get(kind, _default)(c) for c in found)
    if answer["renamed"]:
        lines.append(f"\nPossible renames, compared as one post ({len(answer['renamed'])}):")
        lines.extend(f"  {r['old']['label']} <{r['old']['iri']}> → <{r['new']['iri']}>"
                     for r in answer["renamed"])
    return lines


def _n(count: int, noun: str) -> str:
    return plural(count, noun, "people" if noun == "person" else None)


def _name(value: Any) -> str:
    if value is None:
        return "—"
    if isinstance(value, list):
        return ", ".join(_name(item) for item in value) or "—"
    if isinstance(value, dict):
        return str(value["label"])
    return str(value)


def _default(change: dict[str, Any]) -> str:
    return f"{change['subject']['label']}: {_name(change['before'])} → {_name(change['after'])}"


_FORMS: dict[str, Callable[[dict[str, Any]], str]] = {
    "post-added": lambda c: f"+ {c['subject']['label']}"
                            + (f", reports to {_name(c['after'])}" if c["after"] else " (top)"),
    "post-removed": lambda c: f"- {c['subject']['label']}"
                              + (f", reported to {_name(c['before'])}" if c["before"] else ""),
    "post-retitled": lambda c: f"{_name(c['before'])} → {_name(c['after'])}",
    "dotted-added": lambda c: f"{c['subject']['label']} ⇢ {_name(c['after'])}",
    "dotted-removed": lambda c: f"{c['subject']['label']} ⇢ {_name(c['before'])}",
    "person-joined": lambda c: f"{c['subject']['label']}, as {_name(c['after'])}",
    "person-left": lambda c: f"{c['subject']['label']}, was {_name(c['before'])}",
    "vacancy-opened": lambda c: f"{c['subject']['label']} (was held by {_name(c['before'])})",
    "vacancy-filled": lambda c: f"{c['subject']['label']} (now held by {_name(c['after'])})",
}
