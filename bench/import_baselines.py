"""Baselines of the import stage: a generated HR export to N-Triples with plain libraries.

Each is what a programmer would write by hand for this one export (its headers known): read
it with :mod:`csv`, make for each row the triples pmograph makes — the post (type, title,
identifiers, unit), the unit's ``org:hasPost``, the holder (``org:heldBy``/``org:holds``,
typed and named once per person, an e-mail), the reporting line — with pmograph's IRIs, and
write N-Triples:

* ``pyoxigraph``: ``pyoxigraph.serialize`` over a generator of ``Triple`` objects, which writes
  as it goes (memory: the units and people seen, as in pmograph);
* ``rdflib``: every triple into a ``Graph``, then ``Graph.serialize`` (memory: the graph).

Neither matches job titles to catalog roles, checks ids or manager ids, or says what is wrong
with a row: that is pmograph's work, and its cost is what the comparison shows.

Usage: ``python bench/import_baselines.py pyoxigraph|rdflib EXPORT.csv OUT.nt``; prints a JSON
object with the posts, reporting lines and triples written.
"""

from __future__ import annotations

import csv
import hashlib
import json
import re
import sys
import unicodedata
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import quote

ORG = "http://www.w3.org/ns/org#"
BASE = "urn:pmograph:org:"
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
PREDICATES = {"type": RDF_TYPE, "label": "http://www.w3.org/2000/01/rdf-schema#label",
              "notation": "http://www.w3.org/2004/02/skos/core#notation",
              "prefLabel": "http://www.w3.org/2004/02/skos/core#prefLabel",
              "identifier": "http://purl.org/dc/terms/identifier",
              "name": "http://xmlns.com/foaf/0.1/name", "mbox": "http://xmlns.com/foaf/0.1/mbox",
              **{local: ORG + local for local in ("postIn", "hasPost", "heldBy", "holds",
                                                  "reportsTo", "unitOf", "hasUnit")}}
CLASSES = {"Post": ORG + "Post", "Unit": ORG + "OrganizationalUnit",
           "Organization": ORG + "Organization", "Person": "http://xmlns.com/foaf/0.1/Person"}
#: (subject, predicate key, object, object is an IRI)
Plain = tuple[str, str, str, bool]


def slug(text: str) -> str:
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^0-9a-z]+", "-", ascii_text.casefold()).strip("-") or "unnamed"


def plain_triples(path: str) -> Iterator[Plain]:
    """The triples of the export as plain strings."""
    root = BASE + slug(Path(path).stem)
    yield root, "type", CLASSES["Organization"], True
    yield root, "prefLabel", Path(path).stem, False
    units: set[str] = set()
    people: set[str] = set()
    with open(path, encoding="utf-8-sig", newline="") as handle:
        reader = csv.reader(handle)
        header = [cell.strip() for cell in next(reader)]
        column = {name: header.index(name) for name in header}
        for row in reader:
            if not "".join(row).strip():
                continue
            cells = [cell.strip() for cell in row]
            ident, title = cells[column["Employee ID"]], cells[column["Job Title"]]
            post = f"{root}/post/{quote(ident, safe='-._~')}"
            unit_name = cells[column["Department"]]
            within = f"{root}/unit/{slug(unit_name)}" if unit_name else root
            if unit_name and unit_name not in units:
                units.add(unit_name)
                yield within, "type", CLASSES["Unit"], True
                yield within, "prefLabel", unit_name, False
                yield within, "unitOf", root, True
                yield root, "hasUnit", within, True
            yield post, "type", CLASSES["Post"], True
            if title:
                yield post, "label", title, False
            yield post, "notation", ident, False
            yield post, "identifier", ident, False
            yield post, "postIn", within, True
            yield within, "hasPost", post, True
            manager = cells[column["Manager ID"]]
            if manager:
                yield post, "reportsTo", f"{root}/post/{quote(manager, safe='-._~')}", True
            name = " ".join(p for p in (cells[column["First Name"]], cells[column["Last Name"]])
                            if p)
            if not name:
                continue
            key = " ".join(unicodedata.normalize("NFKC", name).casefold().split())
            person = f"{root}/person/{hashlib.sha256(key.encode()).hexdigest()[:12]}"
            yield post, "heldBy", person, True
            yield person, "holds", post, True
            if person not in people:
                people.add(person)
                yield person, "type", CLASSES["Person"], True
                yield person, "name", name, False
                email = cells[column["Work Email"]]
                if email:
                    yield person, "mbox", "mailto:" + email, True


def run_pyoxigraph(path: str, out: str) -> dict[str, int]:
    import pyoxigraph as ox

    counts = {"posts": 0, "reporting_lines": 0, "triples": 0}
    predicates = {key: ox.NamedNode(iri) for key, iri in PREDICATES.items()}
    post_type = CLASSES["Post"]

    def triples() -> Iterator[ox.Triple]:
        for subject, predicate, obj, is_iri in plain_triples(path):
            counts["triples"] += 1
            counts["posts"] += predicate == "type" and obj == post_type
            counts["reporting_lines"] += predicate == "reportsTo"
            yield ox.Triple(ox.NamedNode(subject), predicates[predicate],
                            ox.NamedNode(obj) if is_iri else ox.Literal(obj))

    ox.serialize(triples(), output=out, format=ox.RdfFormat.N_TRIPLES)
    return counts


def run_rdflib(path: str, out: str) -> dict[str, int]:
    from rdflib import Graph, Literal, URIRef

    graph = Graph()
    predicates = {key: URIRef(iri) for key, iri in PREDICATES.items()}
    for subject, predicate, obj, is_iri in plain_triples(path):
        graph.add((URIRef(subject), predicates[predicate],
                   URIRef(obj) if is_iri else Literal(obj)))
    graph.serialize(out, format="nt", encoding="utf-8")
    return {"posts": len(set(graph.subjects(predicates["type"], URIRef(CLASSES["Post"])))),
            "reporting_lines": len(set(graph.subject_objects(predicates["reportsTo"]))),
            "triples": len(graph)}


if __name__ == "__main__":
    engine, source, target = sys.argv[1:4]
    figures = (run_pyoxigraph if engine == "pyoxigraph" else run_rdflib)(source, target)
    print(json.dumps(figures))
