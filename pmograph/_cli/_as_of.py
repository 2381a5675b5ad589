"""``--as-of DATE`` on ``chain``, ``reports``, ``show`` and ``render``: the organisation on a date.

The option wraps one library call, :func:`pmograph.as_of`; a name that finds nothing that day
because its post or unit did not exist yet (or any more) says so.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING

from pmograph._errors import PmographError, UnknownNameError

if TYPE_CHECKING:
    from pmograph._store.graph import KnowledgeGraph

HELP = ("answer from the memberships and holdings valid on DATE (YYYY-MM-DD, or today), for "
        "data that carry dates: org:memberDuring intervals (OWL-Time), prov:generatedAtTime / "
        "prov:invalidatedAtTime of posts and units, org:ChangeEvent restructures")


def add_as_of(parser: argparse.ArgumentParser) -> None:
    """Add ``--as-of DATE`` to a command."""
    parser.add_argument("--as-of", metavar="DATE", dest="as_of", default=None, help=HELP)


def on_date(args: argparse.Namespace, kg: KnowledgeGraph) -> KnowledgeGraph:
    """``kg`` as of ``--as-of`` (``kg`` itself without the option); a note on stderr when
    nothing in the data is dated."""
    if args.as_of is None:
        return kg
    from pmograph._views.dated import as_of

    dated = as_of(kg, args.as_of)
    if dated is kg and not args.quiet:
        print(f"Note: nothing in the data is dated, so --as-of {args.as_of} shows them as "
              "they are (dates come from org:memberDuring, prov:generatedAtTime, "
              "prov:invalidatedAtTime and org:ChangeEvent).", file=sys.stderr)
    return dated


@contextmanager
def explained(args: argparse.Namespace, kg: KnowledgeGraph) -> Iterator[None]:
    """Turn "unknown name" for a post or unit that did not exist on ``--as-of`` into a
    sentence saying when it did."""
    try:
        yield
    except UnknownNameError as err:
        if args.as_of is None:
            raise
        from pmograph._views.dated import absent_on

        why = absent_on(kg, err.name, args.as_of)
        if why is None:
            raise
        raise PmographError(why) from None
