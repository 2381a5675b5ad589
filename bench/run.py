"""Scale benchmark of issues #12 and #19: pmograph beside plain pyoxigraph and plain rdflib, in
one run.

One command prints one table (and ``--json FILE`` writes every figure)::

    .venv/bin/python bench/run.py --json bench/results.json          # 100,000 and 1,000,000 posts
    .venv/bin/python bench/run.py --sizes 1000,10000 --repeat 1 --import-rows 1000,10000  # quick
    .venv/bin/python bench/run.py --only-import                      # stage 7 alone

Data: generated W3C ORG organisations (``bench/generate.py``, ``--seed``), kept in ``--data``;
post 0 is the root, the last post (``post/{n-1}``) is a deep one.  Every measurement runs in a
fresh process, so each engine's time and memory are its own; "whole process" means the wall
time from start to exit of that process (interpreter start and imports included) and its peak
RSS from ``os.wait4``.  Before any timing, every stage runs once, untimed, on a 50-post
organisation (``--no-warm-up`` skips it), so that no timed process is the first to read its
modules; and measured processes keep compiled bytecode in ``--pycache`` (default
``DATA/pycache``, through ``PYTHONPYCACHEPREFIX``; the environment may set
``PYTHONDONTWRITEBYTECODE``, which would make every pmograph process compile pmograph from
source, unlike an installed copy).  Each stage, as issue #12 asks:

1. **A question from a file, whole process**: ``pmograph --no-catalog --data FILE chain POST
   --json`` against one-process scripts of plain pyoxigraph (``Store().bulk_load(path=...,
   format=N_TRIPLES)``) and plain rdflib (``Graph().parse(FILE, format="nt")``), each then
   ``SELECT ?boss WHERE { <POST> org:reportsTo+ ?boss }``; POST is the last post.  Best wall
   time of ``--repeat`` processes each, worst peak RSS.  *same*: the sets of bosses.
2. **A stored organisation**: ``pmograph --no-catalog --store oxigraph:DIR load FILE`` into a
   new folder, then one cold process, each timed once, per command in this order: ``chain
   POST`` (the first command after the load), ``chain POST`` again, ``reports`` of post 1 (a
   manager with several direct reports), ``show POST``, and for information ``show`` and
   ``reports`` of post 0 (the root).  Every command has the same ``--no-catalog --store``
   options as the load.  The folder is deleted afterwards.  *same*: against pyoxigraph's
   answers (stage 5's worker asks them after its timed load).
3. **The whole reporting view**, in one process: ``kg = pmograph.load(FILE, catalog=False)``,
   then ``pmograph.reporting_view(kg, details=False)`` (the structure: label and kind) timed on
   its own; in another process the same with the full view (holders, unit, role, FTE); the
   peak memory of each process (its ``ru_maxrss``, and its resident memory with any children,
   sampled every 20 ms) up to the end of the view.  Baseline: plain pyoxigraph + networkx, the
   least a view can be (every ``org:Post`` with its ``skos:prefLabel``, and the lines).
   *same*: one node per post, one edge per non-root post, and the chain of the last post
   (``pmograph.chain_of_command``) equal to pyoxigraph's.
4. **The bundled catalog**: ``pmograph roles``, whole process, best of 3; and ``python -c
   "import pmograph"`` (beside ``import pyoxigraph``, ``import rdflib`` and ``pass``).
5. **Load**, in process: ``pmograph.load(FILE, catalog=False)``, ``Store().load(path=FILE,
   format=N_TRIPLES)`` and ``Graph().parse(FILE, format="nt")``; imports and each library's
   one-time set-up happen before the clock starts.  Best time of ``--repeat`` fresh processes
   per engine; the worst peak memory of the process while loading.  *same*: triple counts.
6. The **org-chart render** (``pmograph.org_chart`` of the view and ``dotted_line_view``,
   300-post budget, to DOT text), after stage 3's figures in the same process; and
   **promotion paths** (``pmograph.promotion_view`` + ``promotion_paths``, k=5, 3 pairs) on a
   generated catalog of ``--roles`` roles, beside SPARQL ``ASK`` (reachability only).
7. **Imports** (issue #19): a generated HR export of ``--import-rows`` rows
   (``bench/generate_hr.py``: messy, valid) to N-Triples, whole process: ``pmograph import
   EXPORT -o OUT.nt --json`` (the bundled catalog loaded, titles matched to roles) beside
   plain ``csv`` + pyoxigraph's streaming ``serialize`` and plain ``csv`` + an rdflib
   ``Graph`` (``bench/import_baselines.py``: the same kinds of triples with the same IRIs, no
   title matching, no checks); best wall time of ``--repeat`` processes each, worst peak RSS;
   then once the same import to Turtle.  *same*: posts and reporting lines written.
8. **Metrics** (issue #17, ``bench/metrics_stage.py``): in process, the reporting view on a fresh
   load, then ``pmograph.metrics`` on top of it; target: the two together within 2× the view
   alone (judged from 100,000 posts).  Beside it plain pyoxigraph counts the spans of control
   with one aggregate SELECT; *same*: managers, median span and managers per band.
9. **Diff** (issue #15, ``bench/diff_stage.py``): two snapshots, the generated organisation and
   a seeded copy with 1 % of its posts changed; in process, both reporting views on fresh loads,
   then ``pmograph.diff`` of two fresh loads; target: the diff within 2× both views (judged from
   100,000 posts).  Beside it plain pyoxigraph runs the shipped query
   ``what-changed-between-snapshots`` on the two files in named graphs; *same*: its rows.

The rdflib baseline is not run above ``--baseline-max`` posts (or rows).  Targets (in the
table) are those of issue #12, judged at the sizes it names: 100,000 and 1,000,000 posts for
stages 1–3, every size of at least 100,000 where rdflib ran for stage 5; and of issue #19 for
stage 7: at 1,000,000 rows at most 60 s and 1.5 GiB, and time per row at 1,000,000 rows within
1.25 times that at 100,000 (linear growth).  The benchmark reports whether each is met; it
asserts nothing.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import sys
import time
from importlib.metadata import version
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
import diff_stage
import metrics_stage
import stages
from measure import cache_bytecode
from report import Row, catalog_rows, import_growth_row, import_rows, print_table, size_rows

#: The size of the untimed warm-up run: every command and worker once, so that no timed
#: process is the first to read (or compile) its modules.
WARM_UP_POSTS = 50


def positive(text: str) -> int:
    value = int(text)
    if value < 1:
        raise argparse.ArgumentTypeError(f"expected at least 1, got {text!r}")
    return value


def sizes(text: str) -> list[int]:
    try:
        values = [int(part.replace("_", "")) for part in text.split(",") if part.strip()]
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected sizes like 1000,10000, got {text!r}") from None
    if not values or min(values) < 2:
        raise argparse.ArgumentTypeError("every size must be at least 2 posts")
    return values


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description=(__doc__ or "").split("\n\n")[0],
        epilog="Stages and how each is measured: see the docstring of bench/run.py.")
    parser.add_argument("--sizes", type=sizes, default=[100_000, 1_000_000],
                        help="posts per organisation, comma-separated (default 100000,1000000)")
    parser.add_argument("--baseline-max", type=int, default=100_000,
                        help="largest size the rdflib baseline runs at (default 100000)")
    parser.add_argument("--repeat", type=positive, default=3,
                        help="fresh processes per engine for the load and the whole-process "
                             "chain; the best time is reported (default 3)")
    parser.add_argument("--seed", type=int, default=1, help="seed of the generated data")
    parser.add_argument("--roles", type=positive, default=1000,
                        help="roles in the generated catalog for promotion paths (default 1000)")
    parser.add_argument("--data", default=os.environ.get("PMOGRAPH_BENCH_DATA",
                                                         "/tmp/pmograph-bench"),
                        help="where generated files (and, while it runs, the stored "
                             "organisation) are kept (default $PMOGRAPH_BENCH_DATA or "
                             "/tmp/pmograph-bench)")
    parser.add_argument("--pycache", metavar="DIR|none",
                        help="where measured processes keep compiled bytecode "
                             "(PYTHONPYCACHEPREFIX; default DATA/pycache); 'none' runs them "
                             "in this environment as it is")
    parser.add_argument("--no-warm-up", action="store_true",
                        help="skip the untimed warm-up run on a 50-post organisation")
    parser.add_argument("--no-render", action="store_true", help="skip the org-chart render")
    parser.add_argument("--no-promotion", action="store_true",
                        help="skip the promotion-path section")
    parser.add_argument("--no-metrics", action="store_true",
                        help="skip stage 8, metrics (bench/metrics_stage.py)")
    parser.add_argument("--no-diff", action="store_true",
                        help="skip stage 9, diff (bench/diff_stage.py)")
    parser.add_argument("--import-rows", type=sizes, default=[100_000, 1_000_000],
                        help="rows of the generated HR exports imported in stage 7, "
                             "comma-separated (default 100000,1000000)")
    parser.add_argument("--no-import", action="store_true", help="skip the imports (stage 7)")
    parser.add_argument("--only-import", action="store_true",
                        help="run the imports (stage 7) and nothing else")
    parser.add_argument("--json", metavar="FILE", help="also write every figure as JSON")
    return parser.parse_args(argv)


def progress(message: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


def measure_size(posts: int, args: argparse.Namespace, folder: Path,
                 quiet: bool = False) -> dict[str, Any]:
    """Every stage of one organisation size (the load first: it warms the file's pages for
    every engine alike, and pyoxigraph's answers are the reference of stage 2)."""
    baseline = posts <= args.baseline_max
    report = (lambda _: None) if quiet else progress
    report(f"{posts:,} posts: generating the file (kept in {folder})")
    path = stages.org_file(folder, posts, args.seed)
    figures: dict[str, Any] = {"file": str(path), "file_mib": path.stat().st_size / 2**20,
                               "rdflib_baseline": baseline}
    report(f"{posts:,} posts: 5. load in process")
    figures["load"] = stages.load_in_process(path, posts, args.repeat, baseline)
    report(f"{posts:,} posts: 1. chain from the file, whole process")
    figures["chain_from_file"] = stages.chain_from_file(path, posts, args.repeat, baseline)
    report(f"{posts:,} posts: 2. stored organisation")
    figures["stored"] = stages.stored(path, posts, folder, args.seed)
    report(f"{posts:,} posts: 3. reporting view" + ("" if args.no_render else " and render"))
    figures["view"] = stages.whole_view(path, posts, not args.no_render)
    if not args.no_metrics:
        report(f"{posts:,} posts: 8. metrics (issue #17)")
        figures["metrics"] = metrics_stage.measure(path, posts)
    if not args.no_diff:
        report(f"{posts:,} posts: 9. diff of two snapshots (issue #15)")
        figures["diff"] = diff_stage.measure(folder, path, posts, args.seed)
    return figures


def machine() -> dict[str, Any]:
    return {"date": time.strftime("%Y-%m-%d %H:%M:%S"), "python": platform.python_version(),
            "platform": platform.platform(), "cpus": os.cpu_count(),
            **{name: version(name) for name in ("pmograph", "pyoxigraph", "rdflib", "networkx")}}


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    folder = Path(args.data)
    folder.mkdir(parents=True, exist_ok=True)
    pycache = None if args.pycache == "none" else Path(args.pycache or folder / "pycache")
    figures: dict[str, Any] = {"machine": machine(), "arguments": {
        key: value for key, value in vars(args).items() if key != "json"},
        "environment": cache_bytecode(pycache), "sizes": {}}
    imports = not args.no_import
    others = not args.only_import
    if not args.no_warm_up:
        progress("warming up (untimed): every stage once on 50 posts")
        if others:
            measure_size(WARM_UP_POSTS, argparse.Namespace(**{**vars(args), "repeat": 1}),
                         folder, quiet=True)
            stages.catalog_commands(1)
        if imports:
            stages.import_export(folder, WARM_UP_POSTS, args.seed, 1, True)
    if others:  # first, while this process is small: a child's peak RSS counts its parent's
        progress("4. the bundled catalog")
        figures["catalog"] = stages.catalog_commands()
    rows: list[Row] = []
    for posts in args.sizes if others else []:
        figures["sizes"][str(posts)] = measure_size(posts, args, folder)
        rows.extend(size_rows(posts, figures["sizes"][str(posts)]))
        rows.extend(metrics_stage.rows(posts, figures["sizes"][str(posts)]))
        rows.extend(diff_stage.rows(posts, figures["sizes"][str(posts)]))
    if others and not args.no_promotion:
        progress(f"6. promotion paths on {args.roles:,} roles")
        figures["promotion"] = stages.promotion(folder, args.roles, args.seed)
    if others:
        rows.extend(catalog_rows(figures["catalog"], figures.get("promotion")))
    figures["imports"] = {}
    for count in args.import_rows if imports else []:
        progress(f"7. import an HR export of {count:,} rows (kept in {folder})")
        figures["imports"][str(count)] = stages.import_export(
            folder, count, args.seed, args.repeat, count <= args.baseline_max)
        rows.extend(import_rows(count, figures["imports"][str(count)]))
    rows.extend(import_growth_row(figures["imports"]))
    figures["rows"] = [row.json() for row in rows]
    print_table(rows)
    if args.json:
        Path(args.json).write_text(json.dumps(figures, indent=2, ensure_ascii=False) + "\n",
                                   encoding="utf-8")
        progress(f"figures written to {args.json}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
