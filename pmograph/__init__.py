"""pmograph — a knowledge graph of project-management and PMO roles.

Load the bundled PMO role catalog (and your own organisation), resolve names, ask questions
with SPARQL, and walk reporting lines and career paths with networkx.

Examples
--------
>>> import pmograph
>>> kg = pmograph.load()
>>> kg.label(kg.resolve("pmo:Role"))
'role'
"""

from __future__ import annotations

from importlib import import_module
from importlib.metadata import PackageNotFoundError, version
from typing import TYPE_CHECKING, Any

from ._errors import (
    AmbiguousNameError,
    GraphStructureError,
    ImportDataError,
    LoadError,
    MissingDependencyError,
    NameResolutionError,
    ParseError,
    PmographError,
    QueryError,
    RenderError,
    ReportingCycleError,
    StoreError,
    UnknownNameError,
    UnsafeQueryError,
)

# Heavy modules (rdflib, networkx, pydot) load on first use, so ``import pmograph`` stays cheap.
_LAZY: dict[str, str] = {
    "KnowledgeGraph": "._graph",
    "load": "._graph",
    "PMO": "._namespace",
    "PMOC": "._namespace",
    "ShippedQuery": "._sparql",
    "list_queries": "._sparql",
    "ImportResult": "._import",
    "import_files": "._import",
    "import_csv": "._import_generic",
    "import_organogram": "._import_organogram",
    "ValidationReport": "._validate",
    "ValidationResult": "._validate",
    "validate": "._validate",
    "Diagram": "._render",
    "career_ladder": "._render",
    "draw": "._render",
    "org_chart": "._render",
    "role_hierarchy": "._render",
    "write_diagram": "._render",
}


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        value = getattr(import_module(_LAZY[name], __name__), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module 'pmograph' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted(__all__)

if TYPE_CHECKING:
    from ._graph import KnowledgeGraph, load
    from ._import import ImportResult, import_files
    from ._import_generic import import_csv
    from ._import_organogram import import_organogram
    from ._namespace import PMO, PMOC
    from ._render import Diagram, career_ladder, draw, org_chart, role_hierarchy, write_diagram
    from ._sparql import ShippedQuery, list_queries
    from ._validate import ValidationReport, ValidationResult, validate

try:
    __version__ = version("pmograph")
except PackageNotFoundError:  # running from a source tree that was never installed
    __version__ = "0.0.0"

__all__ = [
    "PMO",
    "PMOC",
    "AmbiguousNameError",
    "Diagram",
    "GraphStructureError",
    "ImportDataError",
    "ImportResult",
    "KnowledgeGraph",
    "LoadError",
    "MissingDependencyError",
    "NameResolutionError",
    "ParseError",
    "PmographError",
    "QueryError",
    "RenderError",
    "ReportingCycleError",
    "ShippedQuery",
    "StoreError",
    "UnknownNameError",
    "UnsafeQueryError",
    "ValidationReport",
    "ValidationResult",
    "__version__",
    "career_ladder",
    "draw",
    "import_csv",
    "import_files",
    "import_organogram",
    "list_queries",
    "load",
    "org_chart",
    "role_hierarchy",
    "validate",
    "write_diagram",
]
