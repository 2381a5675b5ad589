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
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from decimal import Decimal
from pathlib import Path
from typing import Any

from rdflib import RDF, Graph, Literal, URIRef
from rdflib.namespace import FOAF, ORG, RDFS, SKOS

from pmograph._errors import ImportDataError
from pmograph._importers.common import (
    DEFAULT_BASE,
    ORGANOGRAM,
    ImportResult,
    Minter,
    TitleMapper,
    add_holder,
    add_organization,
    add_post,
    add_unit,
    decimal_literal,
)
from pmograph._importers.table import Table, header_key, parse_number, read_table

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


def organogram_part(table: Table) -> str | None:
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
    tables = [s if isinstance(s, Table) else read_table(s) for s in sources]
    parts = []
    for table in tables:
        part = organogram_part(table)
        if part is None:
            raise ImportDataError(
                f"{table.path}: not a UK organogram: expected a 'Post Unique Reference' "
                "(senior) or 'Reporting Senior Post' (junior) column; use --as generic for "
                "other exports")
        parts.append(part)
    result = into if into is not None else ImportResult()
    state = _State(result, TitleMapper(roles), base, organisation)
    for table, part in sorted(zip(tables, parts, strict=True), key=lambda tp: tp[1] != "senior"):
        if part == "senior":
            state.senior(table)
        else:
            state.junior(table)
    state.finish(has_senior="senior" in parts)
    return result


class _State:
    """What one import has seen so far: organisations, posts, references to check."""

    def __init__(self, result: ImportResult, mapper: TitleMapper, base: str,
                 organisation: str | None) -> None:
        self.result, self.graph, self.mapper = result, result.graph, mapper
        self.base, self.organisation = base, organisation
        self.minters: dict[str, Minter] = {}
        self.senior_posts: dict[URIRef, tuple[str, int]] = {}
        self.fte: dict[URIRef, Decimal] = {}
        self.references: list[tuple[URIRef, str, str]] = []  # (target, reference, where)
        self.junior_iris: dict[URIRef, tuple[str, ...]] = {}

    def minter(self, table: Table, row: list[str], columns: dict[str, int]) -> Minter:
        name = (table.cell(row, columns.get("organisation"))
                or table.cell(row, columns.get("organisation-reference"))
                or self.organisation or Path(table.path).stem)
        if name not in self.minters:
            self.minters[name] = minter = Minter(self.base, name)
            add_organization(self.graph, minter, table.cell(row, columns.get("department")))
        return self.minters[name]

    def place(self, minter: Minter, table: Table, row: list[str],
              columns: dict[str, int]) -> URIRef:
        unit = table.cell(row, columns.get("unit"))
        return add_unit(self.graph, minter, unit) if unit else minter.organization()

    def describe(self, post: URIRef, table: Table, row: list[str],
                 columns: dict[str, int]) -> None:
        grade = normalise_grade(table.cell(row, columns.get("grade")))
        if grade:
            self.graph.add((post, ORGANOGRAM.grade, Literal(grade)))
        profession = table.cell(row, columns.get("profession"))
        if profession:
            self.graph.add((post, ORGANOGRAM.profession, Literal(profession)))

    def senior(self, table: Table) -> None:
        columns = table.columns(SENIOR_FIELDS)
        for index, row in enumerate(table.rows):
            reference = table.cell(row, columns["reference"])
            if not reference:
                raise ImportDataError(f"{table.where(index, columns['reference'])}: the post "
                                      "reference is empty")
            minter = self.minter(table, row, columns)
            name = table.cell(row, columns.get("name"))
            boss = table.cell(row, columns.get("reports-to"))
            fte = parse_number(table, index, columns.get("fte"))
            if reference == "0":
                self.unposted(minter, name, boss, table.where(index, columns["reference"]))
                continue
            post = minter.post(reference)
            title = table.cell(row, columns.get("title"))
            if post in self.senior_posts:  # a job share: same post, another holder
                first_title, first_row = self.senior_posts[post]
                if title != first_title:
                    self.result.warnings.append(
                        f"{table.where(index, columns.get('title'))}: post {reference} is "
                        f"titled {first_title!r} on row {first_row}; the first title is kept")
            else:
                self.senior_posts[post] = (title, table.row_numbers[index])
                add_post(self.graph, post, title=title, reference=reference,
                         within=self.place(minter, table, row, columns))
                self.describe(post, table, row, columns)
                function = table.cell(row, columns.get("function"))
                if function:
                    self.graph.add((post, RDFS.comment, Literal(function)))
                self.result.note_title(post, title, self.mapper)
            if fte is not None:
                self.fte[post] = self.fte.get(post, Decimal(0)) + fte
            state = NOT_A_PERSON.get(name.casefold())
            if state:
                self.graph.add((post, SKOS.note, Literal(state)))
            elif name:
                add_holder(self.graph, post, minter.person(name), name)
            if boss.casefold() not in TOP:
                target = minter.post(boss)
                if (post, ORG.reportsTo, None) in self.graph and \
                        (post, ORG.reportsTo, target) not in self.graph:
                    self.result.warnings.append(
                        f"{table.where(index, columns['reports-to'])}: post {reference} "
                        f"already reports to another post; both lines are kept")
                self.graph.add((post, ORG.reportsTo, target))
                self.references.append((target, boss,
                                        table.where(index, columns["reports-to"])))

    def unposted(self, minter: Minter, name: str, boss: str, where: str) -> None:
        """A person not in a post (reference ``0``): a member reporting to the named post."""
        if not name or name.casefold() in NOT_A_PERSON:
            return
        person = minter.person(name)
        self.graph.add((person, ORG.memberOf, minter.organization()))
        add_holder_free(self.graph, person, name)
        if boss.casefold() not in TOP:
            self.graph.add((person, ORG.reportsTo, minter.post(boss)))
            self.references.append((minter.post(boss), boss, where))

    def junior(self, table: Table) -> None:
        columns = table.columns(JUNIOR_FIELDS)
        for index, row in enumerate(table.rows):
            boss = table.cell(row, columns["reports-to"])
            if not boss or boss.casefold() in TOP:
                raise ImportDataError(f"{table.where(index, columns['reports-to'])}: a junior "
                                      "post must name the senior post it reports to")
            minter = self.minter(table, row, columns)
            title = table.cell(row, columns.get("title"))
            grade = normalise_grade(table.cell(row, columns.get("grade")))
            unit = table.cell(row, columns.get("unit"))
            profession = table.cell(row, columns.get("profession"))
            key = (boss, unit, grade, title, profession)
            post = self.junior_iri(minter, key)
            add_post(self.graph, post, title=title, within=self.place(minter, table, row,
                                                                       columns))
            self.describe(post, table, row, columns)
            fte = parse_number(table, index, columns.get("fte"))
            if fte is not None:
                self.fte[post] = self.fte.get(post, Decimal(0)) + fte
            target = minter.post(boss)
            self.graph.add((post, ORG.reportsTo, target))
            self.references.append((target, boss, table.where(index, columns["reports-to"])))
            self.result.note_title(post, title, self.mapper)

    def junior_iri(self, minter: Minter, key: tuple[str, ...]) -> URIRef:
        """An IRI from the row's aggregation key, stable while the group exists.

        Each row is one aggregate post, so a repeated key (rows split by pay scale, say) gets
        a numbered IRI rather than merging into the first.
        """
        boss, unit, grade, title, profession = key
        candidates = [minter.junior_post(*parts) for parts in (
            (boss, grade, title), (boss, grade, title, unit),
            (boss, grade, title, unit, profession))]
        counter = 2
        while True:
            for iri in candidates:
                if iri not in self.junior_iris:
                    self.junior_iris[iri] = key
                    return iri
            candidates = [minter.junior_post(boss, grade, title, unit, profession,
                                             str(counter))]
            counter += 1

    def finish(self, *, has_senior: bool) -> None:
        for post, total in self.fte.items():
            self.graph.add((post, ORGANOGRAM.fullTimeEquivalent, decimal_literal(total)))
        if not has_senior:
            return
        missing: dict[str, str] = {}
        for target, reference, where in self.references:
            if target not in self.senior_posts:
                missing.setdefault(reference, where)
        for reference, where in missing.items():
            self.result.warnings.append(f"{where}: senior post {reference!r} is not in the "
                                        "senior file; the reporting line dangles")


def add_holder_free(graph: Graph, person: URIRef, name: str) -> None:
    """A person with no post (organogram reference ``0``)."""
    graph.add((person, RDF.type, FOAF.Person))
    graph.add((person, FOAF.name, Literal(name)))
