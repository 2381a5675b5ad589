"""``pmograph diff OLD NEW``: what changed between two snapshots of one organisation.

Each side is a loaded :class:`~pmograph.KnowledgeGraph` or a file (loaded without the catalog:
roles do not change between snapshots of an organisation).  The answer has the JSON shape of
DESIGN.md §4: ``{"old": {...}, "new": {...}, "changes": [{"kind", "subject", "before",
"after"}, ...], "counts": {kind: n}}``, plus ``"renamed"``: the posts whose IRI changed but
whose reference, title and manager match, compared as one post.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from rdflib import Graph

from pmograph._algorithms.changes import CHANGE_KINDS, Change, OrgSnapshot, Ref, org_changes
from pmograph._errors import PmographError
from pmograph._formats import csv_text
from pmograph._store.graph import KnowledgeGraph
from pmograph._store.loading import load
from pmograph._store.snapshots import SnapshotBackend
from pmograph._views.snapshot import org_snapshot

__all__ = ["CHANGE_KINDS", "diff", "diff_csv"]

Side = KnowledgeGraph | Graph | str | os.PathLike[str]


def diff(old: Side, new: Side) -> dict[str, Any]:
    """The changes from ``old`` to ``new``: posts, lines, people, vacancies, units, spans.

    Parameters
    ----------
    old, new : KnowledgeGraph, rdflib Graph or path
        The organisation before and after: loaded graphs (any store), rdflib graphs or files.

    Returns
    -------
    dict
        ``{"old": S, "new": S, "changes": [...], "counts": {kind: n}, "renamed": [...]}``
        where ``S`` is ``{"source", "posts", "people"}`` (and ``"date"`` for a snapshot kept in a
        store); each change is ``{"kind",
        "subject": E, "before": V, "after": V}`` with ``V`` an entity, a list of entities, a
        text, a number or ``None``; ``counts`` has every kind of :data:`CHANGE_KINDS`.

    Examples
    --------
    >>> import pmograph
    >>> from rdflib import Graph
    >>> def org(text):
    ...     prefixes = '''@prefix org: <http://www.w3.org/ns/org#> .
    ...         @prefix ex: <http://example.org/> .'''
    ...     return pmograph.load(Graph().parse(data=prefixes + text, format="turtle"),
    ...                          catalog=False)
    >>> before = org("ex:ceo a org:Post . ex:cfo a org:Post ; org:reportsTo ex:ceo .")
    >>> after = org("ex:ceo a org:Post . ex:cfo a org:Post ; org:reportsTo ex:ceo ; "
    ...             "org:heldBy ex:kim .")
    >>> answer = diff(before, after)
    >>> [(c["kind"], c["subject"]["label"], c["after"]) for c in answer["changes"]]
    ... # doctest: +NORMALIZE_WHITESPACE
    [('person-joined', 'kim', {'iri': 'http://example.org/cfo', 'label': 'cfo', 'kind': 'post'}),
     ('vacancy-filled', 'cfo', [{'iri': 'http://example.org/kim', 'label': 'kim',
                                 'kind': 'person'}])]
    >>> diff(after, after)["changes"]
    []
    """
    (before, old_labels, old_info), (after, new_labels, new_info) = _side(old), _side(new)
    changes, renamed = org_changes(before, after)
    earlier, later = {**new_labels, **old_labels}, {**old_labels, **new_labels}

    def kind_of(iri: str) -> str:
        if iri in after.titles or iri in before.titles:
            return "post"
        return "unit" if iri in after.units or iri in before.units else "person"

    def value(v: Any, labels: Mapping[str, str]) -> Any:
        """An entity named as it was (``before``) or as it is (``after``), else the value."""
        if isinstance(v, Ref):
            return {"iri": str(v), "label": labels.get(v, str(v)), "kind": kind_of(v)}
        if isinstance(v, tuple):
            return [value(item, labels) for item in v]
        return v

    def subject(change: Change) -> Any:
        gone = change.kind in ("post-removed", "person-left")
        return {**value(Ref(change.subject), earlier if gone else later),
                "kind": _subject_kind(change)}

    counts = dict.fromkeys(CHANGE_KINDS, 0)
    for change in changes:
        counts[change.kind] += 1
    return {
        "old": old_info, "new": new_info,
        "changes": [{"kind": c.kind, "subject": subject(c), "before": value(c.before, earlier),
                     "after": value(c.after, later)} for c in changes],
        "counts": counts,
        "renamed": [{"old": value(Ref(was), earlier), "new": value(Ref(now), later)}
                    for was, now in renamed]}


def diff_csv(answer: Mapping[str, Any], *, raw: bool = False) -> str:
    """The changes of a :func:`diff` answer as CSV text: one row per change.

    Columns: ``kind``, ``subject`` (IRI), ``subject_label``, ``before`` and ``after`` (labels
    of entities, ``; ``-separated when several; values as they are).  The CSV is for people:
    cells are quoted and a title a spreadsheet would run as a formula gets a leading ``'``
    (:func:`pmograph._formats.csv_text`); ``raw=True`` writes the values as they are.

    Examples
    --------
    >>> answer = {"changes": [{"kind": "post-retitled", "subject": {"iri": "urn:p",
    ...     "label": "CFO", "kind": "post"}, "before": "CFO", "after": "=Finance Director"}]}
    >>> print(diff_csv(answer), end="")
    "kind","subject","subject_label","before","after"
    "post-retitled","urn:p","CFO","CFO","'=Finance Director"
    >>> print(diff_csv(answer, raw=True), end="")
    kind,subject,subject_label,before,after
    post-retitled,urn:p,CFO,CFO,=Finance Director
    """
    rows = [[change["kind"], change["subject"]["iri"], change["subject"]["label"],
             _cell(change["before"]), _cell(change["after"])] for change in answer["changes"]]
    return csv_text([["kind", "subject", "subject_label", "before", "after"], *rows], raw=raw)


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, dict):
        return str(value["label"])
    if isinstance(value, list):
        return "; ".join(_cell(item) for item in value)
    return str(value)


def _subject_kind(change: Change) -> str:
    if change.kind.startswith("person-"):
        return "person"
    return "unit" if change.kind == "unit-changed" else "post"


def side_graph(side: Side) -> tuple[KnowledgeGraph, str]:
    """The loaded graph ``side`` stands for, and where it came from (a store, a file, a graph)."""
    if isinstance(side, KnowledgeGraph):
        return side, side.store
    if isinstance(side, Graph):
        return load(side, catalog=False), f"an rdflib graph of {len(side):,} triples"
    if isinstance(side, (str, os.PathLike)):
        return load(Path(side), catalog=False), str(side)
    raise PmographError(f"a diff compares loaded graphs, rdflib graphs or files, not "
                        f"{type(side).__name__}: pass pmograph.load(...) or a path")


def _side(side: Side) -> tuple[OrgSnapshot, dict[str, str], dict[str, Any]]:
    kg, source = side_graph(side)
    snapshot, labels = org_snapshot(kg)
    people = {holder for holders in snapshot.holders.values() for holder in holders}
    info: dict[str, Any] = {"source": source, "posts": len(snapshot.titles),
                            "people": len(people)}
    if isinstance(kg.backend, SnapshotBackend):  # a snapshot of a store: its date
        info["date"] = kg.backend.snapshot.date.isoformat()
    return snapshot, labels, info
