"""Importing spreadsheet exports: one call for any mix of HR exports and UK organograms.

Each file's kind is told from its header; job titles find catalog roles through the name index
of the graph given as ``roles`` (by default the bundled catalog's, read once per process).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from functools import cache
from pathlib import Path
from typing import Any

from pmograph._errors import ImportDataError
from pmograph._formats import TABULAR_SUFFIXES
from pmograph._importers.common import DEFAULT_BASE, KINDS, ImportResult
from pmograph._importers.generic import import_csv
from pmograph._importers.organogram import import_organogram, organogram_part
from pmograph._importers.table import Table, read_table
from pmograph._names import NameIndex


def detect_kind(table: Table) -> str:
    """``"organogram"`` when the header is a UK organogram's, else ``"generic"``."""
    return "organogram" if organogram_part(table) else "generic"


def import_files(paths: Iterable[str | Path], *, kind: str | None = None,
                 mapping: Mapping[str, str] | None = None, roles: Any = "catalog",
                 organisation: str | None = None, base: str = DEFAULT_BASE) -> ImportResult:
    """Import spreadsheet exports (a senior and a junior organogram, or HR exports) together.

    Parameters
    ----------
    paths
        CSV files.  Each file's kind is detected from its header unless ``kind`` is given.
    kind
        ``"generic"`` or ``"organogram"`` for every file (default: detect).
    mapping
        Header as written → field name, for generic files (``--map``).
    roles
        Where job titles find roles: a :class:`KnowledgeGraph` or ``None`` (no mapping);
        default the bundled catalog.
    organisation, base
        The organisation's name when the file does not give it, and the IRI base.
    """
    if kind not in (None, *KINDS):
        raise ImportDataError(f"unknown import kind {kind!r}; use one of: {', '.join(KINDS)}")
    if any(char in base for char in ' <>"{}|\\^`') or not base.strip():
        raise ImportDataError(f"--base {base!r}: not usable as an IRI namespace; spaces, quotes, "
                              "<, >, {, }, |, ^, ` and backslashes must be %-encoded")
    if isinstance(roles, str):  # the bundled catalog's roles, read once per process
        roles = _catalog_names()
    paths = list(paths)
    for path in paths:
        if Path(path).suffix.lower() not in TABULAR_SUFFIXES:
            raise ImportDataError(
                f"{path}: not a spreadsheet export; import reads "
                f"{' and '.join(sorted(TABULAR_SUFFIXES))} files (load RDF with --data)")
    tables = [read_table(p) for p in paths]
    if not tables:
        raise ImportDataError("name at least one CSV file to import")
    kinds = [kind or detect_kind(t) for t in tables]
    result = ImportResult()
    organograms = [t for t, k in zip(tables, kinds, strict=True) if k == "organogram"]
    if organograms:
        import_organogram(organograms, roles=roles, base=base, organisation=organisation,
                          into=result)
    for table, table_kind in zip(tables, kinds, strict=True):
        if table_kind == "generic":
            import_csv(table, mapping=mapping, roles=roles, organisation=organisation,
                       base=base, into=result)
    return result


@cache
def _catalog_names() -> NameIndex:
    from pmograph._resources import catalog_graph

    return NameIndex.build(catalog_graph())
