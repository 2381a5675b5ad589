"""Skill profiles from HR exports: the optional ``Skills`` and ``Qualifications`` columns.

A ``Skills`` cell lists skills separated by ``;``, each ``name:level`` or a bare name
(``Risk management:3; Stakeholder management``); a ``Qualifications`` cell lists qualifications
(``PMP; CAPM``); an optional ``Skills assessed`` column gives the date (``YYYY-MM-DD``) the
skills were assessed.  Every name must be a skill or qualification of the graph the import
maps titles with (by default the bundled catalog), found by label or synonym as names are; a
level must be a whole number on the scale of the framework the catalog grades the skill on
(Provek 1-5, SFIA 1-7, or the skill's own SFIA range).  A skill no framework grades keeps its
level as written, with no framework: it says the person has the skill, and is never compared
with a graded requirement as if it were on its scale.  Each problem is an error naming the
row and column.

Each item becomes a qualified node (``pmo:SkillAttainment`` / ``pmo:QualificationAttainment``)
linked from the person by ``pmo:hasAttainment``, derived from the export itself (a
``prov:Entity`` named after the file).  A person on several rows (several posts) may list more
skills on a later row; a skill given two different levels is an error naming both rows.
"""

from __future__ import annotations

import datetime
import difflib
import hashlib
from collections.abc import Mapping, Sequence
from functools import cache
from pathlib import Path
from typing import Any

from pmograph._errors import ImportDataError
from pmograph._importers.triples import LABEL, TYPE, Pair, Statements, iri, literal, typed
from pmograph._names import NameIndex, normalise

PMO_NS = "https://w3id.org/pmograph/ns#"
PROV_NS = "http://www.w3.org/ns/prov#"
HAS_ATTAINMENT = f"<{PMO_NS}hasAttainment>"
SKILL_ATTAINMENT = f"<{PMO_NS}SkillAttainment>"
QUALIFICATION_ATTAINMENT = f"<{PMO_NS}QualificationAttainment>"
SKILL = f"<{PMO_NS}skill>"
QUALIFICATION = f"<{PMO_NS}qualification>"
PROFICIENCY = f"<{PMO_NS}proficiency>"
FRAMEWORK = f"<{PMO_NS}framework>"
DERIVED_FROM = f"<{PROV_NS}wasDerivedFrom>"
PROV_ENTITY = f"<{PROV_NS}Entity>"
DATE = "<http://purl.org/dc/terms/date>"
XSD_DATE = "http://www.w3.org/2001/XMLSchema#date"
XSD_INTEGER = "http://www.w3.org/2001/XMLSchema#integer"

#: Field → normalised headers that mean it (the generic importer's optional columns).
FIELDS: dict[str, tuple[str, ...]] = {
    "skills": ("skills", "skill profile", "skill levels", "competencies", "competences"),
    "qualifications": ("qualifications", "certifications", "credentials", "certificates"),
    "assessed": ("skills assessed", "date assessed", "assessed on", "assessment date",
                 "skills assessed on"),
}

Scales = dict[str, dict[str, tuple[int | None, int | None]]]


class SkillCatalog:
    """The skills and qualifications cells are checked against, and the scales of skills.

    Examples
    --------
    >>> catalog = SkillCatalog.of(None)  # the bundled catalog
    >>> catalog.level(catalog.find("risk management", "skill", "here"), "3", "here")
    (3, 'https://w3id.org/pmograph/catalog/ProvekScale')
    >>> catalog.level(catalog.find("Risk management", "skill", "here"), "6", "here")
    Traceback (most recent call last):
    ...
    pmograph._errors.ImportDataError: here: level 6 of 'Risk management' is off its scale: ...
    """

    def __init__(self, index: NameIndex, scales: Scales) -> None:
        self.index, self.scales = index, scales

    @classmethod
    def of(cls, roles: Any) -> SkillCatalog:
        """From what titles are mapped with: a graph with names and shipped queries (a
        :class:`~pmograph.KnowledgeGraph`), else the bundled catalog."""
        if hasattr(roles, "names") and hasattr(roles, "strings"):
            return cls(roles.names, _scales(roles.strings("skill-scales")))
        return _bundled()

    def find(self, name: str, kind: str, where: str) -> str:
        """The IRI of the ``kind`` (``"skill"`` or ``"qualification"``) called ``name``."""
        hits = [(tier, found) for tier, found in self.index.names.get(normalise(name), [])
                if self.index.kinds.get(found) == kind]
        if hits:
            best = min(tier for tier, _ in hits)
            found = sorted({iri_ for tier, iri_ in hits if tier == best})
            if len(found) == 1:
                return found[0]
            raise ImportDataError(f"{where}: {kind} {name!r} is ambiguous: it names "
                                  + ", ".join(self.index.label(f) for f in found))
        known = sorted({self.index.label(i) for i, k in self.index.kinds.items() if k == kind})
        close = difflib.get_close_matches(name, known, n=3, cutoff=0.6)
        hint = f"; did you mean {' or '.join(repr(c) for c in close)}?" if close else \
            " ('pmograph query role-requirements' lists what the roles require)"
        raise ImportDataError(f"{where}: no {kind} named {name!r} in the catalog{hint}")

    def level(self, skill: str, text: str, where: str) -> tuple[int, str | None]:
        """The level ``text`` of ``skill`` and the framework whose scale it is on."""
        label = self.index.label(skill)
        try:
            level = int(text)
        except ValueError:
            raise ImportDataError(f"{where}: level {text!r} of {label!r} is not a whole "
                                  "number") from None
        scales = self.scales.get(skill, {})
        if len(scales) > 1:
            raise ImportDataError(
                f"{where}: {label!r} is graded on several frameworks ("
                + ", ".join(self.index.label(f) for f in sorted(scales))
                + "): a level alone does not say which; give the skill without a level")
        if level < 1:
            raise ImportDataError(f"{where}: level {level} of {label!r} is below 1")
        if not scales:
            return level, None
        ((framework, (low, high)),) = scales.items()
        if (low is not None and level < low) or (high is not None and level > high):
            raise ImportDataError(
                f"{where}: level {level} of {label!r} is off its scale: "
                f"{self.index.label(framework)} {low} to {high}")
        return level, framework


class ProfileWriter:
    """Writes the attainments of each row's person, once per person and item."""

    def __init__(self, out: Statements, catalog: SkillCatalog, root: str, path: str,
                 columns: Mapping[str, int]) -> None:
        self.out, self.catalog, self.columns = out, catalog, columns
        self.source = f"<{root}/source/{_digest(Path(path).name)}>"
        self.root = root
        self._label = literal(f"HR export {Path(path).name}")
        self._seen: dict[str, dict[str, tuple[int | None, int]]] = {}

    def add(self, table: Any, number: int, row: Sequence[str], key: str, person: str) -> None:
        """Add what row ``number`` says ``person`` (``key``) has; a row that names no person
        may give none."""
        skills_column = self.columns.get("skills")
        qualifications_column = self.columns.get("qualifications")
        if not person:
            for column in (skills_column, qualifications_column):
                if table.cell(row, column):
                    raise ImportDataError(f"{table.at(number, column)}: skills and "
                                          "qualifications need a person, and the row names "
                                          "none (a name column)")
            return
        date_column = self.columns.get("assessed")
        date = _date(table.cell(row, date_column), table.at(number, date_column))
        nodes: list[str] = []
        for name, level_text in parse_skills(table.cell(row, skills_column)):
            where = table.at(number, skills_column)
            skill = self.catalog.find(name, "skill", where)
            level, framework = (self.catalog.level(skill, level_text, where)
                                if level_text is not None else (None, None))
            if self._first(key, skill, level, number, where, name):
                pairs: list[Pair] = [(TYPE, SKILL_ATTAINMENT), (SKILL, iri(skill))]
                if level is not None:
                    pairs.append((PROFICIENCY, typed(str(level), XSD_INTEGER)))
                if framework is not None:
                    pairs.append((FRAMEWORK, iri(framework)))
                nodes.append(self._node(key, skill, pairs, date))
        for name in parse_qualifications(table.cell(row, qualifications_column)):
            where = table.at(number, qualifications_column)
            qualification = self.catalog.find(name, "qualification", where)
            if self._first(key, qualification, None, number, where, name):
                nodes.append(self._node(key, qualification, [
                    (TYPE, QUALIFICATION_ATTAINMENT), (QUALIFICATION, iri(qualification))], ""))
        if nodes:
            self.out.add_once(self.source, [(TYPE, PROV_ENTITY), (LABEL, self._label)])
            self.out.add(person, [(HAS_ATTAINMENT, node) for node in nodes])

    def _first(self, key: str, item: str, level: int | None, number: int, where: str,
               name: str) -> bool:
        """Whether ``item`` is new for the person; an error if it came with another level."""
        seen = self._seen.setdefault(key, {})
        if item not in seen:
            seen[item] = (level, number)
            return True
        before, row = seen[item]
        if before != level:
            raise ImportDataError(f"{where}: {name!r} is given level {level} here and "
                                  f"{before} on row {row} for the same person")
        return False

    def _node(self, key: str, item: str, pairs: list[Pair], date: str) -> str:
        node = f"<{self.root}/person/{key}/attainment/{_digest(item)}>"
        pairs.append((DERIVED_FROM, self.source))
        if date:
            pairs.append((DATE, typed(date, XSD_DATE)))
        self.out.add(node, pairs)
        return node


def parse_skills(cell: str) -> list[tuple[str, str | None]]:
    """``name:level`` items of a Skills cell, separated by ``;`` (a bare name: no level).

    Examples
    --------
    >>> parse_skills("Risk management:3; Stakeholder management ;; Agile : 2")
    [('Risk management', '3'), ('Stakeholder management', None), ('Agile', '2')]
    """
    items = []
    for part in cell.split(";"):
        name, colon, level = part.rpartition(":")
        if not colon:
            name, level = level, ""
        if name.strip():
            items.append((name.strip(), level.strip() if colon else None))
    return items


def parse_qualifications(cell: str) -> list[str]:
    """The names of a Qualifications cell, separated by ``;``."""
    return [part.strip() for part in cell.split(";") if part.strip()]


def _date(text: str, where: str) -> str:
    if not text:
        return ""
    try:
        return datetime.date.fromisoformat(text).isoformat()
    except ValueError:
        raise ImportDataError(f"{where}: {text!r} is not a date as YYYY-MM-DD") from None


def _digest(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()[:12]


def _scales(rows: Any) -> Scales:
    """Skill → framework → (lowest, highest): the skill's own range wins over the framework's
    whole scale (rows of ``queries/internal/skill-scales.rq``)."""
    own: Scales = {}
    graded: Scales = {}
    for skill, framework, low, high, is_own in rows:
        if skill is None or framework is None:
            continue
        table = own if str(is_own).lower() == "true" else graded
        scale = (int(low) if low is not None else None, int(high) if high is not None else None)
        if table.setdefault(str(skill), {}).get(str(framework), (None, None)) == (None, None):
            table[str(skill)][str(framework)] = scale
    return {skill: {**graded.get(skill, {}), **own.get(skill, {})}
            for skill in own.keys() | graded.keys()}


@cache
def _bundled() -> SkillCatalog:
    from pmograph._resources import catalog_graph, query_files

    text = next(f.read_text(encoding="utf-8") for f in query_files("queries/internal")
                if f.name == "skill-scales.rq")
    graph = catalog_graph()
    result: Any = graph.query(text)
    rows = [tuple(None if value is None else str(value) for value in row) for row in result]
    return SkillCatalog(NameIndex.build(graph), _scales(rows))
