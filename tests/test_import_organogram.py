"""UK organogram import against the real files (external-facts.md part A) and edge cases."""

from __future__ import annotations

from collections import Counter
from decimal import Decimal
from pathlib import Path

import pytest
from rdflib import BNode, Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCTERMS, FOAF, ORG, RDF, RDFS, SKOS

import pmograph
from pmograph._importers.common import DEFAULT_BASE, ORGANOGRAM, Minter
from pmograph._importers.table import read_table
from pmograph._namespace import PMOC

DATA = Path(__file__).parent / "data" / "import"
UKSA = ("ukgov-organogram-uk-space-agency-2013-09-senior.csv",
        "ukgov-organogram-uk-space-agency-2013-09-junior.csv")
HEFCE = ("w3c-csvw-uc4-HEFCE_organogram_senior_data_31032011.csv",
         "w3c-csvw-uc4-HEFCE_organogram_junior_data_31032011.csv")
HEFCE_NAME = "Higher Education Funding Council for England"


def organogram(external: Path, names: tuple[str, ...], **options) -> pmograph.ImportResult:
    return pmograph.import_organogram([external / name for name in names], **options)


def juniors_of(graph: Graph, senior: URIRef) -> list[URIRef]:
    """Posts reporting to ``senior`` that carry no reference of their own (junior rows)."""
    return [p for p in graph.subjects(ORG.reportsTo, senior)
            if (p, SKOS.notation, None) not in graph]  # type: ignore[misc]


def fte(graph: Graph, post: URIRef) -> Decimal:
    value = graph.value(post, ORGANOGRAM.fullTimeEquivalent)
    return Decimal(str(value)) if value is not None else Decimal(0)


# ------------------------------------------------------------------ UK Space Agency (A3)
@pytest.fixture(scope="module")
def uksa(external) -> pmograph.ImportResult:
    return organogram(external, UKSA, roles=pmograph.load())


def test_uksa_senior_tree_matches_a3(uksa):
    g = uksa.graph
    post = Minter(DEFAULT_BASE, "UK Space Agency").post
    seniors = {p for p in g.subjects(SKOS.notation, None)}
    assert len(seniors) == 20
    senior_edges = {(s, o) for s, o in g.subject_objects(ORG.reportsTo) if s in seniors}
    assert len(senior_edges) == 19
    assert (post("1"), ORG.reportsTo, None) not in g  # "XX": the top
    assert g.value(post("1"), RDFS.label) == Literal("Chief Executive")
    assert g.value(post("1"), ORGANOGRAM.grade) == Literal("SCS2")

    def direct(ref: str) -> set[str]:
        return {str(g.value(s, SKOS.notation)) for s, o in senior_edges if o == post(ref)}

    assert direct("1") == {"2", "3", "4"}
    assert direct("3") == {"5", "6", "7", "8", "9", "20"}
    assert direct("2") == {str(n) for n in range(10, 17)}
    assert direct("4") == {"17", "18", "19"}


def test_uksa_professional_groups_and_grade_case(uksa):
    g = uksa.graph
    seniors = set(g.subjects(SKOS.notation, None))
    groups = Counter(str(g.value(p, ORGANOGRAM.profession)) for p in seniors)
    assert groups["Programme and Project Management (PPM)"] == 7
    assert groups["Operational Delivery"] == 7
    assert groups["Science and Engineering"] == 3
    grades = {str(g.value(p, ORGANOGRAM.grade)) for p in seniors}
    assert "OF-6" in grades and "Of-6" not in grades


def test_uksa_junior_posts_attach_to_their_senior_post(uksa):
    g = uksa.graph
    post = Minter(DEFAULT_BASE, "UK Space Agency").post
    juniors = [p for p in g.subjects(RDF.type, ORG.Post) if (p, SKOS.notation, None) not in g]
    assert len(juniors) == 21  # one post per junior row
    programme_managers = [p for p in juniors
                          if g.value(p, RDFS.label) == Literal("Programme Manager")]
    assert len(programme_managers) == 7
    assert {str(g.value(g.value(p, ORG.reportsTo), SKOS.notation))
            for p in programme_managers} == {"3", "6", "7", "9", "17"}
    assert {str(g.value(p, ORGANOGRAM.grade)) for p in programme_managers} == {
        "Grade 7", "SEO", "HEO"}
    assert all((p, ORG.role, PMOC.ProgramManager) in g for p in programme_managers)
    pm = [p for p in juniors if g.value(p, RDFS.label) == Literal("Project Manager")]
    assert [g.value(p, ORG.reportsTo) for p in pm] == [post("14")]
    assert g.value(post("14"), RDFS.label) == Literal("Head of Communications")


def test_uksa_chain_of_senior_post_20_is_3_then_1(uksa):
    """Done means: import the pair, then the chain of senior post 20 gives posts 3 then 1."""
    from pmograph._algorithms.hierarchy import chain_of_command
    from pmograph._views.org import reporting_view

    kg = pmograph.load(uksa.graph)
    twenty = kg.resolve("20", kinds={"post"})
    chain = chain_of_command(reporting_view(kg), str(twenty))
    assert [kg.graph.value(URIRef(p), SKOS.notation) for p in chain] == [Literal("3"),
                                                                         Literal("1")]
    officer = next(p for p in kg.graph.subjects(RDFS.label, Literal("Programme Support Officer")))
    assert chain_of_command(reporting_view(kg), str(officer))[0] == str(twenty)


def test_uksa_pair_via_cli_then_chain_of_post_20(cli, external, tmp_path):
    out = tmp_path / "uksa.ttl"
    result = cli("import", *(str(external / n) for n in UKSA), "-o", str(out))
    assert result.code == 0, result.err
    kg = pmograph.load(out, catalog=False)
    twenty = kg.resolve("20")
    three = kg.graph.value(twenty, ORG.reportsTo)
    one = kg.graph.value(three, ORG.reportsTo)
    assert (kg.label(twenty), str(kg.graph.value(three, SKOS.notation)),
            str(kg.graph.value(one, SKOS.notation))) == (
        "Programme Manager Space Science Team", "3", "1")
    assert kg.graph.value(one, ORG.reportsTo) is None
    chain = cli("chain", "20", "--data", str(out), "--json")
    assert chain.code == 0, chain.err
    post = Minter(DEFAULT_BASE, "UK Space Agency").post
    assert [[e["iri"] for e in path] for path in chain.json()["paths"]] == [
        [str(post("3")), str(post("1"))]]


# ------------------------------------------------------------------ HEFCE (A2)
@pytest.fixture(scope="module")
def hefce(external) -> pmograph.ImportResult:
    return organogram(external, HEFCE)


def test_hefce_windows_1252_is_decoded(external):
    table = read_table(external / HEFCE[0])
    assert table.encoding == "windows-1252"
    assert "Salary Cost of Reports (£)" in table.header


def test_hefce_facts_of_a2(hefce):
    g = hefce.graph
    post = Minter(DEFAULT_BASE, HEFCE_NAME).post
    assert (post("90334"), ORG.reportsTo, None) not in g  # "xx"
    for ref in ("90115", "90250", "90284"):
        assert g.value(post(ref), ORG.reportsTo) == post("90334")
    counts = {ref: len(juniors_of(g, post(ref))) for ref in ("90115", "90250", "90284")}
    assert counts == {"90115": 54, "90250": 12, "90284": 16}
    totals = {ref: sum((fte(g, p) for p in juniors_of(g, post(ref))), Decimal(0))
              for ref in ("90115", "90250", "90284")}
    assert totals == {"90115": Decimal("159.88"), "90250": Decimal("34.40"),
                      "90284": Decimal("45.08")}
    assert sum(totals.values()) == Decimal("239.36")
    consultants = {str(g.value(g.value(p, ORG.reportsTo), SKOS.notation)): fte(g, p)
                   for p in g.subjects(RDFS.label, Literal("Regional/Project Consultant"))}
    assert consultants == {"90115": Decimal(3), "90250": Decimal("1.86"),
                           "90284": Decimal(2)}


def test_hefce_agrees_with_the_governments_own_rdf(hefce, external):
    """Per-post junior counts and FTE totals equal data.gov.uk's RDF of the same CSVs."""
    government = Graph().parse(external / "w3c-csvw-uc4-HEFCE_organogram_31032011.nt")
    ogm = Namespace("http://reference.data.gov.uk/def/organogram/")

    def ref(node: URIRef) -> str:
        return str(node).rsplit("/", 1)[-1]

    expected_count: Counter[str] = Counter()
    expected_fte: dict[str, Decimal] = {}
    for junior, senior in government.subject_objects(ogm.reportingTo):
        expected_count[ref(senior)] += 1
        value = Decimal(str(government.value(junior, ogm.fullTimeEquivalent)))
        expected_fte[ref(senior)] = expected_fte.get(ref(senior), Decimal(0)) + value
    expected_lines = {(ref(s), ref(o)) for s, o in government.subject_objects(ORG.reportsTo)}

    g = hefce.graph
    seniors = {p: str(g.value(p, SKOS.notation)) for p in g.subjects(SKOS.notation, None)}
    got_count = {seniors[s]: len(juniors_of(g, s)) for s in seniors if juniors_of(g, s)}
    got_fte = {seniors[s]: sum((fte(g, p) for p in juniors_of(g, s)), Decimal(0))
               for s in seniors if juniors_of(g, s)}
    got_lines = {(seniors[s], seniors[o]) for s, o in g.subject_objects(ORG.reportsTo)
                 if s in seniors}
    assert got_count == dict(expected_count) and len(expected_count) == 3
    assert {k: v.normalize() for k, v in got_fte.items()} == {
        k: v.normalize() for k, v in expected_fte.items()}
    assert got_lines == expected_lines and len(got_lines) == 3


# ------------------------------------------------------------------ CSVW round trip (A4)
def _canonical_edges(graph: Graph, key) -> set[tuple[object, str, object]]:
    edges = set()
    for predicate, name in ((ORG.reportsTo, "reportsTo"), (ORG.postIn, "postIn"),
                            (ORG.heldBy, "heldBy")):
        for s, o in graph.subject_objects(predicate):
            edges.add((key(graph, s), name, key(graph, o)))
    return edges


def test_csvw_pair_gives_the_expected_edges_modulo_iris(external):
    expected = Graph().parse(external / "w3c-csvw-public-sector-roles-and-salaries-standard.ttl")
    gov = Namespace("http://example.org/gov.uk/def/")

    def expected_key(g: Graph, node):
        if (node, DCTERMS.identifier, None) in g:
            return ("post", str(g.value(node, DCTERMS.identifier)))
        if isinstance(node, BNode) and (node, gov.job, None) in g:
            return ("junior", str(g.value(node, gov.job)), str(g.value(node, gov.grade)))
        if (node, FOAF.name, None) in g:
            return ("person", str(g.value(node, FOAF.name)))
        return ("organization",)

    result = organogram(external, ("w3c-csvw-senior-roles.csv", "w3c-csvw-junior-roles.csv"))

    def our_key(g: Graph, node):
        if (node, SKOS.notation, None) in g:
            assert g.value(node, DCTERMS.identifier) == g.value(node, SKOS.notation)
            return ("post", str(g.value(node, SKOS.notation)))
        if (node, RDF.type, ORG.Post) in g:
            return ("junior", str(g.value(node, RDFS.label)), str(g.value(node, ORGANOGRAM.grade)))
        if (node, FOAF.name, None) in g:
            return ("person", str(g.value(node, FOAF.name)))
        assert (node, RDF.type, ORG.Organization) in g
        return ("organization",)

    want = _canonical_edges(expected, expected_key)
    assert len(want) == 9  # 3 reportsTo, 4 postIn, 2 heldBy
    assert _canonical_edges(result.graph, our_key) == want
    fte = {str(result.graph.value(p, ORGANOGRAM.grade)):
           result.graph.value(p, ORGANOGRAM.fullTimeEquivalent)
           for p in result.graph.subjects(RDFS.label, Literal("Administrator"))}
    assert {k: Decimal(str(v)) for k, v in fte.items()} == {"4": Decimal("8.67"),
                                                            "5": Decimal("0.5")}


# ------------------------------------------------------------------ edge cases
@pytest.fixture(scope="module")
def agency() -> pmograph.ImportResult:
    return pmograph.import_organogram(
        [DATA / "example-agency-junior.csv", DATA / "example-agency-senior.csv"],
        roles=pmograph.load())


def test_job_share_is_one_post_with_two_holders(agency):
    g = agency.graph
    post = Minter(DEFAULT_BASE, "Example Agency").post("110")
    assert sorted(str(g.value(h, FOAF.name)) for h in g.objects(post, ORG.heldBy)) == [
        "Kim Share", "Sam Share"]
    assert fte(g, post) == Decimal(1)
    assert g.value(post, ORGANOGRAM.grade) == Literal("SCS1")
    assert (post, ORG.role, PMOC.PMODirector) in g  # "Head of PMO" is a synonym
    assert len(set(g.objects(post, ORG.reportsTo))) == 1


@pytest.mark.parametrize(("ref", "note"), [("120", "vacant at the snapshot"),
                                           ("130", "holder not disclosed (N/D)"),
                                           ("140", "post eliminated")])
def test_vacant_not_disclosed_and_eliminated_posts_have_no_holder(agency, ref, note):
    g = agency.graph
    post = Minter(DEFAULT_BASE, "Example Agency").post(ref)
    assert (post, ORG.heldBy, None) not in g
    assert g.value(post, SKOS.note) == Literal(note)
    assert g.value(post, ORG.reportsTo) == Minter(DEFAULT_BASE, "Example Agency").post("100")
    names = {str(n) for n in g.objects(None, FOAF.name)}
    assert not names & {"Vacant", "N/D", "Eliminated"}


def test_reference_0_is_a_person_not_in_a_post(agency):
    g = agency.graph
    minter = Minter(DEFAULT_BASE, "Example Agency")
    person = minter.person("Pat Secondee")
    assert (minter.post("0"), RDF.type, ORG.Post) not in g
    assert (person, ORG.holds, None) not in g
    assert g.value(person, ORG.reportsTo) == minter.post("100")
    assert g.value(person, ORG.memberOf) == minter.organization()


def test_top_grade_case_units_and_index_columns(agency):
    g = agency.graph
    minter = Minter(DEFAULT_BASE, "Example Agency")
    assert (minter.post("100"), ORG.reportsTo, None) not in g
    assert g.value(minter.post("120"), ORGANOGRAM.grade) == Literal("OF-6")
    assert g.value(minter.post("110"), ORG.postIn) == minter.unit("PMO")
    assert g.value(minter.organization(), ORG.subOrganizationOf) == minter.parent(
        "Department of Examples")
    # The leading index column (0, 1, 2 ...) is not read as anything.
    assert sorted(str(n) for n in g.objects(None, SKOS.notation)) == [
        "100", "110", "120", "130", "140"]
    phones = [o for o in g.objects() if "0100 000" in str(o)]
    assert phones == []  # contact phone numbers are not copied


def test_junior_rows_are_posts_with_fte_under_their_senior_post(agency):
    g = agency.graph
    minter = Minter(DEFAULT_BASE, "Example Agency")
    under_110 = juniors_of(g, minter.post("110"))
    assert sorted(str(g.value(p, RDFS.label)) for p in under_110) == ["PMO Analyst",
                                                                    "Project Coordinator"]
    assert sum((fte(g, p) for p in under_110), Decimal(0)) == Decimal("3.5")
    # Two rows with the same key (split by pay scale) stay two posts.
    under_120 = juniors_of(g, minter.post("120"))
    assert len(under_120) == 2 and {fte(g, p) for p in under_120} == {Decimal(3), Decimal(1)}
    coordinator = next(p for p in under_110
                       if g.value(p, RDFS.label) == Literal("Project Coordinator"))
    assert (coordinator, ORG.role, None) not in g  # ambiguous: flagged, not guessed
    assert "Project Coordinator" in agency.ambiguous
    assert agency.counts["fte"] == pytest.approx(5 + 3.5 + 4)  # senior posts + juniors


def test_post_iris_are_stable_across_snapshots():
    first = pmograph.import_organogram([DATA / "example-agency-senior.csv"])
    later = pmograph.import_organogram([DATA / "example-agency-senior-later.csv"])

    def posts(result: pmograph.ImportResult) -> dict[str, URIRef]:
        return {str(result.graph.value(p, SKOS.notation)): p
                for p in result.graph.subjects(SKOS.notation, None)}

    assert posts(first) == posts(later) and len(posts(first)) == 5
    post = posts(later)["120"]
    assert str(later.graph.value(later.graph.value(post, ORG.heldBy), FOAF.name)) == "Robin New"


def test_junior_file_with_a_bad_fte_names_row_and_column():
    with pytest.raises(pmograph.ImportDataError,
                       match=r"row 2, column 6 \('Number of Posts in FTE'\)"):
        pmograph.import_organogram([DATA / "bad-fte-junior.csv"])


def test_a_generic_file_is_not_an_organogram(external):
    with pytest.raises(pmograph.ImportDataError, match="not a UK organogram"):
        pmograph.import_organogram([external / "w3c-csvw-chinook-Employee.csv"])


def test_junior_reporting_to_an_unknown_senior_post_is_warned():
    senior = read_table("s.csv", text="Post Unique Reference,Job Title,Reports to Senior Post\n"
                                      "1,Chief Executive,XX\n")
    junior = read_table("j.csv", text="Reporting Senior Post,Generic Job Title,"
                                      "Number of Posts in FTE\n9,Clerk,1\n")
    result = pmograph.import_organogram([senior, junior], organisation="Acme")
    assert any("senior post '9' is not in the senior file" in w for w in result.warnings)
    assert result.counts["posts"] == 2


def test_organisation_falls_back_to_organisation_reference(external):
    result = organogram(external, ("w3c-csvw-senior-roles.csv",))
    organization = Minter(DEFAULT_BASE, "hefce.ac.uk").organization()
    assert (organization, RDF.type, ORG.Organization) in result.graph
    assert {o for o in result.graph.objects(None, ORG.postIn)} == {organization}


def test_data_flag_imports_organogram_pair_on_the_fly(external):
    kg = pmograph.load(*(external / n for n in UKSA))
    twenty = kg.resolve("post:20")
    assert kg.label(kg.graph.value(twenty, ORG.reportsTo)) == (
        "Acting Director Technology, Science and Exploration")
