"""A real browser for the tests of the interactive chart: Debian's headless Chromium driven by
Selenium through chromedriver (both installed by ``scripts/setup.sh``), with the network off.

:func:`open_browser` fails in CI (``CI`` set) and skips elsewhere when Chromium, chromedriver
or Selenium is missing, as the SPARQL server tests do.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path
from typing import Any

import pytest

#: What the page may not reach: every URL scheme that leaves the machine.
BLOCKED = ["http://*", "https://*", "ws://*", "wss://*", "ftp://*"]


def open_browser(downloads: Path, *, width: int = 1400, height: int = 900) -> Any:
    """A headless Chromium whose host names resolve nowhere and whose requests to any URL are
    blocked (CDP ``Network.setBlockedURLs``), downloading into ``downloads``."""
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    driver_path = shutil.which("chromedriver")
    try:
        from selenium import webdriver
        from selenium.webdriver.chrome.service import Service
    except ImportError:
        webdriver = None
    if webdriver is None or chromium is None or driver_path is None:
        message = ("browser tests need Debian's chromium and chromium-driver and selenium "
                   "(bash scripts/setup.sh installs them)")
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    options = webdriver.ChromeOptions()
    options.binary_location = chromium
    for argument in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage",
                     "--disable-gpu", "--host-resolver-rules=MAP * ~NOTFOUND",
                     f"--window-size={width},{height}", "--hide-scrollbars",
                     "--disable-extensions", "--no-first-run"):
        options.add_argument(argument)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    driver = webdriver.Chrome(service=Service(driver_path), options=options)
    driver.set_script_timeout(60)
    driver.execute_cdp_cmd("Network.enable", {})
    driver.execute_cdp_cmd("Network.setBlockedURLs", {"urls": BLOCKED})
    driver.execute_cdp_cmd("Browser.setDownloadBehavior",
                           {"behavior": "allow", "downloadPath": str(downloads)})
    return driver


def console_errors(driver: Any) -> list[str]:
    """The console's errors and warnings since the last call (reading empties the log)."""
    return [entry["message"] for entry in driver.get_log("browser")
            if entry["level"] in ("SEVERE", "WARNING")]
