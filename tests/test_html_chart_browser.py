"""The interactive org chart in a real browser (issue #16): headless Chromium with the network
blocked opens the page from a ``file://`` URL; a person's steps — search for a holder, open a
team, click a post, use the keys, download the view — are played with real mouse and key events,
and the page must make no request, run no name as code and log no error.

One browser for the whole module (starting Chromium takes a second or two)."""

from __future__ import annotations

import random
import struct
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import networkx as nx
import pytest
from browser import console_errors, open_browser

import pmograph
from pmograph._render.html import interactive_org_chart

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "examples" / "sample-org.ttl"
DATA = Path(__file__).resolve().parent / "data"
HOSTILE = '</script><script>window.pwned=1</script><img src=x onerror="window.pwned=2">'
HOSTILE_TTL = r'''@prefix org: <http://www.w3.org/ns/org#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix foaf: <http://xmlns.com/foaf/0.1/> .
@prefix ex: <https://example.org/hostile/> .
ex:boss a org:Post ;
  skos:prefLabel "</script><script>window.pwned=1</script><img src=x onerror=\"window.pwned=2\">" ;
    skos:notation "H1" ; org:heldBy ex:eve ; org:postIn ex:unit .
ex:eve foaf:name "Eve \"the\" <b>bold</b> & 'co'" .
ex:unit skos:prefLabel "Unit <i>one</i>\u2028two" .
ex:pm a org:Post ; skos:prefLabel "Plain Post" ; org:reportsTo ex:boss .
'''


@pytest.fixture(scope="module")
def pages(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("pages")
    sample = pmograph.load(SAMPLE)
    hostile = folder / "hostile.ttl"
    hostile.write_text(HOSTILE_TTL, encoding="utf-8")
    built = {
        "sample": pmograph.draw(sample, "org-chart", format="html", depth=1,
                                title="Meridian Engineering"),
        "hostile": pmograph.draw(pmograph.load(hostile, catalog=False), "org-chart",
                                 format="html", title=HOSTILE),
        "problems": pmograph.draw(pmograph.load(DATA / "reporting-cycle.ttl",
                                                DATA / "two-line-managers.ttl", catalog=False),
                                  "org-chart", format="html"),
        "wide": interactive_org_chart(_wide_organisation(), depth=0),
    }
    paths = {}
    for name, chart in built.items():
        paths[name] = chart.write(folder / f"{name}.html")
    return paths


def _wide_organisation() -> nx.DiGraph[str]:
    """1,500 posts: random spans, one manager of 300 posts with no reports (a stack)."""
    rng = random.Random(7)
    G: nx.DiGraph[str] = nx.DiGraph()
    G.add_node("p0", label="Chief", holders=["Top"])
    for n in range(1, 1200):
        G.add_edge(f"p{rng.randrange(max(1, n // 4), n) if n > 4 else 0}", f"p{n}")
    for n in range(1200, 1500):
        G.add_edge("p7", f"p{n}")
    for node in G:
        G.nodes[node].setdefault("label", f"Post {node[1:]}")
        G.nodes[node].setdefault("holders", [f"Person {node[1:]}"])
    return G


@pytest.fixture(scope="module")
def downloads(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("downloads")


@pytest.fixture(scope="module")
def browser(downloads: Path) -> Iterator[Any]:
    driver = open_browser(downloads)
    try:
        yield driver
    finally:
        driver.quit()


def open_page(driver: Any, path: Path) -> None:
    """Open ``path`` from a file:// URL and wait until the chart is drawn."""
    from selenium.webdriver.support.ui import WebDriverWait

    driver.get(path.as_uri())
    WebDriverWait(driver, 20).until(
        lambda d: d.execute_script("return performance.getEntriesByName("
                                   "'pmograph-chart-drawn').length > 0"))


def wait(driver: Any, script: str, *args: Any) -> Any:
    """Wait until ``script`` (a JavaScript expression body) returns something true."""
    from selenium.webdriver.support.ui import WebDriverWait

    return WebDriverWait(driver, 10).until(lambda d: d.execute_script(script, *args))


def drawn_titles(driver: Any) -> list[str]:
    return list(driver.execute_script(
        "return Array.from(document.querySelectorAll('#posts .post'), "
        "g => pmographChart.title(+g.dataset.post))"))


def post(driver: Any, title: str) -> Any:
    """The drawn SVG group of the post titled ``title``."""
    return wait(driver, "return Array.from(document.querySelectorAll('#posts .post'))"
                        ".find(g => pmographChart.title(+g.dataset.post) === arguments[0])",
                title)


def details(driver: Any) -> str:
    return str(driver.find_element("id", "details").text)


def assert_offline_and_quiet(driver: Any) -> None:
    """No request left the page (not even a blocked one) and the console has no error."""
    assert driver.execute_script("return performance.getEntriesByType('resource')"
                                 ".map(e => e.name)") == []
    assert console_errors(driver) == []


def test_the_page_opens_offline_collapsed_below_depth(browser: Any, pages: dict[str, Path]
                                                      ) -> None:
    open_page(browser, pages["sample"])
    assert browser.title == "Meridian Engineering"
    assert sorted(drawn_titles(browser)) == ["Chief Executive Officer",
                                             "Chief Operating Officer",
                                             "Chief Technology Officer"]
    coo = post(browser, "Chief Operating Officer")
    assert coo.get_attribute("aria-expanded") == "false"
    assert coo.get_attribute("role") == "treeitem" and coo.get_attribute("aria-level") == "2"
    assert browser.find_element("id", "chart").get_attribute("role") == "tree"
    key = browser.find_element("id", "key").text
    assert "post not filled" in key and "dotted line" in key and "Enterprise PMO" in key
    assert_offline_and_quiet(browser)


def test_open_and_close_a_team_with_the_mouse(browser: Any, pages: dict[str, Path]) -> None:
    open_page(browser, pages["sample"])
    post(browser, "Chief Operating Officer").find_element("css selector", ".toggle").click()
    post(browser, "VP of Project Management")
    assert post(browser, "Chief Operating Officer").get_attribute("aria-expanded") == "true"
    post(browser, "VP of Project Management").find_element("css selector", ".toggle").click()
    for title in ("Director, Enterprise PMO", "Program Manager, Apollo Programme",
                  "Project Manager, Data Platform"):
        post(browser, title)
    post(browser, "Chief Operating Officer").find_element("css selector", ".toggle").click()
    wait(browser, "return !Array.from(document.querySelectorAll('#posts .post'))"
                  ".some(g => pmographChart.title(+g.dataset.post).startsWith('VP of'))")
    browser.find_element("id", "open-level").click()  # the COO's team again, one level
    post(browser, "VP of Project Management")
    assert browser.execute_script("return pmographChart.shown()") == 7  # the VP's team was
    # left open inside the closed one, and opens with it again
    browser.find_element("id", "close-all").click()
    wait(browser, "return pmographChart.shown() === 3")
    assert_offline_and_quiet(browser)


def test_search_for_a_holder_jumps_to_the_post_and_marks_the_path(
        browser: Any, pages: dict[str, Path]) -> None:
    from selenium.webdriver.common.keys import Keys

    open_page(browser, pages["sample"])
    box = browser.find_element("id", "search")
    box.send_keys("kwame")
    wait(browser, "return !document.getElementById('results').hidden")
    options = browser.find_elements("css selector", "#results [role=option]")
    assert [o.text.splitlines()[0] for o in options] == ["PMO Analyst, Reporting"]
    box.send_keys(Keys.ENTER)
    wait(browser, "return document.querySelector('#details h2')?.textContent === "
                  "'PMO Analyst, Reporting'")
    text = details(browser)
    assert "Ines Duarte; Kwame Asante (a job share: 2 holders)" in text
    assert "P009" in text and "PMO Analyst" in text and "Enterprise PMO" in text
    assert "A job share: one post, two holders." in text
    chain = [b.text for b in browser.find_elements("css selector", "#details ol button")]
    assert chain == ["PMO Manager, Portfolio Office", "Director, Enterprise PMO",
                     "VP of Project Management", "Chief Operating Officer",
                     "Chief Executive Officer"]
    selected = post(browser, "PMO Analyst, Reporting")
    assert "selected" in selected.get_attribute("class")
    assert selected.get_attribute("aria-selected") == "true"
    on_path = browser.execute_script(
        "return Array.from(document.querySelectorAll('#posts .post.onpath'), "
        "g => pmographChart.title(+g.dataset.post))")
    assert set(on_path) <= set(chain) and "PMO Manager, Portfolio Office" in on_path
    assert browser.execute_script(
        "return document.querySelector('#links .path-to-top').getAttribute('d').length") > 20
    # by identifier and by unit too, the highest posts first
    box.clear()
    box.send_keys("enterprise pmo")
    wait(browser, "return document.querySelectorAll('#results [role=option]').length === 6")
    first = browser.find_element("css selector", "#results [role=option]").text
    assert first.startswith("Director, Enterprise PMO")
    assert_offline_and_quiet(browser)


def test_click_a_post_for_its_details_and_follow_a_dotted_line(
        browser: Any, pages: dict[str, Path]) -> None:
    from selenium.webdriver.common.keys import Keys

    open_page(browser, pages["sample"])
    box = browser.find_element("id", "search")
    box.send_keys("P013", Keys.ENTER)
    wait(browser, "return document.querySelector('#details h2')?.textContent.startsWith("
                  "'Technical Project Manager')")
    text = details(browser)
    assert "DOTTED LINE TO\nChief Technology Officer" in text
    assert "REPORTS TO\nProgram Manager, Apollo Programme" in text
    dotted = browser.execute_script("return document.querySelectorAll('#overlay .dotted-line')"
                                    ".length")
    assert dotted == 1  # both ends are open: the line is drawn, over the tree
    laid_out = browser.execute_script("return pmographChart.positions()"
                                      ".map(p => pmographChart.title(p[0]))")
    assert "Chief Technology Officer" in laid_out  # a post with no reports: never a parent
    browser.find_element("xpath", "//section[@id='details']//button[text()='Chief Technology "
                                  "Officer']").click()
    wait(browser, "return document.querySelector('#details h2').textContent === "
                  "'Chief Technology Officer'")
    assert "DOTTED LINE FROM\nTechnical Project Manager, Apollo Billing" in details(browser)
    box.clear()
    box.send_keys("P007", Keys.ENTER)
    post(browser, "PMO Manager, Delivery Support").click()
    wait(browser, "return document.querySelector('#details h2').textContent === "
                  "'PMO Manager, Delivery Support'")
    assert "Vacant: nobody holds this post" in details(browser)
    assert_offline_and_quiet(browser)


def test_keyboard_moves_opens_and_selects(browser: Any, pages: dict[str, Path]) -> None:
    from selenium.webdriver.common.action_chains import ActionChains
    from selenium.webdriver.common.keys import Keys

    open_page(browser, pages["sample"])
    browser.find_element("tag name", "body").send_keys(Keys.TAB)  # the search box
    ActionChains(browser).send_keys(Keys.TAB).perform()  # the first tool ... or the chart
    browser.execute_script("document.getElementById('chart').focus()")
    chart = browser.find_element("id", "chart")
    chart.send_keys(Keys.HOME, Keys.ARROW_DOWN)  # the CEO's first report
    chart.send_keys(Keys.ARROW_DOWN)  # opens the COO, moves to the VP
    wait(browser, "return document.getElementById('chart').getAttribute("
                  "'aria-activedescendant') !== null")
    chart.send_keys(Keys.ENTER)
    wait(browser, "return document.querySelector('#details h2')?.textContent === "
                  "'VP of Project Management'")
    chart.send_keys(Keys.SPACE)  # opens the VP's team
    post(browser, "Director, Enterprise PMO")
    chart.send_keys(Keys.ARROW_DOWN, Keys.ARROW_RIGHT, Keys.ENTER)
    wait(browser, "return document.querySelector('#details h2')?.textContent === "
                  "'Program Manager, Apollo Programme'")
    chart.send_keys(Keys.ARROW_UP, Keys.ENTER)
    wait(browser, "return document.querySelector('#details h2')?.textContent === "
                  "'VP of Project Management'")
    chart.send_keys(Keys.ESCAPE)
    wait(browser, "return document.querySelector('#details h2') === null && "
                  "document.querySelectorAll('#posts .selected, #posts .onpath').length === 0")
    before = browser.execute_script("return document.getElementById('viewport')"
                                    ".getAttribute('transform')")
    chart.send_keys("+")
    wait(browser, "return document.getElementById('viewport').getAttribute('transform') !== "
                  "arguments[0]", before)
    assert_offline_and_quiet(browser)


def test_a_hostile_name_shows_verbatim_and_runs_nothing(browser: Any,
                                                        pages: dict[str, Path]) -> None:
    from selenium.webdriver.common.keys import Keys

    open_page(browser, pages["hostile"])
    assert browser.title == HOSTILE
    assert browser.find_element("id", "chart-title").text == HOSTILE
    assert browser.execute_script("return window.pwned") is None
    assert browser.execute_script("return document.images.length") == 0
    assert browser.execute_script("return document.scripts.length") == 2  # data + the chart
    label = post(browser, HOSTILE).get_attribute("aria-label")
    assert label.startswith(HOSTILE + ", Eve \"the\" <b>bold</b> & 'co', Unit <i>one</i>")
    box = browser.find_element("id", "search")
    box.send_keys("<script>", Keys.ENTER)
    wait(browser, "return document.querySelector('#details h2')?.textContent === arguments[0]",
         HOSTILE)
    assert "Eve \"the\" <b>bold</b> & 'co'" in details(browser)
    assert browser.execute_script("return document.querySelectorAll('#details b, #details i, "
                                  "#posts b, img').length") == 0
    svg = browser.execute_script("return pmographChart.windowSvg()")
    ET.fromstring(svg.split("\n", 1)[1])  # well-formed: the names are escaped text
    assert HOSTILE.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")[:40] in svg
    assert browser.execute_script("return window.pwned") is None
    assert_offline_and_quiet(browser)


def test_cycles_and_second_managers_open_marked(browser: Any, pages: dict[str, Path]) -> None:
    open_page(browser, pages["problems"])
    titles = drawn_titles(browser)
    assert sorted(titles) == sorted(["Alpha Lead", "Beta Lead", "Gamma Lead", "Delta Analyst",
                                     "Operations Director", "Finance Director",
                                     "Shared Project Manager", "Project Analyst"])
    assert browser.execute_script("return document.querySelectorAll('#overlay .problem-line')"
                                  ".length") == 2  # the line closing the loop; the 2nd manager
    shared = post(browser, "Shared Project Manager")
    assert "2 solid-line managers" in shared.get_attribute("aria-label")
    shared.click()
    text = details(browser)
    assert "(second solid-line manager)" in text and "⚠ 2 solid-line managers" in text
    assert "in a reporting cycle" in post(browser, "Beta Lead").get_attribute("aria-label")
    assert_offline_and_quiet(browser)


def test_wide_teams_open_in_full_without_overlaps(browser: Any, pages: dict[str, Path]) -> None:
    open_page(browser, pages["wide"])
    assert drawn_titles(browser) == ["Chief"]
    browser.execute_script("pmographChart.openBelow(0)")
    positions = browser.execute_script("return pmographChart.positions()")
    width, height = browser.execute_script("return pmographChart.box")
    assert len(positions) == 1500
    boxes = sorted((x, y) for _, x, y in positions)
    for k, (x, y) in enumerate(boxes):
        for other_x, other_y in boxes[k + 1:]:
            if other_x - x >= width:
                break
            assert abs(other_y - y) >= height, f"boxes at {(x, y)} and {(other_x, other_y)}"
    team = browser.execute_script(
        "return pmographChart.positions().filter(p => +pmographChart.title(p[0]).slice(5) "
        ">= 1200)")
    assert len(team) == 300
    xs, ys = [x for _, x, _ in team], [y for _, _, y in team]
    columns, rows = len(set(xs)), len(set(ys))
    assert columns * rows >= 300 and 5 <= columns <= 20  # stacked in columns, not one row
    assert max(xs) - min(xs) < 20 * width
    browser.find_element("id", "fit").click()
    wait(browser, "return document.querySelectorAll('#posts .blocks').length > 0")  # far out
    assert_offline_and_quiet(browser)


def test_download_what_is_in_the_window(browser: Any, pages: dict[str, Path],
                                        downloads: Path) -> None:
    open_page(browser, pages["sample"])
    for old in downloads.iterdir():
        old.unlink()
    browser.find_element("id", "download-svg").click()
    browser.find_element("id", "download-png").click()
    svg_file = downloads / "Meridian-Engineering.svg"
    png_file = downloads / "Meridian-Engineering.png"
    wait(browser, "return true")
    from selenium.webdriver.support.ui import WebDriverWait

    WebDriverWait(browser, 15).until(lambda _: svg_file.exists() and png_file.exists()
                                     and png_file.stat().st_size > 0)
    tree = ET.parse(svg_file)
    texts = {t.text for t in tree.iter("{http://www.w3.org/2000/svg}text")}
    assert {"Chief Executive Officer", "Helen Okafor", "Chief Technology Officer"} <= texts
    data = png_file.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    png_width, png_height = struct.unpack(">II", data[16:24])
    window = browser.execute_script("const r = document.getElementById('chart')"
                                    ".getBoundingClientRect(); return [r.width, r.height]")
    assert (png_width, png_height) == (round(window[0]) * 2, round(window[1]) * 2)
    assert_offline_and_quiet(browser)
