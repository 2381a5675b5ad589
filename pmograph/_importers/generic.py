"""Importing a generic HR export: one row per person-in-post, with a manager id column.

Columns are recognised from common headers (``EmployeeId``/``ReportsTo`` as in the Chinook
sample, ``Employee ID``, ``Manager ID``, ``Job Title``, ``Department`` ...) or named with
``mapping`` (``--map COLUMN=FIELD``).  Fields: ``id``, ``name`` (or ``first-name`` and
``last-name``), ``title``, ``manager``, ``unit``, ``email``, ``role`` (a catalog role name that
overrides the title), and the person's ``skills``, ``qualifications`` and the date they were
``assessed`` (see :mod:`pmograph._importers.skills`).

Each row becomes a post (IRI from the row's id, so re-importing a later export keeps the IRIs)
held by a person; the manager id becomes ``org:reportsTo`` between the two posts.  The id is
kept on the post as ``skos:notation``/``dcterms:identifier`` — on the post only, so that
``chain 3`` names one entity.

Rows are read, checked and written one at a time.  What needs the whole file — duplicate ids
(the error names the first row), managers that are not ids in the file (a warning each, in row
order) — is checked against plain-string tables: each id with its row, and the managers named
before their own row.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

from pmograph._errors import ImportDataError
from pmograph._importers.common import (
    DEFAULT_BASE,
    ImportResult,
    Minter,
    TitleMapper,
    add_organization,
    add_unit,
)
from pmograph._importers.skills import FIELDS as SKILL_FIELDS
from pmograph._importers.skills import ProfileWriter, SkillCatalog
from pmograph._importers.table import Header, Table, TableReader, open_table
from pmograph._importers.triples import (
    HAS_POST,
    HELD_BY,
    IDENTIFIER,
    LABEL,
    NOTATION,
    POST,
    POST_IN,
    REPORTS_TO,
    TYPE,
    iri,
    literal,
)

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
    **SKILL_FIELDS,  # optional: the person's skills, qualifications, date assessed
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
    table = source if isinstance(source, Table) else open_table(source)
    result = into if into is not None else ImportResult()
    try:
        for _ in generic_rows(table, result, mapping=mapping, mapper=TitleMapper(roles),
                              organisation=organisation, base=base):
            pass
    finally:
        if isinstance(table, TableReader):
            table.close()
    result.out.writer.flush()
    return result


def check_columns(table: Header, mapping: Mapping[str, str] | None) -> dict[str, int]:
    """The columns of a generic export; an error says what is missing and how to name it."""
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
    return columns


def generic_rows(table: Table | TableReader, result: ImportResult, *,
                 mapping: Mapping[str, str] | None, mapper: TitleMapper,
                 organisation: str | None, base: str) -> Iterator[None]:
    """Import ``table`` into ``result``, a row at a time: yields after each row."""
    columns = check_columns(table, mapping)
    out, cell = result.out, table.cell
    minter = Minter(base, organisation or Path(table.path).stem)
    organization = add_organization(out, minter)
    people = out.people(minter.root)
    id_column, manager_column = columns["id"], columns.get("manager")
    title_column, unit_column = columns.get("title"), columns.get("unit")
    role_column, email_column = columns.get("role"), columns.get("email")
    name_column = columns.get("name")
    first_column, last_column = columns.get("first-name"), columns.get("last-name")
    first_row: dict[str, int] = {}  # id → the row it is on
    ahead: list[tuple[int, str]] = []  # (row, manager) where the manager's row was still to come
    units: dict[str, str] = {}
    profiles = ProfileWriter(out, SkillCatalog.of(mapper.roles), minter.root, table.path,
                             columns) if columns.keys() & {"skills", "qualifications"} else None
    for number, row in table.records():
        ident = cell(row, id_column)
        if not ident:
            raise ImportDataError(f"{table.at(number, id_column)}: the id is empty")
        earlier = first_row.setdefault(ident, number)
        if earlier != number:
            raise ImportDataError(
                f"{table.at(number, id_column)}: id {ident!r} is already used on row "
                f"{earlier}; each row must have its own id")
        title = cell(row, title_column)
        unit_name = cell(row, unit_column)
        within = organization if not unit_name else units.get(unit_name) or \
            units.setdefault(unit_name, add_unit(out, minter, unit_name))
        post = minter.post_term(ident)
        reference = literal(ident)
        pairs = [(TYPE, POST), (LABEL, literal(title))] if title else [(TYPE, POST)]
        pairs += [(NOTATION, reference), (IDENTIFIER, reference), (POST_IN, within),
                  *result.title_statements(title, mapper, cell(row, role_column))]
        name = cell(row, name_column) or " ".join(
            part for part in (cell(row, first_column), cell(row, last_column)) if part)
        key = minter.person_key(name) if name else ""
        person = minter.person_term(key) if name else ""
        if person:
            pairs.append((HELD_BY, person))
        manager = cell(row, manager_column)
        if manager:
            pairs.append((REPORTS_TO, minter.post_term(manager)))
            if manager not in first_row:
                ahead.append((number, manager))
        out.add(post, pairs)
        out.add(within, [(HAS_POST, post)])
        if person:
            email = cell(row, email_column)
            out.holder(people, key, person, literal(name),
                       iri("mailto:" + email.removeprefix("mailto:")) if email else None, post)
        if profiles:
            profiles.add(table, number, row, key, person)
        yield
    for number, manager in ahead:
        if manager not in first_row:
            result.warnings.append(
                f"{table.at(number, manager_column)}: manager {manager!r} is not an id in the "
                "file; the reporting line points at a post the file does not describe")
