"""CTDL pathways (issue #18, item 5): career paths in Credential Engine's JSON-LD.

Every document is read back with rdflib's JSON-LD parser (its context is inline) and checked
against Credential Engine's own definitions of the terms it uses: the entries of the CTDL schema
shipped in ``data/external/ctdl-pathway-terms-subset.json`` (SOURCES.md says where from).  Every
class and property must be defined there; every property must be one the schema lists for the
node's class (``meta:domainFor``, up the ``rdfs:subClassOf`` chain); every value must be of the
property's range (``schema:rangeIncludes``): a language-tagged string for ``rdf:langString``, a
plain string for ``xsd:string``, an IRI for ``xsd:anyURI`` (Credential Engine's JSON-LD context
declares those properties ``"@type": "@id"``) and an IRI of a node of a listed class otherwise.
The moves read back must be the promotion view's, compared with the view, not with a list.
"""

from __future__ import annotations

import copy
import json
import re
import uuid
from collections.abc import Callable
from functools import cache
from itertools import pairwise
from pathlib import Path
from typing import Any

import networkx as nx
import pytest
from rdflib import RDF, XSD, Graph, Literal, URIRef

import pmograph
from pmograph._render.ctdl import document_counts

SUBSET = Path(__file__).resolve().parent.parent / "data" / "external" / \
    "ctdl-pathway-terms-subset.json"
#: The prefixes of the schema's compact IRIs; ceterms and ceasn as Credential Engine's CTDL-ASN
#: JSON-LD context declares them (desmSchemas: Credential Engine/CTDL-ASN_Context.json).
PREFIXES = {"ceterms": "https://purl.org/ctdl/terms/", "ceasn": "https://purl.org/ctdlasn/terms/",
            "xsd": str(XSD), "rdf": str(RDF)}
CTDL = PREFIXES["ceterms"]
CTID = re.compile(r"^ce-[0-9a-f-]{36}$")
SOURCE, TARGET = "PMO Coordinator", "PMO Director"


def expand(curie: str) -> URIRef:
    prefix, _, local = curie.partition(":")
    return URIRef(PREFIXES[prefix] + local)


@cache
def ctdl_schema() -> tuple[dict[URIRef, dict[str, Any]], dict[URIRef, dict[str, Any]]]:
    """The shipped CTDL entries: classes and properties by IRI."""
    entries = json.loads(SUBSET.read_text(encoding="utf-8"))["@graph"]
    classes = {expand(e["@id"]): e for e in entries if e["@type"] == "rdfs:Class"}
    properties = {expand(e["@id"]): e for e in entries if e["@type"] == "rdf:Property"}
    assert len(classes) + len(properties) == len(entries)
    return classes, properties


def allowed_on(kind: URIRef) -> set[URIRef]:
    """The properties the schema lists for a class and, up its subclass chain, its parents."""
    classes, _ = ctdl_schema()
    allowed: set[URIRef] = set()
    todo, seen = [kind], set()
    while todo:
        current = todo.pop()
        if current in seen:
            continue
        seen.add(current)
        entry = classes[current]  # a parent outside the subset is a KeyError: a test failure
        allowed.update(expand(p) for p in entry.get("meta:domainFor", []))
        todo.extend(expand(parent) for parent in entry.get("rdfs:subClassOf", []))
    return allowed


def read(document: dict[str, Any]) -> Graph:
    assert isinstance(document["@context"], dict), "the context must be inline"
    return Graph().parse(data=json.dumps(document), format="json-ld")


def problems(document: dict[str, Any]) -> list[str]:
    """Everything in ``document`` that the CTDL schema's definitions do not allow."""
    classes, properties = ctdl_schema()
    graph = read(document)
    found = []
    for subject in set(graph.subjects()):
        kinds = set(graph.objects(subject, RDF.type))
        unknown = kinds - set(classes)
        if not kinds or unknown:
            found.append(f"{subject} has no CTDL class ({sorted(unknown)})")
    for subject, predicate, value in graph:
        if predicate == RDF.type:
            continue
        if predicate not in properties:
            found.append(f"{predicate} is not a CTDL property")
            continue
        kinds = [k for k in graph.objects(subject, RDF.type) if k in classes]
        if not any(predicate in allowed_on(kind) for kind in kinds):
            found.append(f"{predicate} is not a property of {kinds}")
        ranges = {expand(r) for r in properties[predicate]["schema:rangeIncludes"]}
        found += [f"{predicate} {value!r}: {why}" for why in out_of_range(graph, value, ranges)]
    return found


def out_of_range(graph: Graph, value: Any, ranges: set[URIRef]) -> list[str]:
    if ranges == {RDF.langString}:
        ok = isinstance(value, Literal) and bool(value.language)
        return [] if ok else ["not a language-tagged string"]
    if ranges == {XSD.string}:
        ok = isinstance(value, Literal) and not value.language and value.datatype in (
            None, XSD.string)
        return [] if ok else ["not a plain string"]
    if ranges == {XSD.anyURI}:
        return [] if isinstance(value, URIRef) else ["not an IRI"]
    if not isinstance(value, URIRef):
        return ["not an IRI"]
    return [] if set(graph.objects(value, RDF.type)) & ranges else ["not of a range class"]


def nodes(graph: Graph, kind: str) -> set[Any]:
    return set(graph.subjects(RDF.type, URIRef(CTDL + kind)))


def role_of(graph: Graph) -> dict[Any, str]:
    """Each job component's role: the IRI its ``ceterms:sourceData`` gives."""
    return {c: str(graph.value(c, URIRef(CTDL + "sourceData")))
            for c in nodes(graph, "JobComponent")}


def moves(graph: Graph) -> set[tuple[str, str]]:
    """The moves a document states, as (from-role, to-role) IRIs."""
    role = role_of(graph)
    return {(role[a], role[b]) for a, b in graph.subject_objects(URIRef(CTDL + "precedes"))}


def destinations(graph: Graph) -> set[str]:
    role = role_of(graph)
    return {role[c] for c in graph.objects(None, URIRef(CTDL + "hasDestinationComponent"))}


def test_the_shipped_subset_defines_what_the_export_uses() -> None:
    classes, properties = ctdl_schema()
    assert {c.removeprefix(CTDL) for c in classes} == {
        "JobComponent", "Pathway", "PathwayComponent", "PathwaySet"}
    assert allowed_on(URIRef(CTDL + "JobComponent")) >= {
        URIRef(CTDL + p) for p in ("ctid", "name", "description", "precedes", "sourceData",
                                   "isDestinationComponentOf")}
    assert len(properties) == 8


def test_whole_promotion_graph_is_a_pathway_set(catalog: pmograph.KnowledgeGraph) -> None:
    document = pmograph.ctdl_pathway(catalog)
    assert problems(document) == []
    graph = read(document)
    view = pmograph.promotion_view(catalog)
    assert moves(graph) == set(view.edges()) and view.number_of_edges() > 10
    moving = {role for role in view if view.degree(role)}
    assert set(role_of(graph).values()) == moving  # roles with no move are on no path
    assert nx.is_directed_acyclic_graph(view)  # so the top roles are the sinks
    tops = {role for role in moving if not view.out_degree(role)}
    assert destinations(graph) == tops and len(tops) > 1
    (pathway_set,) = nodes(graph, "PathwaySet")
    pathways = nodes(graph, "Pathway")
    assert set(graph.objects(pathway_set, URIRef(CTDL + "hasPathway"))) == pathways
    assert len(pathways) == len(tops)
    for pathway in pathways:  # each destination points back at its own pathway, only
        (destination,) = graph.objects(pathway, URIRef(CTDL + "hasDestinationComponent"))
        assert list(graph.objects(destination, URIRef(CTDL + "isDestinationComponentOf"))) == [
            pathway]
    assert document_counts(document) == {"pathways": len(tops), "components": len(moving),
                                         "moves": view.number_of_edges()}


def test_career_paths_are_one_pathway_to_the_target(catalog: pmograph.KnowledgeGraph) -> None:
    document = pmograph.ctdl_pathway(catalog, SOURCE, TARGET)
    assert problems(document) == []
    graph = read(document)
    view = pmograph.promotion_view(catalog)
    start, end = str(catalog.resolve(SOURCE)), str(catalog.resolve(TARGET))
    routes = pmograph.promotion_paths(view, start, end, k=5)
    steps = {step for route in routes for step in pairwise(route)}
    assert len(routes) > 1 and steps <= set(view.edges())
    assert moves(graph) == steps
    assert destinations(graph) == {end} and len(nodes(graph, "Pathway")) == 1
    assert not nodes(graph, "PathwaySet")
    (pathway,) = nodes(graph, "Pathway")
    name = graph.value(pathway, URIRef(CTDL + "name"))
    assert (str(name), name.language) == (f"Career paths from {SOURCE} to {TARGET}", "en")
    first = pmograph.ctdl_pathway(catalog, SOURCE, TARGET, k=1)
    assert moves(read(first)) == set(pairwise(routes[0]))


def test_components_carry_the_roles_names_and_definitions(
        catalog: pmograph.KnowledgeGraph) -> None:
    graph = read(pmograph.ctdl_pathway(catalog))
    definitions = {str(role): " ".join(str(text).split())
                   for role, text in catalog.query(
                       "SELECT ?role ?text WHERE { ?role a pmo:Role ; skos:definition ?text }")}
    for component, role in role_of(graph).items():
        name = graph.value(component, URIRef(CTDL + "name"))
        assert (str(name), name.language) == (catalog.label(role), "en")
        description = graph.value(component, URIRef(CTDL + "description"))
        assert (str(description), description.language) == (definitions[role], "en")


def test_ctids_are_stable_and_derived_from_the_role_iris(
        catalog: pmograph.KnowledgeGraph, tmp_path: Path) -> None:
    first, second = tmp_path / "first.jsonld", tmp_path / "second.jsonld"
    pmograph.export(catalog, first, format="ctdl")
    pmograph.export(pmograph.load(), second, format="ctdl")  # a fresh load, the same bytes
    assert first.read_bytes() == second.read_bytes()
    document = json.loads(first.read_text(encoding="utf-8"))
    ctids = [node["ceterms:ctid"] for node in document["@graph"]]
    assert all(CTID.fullmatch(ctid) for ctid in ctids) and len(set(ctids)) == len(ctids)
    graph = read(document)
    for component, role in role_of(graph).items():
        expected = f"ce-{uuid.uuid5(uuid.NAMESPACE_URL, role)}"
        assert str(graph.value(component, URIRef(CTDL + "ctid"))) == expected
    paths = pmograph.ctdl_pathway(catalog, SOURCE, TARGET)
    assert paths == pmograph.ctdl_pathway(catalog, SOURCE, TARGET)
    assert paths["@graph"][0]["ceterms:ctid"] not in ctids  # another pathway, another CTID


def _component(document: dict[str, Any]) -> dict[str, Any]:
    return next(node for node in document["@graph"] if "ceterms:precedes" in node)


def _unknown_term(document: dict[str, Any]) -> None:
    _component(document)["ceterms:promotesTo"] = "urn:uuid:0"


def _term_of_another_class(document: dict[str, Any]) -> None:
    _component(document)["ceterms:hasPathway"] = document["@graph"][1]["@id"]


def _literal_for_a_resource(document: dict[str, Any]) -> None:
    _component(document)["ceterms:precedes"] = [{"@value": "PMO Manager"}]


def _name_without_language(document: dict[str, Any]) -> None:
    del _component(document)["ceterms:name"]
    _component(document)[CTDL + "name"] = "PMO Analyst"


def _unknown_class(document: dict[str, Any]) -> None:
    _component(document)["@type"] = "ceterms:Job"


def _tagged_ctid(document: dict[str, Any]) -> None:
    node = _component(document)
    node["ceterms:ctid"] = {"@value": node["ceterms:ctid"], "@language": "en"}


@pytest.mark.parametrize("tamper", [_unknown_term, _term_of_another_class,
                                    _literal_for_a_resource, _name_without_language,
                                    _unknown_class, _tagged_ctid])
def test_the_validator_catches_what_ctdl_does_not_allow(
        catalog: pmograph.KnowledgeGraph, tamper: Callable[[dict[str, Any]], None]) -> None:
    document = copy.deepcopy(pmograph.ctdl_pathway(catalog))
    tamper(document)
    assert problems(document), tamper.__name__


def test_library_errors_say_what_is_missing(catalog: pmograph.KnowledgeGraph) -> None:
    with pytest.raises(pmograph.PmographError, match="both a source and a target"):
        pmograph.ctdl_pathway(catalog, SOURCE)
    with pytest.raises(pmograph.PmographError, match=r"no career path .* No career move into"):
        pmograph.ctdl_pathway(catalog, "Project Manager", "Project Sponsor")
    with pytest.raises(pmograph.PmographError, match="same role"):
        pmograph.ctdl_pathway(catalog, SOURCE, SOURCE)
    with pytest.raises(pmograph.PmographError, match="no career moves"):
        pmograph.ctdl_pathway(pmograph.load(catalog=False))


def test_cli_writes_pathways(cli: Callable[..., Any], schema: Callable[[str, Any], None],
                             tmp_path: Path) -> None:
    out = tmp_path / "pathway.jsonld"
    result = cli("path", SOURCE, TARGET, "-o", str(out), "--format", "ctdl", "--json")
    assert result.code == 0, result.err
    schema("written", result.json())
    document = json.loads(out.read_text(encoding="utf-8"))
    assert problems(document) == []
    assert result.json()["counts"] == {**document_counts(document), "paths": 2}
    everything = tmp_path / "all.jsonld"
    result = cli("export", "-o", str(everything), "--format", "ctdl", "--json")
    assert result.code == 0, result.err
    schema("written", result.json())
    assert result.json()["format"] == "ctdl"
    assert problems(json.loads(everything.read_text(encoding="utf-8"))) == []
    plain = cli("path", SOURCE, TARGET, "-o", str(out))
    assert plain.code == 0 and plain.out.startswith(f"wrote {out} (ctdl: 1 pathway")


def test_cli_refuses_what_it_cannot_write(cli: Callable[..., Any], tmp_path: Path) -> None:
    out = tmp_path / "pathway.jsonld"
    unknown = cli("path", SOURCE, "PMO Wizard", "-o", str(out), "--json")
    assert unknown.code == 2 and "PMO Wizard" in unknown.err and unknown.err.startswith("Error:")
    assert unknown.json()["error"]["message"]
    none = cli("path", "Project Manager", "Project Sponsor", "-o", str(out))
    assert none.code == 2 and "no career path" in none.err
    assert not out.exists()
    alone = cli("path", SOURCE, TARGET, "--format", "ctdl")
    assert alone.code == 2 and "-o FILE" in alone.err
