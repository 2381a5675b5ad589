"""Map known third-party terms for posts and reporting lines to W3C ORG on load.

Real published organograms use their own vocabularies for the ideas ORG names.  data.gov.uk's
RDF, for example, links junior posts to their senior post with ``organogram:reportingTo`` and
senior posts to holders with ``central-government:heldBy``, and types posts
``central-government:SeniorCivilServicePost``.  :func:`map_to_org` adds the ORG statement
beside each such statement (the original triples stay), so every view, query and check that
speaks ORG works on the published data as it is.

The map is a plain table, applied with indexed triple lookups: cheap on any store, and
idempotent (adding a triple that is already present changes nothing).
"""

from __future__ import annotations

from rdflib import RDF, Graph, Literal, Namespace, URIRef
from rdflib.namespace import ORG, SKOS
from rdflib.term import Node

#: data.gov.uk's central-government vocabulary.
CENTRAL_GOVERNMENT = Namespace("http://reference.data.gov.uk/def/central-government/")
#: data.gov.uk's organogram vocabulary.
ORGANOGRAM = Namespace("http://reference.data.gov.uk/def/organogram/")

#: Third-party property → the ORG property with the same meaning and direction.
PROPERTY_MAP: dict[URIRef, URIRef] = {
    ORGANOGRAM.reportingTo: ORG.reportsTo,  # junior post → its senior post
    CENTRAL_GOVERNMENT.reportsTo: ORG.reportsTo,
    CENTRAL_GOVERNMENT.heldBy: ORG.heldBy,
    CENTRAL_GOVERNMENT.holdsPost: ORG.holds,
    CENTRAL_GOVERNMENT.postIn: ORG.postIn,
    CENTRAL_GOVERNMENT.hasPost: ORG.hasPost,
    CENTRAL_GOVERNMENT.postholder: ORG.member,  # a tenure (typed org:Membership) → its holder
    ORGANOGRAM.unit: ORG.postIn,  # a junior row → its unit
}

#: Third-party class → the ORG class its instances belong to.
CLASS_MAP: dict[URIRef, URIRef] = {
    CENTRAL_GOVERNMENT.Post: ORG.Post,
    CENTRAL_GOVERNMENT.CivilServicePost: ORG.Post,
    CENTRAL_GOVERNMENT.SeniorCivilServicePost: ORG.Post,
    CENTRAL_GOVERNMENT.Department: ORG.Organization,
    CENTRAL_GOVERNMENT.PublicBody: ORG.Organization,
}

#: Properties whose subject is a post even when the data does not type it: data.gov.uk's
#: junior rows are ``qb:Observation`` nodes that report to a senior post.
POST_SUBJECTS: tuple[URIRef, ...] = (ORGANOGRAM.reportingTo,)


def map_to_org(graph: Graph) -> int:
    """Add the W3C ORG equivalent of every known third-party statement in ``graph``.

    Returns the number of triples added.

    Examples
    --------
    >>> from rdflib import Graph, URIRef
    >>> g = Graph()
    >>> junior, senior = URIRef("http://example.org/j"), URIRef("http://example.org/s")
    >>> g.add((junior, ORGANOGRAM.reportingTo, senior))
    <Graph identifier=... (<class 'rdflib.graph.Graph'>)>
    >>> map_to_org(g)
    2
    >>> (junior, ORG.reportsTo, senior) in g and (junior, RDF.type, ORG.Post) in g
    True
    >>> map_to_org(g)  # idempotent
    0
    """
    additions: set[tuple[Node, Node, Node]] = set()
    for source, target in PROPERTY_MAP.items():
        for subject, obj in graph.subject_objects(source):
            additions.add((subject, target, obj))
            if source in POST_SUBJECTS:
                additions.add((subject, RDF.type, ORG.Post))
    for source, target in CLASS_MAP.items():
        for subject in graph.subjects(RDF.type, source):
            additions.add((subject, RDF.type, target))
    additions.update(_junior_labels(graph))
    new = [triple for triple in additions if triple not in graph]
    for triple in new:
        graph.add(triple)
    return len(new)


def _junior_labels(graph: Graph) -> set[tuple[URIRef, URIRef, Literal]]:
    """A short display label for each aggregated junior row: its job title and grade.

    data.gov.uk labels these rows with a whole sentence ("11 Regional/Project Consultant
    (Operational Delivery) in FINANCE ... reporting to post 90115 FTE at 31/03/2011"); the job
    and grade are resources with their own ``skos:prefLabel``.
    """
    labels: set[tuple[URIRef, URIRef, Literal]] = set()
    for row, job in graph.subject_objects(ORGANOGRAM.job):
        if not isinstance(row, URIRef) or graph.value(row, SKOS.prefLabel) is not None:
            continue
        title = graph.value(job, SKOS.prefLabel)
        if title is None:
            continue
        grade = graph.value(graph.value(row, ORGANOGRAM.grade), SKOS.prefLabel)
        text = f"{title} (grade {grade})" if grade is not None else str(title)
        labels.add((row, SKOS.prefLabel, Literal(text)))
    return labels
