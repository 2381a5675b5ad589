"""Importing UK government organograms: the senior-posts and junior-posts CSV pair.

Rules of the published format (data.gov.uk guidance) and the noise real files carry:

* the top post reports to ``XX`` (or ``xx``); a person not in a post has post reference ``0``
  (imported as a person who is a member of the organisation and reports to the named post);
* names ``Vacant``, ``N/D`` (not disclosed) and ``Eliminated`` are states of a post, not people:
  the post is kept, with no holder and a ``skos:note`` saying which;
* a job share is several rows with one post reference: one post, several holders, FTE summed;
* junior rows are aggregates (unit + reporting senior post + grade + generic title, with an FTE
  count): each becomes one post, ``org:reportsTo`` its senior post, with the FTE as
  ``organogram:fullTimeEquivalent`` (data.gov.uk's own term);
* grades come in mixed case (``OF-6``/``Of-6``): grade codes are upper-cased;
* leading index columns and unnamed columns are ignored; headers match in any case and with or
  without ``(£)``.

Senior posts keep their reference as ``skos:notation``/``dcterms:identifier``; their IRI is
built from the organisation's name and that reference, so snapshots line up.

Rows are read one at a time like a generic export's; since organograms are small (hundreds or
thousands of rows) and job shares repeat what a post says, every statement is written once
through a set of the lines written.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Sequence
from decimal import Decimal
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
    decimal_literal,
)
from pmograph._importers.table import (
    Header,
    Table,
    TableReader,
    header_key,
    open_table,
    parse_number,
)
from pmograph._importers.triples import (
    COMMENT,
    FTE,
    GRADE,
    HAS_POST,
    HELD_BY,
    HOLDS,
    IDENTIFIER,
    LABEL,
    MEMBER_OF,
    NAME,
    NOTATION,
    NOTE,
    PERSON,
    POST,
    POST_IN,
    PROFESSION,
    REPORTS_TO,
    TYPE,
    Pair,
    literal,
)

_COMMON: dict[str, tuple[str, ...]] = {
    "department": ("parent department",),
    "organisation": ("organisation", "organization"),
    "organisation-reference": ("organisation reference", "organization reference"),
    "unit": ("unit",),
    "grade": ("grade",),
    "profession": ("professional occupational group", "profession"),
}
SENIOR_FIELDS: dict[str, tuple[str, ...]] = {
    **_COMMON,
    "reference": ("post unique reference",),
    "name": ("name",),
    "title": ("job title",),
    "function": ("job team function",),
    "reports-to": ("reports to senior post",),
    "fte": ("fte",),
}
JUNIOR_FIELDS: dict[str, tuple[str, ...]] = {
    **_COMMON,
    "reports-to": ("reporting senior post",),
    "title": ("generic job title",),
    "fte": ("number of posts in fte", "number of posts"),
}
#: Names that record the state of a post rather than a person, with the note kept on the post.
NOT_A_PERSON = {"vacant": "vacant at the snapshot", "n/d": "holder not disclosed (N/D)",
                "nd": "holder not disclosed (N/D)", "not disclosed": "holder not disclosed",
                "eliminated": "post eliminated"}
TOP = {"xx", ""}
_GRADE_CODE = re.compile(r"[A-Za-z]{1,4}[- ]?\d*[A-Za-z]?")


def organogram_part(table: Header) -> str | None:
    """``"senior"``, ``"junior"`` or ``None``: which organogram file ``table`` is, by header."""
    keys = {header_key(h) for h in table.header}
    if "post unique reference" in keys:
        return "senior"
    if "reporting senior post" in keys:
        return "junior"
    return None


def normalise_grade(grade: str) -> str:
    """Upper-case grade codes; leave grades written as words alone.

    Examples
    --------
    >>> normalise_grade("Of-6"), normalise_grade("scs1a"), normalise_grade("Grade 7")
    ('OF-6', 'SCS1A', 'Grade 7')
    """
    grade = " ".join(grade.split())
    return grade.upper() if _GRADE_CODE.fullmatch(grade) else grade


def import_organogram(sources: Iterable[str | Path | Table], *, roles: Any = None,
                      organisation: str | None = None, base: str = DEFAULT_BASE,
                      into: ImportResult | None = None) -> ImportResult:
    """Import UK organogram CSVs (senior and/or junior files) as W3C ORG RDF.

    Parameters
    ----------
    sources
        The senior and junior files, in any order (each is recognised by its header).
    roles
        A :class:`~pmograph.KnowledgeGraph` to map job titles to roles (``None``: no mapping).
    organisation
        The organisation's name for files with no ``Organisation`` column.
    base, into
        As for :func:`~pmograph.import_csv`.

    Examples
    --------
    >>> from pmograph._importers.table import read_table
    >>> senior = read_table("senior.csv", text=(
    ...     "Post Unique Reference,Name,Grade,Job Title,Unit,Reports to Senior Post,FTE\\n"
    ...     "1,Ada,SCS2,Chief Executive,Board,XX,1\\n"
    ...     "7,Vacant,Of-6,Head of Delivery,Delivery,1,1\\n"))
    >>> junior = read_table("junior.csv", text=(
    ...     "Unit,Reporting Senior Post,Grade,Generic Job Title,Number of Posts in FTE\\n"
    ...     "Delivery,7,EO,Project Manager,2.5\\n"))
    >>> result = import_organogram([junior, senior], organisation="Acme")
    >>> result.counts["posts"], result.counts["people"], result.counts["fte"]
    (3, 1, 4.5)
    """
    tables: list[Table | TableReader] = []
    try:
        for source in sources:
            tables.append(source if isinstance(source, Table) else open_table(source))
        result = into if into is not None else ImportResult()
        for _ in organogram_rows(tables, result, mapper=TitleMapper(roles), base=base,
                                 organisation=organisation):
            pass
    finally:
        for table in tables:
            if isinstance(table, TableReader):
                table.close()
    result.out.writer.flush()
    return result


def organogram_parts(tables: Iterable[Header]) -> list[str]:
    """``"senior"`` or ``"junior"`` for each table; an error names a file that is neither."""
    parts = []
    for table in tables:
        part = organogram_part(table)
        if part is None:
            raise ImportDataError(
                f"{table.path}: not a UK organogram: expected a 'Post Unique Reference' "
                "(senior) or 'Reporting Senior Post' (junior) column; use --as generic for "
                "other exports")
        parts.append(part)
    return parts


def organogram_rows(tables: Sequence[Table | TableReader], result: ImportResult, *,
                    mapper: TitleMapper, base: str,
                    organisation: str | None) -> Iterator[Table | TableReader]:
    """Import the senior files, then the junior ones, into ``result`` a row at a time: yields
    the table being read after each row."""
    parts = organogram_parts(tables)
    state = _State(result, mapper, base, organisation)
    for table, part in sorted(zip(tables, parts, strict=True), key=lambda tp: tp[1] != "senior"):
        rows = state.senior(table) if part == "senior" else state.junior(table)
        for _ in rows:
            yield table
    state.finish(has_senior="senior" in parts)


class _State:
    """What one import has seen so far: organisations, posts, references to check."""

    def __init__(self, result: ImportResult, mapper: TitleMapper, base: str,
                 organisation: str | None) -> None:
        self.result, self.out, self.mapper = result, result.out, mapper
        self.base, self.organisation = base, organisation
        self.minters: dict[str, Minter] = {}
        self.senior_posts: dict[str, tuple[str, int]] = {}
        self.reports: dict[str, set[str]] = {}  # post → the posts it reports to
        self.fte: dict[str, Decimal] = {}
        self.references: list[tuple[str, str, str]] = []  # (target, reference, where)
        self.junior_iris: dict[str, tuple[str, ...]] = {}

    def minter(self, table: Header, row: list[str], columns: dict[str, int]) -> Minter:
        name = (table.cell(row, columns.get("organisation"))
                or table.cell(row, columns.get("organisation-reference"))
                or self.organisation or Path(table.path).stem)
        if name not in self.minters:
            self.minters[name] = minter = Minter(self.base, name)
            add_organization(self.out, minter, table.cell(row, columns.get("department")))
        return self.minters[name]

    def place(self, minter: Minter, table: Header, row: list[str],
              columns: dict[str, int]) -> str:
        unit = table.cell(row, columns.get("unit"))
        return add_unit(self.out, minter, unit) if unit else minter.organization_term

    def add_post(self, post: str, within: str, title: str, reference: str = "") -> None:
        pairs: list[Pair] = [(TYPE, POST)]
        if title:
            pairs.append((LABEL, literal(title)))
        if reference:
            pairs += [(NOTATION, literal(reference)), (IDENTIFIER, literal(reference))]
        self.out.add_once(post, [*pairs, (POST_IN, within)])
        self.out.add_once(within, [(HAS_POST, post)])

    def describe(self, post: str, table: Header, row: list[str],
                 columns: dict[str, int]) -> None:
        grade = normalise_grade(table.cell(row, columns.get("grade")))
        profession = table.cell(row, columns.get("profession"))
        pairs = [(GRADE, literal(grade))] if grade else []
        if profession:
            pairs.append((PROFESSION, literal(profession)))
        self.out.add_once(post, pairs)

    def holder(self, person: str, name: str, post: str | None = None) -> None:
        self.out.add_once(person, [(TYPE, PERSON), (NAME, literal(name))] +
                          ([(HOLDS, post)] if post else []))
        if post:
            self.out.add_once(post, [(HELD_BY, person)])

    def senior(self, table: Table | TableReader) -> Iterator[None]:
        columns = table.columns(SENIOR_FIELDS)
        for number, row in table.records():
            reference = table.cell(row, columns["reference"])
            if not reference:
                raise ImportDataError(f"{table.at(number, columns['reference'])}: the post "
                                      "reference is empty")
            minter = self.minter(table, row, columns)
            name = table.cell(row, columns.get("name"))
            boss = table.cell(row, columns.get("reports-to"))
            fte = parse_number(table, number, row, columns.get("fte"))
            if reference == "0":
                self.unposted(minter, name, boss, table.at(number, columns["reference"]))
                yield
                continue
            post = minter.post_term(reference)
            title = table.cell(row, columns.get("title"))
            if post in self.senior_posts:  # a job share: same post, another holder
                first_title, first_row = self.senior_posts[post]
                if title != first_title:
                    self.result.warnings.append(
                        f"{table.at(number, columns.get('title'))}: post {reference} is "
                        f"titled {first_title!r} on row {first_row}; the first title is kept")
            else:
                self.senior_posts[post] = (title, number)
                self.add_post(post, self.place(minter, table, row, columns), title, reference)
                self.describe(post, table, row, columns)
                function = table.cell(row, columns.get("function"))
                if function:
                    self.out.add_once(post, [(COMMENT, literal(function))])
                self.out.add_once(post, self.result.title_statements(title, self.mapper))
            if fte is not None:
                self.fte[post] = self.fte.get(post, Decimal(0)) + fte
            state = NOT_A_PERSON.get(name.casefold())
            if state:
                self.out.add_once(post, [(NOTE, literal(state))])
            elif name:
                self.holder(minter.person_term(minter.person_key(name)), name, post)
            if boss.casefold() not in TOP:
                target = minter.post_term(boss)
                targets = self.reports.setdefault(post, set())
                if targets and target not in targets:
                    self.result.warnings.append(
                        f"{table.at(number, columns['reports-to'])}: post {reference} "
                        f"already reports to another post; both lines are kept")
                targets.add(target)
                self.out.add_once(post, [(REPORTS_TO, target)])
                self.references.append((target, boss,
                                        table.at(number, columns["reports-to"])))
            yield

    def unposted(self, minter: Minter, name: str, boss: str, where: str) -> None:
        """A person not in a post (reference ``0``): a member reporting to the named post."""
        if not name or name.casefold() in NOT_A_PERSON:
            return
        person = minter.person_term(minter.person_key(name))
        self.out.add_once(person, [(MEMBER_OF, minter.organization_term)])
        self.holder(person, name)
        if boss.casefold() not in TOP:
            self.out.add_once(person, [(REPORTS_TO, minter.post_term(boss))])
            self.references.append((minter.post_term(boss), boss, where))

    def junior(self, table: Table | TableReader) -> Iterator[None]:
        columns = table.columns(JUNIOR_FIELDS)
        for number, row in table.records():
            boss = table.cell(row, columns["reports-to"])
            if not boss or boss.casefold() in TOP:
                raise ImportDataError(f"{table.at(number, columns['reports-to'])}: a junior "
                                      "post must name the senior post it reports to")
            minter = self.minter(table, row, columns)
            title = table.cell(row, columns.get("title"))
            grade = normalise_grade(table.cell(row, columns.get("grade")))
            unit = table.cell(row, columns.get("unit"))
            profession = table.cell(row, columns.get("profession"))
            key = (boss, unit, grade, title, profession)
            post = self.junior_iri(minter, key)
            self.add_post(post, self.place(minter, table, row, columns), title)
            self.describe(post, table, row, columns)
            fte = parse_number(table, number, row, columns.get("fte"))
            if fte is not None:
                self.fte[post] = self.fte.get(post, Decimal(0)) + fte
            target = minter.post_term(boss)
            self.out.add_once(post, [(REPORTS_TO, target)])
            self.references.append((target, boss, table.at(number, columns["reports-to"])))
            self.out.add_once(post, self.result.title_statements(title, self.mapper))
            yield

    def junior_iri(self, minter: Minter, key: tuple[str, ...]) -> str:
        """An IRI from the row's aggregation key, stable while the group exists.

        Each row is one aggregate post, so a repeated key (rows split by pay scale, say) gets
        a numbered IRI rather than merging into the first.
        """
        boss, unit, grade, title, profession = key
        candidates = [minter.junior_post_term(*parts) for parts in (
            (boss, grade, title), (boss, grade, title, unit),
            (boss, grade, title, unit, profession))]
        counter = 2
        while True:
            for iri in candidates:
                if iri not in self.junior_iris:
                    self.junior_iris[iri] = key
                    return iri
            candidates = [minter.junior_post_term(boss, grade, title, unit, profession,
                                                  str(counter))]
            counter += 1

    def finish(self, *, has_senior: bool) -> None:
        for post, total in self.fte.items():
            self.out.add_once(post, [(FTE, decimal_literal(total))])
        if not has_senior:
            return
        missing: dict[str, str] = {}
        for target, reference, where in self.references:
            if target not in self.senior_posts:
                missing.setdefault(reference, where)
        for reference, where in missing.items():
            self.result.warnings.append(f"{where}: senior post {reference!r} is not in the "
                                        "senior file; the reporting line dangles")
