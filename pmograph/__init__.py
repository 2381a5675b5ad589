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

from pmograph._errors import (
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
    "KnowledgeGraph": "pmograph._store.graph",
    "load": "pmograph._store.loading",
    "PMO": "pmograph._namespace",
    "PMOC": "pmograph._namespace",
    "ShippedQuery": "pmograph._store.sparql",
    "list_queries": "pmograph._store.sparql",
    "ImportResult": "pmograph._importers.common",
    "import_files": "pmograph._importers.files",
    "import_csv": "pmograph._importers.generic",
    "import_organogram": "pmograph._importers.organogram",
    "ValidationReport": "pmograph._validate.report",
    "ValidationResult": "pmograph._validate.results",
    "validate": "pmograph._validate.report",
    "Diagram": "pmograph._answers.draw",
    "HtmlChart": "pmograph._answers.draw_html",
    "career_ladder": "pmograph._answers.draw",
    "draw": "pmograph._answers.draw",
    "org_chart": "pmograph._answers.draw",
    "role_hierarchy": "pmograph._answers.draw",
    "write_diagram": "pmograph._answers.draw",
    "export": "pmograph._answers.export",
    "ctdl_pathway": "pmograph._answers.ctdl",
    "export_ctdl": "pmograph._answers.ctdl",
    "describe": "pmograph._answers.describe",
    "roles": "pmograph._answers.describe",
    "ReportingProblem": "pmograph._algorithms.structure",
    "dotted_line_view": "pmograph._views.org",
    "posts_held": "pmograph._views.org",
    "promotion_view": "pmograph._views.roles",
    "reporting_problems": "pmograph._views.org",
    "reporting_view": "pmograph._views.org",
    "role_reporting_problems": "pmograph._views.roles",
    "role_reporting_view": "pmograph._views.roles",
    "SpanOfControl": "pmograph._algorithms.hierarchy",
    "all_reports": "pmograph._algorithms.hierarchy",
    "chain_of_command": "pmograph._algorithms.hierarchy",
    "depth": "pmograph._algorithms.hierarchy",
    "direct_reports": "pmograph._algorithms.hierarchy",
    "is_senior": "pmograph._algorithms.hierarchy",
    "layers": "pmograph._algorithms.hierarchy",
    "lowest_common_manager": "pmograph._algorithms.hierarchy",
    "roles_above": "pmograph._algorithms.hierarchy",
    "seniority_path": "pmograph._algorithms.hierarchy",
    "span_of_control": "pmograph._algorithms.hierarchy",
    "SkillGap": "pmograph._algorithms.promotion",
    "SkillShortfall": "pmograph._algorithms.promotion",
    "move_cost": "pmograph._algorithms.promotion",
    "move_kinds": "pmograph._algorithms.promotion",
    "next_roles": "pmograph._algorithms.promotion",
    "promotion_paths": "pmograph._algorithms.promotion",
    "skill_gap": "pmograph._algorithms.promotion",
    "describe_chain": "pmograph._answers.questions",
    "describe_gap": "pmograph._answers.questions",
    "describe_paths": "pmograph._answers.questions",
    "describe_reports": "pmograph._answers.questions",
    "describe_next": "pmograph._answers.people",
    "describe_succession": "pmograph._answers.people",
    "Candidate": "pmograph._algorithms.readiness",
    "ProfileGap": "pmograph._algorithms.readiness",
    "profile_gap": "pmograph._algorithms.readiness",
    "rank_candidates": "pmograph._algorithms.readiness",
    "reachable_roles": "pmograph._algorithms.readiness",
    "people_in_posts": "pmograph._views.people",
    "skill_profiles": "pmograph._views.people",
    "QueryRows": "pmograph._tables",
    "to_dataframe": "pmograph._answers.tables",
    "diff": "pmograph._answers.diff",
    "as_of": "pmograph._views.dated",
    "draw_diff": "pmograph._answers.changes_chart",
    "metrics": "pmograph._answers.metrics",
    "describe_common": "pmograph._answers.hierarchy",
    "describe_layers": "pmograph._answers.hierarchy",
    "describe_span": "pmograph._answers.hierarchy",
    "OrgMetrics": "pmograph._algorithms.metrics",
    "org_metrics": "pmograph._algorithms.metrics",
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
    from pmograph._algorithms.hierarchy import (
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
    from pmograph._algorithms.metrics import OrgMetrics, org_metrics
    from pmograph._algorithms.promotion import (
        SkillGap,
        SkillShortfall,
        move_cost,
        move_kinds,
        next_roles,
        promotion_paths,
        skill_gap,
    )
    from pmograph._algorithms.readiness import (
        Candidate,
        ProfileGap,
        profile_gap,
        rank_candidates,
        reachable_roles,
    )
    from pmograph._algorithms.structure import ReportingProblem
    from pmograph._answers.changes_chart import draw_diff
    from pmograph._answers.ctdl import ctdl_pathway, export_ctdl
    from pmograph._answers.describe import describe, roles
    from pmograph._answers.diff import diff
    from pmograph._answers.draw import (
        Diagram,
        career_ladder,
        draw,
        org_chart,
        role_hierarchy,
        write_diagram,
    )
    from pmograph._answers.draw_html import HtmlChart
    from pmograph._answers.export import export
    from pmograph._answers.hierarchy import describe_common, describe_layers, describe_span
    from pmograph._answers.metrics import metrics
    from pmograph._answers.people import describe_next, describe_succession
    from pmograph._answers.questions import (
        describe_chain,
        describe_gap,
        describe_paths,
        describe_reports,
    )
    from pmograph._answers.tables import to_dataframe
    from pmograph._importers.common import ImportResult
    from pmograph._importers.files import import_files
    from pmograph._importers.generic import import_csv
    from pmograph._importers.organogram import import_organogram
    from pmograph._namespace import PMO, PMOC
    from pmograph._store.graph import KnowledgeGraph
    from pmograph._store.loading import load
    from pmograph._store.sparql import ShippedQuery, list_queries
    from pmograph._tables import QueryRows
    from pmograph._validate.report import ValidationReport, validate
    from pmograph._validate.results import ValidationResult
    from pmograph._views.dated import as_of
    from pmograph._views.org import dotted_line_view, posts_held, reporting_problems, reporting_view
    from pmograph._views.people import people_in_posts, skill_profiles
    from pmograph._views.roles import promotion_view, role_reporting_problems, role_reporting_view

try:
    __version__ = version("pmograph")
except PackageNotFoundError:  # running from a source tree that was never installed
    __version__ = "0.0.0"

__all__ = [
    "PMO",
    "PMOC",
    "AmbiguousNameError",
    "Candidate",
    "Diagram",
    "GraphStructureError",
    "HtmlChart",
    "ImportDataError",
    "ImportResult",
    "KnowledgeGraph",
    "LoadError",
    "MissingDependencyError",
    "NameResolutionError",
    "OrgMetrics",
    "OutputError",
    "ParseError",
    "PmographError",
    "ProfileGap",
    "QueryError",
    "QueryRows",
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
    "as_of",
    "career_ladder",
    "chain_of_command",
    "ctdl_pathway",
    "depth",
    "describe",
    "describe_chain",
    "describe_common",
    "describe_gap",
    "describe_layers",
    "describe_next",
    "describe_paths",
    "describe_reports",
    "describe_span",
    "describe_succession",
    "diff",
    "direct_reports",
    "dotted_line_view",
    "draw",
    "draw_diff",
    "export",
    "export_ctdl",
    "import_csv",
    "import_files",
    "import_organogram",
    "is_senior",
    "layers",
    "list_queries",
    "load",
    "lowest_common_manager",
    "metrics",
    "move_cost",
    "move_kinds",
    "next_roles",
    "org_chart",
    "org_metrics",
    "people_in_posts",
    "posts_held",
    "profile_gap",
    "promotion_paths",
    "promotion_view",
    "rank_candidates",
    "reachable_roles",
    "reporting_problems",
    "reporting_view",
    "role_hierarchy",
    "role_reporting_problems",
    "role_reporting_view",
    "roles",
    "roles_above",
    "seniority_path",
    "skill_gap",
    "skill_profiles",
    "span_of_control",
    "to_dataframe",
    "validate",
    "write_diagram",
]
