"""Org-chart render time: pmograph (summarised) beside plain ``dot`` on the whole graph.

Run:  .venv/bin/python bench/bench_render.py [--sizes 100,1000,10000,100000] [--plain-max 10000]

For each generated organisation (``pmograph._render.sample.synthetic_org``) it times, from
the reporting view (the render stage of DESIGN.md §3, "once loaded"):
  * pmograph: plan + DOT + ``dot -Tsvg`` with the default node budget (300 posts);
  * plain dot: every post as a box, every solid line an edge, ``dot -Tsvg`` (capped at
    --plain-max posts and --timeout seconds: Graphviz takes minutes beyond that).
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from pmograph._render.org import org_chart
from pmograph._render.sample import synthetic_org


def plain_dot(graph) -> str:  # type: ignore[no-untyped-def]
    ids = {node: f"n{i}" for i, node in enumerate(graph)}
    lines = ["digraph G {", "node [shape=box];"]
    for node, data in graph.nodes(data=True):
        label = str(data.get("label", "")).replace('"', "'")
        lines.append(f'{ids[node]} [label="{label}"];')
    lines += [f"{ids[a]} -> {ids[b]};" for a, b in graph.edges()]
    lines.append("}")
    return "\n".join(lines)


def time_plain(graph, timeout: float) -> float | None:  # type: ignore[no-untyped-def]
    text = plain_dot(graph).encode()
    start = time.perf_counter()
    try:
        subprocess.run(["dot", "-Tsvg"], input=text, capture_output=True, check=True,
                       timeout=timeout)
    except subprocess.TimeoutExpired:
        return None
    return time.perf_counter() - start


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="100,1000,10000,100000")
    parser.add_argument("--plain-max", type=int, default=10_000)
    parser.add_argument("--timeout", type=float, default=60.0)
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]
    header = (f"{'posts':>8}  {'drawn':>6}  {'plan+DOT s':>10}  {'pmograph svg s':>14}  "
              f"{'plain dot s':>11}  {'ratio':>7}")
    print(header)
    print("-" * len(header))
    for posts in sizes:
        solid, dotted = synthetic_org(posts, seed=1)
        start = time.perf_counter()
        chart = org_chart(solid, dotted)
        chart.to_string()
        built = time.perf_counter() - start
        svg = chart.render("svg")
        total = time.perf_counter() - start
        assert svg.startswith(b"<?xml") and not chart.used_fallback
        plain = time_plain(solid, args.timeout) if posts <= args.plain_max else None
        if posts > args.plain_max:
            plain_text, ratio = "skipped", "-"
        elif plain is None:
            plain_text, ratio = f">{args.timeout:g}", f"<{total / args.timeout:.3f}"
        else:
            plain_text, ratio = f"{plain:.2f}", f"{total / plain:.3f}"
        print(f"{posts:>8,}  {chart.counts['shown']:>6}  {built:>10.2f}  {total:>14.2f}  "
              f"{plain_text:>11}  {ratio:>7}", flush=True)
    print("\nratio = pmograph total / plain dot (lower is better). Targets: 100,000 posts "
          "< 10 s; 10,000 posts ratio < 0.1.")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
