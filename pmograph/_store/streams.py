"""Loading N-Triples as they are made: an import of a spreadsheet, straight into Oxigraph.

An import (:func:`pmograph._importers.files.import_stream`) makes its N-Triples while they are
read.  Oxigraph's ``Store.load`` reads them from that stream in one transaction, so the store
never holds the import twice and an error in any row — raised by the read that reaches it —
leaves the store as it was.  Other stores parse the stream into a graph first
(:meth:`pmograph._store.backends.Backend.add_stream`).
"""

from __future__ import annotations

import io
from typing import Any

from pmograph._errors import LoadError


class OxigraphStreams:
    """What :class:`~pmograph._store.oxigraph.OxigraphBackend` adds for streams."""

    ox: Any  # the pyoxigraph Store
    _module: Any  # pyoxigraph

    def add_stream(self, stream: io.RawIOBase, *, source: str) -> int:
        """Load the N-Triples of ``stream`` as they are read, all or nothing; return the number
        of triples added."""
        before = len(self.ox)
        try:
            self.ox.load(input=stream, format=self._module.RdfFormat.N_TRIPLES)
        except (SyntaxError, OSError) as err:  # not expected: the importers write N-Triples
            raise LoadError(f"{source}: the import could not be stored: {err}") from err
        return len(self.ox) - before
