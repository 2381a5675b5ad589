"""The ``pmograph`` command line.  Each command wraps one library call (DESIGN.md §4).

Exit codes: 0 success; 1 ``validate`` found violations; 2 user error (bad input, unknown
name, malformed query ...) — one ``Error:`` line on stderr, and with ``--json`` an
``{"error": {"code", "message"}}`` object on stdout.
"""

from __future__ import annotations

import argparse
import contextlib
import sys
from collections.abc import Sequence
from importlib import import_module

from pmograph._cli._common import (
    CommandParser,
    TerminalSafeWriter,
    add_common_options,
    fail,
    merge_common_options,
)
from pmograph._cli._surroundings import Terminated, ended_by_signals, one_line_warnings
from pmograph._cli._time_limit import disarm as disarm_time_limit
from pmograph._errors import PmographError, translate

#: ``--format`` values that are data, not text for a person: never rewritten.
MACHINE_FORMATS = frozenset({"csv", "json", "ttl", "nt", "jsonld", "dot", "svg", "png", "pdf",
                             "graphml"})

#: Command modules, in the order ``--help`` lists them.  Each has ``register(subparsers)``.
COMMAND_MODULES = ("_roles", "_show", "_chain", "_path", "_people", "_query", "_import", "_render",
                   "_validate", "_diff", "_metrics", "_export", "_load")

EPILOG = """\
exit codes:
  0  success
  1  validate found violations
  2  user error: bad input, unknown or ambiguous name, malformed query (one 'Error:' line)

Example:
  pmograph roles
  pmograph show "PMO Manager" --json
  pmograph query who-is-the-boss-of-a-project-manager
"""


def build_parser() -> argparse.ArgumentParser:
    """The full argument parser, with every command registered."""
    from pmograph import __version__

    parser = CommandParser(
        prog="pmograph",
        description="A knowledge graph of project-management and PMO roles: ask it questions, "
                    "walk reporting lines and career paths, draw org charts.",
        epilog=EPILOG, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--version", action="version", version=f"pmograph {__version__}")
    add_common_options(parser, after_command=False)
    commands = parser.add_subparsers(title="commands", dest="command", metavar="COMMAND",
                                     parser_class=CommandParser)
    commands.required = True
    for module_name in COMMAND_MODULES:
        module = import_module(f".{module_name}", __name__)
        for sub in module.register(commands):
            add_common_options(sub, after_command=True)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the exit code."""
    parser = build_parser()
    CommandParser.argv = list(argv) if argv is not None else sys.argv[1:]
    args = merge_common_options(parser.parse_args(argv))
    args.owns_process = argv is None  # run as the program: a time limit may end the process
    # Human-readable text shows control characters from the data as escapes; machine output
    # (JSON, CSV, RDF) is written as it is.
    stdout, stderr = sys.stdout, sys.stderr
    sys.stderr = TerminalSafeWriter(stderr)
    if not (args.json or getattr(args, "format", None) in MACHINE_FORMATS):
        sys.stdout = TerminalSafeWriter(stdout)
    try:
        with contextlib.ExitStack() as scope:
            scope.enter_context(one_line_warnings(quiet=args.quiet))
            scope.enter_context(ended_by_signals())
            if _writes_stdout(args):  # -o -: standard output carries the data alone
                from pmograph._atomic import stdout_for_data

                scope.enter_context(stdout_for_data())
            return int(args.handler(args))
    except PmographError as err:
        fail(str(err), code=err.code, as_json=args.json)
        return 2
    except (RecursionError, UnicodeEncodeError, MemoryError) as err:
        # The last translation point: the layers that can name a file do so themselves.
        translated = translate(err)
        assert translated is not None
        fail(str(translated), code=translated.code, as_json=args.json)
        return 2
    except Terminated as err:
        print(f"Error: stopped by {err}", file=sys.stderr)
        return err.code
    except BrokenPipeError:  # output piped into head, for example
        stderr.close()
        return 0
    except KeyboardInterrupt:
        print("Error: interrupted", file=sys.stderr)
        return 130
    finally:
        disarm_time_limit()
        sys.stdout, sys.stderr = stdout, stderr


def _writes_stdout(args: argparse.Namespace) -> bool:
    """Whether the command's ``-o`` is standard output (``-``, ``/dev/stdout`` ...)."""
    output = getattr(args, "output", None)
    if not isinstance(output, str):
        return False
    from pmograph._atomic import names_stdout

    return names_stdout(output)
