"""What one post says in an org chart: its box label, its mark, and its tooltip.

A node of a reporting view (:mod:`pmograph._views.org`) carries ``label``, ``kind``,
``holders``, ``vacant``, ``fte`` and ``unit``; :func:`pmograph.draw` adds ``described``
(``False`` for an IRI that only a reporting line names: drawn by its local name and IRI, and
marked).  A plain networkx node with none of them is drawn by its key.  Every text passes
through :func:`style.escape`.
"""

from __future__ import annotations

import textwrap
from collections.abc import Mapping, Sequence
from typing import Any

from pmograph._algorithms.structure import ReportingProblem
from pmograph._render import change_marks, style
from pmograph._typing import StrDiGraph

_WRAP = 30
#: What a post with a reporting problem says in its box, by check.
PROBLEM_NOTES = {"cycle": "in a reporting cycle", "two-line-managers": "2 solid-line managers"}


def local_name(key: str) -> str:
    """The part of an IRI after its last ``#``, ``/`` or ``:`` (the whole key if none).

    Examples
    --------
    >>> local_name("http://example.org/org#ghost"), local_name("urn:x:7"), local_name("a")
    ('ghost', '7', 'a')
    """
    for separator in ("#", "/", ":"):
        _, sep, tail = key.rpartition(separator)
        if sep and tail:
            return tail
    return key


def wrapped(text: object, width: int = _WRAP) -> str:
    """``text`` escaped and wrapped in lines of about ``width`` characters (``<BR/>``).

    Examples
    --------
    >>> wrapped("Head of Portfolio Delivery and Assurance", 20)
    'Head of Portfolio<BR/>Delivery and<BR/>Assurance'
    """
    lines = []
    for line in str(text).splitlines() or [""]:
        lines.extend(textwrap.wrap(line, width, break_on_hyphens=False) or [""])
    return "<BR/>".join(style.escape(line) for line in lines)


def is_vacant(data: Mapping[str, Any]) -> bool:
    """Whether a node is a post nobody holds (an FTE row of junior staff is filled)."""
    if data.get("kind", "post") != "post" or is_undescribed(data):
        return False
    if "vacant" in data:  # the view knows (an FTE row of junior staff names nobody, yet is filled)
        return bool(data["vacant"])
    return not data.get("holders") and data.get("fte") is None


def is_undescribed(data: Mapping[str, Any]) -> bool:
    """Whether nothing in the data describes the node (a reporting line into nowhere)."""
    return data.get("described") is False


def is_job_share(data: Mapping[str, Any]) -> bool:
    """Whether a post is held by several people."""
    return len(data.get("holders") or []) > 1


def title_text(key: str, data: Mapping[str, Any]) -> str:
    """The plain title of a node: its label, else its IRI's local name.

    Examples
    --------
    >>> title_text("http://example.org/ghost", {}), title_text("x", {"label": " \\xa0"})
    ('ghost', '(untitled post)')
    """
    if "label" not in data:
        return local_name(str(key))
    # A label of white space only (a no-break space, say) would draw an empty box.
    return str(data.get("label") or "").strip() or "(untitled post)"


def holders_text(data: Mapping[str, Any]) -> str:
    """Who holds a post, in words: names, "Vacant", "3 FTE" or nothing.

    Examples
    --------
    >>> holders_text({"holders": ["Bo", "Cy"]}), holders_text({"holders": []})
    ('Bo and Cy (job share)', 'Vacant')
    """
    holders = [str(h) for h in data.get("holders") or []]
    if data.get("fte") is not None and not holders:
        return f"{data['fte']:g} FTE"
    if is_vacant(data):
        return "Vacant"
    if len(holders) > 1:
        return ", ".join(holders[:-1]) + " and " + holders[-1] + " (job share)"
    return "".join(holders)


def tooltip(key: str, data: Mapping[str, Any], problems: Sequence[str] = ()) -> str:
    """The hover text of a post: title, holder(s), unit, problems, identifier.

    Examples
    --------
    >>> print(tooltip("ex:cfo", {"label": "Finance Director", "holders": ["Ana"],
    ...                          "unit": "Finance"}))
    Finance Director
    Ana
    Finance
    ex:cfo
    """
    lines = [title_text(key, data), holders_text(data), str(data.get("unit") or "")]
    if is_undescribed(data):
        lines.append("not described in the data: only a reporting line names it")
    lines += [PROBLEM_NOTES.get(p, p) for p in problems]
    lines += [str(note) for note in data.get("change_notes") or ()]
    lines.append(str(key))
    return "\n".join(line for line in lines if line)


def title(key: str, data: Mapping[str, Any], size: float = 11) -> str:
    """The title of a box: bold, wrapped."""
    colour = style.MUTED if is_undescribed(data) or change_marks.is_removed(data) else style.TEXT
    text = wrapped(title_text(key, data))
    if change_marks.is_removed(data):  # a ghost: gone since the earlier snapshot
        text = f"<S>{text}</S>"
    return style.font(text, size=size, color=colour, bold=True)


def holders(data: Mapping[str, Any], size: float = 10) -> str:
    """The second line of a box: holder(s), "Vacant", FTE, or nothing for a node that is not a
    post (a person who reports directly, an undescribed IRI)."""
    names = [str(h) for h in data.get("holders") or []]
    if data.get("fte") is not None and not names:
        return style.font(style.escape(f"{data['fte']:g} FTE"), size=size, color=style.TEXT)
    if is_vacant(data):
        return style.font("Vacant", size=size, color=style.VACANT_TEXT, italic=True)
    text = "<BR/>".join(wrapped(h) + change_marks.holder_badge(h, data) for h in names)
    if len(names) > 1:
        text += "<BR/>" + style.font("JOB SHARE", size=size - 2, color=style.DOTTED, bold=True)
    return style.font(text, size=size, color=style.TEXT)


def undescribed_note(key: str, data: Mapping[str, Any], size: float = 8) -> str:
    """The identifier of an undescribed node and what is wrong with it."""
    ident = str(key)
    return (style.font(wrapped(ident, 34), size=size, color=style.MUTED) + "<BR/>"
            + style.font("? not described in the data", size=size, color=style.MUTED,
                         italic=True))


def problem_note(problems: Sequence[str], size: float = 8) -> str:
    """A red line naming a post's reporting problems (``"⚠ in a reporting cycle"``)."""
    text = "; ".join(dict.fromkeys(PROBLEM_NOTES.get(p, p) for p in problems))
    return style.font(style.escape("⚠ " + text), size=size, color=style.PROBLEM, bold=True)


def post_label(data: Mapping[str, Any], accent: str | None, footer: str | None = None, *,
               key: str = "", problems: Sequence[str] = ()) -> str:
    """The HTML-like label of one post: a coloured band, title, holder(s), unit, marks.

    Examples
    --------
    >>> label = post_label({"label": "PMO Lead", "holders": []}, None)
    >>> "<B>PMO Lead</B>" in label and "<I>Vacant</I>" in label
    True
    >>> empty = '"></FONT>'  # an empty FONT element is a syntax error to Graphviz
    >>> empty in post_label({"label": "ghost", "kind": "resource", "holders": []}, None)
    False
    """
    rows = []
    if accent:
        rows.append(f'<TR><TD HEIGHT="3" BGCOLOR="{accent}"></TD></TR>')
    rows.append(title(key, data))
    rows.append(holders(data))
    if data.get("unit"):
        rows.append(style.font(wrapped(data["unit"]), size=9, color=style.MUTED))
    rows.extend(change_marks.rows(data))
    if data.get("kind") not in (None, "post", "resource") and not is_undescribed(data):
        rows.append(style.font(style.escape(str(data["kind"])), size=8, color=style.MUTED,
                               italic=True))
    if is_undescribed(data):
        rows.append(undescribed_note(key, data))
    if problems:
        rows.append(problem_note(problems))
    if footer:
        rows.append(style.font(style.escape(footer), size=9, color=style.MUTED, bold=True))
    cells = [row if row.startswith("<TR>") else f"<TR><TD>{row}</TD></TR>" for row in rows if row]
    return style.html('<TABLE BORDER="0" CELLBORDER="0" CELLSPACING="0" CELLPADDING="1">'
                      + "".join(cells) + "</TABLE>")


def marks_of(data: Mapping[str, Any]) -> list[str]:
    """The key entries a post's box uses (``vacant``, ``job-share``, ``fte``, ...)."""
    changed = change_marks.marks(data)
    if is_undescribed(data):
        return ["undescribed", *changed]
    if is_vacant(data):
        return ["vacant", *changed]
    found = ["fte"] if data.get("fte") is not None and not data.get("holders") else []
    return found + (["job-share"] if is_job_share(data) else []) + changed


def outline(data: Mapping[str, Any]) -> dict[str, str]:
    """Node attributes for a post's outline: dotted grey for an undescribed node, dashed for
    a vacancy, double for a job share; a change since an earlier snapshot in its colour."""
    changed = change_marks.outline(data)
    if changed:
        vacancy = is_vacant(data) and not change_marks.is_removed(data)
        return {**changed, **({"style": "rounded,filled,dashed"} if vacancy else {}),
                **({"peripheries": "2"} if is_job_share(data) else {})}
    if is_undescribed(data):
        return {"style": "rounded,filled,dotted", "fillcolor": style.UNDESCRIBED_FILL,
                "color": style.UNDESCRIBED_LINE}
    if is_vacant(data):
        return {"style": "rounded,filled,dashed", "fillcolor": style.VACANT_FILL,
                "color": style.VACANT_TEXT}
    return {"peripheries": "2"} if is_job_share(data) else {}


def stack_label(graph: StrDiGraph, members: Sequence[str], accent: str,
                notes: Mapping[str, Sequence[str]]) -> str:
    """One box listing ``members`` (leaf reports of one manager), each in a cell whose port is
    ``style.node_id(member, "p")`` so lines can reach it."""
    cells = []
    units = {graph.nodes[m].get("unit") for m in members}
    for member in members:
        data = graph.nodes[member]
        extra = ""
        if len(units) > 1 and data.get("unit"):
            extra = "<BR/>" + style.font(wrapped(data["unit"]), size=8, color=style.MUTED)
        if notes.get(member):
            extra += "<BR/>" + problem_note(notes[member])
        fill = style.VACANT_FILL if is_vacant(data) else style.PAPER
        if is_undescribed(data):
            fill, extra = style.UNDESCRIBED_FILL, "<BR/>" + undescribed_note(member, data)
        fill = change_marks.fill(data) or fill
        extra += "".join("<BR/>" + row for row in change_marks.rows(data))
        names = holders(data, 9)
        port = style.node_id(member, "p")
        cells.append(f'<TR><TD PORT="{port}" BGCOLOR="{fill}" ALIGN="LEFT" CELLPADDING="4">'
                     f"{title(member, data, 10)}{'<BR/>' if names else ''}{names}{extra}"
                     "</TD></TR>")
    return style.html(f'<TABLE BORDER="1" COLOR="{style.BORDER}" CELLBORDER="0" '
                      f'CELLSPACING="0" STYLE="rounded" BGCOLOR="{style.PAPER}">'
                      f'<TR><TD HEIGHT="3" BGCOLOR="{accent}"></TD></TR>'
                      + "<HR/>".join(cells) + "</TABLE>")


def problem_marks(problems: Sequence[ReportingProblem]
                  ) -> tuple[dict[str, list[str]], set[tuple[str, str]]]:
    """What each post's box says of ``problems`` (post → checks), and the solid lines
    (superior, subordinate) that make up the reporting cycles.

    Examples
    --------
    >>> cycle = ReportingProblem("cycle", "a", ("a", "b"), "a and b report to each other")
    >>> notes, lines = problem_marks([cycle])
    >>> notes, sorted(lines)
    ({'a': ['cycle'], 'b': ['cycle']}, [('a', 'b'), ('b', 'a')])
    """
    notes: dict[str, list[str]] = {}
    lines: set[tuple[str, str]] = set()
    for problem in problems:
        if problem.check != "cycle":
            notes.setdefault(problem.focus, []).append(problem.check)
            continue
        members = problem.members
        for node in members:
            notes.setdefault(node, []).append("cycle")
        # each member reports to the next: the line runs from the next down to the member
        lines.update((members[(i + 1) % len(members)], member) for i, member in enumerate(members))
    return notes, lines
