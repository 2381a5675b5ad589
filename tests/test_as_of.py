"""The organisation as of a date (issue #15): ``--as-of`` and ``as_of=``, on data with intervals.

``tests/data/dated/org-history.ttl`` carries W3C ORG memberships with OWL-Time intervals,
PROV-O lifetimes of posts and an ``org:ChangeEvent``: a holder who left (Raj, CFO until 31 May
2026), a holder who came (Nina, from 1 July), a move (Ben), a post that did not exist yet
(PMO Manager, from 15 April), a post that ended (Project Support Officer, until 30 June) and
two units merged into one (1 June).
"""

from __future__ import annotations

import datetime
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from test_stores import STORES, clear, open_store

import pmograph
from pmograph._algorithms.dated import ChangeEvent, Lifetime, Tenure, lifetimes, on_date
from pmograph._views.dated import as_of, dated_facts

DATED = Path(__file__).parent / "data" / "dated" / "org-history.ttl"
EX = "https://example.org/meridian-labs/"
Day = datetime.date


# ------------------------------------------------------------------ what holds on a day
def test_interval_ends_are_inclusive_and_lifetimes_end_before_their_until() -> None:
    raj = Tenure("m", "raj", "cfo", Day(2021, 5, 1), Day(2026, 5, 31))
    assert [raj.valid_on(Day(2021, 4, 30)), raj.valid_on(Day(2021, 5, 1)),
            raj.valid_on(Day(2026, 5, 31)), raj.valid_on(Day(2026, 6, 1))] == \
        [False, True, True, False]
    post = Lifetime(Day(2026, 4, 15), Day(2026, 7, 1))
    assert [post.exists_on(Day(2026, 4, 14)), post.exists_on(Day(2026, 4, 15)),
            post.exists_on(Day(2026, 6, 30)), post.exists_on(Day(2026, 7, 1))] == \
        [False, True, True, False]


def test_a_restructure_ends_what_it_replaced_and_begins_what_it_made() -> None:
    split = ChangeEvent(Day(2026, 6, 1), frozenset({"pmo"}), frozenset({"pmo", "epmo"}))
    found = lifetimes({"pmo": Lifetime(Day(2020, 1, 1))}, [split])
    assert found == {"pmo": Lifetime(Day(2020, 1, 1)), "epmo": Lifetime(Day(2026, 6, 1))}


def test_a_holding_counts_only_while_its_post_exists_and_plain_holdings_always() -> None:
    state = on_date(Day(2026, 3, 1), lives={"new": Lifetime(Day(2026, 4, 15))},
                    tenures=[Tenure("m1", "ben", "new", Day(2026, 1, 1)),
                             Tenure("m2", "chen", "unit", Day(2026, 1, 1))],
                    posts=["new", "old"])
    assert state.gone == {"new"} and state.ended == set()
    assert state.held == set()  # the membership is valid, the post is not there yet
    assert state.dated == {("new", "ben")}  # a unit's membership is no holding


# ------------------------------------------------------------------ the same on every store
@pytest.fixture(scope="module", params=STORES)
def dated_on(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
             ) -> Iterator[pmograph.KnowledgeGraph]:
    kg = open_store(request.param, tmp_path_factory.mktemp("dated"), DATED)
    yield kg
    clear(kg)


def people(kg: pmograph.KnowledgeGraph, day: str) -> dict[str, tuple[tuple[str, ...], Any]]:
    """Post → (holders, unit) of the reporting view on ``day``, by local name."""
    G = pmograph.reporting_view(kg, as_of=day)
    return {node[len(EX):]: (tuple(G.nodes[node]["holders"]), G.nodes[node]["unit"])
            for node in G if node.startswith(EX)}


def test_as_of_answers_the_same_on_every_store(dated_on: pmograph.KnowledgeGraph) -> None:
    march, june, september = (people(dated_on, day)
                              for day in ("2026-03-01", "2026-06-15", "2026-09-01"))
    assert march == {
        "ceo": (("Helen Okafor",), None), "coo": (("Marcus Lindqvist",), None),
        "cfo": (("Raj Mehta",), None), "pmo-dir": (("Olivia Grant",), "Enterprise PMO"),
        "analyst": (("Ben Adeyemi",), "Enterprise PMO"),
        "support": (("Dana Novak",), "Enterprise PMO")}  # no PMO Manager yet
    assert june["cfo"] == ((), None)  # Raj left on 31 May; Nina comes on 1 July
    assert june["pmo-mgr"] == (("Ben Adeyemi",), "Portfolio Office")  # merged on 1 June
    assert june["analyst"] == ((), "Portfolio Office")
    assert set(september) == {"ceo", "coo", "cfo", "pmo-dir", "pmo-mgr", "analyst",
                              "data-analyst"}  # the support post ended on 1 July
    assert september["cfo"] == (("Nina Petrova",), None)
    lines = pmograph.reporting_view(dated_on, as_of="2026-09-01").edges
    assert (EX + "pmo-mgr", EX + "data-analyst") in lines
    assert (EX + "pmo-dir", EX + "support") not in lines


def test_the_data_as_they_are_without_a_date(dated_on: pmograph.KnowledgeGraph) -> None:
    G = pmograph.reporting_view(dated_on)  # dated holdings are no org:heldBy: not shown
    assert G.nodes[EX + "coo"]["holders"] == ["Marcus Lindqvist"]
    assert G.nodes[EX + "cfo"]["holders"] == []
    assert EX + "pmo-mgr" in G and EX + "support" in G


def test_undated_data_are_their_own_copy(catalog: pmograph.KnowledgeGraph) -> None:
    assert dated_facts(catalog).empty
    assert as_of(catalog, "2026-03-01") is catalog


def test_the_copy_is_made_once_per_day() -> None:
    kg = pmograph.load(DATED, catalog=False)
    assert as_of(kg, "2026-03-01") is as_of(kg, datetime.date(2026, 3, 1))
    assert as_of(kg, "2026-03-01") is not as_of(kg, "2026-03-02")
    kg.add(DATED)  # a change to the graph: made again
    assert len(as_of(kg, "2026-03-01")) > 0


def test_a_holding_written_both_ways_follows_its_dates() -> None:
    from rdflib import Graph
    data = Graph().parse(DATED).parse(format="turtle", data=f"""
        <{EX}cfo> <http://www.w3.org/ns/org#heldBy> <{EX}raj> .
        <{EX}raj> <http://www.w3.org/ns/org#holds> <{EX}cfo> .""")
    kg = pmograph.load(data, catalog=False)
    assert people(kg, "2026-03-01")["cfo"] == (("Raj Mehta",), None)
    assert people(kg, "2026-09-01")["cfo"] == (("Nina Petrova",), None)


# ------------------------------------------------------------------ the command line
def test_cli_chain_reports_show_as_of(cli: Any) -> None:
    data = ["--no-catalog", "--data", str(DATED)]
    before = cli(*data, "reports", "PMO Director", "--as-of", "2026-03-01", "--json")
    after = cli(*data, "reports", "PMO Director", "--as-of", "2026-09-01", "--json")
    assert before.code == 0 and after.code == 0, before.err + after.err
    assert [(e["label"], [h["label"] for h in e["holders"]]) for e in before.json()["reports"]] \
        == [("PMO Analyst", ["Ben Adeyemi"]), ("Project Support Officer", ["Dana Novak"])]
    assert [(e["label"], [h["label"] for h in e["holders"]]) for e in after.json()["reports"]] \
        == [("PMO Analyst", []), ("PMO Manager", ["Ben Adeyemi"])]
    chain = cli(*data, "chain", "Ben Adeyemi", "--as-of", "2026-06-15")
    assert chain.code == 0, chain.err
    assert "PMO Director (Olivia Grant) → Chief Operating Officer" in chain.out
    missing = cli(*data, "chain", "PMO Manager", "--as-of", "2026-03-01")
    assert missing.code == 2
    assert missing.err == ("Error: 'PMO Manager' (post) did not exist on 2026-03-01: it exists "
                           "from 2026-04-15\n")
    gone = cli(*data, "show", "Finance PMO", "--as-of", "2026-09-01")
    assert gone.code == 2 and "it exists until 2026-05-31" in gone.err
    left = cli(*data, "show", "Raj Mehta", "--as-of", "2026-06-15")
    held = cli(*data, "show", "Raj Mehta", "--as-of", "2026-05-31")
    assert left.code == held.code == 0
    assert "Holds" not in left.out and "Holds: Chief Financial Officer" in held.out
    cfo = cli(*data, "show", "CFO", "--as-of", "2026-08-01", "--json")
    assert [e["label"] for e in cfo.json()["relations"]["org:heldBy"]] == ["Nina Petrova"]
    bad = cli(*data, "chain", "CFO", "--as-of", "1 March")
    assert bad.code == 2 and "'1 March' is not a date" in bad.err


def test_cli_render_as_of(cli: Any, tmp_path: Path) -> None:
    data = ["--no-catalog", "--data", str(DATED)]
    march, september = tmp_path / "march.dot", tmp_path / "september.dot"
    for day, out in (("2026-03-01", march), ("2026-09-01", september)):
        done = cli(*data, "render", "org-chart", "--as-of", day, "-o", str(out), "--json")
        assert done.code == 0, done.err
    assert "Raj Mehta" in march.read_text() and "Project Support Officer" in march.read_text()
    assert "PMO Manager" not in march.read_text()
    assert "Nina Petrova" in september.read_text() and "Raj" not in september.read_text()
    assert "Data Analyst" in september.read_text()
    mermaid = tmp_path / "march.mmd"
    assert cli(*data, "render", "org-chart", "--as-of", "2026-03-01", "-o", str(mermaid)).code == 0
    assert "Raj Mehta" in mermaid.read_text() and "PMO Manager" not in mermaid.read_text()


def test_cli_notes_that_undated_data_show_as_they_are(cli: Any) -> None:
    done = cli("chain", "PMO Analyst", "--as-of", "2026-03-01")
    assert done.code == 0
    assert "Note: nothing in the data is dated" in done.err
    assert "PMO Manager" in done.out
