"""Importing a generic HR export: one row per person-in-post, with a manager id column.

Columns are recognised from common headers (``EmployeeId``/``ReportsTo`` as in the Chinook
sample, ``Employee ID``, ``Manager ID``, ``Job Title``, ``Department`` ...) or named with
``mapping`` (``--map COLUMN=FIELD``).  Fields: ``id``, ``name`` (or ``first-name`` and
``last-name``), ``title``, ``manager``, ``unit``, ``email``, ``role`` (a catalog role name that
overrides the title).

Each row becomes a post (IRI from the row's id, so re-importing a later export keeps the IRIs)
held by a person; the manager id becomes ``org:reportsTo`` between the two posts.  The id is
kept on the post as ``skos:notation``/``dcterms:identifier`` — on the post only, so that
``chain 3`` names one entity.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from rdflib import URIRef
from rdflib.namespace import FOAF, ORG

from pmograph._errors import ImportDataError
from pmograph._importers.common import (
    DEFAULT_BASE,
    ImportResult,
    Minter,
    TitleMapper,
    add_holder,
    add_organization,
    add_post,
    add_unit,
)
from pmograph._importers.table import Table, read_table

#: Field → normalised headers that mean it (see :func:`pmograph._importers.table.header_key`).
FIELDS: dict[str, tuple[str, ...]] = {
    "id": ("id", "employee id", "emp id", "employee number", "employee no", "staff id",
           "staff number", "person id", "worker id", "personnel number", "post id",
           "position id", "user id"),
    "name": ("name", "full name", "employee name", "display name", "person", "employee",
             "staff name"),
    "first-name": ("first name", "firstname", "given name", "forename"),
    "last-name": ("last name", "lastname", "surname", "family name"),
    "title": ("title", "job title", "position", "position title", "job", "job name",
              "designation", "post", "post title"),
    "manager": ("manager id", "reports to", "reportsto", "reports to id", "manager",
                "line manager", "line manager id", "supervisor", "supervisor id",
                "manager employee id", "boss id", "parent id", "reporting to"),
    "unit": ("unit", "department", "dept", "team", "division", "org unit", "business unit",
             "organisational unit", "organizational unit"),
    "email": ("email", "e mail", "email address", "e mail address", "mail", "work email"),
    "role": ("role", "catalog role", "pmo role", "career role"),
}


def import_csv(source: str | Path | Table, *, mapping: Mapping[str, str] | None = None,
               roles: Any = None, organisation: str | None = None,
               base: str = DEFAULT_BASE, into: ImportResult | None = None) -> ImportResult:
    """Import a generic HR export (CSV) as W3C ORG posts, people and reporting lines.

    Parameters
    ----------
    source
        A CSV file, or a :class:`~pmograph._importers.table.Table` already read.
    mapping
        Header as written in the file → field name, for headers not recognised.
    roles
        A :class:`~pmograph.KnowledgeGraph` whose roles job titles are matched against
        (``None``: titles are not mapped).
    organisation
        The organisation's name (default: the file's name without suffix).
    base
        Namespace for the IRIs minted.
    into
        Add to this result instead of a new one.

    Examples
    --------
    >>> import pmograph
    >>> from pmograph._importers.table import read_table
    >>> table = read_table("staff.csv", text="EmployeeId,Name,Title,ReportsTo\\n"
    ...                    "1,Ada,Head of PMO,\\n2,Grace,Project Coordinator,1\\n"
    ...                    "3,Alan,Stargazer,1\\n")
    >>> result = import_csv(table, roles=pmograph.load(), organisation="Acme")
    >>> result.counts["posts"], result.counts["reporting_lines"]
    (3, 2)
    >>> result.unmapped, sorted(result.ambiguous)
    ({'Stargazer': 1}, ['Project Coordinator'])
    """
    table = source if isinstance(source, Table) else read_table(source)
    result = into if into is not None else ImportResult()
    graph = result.graph
    columns = table.columns(FIELDS, mapping)
    if "id" not in columns:
        raise ImportDataError(
            f"{table.path}: no id column found among {', '.join(table.named_headers())}; "
            "name it with --map COLUMN=id (fields: " + ", ".join(FIELDS) + ")")
    if not columns.keys() & {"name", "first-name", "last-name", "title", "manager"}:
        raise ImportDataError(
            f"{table.path}: found an id column but no name, title or manager column among "
            f"{', '.join(table.named_headers())}: this does not look like a staff list; name "
            "the columns with --map COLUMN=FIELD")
    minter = Minter(base, organisation or Path(table.path).stem)
    organization = add_organization(graph, minter)
    mapper = TitleMapper(roles)
    posts: dict[str, URIRef] = {}
    first_row: dict[str, int] = {}
    managers: list[tuple[int, str, str]] = []
    for index, row in enumerate(table.rows):
        ident = table.cell(row, columns["id"])
        if not ident:
            raise ImportDataError(f"{table.where(index, columns['id'])}: the id is empty")
        if ident in first_row:
            raise ImportDataError(
                f"{table.where(index, columns['id'])}: id {ident!r} is already used on row "
                f"{table.row_numbers[first_row[ident]]}; each row must have its own id")
        first_row[ident] = index
        title = table.cell(row, columns.get("title"))
        unit_name = table.cell(row, columns.get("unit"))
        within = add_unit(graph, minter, unit_name) if unit_name else organization
        post = minter.post(ident)
        posts[ident] = post
        add_post(graph, post, title=title, reference=ident, within=within)
        result.note_title(post, title, mapper, table.cell(row, columns.get("role")))
        name = table.cell(row, columns.get("name")) or " ".join(
            part for part in (table.cell(row, columns.get("first-name")),
                              table.cell(row, columns.get("last-name"))) if part)
        if name:
            person = minter.person(name)
            add_holder(graph, post, person, name)
            email = table.cell(row, columns.get("email"))
            if email:
                graph.add((person, FOAF.mbox, URIRef("mailto:" + email.removeprefix("mailto:"))))
        manager = table.cell(row, columns.get("manager"))
        if manager:
            managers.append((index, ident, manager))
    for index, ident, manager in managers:
        if manager not in posts:
            result.warnings.append(
                f"{table.where(index, columns['manager'])}: manager {manager!r} is not an id "
                "in the file; the reporting line points at a post the file does not describe")
        graph.add((posts[ident], ORG.reportsTo, posts.get(manager, minter.post(manager))))
    return result
