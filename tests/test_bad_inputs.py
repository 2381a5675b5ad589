"""The bad-input corpus (tests/data/bad/): every case through the library and the CLI.

``tests/data/bad/cases.toml`` gives, for each file, what is done with it, the expected exit
code and error class, and what the message must name.  For exit 2 the test checks the error
class (library), exactly one ``Error:`` line and no traceback (CLI), that the message names
the file and the location, and that no output file appeared.  Cases whose right answer is a
success (with warnings, or with a validate exit 1 listing a cycle) assert that instead.
"""

from __future__ import annotations

import json
import tomllib
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pydot
import pytest

import pmograph

BAD = Path(__file__).resolve().parent / "data" / "bad"
CASES: list[dict[str, Any]] = tomllib.loads((BAD / "cases.toml").read_text("utf-8"))["case"]
HUGE_BYTES = 100 * 1024 * 1024

Cli = Callable[..., Any]


def case_id(case: dict[str, Any]) -> str:
    return f"{case['run']}-{case['file']}" + (f"-{case['name']}" if "name" in case else "")


def make_huge_single_line(folder: Path) -> Path:
    """100 MB of Turtle on one line, ending inside a string literal that is never closed."""
    path = folder / "huge-single-line.ttl"
    with path.open("w", encoding="utf-8") as handle:
        handle.write("@prefix org:  <http://www.w3.org/ns/org#> .\n"
                     "@prefix skos: <http://www.w3.org/2004/02/skos/core#> .\n"
                     "@prefix ex:   <https://example.org/bad/> .\n"
                     'ex:a a org:Post ; skos:prefLabel "')
        chunk = "Head of Delivery " * 4096
        for _ in range(HUGE_BYTES // len(chunk) + 1):
            handle.write(chunk)
    assert path.stat().st_size > HUGE_BYTES
    return path


def source_of(case: dict[str, Any], tmp_path: Path) -> Path:
    if case.get("generated"):
        return make_huge_single_line(tmp_path)
    return BAD / case["file"]


def cli_args(case: dict[str, Any], source: Path, out: Path) -> list[str]:
    data = ["--no-catalog", "--data", str(source)]
    return {
        "load": ["export", *data, "-o", str(out.with_suffix(".ttl"))],
        "import": ["import", str(source), "-o", str(out.with_suffix(".ttl"))],
        "validate": ["validate", "--no-catalog", "--no-shacl", str(source), "--json"],
        "chain": ["chain", case.get("name", ""), *data, "--json"],
        "show": ["show", case.get("name", ""), *data, "--json"],
        "render": ["render", "org-chart", *data, "-o", str(out.with_suffix(".dot"))],
    }[case["run"]]


def run_library(case: dict[str, Any], source: Path) -> Any:
    run = case["run"]
    if run == "import":
        return pmograph.import_files([source], roles=None)
    kg = pmograph.load(source, catalog=False)
    if run == "load":
        return kg
    if run == "validate":
        return pmograph.validate(kg, shacl=False)
    if run == "chain":
        return pmograph.describe_chain(kg, case["name"])
    if run == "show":
        return kg.resolve(case["name"])
    return pmograph.draw(kg, "org-chart")


def test_the_corpus_is_big_enough_and_every_file_is_listed() -> None:
    assert len(CASES) >= 40
    files = {case["file"] for case in CASES}
    on_disk = {p.name for p in BAD.iterdir()} - {"cases.toml", "README.md"}
    assert on_disk <= files, f"files with no case: {sorted(on_disk - files)}"
    missing = files - on_disk - {c["file"] for c in CASES if c.get("generated")}
    assert missing == {"does-not-exist.ttl"}  # the one case about a missing file
    readme = (BAD / "README.md").read_text("utf-8")
    for name in files:
        assert f"`{name}`" in readme, f"tests/data/bad/README.md does not list {name}"
    assert max(p.stat().st_size for p in BAD.iterdir()) < 200_000  # committed files stay small
    kinds = {Path(name).suffix for name in files}
    assert {".ttl", ".nt", ".jsonld", ".rdf", ".trig", ".csv", ".nq"} <= kinds


@pytest.mark.parametrize("case", CASES, ids=case_id)
def test_library(case: dict[str, Any], tmp_path: Path) -> None:
    source = source_of(case, tmp_path)
    if case["exit"] == 2:
        expected = getattr(pmograph, case["error"])
        with pytest.raises(expected) as caught:
            run_library(case, source)
        message = str(caught.value)
        if case["run"] in ("load", "import"):
            assert source.name in message, message
        for needle in case.get("names", []):
            assert needle in message, f"{needle!r} not in {message!r}"
        return
    result = run_library(case, source)
    if "triples" in case:
        assert len(result) == case["triples"]
    if case["run"] == "validate":
        assert result.exit_code == case["exit"]
        checks = {r.check for r in result.violations}
        assert set(case["checks"]) <= checks
        text = " ".join(r.message for r in result.violations)
        for needle in case["names"]:
            assert needle in text
    if case["run"] == "show":
        assert str(result) == case["resolves"]
    if case["run"] == "import":
        labels = {str(o) for o in result.graph.objects()}
        for label in case.get("labels", []):
            assert any(label in value for value in labels), label
        warnings = " ".join(result.warnings)
        for needle in case.get("names", []):
            assert needle in warnings
    if case["run"] == "render":
        parsed = pydot.graph_from_dot_data(result.to_string())
        assert parsed and len(parsed) == 1
        text = " ".join(str(n.get("label")) for n in parsed[0].get_nodes())
        for label in case["labels"]:
            escaped = label.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
            assert escaped.replace('"', "&quot;") in text or escaped in text, label


@pytest.mark.parametrize("case", CASES, ids=case_id)
def test_cli(case: dict[str, Any], tmp_path: Path, cli: Cli) -> None:
    source = source_of(case, tmp_path)
    out_dir = tmp_path / "out"
    out_dir.mkdir()
    result = cli(*cli_args(case, source, out_dir / "result"))
    assert result.code == case["exit"], result.err
    assert "Traceback" not in result.err
    written = sorted(p.name for p in out_dir.iterdir())
    if case["exit"] == 2:
        lines = result.err.splitlines()
        assert len(lines) == 1 and lines[0].startswith("Error: "), result.err
        if case["run"] in ("load", "import"):
            assert source.name in lines[0]
        for needle in case.get("names", []):
            assert needle in result.err, f"{needle!r} not in {result.err!r}"
        assert written == [], "no output may appear after an error"
        return
    if case["run"] in ("load", "import", "render"):
        assert len(written) == 1 and (out_dir / written[0]).stat().st_size > 0
    if case["run"] == "validate":
        report = json.loads(result.out)
        assert report["conforms"] is False
        found = [r for r in report["results"] if r["check"] in case["checks"]]
        assert found
        described = json.dumps(found, ensure_ascii=False)
        for needle in case["names"]:
            assert needle in described
    if case["run"] == "show":
        assert json.loads(result.out)["subject"]["iri"] == case["resolves"]
    if case["run"] == "import":
        for needle in case.get("names", []):  # warnings name the row and column
            assert needle in result.err
        back = pmograph.load(out_dir / written[0], catalog=False)  # the output reads back
        values = {str(o) for o in back.graph.objects()}
        for label in case.get("labels", []):
            assert any(label in value for value in values), label


@pytest.mark.parametrize("case", [c for c in CASES if c["run"] == "load" and c["exit"] == 2
                                  and not c.get("generated")], ids=case_id)
def test_the_oxigraph_store_refuses_the_same_files(case: dict[str, Any]) -> None:
    """Large files switch to Oxigraph's own parser: it must refuse them too, never crash.

    Regression: Oxigraph expanded the billion-laughs file to a 3 GB literal before the
    entity check ran on this path as well.
    """
    with pytest.raises(pmograph.PmographError) as caught:
        pmograph.load(BAD / case["file"], catalog=False, store="oxigraph")
    assert case["file"] in str(caught.value)
    if "entit" in case["wrong"]:
        assert isinstance(caught.value, pmograph.ParseError)
