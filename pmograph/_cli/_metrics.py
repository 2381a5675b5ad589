"""``pmograph metrics``, ``span NAME``, ``common A B`` and ``layers``: org-design health."""

from __future__ import annotations

import argparse
import contextlib
import io
import sys
from pathlib import Path
from typing import Any

from pmograph._cli._common import emit_json, help_text, open_graph, print_table
from pmograph._cli._text import plural
from pmograph._errors import PmographError

#: Rows of the managers' and units' tables the text shows unless ``--by`` asks for all.
TOP = 10
NO_POSTS = ("No posts in the data: load an organisation with --data (posts are org:Post, "
            "reporting lines org:reportsTo).")
BAR = "█"
BAR_WIDTH = 30
EXIT_CODES = ("Exit 0: success; 2: unknown or ambiguous name, bad option, matplotlib missing "
              "for --plot, or reporting lines that are not a tree (a cycle or two solid-line "
              "managers: see pmograph validate).")


def register(commands: Any) -> list[argparse.ArgumentParser]:
    metrics = commands.add_parser("metrics", **help_text(
        "Org-design health of the organisation (or of the tree below --root): posts, people, "
        "vacancies and job shares; layers (posts and FTE per layer) and the deepest chain; "
        "span of control per manager in bands (1, 2-3, 4-7, 8-12, 13-16, 17+) with its "
        "median; managers of one; head-count, FTE and vacancies under every manager and "
        "every unit (a unit's figures include the units inside it; FTE from the data where "
        "given, else 1 per filled post, a job share's holders sharing it); level "
        "compression (a manager at or below a report's catalog level); dotted-line load. "
        "--format csv writes one row per manager or, with --by unit, per unit (cells "
        "starting =, +, -, @ get a leading '; --csv-raw leaves them). --plot draws charts "
        "(needs pip install 'pmograph[plots]'). " + EXIT_CODES,
        "pmograph --data examples/sample-org.ttl metrics\n"
        "pmograph --data organogram.nt metrics --format csv --by unit -o units.csv\n"
        "pmograph --data organogram.nt metrics --plot spans.png --plot layers.png "
        "--plot fte-by-unit.png\n"
        'pmograph --data examples/sample-org.ttl metrics --root P005 --json'))
    metrics.add_argument("--root", metavar="NAME",
                         help="measure only this post (or the person holding it) and below")
    metrics.add_argument("--by", choices=("manager", "unit"), default=None,
                         help="rows of --format csv (default manager); in text, list every "
                              "manager or unit instead of the ten largest of each")
    metrics.add_argument("--format", choices=("text", "json", "csv"), default="text",
                         help="text (default), json (as --json) or csv")
    metrics.add_argument("--csv-raw", action="store_true",
                         help="with --format csv: no quote added before =, +, -, @")
    metrics.add_argument("-o", "--output", metavar="FILE",
                         help="write the answer to FILE (whole or not at all) instead of stdout")
    metrics.add_argument("--plot", metavar="[KIND=]FILE", action="append", default=[],
                         help="draw a chart (png, svg or pdf by suffix): KIND is spans, layers "
                              "or fte-by-unit, or the end of FILE's name (spans.png); "
                              "repeatable")
    metrics.set_defaults(handler=run_metrics)

    span = commands.add_parser("span", **help_text(
        "Span of control of a post (or of the post a person holds): its direct reports on "
        "solid lines, its band, and how many posts are below it in all. " + EXIT_CODES,
        "pmograph --data examples/sample-org.ttl span P005\n"
        'pmograph --data examples/sample-org.ttl span "person:Olivia Grant" --json'))
    span.add_argument("name", metavar="NAME", help="a post or person")
    span.set_defaults(handler=run_span)

    common = commands.add_parser("common", **help_text(
        "The lowest common manager of two posts (or people): the lowest post both report "
        "to on solid lines, with each one's line up to it. " + EXIT_CODES,
        'pmograph --data examples/sample-org.ttl common "person:Tom Becker" P013\n'
        "pmograph --data organogram.nt common 90115 90284 --json"))
    common.add_argument("first", metavar="A", help="a post or person")
    common.add_argument("second", metavar="B", help="another post or person")
    common.set_defaults(handler=run_common)

    layers = commands.add_parser("layers", **help_text(
        "Posts per layer of the organisation (or of the tree below --root), the top posts "
        "being layer 1, and the deepest chain of command. " + EXIT_CODES,
        "pmograph --data examples/sample-org.ttl layers\n"
        "pmograph --data organogram.nt layers --root 90115 --json"))
    layers.add_argument("--root", metavar="NAME",
                        help="count only this post (or the person holding it) and below")
    layers.set_defaults(handler=run_layers)
    return [metrics, span, common, layers]


# ------------------------------------------------------------------------------------ metrics
def run_metrics(args: argparse.Namespace) -> int:
    import json

    from pmograph._answers.metrics import metrics, metrics_csv, write_metrics_chart
    from pmograph._atomic import write_text_atomic

    form = "json" if args.json else args.format
    if args.csv_raw and form != "csv":
        raise PmographError("--csv-raw changes only --format csv output; add --format csv "
                            "or drop --csv-raw")
    plots = [_plot(value) for value in args.plot]
    answer = metrics(open_graph(args), root=args.root)
    if answer.get("note") and not args.quiet:
        print(f"Note: {answer['note']}.", file=sys.stderr)
    charts = [write_metrics_chart(answer, kind, path) for kind, path in plots]
    if form == "json":
        text = json.dumps({**answer, **({"charts": charts} if charts else {})}, indent=2,
                          ensure_ascii=False) + "\n"
    elif form == "csv":
        text = metrics_csv(answer, by=args.by or "manager", raw=args.csv_raw)
    elif args.output is not None:  # the tables whole: nothing is cut to fit a terminal
        buffer = io.StringIO()
        with contextlib.redirect_stdout(buffer):
            _print_metrics(answer, by=args.by)
        text = buffer.getvalue()
    else:
        _print_metrics(answer, by=args.by)
        text = ""
    if args.output is not None:
        write_text_atomic(args.output, text)
        if not args.quiet:
            print(f"wrote {args.output} ({form})", file=sys.stderr if form == "json"
                  else sys.stdout)
    elif text:
        print(text, end="")
    if form == "text" and not args.quiet:
        for chart in charts:
            print(f"wrote {chart['written']} ({chart['format']} chart)")
    return 0


def _plot(value: str) -> tuple[str, str]:
    """``KIND=FILE``, or ``FILE`` whose name ends in a chart kind (``docs/metrics-spans.png``)."""
    from pmograph._answers.metrics import CHART_KINDS

    kind, equals, path = value.partition("=")
    if equals and kind in CHART_KINDS:
        return kind, path
    stem = Path(value).stem
    found = [kind for kind in CHART_KINDS if stem == kind or stem.endswith(("-" + kind,
                                                                             "_" + kind))]
    if len(found) != 1:
        raise PmographError(f"--plot {value}: cannot tell which chart to draw; write KIND=FILE "
                            f"with KIND one of {', '.join(CHART_KINDS)} (e.g. --plot "
                            f"spans={value})")
    return found[0], value


def _print_metrics(answer: dict[str, Any], *, by: str | None) -> None:
    print("\n".join(_metrics_text(answer)))
    _tables(answer, by=by)


def _metrics_text(answer: dict[str, Any]) -> list[str]:
    if not answer["posts"]:
        return [NO_POSTS]
    subject = answer["subject"]
    where = f"Below {subject['label']} (inclusive)" if subject else "The organisation"
    rate = f" ({100 * answer['vacancy_rate']:.1f}%)" if answer["vacant"] else ""
    lines = [f"{where}: {plural(answer['posts'], 'post')}, "
             f"{plural(answer['people'], 'person', 'people')}, {answer['vacant']:,} vacant"
             f"{rate}, {plural(answer['job_shares'], 'job share')}, "
             f"{_number(answer['fte'])} FTE."]
    layers = answer["layers"]
    lines.append(f"Layers: {len(layers)} (posts per layer, the top first: "
                 f"{', '.join(f'{n:,}' for n in layers)}).")
    if len(answer["deepest_chain"]) > 1:
        lines.append("Deepest chain: " + " → ".join(e["label"] for e in answer["deepest_chain"]))
    span = answer["span"]
    if span["managers"]:
        lines.append(f"Span of control: {plural(span['managers'], 'manager')}, median "
                     f"{span['median']:g}, mean {span['mean']:g}.")
        widest = max(span["bands"].values()) or 1
        lines.extend(f"  {band:<6} {count:>7,}  {BAR * round(BAR_WIDTH * count / widest)}"
                     for band, count in span["bands"].items())
    else:
        lines.append("Span of control: nobody has a direct report.")
    alone = answer["managers_of_one"]
    lines.append(f"Managers of one ({len(alone):,}): "
                 + ("; ".join(e["label"] for e in alone[:TOP]) or "none")
                 + (f"; … {len(alone) - TOP:,} more (--json lists all)" if len(alone) > TOP
                    else ""))
    compressed = answer["level_compression"]
    lines.append(f"Level compression ({len(compressed):,}): " + ("none" if not compressed
                 else "; ".join(f"{c['manager']['label']} (level {c['manager_level']}) over "
                                f"{c['report']['label']} (level {c['report_level']})"
                                for c in compressed[:TOP])
                 + (f"; … {len(compressed) - TOP:,} more" if len(compressed) > TOP else "")))
    dotted = answer["dotted_load"]
    lines.append(f"Dotted-line load ({plural(sum(d['dotted'] for d in dotted), 'dotted line')}"
                 "): " + ("none" if not dotted else "; ".join(
                     f"{d['post']['label']} {d['dotted']:,}" for d in dotted[:TOP]))
                 + (f"; … {len(dotted) - TOP:,} more" if len(dotted) > TOP else ""))
    return lines


def _tables(answer: dict[str, Any], *, by: str | None) -> None:
    if by in (None, "manager") and answer["by_manager"]:
        rows = answer["by_manager"] if by else answer["by_manager"][:TOP]
        print(f"\nManagers by head-count{_shown(rows, answer['by_manager'])}:")
        print_table(["manager", "held by", "layer", "direct", "head-count", "FTE", "vacant",
                     "dotted"],
                    [[r["manager"]["label"], ", ".join(r["held_by"]) or "vacant", r["layer"],
                      r["direct"], r["headcount"], _number(r["fte"]), r["vacant"], r["dotted"]]
                     for r in rows])
    if by in (None, "unit") and answer["by_unit"]:
        rows = answer["by_unit"] if by else answer["by_unit"][:TOP]
        print(f"\nUnits by head-count, each with the units inside it"
              f"{_shown(rows, answer['by_unit'])}:")
        print_table(["unit", "head-count", "FTE", "vacant", "people", "own posts", "own FTE"],
                    [[r["unit"]["label"] if r["unit"] else "(no unit)", r["headcount"],
                      _number(r["fte"]), r["vacant"], r["people"], r["direct_headcount"],
                      _number(r["direct_fte"])] for r in rows])


def _shown(rows: list[Any], every: list[Any]) -> str:
    return "" if len(rows) == len(every) else \
        f" (the {len(rows):,} largest of {len(every):,}; --by lists all)"


def _number(value: float) -> str:
    return f"{value:,.2f}".rstrip("0").rstrip(".") if value % 1 else f"{value:,.0f}"


# ------------------------------------------------------------------------ span, common, layers
def run_span(args: argparse.Namespace) -> int:
    from pmograph._answers.hierarchy import describe_span

    answer = describe_span(open_graph(args), args.name)
    _note(args, answer)
    if args.json:
        emit_json(answer)
        return 0
    band = f" (band {answer['band']})" if answer["band"] else ""
    print(f"{_post(answer['subject'])}: {plural(answer['direct'], 'direct report')}{band}, "
          f"{plural(answer['total'], 'post')} below in all.")
    for report in answer["reports"]:
        print("  " + _post(report))
    return 0


def run_common(args: argparse.Namespace) -> int:
    from pmograph._answers.hierarchy import describe_common

    answer = describe_common(open_graph(args), args.first, args.second)
    _note(args, answer)
    if args.json:
        emit_json(answer)
        return 0
    first, second, common = answer["first"], answer["second"], answer["common"]
    if common is None:
        print(f"{_post(first)} and {_post(second)} have no common manager: they are in "
              "separate reporting trees.")
        return 0
    print(f"Lowest common manager of {_post(first)} and {_post(second)}:")
    print(f"  {_post(common)}")
    for subject, chain in ((first, answer["first_chain"]), (second, answer["second_chain"])):
        if not chain:
            print(f"  {subject['label']} is the common manager itself.")
            continue
        print(f"  {' → '.join(e['label'] for e in [subject, *chain])} "
              f"({plural(len(chain), 'line')} up)")
    return 0


def run_layers(args: argparse.Namespace) -> int:
    from pmograph._answers.hierarchy import describe_layers

    answer = describe_layers(open_graph(args), root=args.root)
    _note(args, answer)
    if args.json:
        emit_json(answer)
        return 0
    subject, layers = answer["subject"], answer["layers"]
    if not layers:
        print(NO_POSTS)
        return 0
    where = f" below {subject['label']} (inclusive)" if subject else ""
    print(f"{plural(len(layers), 'layer')}, {plural(answer['posts'], 'post')}{where}:")
    widest = max(layers or [1])
    print_table(["layer", "posts", ""], [
        [number, count, BAR * max(1, round(BAR_WIDTH * count / widest))]
        for number, count in enumerate(layers, start=1)])
    if len(answer["deepest_chain"]) > 1:
        print("Deepest chain: " + " → ".join(e["label"] for e in answer["deepest_chain"]))
    return 0


def _note(args: argparse.Namespace, answer: dict[str, Any]) -> None:
    if answer.get("note") and not args.quiet:
        print(f"Note: {answer['note']}.", file=sys.stderr)


def _post(entity: dict[str, Any]) -> str:
    if "holders" not in entity:
        return str(entity["label"])
    holders = ", ".join(h["label"] for h in entity["holders"]) or "vacant"
    return f"{entity['label']} ({holders})"
