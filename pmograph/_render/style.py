"""The one visual style of pmograph's diagrams, and the safe way to put text into DOT.

Everything a renderer writes into DOT passes through this module: node IDs are opaque
(a short hash of the IRI, never the IRI itself: pydot reads ``:`` as a port separator) and
every label is an HTML-like label whose text is escaped by :func:`escape`, so a name such
as ``Eve "]; x [label="pwn`` is drawn verbatim and never read as DOT.

The palette is a restrained deck style: white boxes with a coloured band, slate text, one
accent colour per unit or career track, amber for dotted lines and highlights, red only for
reporting lines that break the tree (a cycle, a second solid-line manager).

The font stack ends in Noto Sans CJK and ``sans-serif``: Graphviz (pango) falls back glyph by
glyph through fontconfig and a browser showing the SVG does the same with the ``font-family``
list, so names in any script are drawn (``scripts/setup.sh`` installs the fonts).
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable, Sequence
from typing import Any

FONT = "Helvetica,Arial,DejaVu Sans,Noto Sans CJK SC,sans-serif"
TEXT = "#1F2A37"
MUTED = "#5B6B7F"
LINE = "#8795A8"
BORDER = "#B8C2D0"
PAPER = "#FFFFFF"
GROUP_FILL = "#F5F7FA"
GROUP_BORDER = "#DCE2EA"
VACANT_FILL = "#FBF7F4"
VACANT_TEXT = "#B4462F"
DOTTED = "#D9822B"
HIGHLIGHT = "#E8590C"
BADGE_FILL = "#FFF3C4"
BADGE_TEXT = "#6B5300"
PROBLEM = "#D62728"
UNDESCRIBED_FILL = "#F3F4F6"
UNDESCRIBED_LINE = "#8A94A3"
#: The directions a diagram can grow in (Graphviz ``rankdir``): top to bottom, left to right ...
DIRECTIONS = ("TB", "LR", "BT", "RL")

#: Accent colours, assigned to units or tracks in sorted order (colour-blind friendly hues).
PALETTE: tuple[str, ...] = (
    "#1F77B4", "#2A9D8F", "#7B4EA3", "#C9577A", "#3D5A80", "#8C6D31", "#0F7C6B", "#A23B72",
    "#4C78A8", "#6A994E",
)

_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")


def node_id(key: str, prefix: str = "n") -> str:
    """An opaque, stable DOT node ID for ``key`` (an IRI): a prefix and 12 hex digits.

    Examples
    --------
    >>> node_id("https://example.org/post/1")
    'n6f252f710ad4'
    >>> node_id("pmo:PMOAnalyst") == node_id("pmo:PMOAnalyst")
    True
    """
    return prefix + hashlib.sha1(key.encode("utf-8")).hexdigest()[:12]


def escape(text: object) -> str:
    """Escape ``text`` for the inside of an HTML-like Graphviz label.

    XML specials become entities; a backslash is doubled because Graphviz expands ``\\N``,
    ``\\G`` ... even in HTML-like labels; control characters are dropped (they would make
    the SVG invalid); a newline becomes a line break.

    Examples
    --------
    >>> escape('Eve "]; x [label="pwn')
    'Eve &quot;]; x [label=&quot;pwn'
    >>> escape("a<b> & {c}")
    'a&lt;b&gt; &amp; {c}'
    >>> escape("C:\\\\Temp\\\\N")
    'C:\\\\\\\\Temp\\\\\\\\N'
    >>> escape("two\\nlines")
    'two<BR/>lines'
    """
    value = str(text).replace("\r\n", "\n").replace("\r", "\n").replace("\t", " ")
    value = _CONTROL.sub("", value)
    value = (value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
             .replace('"', "&quot;").replace("'", "&#39;").replace("\\", "\\\\"))
    return value.replace("\n", "<BR/>")


def quoted(text: object) -> str:
    r"""``text`` as a double-quoted DOT string for a plain-text attribute (``tooltip``).

    Graphviz expands ``\N`` and the like in such strings too, so a backslash is doubled;
    quotes are escaped, control characters dropped, a newline kept as a line break.  The
    result starts and ends with a quote, so pydot passes it on as it is.

    Examples
    --------
    >>> print(quoted('Eve "]; x <b> \\N'))
    "Eve \"]; x <b> \\N"
    >>> print(quoted("two\nlines"))
    "two\nlines"
    """
    value = str(text).replace("\r\n", "\n").replace("\r", "\n").replace("\t", " ")
    value = _CONTROL.sub("", value).replace("\\", "\\\\").replace('"', '\\"')
    return '"' + value.replace("\n", "\\n") + '"'


def html(inner: str) -> str:
    """Wrap already-escaped HTML-like markup as a DOT label value (``<...>``)."""
    return f"<{inner}>"


def font(text: str, *, size: float | None = None, color: str | None = None,
         bold: bool = False, italic: bool = False) -> str:
    """Markup for escaped ``text`` in a size, colour and weight; nothing for no text (an
    empty ``<FONT></FONT>`` is a syntax error to Graphviz).

    Examples
    --------
    >>> font("CTO", size=11, bold=True)
    '<FONT POINT-SIZE="11"><B>CTO</B></FONT>'
    >>> font("", size=10)
    ''
    """
    if not text:
        return ""
    if bold:
        text = f"<B>{text}</B>"
    if italic:
        text = f"<I>{text}</I>"
    attrs = "".join([f' POINT-SIZE="{size:g}"' if size else "",
                     f' COLOR="{color}"' if color else ""])
    return f"<FONT{attrs}>{text}</FONT>" if attrs else text


def palette(keys: Iterable[str]) -> dict[str, str]:
    """Assign accent colours to ``keys`` in sorted order, cycling through :data:`PALETTE`.

    Examples
    --------
    >>> palette(["Finance", "Delivery"])
    {'Delivery': '#1F77B4', 'Finance': '#2A9D8F'}
    """
    return {key: PALETTE[i % len(PALETTE)] for i, key in enumerate(sorted(set(keys)))}


def tint(color: str, amount: float = 0.85) -> str:
    """``color`` mixed with white (``amount`` 0 keeps it, 1 gives white).

    Examples
    --------
    >>> tint("#000000", 0.5)
    '#808080'
    """
    red, green, blue = (int(color[i:i + 2], 16) for i in (1, 3, 5))
    mix = [round(c + (255 - c) * amount) for c in (red, green, blue)]
    return "#" + "".join(f"{c:02X}" for c in mix)


def legend_table(title: str, rows: Sequence[tuple[str, str]]) -> str:
    """An HTML-like legend: ``rows`` of (sample markup, escaped description)."""
    cells = "".join(f'<TR><TD ALIGN="LEFT">{sample}</TD><TD ALIGN="LEFT">'
                    f'{font(text, size=10, color=TEXT)}</TD></TR>' for sample, text in rows)
    return html(f'<TABLE BORDER="1" COLOR="{GROUP_BORDER}" CELLBORDER="0" CELLSPACING="2" '
                f'CELLPADDING="3" BGCOLOR="{PAPER}"><TR><TD COLSPAN="2" ALIGN="LEFT">'
                f'{font(escape(title), size=11, color=TEXT, bold=True)}</TD></TR>'
                f'{cells}</TABLE>')


def graph_defaults(*, rankdir: str = "TB", ranksep: float = 0.5,
                   nodesep: float = 0.25) -> dict[str, Any]:
    """Graph attributes every diagram shares."""
    return {"rankdir": rankdir, "fontname": FONT, "bgcolor": PAPER, "pad": "0.3",
            "ranksep": f"{ranksep:g}", "nodesep": f"{nodesep:g}", "charset": "UTF-8"}


def node_defaults() -> dict[str, str]:
    """Node attributes every diagram shares (boxes whose content is an HTML-like label)."""
    return {"shape": "box", "style": "rounded,filled", "fillcolor": PAPER, "color": BORDER,
            "fontname": FONT, "fontcolor": TEXT, "fontsize": "11", "margin": "0.06,0.03",
            "penwidth": "1"}


def edge_defaults() -> dict[str, str]:
    """Edge attributes every diagram shares."""
    return {"color": LINE, "arrowhead": "none", "penwidth": "1.2", "fontname": FONT,
            "fontsize": "9", "fontcolor": MUTED}
