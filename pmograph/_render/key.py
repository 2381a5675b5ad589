"""The key (legend) of a diagram: one row per mark the diagram uses, and only those.

A renderer records the marks it draws (:class:`Marks`); :func:`key_label` turns them into an
HTML-like table whose samples are drawn with the same colours, outlines and glyphs as the
chart itself, in a fixed order.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from pmograph._render import change_marks, style
from pmograph._render.tree import natural_key

#: More units than this and their colours repeat, so the key explains the band, not each unit.
MAX_UNITS_LISTED = len(style.PALETTE)


def _box(text: str, *, border: str = style.BORDER, fill: str = style.PAPER,
         outline: str = "rounded", double: bool = False) -> str:
    inner = style.font(text, size=8, color=style.TEXT) if text else " "
    cell = f'<TD WIDTH="40" HEIGHT="14">{inner}</TD>'
    if double:
        cell = (f'<TD BORDER="1" STYLE="rounded" COLOR="{border}" BGCOLOR="{fill}" '
                f'WIDTH="36" HEIGHT="12">{inner}</TD>')
        return (f'<TABLE BORDER="1" STYLE="rounded" COLOR="{border}" CELLSPACING="2" '
                f'CELLPADDING="0" BGCOLOR="{fill}"><TR>{cell}</TR></TABLE>')
    return (f'<TABLE BORDER="1" STYLE="{outline}" COLOR="{border}" BGCOLOR="{fill}" '
            f'CELLSPACING="0" CELLPADDING="1"><TR>{cell}</TR></TABLE>')


def _band(*colours: str) -> str:
    width = 40 // len(colours)
    cells = "".join(f'<TD WIDTH="{width}" HEIGHT="3" BGCOLOR="{c}"></TD>' for c in colours)
    return f'<TABLE BORDER="0" CELLSPACING="0" CELLPADDING="0"><TR>{cells}</TR></TABLE>'


def _line(colour: str, *, glyphs: str = "━━━━", bold: bool = False) -> str:
    return style.font(glyphs, color=colour, bold=bold)


#: Every mark an org chart may use: (sample, what it means), in the order of the key.
ORG_MARKS: dict[str, tuple[str, str]] = {
    "line": (_line(style.LINE), "reports to (line manager {manager})"),
    "team": (_box("", border=style.GROUP_BORDER, fill=style.GROUP_FILL),
             "one manager's team, in rows under one line"),
    "stack": ('<TABLE BORDER="1" STYLE="rounded" COLOR="' + style.BORDER + '" CELLSPACING="0" '
              'CELLPADDING="0"><TR><TD WIDTH="40" HEIGHT="6"></TD></TR><HR/>'
              '<TR><TD WIDTH="40" HEIGHT="6"></TD></TR></TABLE>',
              "reports with no team of their own, listed in one box"),
    "dotted": (_line(style.DOTTED, glyphs="╍╍╍╍", bold=True), "dotted line (not a line manager)"),
    "vacant": (_box(style.font("Vacant", color=style.VACANT_TEXT, italic=True),
                    border=style.VACANT_TEXT, fill=style.VACANT_FILL, outline="rounded,dashed"),
               "post not filled"),
    "job-share": (_box(style.font("JOB SHARE", size=5, color=style.DOTTED, bold=True),
                       double=True),
                  "job share: post held by several people"),
    "fte": (style.font("3 FTE", size=9, color=style.TEXT),
            "junior staff counted in full-time equivalents, not named"),
    "more": (style.font("+N more", size=9, color=style.MUTED, bold=True), "posts not drawn"),
    "undescribed": (_box("?", border=style.UNDESCRIBED_LINE, fill=style.UNDESCRIBED_FILL,
                         outline="rounded,dotted"),
                    "not described in the data (only a reporting line names it)"),
    "problem-post": (_box(style.font("⚠", color=style.PROBLEM, bold=True), border=style.PROBLEM),
                     "post with a reporting problem"),
    "cycle": (_line(style.PROBLEM, glyphs="◀━━━", bold=True),
              "reporting cycle: each reports to the next (arrow: to the manager)"),
    "two-line-managers": (_line(style.PROBLEM, glyphs="◀━━━", bold=True),
                          "second solid-line manager (arrow: to the manager)"),
    "unit-box": (_box("", border=style.tint(style.PALETTE[0], 0.6),
                      fill=style.tint(style.PALETTE[0], 0.94)),
                 "a unit, named in its box (the band on each post is its colour)"),
}


ORG_MARKS.update(change_marks.KEY)  # what an org chart drawn --diff marks, last

_MANAGER_SIDE = {"TB": "above", "BT": "below", "LR": "to the left", "RL": "to the right"}


class Marks:
    """The marks a diagram has drawn so far, with the units and their colours."""

    def __init__(self, direction: str = "TB") -> None:
        self.used: set[str] = set()
        self.units: dict[str, str] = {}
        self.direction = direction

    def add(self, *marks: str) -> None:
        self.used.update(marks)


def org_key_rows(marks: Marks) -> list[tuple[str, str]]:
    """The key rows of an org chart drawn with ``marks``: (sample markup, escaped text).

    Examples
    --------
    >>> marks = Marks()
    >>> marks.add("line", "vacant")
    >>> [text for _, text in org_key_rows(marks)]
    ['reports to (line manager above)', 'post not filled']
    """
    manager = _MANAGER_SIDE.get(marks.direction, "above")
    rows = [(sample, style.escape(text.format(manager=manager)))
            for name, (sample, text) in ORG_MARKS.items() if name in marks.used]
    if marks.units:
        rows += unit_rows(marks.units, "band of colour: the post's unit")
    return rows


def unit_rows(colours: Mapping[str, str], generic: str) -> list[tuple[str, str]]:
    """One row per unit (or track) and its colour; past :data:`MAX_UNITS_LISTED`, whose colours
    repeat, one row saying what the colour means."""
    if len(colours) > MAX_UNITS_LISTED:
        return [(_band(*style.PALETTE[:3]), style.escape(generic))]
    return [(_band(colour), style.escape(name))
            for name, colour in sorted(colours.items(), key=lambda kv: natural_key(kv[0]))]


def key_label(title: str, rows: Iterable[tuple[str, str]]) -> str:
    """The key as an HTML-like label (see :func:`style.legend_table`)."""
    return style.legend_table(title, list(rows))
