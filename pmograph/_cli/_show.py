"""``pmograph show NAME``: everything known about one entity, with sources.

The text reads top-down in a fixed order: who or what it is, its definition, where it sits
(level, track, role, holders), how it relates to others, what it requires, the claims about
it, and last the sources, each listed once and cited by number (``[1]``, ``[2,3]``) on the
lines they support.  Lines fit the terminal (``COLUMNS``).  ``--json`` gives the data as
:func:`pmograph.describe` returns it.
"""

from __future__ import annotations

import argparse
from collections.abc import Mapping, Sequence
from typing import Any

from pmograph._cli._as_of import add_as_of, explained, on_date
from pmograph._cli._common import emit_json, help_text, open_graph
from pmograph._cli._text import markers, output_width, plural, wrap

#: Relations shown first, as who or what the entity is, then its definition and notes, then
#: where it sits; everything not listed is a relation to something else.  Skills and
#: claims come last, before the sources.
IDENTITY = ("type", "skos:notation", "dcterms:identifier", "org:identifier",
            "schema:identifier", "skos:inScheme", "prov:wasDerivedFrom")
DEFINITION = ("skos:definition", "rdfs:comment", "schema:description", "dcterms:description",
              "skos:scopeNote", "skos:note", "skos:editorialNote", "skos:example",
              "skos:historyNote", "skos:changeNote")
PLACE = ("pmo:level", "pmo:levelRange", "pmo:track", "pmo:officeType", "org:role",
         "holders", "posts held", "org:postIn")
RELATIONS = ("reports to", "org:reportsTo", "pmo:dottedLineTo", "typical reports",
             "previous roles", "next roles", "lateral moves to", "lateral moves from")
REQUIREMENTS = ("skills", "qualifications")
CLAIMS = ("claims", "conflicting claims", "statistics")
#: What ``show`` adds about where the entity sits, in this order, after its relations.
ANSWERS = {"chain": "Chain of command", "roles above": "Roles above",
           "direct reports": "Direct reports", "span of control": "Span of control",
           "next moves": "Next moves", "problem": "Problem"}
#: Relations the holders line replaces (it reads both directions of holding).
_HOLDING = {"holders": "org:heldBy", "posts held": "org:holds"}


def register(commands: Any) -> list[argparse.ArgumentParser]:
    parser = commands.add_parser("show", **help_text(
        "Show one entity: its kind, labels, and every fact about it grouped by relation, "
        "each with its sources (numbered, listed once at the end). NAME is a label, synonym, "
        "local name, CURIE, IRI or identifier; prefix role:, post:, person: or unit: to "
        "narrow it. Text fits the terminal width (set COLUMNS to change it).",
        'pmograph show "PMO Manager"\npmograph show "head of pmo" --json\n'
        "pmograph --data examples/sample-org.ttl show P009\n"
        'pmograph --data tests/data/dated/org-history.ttl show "Raj Mehta" --as-of 2026-06-15'))
    parser.add_argument("name", metavar="NAME", help="what to show")
    add_as_of(parser)
    parser.set_defaults(handler=run)
    return [parser]


def run(args: argparse.Namespace) -> int:
    from pmograph._answers.describe import describe, relation_headings

    kg = open_graph(args)
    with explained(args, kg):
        kg = on_date(args, kg)
        facts = describe(kg, args.name)
    if args.json:
        emit_json(facts)
        return 0
    headings = relation_headings(kg, facts["relations"])
    print("\n".join(show_lines(facts, headings, width=output_width() or 80)))
    return 0


class _Sources:
    """Sources numbered in the order they are first cited."""

    def __init__(self) -> None:
        self.numbers: dict[str, int] = {}
        self.entities: list[dict[str, Any]] = []

    def cite(self, sources: Sequence[Mapping[str, Any]]) -> str:
        for source in sources:
            key = source["iri"] or source["label"]
            if key not in self.numbers:
                self.numbers[key] = len(self.entities) + 1
                self.entities.append(dict(source))
        return markers(self.numbers[s["iri"] or s["label"]] for s in sources)


def show_lines(facts: Mapping[str, Any], headings: Mapping[str, str], *,
               width: int) -> list[str]:
    """The text of ``show`` for a :func:`~pmograph.describe` answer, ``width`` columns wide.

    Examples
    --------
    >>> source = {"iri": "urn:s", "label": "The PMO handbook", "kind": "source"}
    >>> facts = {"subject": {"iri": "urn:r", "label": "PMO Analyst", "kind": "role"},
    ...          "labels": {"altLabel": ["PMO Officer"]},
    ...          "relations": {"pmo:level": [{"value": 3, "sources": [source]}],
    ...                        "skills": [{"iri": "urn:k", "label": "Reporting", "kind": "skill",
    ...                                    "essential": True, "sources": [source]}]}}
    >>> print("\\n".join(show_lines(facts, {"pmo:level": "Level", "skills": "Skills"},
    ...                             width=40)))
    PMO Analyst (role) <urn:r>
      Also called: PMO Officer
    <BLANKLINE>
    Level: 3 [1]
    <BLANKLINE>
    Skills: Reporting (essential) [1]
    <BLANKLINE>
    Sources:
      [1] The PMO handbook
    """
    relations: Mapping[str, list[dict[str, Any]]] = facts["relations"]
    answers: Mapping[str, Any] = facts.get("answers", {})
    sources = _Sources()
    sources.cite(relations.get("prov:wasDerivedFrom", []))  # the whole description's first
    notes: dict[str, str] = {}
    subject = facts["subject"]
    out = wrap(f"{subject['label']} ({subject['kind']}) <{subject['iri']}>", width,
               subsequent="  ")
    out += _label_lines(subject["label"], facts["labels"], width)
    shown = set()
    for keys in (IDENTITY, DEFINITION, PLACE, RELATIONS, REQUIREMENTS, CLAIMS):
        group = [key for key in keys if key in relations or key in answers]
        if keys is RELATIONS:  # and every relation no group names, by heading
            named = {*IDENTITY, *DEFINITION, *PLACE, *RELATIONS, *REQUIREMENTS, *CLAIMS,
                     *_HOLDING.values()}
            group += sorted((key for key in relations if key not in named),
                            key=lambda key: headings.get(key, key).casefold())
        block: list[str] = []
        room = width - 2 if keys is IDENTITY else width
        for key in group:
            if key in _HOLDING:
                block += _holding_lines(key, answers[key], relations.get(_HOLDING[key], []),
                                        sources, room)
                continue
            heading = headings.get(key, key)
            if heading in shown:  # two relations read the same ("Identifier"): merged above
                continue
            shown.add(heading)
            items = [item for other in group if other in relations
                     and headings.get(other, other) == heading for item in relations[other]]
            block += _relation_lines(heading, items, sources, notes, room,
                                     derived=key == "prov:wasDerivedFrom", iris=key != "type")
        if keys is RELATIONS:
            block += _answer_lines(answers, width)
        if keys is IDENTITY:  # part of the heading: indented under the name
            out += [f"  {line}" for line in block]
        elif block:
            out += ["", *block]
    if sources.entities:
        out += ["", "Sources:"]
        for number, source in enumerate(sources.entities, start=1):
            tag = f"  [{number}] "
            out += wrap(source["label"], width, indent=tag, subsequent=" " * len(tag))
    return out


def _label_lines(label: str, labels: Mapping[str, list[str]], width: int) -> list[str]:
    names = [n for key in ("prefLabel", "label") for n in labels.get(key, []) if n != label]
    lines = []
    for heading, values in (("Also named", list(dict.fromkeys(names))),
                            ("Also called", labels.get("altLabel", [])),
                            ("Also found as", labels.get("hiddenLabel", []))):
        if values:
            lines += wrap(f"{heading}: {'; '.join(sorted(values, key=str.casefold))}", width,
                          indent="  ", subsequent="    ")
    return lines


def _relation_lines(heading: str, items: list[dict[str, Any]], sources: _Sources,
                    notes: dict[str, str], width: int, *, derived: bool = False,
                    iris: bool = True) -> list[str]:
    if derived:  # the sources of the description as a whole: they are the list at the end
        return wrap(f"{heading}: sources {sources.cite(items)}", width, indent="",
                    subsequent="  ")
    items = sorted(items, key=lambda item: (item.get("essential") is False,
                                            _item_text(item).casefold()))
    texts = [f"{_item_text(item, iris=iris)} {sources.cite(item.get('sources', []))}".rstrip()
             for item in items]
    if len(items) == 1 and "note" not in items[0]:
        return wrap(f"{heading}: {texts[0]}", width, subsequent="  ")
    lines = [f"{heading}:"]
    for item, text in zip(items, texts, strict=True):
        lines += wrap(text, width, indent="  - ", subsequent="    ")
        if "note" in item:
            note = " ".join(str(item["note"]).split())
            if note in notes:
                note = f"as for {notes[note]}"
            else:
                notes[note] = str(item.get("label", "the above"))
            lines += wrap(f"note: {note}", width, indent="    ", subsequent="      ")
    return lines


def _holding_lines(key: str, entities: list[dict[str, Any]], stated: list[dict[str, Any]],
                   sources: _Sources, width: int) -> list[str]:
    """A post's holders (saying when it is vacant or a job share), or a person's posts."""
    cited = sources.cite([s for item in stated for s in item.get("sources", [])])
    names = "; ".join(_item_text(entity) for entity in entities)
    if key == "posts held":
        text = f"Holds: {names}"
    elif not entities:
        text = "Held by: nobody (the post is vacant)"
    elif len(entities) == 1:
        text = f"Held by: {names}"
    else:
        text = f"Held by: {names} (a job share: {plural(len(entities), 'holder')})"
    return wrap(f"{text} {cited}".rstrip(), width, subsequent="  ")


def _answer_lines(answers: Mapping[str, Any], width: int) -> list[str]:
    lines: list[str] = []
    for key, heading in ANSWERS.items():
        if key not in answers:
            continue
        value = answers[key]
        if key in ("chain", "roles above"):
            paths = [" → ".join(_item_text(e) for e in path) or "none (this is the top)"
                     for path in value]
            lines += _listed(heading, paths, width)
        elif key == "span of control":
            lines += wrap(f"{heading}: {value['direct']} direct, {value['total']} in all",
                          width, subsequent="  ")
        elif key == "problem":
            lines += wrap(f"{heading}: {value}", width, subsequent="  ")
        else:
            lines += _listed(heading, [_item_text(e) for e in value] or ["none"], width)
    return lines


def _listed(heading: str, texts: list[str], width: int) -> list[str]:
    if len(texts) == 1:
        return wrap(f"{heading}: {texts[0]}", width, subsequent="  ")
    lines = [f"{heading}:"]
    for text in texts:
        lines += wrap(text, width, indent="  - ", subsequent="    ")
    return lines


def _item_text(item: Mapping[str, Any], *, iris: bool = True) -> str:
    """One fact or entity as words: no Python ``True``/``False``, qualifiers in brackets.

    An IRI nothing names is shown whole (``iris``), not as its last segment."""
    if "minLevel" in item or "maxLevel" in item:  # a framework's level range
        low, high = item.get("minLevel"), item.get("maxLevel")
        span = f"{_value_text(low)}–{_value_text(high)}" if None not in (low, high) and \
            low != high else _value_text(low if low is not None else high)
        scale = item.get("framework", {}).get("label")
        text = f"{span} ({scale})" if scale else span
    elif "label" in item:
        text = str(item["label"])
        if iris and item.get("kind") == "resource" and str(item.get("iri", "")).endswith(text):
            text = f"<{item['iri']}>"  # nothing names it here: its IRI says more than a tail
    else:
        text = _value_text(item.get("value"))
    extras = []
    if "proficiency" in item:
        extras.append(f"proficiency {_value_text(item['proficiency'])}")
    if "essential" in item:
        extras.append("essential" if item["essential"] is True else "desirable")
    if "typicalYears" in item:
        years = item["typicalYears"]
        extras.append(f"typically {plural(years, 'year')}" if isinstance(years, int | float)
                      else f"typically {years} years")
    if "move" in item:
        extras.append(str(item["move"]))
    if "holders" in item:
        extras.append(", ".join(h["label"] for h in item["holders"]) or "vacant")
    if item.get("described") is False:
        extras.append("? nothing in the data describes it")
    return f"{text} ({', '.join(extras)})" if extras else text


def _value_text(value: Any) -> str:
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float):
        return f"{value:g}"
    return "" if value is None else str(value)
