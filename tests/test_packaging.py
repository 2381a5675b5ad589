"""The package as users get it: a wheel with the Turtle, queries and schemas; the public API."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import venv
import zipfile
from pathlib import Path

import pytest

import pmograph

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("dist")
    done = subprocess.run([sys.executable, "-m", "build", "--wheel", "--no-isolation",
                           "--outdir", str(out), str(ROOT)],
                          capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stdout + done.stderr
    (built,) = out.glob("pmograph-*.whl")
    return built


def test_wheel_contains_ontology_queries_schemas_and_marker(wheel: Path) -> None:
    names = set(zipfile.ZipFile(wheel).namelist())
    assert "pmograph/py.typed" in names
    assert "pmograph/ontology/pmo.ttl" in names
    assert "pmograph/ontology/shapes.ttl" in names
    assert any(n.startswith("pmograph/ontology/catalog/") and n.endswith(".ttl") for n in names)
    assert "pmograph/queries/who-is-the-boss-of-a-project-manager.rq" in names
    assert "pmograph/queries/internal/roles.rq" in names
    assert "pmograph/schemas/show.schema.json" in names
    for asset in ("page.html", "chart.css", "data.js", "layout.js", "draw.js", "panels.js",
                  "chart.js"):  # the interactive chart's page (issue #16)
        assert f"pmograph/_render/html_assets/{asset}" in names
    assert not any(n.startswith(("tests/", "bench/", "ontology/")) for n in names)


@pytest.mark.slow
def test_wheel_installs_in_a_fresh_venv_and_loads_the_catalog(wheel: Path,
                                                              tmp_path: Path) -> None:
    env_dir = tmp_path / "venv"
    venv.EnvBuilder(with_pip=True).create(env_dir)
    python = env_dir / "bin" / "python"
    install = subprocess.run([str(python), "-m", "pip", "install", "--quiet", str(wheel)],
                             capture_output=True, text=True, check=False)
    assert install.returncode == 0, install.stdout + install.stderr
    script = (
        "import json, pmograph\n"
        "kg = pmograph.load()\n"
        "roles = [r for r in kg.query('SELECT ?r WHERE { ?r a pmo:Role }')]\n"
        "print(json.dumps({'file': pmograph.__file__, 'roles': len(roles),"
        " 'version': pmograph.__version__}))\n"
    )
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    clean_env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV")}
    done = subprocess.run([str(python), "-c", script], cwd=outside, capture_output=True,
                          text=True, check=False, env=clean_env)
    assert done.returncode == 0, done.stderr
    report = json.loads(done.stdout)
    assert report["file"].startswith(str(env_dir)), "imported pmograph from the source tree"
    assert report["roles"] >= 10
    assert report["version"] == pmograph.__version__
    cli = subprocess.run([str(env_dir / "bin" / "pmograph"), "show", "head of pmo", "--json"],
                         cwd=outside, capture_output=True, text=True, check=False, env=clean_env)
    assert cli.returncode == 0, cli.stderr
    assert json.loads(cli.stdout)["subject"]["label"] == "PMO Director"


def test_public_api_is_pinned() -> None:
    expected = {
        "PMO", "PMOC", "AmbiguousNameError", "GraphStructureError", "ImportDataError",
        "KnowledgeGraph", "LoadError", "MissingDependencyError", "NameResolutionError",
        "OutputError", "ParseError", "PmographError", "QueryError", "RenderError",
        "ReportingCycleError", "ShippedQuery", "StoreError", "UnknownNameError",
        "UnsafeQueryError", "__version__", "list_queries", "load", "QueryRows", "to_dataframe",
        "ctdl_pathway", "export_ctdl",
    }
    assert expected <= set(pmograph.__all__)
    for name in pmograph.__all__:
        assert getattr(pmograph, name) is not None, name


def test_every_error_is_a_pmograph_error_with_a_code() -> None:
    errors = [getattr(pmograph, n) for n in pmograph.__all__ if n.endswith("Error")]
    assert len(errors) >= 10
    for error in errors:
        assert issubclass(error, pmograph.PmographError)
        assert error.code and error.code.replace("-", "").isalpha()


def test_import_is_cheap() -> None:
    code = ("import sys, pmograph; print(sorted(m for m in ('rdflib', 'networkx', 'pydot',"
            " 'pyshacl') if m in sys.modules))")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          check=True)
    assert done.stdout.strip() == "[]"
