"""Scale benchmark: pmograph against plain rdflib, on generated W3C ORG organisations.

One command prints the table (stages reported separately, DESIGN.md §3)::

    .venv/bin/python bench/run.py                       # 1,000 to 1,000,000 posts
    .venv/bin/python bench/run.py --sizes 1000,10000    # quick

For every size, each engine runs in its own subprocesses so that peak memory (``ru_maxrss``
right after loading) is honest; loading runs ``--repeat`` times in fresh processes and the best
time is reported (the machine is shared: one slow run says little):

* **pmograph** — ``pmograph.load(file, store="oxigraph")`` (the catalog included), then the
  reporting view (networkx, from SPARQL SELECTs of edges) and the algorithms on it;
* **rdflib** — ``Graph().parse(file)`` and SPARQL property paths (``org:reportsTo+``).

Chains of command in rdflib (one property-path query per post) are timed on a sample of posts
and scaled up, marked ``~``.  The rdflib baseline is skipped above ``--baseline-max`` posts
(at 1,000,000 posts it needs about 10 GiB and minutes per query).  Every answer is compared
between the engines (``same`` column).  Promotion paths run once, on a generated catalog of
``--roles`` roles.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import resource
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from generate import BASE, organisation_lines, role_catalog_lines, write  # noqa: E402

ROOT_POST = f"{BASE}post/0"
PREFIX = "PREFIX org: <http://www.w3.org/ns/org#>\nPREFIX pmo: <https://w3id.org/pmograph/ns#>\n"
BELOW = PREFIX + "SELECT ?post WHERE { ?post org:reportsTo+ ?boss }"
COUNT_BELOW = PREFIX + "SELECT (COUNT(?post) AS ?n) WHERE { ?post org:reportsTo+ ?boss }"
ABOVE = PREFIX + "SELECT ?boss WHERE { ?post org:reportsTo+ ?boss }"
HEAD_COUNTS = PREFIX + ("SELECT ?boss (COUNT(?post) AS ?n) WHERE { ?post org:reportsTo+ ?boss } "
                        "GROUP BY ?boss")
CAN_REACH = PREFIX + "ASK { ?source (^pmo:fromRole/pmo:toRole)+ ?target }"


def digest(value: Any) -> str:
    return hashlib.sha256(json.dumps(value, sort_keys=True).encode()).hexdigest()[:12]


def peak_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


class TreePeak:
    """Peak resident memory of this process *and its children* while a stage runs (Linux).

    pmograph's Oxigraph load checks the file in a child process while this one loads it, so
    ``ru_maxrss`` of this process alone would leave the child out.  A thread samples
    ``VmRSS`` of this process plus every child every 20 ms; :attr:`mib` is the larger of that
    sum and this process's own ``ru_maxrss``.
    """

    def __init__(self) -> None:
        self.mib = 0.0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._sample, daemon=True)

    def __enter__(self) -> TreePeak:
        self._thread.start()
        return self

    def __exit__(self, *_: object) -> None:
        self._stop.set()
        self._thread.join()
        self.mib = max(self.mib, peak_mib())

    @staticmethod
    def _rss_kib(pid: str) -> int:
        try:
            with open(f"/proc/{pid}/status", encoding="ascii") as status:
                return next(int(line.split()[1]) for line in status if line.startswith("VmRSS"))
        except (OSError, StopIteration):
            return 0

    def _sample(self) -> None:
        me = str(os.getpid())
        while not self._stop.wait(0.02):
            children: list[str] = []
            for task in os.listdir(f"/proc/{me}/task"):
                try:
                    with open(f"/proc/{me}/task/{task}/children", encoding="ascii") as found:
                        children += found.read().split()
                except OSError:
                    pass
            total = self._rss_kib(me) + sum(self._rss_kib(child) for child in children)
            self.mib = max(self.mib, total / 1024)


def timed(function: Any) -> tuple[Any, float]:
    start = time.perf_counter()
    value = function()
    return value, time.perf_counter() - start


# ------------------------------------------------------------------ workers (subprocesses)
def pmograph_worker(path: str, sample: list[str], render: bool) -> dict[str, Any]:
    from rdflib import URIRef

    from pmograph._algorithms.hierarchy import all_reports, chains_of_command, head_counts
    from pmograph._views.org import dotted_line_view, reporting_view

    out: dict[str, Any] = {}
    load = warm_pmograph()
    kg, out["load"] = timed(lambda: load(path, store="oxigraph"))
    out["peak_mib"] = peak_mib()
    out["triples"] = len(kg)
    G, out["view"] = timed(lambda: reporting_view(kg))
    chains, out["chain"] = timed(lambda: chains_of_command(G))
    out["chain_digest"] = digest({post: sorted(chains[post]) for post in sample})
    counts, out["headcount"] = timed(lambda: head_counts(G))
    out["headcount_digest"] = digest({k: v for k, v in counts.items() if v})
    below, out["reports"] = timed(lambda: all_reports(G, ROOT_POST))
    out["reports_digest"] = digest(sorted(below))
    rows, out["sparql"] = timed(lambda: list(kg.query(COUNT_BELOW, boss=URIRef(ROOT_POST))))
    out["sparql_digest"] = digest(int(rows[0][0]))
    if render:
        from pmograph._render.org import org_chart

        def draw() -> int:
            return len(org_chart(G, dotted_line_view(kg), max_nodes=300).to_string())

        _, out["render"] = timed(draw)
    return out


def rdflib_worker(path: str, sample: list[str]) -> dict[str, Any]:
    from rdflib import URIRef

    out: dict[str, Any] = {}
    graph = warm_rdflib()()
    _, out["load"] = timed(lambda: graph.parse(path, format="nt"))
    out["peak_mib"] = peak_mib()
    out["triples"] = len(graph)

    def chains() -> dict[str, list[str]]:
        # One property-path query per post (it answers a set: compared as one).
        return {post: sorted(str(r[0]) for r in graph.query(ABOVE, initBindings={
            "post": URIRef(post)})) for post in sample}

    sampled, elapsed = timed(chains)
    out["chain_digest"] = digest(sampled)
    out["chain_sample"] = elapsed
    counts, out["headcount"] = timed(lambda: {str(r[0]): int(r[1])
                                              for r in graph.query(HEAD_COUNTS)})
    out["headcount_digest"] = digest(counts)
    below, out["reports"] = timed(lambda: sorted(
        str(r[0]) for r in graph.query(BELOW, initBindings={"boss": URIRef(ROOT_POST)})))
    out["reports_digest"] = digest(below)
    rows, out["sparql"] = timed(lambda: list(graph.query(
        COUNT_BELOW, initBindings={"boss": URIRef(ROOT_POST)})))
    out["sparql_digest"] = digest(int(rows[0][0]))
    return out


#: Run once on an empty graph before any timing: rdflib sets up its SPARQL parser and algebra on
#: the first query of a process (about 20 ms), for either engine; that is not answering.
WARM_UP = PREFIX + "SELECT ?post WHERE { ?post org:reportsTo+ <urn:x-bench:nobody> }"


def warm_pmograph() -> Any:
    """``pmograph.load`` with its modules imported: imports are not loading, for either engine."""
    import pmograph
    from pmograph._store.backends import open_backend  # noqa: F401
    from pmograph._store.oxigraph import oxigraph

    oxigraph()
    list(pmograph.load(catalog=False, store="oxigraph").query(WARM_UP))
    return pmograph.load


def warm_rdflib() -> Any:
    from rdflib import Graph
    from rdflib.parser import Parser
    from rdflib.plugin import get

    get("nt", Parser)
    list(Graph().query(WARM_UP))
    return Graph


def load_worker(engine: str, path: str) -> dict[str, Any]:
    """Only the load, for the best-of-N load time and its peak memory."""
    if engine == "pmograph":

        load = warm_pmograph()
        with TreePeak() as peak:
            kg, elapsed = timed(lambda: load(path, store="oxigraph"))
        size = len(kg)
    else:
        graph = warm_rdflib()()
        with TreePeak() as peak:
            _, elapsed = timed(lambda: graph.parse(path, format="nt"))
        size = len(graph)
    return {"load": elapsed, "peak_mib": peak.mib, "triples": size}


def best_load(engine: str, path: Path, repeat: int) -> dict[str, Any]:
    runs = [run_worker("load", engine, str(path)) for _ in range(repeat)]
    return {"load": min(r["load"] for r in runs), "peak_mib": max(r["peak_mib"] for r in runs),
            "triples": runs[0]["triples"], "load_runs": [r["load"] for r in runs]}


def promotion_worker(path: str, engine: str, pairs: list[list[str]]) -> dict[str, Any]:
    from rdflib import URIRef

    out: dict[str, Any] = {}
    if engine == "pmograph":
        import pmograph
        from pmograph._algorithms.promotion import promotion_paths
        from pmograph._views.roles import promotion_view

        kg, out["load"] = timed(lambda: pmograph.load(path, catalog=False, store="oxigraph"))
        G, out["view"] = timed(lambda: promotion_view(kg))
        found, out["answer"] = timed(lambda: [promotion_paths(G, s, t, k=5) for s, t in pairs])
        out["reachable"] = [bool(paths) for paths in found]
    else:
        from rdflib import Graph

        graph = Graph()
        _, out["load"] = timed(lambda: graph.parse(path, format="nt"))
        found, out["answer"] = timed(lambda: [graph.query(CAN_REACH, initBindings={
            "source": URIRef(s), "target": URIRef(t)}).askAnswer for s, t in pairs])
        out["reachable"] = list(found)
    return out


def run_worker(*args: str) -> dict[str, Any]:
    done = subprocess.run([sys.executable, __file__, "--worker", *args], capture_output=True,
                          text=True, check=False)
    if done.returncode != 0:
        raise SystemExit(f"worker {args[:2]} failed:\n{done.stderr[-3000:]}")
    return json.loads(done.stdout)  # type: ignore[no-any-return]


# ------------------------------------------------------------------ driver
def org_file(folder: Path, posts: int, seed: int) -> Path:
    path = folder / f"org-{posts}-{seed}.nt"
    if not path.exists():
        write(organisation_lines(posts, seed), path.with_suffix(".tmp"))
        path.with_suffix(".tmp").rename(path)
    return path


def ratio(baseline: float | None, ours: float | None) -> str:
    if not baseline or not ours:
        return ""
    return f"{baseline / ours:,.1f}×"


def seconds(value: float | None, estimated: bool = False) -> str:
    if value is None:
        return "not run"
    return ("~" if estimated else "") + (f"{value:.3f} s" if value < 10 else f"{value:.1f} s")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="1000,10000,100000,1000000",
                        help="posts per organisation, comma-separated")
    parser.add_argument("--baseline-max", type=int, default=100_000,
                        help="largest size the rdflib baseline runs at")
    parser.add_argument("--sample", type=int, default=200,
                        help="posts whose chain the baseline computes (then scaled)")
    parser.add_argument("--roles", type=int, default=1000, help="roles in the generated catalog")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--repeat", type=int, default=3,
                        help="load runs per engine and size (the best time is reported)")
    parser.add_argument("--data", default=os.environ.get("PMOGRAPH_BENCH_DATA",
                                                         "/tmp/pmograph-bench"),
                        help="where generated files are kept between runs")
    parser.add_argument("--no-render", action="store_true", help="skip the org-chart render")
    parser.add_argument("--json", metavar="FILE", help="also write every figure as JSON")
    parser.add_argument("--worker", nargs="+", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.worker:
        kind, path, *rest = args.worker
        if kind == "load":
            result = load_worker(path, rest[0])
        elif kind == "pmograph":
            result = pmograph_worker(path, json.loads(rest[0]), rest[1] == "1")
        elif kind == "rdflib":
            result = rdflib_worker(path, json.loads(rest[0]))
        else:
            result = promotion_worker(path, rest[0], json.loads(rest[1]))
        print(json.dumps(result))
        return 0

    folder = Path(args.data)
    folder.mkdir(parents=True, exist_ok=True)
    rows: list[list[str]] = []
    figures: dict[str, Any] = {}
    for posts in (int(size) for size in args.sizes.split(",")):
        path = org_file(folder, posts, args.seed)
        step = max(1, posts // args.sample)
        sample = [f"{BASE}post/{i}" for i in range(posts - 1, -1, -step)][:args.sample]
        ours = run_worker("pmograph", str(path), json.dumps(sample),
                          "0" if args.no_render else "1")
        ours.update(best_load("pmograph", path, args.repeat))
        base = None
        if posts <= args.baseline_max:
            base = run_worker("rdflib", str(path), json.dumps(sample))
            base.update(best_load("rdflib", path, args.repeat))
        figures[str(posts)] = {"pmograph": ours, "rdflib": base}
        rows.extend(size_rows(posts, ours, base))
    catalog = folder / f"roles-{args.roles}-{args.seed}.nt"
    if not catalog.exists():
        write(role_catalog_lines(args.roles, args.seed), catalog)
    pairs = [[f"{BASE}role/{low}", f"{BASE}role/{high}"]
             for low, high in ((0, args.roles - 1), (1, args.roles - 2),
                               (args.roles // 10, args.roles // 2))]
    ours = run_worker("promotion", str(catalog), "pmograph", json.dumps(pairs))
    base = run_worker("promotion", str(catalog), "rdflib", json.dumps(pairs))
    figures["promotion"] = {"pmograph": ours, "rdflib": base}
    rows.append([f"{args.roles} roles", "promotion paths (k=5, 3 pairs)",
                 seconds(ours["answer"]), seconds(base["answer"]) + " (reachability only)",
                 ratio(base["answer"], ours["answer"]),
                 "yes" if ours["reachable"] == base["reachable"] else "NO"])
    print_table(rows)
    if args.json:
        Path(args.json).write_text(json.dumps(figures, indent=2))
    return 0


def size_rows(posts: int, ours: dict[str, Any], base: dict[str, Any] | None) -> list[list[str]]:
    size = f"{posts:,} posts"
    get = (lambda key: base.get(key)) if base else (lambda key: None)

    def same(key: str) -> str:
        if base is None:
            return ""
        return "yes" if ours[f"{key}_digest"] == base[f"{key}_digest"] else "NO"

    chain_estimate = get("chain_sample") and get("chain_sample") * posts / min(posts, 200)
    rows = [
        [size, f"load ({ours['triples']:,} triples)", seconds(ours["load"]),
         seconds(get("load")), ratio(get("load"), ours["load"]), ""],
        [size, "peak memory after load", f"{ours['peak_mib']:,.0f} MiB",
         f"{get('peak_mib'):,.0f} MiB" if base else "not run",
         f"{ours['peak_mib'] / get('peak_mib'):.2f} of" if base else "", ""],
        [size, "reporting view (networkx)", seconds(ours["view"]), "—", "", ""],
        [size, "chain of command, every post", seconds(ours["chain"]),
         seconds(chain_estimate, estimated=True) if base else "not run",
         ratio(chain_estimate, ours["chain"]), same("chain")],
        [size, "head-count under every manager", seconds(ours["headcount"]),
         seconds(get("headcount")), ratio(get("headcount"), ours["headcount"]),
         same("headcount")],
        [size, "all reports of the root", seconds(ours["reports"]), seconds(get("reports")),
         ratio(get("reports"), ours["reports"]), same("reports")],
        [size, "SPARQL reportsTo+ under the root", seconds(ours["sparql"]),
         seconds(get("sparql")), ratio(get("sparql"), ours["sparql"]), same("sparql")],
    ]
    if "render" in ours:
        rows.append([size, "org-chart render (300-post budget)", seconds(ours["render"]),
                     "—", "", ""])
    return rows


def print_table(rows: list[list[str]]) -> None:
    headers = ["size", "stage", "pmograph", "rdflib", "speed-up", "same"]
    widths = [max(len(str(r[i])) for r in [headers, *rows]) for i in range(len(headers))]
    line = "| " + " | ".join(h.ljust(w) for h, w in zip(headers, widths, strict=True)) + " |"
    print(line)
    print("|" + "|".join("-" * (w + 2) for w in widths) + "|")
    for row in rows:
        print("| " + " | ".join(str(c).ljust(w) for c, w in zip(row, widths, strict=True))
              + " |")


if __name__ == "__main__":
    raise SystemExit(main())
