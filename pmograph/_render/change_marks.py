"""How an org chart marks what changed since an earlier snapshot (``render org-chart --diff``).

A post of a reporting view may carry, as plain node attributes (set by
:func:`pmograph._render.changes.diff_chart`):

* ``change``: ``"added"`` (a new post), ``"moved"`` (a new line manager) or ``"removed"`` (a
  post that is gone, drawn *ghosted* where it was);
* ``change_notes``: short texts drawn in the box ("from PMO Director", "was: CFO", "left: Raj
  Mehta");
* ``new_holders``: the names of its holders who did not hold it before, marked NEW.

Colour is never the only cue: each change also says so in words (NEW POST, MOVED, REMOVED,
NEW), and none uses red, which marks reporting problems.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from pmograph._render import style

ADDED = "#2E7D32"
ADDED_FILL = "#EDF7EE"
MOVED = "#1F5FAD"
MOVED_FILL = "#EDF3FB"
REMOVED = "#8A94A3"
REMOVED_FILL = "#F3F4F6"
#: What each change is called in its box, and its colours (line, fill).
CHANGES: dict[str, tuple[str, str, str]] = {
    "added": ("NEW POST", ADDED, ADDED_FILL),
    "moved": ("MOVED", MOVED, MOVED_FILL),
    "removed": ("REMOVED", REMOVED, REMOVED_FILL),
}


def change_of(data: Mapping[str, Any]) -> str | None:
    """The change a post carries (``added``, ``moved``, ``removed``), if any."""
    change = data.get("change")
    return change if change in CHANGES else None


def is_removed(data: Mapping[str, Any]) -> bool:
    """Whether a post is a ghost: gone since the earlier snapshot."""
    return data.get("change") == "removed"


def outline(data: Mapping[str, Any]) -> dict[str, str]:
    """Node attributes for the box of a changed post (none for an unchanged one).

    Examples
    --------
    >>> outline({"change": "removed"})["style"]
    'rounded,filled,dotted'
    >>> outline({})
    {}
    """
    change = change_of(data)
    if change is None:
        return {}
    _, line, fill = CHANGES[change]
    attrs = {"color": line, "fillcolor": fill, "penwidth": "2", "style": "rounded,filled"}
    if change == "removed":
        attrs.update(style="rounded,filled,dotted", penwidth="1.6")
    return attrs


def fill(data: Mapping[str, Any]) -> str | None:
    """The background of a changed post's cell in a stacked box."""
    change = change_of(data)
    return CHANGES[change][2] if change else None


def rows(data: Mapping[str, Any], size: float = 8) -> list[str]:
    """The lines a changed post's box adds: what changed, in words, and its notes.

    Examples
    --------
    >>> rows({"change": "moved", "change_notes": ["from PMO Director"]})
    ['<FONT POINT-SIZE="8" COLOR="#1F5FAD"><B>MOVED</B> · from PMO Director</FONT>']
    """
    change = change_of(data)
    notes = [style.escape(note) for note in data.get("change_notes") or ()]
    if change is None:
        return [style.font(" · ".join(notes), size=size, color=style.MUTED)] if notes else []
    name, line, _ = CHANGES[change]
    return [style.font(" · ".join([f"<B>{name}</B>", *notes]), size=size, color=line)]


def holder_badge(name: str, data: Mapping[str, Any], size: float = 7) -> str:
    """A NEW badge after ``name`` when that holder is new to the post."""
    if name not in (data.get("new_holders") or ()):
        return ""
    return " " + style.font("NEW", size=size, color=ADDED, bold=True)


def marks(data: Mapping[str, Any]) -> list[str]:
    """The key entries a changed post uses."""
    found = [f"post-{change}"] if (change := change_of(data)) else []
    return found + (["new-holder"] if data.get("new_holders") else [])


def _sample(text: str, change: str) -> str:
    _, line, background = CHANGES[change]
    outline_style = "rounded,dotted" if change == "removed" else "rounded"
    inner = style.font(text, size=6, color=line, bold=True)
    return (f'<TABLE BORDER="1" STYLE="{outline_style}" COLOR="{line}" BGCOLOR="{background}" '
            f'CELLSPACING="0" CELLPADDING="1"><TR><TD WIDTH="40" HEIGHT="14">{inner}</TD></TR>'
            "</TABLE>")


#: The key rows of the marks above: (sample markup, text), in the order of the key.
KEY: dict[str, tuple[str, str]] = {
    "post-added": (_sample("NEW POST", "added"), "post added since the earlier snapshot"),
    "post-moved": (_sample("MOVED", "moved"),
                   "post moved to another line manager (from: its manager before)"),
    "post-removed": (_sample("<S>REMOVED</S>", "removed"),
                     "post removed since then, drawn where it was"),
    "new-holder": (style.font("NEW", size=8, color=ADDED, bold=True),
                   "holder new to the post"),
}
