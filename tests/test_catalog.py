"""The bundled PMO catalog, read with plain rdflib and pySHACL: content, provenance, shapes."""

from __future__ import annotations

import itertools
import unicodedata
from decimal import Decimal
from pathlib import Path

import pytest
from rdflib import RDF, RDFS, Graph, Literal, Namespace, URIRef
from rdflib.namespace import PROV, SKOS

from pmograph._namespace import PMO

ONTOLOGY = Path(__file__).resolve().parent.parent / "pmograph" / "ontology"
PMOC = Namespace("https://w3id.org/pmograph/catalog/")
# Plain namespaces: rdflib's DefinedNamespace ones warn when pytest's doctest finder probes them.
SDO = Namespace("https://schema.org/")
XSD_INTEGER = URIRef("http://www.w3.org/2001/XMLSchema#integer")
DCTERMS_IS_PART_OF = URIRef("http://purl.org/dc/terms/isPartOf")
FACT_TYPES = (
    PMO.ReportingLine,
    PMO.Promotion,
    PMO.LateralMove,
    PMO.SkillRequirement,
    PMO.QualificationRequirement,
    PMO.Claim,
    PMO.Statistic,
    PMO.LevelRange,
    PMO.Responsibility,
    PMO.PMOFunction,
    PMO.SuccessFactor,
    SDO.HowTo,
    SDO.HowToStep,
)


@pytest.fixture(scope="module")
def vocabulary() -> Graph:
    return Graph().parse(ONTOLOGY / "pmo.ttl")


@pytest.fixture(scope="module")
def shapes() -> Graph:
    return Graph().parse(ONTOLOGY / "shapes.ttl")


def load_catalog() -> Graph:
    graph = Graph()
    for path in sorted((ONTOLOGY / "catalog").glob("*.ttl")):
        graph.parse(path)
    return graph


@pytest.fixture(scope="module")
def catalog() -> Graph:
    return load_catalog()


def fold(text: str) -> str:
    return unicodedata.normalize("NFKC", text).casefold().strip()


def roles_named(graph: Graph, name: str) -> set[URIRef]:
    """Roles whose preferred, alternative or hidden label matches ``name`` (case-insensitively)."""
    found = set()
    for predicate in (SKOS.prefLabel, SKOS.altLabel, SKOS.hiddenLabel):
        for role, label in graph.subject_objects(predicate):
            if (role, RDF.type, PMO.Role) in graph and fold(str(label)) == fold(name):
                found.add(role)
    return found


def level(graph: Graph, role: URIRef) -> int:
    value = graph.value(role, PMO.level)
    assert value is not None, role
    return int(value)


# --- roles ---


def test_every_role_has_one_english_label_a_track_and_an_integer_level(catalog: Graph) -> None:
    roles = set(catalog.subjects(RDF.type, PMO.Role))
    assert len(roles) >= 24
    for role in roles:
        labels = [o for o in catalog.objects(role, SKOS.prefLabel) if o.language == "en"]
        assert len(labels) == 1, role
        track = catalog.value(role, PMO.track)
        assert (track, RDF.type, PMO.Track) in catalog, role
        assert catalog.value(track, SKOS.prefLabel) is not None
        assert catalog.value(role, PMO.level).datatype == XSD_INTEGER, role
        assert catalog.value(role, SKOS.definition) is not None, role


def test_tracks_are_pmo_delivery_and_executive(catalog: Graph) -> None:
    tracks = {str(catalog.value(t, SKOS.prefLabel)) for t in catalog.subjects(RDF.type, PMO.Track)}
    assert tracks == {"PMO", "delivery", "executive"}


@pytest.mark.parametrize(
    ("name", "local"),
    [
        ("PMO Coordinator", "PMOCoordinator"),
        ("pmo analyst", "PMOAnalyst"),
        ("PMO Manager", "PMOManager"),
        ("PMO Director", "PMODirector"),
        ("Head of PMO", "PMODirector"),
        ("PMO Lead", "PMODirector"),
        ("Project Manager", "ProjectManager"),
        ("Business Project Manager", "BusinessProjectManager"),
        ("Technical Project Manager", "TechnicalProjectManager"),
        ("Program Manager", "ProgramManager"),
        ("Programme Manager", "ProgramManager"),
        ("Portfolio Manager", "PortfolioManager"),
        ("Head of Program/Project", "HeadOfProgramsAndProjects"),
        ("Manager of Project Managers", "ManagerOfProjectManagers"),
        ("VP of Project Management", "ManagerOfProjectManagers"),
        ("Director of Project Management", "DirectorOfProjectManagement"),
        ("Project Support Officer", "ProjectSupportOfficer"),
        ("Project Administrator", "ProjectSupportOfficer"),
        ("Senior Project Manager", "SeniorProjectManager"),
        ("Program Director", "ProgramDirector"),
        ("Programme Office Manager", "ProgramOfficeManager"),
        ("Chief Project Delivery Officer", "ChiefProjectDeliveryOfficer"),
        ("Senior Responsible Owner", "SeniorResponsibleOwner"),
    ],
)
def test_roles_resolve_by_label_or_synonym(catalog: Graph, name: str, local: str) -> None:
    assert roles_named(catalog, name) == {PMOC[local]}


def test_project_coordinator_is_ambiguous_by_design(catalog: Graph) -> None:
    found = roles_named(catalog, "project coordinator")
    assert PMOC.ProjectManager in found
    assert any(catalog.value(role, PMO.track) == PMOC.PMOTrack for role in found)


def test_executive_roles_sit_above_delivery_and_pmo_leads(catalog: Graph) -> None:
    assert level(catalog, PMOC.HeadOfProgramsAndProjects) > level(
        catalog, PMOC.ManagerOfProjectManagers
    )
    assert level(catalog, PMOC.ManagerOfProjectManagers) > level(catalog, PMOC.ProjectManager)
    assert (
        level(catalog, PMOC.PortfolioManager)
        > level(catalog, PMOC.ProgramManager)
        > level(catalog, PMOC.ProjectManager)
    )


def test_two_project_managers_are_both_kinds_of_project_manager(catalog: Graph) -> None:
    for local in ("BusinessProjectManager", "TechnicalProjectManager"):
        assert (PMOC[local], SKOS.broader, PMOC.ProjectManager) in catalog


def test_sourced_framework_levels(catalog: Graph) -> None:
    def ranges(role: URIRef) -> set[tuple[str, int, int]]:
        return {
            (
                str(catalog.value(catalog.value(r, PMO.framework), RDFS.label)),
                int(catalog.value(r, PMO.minLevel)),
                int(catalog.value(r, PMO.maxLevel)),
            )
            for r in catalog.objects(role, PMO.levelRange)
        }

    assert any(
        f.startswith("SFIA") and (lo, hi) == (3, 4)
        for f, lo, hi in ranges(PMOC.ProjectSupportOfficer)
    )
    assert any(f.startswith("PMO Learning") and lo == 4 for f, lo, _ in ranges(PMOC.PMODirector))
    assert not ranges(PMOC.ProgramDirector)  # a recorded gap, not an invented range
    assert catalog.value(PMOC.ProgramDirector, SKOS.editorialNote) is not None


# --- moves and reporting ---


def moves(graph: Graph, kind: URIRef) -> set[tuple[URIRef, URIRef]]:
    return {
        (graph.value(m, PMO.fromRole), graph.value(m, PMO.toRole))
        for m in graph.subjects(RDF.type, kind)
    }


def test_pmo_ladder_promotions_exist_with_increasing_levels(catalog: Graph) -> None:
    ladder = [PMOC.PMOCoordinator, PMOC.PMOAnalyst, PMOC.PMOManager, PMOC.PMODirector]
    promotions = moves(catalog, PMO.Promotion)
    for lower, higher in itertools.pairwise(ladder):
        assert (lower, higher) in promotions
        assert level(catalog, lower) < level(catalog, higher)


def test_source_promotions(catalog: Graph) -> None:
    promotions = moves(catalog, PMO.Promotion)
    # "... or a managerial position" names none: kept as a claim, not guessed as an edge.
    assert (PMOC.PMOCoordinator, PMOC.PMOManager) not in promotions
    claim = PMOC.ClaimCoordinatorToManagerialPosition
    assert (claim, RDF.type, PMO.Claim) in catalog
    assert catalog.value(claim, PROV.wasDerivedFrom) == PMOC.QuestionWhatDoYouDoAfterPMO
    # "In time ... line management responsibility for project managers" is a destination, not
    # one move (issue #14): a claim, whose route runs through the ladder.
    assert (PMOC.PMOCoordinator, PMOC.ManagerOfProjectManagers) not in promotions
    in_time = PMOC.ClaimCoordinatorLineManagesProjectManagersInTime
    assert catalog.value(in_time, PROV.wasDerivedFrom) == PMOC.QuestionWhatDoYouDoAfterPMO
    assert (in_time, SDO.about, PMOC.ManagerOfProjectManagers) in catalog
    assert (PMOC.ProjectManager, PMOC.ProgramManager) in promotions
    assert (PMOC.ProgramManager, PMOC.PortfolioManager) in promotions


def test_no_promotion_goes_down(catalog: Graph) -> None:
    for source, target in moves(catalog, PMO.Promotion):
        assert level(catalog, target) >= level(catalog, source), (source, target)


def test_lateral_moves_between_pmo_and_project_manager(catalog: Graph) -> None:
    lateral = moves(catalog, PMO.LateralMove)
    assert any(
        t == PMOC.ProjectManager and catalog.value(f, PMO.track) == PMOC.PMOTrack
        for f, t in lateral
    )
    assert any(
        f == PMOC.ProjectManager and catalog.value(t, PMO.track) == PMOC.PMOTrack
        for f, t in lateral
    )


def test_typical_reporting_lines(catalog: Graph) -> None:
    lines = {
        (catalog.value(r, PMO.subordinate), catalog.value(r, PMO.superior))
        for r in catalog.subjects(RDF.type, PMO.ReportingLine)
    }
    assert (PMOC.ProjectManager, PMOC.ManagerOfProjectManagers) in lines
    assert (PMOC.ProjectManager, PMOC.DirectorOfProjectManagement) in lines
    assert (PMOC.PMOAnalyst, PMOC.PMOManager) in lines
    assert (PMOC.PMOCoordinator, PMOC.PMOManager) in lines
    assert (PMOC.PMOManager, PMOC.PMODirector) in lines
    superiors_of_pm = {sup for sub, sup in lines if sub == PMOC.ProjectManager}
    assert len(superiors_of_pm) >= 2  # many-to-many: a DAG, not a tree


# --- provenance ---


def test_every_fact_node_has_a_labelled_source(catalog: Graph) -> None:
    checked = 0
    for kind in FACT_TYPES:
        for node in catalog.subjects(RDF.type, kind):
            sources = list(catalog.objects(node, PROV.wasDerivedFrom))
            assert sources, f"{node} has no prov:wasDerivedFrom"
            for source in sources:
                assert catalog.value(source, RDFS.label) is not None, f"{source} has no rdfs:label"
            checked += 1
    assert checked > 100


def test_every_source_has_a_label(catalog: Graph) -> None:
    for source in set(catalog.objects(None, PROV.wasDerivedFrom)):
        assert catalog.value(source, RDFS.label) is not None, source


def test_seed_questions_are_parts_of_the_seed_document(catalog: Graph) -> None:
    questions = set(catalog.subjects(RDF.type, SDO.Question))
    assert len(questions) == 19
    positions = sorted(int(catalog.value(q, SDO.position)) for q in questions)
    assert positions == list(range(19))
    for question in questions:
        assert (question, DCTERMS_IS_PART_OF, PMOC.SeedFAQ) in catalog
        assert str(catalog.value(question, RDFS.label)).endswith("?")
    assert (PMOC.SeedFAQ, RDF.type, PROV.Entity) in catalog


# --- claims, statistics, steps, success factors ---


def test_pm_above_pmo_claim_is_kept_linked_and_explained(catalog: Graph) -> None:
    claim = PMOC.ClaimProjectManagerAbovePMO
    assert (claim, RDF.type, PMO.Claim) in catalog
    assert catalog.value(claim, SDO.text) is not None
    assert (claim, PROV.wasDerivedFrom, PMOC.QuestionIsPMOHigherThanProjectManager) in catalog
    conflicts = list(catalog.objects(claim, PMO.conflictsWith))
    assert conflicts
    for fact in conflicts:
        assert catalog.value(fact, PROV.wasDerivedFrom) is not None
    assert "office" in str(catalog.value(claim, PMO.explanation))


def test_good_pmo_manager_answer_is_flagged_as_describing_the_director(catalog: Graph) -> None:
    question = PMOC.QuestionWhatMakesAGoodPMOManager
    requirements = [
        r
        for r in catalog.subjects(PROV.wasDerivedFrom, question)
        if (r, RDF.type, PMO.SkillRequirement) in catalog
    ]
    owners = {catalog.value(None, PMO.hasRequirement, r) for r in requirements}
    assert owners == {PMOC.PMOManager, PMOC.PMODirector}
    for requirement in requirements:
        assert "director" in str(catalog.value(requirement, SKOS.note)).lower()
        assert catalog.value(requirement, PMO.proficiency) is None  # the source does not grade them
    claim = PMOC.ClaimGoodPMOManagerQualities
    assert "director" in str(catalog.value(claim, PMO.explanation)).lower()


def test_proficiency_only_with_a_framework(catalog: Graph) -> None:
    graded = list(catalog.subjects(PMO.proficiency, None))
    assert graded
    for requirement in graded:
        assert catalog.value(requirement, PMO.framework) is not None


def test_masters_degree_statistic(catalog: Graph) -> None:
    stats = [
        s
        for s in catalog.subjects(RDF.type, PMO.Statistic)
        if catalog.value(s, SDO.about) == PMOC.PMOManager
        and catalog.value(s, PMO.qualification) == PMOC.MastersDegree
    ]
    assert len(stats) == 1
    assert catalog.value(stats[0], SDO.value).toPython() == Decimal("47.4")
    assert str(catalog.value(stats[0], SDO.unitText)) == "percent"


def test_certifications_are_optional_for_project_managers(catalog: Graph) -> None:
    for local in ("ProjectManagerNeedsCAPM", "ProjectManagerNeedsPMP"):
        assert catalog.value(PMOC[local], PMO.essential) == Literal(False)
        assert (PMOC.ClaimNoCertificationNeeded, PMO.conflictsWith, PMOC[local]) in catalog


def test_set_up_steps_record_the_omitted_step_2(catalog: Graph) -> None:
    steps = {
        int(catalog.value(s, SDO.position)): s
        for s in catalog.objects(PMOC.SettingUpAPMO, SDO.step)
    }
    assert sorted(steps) == [1, 2, 3, 4, 5, 6, 7]
    for position in (1, 3, 4, 5, 6, 7):
        assert catalog.value(steps[position], SDO.text) is not None
        assert catalog.value(steps[position], PMO.omitted) is None
    assert catalog.value(steps[2], SDO.text) is None
    assert catalog.value(steps[2], PMO.omitted) == Literal(True)


def test_success_factors_and_the_ten_that_were_five(catalog: Graph) -> None:
    factors = set(
        catalog.subjects(PROV.wasDerivedFrom, PMOC.QuestionHowDoYouStartASuccessfulPMO)
    ) & set(catalog.subjects(RDF.type, PMO.SuccessFactor))
    assert len(factors) == 5
    explanation = str(catalog.value(PMOC.ClaimTenSuccessFactors, PMO.explanation))
    assert "five" in explanation


def test_pmo_functions_scheme(catalog: Graph) -> None:
    functions = {
        str(catalog.value(f, SKOS.prefLabel)) for f in catalog.subjects(RDF.type, PMO.PMOFunction)
    }
    assert functions == {
        "Governance",
        "Transparency",
        "Reusability",
        "Delivery support",
        "Traceability",
    }


def test_project_manager_and_pmo_responsibilities(catalog: Graph) -> None:
    for local in ("ProjectScope", "ProjectSchedule", "ProjectCost", "ProjectQuality"):
        assert catalog.value(PMOC[local], PMO.accountableRole) == PMOC.ProjectManager
    for local in (
        "ProjectMethodologies",
        "ProjectStandards",
        "EnterpriseRisksAndOpportunities",
        "ProjectMetrics",
        "ProjectInterdependencies",
    ):
        assert catalog.value(PMOC[local], PMO.accountableOffice) == PMO.ProjectManagementOffice


def test_office_types_are_organizational_units(vocabulary: Graph) -> None:
    from rdflib.namespace import ORG

    for office in (
        PMO.ProjectPMO,
        PMO.ProgrammePMO,
        PMO.PortfolioPMO,
        PMO.EnterprisePMO,
        PMO.HubOffice,
        PMO.CentreOfExcellence,
    ):
        assert ORG.OrganizationalUnit in set(vocabulary.transitive_objects(office, RDFS.subClassOf))
