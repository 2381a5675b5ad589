"""The exception tree.  Every error pmograph raises is a :class:`PmographError`.

Errors from rdflib, networkx and pySHACL are translated at the boundary
(``raise ParseError(...) from err``) so callers need to catch only one base class.
Each error carries a short machine-readable :attr:`~PmographError.code` that the CLI
prints in its ``--json`` error object.
"""

from __future__ import annotations

from collections.abc import Sequence


class PmographError(Exception):
    """Base class of every error raised by pmograph."""

    code = "error"


class LoadError(PmographError):
    """A file could not be read or is of an unsupported kind."""

    code = "load-error"


class ParseError(LoadError):
    """A file is not well-formed; the message names the file and, when known, the line."""

    code = "parse-error"

    def __init__(self, message: str, *, path: str | None = None, line: int | None = None) -> None:
        super().__init__(message)
        self.path = path
        self.line = line


class NameResolutionError(PmographError):
    """A name did not resolve to exactly one entity."""

    code = "name-error"


class UnknownNameError(NameResolutionError):
    """No entity has this name; :attr:`suggestions` holds close matches."""

    code = "unknown-name"

    def __init__(self, message: str, *, name: str, suggestions: Sequence[str] = ()) -> None:
        super().__init__(message)
        self.name = name
        self.suggestions = list(suggestions)


class AmbiguousNameError(NameResolutionError):
    """Several entities share this name.

    :attr:`candidates` lists a name for each that denotes it alone (a qualified name, an
    identifier, a CURIE or the IRI); :attr:`iris` lists their IRIs in the same order.
    """

    code = "ambiguous-name"

    def __init__(self, message: str, *, name: str, candidates: Sequence[str] = (),
                 iris: Sequence[str] = ()) -> None:
        super().__init__(message)
        self.name = name
        self.candidates = list(candidates)
        self.iris = list(iris)


class QueryError(PmographError):
    """A SPARQL query is malformed, unknown, refused by a safety rule, or failed to run."""

    code = "query-error"


class UnsafeQueryError(QueryError):
    """A query would reach the network or the file system and the caller did not opt in."""

    code = "unsafe-query"


class GraphStructureError(PmographError):
    """The data breaks a structural rule an algorithm relies on (a cycle, two line managers ...)."""

    code = "graph-structure"

    def __init__(self, message: str, *, members: Sequence[str] = ()) -> None:
        super().__init__(message)
        self.members = list(members)


class ReportingCycleError(GraphStructureError):
    """Solid reporting lines form a cycle; :attr:`members` lists the posts on it."""

    code = "reporting-cycle"


class StoreError(PmographError):
    """A store could not be opened or a remote endpoint failed."""

    code = "store-error"


class MissingDependencyError(PmographError):
    """An optional dependency or external program is missing; the message says how to install it."""

    code = "missing-dependency"


class RenderError(PmographError):
    """A diagram could not be drawn or written."""

    code = "render-error"


class OutputError(PmographError):
    """An output file could not be written; an existing file of that name is left as it was."""

    code = "output-error"

    def __init__(self, message: str, *, path: str | None = None) -> None:
        super().__init__(message)
        self.path = path


class ImportDataError(LoadError):
    """A spreadsheet could not be imported; the message names the file, row and column."""

    code = "import-error"


class InputTooLargeError(LoadError):
    """An input is larger than the input size limit (``PMOGRAPH_MAX_INPUT_BYTES``)."""

    code = "input-too-large"


class NestingTooDeepError(PmographError):
    """Data nest deeper than pmograph follows (blank nodes, JSON-LD objects, Turtle brackets)."""

    code = "too-deep"


class InvalidTextError(PmographError):
    """Text that is not valid Unicode (a lone surrogate) or an IRI that cannot be written."""

    code = "invalid-text"


def translate(err: BaseException) -> PmographError | None:
    """The :class:`PmographError` for a low-level error that escaped every layer, or ``None``.

    This is the last translation point (the command line calls it before printing
    ``Error:``): a :class:`RecursionError`, a text that cannot be encoded, or running out of
    memory becomes one clear message instead of a traceback.  The layers that can name the
    file or the value translate these errors themselves; this catches the rest.

    Examples
    --------
    >>> str(translate(RecursionError("maximum recursion depth exceeded")))
    'the data nest too deeply to process (maximum recursion depth exceeded); ...'
    >>> translate(ValueError("not ours")) is None
    True
    """
    if isinstance(err, RecursionError):
        return NestingTooDeepError(
            f"the data nest too deeply to process ({err}); look for a very long chain of "
            "blank nodes or deeply nested brackets in the input, or write N-Triples, which "
            "never nests")
    if isinstance(err, UnicodeEncodeError):
        bad = err.object[err.start:err.end] if isinstance(err.object, str) else ""
        shown = bad.encode("unicode_escape").decode("ascii") if bad else "?"
        return InvalidTextError(
            f"the data hold text that is not valid Unicode ({shown} at position {err.start} "
            f"of a {len(err.object):,}-character text: {err.reason}); fix the label or value "
            "that holds it")
    if isinstance(err, MemoryError):
        return PmographError("out of memory; give pmograph a smaller input, or use a "
                             "persistent store (--store oxigraph:PATH)")
    return None
