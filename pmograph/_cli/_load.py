"""``pmograph load FILE …``: add files to a persistent or remote store."""

from __future__ import annotations

import argparse
from typing import Any

from pmograph._cli._common import emit_json, help_text, open_graph
from pmograph._cli._text import plural
from pmograph._errors import StoreError


def register(commands: Any) -> list[argparse.ArgumentParser]:
    parser = commands.add_parser("load", **help_text(
        "Add RDF files (or spreadsheet exports) to a persistent Oxigraph store or a SPARQL "
        "server, so later commands answer from it without re-reading the files. The bundled "
        "catalog goes in once per catalog version, each file once per content: loading the "
        "same file again does nothing. Progress is shown on a terminal unless --quiet. With "
        "--snapshot, the files are kept apart as the organisation on one date (a named graph "
        "of its own, beside the data), for 'pmograph diff --store STORE DATE DATE'.",
        "pmograph --store oxigraph:org.db load org.ttl more.nt\n"
        "pmograph --store oxigraph:org.db chain 'Post 42'\n"
        "pmograph --store oxigraph:org.db load org-2026-03.ttl --snapshot 2026-03-31\n"
        "pmograph --store oxigraph:org.db load organogram-2011.nt --snapshot\n"
        "pmograph --store http://127.0.0.1:8890/sparql --update-url "
        "http://127.0.0.1:8890/sparql load org.nt --json"))
    parser.add_argument("files", metavar="FILE", nargs="+", help="files to add")
    parser.add_argument("--snapshot", metavar="DATE", nargs="?", const="", default=None,
                        help="keep the files as the snapshot of DATE (YYYY-MM-DD), apart from "
                             "the data; without DATE, the date each file gives itself "
                             "(written by 'import --date', or a published organogram's)")
    parser.set_defaults(handler=run)
    return [parser]


def run(args: argparse.Namespace) -> int:
    from pmograph._inputs import named_format
    from pmograph._store.spec import parse_store

    if not parse_store(args.store).persistent:
        raise StoreError("load adds files to a store that outlives the command: give "
                         "--store oxigraph:PATH or --store http(s)://… (a SPARQL server)")
    data, args.data = list(args.data), []
    kg = open_graph(args)
    if args.snapshot is not None:
        return _snapshots(args, kg, [*data, *args.files])
    added = skipped = 0
    for source in [*data, *args.files]:
        count = kg.add(source, format=None if named_format(source) else args.data_format)
        added += count
        skipped += count == 0
    kind = "sparql" if kg.spec.kind == "remote" else "oxigraph"
    payload: dict[str, Any] = {"written": kg.store, "format": kind,
                               "counts": {"files": len(data) + len(args.files),
                                          "unchanged": skipped, "added": added,
                                          "triples": len(kg)}}
    if args.json:
        emit_json(payload)
    else:
        print(f"{kg.store}: {plural(added, 'triple')} added from "
              f"{plural(payload['counts']['files'], 'file')} ({skipped:,} unchanged); "
              f"{plural(len(kg), 'triple')} in the store")
    return 0


def _snapshots(args: argparse.Namespace, kg: Any, sources: list[str]) -> int:
    """``load --snapshot``: each file into the snapshot of its date."""
    from pmograph._inputs import named_format

    found: dict[str, dict[str, Any]] = {}
    for source in sources:
        snapshot, added = kg.add_snapshot(
            source, date=args.snapshot or None,
            format=None if named_format(source) else args.data_format,
            allow_network=args.allow_network)
        entry = found.setdefault(str(snapshot.date), {
            "date": str(snapshot.date), "graph": snapshot.graph, "files": 0, "unchanged": 0,
            "added": 0})
        entry["files"] += 1
        entry["unchanged"] += added == 0
        entry["added"] += added
    snapshots = list(found.values())
    payload: dict[str, Any] = {
        "written": kg.store, "format": "sparql" if kg.spec.kind == "remote" else "oxigraph",
        "counts": {"files": len(sources), "unchanged": sum(s["unchanged"] for s in snapshots),
                   "added": sum(s["added"] for s in snapshots),
                   "snapshots": len(kg.snapshots())},
        "snapshots": snapshots}
    if args.json:
        emit_json(payload)
        return 0
    for entry in snapshots:
        print(f"{kg.store}: snapshot {entry['date']}: {plural(entry['added'], 'triple')} added "
              f"from {plural(entry['files'], 'file')} ({entry['unchanged']:,} unchanged)")
    print(f"{plural(payload['counts']['snapshots'], 'snapshot')} in the store: "
          + ", ".join(str(s.date) for s in kg.snapshots()))
    return 0
