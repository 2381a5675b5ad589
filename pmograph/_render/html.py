"""The interactive org chart: one self-contained, offline HTML page to search and explore.

:func:`interactive_org_chart` turns the reporting view into an :class:`HtmlChart`: a page whose
script, style and data are all inline (the system's sans-serif fonts are used, so no font file
is needed) and whose Content-Security-Policy lets nothing leave it: ``default-src 'none'``,
the one script and the one style allowed by their SHA-256 hashes, images only from ``data:`` and
``blob:`` (the PNG download draws the chart through one).

The organisation is embedded as compact JSON columns (:mod:`pmograph._render.html_data`) in a
``<script type="application/json">`` block and laid out in the browser as it is opened, so a
100,000-post page opens as fast as the first levels can be drawn.  The page's own code is
package data (``html_assets/``), joined here in a fixed order: ``data.js`` (columns, reports,
sizes), ``layout.js`` (a tidy tree of the open posts; leaf reports stacked in columns),
``draw.js`` (SVG of only what is in the window), ``panels.js`` (details, key, search),
``chart.js`` (zoom, pan, keys, downloads, start-up).  Names reach the page only as JSON values
and are put on screen with ``textContent``: a name is never markup.

Why no JavaScript library: d3-org-chart draws every open post into the DOM and d3-flextree lays
out a fresh d3-hierarchy on each change; a page that must stay responsive with 100,000 posts
needs the layout of open posts only, columns instead of node objects, and drawing only what is
in the window, so the ~1,200 lines are our own, with nothing vendored to audit or update.
"""

from __future__ import annotations

import base64
import hashlib
import html
import os
import re
from collections.abc import Mapping, Sequence
from functools import cache
from importlib.resources import files
from pathlib import Path
from typing import Any

from pmograph._algorithms.structure import ReportingProblem, structure_problems
from pmograph._atomic import write_bytes_atomic
from pmograph._errors import RenderError
from pmograph._render.html_data import chart_data, counts, script_json
from pmograph._render.tree import layout_tree
from pmograph._typing import StrDiGraph

__all__ = ["HtmlChart", "interactive_org_chart"]

#: The page's scripts, joined in this order into its one ``<script>``.
SCRIPTS = ("data.js", "layout.js", "draw.js", "panels.js", "chart.js")
_SLOT = re.compile(r"\{\{(\w+)\}\}")


class HtmlChart:
    """An interactive org chart: one HTML page (:meth:`to_string`), written by :meth:`write`.

    :attr:`counts` says what it holds; :attr:`problems` and :attr:`warnings` are the reporting
    problems it marks, as for a static :class:`~pmograph.Diagram`.  In Jupyter it shows inline
    in a sandboxed frame (``_repr_html_``).

    Examples
    --------
    >>> import networkx as nx
    >>> chart = interactive_org_chart(nx.DiGraph([("ceo", "cto")]), title="Us & them")
    >>> chart.counts["posts"], chart.to_string().startswith("<!DOCTYPE html>")
    (2, True)
    >>> "<title>Us &amp; them</title>" in chart.to_string()
    True
    """

    kind = "org-chart"
    format = "html"

    def __init__(self, page: str, *, counts: Mapping[str, int],
                 problems: Sequence[ReportingProblem] = (), warnings: Sequence[str] = ()) -> None:
        self._page = page
        self.counts: dict[str, int] = dict(counts)
        self.problems: list[ReportingProblem] = list(problems)
        self.warnings: list[str] = list(warnings)

    def to_string(self) -> str:
        """The whole page as text."""
        return self._page

    def render(self, format: str = "html") -> bytes:
        """The page as UTF-8 bytes (``format`` must be ``"html"``)."""
        if format.lower().lstrip(".") not in ("html", "htm"):
            raise RenderError(f"an interactive chart is written as html, not {format!r}")
        return self._page.encode("utf-8")

    def write(self, path: str | os.PathLike[str], format: str | None = None) -> Path:
        """Write the page to ``path`` (whole or not at all; ``"-"`` is standard output)."""
        write_bytes_atomic(path, self.render(format or "html"))
        return Path(path)

    def _repr_html_(self) -> str:
        # A frame of its own: the page's CSP and script run apart from the notebook's page.
        return ('<iframe sandbox="allow-scripts allow-downloads" style="width:100%;'
                'height:640px;border:1px solid #DCE2EA" title="Org chart" srcdoc="'
                + html.escape(self._page, quote=True) + '"></iframe>')

    def __repr__(self) -> str:
        return f"<HtmlChart {self.counts.get('posts', 0)} posts, {len(self._page):,} characters>"


def interactive_org_chart(reporting: StrDiGraph, dotted: StrDiGraph | None = None, *,
                          root: str | None = None, depth: int | None = None,
                          title: str | None = None,
                          details: Mapping[str, Mapping[str, Any]] | None = None,
                          problems: Sequence[ReportingProblem] | None = None) -> HtmlChart:
    """An interactive HTML org chart of ``reporting`` (solid lines, superior → subordinate).

    Parameters
    ----------
    reporting, dotted
        The reporting and dotted-line views (node attributes as :func:`pmograph.org_chart`
        reads them).
    root
        Embed only this post and everyone below it.
    depth
        Levels open when the page opens (0: the top post alone); every post is embedded and
        can be opened.  ``None``: as many whole levels as fit about 150 posts.
    title
        The page's title (default "Org chart").
    details
        Facts for the details panel, by post (see :func:`~pmograph._render.html_data.chart_data`).
    problems
        The reporting problems of ``reporting`` if known; found here otherwise (only when
        the layout tree had to set a line aside).

    Examples
    --------
    >>> import networkx as nx
    >>> G = nx.DiGraph([("a", "b"), ("b", "a"), ("a", "c")])
    >>> chart = interactive_org_chart(G)
    >>> [p.check for p in chart.problems], chart.counts["problems"]
    (['cycle'], 1)
    >>> "Content-Security-Policy" in chart.to_string()
    True
    """
    if root is not None and root not in reporting:
        raise KeyError(root)
    tree = layout_tree(reporting, root)
    if problems is None:
        problems = _problems(reporting, root, tree[2])
    data = chart_data(reporting, dotted, root=root, depth=depth, details=details,
                      problems=problems, tree=tree)
    page = build_page(data, title or "Org chart")
    return HtmlChart(page, counts=counts(data), problems=problems,
                     warnings=[p.message + " (marked in red)" for p in problems])


def build_page(data: Mapping[str, Any], title: str) -> str:
    """The page: the template with its style, script and data inline, and a CSP that allows
    exactly that style and that script (by hash) and no request of any kind."""
    style = asset("chart.css")
    script = "(function () {\n\"use strict\";\n" + "\n".join(
        asset(name) for name in SCRIPTS) + "\n})();\n"
    policy = "; ".join((
        "default-src 'none'", f"script-src '{_digest(script)}'", f"style-src '{_digest(style)}'",
        "img-src data: blob:", "base-uri 'none'", "form-action 'none'"))
    parts = {"csp": html.escape(policy, quote=False).replace('"', "&quot;"),
             "title": html.escape(title), "style": style, "script": script,
             "data": script_json({**data, "name": title})}
    return _SLOT.sub(lambda match: parts[match.group(1)], asset("page.html"))


@cache
def asset(name: str) -> str:
    """The text of one file of the page (``html_assets/NAME``), read from the package."""
    return (files("pmograph._render") / "html_assets" / name).read_text(encoding="utf-8")


def _digest(text: str) -> str:
    return "sha256-" + base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode()


def _problems(reporting: StrDiGraph, root: str | None,
              extra: Sequence[tuple[str, str]]) -> list[ReportingProblem]:
    """The cycles and second managers the chart must mark, searched for only when the layout
    tree set a line aside (as the static chart does: a whole search of 100,000 posts is slow)."""
    scope: set[str] | None = None
    if root is not None:
        import networkx as nx

        scope = nx.descendants(reporting, root) | {root}
        if not extra and not any(reporting.in_degree(n) > 1 for n in scope):
            return []
    elif not extra:
        return []
    found = structure_problems(reporting, cycle_check="cycle",
                               managers_check="two-line-managers")
    if scope is not None:
        found = [p for p in found if p.focus in scope or scope.intersection(p.members)]
    return found
