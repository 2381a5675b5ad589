"""Charts of org-design figures with matplotlib (the ``plots`` extra): spans, layers, FTE by unit.

Each chart function takes plain values (as :func:`pmograph._answers.metrics.metrics` gives
them) and returns a :class:`matplotlib.figure.Figure` built without pyplot, so nothing depends
on a display or on global state: charts draw headless (the Agg renderer) in a server, a CI job
or a notebook.  :func:`write_chart` writes one whole or not at all.  matplotlib is imported
only when a chart is asked for; without it, :class:`~pmograph.MissingDependencyError` says
what to install.
"""

from __future__ import annotations

import io
import os
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pmograph._atomic import write_bytes_atomic
from pmograph._errors import MissingDependencyError, RenderError
from pmograph._render import style

if TYPE_CHECKING:
    from matplotlib.figure import Figure

__all__ = ["CHART_FORMATS", "layer_chart", "span_chart", "unit_chart", "write_chart"]

#: The file formats a chart is written in, by suffix.
CHART_FORMATS = ("png", "svg", "pdf")
INSTALL_HINT = "charts need matplotlib: pip install 'pmograph[plots]'"
#: Units drawn in the FTE chart before the rest are summed into one bar.
UNIT_LIMIT = 25
_LABEL_WIDTH = 42  # characters of a unit's name drawn beside its bar


def span_chart(bands: Mapping[str, int], *, median: float | None = None,
               title: str = "Span of control") -> Figure:
    """Managers per span-of-control band (1, 2-3, 4-7 ... direct reports), one bar each.

    The band of managers of one is drawn in the accent colour; each bar is labelled with its
    count and share of managers, and the subtitle gives the median span.

    Examples
    --------
    >>> figure = span_chart({"1": 3, "2-3": 5, "4-7": 0, "8-12": 0, "13-16": 0, "17+": 0},
    ...                     median=2.0)
    >>> [text.get_text() for text in figure.axes[0].texts][:2]
    ['3 (38%)', '5 (62%)']
    """
    figure, axes = _figure(title, _span_subtitle(bands, median))
    names, counts = list(bands), list(bands.values())
    total = sum(counts) or 1
    colours = [style.HIGHLIGHT if name == "1" else style.PALETTE[0] for name in names]
    bars = axes.bar(names, counts, color=colours, width=0.65)
    for bar, count in zip(bars, counts, strict=True):
        axes.annotate(f"{count} ({100 * count / total:.0f}%)" if count else "0",
                      (bar.get_x() + bar.get_width() / 2, bar.get_height()),
                      xytext=(0, 3), textcoords="offset points", ha="center", va="bottom",
                      fontsize=9, color=style.TEXT)
    axes.set_xlabel("direct reports (span of control)", color=style.MUTED)
    axes.set_ylabel("managers", color=style.MUTED)
    axes.set_ylim(0, max(counts or [0]) * 1.18 + 1)
    _whole_numbers(axes.yaxis)
    return figure


def layer_chart(layers: Sequence[int], *, fte: Sequence[float] | None = None,
                title: str = "Posts per layer") -> Figure:
    """Posts per layer as a centred pyramid, the top layer first (with each layer's FTE when
    ``fte`` is given: aggregated rows of junior staff are one post of many FTE).

    Examples
    --------
    >>> figure = layer_chart([1, 3, 82])
    >>> [tick.get_text() for tick in figure.axes[0].get_yticklabels()]
    ['layer 1', 'layer 2', 'layer 3']
    """
    total = sum(layers)
    subtitle = (f"{len(layers)} layer{'s' * (len(layers) != 1)}, {total:,} "
                f"post{'s' * (total != 1)}")
    figure, axes = _figure(title, subtitle)
    positions = list(range(len(layers)))
    widest = max(layers or [1])
    axes.barh(positions, layers, left=[-count / 2 for count in layers], height=0.7,
              color=style.PALETTE[1])
    for position, count in zip(positions, layers, strict=True):
        text = f"{count:,}" if fte is None else \
            f"{count:,} post{'s' * (count != 1)} · {fte[position]:,.1f} FTE"
        axes.text(count / 2 + widest * 0.02, position, text, va="center", fontsize=9,
                  color=style.TEXT)
    axes.set_yticks(positions, [f"layer {number + 1}" for number in positions])
    axes.invert_yaxis()  # the top of the organisation at the top
    axes.set_xlim(-widest * 0.6, widest * (0.72 if fte is None else 0.95))
    axes.set_xticks([])
    axes.tick_params(axis="y", length=0)
    for side in ("bottom", "left"):
        axes.spines[side].set_visible(False)
    if not layers:
        _nothing(axes, "no posts")
    return figure


def unit_chart(units: Sequence[tuple[str, float, int]], *,
               title: str = "FTE by unit") -> Figure:
    """FTE of the posts placed in each unit, largest first: one bar per ``(label, fte, posts)``.

    Past :data:`UNIT_LIMIT` units the rest are summed into one bar.  Units with neither FTE
    nor posts are left out.

    Examples
    --------
    >>> figure = unit_chart([("Finance", 160.88, 55), ("Research", 35.4, 13)])
    >>> [tick.get_text() for tick in figure.axes[0].get_yticklabels()]
    ['Finance', 'Research']
    """
    rows = sorted((row for row in units if row[1] or row[2]), key=lambda row: (-row[1], row[0]))
    if len(rows) > UNIT_LIMIT:
        rest = rows[UNIT_LIMIT - 1:]
        rows = [*rows[:UNIT_LIMIT - 1], (f"{len(rest):,} other units",
                                         sum(row[1] for row in rest),
                                         sum(row[2] for row in rest))]
    total = sum(row[1] for row in rows)
    figure, axes = _figure(title, f"{total:,.1f} FTE in {len(rows)} "
                           f"unit{'s' * (len(rows) != 1)}; each bar: the posts placed in "
                           "that unit", height=max(3.2, 1.2 + 0.32 * len(rows)))
    positions = list(range(len(rows)))
    widest = max([row[1] for row in rows] or [1.0]) or 1.0
    axes.barh(positions, [row[1] for row in rows], height=0.7, color=style.PALETTE[0])
    for position, (_, fte, posts) in zip(positions, rows, strict=True):
        axes.text(fte + widest * 0.01, position,
                  f"{fte:,.1f} FTE · {posts:,} post{'s' * (posts != 1)}", va="center",
                  fontsize=8.5, color=style.TEXT)
    axes.set_yticks(positions, [_short(row[0]) for row in rows])
    axes.invert_yaxis()
    axes.set_xlim(0, widest * 1.35)
    axes.set_xlabel("full-time equivalents", color=style.MUTED)
    if not rows:
        _nothing(axes, "no posts placed in a unit")
    return figure


def write_chart(figure: Figure, path: str | os.PathLike[str], *,
                chart_format: str | None = None, dpi: int = 150) -> str:
    """Write ``figure`` to ``path`` (whole or not at all); return the format written.

    The format is ``chart_format`` or the file's suffix: one of :data:`CHART_FORMATS`.
    """
    chart_format = (chart_format or Path(path).suffix.lstrip(".")).lower()
    if chart_format not in CHART_FORMATS:
        raise RenderError(f"{path}: cannot tell the chart format from the suffix; use "
                          f"{', '.join('.' + f for f in CHART_FORMATS)}")
    buffer = io.BytesIO()
    metadata: dict[str, Any] = {"Software": None} if chart_format == "png" else \
        {"Date": None} if chart_format == "svg" else {"CreationDate": None}
    figure.savefig(buffer, format=chart_format, dpi=dpi, metadata=metadata)
    write_bytes_atomic(path, buffer.getvalue())
    return chart_format


# ------------------------------------------------------------------------------------ helpers
def _figure(title: str, subtitle: str, *, height: float = 4.5) -> tuple[Figure, Any]:
    """A figure with one set of axes in pmograph's style (no pyplot: no global state)."""
    try:
        from matplotlib.figure import Figure
    except ImportError as err:
        raise MissingDependencyError(INSTALL_HINT) from err
    figure = Figure(figsize=(8, height), layout="constrained", facecolor=style.PAPER)
    axes = figure.add_subplot()
    figure.suptitle(title, x=0.02, ha="left", fontsize=14, fontweight="bold",
                    color=style.TEXT)
    axes.set_title(subtitle, loc="left", fontsize=9.5, color=style.MUTED)
    for side in ("top", "right"):
        axes.spines[side].set_visible(False)
    for side in ("left", "bottom"):
        axes.spines[side].set_color(style.BORDER)
    axes.tick_params(colors=style.MUTED, labelcolor=style.TEXT)
    return figure, axes


def _span_subtitle(bands: Mapping[str, int], median: float | None) -> str:
    managers = sum(bands.values())
    text = f"{managers:,} manager{'s' * (managers != 1)}"
    if median is not None:
        text += f", median span {median:g}"
    if bands.get("1"):
        text += f"; {bands['1']:,} {'has' if bands['1'] == 1 else 'have'} one direct report"
    return text


def _nothing(axes: Any, text: str) -> None:
    """Say so in an empty chart, rather than leave it blank."""
    axes.text(0.5, 0.5, text, transform=axes.transAxes, ha="center", va="center",
              fontsize=12, color=style.MUTED)


def _whole_numbers(axis: Any) -> None:
    from matplotlib.ticker import MaxNLocator

    axis.set_major_locator(MaxNLocator(integer=True))


def _short(label: str) -> str:
    return label if len(label) <= _LABEL_WIDTH else label[:_LABEL_WIDTH - 1].rstrip() + "…"
