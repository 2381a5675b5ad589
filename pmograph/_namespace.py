"""The ``pmo:`` vocabulary as an rdflib :class:`~rdflib.namespace.DefinedNamespace`.

Every term here is declared in ``ontology/pmo.ttl`` and every ``pmo:`` term declared there is
listed here; ``tests/test_namespace.py`` checks both directions.  ``_fail = True`` makes a typo
such as ``PMO.dotedLineTo`` raise instead of silently minting a wrong IRI.
"""

from __future__ import annotations

from rdflib import URIRef
from rdflib.namespace import DefinedNamespace, Namespace

#: Namespace of the vocabulary (classes and properties).
PMO_NS = "https://w3id.org/pmograph/ns#"
#: Namespace of the bundled PMO role catalog (roles, skills, sources ...).
CATALOG_NS = "https://w3id.org/pmograph/catalog/"

PMOC = Namespace(CATALOG_NS)


class PMO(DefinedNamespace):
    """The pmograph vocabulary, ``https://w3id.org/pmograph/ns#``."""

    _fail = True
    _NS = Namespace(PMO_NS)

    # --- role layer: classes
    Role: URIRef  # a kind of job in a career framework (subclass of org:Role)
    Track: URIRef  # a career track (PMO, delivery, executive ...)
    LevelRange: URIRef  # a framework's own level range for a role (e.g. SFIA 3-4)
    Skill: URIRef
    Qualification: URIRef
    PMOFunction: URIRef
    Responsibility: URIRef
    SuccessFactor: URIRef
    Requirement: URIRef
    SkillRequirement: URIRef
    QualificationRequirement: URIRef
    Attainment: URIRef  # what a person has: a skill at a level, or a qualification
    SkillAttainment: URIRef
    QualificationAttainment: URIRef
    ReportingLine: URIRef  # typical reporting between two roles (qualified node)
    CareerMove: URIRef
    Promotion: URIRef
    LateralMove: URIRef
    Claim: URIRef
    EditorialDecision: URIRef  # the catalog's own choice, with its reason (a pmo:Claim)
    Statistic: URIRef
    ProjectManagementOffice: URIRef
    ProjectPMO: URIRef
    ProgrammePMO: URIRef
    PortfolioPMO: URIRef
    EnterprisePMO: URIRef
    OrganisationPortfolioOffice: URIRef  # P3O office types below
    HubOffice: URIRef
    CentreOfExcellence: URIRef
    TemporaryProgrammeOffice: URIRef
    TemporaryProjectOffice: URIRef

    # --- role layer: properties
    track: URIRef
    level: URIRef
    levelRange: URIRef
    framework: URIRef
    minLevel: URIRef
    maxLevel: URIRef
    hasRequirement: URIRef
    hasAttainment: URIRef  # person -> attainment (the mirror of hasRequirement)
    skill: URIRef
    qualification: URIRef
    proficiency: URIRef
    essential: URIRef
    subordinate: URIRef
    superior: URIRef
    fromRole: URIRef
    toRole: URIRef
    requires: URIRef
    typicalYears: URIRef
    conflictsWith: URIRef
    explanation: URIRef
    supports: URIRef  # claim -> a fact it supports
    noMoveInto: URIRef  # claim -> a role no recorded move leads into (the claim says why)
    accountableRole: URIRef  # responsibility -> role
    accountableOffice: URIRef  # responsibility -> office type (a class)
    officeType: URIRef  # role -> office type it typically works in (a class)
    omitted: URIRef  # on a schema:HowToStep the source numbers but leaves out

    # --- org layer
    dottedLineTo: URIRef  # deliberately NOT a sub-property of org:reportsTo


#: The prefixes every store knows (queries may use them without declaring them).
PREFIX_TEXT: dict[str, str] = {
    "pmo": PMO_NS, "pmoc": CATALOG_NS, "org": "http://www.w3.org/ns/org#",
    "skos": "http://www.w3.org/2004/02/skos/core#", "prov": "http://www.w3.org/ns/prov#",
    "schema": "https://schema.org/", "foaf": "http://xmlns.com/foaf/0.1/",
    "dcterms": "http://purl.org/dc/terms/", "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#", "owl": "http://www.w3.org/2002/07/owl#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
}
