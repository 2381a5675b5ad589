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
