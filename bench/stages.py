"""The stages of the benchmark: each runs its processes and returns its figures (JSON-able).

The numbering follows issue #12, and stage 7 (imports) issue #19 (see the docstring of
:mod:`run` for how each is measured).
"""

from __future__ import annotations

import json
import shutil
import sys
from pathlib import Path
from typing import Any

from generate import BASE, organisation_lines, role_catalog_lines, write
from generate_hr import write_export
from measure import HERE, Run, best_of, made_by, run_process, run_worker
from workers import PYOXIGRAPH_CHAIN, RDFLIB_CHAIN, post


def pmograph_command() -> list[str]:
    """The ``pmograph`` console script of this interpreter's environment (else ``-m``)."""
    script = Path(sys.executable).parent / "pmograph"
    return [str(script)] if script.exists() else [sys.executable, "-m", "pmograph"]


def org_file(folder: Path, posts: int, seed: int) -> Path:
    """The generated organisation of ``posts`` posts (written once, kept in ``folder``)."""
    path = folder / f"org-{posts}-{seed}-{made_by('generate.py')}.nt"
    if not path.exists():
        write(organisation_lines(posts, seed), path.with_suffix(".tmp"))
        path.with_suffix(".tmp").rename(path)
    return path


def catalog_file(folder: Path, roles: int, seed: int) -> Path:
    path = folder / f"roles-{roles}-{seed}-{made_by('generate.py')}.nt"
    if not path.exists():
        write(role_catalog_lines(roles, seed), path.with_suffix(".tmp"))
        path.with_suffix(".tmp").rename(path)
    return path


def iris(entities: list[dict[str, Any]]) -> list[str]:
    return sorted(entity["iri"] for entity in entities)


def bosses(paths: list[list[dict[str, Any]]]) -> list[str]:
    """The set of bosses in pmograph's chain answer (every path), sorted."""
    return sorted({entity["iri"] for path in paths for entity in path})


# ------------------------------------------------------------------ stage 1
def chain_from_file(path: Path, posts: int, repeat: int, baseline: bool) -> dict[str, Any]:
    """A question from a file, whole process: ``pmograph ... chain`` against one-process
    scripts of plain pyoxigraph (``bulk_load``) and plain rdflib (``parse``), the same
    ``reportsTo+`` SELECT; best wall time of ``repeat`` fresh processes each."""
    target = post(posts - 1)
    ours_run, ours = best_of(repeat, [*pmograph_command(), "--no-catalog", "--data", str(path),
                                      "chain", target, "--json"])
    answer = ours_run.json()
    ours["answer"] = bosses(answer["paths"])
    ours["paths"] = len(answer["paths"])
    figures: dict[str, Any] = {"post": target, "pmograph": ours}
    scripts = {"pyoxigraph": PYOXIGRAPH_CHAIN, "rdflib": RDFLIB_CHAIN if baseline else None}
    for engine, script in scripts.items():
        if script is None:
            figures[engine] = None
            continue
        run, figures[engine] = best_of(repeat, [sys.executable, "-c", script, str(path), target])
        figures[engine]["answer"] = run.json()
    return figures


# ------------------------------------------------------------------ stage 2
def stored(path: Path, posts: int, folder: Path, seed: int) -> dict[str, Any]:
    """A stored organisation: ``load`` into a fresh ``oxigraph:DIR`` store, then one cold
    process per question, in this order; the store folder is deleted afterwards."""
    store = folder / f"store-{posts}-{seed}"
    shutil.rmtree(store, ignore_errors=True)
    base = [*pmograph_command(), "--no-catalog", "--store", f"oxigraph:{store}"]
    last, manager, root = post(posts - 1), post(1), post(0)
    questions = [("chain first", "chain", last), ("chain second", "chain", last),
                 ("reports manager", "reports", manager), ("show", "show", last),
                 ("show root", "show", root), ("reports root", "reports", root)]
    figures: dict[str, Any] = {"store": str(store)}
    try:
        loaded = run_process([*base, "load", str(path), "--json"])
        figures["load"] = {**loaded.figures(), "counts": loaded.json()["counts"]}
        figures["disk_mib"] = sum(f.stat().st_size for f in store.rglob("*")
                                  if f.is_file()) / 2**20
        for key, command, iri in questions:
            run = run_process([*base, command, iri, "--json"])
            figures[key] = {**run.figures(), "iri": iri, **answer_of(command, run)}
    finally:
        shutil.rmtree(store, ignore_errors=True)
    return figures


def answer_of(command: str, run: Run) -> dict[str, Any]:
    """The part of a CLI answer compared with pyoxigraph's: bosses, or direct reports."""
    answer = run.json()
    if command == "chain":
        return {"answer": bosses(answer["paths"])}
    if command == "reports":
        return {"answer": iris(answer["reports"])}
    return {"answer": bosses(answer["answers"]["chain"]),
            "reports": iris(answer["answers"]["direct reports"]),
            "span": answer["answers"]["span of control"]}


# ------------------------------------------------------------------ stage 3 (+ render)
def whole_view(path: Path, posts: int, render: bool) -> dict[str, Any]:
    """``pmograph.load`` then ``pmograph.reporting_view`` in one process, each timed, and the
    peak memory of the process: the structure (``details=False``) and, in another process, the
    full view and then the org-chart render (300-post budget); and the plain pyoxigraph +
    networkx baseline."""
    return {"structure": run_worker("view", str(path), str(posts), "0", "structure"),
            "details": run_worker("view", str(path), str(posts), "1" if render else "0",
                                  "details"),
            "pyoxigraph": run_worker("view-baseline", str(path))}


# ------------------------------------------------------------------ stage 4
def catalog_commands(repeat: int = 3) -> dict[str, Any]:
    """``pmograph roles`` on the bundled catalog and bare imports: best of ``repeat`` fresh
    processes each (``python -c pass`` is the interpreter's own start)."""
    figures: dict[str, Any] = {}
    roles, figures["roles"] = best_of(repeat, [*pmograph_command(), "roles"])
    figures["roles"]["lines"] = len(roles.stdout.splitlines())
    for name, code in (("import pmograph", "import pmograph"),
                       ("import pyoxigraph", "import pyoxigraph"),
                       ("import rdflib", "import rdflib"), ("python", "pass")):
        _, figures[name] = best_of(repeat, [sys.executable, "-c", code])
    return figures


# ------------------------------------------------------------------ stage 5
def load_in_process(path: Path, posts: int, repeat: int, baseline: bool) -> dict[str, Any]:
    """In-process load, best of ``repeat`` fresh processes per engine; the worst peak."""
    engines = ["pmograph", "pyoxigraph"] + (["rdflib"] if baseline else [])
    figures: dict[str, Any] = {"rdflib": None}
    for engine in engines:
        runs = [run_worker("load", engine, str(path), str(posts)) for _ in range(max(1, repeat))]
        figures[engine] = {"load": min(r["load"] for r in runs),
                           "peak_mib": max(r["peak_mib"] for r in runs),
                           "triples": runs[0]["triples"], "runs": [r["load"] for r in runs],
                           "answers": runs[0].get("answers")}
    return figures


# ------------------------------------------------------------------ promotion paths
def promotion(folder: Path, roles: int, seed: int) -> dict[str, Any]:
    """Promotion paths on a generated catalog of ``roles`` roles, three pairs of roles."""
    path = catalog_file(folder, roles, seed)
    pairs = [[f"{BASE}role/{low}", f"{BASE}role/{high}"]
             for low, high in ((0, roles - 1), (1, roles - 2), (roles // 10, roles // 2))]
    return {"roles": roles, "pairs": pairs,
            **{engine: run_worker("promotion", engine, str(path), json.dumps(pairs))
               for engine in ("pmograph", "pyoxigraph", "rdflib")}}


# ------------------------------------------------------------------ 7. imports (issue #19)
def hr_export(folder: Path, rows: int, seed: int) -> Path:
    """The generated HR export of ``rows`` rows (written once, kept in ``folder``)."""
    path = folder / f"hr-{rows}-{seed}-{made_by('generate_hr.py')}.csv"
    if not path.exists():
        write_export(rows, path.with_suffix(".tmp"), seed)
        path.with_suffix(".tmp").rename(path)
    return path


def import_export(folder: Path, rows: int, seed: int, repeat: int,
                  baseline: bool) -> dict[str, Any]:
    """``pmograph import EXPORT -o OUT.nt --json`` beside the plain-library scripts of
    :mod:`import_baselines` (pyoxigraph; rdflib when ``baseline``), whole processes, best
    wall time of ``repeat`` each and the worst peak RSS; then, once, the same import to
    Turtle.  Each output is deleted after its run (a million rows make 1.4 GB)."""
    source = hr_export(folder, rows, seed)
    out = folder / f"import-{rows}.nt"
    figures: dict[str, Any] = {"file": str(source), "file_mib": source.stat().st_size / 2**20}
    try:
        run, figures["pmograph"] = best_of(repeat, [*pmograph_command(), "import", str(source),
                                                    "-o", str(out), "--json"])
        figures["out_mib"] = out.stat().st_size / 2**20
        answer = run.json()
        figures["pmograph"].update(counts=answer["counts"], warnings=len(answer["warnings"]))
        turtle = out.with_suffix(".ttl")
        run = run_process([*pmograph_command(), "import", str(source), "-o", str(turtle),
                           "--json"])
        figures["pmograph_turtle"] = {**run.figures(), "counts": run.json()["counts"]}
        turtle.unlink()
        for engine in ("pyoxigraph", "rdflib"):
            if engine == "rdflib" and not baseline:
                figures[engine] = None
                continue
            run, figures[engine] = best_of(repeat, [
                sys.executable, str(HERE / "import_baselines.py"), engine, str(source),
                str(out)])
            figures[engine]["counts"] = run.json()
    finally:
        out.unlink(missing_ok=True)
    return figures
