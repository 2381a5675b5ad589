"""Screenshots of the interactive org chart of the sample organisation, for docs/README.md.

Run:  .venv/bin/python docs/html_screenshots.py   (docs/make_diagrams.sh runs it)

Writes docs/html-chart.html (the page itself) and, from headless Chromium (Debian's chromium
and chromium-driver, installed by scripts/setup.sh) with the network blocked:
  * docs/html-chart-collapsed.png: as it opens with --depth 1;
  * docs/html-chart-search.png: "analyst" typed in the search box, the matches listed;
  * docs/html-chart-selected.png: a match chosen: its team opened, the post selected, its path
    to the top marked, its details beside the chart.
"""

from __future__ import annotations

import shutil
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def main() -> int:
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service
    from selenium.webdriver.common.keys import Keys

    import pmograph

    docs = ROOT / "docs"
    kg = pmograph.load(ROOT / "examples" / "sample-org.ttl")
    page = pmograph.draw(kg, "org-chart", format="html", depth=1,
                         title="Meridian Engineering").write(docs / "html-chart.html")
    chromium, driver_path = shutil.which("chromium"), shutil.which("chromedriver")
    if not chromium or not driver_path:
        sys.exit("html_screenshots: needs chromium and chromium-driver (scripts/setup.sh)")
    options = webdriver.ChromeOptions()
    options.binary_location = chromium
    for argument in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage",
                     "--host-resolver-rules=MAP * ~NOTFOUND", "--window-size=1280,800",
                     "--hide-scrollbars", "--force-device-scale-factor=1"):
        options.add_argument(argument)
    driver = webdriver.Chrome(service=Service(driver_path), options=options)
    try:
        driver.execute_cdp_cmd("Network.enable", {})
        driver.execute_cdp_cmd("Network.setBlockedURLs", {"urls": ["http://*", "https://*"]})
        driver.get(page.resolve().as_uri())
        time.sleep(0.5)
        driver.save_screenshot(str(docs / "html-chart-collapsed.png"))
        search = driver.find_element("id", "search")
        search.send_keys("analyst")
        time.sleep(0.5)
        driver.save_screenshot(str(docs / "html-chart-search.png"))
        search.send_keys(Keys.ARROW_DOWN, Keys.ENTER)  # the second match: the job share
        time.sleep(0.3)
        driver.find_element("id", "fit").click()
        time.sleep(0.5)
        driver.save_screenshot(str(docs / "html-chart-selected.png"))
    finally:
        driver.quit()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
