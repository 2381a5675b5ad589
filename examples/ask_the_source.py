"""Ask the bundled PMO catalog every question its source asked, and print the answers.

Runs each shipped query (``pmograph/queries/*.rq``) against the bundled catalog and prints the
question it answers, then one line per result row.  Parameterised queries (those with a
``# param:`` header) get an example role; the query that compares two snapshots gets the two
snapshots of ``tests/data/snapshots``, kept beside the catalog.

Example:

    python examples/ask_the_source.py
"""

from __future__ import annotations

import textwrap
from pathlib import Path

from rdflib import Literal, URIRef
from rdflib.query import Result

import pmograph

#: Example bindings for the generic, parameterised queries (names resolve like the CLI's).
EXAMPLE_BINDINGS: dict[str, object] = {"role": "Project Manager"}
#: One organisation on two dates, for the query that lists what changed between snapshots.
SNAPSHOTS = Path(__file__).resolve().parent.parent / "tests" / "data" / "snapshots"
WIDTH = 110


def show(term: object, kg: pmograph.KnowledgeGraph) -> str:
    """A readable form of one result value: labels for IRIs, plain text for literals."""
    if isinstance(term, URIRef):
        return kg.label(term)
    if isinstance(term, Literal):
        return " ".join(str(term).split())
    return str(term)


def print_rows(result: Result, kg: pmograph.KnowledgeGraph) -> None:
    """Print what every row shares once, then what varies, one line per row."""
    names = [str(variable) for variable in result.vars or []]
    # An IRI column already prints as its label, so its twin "...Label" column adds nothing.
    shown = [name for name in names if not (name.endswith("Label") and name[:-5] in names)]
    rows = [{name: show(value, kg) for name, value in zip(names, row, strict=True)
             if value is not None and name in shown} for row in result]
    if not rows:
        print("    (no answer in the catalog)")
        return
    shared = [name for name in shown if len(rows) > 1
              and all(name in row and row[name] == rows[0][name] for row in rows)]
    for name in shared:
        print(textwrap.fill(f"{name}: {rows[0][name]}", width=WIDTH, initial_indent="  ",
                            subsequent_indent="    "))
    for row in rows:
        cells = [f"{name}={value}" for name, value in row.items() if name not in shared]
        if cells:
            print(textwrap.fill("; ".join(cells), width=WIDTH, initial_indent="  - ",
                                subsequent_indent="    "))


def main() -> None:
    kg = pmograph.load()
    old, _ = kg.add_snapshot(SNAPSHOTS / "org-2026-03.ttl", date="2026-03-31")
    new, _ = kg.add_snapshot(SNAPSHOTS / "org-2026-09.ttl", date="2026-09-30")
    EXAMPLE_BINDINGS.update(old=URIRef(old.graph), new=URIRef(new.graph))
    for shipped in pmograph.list_queries():
        bindings = {name: value for name, value in EXAMPLE_BINDINGS.items()
                    if any(param.split()[0] == name for param in shipped.params)}
        print(f"\n{shipped.question or shipped.title}")
        print(f"  [{shipped.name}] {shipped.description}")
        if bindings:
            print("  with " + ", ".join(f"{k}={v!r}" for k, v in bindings.items()))
        print_rows(kg.query(shipped.name, **bindings), kg)


if __name__ == "__main__":
    main()
