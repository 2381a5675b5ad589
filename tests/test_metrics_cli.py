"""``pmograph metrics``, ``span``, ``common`` and ``layers`` on the command line, and the charts."""

from __future__ import annotations

import csv
import io
import json
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

import pmograph
from pmograph._render.plots import layer_chart, span_chart, unit_chart, write_chart

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = str(ROOT / "examples" / "sample-org.ttl")
HEFCE = "w3c-csvw-uc4-HEFCE_organogram_31032011.nt"
Cli = Callable[..., Any]


def test_metrics_text_says_every_figure(cli: Cli, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", "120")
    result = cli("--data", SAMPLE, "metrics")
    assert result.code == 0, result.err
    lines = result.out.splitlines()
    assert lines[0] == ("The organisation: 15 posts, 15 people, 1 vacant (6.7%), 1 job share, "
                        "14 FTE.")
    assert lines[1] == "Layers: 6 (posts per layer, the top first: 1, 2, 1, 3, 5, 3)."
    assert "Span of control: 8 managers, median 2, mean 1.75." in lines
    assert any(line.split()[:2] == ["1", "3"] for line in lines)  # band 1: three managers
    assert ("Managers of one (3): Chief Operating Officer; PMO Manager, Delivery Support; "
            "Project Manager, Data Platform") in lines
    assert "Dotted-line load (1 dotted line): Chief Technology Officer 1" in lines
    assert "Level compression (0): none" in lines
    table = lines[lines.index("Managers by head-count:") + 3]
    assert table.split()[:4] == ["Chief", "Executive", "Officer", "Helen"]
    assert "Units by head-count, each with the units inside it:" in lines


def test_metrics_json_csv_and_output_file(cli: Cli, schema: Any, tmp_path: Path) -> None:
    answer = cli("--data", SAMPLE, "metrics", "--json").json()
    schema("metrics", answer)
    assert answer == pmograph.metrics(pmograph.load(SAMPLE))
    managers = list(csv.DictReader(io.StringIO(cli("--data", SAMPLE, "metrics", "--format",
                                                   "csv").out)))
    assert len(managers) == answer["span"]["managers"] == 8
    assert managers[0]["manager_label"] == "Chief Executive Officer"
    assert (managers[0]["headcount"], managers[0]["span_band"]) == ("14", "2-3")
    units = list(csv.DictReader(io.StringIO(cli("--data", SAMPLE, "metrics", "--format", "csv",
                                                "--by", "unit").out)))
    assert [(row["unit_label"], row["headcount"]) for row in units][:2] == [
        ("Meridian Engineering Ltd", "15"), ("Delivery", "6")]
    out = tmp_path / "units.csv"
    done = cli("--data", SAMPLE, "metrics", "--format", "csv", "--by", "unit", "-o", str(out))
    assert done.code == 0 and out.read_text(encoding="utf-8").count("\n") == 7
    text = tmp_path / "report.txt"
    assert cli("--data", SAMPLE, "metrics", "--by", "manager", "-o", str(text)).code == 0
    assert "Managers by head-count:" in text.read_text(encoding="utf-8")
    assert cli("--data", SAMPLE, "metrics", "--csv-raw").code == 2


def test_metrics_root_and_errors(cli: Cli) -> None:
    answer = cli("--data", SAMPLE, "metrics", "--root", "person:Daniel Mensah", "--json").json()
    assert answer["subject"]["label"] == "Director, Enterprise PMO" and answer["posts"] == 6
    unknown = cli("--data", SAMPLE, "metrics", "--root", "Nobody At All", "--json")
    assert unknown.code == 2 and unknown.err.startswith("Error:")
    assert json.loads(unknown.out)["error"]["code"]
    broken = cli("--no-catalog", "--data", str(ROOT / "tests" / "data" / "reporting-cycle.ttl"),
                 "metrics")
    assert broken.code == 2 and "reporting cycle" in broken.err


def test_span_common_and_layers(cli: Cli, schema: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", "120")
    span = cli("--data", SAMPLE, "span", "P004", "--json").json()
    schema("span", span)
    assert (span["direct"], span["total"], span["band"]) == (3, 11, "2-3")
    assert cli("--data", SAMPLE, "span", "P004").out.splitlines()[0] == (
        "VP of Project Management (Olivia Grant): 3 direct reports (band 2-3), 11 posts below "
        "in all.")
    leaf = cli("--data", SAMPLE, "span", "P008", "--json").json()
    assert (leaf["direct"], leaf["total"], leaf["band"]) == (0, 0, None)
    assert cli("--data", SAMPLE, "span", "role:PMO Manager").code == 2

    common = cli("--data", SAMPLE, "common", "person:Tom Becker", "P013", "--json").json()
    schema("common", common)
    assert common["common"]["label"] == "VP of Project Management"
    assert [e["label"] for e in common["first_chain"]] == [
        "PMO Manager, Portfolio Office", "Director, Enterprise PMO", "VP of Project Management"]
    assert [e["label"] for e in common["second_chain"]] == [
        "Program Manager, Apollo Programme", "VP of Project Management"]
    text = cli("--data", SAMPLE, "common", "P005", "P008").out
    assert "Director, Enterprise PMO is the common manager itself." in text
    apart = cli("--data", SAMPLE, "--data", str(ROOT / "tests" / "data" / "tiny-org.ttl"),
                "common", "P001", "post:Head of PMO", "--json").json()
    assert apart["common"] is None and len(apart["first_chain"]) == 0

    layers = cli("--data", SAMPLE, "layers", "--json").json()
    schema("layers", layers)
    assert layers["layers"] == [1, 2, 1, 3, 5, 3] and layers["posts"] == 15
    below = cli("--data", SAMPLE, "layers", "--root", "P011", "--json").json()
    assert (below["subject"]["label"], below["layers"]) == ("Program Manager, Apollo Programme",
                                                            [1, 2])
    table = cli("--data", SAMPLE, "layers").out.splitlines()
    assert table[0] == "6 layers, 15 posts:" and table[3].split()[:2] == ["1", "1"]


# ------------------------------------------------------------------ charts
def test_three_charts_of_the_hefce_organogram(cli: Cli, external: Path, tmp_path: Path,
                                              schema: Any) -> None:
    from matplotlib.image import imread

    paths = {kind: tmp_path / f"hefce-{kind}.png" for kind in ("spans", "layers",
                                                                 "fte-by-unit")}
    result = cli("--no-catalog", "--data", str(external / HEFCE), "metrics", "--json",
                 *(f"--plot={path}" for path in paths.values()))
    assert result.code == 0, result.err
    answer = result.json()
    schema("metrics", answer)
    assert [(c["format"], Path(c["written"]).name) for c in answer["charts"]] == [
        ("png", f"hefce-{kind}.png") for kind in paths]
    assert answer["charts"][0]["counts"] == {"managers": 4}
    for path in paths.values():
        pixels = imread(path)
        height, width = pixels.shape[:2]
        assert (width, height) == (1200, 675) or path.name.endswith("fte-by-unit.png")
        ink = (pixels[:, :, :3].sum(axis=2) < 2.5).mean()  # anything not white
        assert 0.03 < ink < 0.6, path.name  # drawn, and not a solid block


def test_charts_carry_the_figures() -> None:
    bands = {"1": 0, "2-3": 1, "4-7": 0, "8-12": 1, "13-16": 1, "17+": 1}
    figure = span_chart(bands, median=14.0, title="Spans")
    axes = figure.axes[0]
    assert [round(bar.get_height()) for bar in axes.patches] == [0, 1, 0, 1, 1, 1]
    assert axes.get_title(loc="left") == "4 managers, median span 14"
    layers = layer_chart([1, 3, 82], fte=[1.0, 3.0, 239.36])
    assert [text.get_text() for text in layers.axes[0].texts] == [
        "1 post · 1.0 FTE", "3 posts · 3.0 FTE", "82 posts · 239.4 FTE"]
    many = unit_chart([(f"Unit {n}", float(n), n) for n in range(1, 41)])
    names = [tick.get_text() for tick in many.axes[0].get_yticklabels()]
    assert len(names) == 25 and names[0] == "Unit 40" and names[-1] == "16 other units"


def test_chart_formats_and_refusals(tmp_path: Path, cli: Cli) -> None:
    figure = layer_chart([1, 2])
    assert write_chart(figure, tmp_path / "l.svg") == "svg"
    assert (tmp_path / "l.svg").read_text(encoding="utf-8").lstrip().startswith("<?xml")
    assert write_chart(figure, tmp_path / "l.pdf") == "pdf"
    assert (tmp_path / "l.pdf").read_bytes().startswith(b"%PDF")
    with pytest.raises(pmograph.RenderError, match="suffix"):
        write_chart(figure, tmp_path / "l.gif")
    assert not (tmp_path / "l.gif").exists()
    vague = cli("--data", SAMPLE, "metrics", "--plot", str(tmp_path / "chart.png"))
    assert vague.code == 2 and "KIND=FILE" in vague.err
    named = cli("--data", SAMPLE, "metrics", "--plot", f"layers={tmp_path / 'chart.png'}")
    assert named.code == 0 and f"wrote {tmp_path / 'chart.png'} (png chart)" in named.out


def test_without_matplotlib_the_error_names_the_extra(monkeypatch: pytest.MonkeyPatch,
                                                      cli: Cli, tmp_path: Path) -> None:
    for name in [m for m in sys.modules if m == "matplotlib" or m.startswith("matplotlib.")]:
        monkeypatch.delitem(sys.modules, name)
    monkeypatch.setitem(sys.modules, "matplotlib", None)  # import matplotlib now fails
    with pytest.raises(pmograph.MissingDependencyError, match=r"pmograph\[plots\]"):
        span_chart({"1": 1})
    result = cli("--data", SAMPLE, "metrics", "--plot", str(tmp_path / "spans.png"), "--json")
    assert result.code == 2 and json.loads(result.out)["error"]["code"] == "missing-dependency"
    assert not (tmp_path / "spans.png").exists()


def test_charts_are_imported_only_when_drawn() -> None:
    import subprocess

    code = ("import sys, pmograph; kg = pmograph.load(catalog=False); pmograph.metrics(kg); "
            "print('matplotlib' in sys.modules)")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          check=True)
    assert done.stdout.strip() == "False"


def test_the_docs_show_the_three_hefce_charts() -> None:
    script = (ROOT / "docs" / "make_diagrams.sh").read_text(encoding="utf-8")
    readme = (ROOT / "docs" / "README.md").read_text(encoding="utf-8")
    for kind in ("spans", "layers", "fte-by-unit"):
        name = f"metrics-{kind}.png"
        assert f"--plot docs/{name}" in script and f"]({name})" in readme
        assert (ROOT / "docs" / name).read_bytes().startswith(b"\x89PNG")


def test_no_organisation_loaded(cli: Cli, schema: Any) -> None:
    assert cli("metrics").out.startswith("No posts in the data: load an organisation")
    assert cli("layers").out.startswith("No posts in the data")
    answer = cli("metrics", "--json").json()
    schema("metrics", answer)
    assert (answer["posts"], answer["layers"], answer["span"]["median"]) == (0, [], None)
    assert [text.get_text() for text in layer_chart([]).axes[0].texts] == ["no posts"]
    assert "no posts placed in a unit" in [t.get_text() for t in unit_chart([]).axes[0].texts]
