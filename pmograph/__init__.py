"""pmograph — a knowledge graph of project-management and PMO roles.

Load the bundled PMO role catalog (and your own organisation), resolve names, ask questions
with SPARQL, and walk reporting lines and career paths with networkx.

Examples
--------
>>> import pmograph
>>> kg = pmograph.load()
>>> kg.label(kg.resolve("head of pmo"))
'PMO Director'
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
    OutputError,
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
    "export": "._export",
    "describe": "._describe",
    "roles": "._describe",
    "ReportingProblem": "._structure",
    "dotted_line_view": "._views",
    "posts_held": "._views",
    "promotion_view": "._views",
    "reporting_problems": "._views",
    "reporting_view": "._views",
    "role_reporting_problems": "._views",
    "role_reporting_view": "._views",
    "SpanOfControl": "._hierarchy",
    "all_reports": "._hierarchy",
    "chain_of_command": "._hierarchy",
    "depth": "._hierarchy",
    "direct_reports": "._hierarchy",
    "is_senior": "._hierarchy",
    "layers": "._hierarchy",
    "lowest_common_manager": "._hierarchy",
    "roles_above": "._hierarchy",
    "seniority_path": "._hierarchy",
    "span_of_control": "._hierarchy",
    "SkillGap": "._promotion",
    "SkillShortfall": "._promotion",
    "move_cost": "._promotion",
    "next_roles": "._promotion",
    "promotion_paths": "._promotion",
    "skill_gap": "._promotion",
    "describe_chain": "._answers",
    "describe_gap": "._answers",
    "describe_paths": "._answers",
    "describe_reports": "._answers",
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
    from ._answers import (
        describe_chain,
        describe_gap,
        describe_paths,
        describe_reports,
    )
    from ._describe import describe, roles
    from ._export import export
    from ._graph import KnowledgeGraph, load
    from ._hierarchy import (
        SpanOfControl,
        all_reports,
        chain_of_command,
        depth,
        direct_reports,
        is_senior,
        layers,
        lowest_common_manager,
        roles_above,
        seniority_path,
        span_of_control,
    )
    from ._import import ImportResult, import_files
    from ._import_generic import import_csv
    from ._import_organogram import import_organogram
    from ._namespace import PMO, PMOC
    from ._promotion import (
        SkillGap,
        SkillShortfall,
        move_cost,
        next_roles,
        promotion_paths,
        skill_gap,
    )
    from ._render import Diagram, career_ladder, draw, org_chart, role_hierarchy, write_diagram
    from ._sparql import ShippedQuery, list_queries
    from ._validate import ValidationReport, ValidationResult, validate
    from ._views import (
        ReportingProblem,
        dotted_line_view,
        posts_held,
        promotion_view,
        reporting_problems,
        reporting_view,
        role_reporting_problems,
        role_reporting_view,
    )

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
    "OutputError",
    "ParseError",
    "PmographError",
    "QueryError",
    "RenderError",
    "ReportingCycleError",
    "ReportingProblem",
    "ShippedQuery",
    "SkillGap",
    "SkillShortfall",
    "SpanOfControl",
    "StoreError",
    "UnknownNameError",
    "UnsafeQueryError",
    "ValidationReport",
    "ValidationResult",
    "__version__",
    "all_reports",
    "career_ladder",
    "chain_of_command",
    "depth",
    "describe",
    "describe_chain",
    "describe_gap",
    "describe_paths",
    "describe_reports",
    "direct_reports",
    "dotted_line_view",
    "draw",
    "export",
    "import_csv",
    "import_files",
    "import_organogram",
    "is_senior",
    "layers",
    "list_queries",
    "load",
    "lowest_common_manager",
    "move_cost",
    "next_roles",
    "org_chart",
    "posts_held",
    "promotion_paths",
    "promotion_view",
    "reporting_problems",
    "reporting_view",
    "role_hierarchy",
    "role_reporting_problems",
    "role_reporting_view",
    "roles",
    "roles_above",
    "seniority_path",
    "skill_gap",
    "span_of_control",
    "validate",
    "write_diagram",
]
