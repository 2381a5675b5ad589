"""The examples run and say what they promise."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pmograph

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"


def test_ask_the_source_answers_every_shipped_question() -> None:
    done = subprocess.run([sys.executable, str(EXAMPLES / "ask_the_source.py")],
                          capture_output=True, text=True, check=False, timeout=300)
    assert done.returncode == 0, done.stderr
    for query in pmograph.list_queries():
        assert f"[{query.name}]" in done.stdout
    # Answers, not just headings: the PMO set-up steps in order, with the source's gap.
    section = done.stdout.split("[how-to-set-up-a-pmo]")[1].split("\n\n")[0]
    steps = [line for line in section.splitlines() if line.startswith("  - position=")]
    assert [s.split(";")[0] for s in steps] == [f"  - position={n}" for n in range(1, 8)]
    assert "position=2; omitted=true" in done.stdout
    assert "(no answer in the catalog)" not in done.stdout


def test_sample_organisation_loads_and_conforms() -> None:
    kg = pmograph.load(EXAMPLES / "sample-org.ttl")
    report = pmograph.validate(kg)
    assert report.conforms, [r.message for r in report.results]
    G = pmograph.reporting_view(kg)
    assert any(data["vacant"] for _, data in G.nodes(data=True))
    assert any(len(data["holders"]) > 1 for _, data in G.nodes(data=True))
    assert pmograph.dotted_line_view(kg).number_of_edges() >= 1
