"""Stage 8 of the benchmark (issue #17): ``pmograph.metrics`` beside building the reporting view.

In one fresh process (``workers.py metrics FILE POSTS``): the organisation is loaded, the
reporting view built and timed, then ``pmograph.metrics`` timed on top of it (it reads what
else it needs: the posts' holders and units came with the view; the dotted lines, the nesting of
units and the roles' levels are read now).  *metrics* is the sum: the whole org-design report
from a loaded graph.  Target (issue #17): at most twice the time of the view alone.  Beside it,
plain pyoxigraph counts the spans of control with one aggregate SELECT (information: it knows
nothing of layers, FTE or units); *same*: the number of managers, the median span and the
managers per band agree.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from measure import run_worker
from report import Row, at_most, mib, quotient, same, seconds, times

#: The largest ratio of metrics (view included) to the view alone that meets the target.
TARGET = 2.0


def measure(path: Path, posts: int) -> dict[str, Any]:
    """Run the stage on the organisation in ``path``; its figures (JSON-able)."""
    return run_worker("metrics", str(path), str(posts))


def rows(posts: int, figures: dict[str, Any]) -> list[Row]:
    """The stage's rows for one size (none when the stage was skipped)."""
    fig = figures.get("metrics")
    if fig is None:
        return []
    size = f"{posts:,} posts"
    ratio = quotient(fig["metrics"], fig["view"])
    answer = fig["answer"]
    total = Row(size, f"8. metrics, in process: view {seconds(fig['view'])} + metrics "
                f"{seconds(fig['metrics_after_view'])} ({answer['span']['managers']:,} managers,"
                f" {fig['units']:,} units, {len(answer['layers'])} layers)",
                seconds(fig["metrics"]), seconds(fig["pyoxigraph_spans"]),
                vs_pyoxigraph=times(quotient(fig["metrics"], fig["pyoxigraph_spans"])),
                same=same(answer["span"], fig["pyoxigraph_answer"]))
    ratio_row = Row(size, "8. metrics (view included) ÷ the reporting view alone",
                    "" if ratio is None else f"{ratio:.2f}")
    if posts >= 100_000:
        ratio_row.judge([at_most(f"≤ {TARGET:g}× the view", ratio, TARGET)])
    memory = Row(size, "8. peak memory of the process, load + view + metrics",
                 mib(fig["peak_mib"]))
    return [total, ratio_row, memory]
