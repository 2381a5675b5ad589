"""Names on organisation data: a post over a catalog role of its title, and candidates that work.

Issue #13: on an organisation, ``chain "PMO Coordinator"`` means the post (and says so); when
two posts share a title the error lists each with its holder and identifier, and every form
it suggests resolves.
"""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest
from rdflib import URIRef

import pmograph
from pmograph import AmbiguousNameError
from pmograph._answers.subjects import resolve_preferring
from pmograph._cli import main

EX = "https://example.org/org/"
SCHEMAS = Path(pmograph.__file__).parent / "schemas"
ORG = """\
@prefix org: <http://www.w3.org/ns/org#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix foaf: <http://xmlns.com/foaf/0.1/> .
@prefix dct: <http://purl.org/dc/terms/> .
@prefix ex: <https://example.org/org/> .
@prefix pmoc: <https://w3id.org/pmograph/catalog/> .
ex:dir a org:Post ; skos:prefLabel "PMO Director" ; org:role pmoc:PMODirector .
ex:coord a org:Post ; skos:prefLabel "PMO Coordinator" ; org:reportsTo ex:dir .
ex:pm1 a org:Post ; skos:prefLabel "Project Manager" ; dct:identifier "P-101" ;
    org:reportsTo ex:dir .
ex:pm2 a org:Post ; skos:prefLabel "Project Manager" ; dct:identifier "P-102" ;
    org:reportsTo ex:dir .
ex:an1 a org:Post ; skos:prefLabel "Analyst" ; org:reportsTo ex:dir .
<https://elsewhere.example/an2> a org:Post ; skos:prefLabel "Analyst" ; org:reportsTo ex:dir .
ex:ann a foaf:Person ; foaf:name "Ann Lee" ; org:holds ex:pm1 .
ex:bob a foaf:Person ; foaf:name "Bob Ray" ; org:holds ex:pm2 .
"""


@pytest.fixture(scope="module")
def org_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("org") / "org.ttl"
    path.write_text(ORG, encoding="utf-8")
    return path


@pytest.fixture(params=["lookups", "index"])
def kg(request: pytest.FixtureRequest, org_file: Path) -> pmograph.KnowledgeGraph:
    """The organisation with the catalog; ``index`` first reads every name (the other path)."""
    graph = pmograph.load(org_file)
    if request.param == "index":
        assert graph.names.labels  # built: resolution now goes through the whole index
    return graph


def test_a_post_is_taken_over_a_role_of_its_title_and_the_answer_says_so(
        kg: pmograph.KnowledgeGraph) -> None:
    answer = pmograph.describe_chain(kg, "PMO Coordinator")
    assert answer["subject"]["iri"] == EX + "coord"
    assert [[e["iri"] for e in path] for path in answer["paths"]] == [[EX + "dir"]]
    assert "names a post and a role" in answer["note"]
    assert "'role:PMO Coordinator'" in answer["note"]
    reports = pmograph.describe_reports(kg, "PMO Director")
    assert reports["subject"]["iri"] == EX + "dir"
    assert EX + "coord" in {e["iri"] for e in reports["reports"]}
    # Asking for the role by its qualified name still gets the role, with no note.
    role = pmograph.describe_chain(kg, "role:PMO Coordinator")
    assert role["subject"]["kind"] == "role" and "note" not in role


def test_without_organisation_data_the_role_is_taken_silently() -> None:
    iri, note = resolve_preferring(pmograph.load(), "PMO Coordinator")
    assert pmograph.load().kind(iri) == "role" and note is None


def test_two_posts_of_one_title_stay_ambiguous_with_holders_and_identifiers(
        kg: pmograph.KnowledgeGraph) -> None:
    with pytest.raises(AmbiguousNameError) as caught:
        pmograph.describe_chain(kg, "post:Project Manager")
    err = caught.value
    assert err.iris == [EX + "pm1", EX + "pm2"]
    assert "held by Ann Lee; identifier P-101" in str(err)
    assert "held by Bob Ray; identifier P-102" in str(err)
    assert err.candidates == ["post:P-101", "post:P-102"]


@pytest.mark.parametrize("name", ["Project Manager", "post:Project Manager", "Analyst"])
def test_every_suggested_form_resolves_to_its_candidate(kg: pmograph.KnowledgeGraph,
                                                       name: str) -> None:
    with pytest.raises(AmbiguousNameError) as caught:
        kg.resolve(name)
    err = caught.value
    assert len(err.candidates) == len(err.iris) >= 2
    for handle, iri in zip(err.candidates, err.iris, strict=True):
        assert kg.resolve(handle) == URIRef(iri), handle
        assert handle in str(err)


def test_candidates_without_identifiers_fall_back_to_curie_or_iri(
        kg: pmograph.KnowledgeGraph) -> None:
    with pytest.raises(AmbiguousNameError) as caught:
        kg.resolve("Analyst", kinds={"post"})
    assert caught.value.candidates == ["<https://elsewhere.example/an2>", "ex:an1"]
    assert "(vacant)" in str(caught.value)


def test_cli_chain_takes_the_post_notes_it_on_stderr_and_in_json(
        org_file: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--data", str(org_file), "chain", "PMO Coordinator"]) == 0
    out, err = capsys.readouterr()
    assert out.startswith("PMO Coordinator (post) reports to:")
    assert err.startswith("Note: 'PMO Coordinator' names a post and a role")
    assert main(["--data", str(org_file), "--json", "chain", "PMO Coordinator"]) == 0
    answer = json.loads(capsys.readouterr().out)
    jsonschema.validate(answer, json.loads((SCHEMAS / "chain.schema.json").read_text()))
    assert answer["subject"]["iri"] == EX + "coord" and "note" in answer
    assert main(["--data", str(org_file), "--quiet", "reports", "PMO Director"]) == 0
    out, err = capsys.readouterr()
    assert "PMO Coordinator" in out and err == ""


def test_cli_suggestions_work_as_typed(org_file: Path,
                                       capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--data", str(org_file), "--json", "chain", "Project Manager"]) == 2
    error = json.loads(capsys.readouterr().out)["error"]
    assert error["code"] == "ambiguous-name"
    for handle in ("post:P-101", "post:P-102", "role:Project Manager"):
        assert handle in error["message"]
        assert main(["--data", str(org_file), "chain", handle]) == 0, handle
    out = capsys.readouterr().out
    assert "Project Manager (post) reports to:" in out


def test_render_root_takes_the_post(org_file: Path, tmp_path: Path) -> None:
    kg = pmograph.load(org_file)
    chart = pmograph.draw(kg, "org-chart", root="PMO Director")
    assert chart.counts["posts"] == 6
