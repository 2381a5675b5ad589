"""What the benchmark runs inside its fresh processes.

* The whole-process baselines of stage 1 are :data:`PYOXIGRAPH_CHAIN` and :data:`RDFLIB_CHAIN`,
  run as ``python -c SCRIPT FILE POST``: each prints the sorted bosses of ``POST`` as JSON.
* The in-process measurements are run as ``python bench/workers.py KIND ...`` and print one
  JSON object: ``load ENGINE FILE POSTS`` (stage 5), ``view FILE POSTS RENDER
  details|structure`` (stage 3 and the org-chart render), ``view-baseline FILE`` (stage 3's
  baseline), ``promotion ENGINE FILE PAIRS`` (promotion paths), ``metrics FILE
  POSTS`` (stage 8), ``diff OLD NEW POSTS`` (stage 9).

Module imports, and each library's one-time set-up (rdflib's parser plug-ins, its SPARQL
parser on the first query of a process), happen before the clock starts, for every engine.
"""

from __future__ import annotations

import json
import statistics
import sys
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
from generate import BASE
from measure import TreePeak, digest, peak_mib, timed

PREFIX = "PREFIX org: <http://www.w3.org/ns/org#>\nPREFIX pmo: <https://w3id.org/pmograph/ns#>\n"
CHAIN = PREFIX + "SELECT ?boss WHERE { <%s> org:reportsTo+ ?boss }"
DIRECT_REPORTS = PREFIX + "SELECT ?post WHERE { ?post org:reportsTo <%s> }"
CAN_REACH = PREFIX + "ASK { <%s> (^pmo:fromRole/pmo:toRole)+ <%s> }"
SPANS = PREFIX + ("SELECT (COUNT(?post) AS ?span) WHERE { ?post org:reportsTo ?boss } "
                  "GROUP BY ?boss")

#: Stage 1, baseline (a): plain pyoxigraph in one process.
PYOXIGRAPH_CHAIN = f"""\
import json, sys
from pyoxigraph import RdfFormat, Store
store = Store()
store.bulk_load(path=sys.argv[1], format=RdfFormat.N_TRIPLES)
rows = store.query({CHAIN!r} % sys.argv[2])
print(json.dumps(sorted(row["boss"].value for row in rows)))
"""

#: Stage 1, baseline (b): plain rdflib in one process.
RDFLIB_CHAIN = f"""\
import json, sys
from rdflib import Graph
graph = Graph().parse(sys.argv[1], format="nt")
rows = graph.query({CHAIN!r} % sys.argv[2])
print(json.dumps(sorted(str(row[0]) for row in rows)))
"""


def post(number: int) -> str:
    return f"{BASE}post/{number}"


def warm_pmograph() -> Any:
    """``pmograph.load`` with the modules a load needs imported (on an empty graph)."""
    import pmograph

    len(pmograph.load(catalog=False))
    return pmograph.load


def warm_rdflib() -> Any:
    from rdflib import Graph
    from rdflib.parser import Parser
    from rdflib.plugin import get

    get("nt", Parser)
    list(Graph().query(CHAIN % "urn:x-bench:nobody"))
    return Graph


def warm_pyoxigraph() -> Any:
    from pyoxigraph import RdfFormat, Store

    Store().load(input=b"", format=RdfFormat.N_TRIPLES)
    return Store, RdfFormat


def load_worker(engine: str, path: str, posts: int) -> dict[str, Any]:
    """Stage 5: only the load, timed, with the peak memory of the process while loading.

    pyoxigraph also answers, after the timing, the one-post questions of stage 2 (chain of
    the last post, direct reports of posts 1 and 0): the reference the CLI answers are
    compared with.
    """
    out: dict[str, Any] = {}
    if engine == "pmograph":
        load = warm_pmograph()
        with TreePeak() as peak:
            kg, out["load"] = timed(lambda: load(path, catalog=False))
        out["triples"] = len(kg)
    elif engine == "rdflib":
        graph = warm_rdflib()()
        with TreePeak() as peak:
            _, out["load"] = timed(lambda: graph.parse(path, format="nt"))
        out["triples"] = len(graph)
    else:
        store_type, formats = warm_pyoxigraph()
        store = store_type()
        with TreePeak() as peak:
            _, out["load"] = timed(lambda: store.load(path=path, format=formats.N_TRIPLES))
        out["triples"] = len(store)

        def ask(query: str, variable: str) -> list[str]:
            return sorted(row[variable].value for row in store.query(query))

        out["answers"] = {"chain": ask(CHAIN % post(posts - 1), "boss"),
                          "reports 1": ask(DIRECT_REPORTS % post(1), "post"),
                          "reports 0": ask(DIRECT_REPORTS % post(0), "post")}
    out["peak_mib"] = peak.mib
    return out


def view_worker(path: str, posts: int, render: bool, details: bool) -> dict[str, Any]:
    """Stage 3: ``pmograph.load`` then ``pmograph.reporting_view`` (with ``details`` or the
    structure only), each timed; the peak memory of the process up to the end of the view;
    then (not in that peak) the org-chart render."""
    import pmograph

    out: dict[str, Any] = {}
    load = warm_pmograph()
    # Public names are imported on first use (networkx, pydot): before the clock starts.
    view, dotted, org_chart = (pmograph.reporting_view, pmograph.dotted_line_view,
                               pmograph.org_chart)
    with TreePeak() as peak:
        kg, out["load"] = timed(lambda: load(path, catalog=False))
        G, out["view"] = timed(lambda: view(kg, details=details))
    out["peak_mib"] = peak.mib
    out["nodes"], out["edges"] = G.number_of_nodes(), G.number_of_edges()
    # Every generated post is a node and every post but the root has one solid line.
    out["as_generated"] = (out["nodes"], out["edges"]) == (posts, posts - 1)
    out["chain"] = sorted(pmograph.chain_of_command(G, post(posts - 1)))
    if render:
        def draw() -> dict[str, Any]:
            chart = org_chart(G, dotted(kg), max_nodes=300)
            chart.to_string()
            return dict(chart.counts)

        out["render_counts"], out["render"] = timed(draw)
    out["peak_mib_after_render"] = peak_mib()
    return out


def promotion_worker(engine: str, path: str, pairs: list[list[str]]) -> dict[str, Any]:
    """Promotion paths: pmograph's ``promotion_paths`` (up to 5 per pair) on its promotion
    view; the baselines can only say whether a path exists (SPARQL ``ASK``, property path)."""
    out: dict[str, Any] = {}
    if engine == "pmograph":
        import pmograph

        load = warm_pmograph()
        view, paths_of = pmograph.promotion_view, pmograph.promotion_paths
        kg, out["load"] = timed(lambda: load(path, catalog=False))
        G, out["view"] = timed(lambda: view(kg))
        found, out["answer"] = timed(lambda: [paths_of(G, s, t, k=5) for s, t in pairs])
        out["paths"] = [len(paths) for paths in found]
        out["reachable"] = [bool(paths) for paths in found]
    elif engine == "rdflib":
        graph = warm_rdflib()()
        _, out["load"] = timed(lambda: graph.parse(path, format="nt"))
        out["reachable"], out["answer"] = timed(
            lambda: [bool(graph.query(CAN_REACH % (s, t)).askAnswer) for s, t in pairs])
    else:
        store_type, formats = warm_pyoxigraph()
        store = store_type()
        _, out["load"] = timed(lambda: store.load(path=path, format=formats.N_TRIPLES))
        out["reachable"], out["answer"] = timed(
            lambda: [bool(store.query(CAN_REACH % (s, t))) for s, t in pairs])
    return out


def metrics_worker(path: str, posts: int) -> dict[str, Any]:
    """Stage 8: ``pmograph.reporting_view`` timed on a fresh load, then ``pmograph.metrics``
    (which builds the rest it needs: holders and units, dotted lines, unit nesting, role
    levels); beside it, plain pyoxigraph counting the spans with one aggregate SELECT."""
    import pmograph

    out: dict[str, Any] = {}
    load = warm_pmograph()
    view, metrics = pmograph.reporting_view, pmograph.metrics
    metrics(load(catalog=False))  # every module metrics needs, imported before the clock
    kg, out["load"] = timed(lambda: load(path, catalog=False))
    _, out["view"] = timed(lambda: view(kg))
    answer, out["metrics_after_view"] = timed(lambda: metrics(kg))
    out["metrics"] = out["view"] + out["metrics_after_view"]
    out["answer"] = {key: answer[key] for key in ("posts", "people", "vacant", "layers")}
    out["answer"]["span"] = {key: answer["span"][key] for key in ("managers", "median", "bands")}
    out["units"], out["managers"] = len(answer["by_unit"]), len(answer["by_manager"])
    out["peak_mib"] = peak_mib()
    kg = answer = None  # free them before the baseline loads its own copy
    store_type, formats = warm_pyoxigraph()
    store = store_type()
    store.load(path=path, format=formats.N_TRIPLES)
    spans, out["pyoxigraph_spans"] = timed(lambda: sorted(
        int(row["span"].value) for row in store.query(SPANS)))
    out["pyoxigraph_answer"] = {"managers": len(spans), "median": statistics.median(spans),
                                "bands": span_bands(spans)}
    return out


def diff_worker(old: str, new: str, posts: int) -> dict[str, Any]:
    """Stage 9: both reporting views timed on fresh loads of two snapshots, then
    ``pmograph.diff`` timed on two fresh loads; beside it, plain pyoxigraph running the shipped
    query ``what-changed-between-snapshots`` with the two files in named graphs."""
    import gc

    import pmograph

    out: dict[str, Any] = {}
    load = warm_pmograph()
    view, diff = pmograph.reporting_view, pmograph.diff
    small = load(catalog=False)
    view(small), diff(small, small)  # every module either needs, imported before the clock
    (before, after), out["load"] = timed(lambda: (load(old, catalog=False),
                                                  load(new, catalog=False)))
    _, out["views"] = timed(lambda: (view(before), view(after)))
    before = after = None  # free them before the diff loads its own copies
    gc.collect()
    before, after = load(old, catalog=False), load(new, catalog=False)
    answer, out["diff"] = timed(lambda: diff(before, after))
    out["changes"] = len(answer["changes"])
    out["counts"] = answer["counts"]
    out["answer_rows"] = digest(changed_rows(answer))
    out["peak_mib"] = peak_mib()
    before = after = answer = None
    gc.collect()
    store_type, formats = warm_pyoxigraph()
    import pyoxigraph as ox

    store = store_type()
    graphs = {}
    for name, path, day in (("old", old, "2026-03-31"), ("new", new, "2026-09-30")):
        graph = graphs[name] = ox.NamedNode(f"{BASE}snapshot/{day}")
        store.load(path=path, format=formats.N_TRIPLES, to_graph=graph)
        store.add(ox.Quad(graph, ox.NamedNode("http://www.w3.org/ns/prov#generatedAtTime"),
                          ox.Literal(f"{day}T00:00:00", datatype=ox.NamedNode(
                              "http://www.w3.org/2001/XMLSchema#dateTime")), graph))
    text = (Path(pmograph.__file__).parent / "queries" /
            "what-changed-between-snapshots.rq").read_text(encoding="utf-8")
    # As a SPARQL user binds them (pyoxigraph substitutes only projected variables).
    text = text.replace(
        "WHERE {", f"WHERE {{\n  VALUES (?old ?new) {{ ({graphs['old']} {graphs['new']}) }}", 1)
    rows, out["pyoxigraph_query"] = timed(lambda: [
        tuple(None if value is None else value.value for value in row)
        for row in store.query(text)])
    out["pyoxigraph_rows"] = digest(sorted(set(rows), key=repr))
    return out


#: The kinds of change the shipped query lists.
QUERY_KINDS = {"post-added", "post-removed", "post-retitled", "post-moved", "dotted-added",
               "dotted-removed", "person-joined", "person-left", "vacancy-opened",
               "vacancy-filled"}


def changed_rows(answer: dict[str, Any]) -> list[tuple[str | None, ...]]:
    """A diff answer as the shipped query's rows: one per entity before and after."""
    def values(value: Any) -> list[str | None]:
        if value is None:
            return [None]
        if isinstance(value, list):
            return [item["iri"] for item in value] or [None]
        return [value["iri"] if isinstance(value, dict) else str(value)]

    found = {(c["kind"], c["subject"]["iri"], before, after) for c in answer["changes"]
             if c["kind"] in QUERY_KINDS
             for before in values(c["before"]) for after in values(c["after"])}
    return sorted(found, key=repr)


VIEW_LINES = PREFIX + "SELECT ?report ?boss WHERE { ?report org:reportsTo ?boss }"
VIEW_POSTS = PREFIX + ("PREFIX skos: <http://www.w3.org/2004/02/skos/core#>\n"
                       "SELECT ?post ?label WHERE { ?post a org:Post "
                       "OPTIONAL { ?post skos:prefLabel ?label } }")


def view_baseline_worker(path: str) -> dict[str, Any]:
    """Stage 3's baseline: plain pyoxigraph and networkx, the least a reporting view can be —
    every ``org:Post`` with its ``skos:prefLabel`` (no other names, no language choice, no
    other kinds of node) and the lines, superior → subordinate, in no particular order."""
    import networkx as nx

    store_type, formats = warm_pyoxigraph()
    out: dict[str, Any] = {}
    with TreePeak() as peak:
        store = store_type()
        _, out["load"] = timed(lambda: store.load(path=path, format=formats.N_TRIPLES))

        def build() -> Any:
            G = nx.DiGraph()
            G.add_nodes_from((row[0].value, {"label": None if row[1] is None else row[1].value})
                             for row in store.query(VIEW_POSTS))
            G.add_edges_from((row[1].value, row[0].value) for row in store.query(VIEW_LINES))
            return G

        G, out["view"] = timed(build)
    out["peak_mib"] = peak.mib
    out["nodes"], out["edges"] = G.number_of_nodes(), G.number_of_edges()
    return out


def span_bands(spans: list[int]) -> dict[str, int]:
    """Managers per band, written out here so the baseline does not use pmograph's code."""
    bands = {"1": (1, 1), "2-3": (2, 3), "4-7": (4, 7), "8-12": (8, 12), "13-16": (13, 16),
             "17+": (17, 10**9)}
    return {name: sum(low <= span <= high for span in spans)
            for name, (low, high) in bands.items()}


def main(argv: list[str]) -> int:
    kind, *rest = argv
    if kind == "load":
        result = load_worker(rest[0], rest[1], int(rest[2]))
    elif kind == "view":
        result = view_worker(rest[0], int(rest[1]), rest[2] == "1", rest[3] == "details")
    elif kind == "view-baseline":
        result = view_baseline_worker(rest[0])
    elif kind == "metrics":
        result = metrics_worker(rest[0], int(rest[1]))
    elif kind == "diff":
        result = diff_worker(rest[0], rest[1], int(rest[2]))
    elif kind == "promotion":
        result = promotion_worker(rest[0], rest[1], json.loads(rest[2]))
    else:
        raise SystemExit(f"unknown worker {kind!r}")
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
