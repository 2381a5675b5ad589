"""Tables for notebooks: query rows and every answer as pandas DataFrames (issue #13).

pandas is an optional extra: nothing imports it unless a table is asked for, and without it
the error says which extra to install.  Values are typed, IRIs are text with their labels in
columns of their own, and each table says what its answer says.
"""

from __future__ import annotations

import datetime
import subprocess
import sys
import textwrap
from pathlib import Path

import pandas as pd
import pytest
from rdflib import Graph

import pmograph
from pmograph import MissingDependencyError, PmographError, QueryRows, to_dataframe

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "examples" / "sample-org.ttl"

TYPED = """
@prefix ex: <https://example.org/t/> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
ex:a skos:prefLabel "Alpha" ; ex:n 3 ; ex:d 2.50 ; ex:f "1.5e0"^^xsd:double ; ex:b true ;
     ex:day "2024-05-01"^^xsd:date ; ex:at "2024-05-01T09:30:00"^^xsd:dateTime ;
     ex:text "hello"@en ; ex:odd "seven"^^xsd:integer ; ex:mixed 1 ; ex:link ex:b .
ex:b skos:prefLabel "Beta" ; ex:n 4 ; ex:d 1.25 ; ex:f "2.5e0"^^xsd:double ; ex:b false ;
     ex:day "2025-01-31"^^xsd:date ; ex:at "2025-01-31T17:00:00"^^xsd:dateTime ;
     ex:text "world" ; ex:odd "8"^^xsd:integer ; ex:mixed "one" ; ex:link [ ] .
ex:c skos:prefLabel "Gamma" .
"""
COLUMNS = "?thing ?n ?d ?f ?b ?day ?at ?text ?odd ?mixed ?link"
SELECT = f"""SELECT {COLUMNS} WHERE {{
  ?thing skos:prefLabel ?name .
  OPTIONAL {{ ?thing <https://example.org/t/n> ?n ; <https://example.org/t/d> ?d ;
    <https://example.org/t/f> ?f ; <https://example.org/t/b> ?b ;
    <https://example.org/t/day> ?day ; <https://example.org/t/at> ?at ;
    <https://example.org/t/text> ?text ; <https://example.org/t/odd> ?odd ;
    <https://example.org/t/mixed> ?mixed ; <https://example.org/t/link> ?link }}
}} ORDER BY ?name"""


@pytest.fixture(scope="module")
def typed() -> pmograph.KnowledgeGraph:
    return pmograph.load(Graph().parse(data=TYPED, format="turtle"), catalog=False)


@pytest.fixture(scope="module")
def sample() -> pmograph.KnowledgeGraph:
    return pmograph.load(SAMPLE)


def run_python(code: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-c", textwrap.dedent(code)], capture_output=True,
                          text=True, check=False, cwd=ROOT)


# ----------------------------------------------------------------------------- pandas optional
def test_nothing_imports_pandas_unless_a_table_is_asked_for() -> None:
    done = run_python(f"""
        import sys, pmograph
        kg = pmograph.load({str(SAMPLE)!r})
        rows = kg.query("SELECT ?post WHERE {{ ?post a org:Post }}")
        assert len(rows) > 5 and isinstance(rows, pmograph.QueryRows)
        pmograph.describe_chain(kg, "PMO Analyst"), pmograph.describe(kg, "PMO Analyst")
        pmograph.to_dataframe  # the function itself is there without pandas
        print(sorted(m for m in ("pandas", "numpy") if m in sys.modules))
        rows.to_dataframe()
        print("pandas" in sys.modules)
    """)
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["[]", "True"]


def test_without_pandas_the_error_names_the_extra() -> None:
    done = run_python(f"""
        import sys
        sys.modules["pandas"] = None  # as if pandas were not installed
        import pmograph
        kg = pmograph.load({str(SAMPLE)!r})
        for make in (lambda: kg.query("SELECT * WHERE {{ ?s ?p ?o }} LIMIT 1").to_dataframe(),
                     lambda: pmograph.to_dataframe(pmograph.roles(kg))):
            try:
                make()
            except pmograph.MissingDependencyError as err:
                print(err.code, "|", err)
    """)
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert len(lines) == 2
    for line in lines:
        code, message = line.split(" | ")
        assert code == "missing-dependency"
        assert "pandas is not installed" in message
        assert "pip install 'pmograph[pandas]'" in message
    assert issubclass(MissingDependencyError, PmographError)


# ----------------------------------------------------------------------------- query rows
def test_select_columns_are_typed(typed: pmograph.KnowledgeGraph) -> None:
    rows = typed.query(SELECT)
    assert isinstance(rows, QueryRows) and len(rows) == 3  # still an rdflib result
    table = rows.to_dataframe()
    assert list(table.columns) == ["thing", "thing_label", "n", "d", "f", "b", "day", "at",
                                   "text", "odd", "mixed", "link", "link_label"]
    assert table["thing"].tolist() == [f"https://example.org/t/{x}" for x in "abc"]
    assert table["thing_label"].tolist() == ["Alpha", "Beta", "Gamma"]
    assert str(table["n"].dtype) == "Int64"
    assert table["n"].tolist()[:2] == [3, 4] and table["n"].isna().tolist() == [False] * 2 + [True]
    assert str(table["d"].dtype) == "float64" and table["d"].tolist()[:2] == [2.5, 1.25]
    assert str(table["f"].dtype) == "float64" and table["f"].sum() == 4.0
    assert str(table["b"].dtype) == "boolean" and table["b"].tolist()[:2] == [True, False]
    assert str(table["day"].dtype).startswith("datetime64")
    assert table["day"].iloc[0] == pd.Timestamp("2024-05-01") and pd.isna(table["day"].iloc[2])
    assert table["at"].iloc[1] == pd.Timestamp("2025-01-31T17:00:00")
    assert table["text"].tolist()[:2] == ["hello", "world"]  # language tags dropped
    assert table["odd"].tolist()[:2] == ["seven", 8] and table["odd"].dtype == object
    assert table["mixed"].tolist()[:2] == [1, "one"] and table["mixed"].dtype == object
    link = table["link"].tolist()
    assert link[0] == "https://example.org/t/b" and link[1].startswith("_:")
    assert table["link_label"].iloc[0] == "Beta"
    assert pd.isna(table["link_label"].iloc[1])  # a blank node has no label


def test_label_columns_can_be_left_out_and_are_never_doubled(
        typed: pmograph.KnowledgeGraph) -> None:
    plain = typed.query(SELECT).to_dataframe(labels=False)
    assert not [c for c in plain.columns if c.endswith("_label")]
    own = typed.query("SELECT ?thing ?thing_label WHERE { ?thing skos:prefLabel ?thing_label }"
                      " ORDER BY ?thing").to_dataframe()
    assert list(own.columns) == ["thing", "thing_label"]  # the query's own, kept once
    assert own["thing_label"].tolist() == ["Alpha", "Beta", "Gamma"]


def test_no_rows_keeps_the_columns(typed: pmograph.KnowledgeGraph) -> None:
    table = typed.query("SELECT ?a ?b WHERE { ?a <https://example.org/none> ?b }").to_dataframe()
    assert list(table.columns) == ["a", "b"] and len(table) == 0


def test_ask_construct_and_a_plain_rdflib_result(typed: pmograph.KnowledgeGraph) -> None:
    assert typed.query("ASK { ?s skos:prefLabel 'Beta' }").to_dataframe()["ask"].tolist() == \
        [True]
    triples = typed.query("CONSTRUCT { ?s skos:prefLabel ?o } WHERE { ?s skos:prefLabel ?o }")
    table = triples.to_dataframe()
    assert list(table.columns) == ["subject", "subject_label", "predicate", "predicate_label",
                                   "object"]
    assert sorted(table["object"]) == ["Alpha", "Beta", "Gamma"]
    plain = to_dataframe(typed.graph.query("SELECT ?s WHERE { ?s skos:prefLabel ?o }"))
    assert list(plain.columns) == ["s"] and len(plain) == 3  # no graph to label with


@pytest.mark.parametrize("store", ["rdflib", "oxigraph"])
def test_the_same_table_on_every_local_store(store: str, tmp_path: Path) -> None:
    spec = "rdflib" if store == "rdflib" else f"oxigraph:{tmp_path / 'store'}"
    query = "SELECT ?post ?holder ?level WHERE { ?post a org:Post . OPTIONAL { ?post " \
            "org:heldBy ?holder } OPTIONAL { ?post org:role/pmo:level ?level } } " \
            "ORDER BY ?post ?holder"
    expected = pmograph.load(SAMPLE).query(query).to_dataframe()
    got = pmograph.load(SAMPLE, store=spec).query(query).to_dataframe()
    pd.testing.assert_frame_equal(got, expected)
    assert expected["holder"].isna().any() and str(expected["level"].dtype) == "Int64"


def test_many_iris_are_labelled_at_once(tmp_path: Path) -> None:
    lines = ["@prefix org: <http://www.w3.org/ns/org#> . @prefix ex: <https://example.org/g/> ."]
    lines += [f'ex:p{i} a org:Post ; org:reportsTo ex:p{i // 3} ; org:identifier "P{i}" .'
              for i in range(1, 400)]
    (tmp_path / "org.ttl").write_text("\n".join(lines) + '\nex:p0 a org:Post .\n')
    kg = pmograph.load(tmp_path / "org.ttl", catalog=False)
    table = kg.query("SELECT ?post ?boss WHERE { ?post org:reportsTo ?boss }").to_dataframe()
    assert len(table) == 399
    for column in ("post", "boss"):  # read at once, as one by one
        assert table[f"{column}_label"].tolist() == [kg.label(iri) for iri in table[column]]
    assert table.loc[table["post"] == "https://example.org/g/p7", "post_label"].item() == "P7"


# ----------------------------------------------------------------------------- answers
def test_chain_of_a_post_has_holders_and_steps(sample: pmograph.KnowledgeGraph) -> None:
    answer = pmograph.describe_chain(sample, "Sofia Ramos")
    table = to_dataframe(answer)
    (path,) = answer["paths"]
    assert len(path) >= 2
    assert table["label"].tolist() == [entity["label"] for entity in path]
    assert table["step"].tolist() == list(range(1, len(path) + 1))
    assert set(table["path"]) == {1} and str(table["step"].dtype) == "Int64"
    assert table["holders"].tolist() == [[h["label"] for h in e["holders"]] for e in path]
    assert table["holder_iris"].tolist() == [[h["iri"] for h in e["holders"]] for e in path]
    assert table["described"].all() and str(table["described"].dtype) == "boolean"
    assert table.attrs["answer"] == "chain" and table.attrs["subject"] == answer["subject"]


def test_chain_of_a_role_and_of_the_top_post(sample: pmograph.KnowledgeGraph) -> None:
    role = to_dataframe(pmograph.describe_chain(sample, "role:Project Manager"))
    assert "holders" not in role.columns and role["path"].nunique() >= 2  # alternatives
    assert (role.groupby("path")["step"].min() == 1).all()
    top = to_dataframe(pmograph.describe_chain(sample, "Helen Okafor"))
    assert len(top) == 0
    assert list(top.columns) == ["path", "step", "iri", "label", "kind", "holders",
                                 "holder_iris", "described"]


def test_reports_everyone_below_with_depth_and_vacancies(
        sample: pmograph.KnowledgeGraph) -> None:
    answer = pmograph.describe_reports(sample, "Helen Okafor", everyone=True)
    table = to_dataframe(answer)
    assert table["iri"].tolist() == [entity["iri"] for entity in answer["reports"]]
    assert table["depth"].tolist() == [entity["depth"] for entity in answer["reports"]]
    assert str(table["depth"].dtype) == "Int64" and table["depth"].min() == 1
    view = pmograph.reporting_view(sample)
    vacant = set(table.loc[table["holders"].str.len() == 0, "iri"])
    assert vacant and vacant == {node for node in table["iri"] if view.nodes[node]["vacant"]}
    shared = table.loc[table["holders"].str.len() == 2, "holder_iris"]  # the job share
    assert len(shared) == 1 and len(shared.iloc[0]) == 2
    people = table.explode("holders")["holders"].dropna()  # one row per person holding a post
    assert len(people) == len(table) - len(vacant) + 1


def test_paths_start_at_step_zero(sample: pmograph.KnowledgeGraph) -> None:
    answer = pmograph.describe_paths(sample, "PMO Analyst", "PMO Director")
    table = to_dataframe(answer)
    assert table["path"].nunique() == len(answer["paths"]) >= 1
    firsts = table[table["step"] == 0]
    assert set(firsts["label"]) == {"PMO Analyst"}
    assert table.attrs["source"]["label"] == "PMO Analyst"
    assert table.attrs["target"]["label"] == "PMO Director"


def test_gap_rows_are_skills_then_qualifications(sample: pmograph.KnowledgeGraph) -> None:
    answer = pmograph.describe_gap(sample, "Project Manager", "PMO Manager")
    table = to_dataframe(answer)
    skills, quals = table[table["kind"] == "skill"], table[table["kind"] == "qualification"]
    assert skills["label"].tolist() == [item["skill"]["label"] for item in answer["skills"]]
    assert quals["iri"].tolist() == [entity["iri"] for entity in answer["qualifications"]]
    assert skills["need"].tolist() == [item["need"] for item in answer["skills"]]
    assert skills["essential"].tolist() == [item["essential"] for item in answer["skills"]]
    assert quals["have"].isna().all() and str(table["essential"].dtype) == "boolean"


def test_describe_lists_labels_facts_and_sources(sample: pmograph.KnowledgeGraph) -> None:
    answer = pmograph.describe(sample, "PMO Coordinator")
    table = to_dataframe(answer)
    labels = table[table["relation"] == "altLabel"]["value"].tolist()
    assert labels == answer["labels"]["altLabel"]
    relation, facts = next((name, facts) for name, facts in answer["relations"].items()
                           if facts and "iri" in facts[0] and facts[0]["sources"])
    rows = table[table["relation"] == relation]
    assert rows["iri"].tolist() == [fact["iri"] for fact in facts]
    assert rows["source_iris"].tolist() == [[s["iri"] for s in f["sources"]] for f in facts]
    moves = table[table["relation"] == "next moves"]
    assert moves["move"].tolist() == [entity["move"] for entity in answer["answers"]["next moves"]]
    assert table.attrs["subject"]["label"] == "PMO Coordinator"


def test_roles_and_validation_reports(sample: pmograph.KnowledgeGraph) -> None:
    roles = pmograph.roles(sample)
    table = to_dataframe(roles)
    assert table["label"].tolist() == [role["label"] for role in roles]
    assert str(table["level"].dtype) == "Int64"
    report = pmograph.validate(sample)
    findings = to_dataframe(report)
    assert len(findings) == len(report.results) > 0
    assert findings["check"].tolist() == [result.check for result in report.results]
    assert findings.attrs["conforms"] == report.conforms
    assert {"focus", "focus_iri", "members", "member_iris", "message"} <= set(findings.columns)


def test_anything_else_is_a_clear_error() -> None:
    with pytest.raises(PmographError, match="cannot make a table of a dict"):
        to_dataframe({"what": "ever"})
    with pytest.raises(PmographError, match="cannot make a table of a int"):
        to_dataframe(3)


def test_dates_in_answers_and_rows_are_timestamps(typed: pmograph.KnowledgeGraph) -> None:
    table = typed.query("SELECT ?day WHERE { ?s <https://example.org/t/day> ?day } "
                        "ORDER BY ?day").to_dataframe()
    assert table["day"].dt.year.tolist() == [2024, 2025]
    assert table["day"].iloc[0].date() == datetime.date(2024, 5, 1)


def test_annotations_resolve_without_pandas_being_imported() -> None:
    done = run_python("""
        import sys, typing, pmograph
        typing.get_type_hints(pmograph.to_dataframe)
        typing.get_type_hints(pmograph.QueryRows.to_dataframe)
        print("pandas" in sys.modules)
    """)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "False"


def test_span_next_succession_and_layers(sample: pmograph.KnowledgeGraph) -> None:
    span = pmograph.describe_span(sample, "Chief Executive Officer")
    table = to_dataframe(span)
    assert table["iri"].tolist() == [entity["iri"] for entity in span["reports"]]
    assert table.attrs["direct"] == span["direct"] == len(table)
    reachable = pmograph.describe_next(sample, "PMO Analyst")
    table = to_dataframe(reachable)
    assert table["label"].tolist() == [item["role"]["label"] for item in reachable["roles"]]
    assert table["shortfall"].tolist() == [item["shortfall"] for item in reachable["roles"]]
    assert str(table["moves"].dtype) == "Int64"
    succession = pmograph.describe_succession(sample, "post:PMO Manager, Portfolio Office")
    table = to_dataframe(succession)
    assert table["iri"].tolist() == [c["person"]["iri"] for c in succession["candidates"]]
    assert table["rank"].tolist() == [c["rank"] for c in succession["candidates"]]
    assert table["reasons"].tolist() == [c["reasons"] for c in succession["candidates"]]
    assert table.attrs["post"] == succession["post"]
    for answer in (pmograph.describe_layers(sample), pmograph.metrics(sample)):
        layers = to_dataframe(answer)
        assert layers["posts"].tolist() == answer["layers"]
        assert layers["layer"].tolist() == list(range(1, len(answer["layers"]) + 1))
        assert layers["posts"].sum() == answer["posts"]
    assert to_dataframe(pmograph.metrics(sample))["fte"].notna().all()


def test_a_diff_is_one_row_per_change() -> None:
    old, new = sorted((ROOT / "tests" / "data" / "snapshots").glob("*.ttl"))
    answer = pmograph.diff(old, new)
    table = to_dataframe(answer)
    assert table["kind"].tolist() == [change["kind"] for change in answer["changes"]]
    assert table["subject_iri"].tolist() == [c["subject"]["iri"] for c in answer["changes"]]
    for row, change in zip(table.itertuples(), answer["changes"], strict=True):
        before = change["before"]
        if isinstance(before, dict):
            assert (row.before, row.before_iri) == (before["label"], before["iri"])
        elif isinstance(before, list):
            assert row.before_iri == [entity["iri"] for entity in before]
        else:
            assert row.before == before and row.before_iri is None
    assert table.attrs["counts"] == answer["counts"]
