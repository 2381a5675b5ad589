"""``pmograph render``: files, JSON, errors, determinism, and the sample organisation."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

from conftest import ROOT

SAMPLE = str(ROOT / "examples" / "sample-org.ttl")
SVG = "{http://www.w3.org/2000/svg}"


def test_sample_org_chart_shows_dotted_line_vacancy_and_job_share(cli, schema, tmp_path) -> None:
    out = tmp_path / "org.svg"
    result = cli("render", "org-chart", "--data", SAMPLE, "-o", str(out), "--json")
    assert result.code == 0, result.err
    payload = result.json()
    schema("written", payload)
    assert payload["written"] == str(out) and payload["format"] == "svg"
    counts = payload["counts"]
    assert counts["dotted"] >= 1 and counts["vacant"] >= 1 and counts["job_shares"] >= 1
    root = ET.fromstring(out.read_bytes())
    texts = {"".join(t.itertext()) for t in root.iter(f"{SVG}text")}
    assert {"Vacant", "JOB SHARE", "dotted line (not a line manager)", "post not filled",
            "job share: post held by several people"} <= texts
    dashes = [p for p in root.iter(f"{SVG}path") if p.get("stroke-dasharray")
              and p.get("stroke") == "#d9822b"]
    assert dashes  # the dotted line is drawn dashed


def test_render_twice_gives_identical_dot(cli, tmp_path) -> None:
    first, second = tmp_path / "a.dot", tmp_path / "b.dot"
    for target in (first, second):
        assert cli("render", "org-chart", "--data", SAMPLE, "-o", str(target),
                   "--clusters").code == 0
    assert first.read_bytes() == second.read_bytes()
    assert first.read_text().startswith("digraph pmograph {")


def test_root_depth_and_format_option(cli, tmp_path) -> None:
    out = tmp_path / "part.out"
    result = cli("render", "org-chart", "--data", SAMPLE, "--root", "VP of Project Management",
                 "--depth", "1", "--format", "dot", "-o", str(out), "--json")
    assert result.code == 0, result.err
    counts = result.json()["counts"]
    assert counts["shown"] == 4 and counts["hidden"] >= 1
    assert "VP of Project Management" in out.read_text()
    assert "Chief Executive Officer" not in out.read_text()


def test_career_ladder_with_highlight(cli, tmp_path) -> None:
    out = tmp_path / "ladder.png"
    result = cli("render", "career-ladder", "--highlight", "PMO Analyst", "PMO Director",
                 "-o", str(out), "--json")
    assert result.code == 0, result.err
    assert result.json()["counts"]["highlighted"] >= 2
    assert out.read_bytes().startswith(b"\x89PNG")


def test_role_hierarchy_pdf(cli, tmp_path) -> None:
    out = tmp_path / "roles.pdf"
    assert cli("render", "role-hierarchy", "-o", str(out)).code == 0
    assert out.read_bytes().startswith(b"%PDF")


def test_user_errors_exit_2(cli, tmp_path) -> None:
    cases = [
        ("render", "org-chart", "-o", str(tmp_path / "x.jpeg")),
        ("render", "career-ladder", "--depth", "2", "-o", str(tmp_path / "x.svg")),
        ("render", "org-chart", "--highlight", "a", "b", "-o", str(tmp_path / "x.svg")),
        ("render", "org-chart", "--data", SAMPLE, "--root", "Nobody At All",
         "-o", str(tmp_path / "x.svg")),
        ("render", "career-ladder", "--highlight", "PMO Director", "PMO Analyst",
         "-o", str(tmp_path / "x.svg")),
        ("render", "org-chart", "-o", str(tmp_path / "missing" / "x.svg")),
    ]
    for args in cases:
        result = cli(*args, "--json")
        assert result.code == 2, args
        assert result.err.startswith("Error:"), (args, result.err)
        assert "error" in result.json()
    assert not list(Path(tmp_path).glob("x.*"))


def test_an_org_chart_of_nothing_is_an_error(cli, tmp_path) -> None:
    # Forgetting --data used to write a blank 58x58 PNG with exit 0 (issue #13).
    out = tmp_path / "empty.png"
    result = cli("render", "org-chart", "-o", str(out))
    assert result.code == 2 and "nothing to draw" in result.err and "--data" in result.err
    assert not out.exists()
    assert cli("render", "org-chart", "--data", SAMPLE, "-o", str(out)).code == 0
    assert out.stat().st_size > 1000
