"""Answers as tables: :func:`to_dataframe` turns any answer into a pandas DataFrame.

Every answer of the library — SPARQL rows, ``roles``, ``describe``, ``describe_chain``,
``describe_reports``, ``describe_paths``, ``describe_gap``, a validation report — becomes one
tidy table: one row per thing the answer lists, IRIs as text beside their labels, numbers,
booleans and dates typed.  Entities nested in a row are flattened: a ``focus`` entity gives a
``focus`` (label) and a ``focus_iri`` column, a list of ``holders`` gives ``holders`` (labels)
and ``holder_iris``, lists kept whole so that ``DataFrame.explode`` spreads them.  What the
answer says about all rows at once (its ``subject``, ``source`` and ``target``, a ``note``) is
in the frame's ``attrs``.  pandas is optional: ``pip install 'pmograph[pandas]'``.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, Any

from rdflib.query import Result

from pmograph._errors import PmographError
from pmograph._tables import QueryRows, data_frame, require_pandas, result_frame, typed_column

if TYPE_CHECKING:
    from pandas import DataFrame
else:  # pandas is optional and imported only when a table is made: at run time the
    DataFrame = Any  # annotations resolve (typing.get_type_hints) without it

__all__ = ["to_dataframe"]

Row = dict[str, Any]
_ENTITY = ("iri", "label", "kind")
#: Keys whose value is one entity (or ``None``), and keys whose value is a list of entities.
_ENTITY_KEYS = frozenset({"focus", "subject", "source", "target", "skill", "person", "post"})
_ENTITY_LISTS = frozenset({"holders", "sources", "members", "qualifications", "candidates"})


def to_dataframe(answer: Any, *, labels: bool = True) -> DataFrame:
    """Any answer of pmograph as a pandas DataFrame (pandas is an optional extra).

    ============================  ============================================================
    answer                        one row per
    ============================  ============================================================
    ``kg.query(...)`` rows        result row; ``<var>_label`` beside IRI columns (``labels``)
    ``roles(kg)``                 role: ``iri``, ``label``, ``kind``, ``track``, ``level``
    ``describe_chain``            post or role on each path: ``path``, ``step`` (1 = the
                                  nearest manager), the entity, ``holders``/``holder_iris``
                                  for posts, ``described``
    ``describe_reports``,         report: the entity, ``holders``, ``holder_iris``, ``depth``
    ``describe_span``             (``everyone=True``), ``described``
    ``describe_paths``            role on each path: ``path``, ``step`` (0 = the source)
    ``describe_gap``              skill or qualification to gain: the entity, ``have``,
                                  ``need``, ``essential`` (``<NA>`` for qualifications)
    ``describe``                  fact: ``relation``, the entity or ``value``, ``sources``,
                                  ``source_iris`` and any qualifiers (``proficiency`` ...)
    ``describe_next``             reachable role: the role, ``moves``, ``shortfall`` ...
    ``describe_succession``       candidate: the person, ``rank``, ``reasons``, ``gap``
    ``describe_layers``,          layer (1 = the top): ``layer``, ``posts`` (and ``fte``)
    ``metrics``
    ``diff``                      change: ``kind``, ``subject``, ``subject_iri``, ``before``,
                                  ``after``
    ``validate(...)``             finding: ``check``, ``severity``, ``focus``, ``focus_iri``,
                                  ``members``, ``member_iris``, ``message``
    ============================  ============================================================

    What the answer says besides its rows (``subject``, totals, a ``note``) is in
    ``table.attrs``.

    Raises
    ------
    MissingDependencyError
        pandas is not installed (the message says: ``pip install 'pmograph[pandas]'``).
    PmographError
        ``answer`` is none of the above.

    Examples
    --------
    >>> import pmograph
    >>> kg = pmograph.load()
    >>> table = to_dataframe(pmograph.describe_chain(kg, "PMO Analyst"))
    >>> table[["path", "step", "label"]].values.tolist()
    [[1, 1, 'PMO Manager'], [1, 2, 'PMO Director']]
    >>> table.attrs["subject"]["label"]
    'PMO Analyst'
    >>> gap = to_dataframe(pmograph.describe_gap(kg, "Project Manager", "PMO Manager"))
    >>> gap.loc[gap["essential"], "label"].tolist()  # <NA> (qualifications) counts as no
    ['Understanding of project management']
    """
    if isinstance(answer, QueryRows):
        return answer.to_dataframe(labels=labels)
    if isinstance(answer, Result):  # an rdflib result from elsewhere: no graph to label with
        return result_frame(answer)
    require_pandas()  # the same clear error for every kind of answer
    as_dict = getattr(answer, "as_dict", None)
    if callable(as_dict):  # a ValidationReport
        answer = as_dict()
    if isinstance(answer, list) and all(isinstance(item, Mapping) for item in answer):
        return _frame([_flat(item) for item in answer], always=_ENTITY)
    if isinstance(answer, Mapping):
        for keys, convert in _SHAPES:
            if keys <= answer.keys():
                return convert(answer)
    raise PmographError(
        f"cannot make a table of a {type(answer).__name__}; to_dataframe() takes query rows, "
        "a validation report, or an answer of roles(), describe(), describe_*(), metrics() "
        "or diff()")


# ------------------------------------------------------------------------------ answer shapes
def _chain(answer: Mapping[str, Any]) -> DataFrame:
    rows = _path_rows(answer["paths"], first_step=1)
    return _frame(rows, always=("path", "step", *_ENTITY, *_holders(answer), "described"),
                  attrs=_rest(answer, "paths"), answer="chain")


def _paths(answer: Mapping[str, Any]) -> DataFrame:
    rows = _path_rows(answer["paths"], first_step=0)
    return _frame(rows, always=("path", "step", *_ENTITY, "described"),
                  attrs=_rest(answer, "paths"), answer="paths")


def _reports(answer: Mapping[str, Any]) -> DataFrame:
    rows = [_described(_flat(entity)) for entity in answer["reports"]]
    return _frame(rows, always=(*_ENTITY, *_holders(answer), "described"),
                  attrs=_rest(answer, "reports"), answer="reports")


def _gap(answer: Mapping[str, Any]) -> DataFrame:
    rows = _promoted(answer["skills"], "skill")
    rows += [_flat(entity) for entity in answer["qualifications"]]
    return _frame(rows, always=(*_ENTITY, "have", "need", "essential"),
                  attrs=_rest(answer, "skills", "qualifications"), answer="gap")


def _described_entity(answer: Mapping[str, Any]) -> DataFrame:
    rows: list[Row] = [{"relation": key, "value": text}
                       for key, texts in answer.get("labels", {}).items() for text in texts]
    for relation, facts in answer["relations"].items():
        rows += [{"relation": relation, **_flat(fact)} for fact in facts]
    for name, value in (answer.get("answers") or {}).items():
        rows += _answer_rows(name, value)
    return _frame(rows, always=("relation", *_ENTITY, "value", "language", "sources",
                                "source_iris"),
                  attrs=_rest(answer, "labels", "relations", "answers"), answer="describe")


def _validation(answer: Mapping[str, Any]) -> DataFrame:
    rows = [_flat(result) for result in answer["results"]]
    return _frame(rows, always=("check", "severity", "focus", "focus_iri", "members",
                                "member_iris", "message"),
                  attrs=_rest(answer, "results"), answer="validate")


def _next_roles(answer: Mapping[str, Any]) -> DataFrame:
    return _frame(_promoted(answer["roles"], "role"), always=_ENTITY,
                  attrs=_rest(answer, "roles"), answer="next")


def _succession(answer: Mapping[str, Any]) -> DataFrame:
    return _frame(_promoted(answer["candidates"], "person"), always=(*_ENTITY, "rank"),
                  attrs=_rest(answer, "candidates"), answer="succession")


def _layers(answer: Mapping[str, Any]) -> DataFrame:
    fte = answer.get("layer_fte")
    rows: list[Row] = [{"layer": number, "posts": posts,
                        **({"fte": fte[number - 1]} if fte else {})}
                       for number, posts in enumerate(answer["layers"], start=1)]
    return _frame(rows, always=("layer", "posts"), attrs=_rest(answer, "layers", "layer_fte"),
                  answer="layers")


def _changes(answer: Mapping[str, Any]) -> DataFrame:
    rows = []
    for change in answer["changes"]:
        row = _flat({k: v for k, v in change.items() if k not in ("before", "after")})
        for side in ("before", "after"):  # a value, an entity or a list of entities
            value = change.get(side)
            entities = [value] if _is_entity(value) else value if isinstance(value, list) \
                and value and all(_is_entity(v) for v in value) else None
            if entities is None:
                row[side], row[f"{side}_iri"] = value, None
            else:
                labels, iris = [e.get("label") for e in entities], [e.get("iri") for e in entities]
                row[side], row[f"{side}_iri"] = (labels, iris) if isinstance(value, list) \
                    else (labels[0], iris[0])
        rows.append(row)
    return _frame(rows, always=("kind", "subject", "subject_iri", "before", "before_iri",
                                "after", "after_iri"),
                  attrs=_rest(answer, "changes"), answer="diff")


_SHAPES = (
    (frozenset({"changes", "counts"}), _changes),
    (frozenset({"post", "candidates"}), _succession),
    (frozenset({"subject", "roles"}), _next_roles),
    (frozenset({"source", "target", "paths"}), _paths),
    (frozenset({"subject", "paths"}), _chain),
    (frozenset({"subject", "reports"}), _reports),
    (frozenset({"skills", "qualifications"}), _gap),
    (frozenset({"subject", "relations"}), _described_entity),
    (frozenset({"conforms", "results"}), _validation),
    (frozenset({"posts", "layers", "deepest_chain"}), _layers),
)


# ------------------------------------------------------------------------------ helpers
def _answer_rows(name: str, value: Any) -> list[Row]:
    """Rows for one of ``describe``'s hierarchy answers (chain, direct reports, span ...)."""
    if isinstance(value, list) and all(isinstance(path, list) for path in value):
        return [{"relation": name, **row} for row in _path_rows(value, first_step=1)]
    if isinstance(value, list):
        return [{"relation": name, **_flat(entity)} for entity in value]
    if isinstance(value, Mapping):
        return [{"relation": f"{name} ({key})", "value": item} for key, item in value.items()]
    return [{"relation": name, "value": value}]


def _promoted(items: Iterable[Mapping[str, Any]], key: str) -> list[Row]:
    """One row per item, the entity under ``key`` giving the row its ``iri``, ``label`` and
    ``kind`` (a gap's skill, a next role, a succession candidate)."""
    return [{**_flat(item[key]), **_flat({k: v for k, v in item.items() if k != key})}
            for item in items]


def _path_rows(paths: Sequence[Sequence[Mapping[str, Any]]], *, first_step: int) -> list[Row]:
    return [{"path": number, "step": step, **_described(_flat(entity))}
            for number, path in enumerate(paths, start=1)
            for step, entity in enumerate(path, start=first_step)]


def _flat(item: Mapping[str, Any]) -> Row:
    """One row from one answer item: nested entities become label and IRI columns."""
    row: Row = {}
    for key, value in item.items():
        if key in _ENTITY_KEYS or _is_entity(value):
            row[key] = value.get("label") if isinstance(value, Mapping) else None
            row[f"{key}_iri"] = value.get("iri") if isinstance(value, Mapping) else None
        elif key in _ENTITY_LISTS or (isinstance(value, list) and value and
                                      all(_is_entity(v) for v in value)):
            entities = list(value or [])
            row[key] = [entity.get("label") for entity in entities]
            row[f"{key[:-1] if key.endswith('s') else key}_iris"] = [
                entity.get("iri") for entity in entities]
        else:
            row[key] = value
    return row


def _is_entity(value: Any) -> bool:
    return isinstance(value, Mapping) and "iri" in value


def _described(row: Row) -> Row:
    row.setdefault("described", True)
    return row


def _holders(answer: Mapping[str, Any]) -> tuple[str, ...]:
    """Posts carry holders: the columns are there for a post, person or unit question (even
    when no row has any), not for a question about roles."""
    subject = answer.get("subject") or {}
    return () if subject.get("kind") == "role" else ("holders", "holder_iris")


def _rest(answer: Mapping[str, Any], *rows_keys: str) -> dict[str, Any]:
    return {key: value for key, value in answer.items() if key not in rows_keys}


def _frame(rows: list[Row], *, always: Iterable[str], attrs: Mapping[str, Any] | None = None,
           answer: str | None = None) -> DataFrame:
    """A DataFrame of ``rows``: the ``always`` columns first (present even with no rows),
    then every other key in the order first seen."""
    names = list(dict.fromkeys([*always, *(key for row in rows for key in row)]))
    columns = {name: typed_column([row.get(name) for row in rows]) for name in names}
    meta = {"answer": answer, **(attrs or {})} if answer else dict(attrs or {})
    return data_frame(columns, length=len(rows), attrs=meta)
