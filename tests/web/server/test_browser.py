"""The query page in headless Chromium: it loads offline, runs an example, shows rows,
draws a chart."""

from __future__ import annotations

import shutil
from urllib.parse import urlsplit

import pytest

from helpers import ROOT as PROJECT_ROOT
from hrgraph.web import assets

webdriver = pytest.importorskip("selenium.webdriver", reason="selenium is not installed")
CHROMIUM, CHROMEDRIVER = shutil.which("chromium"), shutil.which("chromedriver")
pytestmark = [
    pytest.mark.skipif(not (CHROMIUM and CHROMEDRIVER), reason="chromium/chromedriver missing"),
    pytest.mark.skipif(not assets.installed(), reason="python -m hrgraph.web.assets not run"),
]


def wait_for(driver, css: str, count: int = 1, timeout: float = 30):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    WebDriverWait(driver, timeout).until(
        lambda d: len(d.find_elements(By.CSS_SELECTOR, css)) >= count
    )
    return driver.find_elements(By.CSS_SELECTOR, css)


def test_page_runs_an_example_and_shows_rows(server, browser):
    browser.get(server.url + "query")
    wait_for(browser, ".CodeMirror")
    assert browser.find_element("id", "endpoint-url").text == server.endpoint
    buttons = wait_for(browser, "#examples button")
    assert len(buttons) == len(list((PROJECT_ROOT / "queries").glob("*.rq")))
    example = next(b for b in buttons if "country" in b.text.lower())
    example.click()
    rows = wait_for(browser, ".yasr table tbody tr")
    assert "France" in " ".join(r.text for r in rows)
    # the editor holds the example, with the prologue of the prefixes it uses
    text = browser.execute_script(
        "return document.querySelector('.CodeMirror').CodeMirror.getValue()"
    )
    assert "PREFIX hrg: <https://w3id.org/hrgraph/ontology#>" in text and "SELECT" in text
    headers = [th.text for th in wait_for(browser, ".yasr table thead th")]
    assert any(h.strip() for h in headers)
    # Everything the page loaded came from this server: no CDN, no outside lookups.
    loaded = browser.execute_script(
        "return performance.getEntriesByType('resource').map(e => e.name)"
    )
    assert loaded and {urlsplit(u).netloc for u in loaded} == {f"127.0.0.1:{server.port}"}
    errors = [e for e in browser.get_log("browser") if e["level"] == "SEVERE"]
    assert errors == []


def test_chart_view_draws_bars(server, browser):
    browser.get(server.url + "query")
    buttons = wait_for(browser, "#examples button")
    next(b for b in buttons if "population range" in b.text.lower()).click()
    wait_for(browser, ".yasr table tbody tr")
    chart = next(b for b in wait_for(browser, ".yasr button.select_chart") if b.is_displayed())
    chart.click()
    bars = wait_for(browser, ".hrgraph-chart-bar")
    widths = [b.size["width"] for b in bars if b.is_displayed()]
    assert widths and max(widths) > 0 and any(b.get_attribute("style") for b in bars)
