"""Second chances for job titles no catalog name matches: crosswalk labels and team qualifiers.

:class:`~pmograph._importers.common.TitleMapper` first looks a title up among the catalog's
role names.  Only when nothing matches does it try, in order:

1. **Crosswalk labels.**  The labels of the occupations a role closely or exactly matches
   (``skos:closeMatch`` / ``skos:exactMatch``; the bundled catalog links ESCO occupations, see
   ``ontology/catalog/crosswalks.ttl``).  A label that some catalog entity already uses as a
   name is skipped (ESCO's "PMO" names an office in the catalog, not a role).
2. **A role name qualified by a team.**  A title that begins with a role's name (or a
   crosswalk label) and goes on with words that name no role — "Programme Manager Space Science
   Team", "PMO Manager, Portfolio Office" — is that role.  The longest such beginning counts; a
   word such as *manager*, *assistant* or *deputy* after it means another job, and nothing is
   matched.

Every match comes with its reason (recorded on the post and in
:attr:`~pmograph.ImportResult.matched`); a title that leads to two roles is flagged, never
guessed.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from functools import cache
from typing import Any

from rdflib import URIRef

from pmograph._names import NameIndex, normalise

#: Words that name a job or a grade: after a role's name they make a title another job.
ROLE_WORDS = frozenset({
    "manager", "managers", "director", "directors", "officer", "officers", "head", "lead",
    "leader", "assistant", "deputy", "analyst", "analysts", "coordinator", "co-ordinator",
    "administrator", "support", "chief", "executive", "specialist", "adviser", "advisor",
    "consultant", "engineer", "planner", "controller", "sponsor", "owner", "trainee",
    "apprentice", "intern", "associate", "senior", "junior", "principal", "vp", "president",
    "secretary", "clerk", "architect", "scientist", "technician", "acting", "interim", "temp"})
_SEPARATORS = re.compile(r"\s*(?:,|\s-\s|\s–\s|\s—\s|\(|/|:)\s*")

Lookup = Callable[[str], tuple[URIRef | None, list[URIRef]]]


class TitleRules:
    """Crosswalk labels and team-qualified titles (see the module's description).

    Examples
    --------
    >>> rules = TitleRules.of(None)  # the bundled catalog
    >>> rules.labels["project director"][0][0].rsplit("/", 1)[-1]
    'ProjectManager'
    """

    def __init__(self, index: NameIndex, rows: Iterable[tuple[Any, ...]]) -> None:
        self.index = index
        #: normalised label → (role, relation, occupation, label as written)
        self.labels: dict[str, list[tuple[str, str, str, str]]] = {}
        for role, relation, occupation, name in rows:
            if role is None or occupation is None or not name:
                continue
            key = normalise(str(name))
            entry = (str(role), str(relation).rsplit("#", 1)[-1], str(occupation), str(name))
            if key and entry not in self.labels.setdefault(key, []):
                self.labels[key].append(entry)

    @classmethod
    def of(cls, roles: Any) -> TitleRules:
        """From a graph with names and shipped queries, else the bundled catalog."""
        if hasattr(roles, "names") and hasattr(roles, "strings"):
            return cls(roles.names, roles.strings("role-crosswalks"))
        return _bundled()

    def crosswalk(self, key: str) -> tuple[list[URIRef], str]:
        """Roles whose matched occupations have ``key`` as a label, and why."""
        if key in self.index.names:  # the catalog already uses the words: never override it
            return [], ""
        entries = self.labels.get(key, [])
        roles = sorted({URIRef(role) for role, _, _, _ in entries})
        if not roles:
            return [], ""
        reasons = "; ".join(
            f"{self.index.label(occupation)!s} lists {name!r} as a label, and "
            f"{self.index.label(role)} {relation.replace('Match', '')}ly matches it "
            f"(skos:{relation})" for role, relation, occupation, name in sorted(entries))
        return roles, reasons

    def qualified(self, key: str, lookup: Lookup) -> tuple[list[URIRef], str]:
        """Roles named by the longest beginning of ``key`` whose rest names no role, and why."""
        words = key.split(" ")
        for size in range(len(words) - 1, 0, -1):
            head = " ".join(words[:size]).rstrip(",:(/-–—")
            rest = _SEPARATORS.sub(" ", " ".join(words[size:])).strip(" )")
            if not rest:
                continue
            role, candidates = lookup(head)
            found = [role] if role is not None else candidates
            how = "a name of"
            if not found:
                found, _ = self.crosswalk(head)
                how = "a crosswalk label of"
            if not found:
                continue
            if ROLE_WORDS & set(re.split(r"[^\w-]+", rest)):
                return [], ""  # "Project Manager Assistant": another job
            names = " and ".join(self.index.label(str(r)) for r in found)
            return found, (f"the title begins with {head!r}, {how} {names}; {rest!r} names "
                           "a team or subject, not another role")
        return [], ""


@cache
def _bundled() -> TitleRules:
    from pmograph._resources import catalog_graph, query_files

    text = next(f.read_text(encoding="utf-8") for f in query_files("queries/internal")
                if f.name == "role-crosswalks.rq")
    graph = catalog_graph()
    result: Any = graph.query(text)
    return TitleRules(NameIndex.build(graph), [tuple(row) for row in result])
