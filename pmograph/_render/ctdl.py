"""Career moves between roles as CTDL pathways: Credential Engine's JSON-LD.

The terms and their use follow the CTDL schema as Credential Engine publishes it (the encoding
of credreg.net/ctdl/schema/encoding/json; the entries used are in
``data/external/ctdl-pathway-terms-subset.json``), and the value types follow Credential Engine's
own JSON-LD context (language maps for ``rdf:langString``, IRIs for classes and ``xsd:anyURI``):

* Each role is a ``ceterms:JobComponent`` — "Resource that identifies a work position,
  employment, or occupation" — not a ``ceterms:WorkExperienceComponent``, which CTDL defines as
  "an activity or training through which a person gains job experience": a role in a career
  framework is a position, not an activity.
* A move from role A to role B is ``A ceterms:precedes B``: CTDL defines the value of
  ``precedes`` as the "Resource that logically comes after this resource" and says it gives "a
  simple or suggested ordering of resources; if a required ordering is intended, use
  ceterms:prerequisite instead".  A career move is a route people take, not a requirement (a
  role can be reached from several others), so ``prerequisite`` ("required as a prior
  condition") would claim too much, and ``ceasn:hasChild``/``ceasn:isChildOf`` ("lower in some
  arbitrary hierarchy") say nothing of order; neither is written.  Whether a move is a promotion
  or a lateral move has no CTDL term: the pathway's description counts the lateral ones.
* A pathway has one destination (``ceterms:hasDestinationComponent``, and
  ``ceterms:isDestinationComponentOf`` back from the component).  The career paths between two
  roles are one ``ceterms:Pathway`` to the target.  The whole promotion graph is a
  ``ceterms:PathwaySet`` ("A roadmap of multiple related pathways that lead to one or more
  destinations") with one pathway per top role: a role no move leads on from (in general, a
  member of a group of roles that reach one another that no move leaves).  Roles with no move
  at all are on no career path and are left out.  Components are shared between the pathways.
* ``ceterms:name`` is the role's label and ``ceterms:description`` its definition, as language
  maps (``{"en": ...}``; text with no language tag is written as English, the catalog's
  language); a role with no definition has no description.  ``ceterms:sourceData`` ("Structured
  data representing the resource") is the role's IRI, whose RDF pmograph holds.
* CTIDs are ``ce-`` and a UUID 5 (URL namespace): of the role IRI for a component, of the
  pathway's name, destination and moves for a pathway (a CTID names one version of a resource),
  so the same data always gives the same document.  Each node's ``@id`` is ``urn:uuid:`` and the
  same UUID: pmograph does not mint Credential Registry URIs.
* Pathways have no ``ceterms:ownedBy`` or ``ceterms:subjectWebpage``: pmograph knows no owning
  organisation or web page; add them before publishing to the Credential Registry.

The ``@context`` is inline (pmograph never relies on a remote context): the ``ceterms`` and
``ceasn`` namespaces and the type of each term used.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import networkx as nx

from pmograph._typing import StrDiGraph

__all__ = ["CONTEXT", "career_paths_document", "ctid", "document_counts",
           "promotion_graph_document", "top_roles"]

#: The language of the names and descriptions pmograph writes.
LANGUAGE = "en"
#: The inline JSON-LD context: namespaces, then each term's type as Credential Engine's context
#: declares it (``@id`` for resources and URLs, a language map for ``rdf:langString``).
CONTEXT: dict[str, Any] = {
    "ceterms": "https://purl.org/ctdl/terms/",
    "ceasn": "https://purl.org/ctdlasn/terms/",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
    "ceterms:ctid": {"@type": "xsd:string"},
    "ceterms:name": {"@container": "@language"},
    "ceterms:description": {"@container": "@language"},
    "ceterms:hasPathway": {"@type": "@id"},
    "ceterms:hasDestinationComponent": {"@type": "@id"},
    "ceterms:isDestinationComponentOf": {"@type": "@id"},
    "ceterms:precedes": {"@type": "@id"},
    "ceterms:sourceData": {"@type": "@id"},
}


def ctid(name: str) -> str:
    """The CTID pmograph derives from ``name``: ``ce-`` and its UUID 5 in the URL namespace.

    Examples
    --------
    >>> ctid("https://w3id.org/pmograph/catalog/PMODirector")
    'ce-04e33230-0444-5b3b-8067-94212044d5ed'
    """
    return f"ce-{uuid.uuid5(uuid.NAMESPACE_URL, name)}"


def top_roles(G: StrDiGraph) -> list[str]:
    """The roles no move leads on from, among the roles with a move (lowest level first).

    In a graph with cycles (lateral moves both ways), every member of a group of roles that
    reach one another and that no move leaves is a top role.

    Examples
    --------
    >>> G = nx.DiGraph([("analyst", "manager"), ("manager", "director"), ("pm", "director"),
    ...                 ("a", "b"), ("b", "a")])
    >>> G.add_node("alone")
    >>> top_roles(G)
    ['a', 'b', 'director']
    """
    moves = G.edge_subgraph(G.edges)
    groups = nx.condensation(moves)
    return sorted((role for group in groups if not groups.out_degree(group)
                   for role in groups.nodes[group]["members"]), key=_order(G))


def promotion_graph_document(G: StrDiGraph) -> dict[str, Any]:
    """The moves of ``G`` as a CTDL ``PathwaySet``: one ``Pathway`` per top role.

    ``G`` is a promotion view (role IRIs with ``label``, ``level`` and optionally
    ``definitions``, language → text; edges with ``kind``).  See the module for the terms.

    Examples
    --------
    >>> G = nx.DiGraph()
    >>> G.add_node("urn:r:1", label="Analyst", level=1, definitions={"en": "Analyses."})
    >>> G.add_node("urn:r:2", label="Manager", level=2)
    >>> G.add_edge("urn:r:1", "urn:r:2", kind="promotion")
    >>> document = promotion_graph_document(G)
    >>> [node["@type"] for node in document["@graph"]]
    ['ceterms:PathwaySet', 'ceterms:Pathway', 'ceterms:JobComponent', 'ceterms:JobComponent']
    >>> analyst = document["@graph"][2]
    >>> analyst["ceterms:name"], analyst["ceterms:precedes"] == [document["@graph"][3]["@id"]]
    ({'en': 'Analyst'}, True)
    """
    moves = G.edge_subgraph(G.edges)
    tops = top_roles(G)
    pathways = [_pathway(moves.subgraph(nx.ancestors(moves, top) | {top}), top,
                         f"Career paths to {_label(G, top)}",
                         f"Career moves that lead to {_label(G, top)}")
                for top in tops]
    roles, lateral = moves.number_of_nodes(), _lateral(moves)
    text = (f"Promotions and lateral moves between {_count(roles, 'role')} "
            f"({_count(moves.number_of_edges(), 'move')}, {lateral} lateral), one pathway to "
            f"each role no move leads on from.")
    pathway_set = _node("ceterms:PathwaySet", _key("set", "", moves.edges),
                        "Career paths between roles", text)
    pathway_set["ceterms:hasPathway"] = [pathway["@id"] for pathway in pathways]
    return {"@context": CONTEXT, "@graph": [pathway_set, *pathways,
                                            *_components(moves, pathways, tops)]}


def career_paths_document(G: StrDiGraph, source: str, target: str, *,
                          routes: int = 1) -> dict[str, Any]:
    """Career paths from ``source`` to ``target`` as one CTDL ``Pathway`` to ``target``.

    ``G`` holds the moves of the paths (the promotion view restricted to them); ``routes``
    says how many paths they are, for the description.

    Examples
    --------
    >>> G = nx.DiGraph()
    >>> G.add_nodes_from([("urn:r:1", {"label": "Analyst"}), ("urn:r:2", {"label": "Manager"})])
    >>> G.add_edge("urn:r:1", "urn:r:2", kind="promotion")
    >>> pathway, *components = career_paths_document(G, "urn:r:1", "urn:r:2")["@graph"]
    >>> pathway["ceterms:name"]
    {'en': 'Career path from Analyst to Manager'}
    >>> components[1]["ceterms:isDestinationComponentOf"] == [pathway["@id"]]
    True
    """
    plural = "s" if routes != 1 else ""
    name = f"Career path{plural} from {_label(G, source)} to {_label(G, target)}"
    pathway = _pathway(G, target, name, f"The {routes} career path{plural} found from "
                       f"{_label(G, source)} to {_label(G, target)}, shortest first")
    return {"@context": CONTEXT, "@graph": [pathway, *_components(G, [pathway], [target])]}


def document_counts(document: Mapping[str, Any]) -> dict[str, int]:
    """Pathways, components (roles) and moves in a document of this module.

    Examples
    --------
    >>> G = nx.DiGraph([("urn:r:1", "urn:r:2")])
    >>> document_counts(promotion_graph_document(G))
    {'pathways': 1, 'components': 2, 'moves': 1}
    """
    nodes = document["@graph"]
    return {"pathways": sum(node["@type"] == "ceterms:Pathway" for node in nodes),
            "components": sum(node["@type"] == "ceterms:JobComponent" for node in nodes),
            "moves": sum(len(node.get("ceterms:precedes", ())) for node in nodes)}


# ------------------------------------------------------------------------------------ helpers
def _pathway(G: StrDiGraph, destination: str, name: str, what: str) -> dict[str, Any]:
    """A ``Pathway`` to ``destination`` over the moves of ``G`` (all of which lead there)."""
    text = (f"{what}: {_count(G.number_of_nodes(), 'role')}, "
            f"{_count(G.number_of_edges(), 'move')} ({_lateral(G)} lateral).")
    pathway = _node("ceterms:Pathway", _key(name, destination, G.edges), name, text)
    pathway["ceterms:hasDestinationComponent"] = _id(ctid(destination))
    return pathway


def _components(G: StrDiGraph, pathways: Sequence[dict[str, Any]],
                destinations: Sequence[str]) -> list[dict[str, Any]]:
    """One ``JobComponent`` per role of ``G``, lowest level first."""
    destination_of = dict(zip(destinations, pathways, strict=True))
    components = []
    for role in sorted(G, key=_order(G)):
        component = _node("ceterms:JobComponent", role, _label(G, role), None)
        definitions = G.nodes[role].get("definitions") or {}
        if definitions:
            component["ceterms:description"] = dict(sorted(definitions.items()))
        component["ceterms:sourceData"] = role
        following = sorted(G.successors(role), key=_order(G))
        if following:
            component["ceterms:precedes"] = [_id(ctid(after)) for after in following]
        if role in destination_of:
            component["ceterms:isDestinationComponentOf"] = [destination_of[role]["@id"]]
        components.append(component)
    return components


def _node(kind: str, key: str, name: str, description: str | None) -> dict[str, Any]:
    identifier = ctid(key)
    node: dict[str, Any] = {"@id": _id(identifier), "@type": kind, "ceterms:ctid": identifier,
                            "ceterms:name": {LANGUAGE: name}}
    if description is not None:
        node["ceterms:description"] = {LANGUAGE: description}
    return node


def _key(name: str, destination: str, moves: Iterable[tuple[str, str]]) -> str:
    """What a pathway's CTID is derived from: its name, destination and moves."""
    return "\n".join([f"pmograph:ctdl:{name}", destination,
                      *(f"{a} {b}" for a, b in sorted(moves))])


def _id(identifier: str) -> str:
    return "urn:uuid:" + identifier.removeprefix("ce-")


def _label(G: StrDiGraph, role: str) -> str:
    return str(G.nodes[role].get("label") or role)


def _order(G: StrDiGraph) -> Any:
    def key(role: str) -> tuple[bool, int, str, str]:
        level = G.nodes[role].get("level")
        return level is None, level or 0, _label(G, role).casefold(), role
    return key


def _lateral(G: StrDiGraph) -> int:
    return sum(G.edges[edge].get("kind") == "lateral" for edge in G.edges)


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}{'' if number == 1 else 's'}"
