"""What every command shares: the common options, loading the graph, and printing results."""

from __future__ import annotations

import argparse
import contextlib
import json
import sys
import textwrap
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any, Literal

from pmograph._cli._text import ELLIPSIS, output_width, table_lines, terminal_safe, wrap

if TYPE_CHECKING:
    from pmograph._store.graph import KnowledgeGraph

Handler = Callable[[argparse.Namespace], int]


class CommandParser(argparse.ArgumentParser):
    """An argument parser whose usage errors follow the CLI contract (``Error:``, exit 2).

    ``argv`` is what is being parsed (set by :func:`pmograph._cli.main`), so ``--json`` is
    honoured for ``main([...])`` called in process, not only for the real command line.
    """

    argv: Sequence[str] | None = None

    def error(self, message: str) -> Any:  # argparse's hook; never returns
        argv = CommandParser.argv if CommandParser.argv is not None else sys.argv[1:]
        wants_json = "--json" in argv
        fail(f"{message} (see '{self.prog} --help')", code="usage", as_json=wants_json)
        raise SystemExit(2)


def fail(message: str, *, code: str, as_json: bool) -> None:
    """Print a user error as the contract says: ``Error: ...`` on stderr, JSON on stdout.

    The message is folded onto one line (parsers quote offending lines with line breaks).
    """
    message = " ".join(part.strip() for part in message.splitlines() if part.strip())
    print(f"Error: {message}", file=sys.stderr)
    if as_json:
        print(json.dumps({"error": {"code": code, "message": message}}, ensure_ascii=False))


def add_common_options(parser: argparse.ArgumentParser, *, after_command: bool) -> None:
    """The options every command accepts, before or after its name (DESIGN.md §4).

    After the command name the values go to ``*_after`` destinations with no defaults, so
    :func:`merge_common_options` can combine both places (``--data`` may appear in each).
    """
    suffix = "_after" if after_command else ""
    default: Any = argparse.SUPPRESS if after_command else None
    group = parser.add_argument_group("common options")
    group.add_argument("--data", action="append", metavar="FILE", dest="data" + suffix,
                       default=default,
                       help="add an RDF file (by suffix: .ttl .nt .jsonld .rdf .trig .nq) or a "
                            "spreadsheet export (.csv); a pipe such as <(...), or - for "
                            "standard input, with --data-format; repeatable")
    group.add_argument("--data-format", metavar="FORMAT", dest="data_format" + suffix,
                       default=default,
                       help="the format of --data inputs whose name does not tell it (no known "
                            "suffix: <(...), a named pipe, -): ttl, nt, jsonld, rdf, trig, nq "
                            "or csv")
    group.add_argument("--no-catalog", action="store_true", dest="no_catalog" + suffix,
                       default=default, help="do not load the bundled PMO role catalog")
    group.add_argument("--store", metavar="STORE", dest="store" + suffix, default=default,
                       help="where the graph lives: memory (default: Oxigraph in memory), "
                            "rdflib (rdflib's own store), oxigraph:PATH (kept on disk, reopened "
                            "without re-parsing) or an http(s):// SPARQL URL (credentials may "
                            "be in it, http://USER:PASSWORD@host/…; each request is bounded by "
                            "PMOGRAPH_SPARQL_TIMEOUT seconds, 60, and PMOGRAPH_SPARQL_MAX_BYTES, "
                            "256M)")
    group.add_argument("--update-url", metavar="URL", dest="update_url" + suffix,
                       default=default, help="the SPARQL server's update URL (to load data)")
    group.add_argument("--auth", metavar="USER:PASSWORD", dest="auth" + suffix,
                       default=default, help="SPARQL server credentials (else USER:PASSWORD@ "
                       "in the URL, else the PMOGRAPH_SPARQL_USER and PMOGRAPH_SPARQL_PASSWORD "
                       "variables)")
    group.add_argument("--json", action="store_true", dest="json" + suffix, default=default,
                       help="print machine-readable JSON")
    group.add_argument("--quiet", action="store_true", dest="quiet" + suffix, default=default,
                       help="print no progress or warnings")
    group.add_argument("--allow-network", action="store_true", dest="allow_network" + suffix,
                       default=default,
                       help="let inputs and queries reach URLs and files they name (JSON-LD "
                            "remote @context; SPARQL SERVICE, LOAD, FROM, USING, WITH, "
                            "extension functions); off by default, see SECURITY.md")


def merge_common_options(args: argparse.Namespace) -> argparse.Namespace:
    """Fold the after-the-command copies of the common options into the main ones."""
    args.data = list(args.data or []) + list(getattr(args, "data_after", None) or [])
    for name in ("no_catalog", "json", "quiet", "allow_network"):
        setattr(args, name, bool(getattr(args, name, False) or getattr(args, name + "_after",
                                                                        False)))
    after_store = getattr(args, "store_after", None)
    args.store = after_store or args.store or "memory"
    for name in ("update_url", "auth", "data_format"):
        setattr(args, name, getattr(args, name + "_after", None) or getattr(args, name, None))
    return args


def open_graph(args: argparse.Namespace) -> KnowledgeGraph:
    """Load the catalog (unless ``--no-catalog``) and every ``--data`` file."""
    from pmograph._store.loading import load

    # Progress bars redraw their line with carriage returns, so they get the terminal itself,
    # not the escaping writer; pmograph._progress escapes the names it shows.
    terminal = sys.stderr._stream if isinstance(sys.stderr, TerminalSafeWriter) else sys.stderr
    with contextlib.redirect_stderr(terminal):
        return load(*args.data, catalog=not args.no_catalog, store=args.store,
                    update_url=args.update_url, auth=args.auth, progress=not args.quiet,
                    allow_network=args.allow_network, format=args.data_format)


def emit_json(payload: Any) -> None:
    """Print ``payload`` as indented JSON (non-ASCII kept as is)."""
    print(json.dumps(payload, indent=2, ensure_ascii=False))


def print_table(headers: Sequence[str], rows: Sequence[Sequence[Any]], *,
                overflow: Literal["truncate", "wrap"] = "truncate", full: str = "--json",
                notes: Sequence[str] = ()) -> None:
    """Print rows as an aligned plain-text table that fits the terminal (see ``_text``).

    Cells too wide are cut with ``…`` (or wrapped, with ``overflow="wrap"``), and a footnote
    says so and names ``full``, the option that shows them whole; ``notes`` are printed after.
    """
    width = output_width(fallback=None)  # piped: nothing cut from what a script reads
    lines, cut = table_lines(headers, rows, width=width, overflow=overflow)
    print("\n".join(lines))
    footnotes = list(notes)
    if cut:
        footnotes.insert(0, f"{ELLIPSIS} marks text cut to fit {width} columns; {full} shows "
                            "every value in full (or set COLUMNS wider).")
    for note in footnotes:
        print("\n".join(wrap(note, width or 80, subsequent="  ")))


def help_text(summary: str, example: str) -> dict[str, Any]:
    """Keyword arguments for ``add_parser``: a description and an ``Example:`` epilog."""
    return {"description": summary, "help": summary.split(".")[0],
            "epilog": "Example:\n" + textwrap.indent(example.strip(), "  "),
            "formatter_class": argparse.RawDescriptionHelpFormatter}


class TerminalSafeWriter:
    """A text stream that passes everything written through :func:`terminal_safe`."""

    def __init__(self, stream: Any) -> None:
        self._stream = stream

    def write(self, text: str) -> int:
        return int(self._stream.write(terminal_safe(text)))

    def __getattr__(self, name: str) -> Any:
        return getattr(self._stream, name)


def number_option(kind: type[int] | type[float] = int, *, minimum: int = 0) -> Any:
    """An argparse ``type=`` for a number of ``kind`` that is at least ``minimum``.

    Examples
    --------
    >>> number_option(minimum=1)("5"), number_option(float)("0.5")
    (5, 0.5)
    >>> number_option(minimum=1)("0")
    Traceback (most recent call last):
    ...
    argparse.ArgumentTypeError: expected a whole number of at least 1, got '0'
    """
    what = "a whole number" if kind is int else "a number"

    def parse(text: str) -> int | float:
        try:
            value = kind(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"expected {what}, got {text!r}") from None
        if value != value or value < minimum:  # NaN, or below the minimum
            raise argparse.ArgumentTypeError(
                f"expected {what} of at least {minimum}, got {text!r}")
        return value

    return parse
