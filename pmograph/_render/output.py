"""Turning a built diagram into bytes and files: DOT text, or SVG/PNG/PDF through Graphviz.

Building a diagram is pure (:class:`Diagram` is a :class:`pydot.Dot`); this module is the
part with side effects.  DOT needs no Graphviz; image formats run ``dot`` in a subprocess
with a timeout.  Layout tricks that make charts readable (clusters, pinned order, edges that
do not constrain ranks) are the classic trigger of ``dot`` failures ("trouble in
init_rank", lost edges), so a failed run is detected and the diagram's simpler variant —
the same boxes and lines without clusters or pinned order — is drawn instead.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape as xml_escape

import pydot

from pmograph._atomic import write_bytes_atomic
from pmograph._errors import MissingDependencyError, RenderError
from pmograph._process import child_setup
from pmograph._progress import stage
from pmograph._render import style

FORMATS = ("svg", "png", "pdf", "dot")
INSTALL_HINT = ("install Graphviz (Debian/Ubuntu: apt-get install graphviz; macOS: brew install "
                "graphviz; others: https://graphviz.org/download/), or write .dot instead")
#: ``dot`` messages that mean the picture is wrong even when the exit status is 0.
_FAILURE = re.compile(r"trouble in init_rank|lost .* edge|Error:|failed at node",
                      re.IGNORECASE)
_TITLE = re.compile(rb"<title>([A-Za-z0-9_:]+(?:&#45;&gt;[A-Za-z0-9_:]+)?)</title>")
_XML_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
#: Not text (lone surrogates, noncharacters such as U+FFFE): Graphviz refuses the whole chart.
_NOT_TEXT = re.compile("[\ud800-\udfff\ufdd0-\ufdef\ufffe\uffff]")


class Diagram(pydot.Dot):
    """A drawn diagram: a :class:`pydot.Dot` graph plus what it shows (:attr:`counts`).

    ``str(diagram)`` or :meth:`to_string` is its DOT text.  :meth:`render` runs Graphviz;
    :meth:`write` writes a file atomically.  In Jupyter it shows inline (``_repr_svg_``).

    What the diagram found wrong with the data is kept beside it: :attr:`problems` (the
    reporting cycles and second line managers an org chart draws in red, as
    :class:`~pmograph.ReportingProblem`) and :attr:`warnings` (one sentence each, plus a note
    when Graphviz needed the simpler layout).  :attr:`dpi` sets the resolution of PNG output.
    In SVG, every box's ``<title>`` (the text a browser shows on hover, and a screen reader
    reads) names the post and its holders rather than the opaque node ID.

    Examples
    --------
    >>> d = Diagram(kind="example")
    >>> d.add_node(pydot.Node("a", label="A"))
    >>> print(d.to_string())
    digraph pmograph {
    a [label=A];
    }
    <BLANKLINE>
    >>> d.render("svg")[:5]
    b'<?xml'
    """

    def __init__(self, *, kind: str, counts: dict[str, int] | None = None,
                 simpler: Callable[[], Diagram] | None = None, **attrs: Any) -> None:
        super().__init__("pmograph", graph_type="digraph", strict=False, **attrs)
        self.kind = kind
        self.counts: dict[str, int] = dict(counts or {})
        self.simpler = simpler
        #: Where laying out reports its progress (``draw`` passes the graph's; ``None``: nowhere).
        self.progress: Callable[[str], None] | None = None
        #: Set by :meth:`render` when ``dot`` failed and the simpler layout was drawn.
        self.used_fallback = False
        #: Reporting problems the diagram marks (cycles, second solid-line managers).
        self.problems: list[Any] = []
        #: What is wrong with the data or the drawing, one sentence each.
        self.warnings: list[str] = []
        #: Dots per inch of PNG output (Graphviz's default, 96, when ``None``).
        self.dpi: int | None = None
        #: Hover text by DOT node or cluster name (``tail->head`` for an edge, ports included),
        #: written into the SVG's ``<title>`` elements.
        self.titles: dict[str, str] = {}

    def render(self, format: str = "svg", *, timeout: float | None = 120.0) -> bytes:
        """The diagram as bytes in ``format`` (``svg``, ``png``, ``pdf`` or ``dot``).

        Raises
        ------
        MissingDependencyError
            An image format was asked for and Graphviz's ``dot`` is not installed.
        RenderError
            ``dot`` failed on this diagram and on its simpler variant, or timed out.
        """
        fmt = check_format(format)
        text = _drawable(self.to_string(), self.warnings)
        if fmt == "dot":
            return text.encode("utf-8")
        options = [f"-Gdpi={self.dpi:d}"] if self.dpi and fmt == "png" else []
        with stage(self.progress, f"laying out the {self.kind.replace('-', ' ')} with "
                                  "Graphviz dot"):
            return self._image(text, fmt, timeout, options)

    def _image(self, text: str, fmt: str, timeout: float | None, options: list[str]) -> bytes:
        """Run ``dot`` on ``text``; if it fails, on the simpler variant."""
        try:
            return _retitled(run_dot(text, fmt, timeout=timeout, options=options), fmt,
                             self.titles)
        except RenderError as first:
            if self.simpler is None:
                raise
            simpler = self.simpler()
            try:
                data = run_dot(_drawable(simpler.to_string(), self.warnings), fmt,
                               timeout=timeout, options=options)
            except RenderError as second:
                raise RenderError(f"{first}; the simpler layout failed too: {second}") from second
            if not self.used_fallback:
                self.warnings.append("Graphviz failed on the full layout; drew a simpler one "
                                     "(no boxes around teams or units, order not pinned)")
            self.used_fallback = True
            return _retitled(data, fmt, simpler.titles)

    # Replaces pydot's write(path, prog, format, encoding) -> bool on purpose, so pydot's
    # create()/write_<format>() helpers, which call it, do not work on a Diagram.
    def write(self, path: str | os.PathLike[str],  # type: ignore[override]
              format: str | None = None, *, timeout: float | None = 120.0,
              **pydot_options: Any) -> Any:
        """Write the diagram to ``path`` (whole or not at all); the format comes from the
        suffix unless given.  Returns the path written.

        Called with pydot's own keywords (``prog``, ``encoding``), this is
        :meth:`pydot.Dot.write` (``format`` defaults to ``"raw"``, it returns ``True``), so
        pydot's ``create_svg()``, ``write_png()`` and the like work on a diagram as on any
        :class:`pydot.Dot`.
        """
        if pydot_options:
            return super().write(os.fspath(path), format=format or "raw", **pydot_options)
        return write_diagram(self, path, format, timeout=timeout)

    def _repr_svg_(self) -> str:
        return self.render("svg").decode("utf-8")


def check_direction(direction: str) -> str:
    """``direction`` upper-cased if it is one of ``TB``, ``LR``, ``BT``, ``RL``, else a
    :class:`RenderError` naming them.

    Examples
    --------
    >>> check_direction("lr")
    'LR'
    """
    value = str(direction).upper()
    if value not in style.DIRECTIONS:
        raise RenderError(f"unknown direction {direction!r}; use one of "
                          f"{', '.join(style.DIRECTIONS)} (top to bottom, left to right, "
                          "bottom to top, right to left)")
    return value


def check_dpi(dpi: int | None) -> int | None:
    """``dpi`` if it is a sensible resolution (10 to 2400), else a :class:`RenderError`."""
    if dpi is None:
        return None
    if isinstance(dpi, bool) or not isinstance(dpi, int) or not 10 <= dpi <= 2400:
        raise RenderError(f"dpi must be a whole number from 10 to 2400, got {dpi!r}")
    return dpi


def set_title(diagram: pydot.Dot, title: str | None) -> None:
    """Put ``title`` (escaped) above ``diagram``; nothing for no title or white space only."""
    if title is None or not str(title).strip():
        return
    text = style.font(style.escape(str(title).strip()), size=20, color=style.TEXT, bold=True)
    diagram.set("label", style.html(text))
    diagram.set("labelloc", "t")
    diagram.set("labeljust", "c")


def _retitled(data: bytes, fmt: str, titles: dict[str, str]) -> bytes:
    """SVG whose ``<title>`` elements name what each box shows instead of its opaque ID."""
    if fmt != "svg" or not titles:
        return data

    def replace(match: re.Match[bytes]) -> bytes:
        text = titles.get(match.group(1).decode("ascii").replace("&#45;&gt;", "->"))
        if text is None:
            return match.group(0)
        clean = xml_escape(_XML_CONTROL.sub("", _NOT_TEXT.sub("\N{REPLACEMENT CHARACTER}", text)))
        return b"<title>" + clean.encode("utf-8") + b"</title>"

    return _TITLE.sub(replace, data)


def check_format(format: str) -> str:
    """``format`` lower-cased, or a :class:`RenderError` naming the supported ones."""
    fmt = format.lower().lstrip(".")
    if fmt not in FORMATS:
        raise RenderError(f"unsupported diagram format {format!r}; use one of "
                          f"{', '.join(FORMATS)}")
    return fmt


def format_for(path: str | os.PathLike[str], format: str | None = None) -> str:
    """The output format: ``format`` if given, else the suffix of ``path``.

    Examples
    --------
    >>> format_for("chart.SVG"), format_for("chart.gv"), format_for("x.out", "png")
    ('svg', 'dot', 'png')
    """
    if format:
        return check_format(format)
    suffix = Path(path).suffix.lower().lstrip(".")
    if suffix == "gv":
        return "dot"
    if suffix not in FORMATS:
        raise RenderError(f"{path}: cannot tell the format from the suffix; end the name in "
                          f".svg, .png, .pdf or .dot, or pass --format")
    return suffix


def dot_program() -> str:
    """The path of Graphviz's ``dot``, or a :class:`MissingDependencyError` saying how to
    install it."""
    found = shutil.which("dot")
    if found is None:
        raise MissingDependencyError(f"Graphviz's 'dot' program was not found; {INSTALL_HINT}")
    return found


def run_dot(text: str, format: str, *, timeout: float | None = 120.0,
            options: list[str] | None = None) -> bytes:
    """Lay out DOT ``text`` with ``dot`` (and command-line ``options`` such as ``-Gdpi=150``)
    and return the output in ``format``.

    A non-zero exit, empty output or a message that means a broken layout raises
    :class:`RenderError` (the caller may then try a simpler layout).
    """
    program = dot_program()
    try:
        done = subprocess.run([program, f"-T{format}", *(options or [])],
                              input=text.encode("utf-8"), preexec_fn=child_setup(),
                              capture_output=True, timeout=timeout, check=False)
    except subprocess.TimeoutExpired as err:
        raise RenderError(f"Graphviz 'dot' did not finish within {timeout:g} s; draw fewer "
                          "boxes (a smaller --max-nodes, --depth or --root)") from err
    except OSError as err:
        raise RenderError(f"Graphviz 'dot' could not be run: {err}") from err
    messages = done.stderr.decode("utf-8", "replace").strip()
    if done.returncode != 0 or not done.stdout or _FAILURE.search(messages):
        first = messages.splitlines()[0] if messages else f"exit status {done.returncode}"
        raise RenderError(f"Graphviz 'dot' failed: {first}")
    return done.stdout


def write_diagram(diagram: Diagram, path: str | os.PathLike[str], format: str | None = None,
                  *, timeout: float | None = 120.0) -> Path:
    """Write ``diagram`` to ``path`` in ``format`` (default: from the suffix), atomically.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> d = Diagram(kind="example")
    >>> target = pathlib.Path(tempfile.mkdtemp()) / "chart.dot"
    >>> write_diagram(d, target).read_text()
    'digraph pmograph {\\n}\\n'
    """
    fmt = format_for(path, format)
    data = diagram.render(fmt, timeout=timeout)
    write_bytes_atomic(path, data)  # as given: "-" is standard output
    return Path(path)


def _drawable(text: str, warnings: list[str]) -> str:
    """``text`` with what is not text (U+FFFE, U+FFFF, a lone surrogate) drawn as U+FFFD,
    and a warning saying so; the rest of the chart is drawn.

    Examples
    --------
    >>> notes: list[str] = []
    >>> _drawable("Boss " + chr(0xFFFE), notes), len(notes)
    ('Boss \ufffd', 1)
    """
    found = _NOT_TEXT.findall(text)
    if not found:
        return text
    note = ("labels hold characters that are not text ("
            + ", ".join(sorted({f"U+{ord(c):04X}" for c in found})) + "): drawn as "
            "\N{REPLACEMENT CHARACTER}; fix the labels that hold them")
    if note not in warnings:
        warnings.append(note)
    return _NOT_TEXT.sub("\N{REPLACEMENT CHARACTER}", text)
