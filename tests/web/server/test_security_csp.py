"""The Content-Security-Policy in headless Chromium: the query page still runs a query,
with no violation reported, and markup that reached a page cannot run."""

from __future__ import annotations

import shutil

import pytest

from hrgraph.web import assets

webdriver = pytest.importorskip("selenium.webdriver", reason="selenium is not installed")
CHROMIUM, CHROMEDRIVER = shutil.which("chromium"), shutil.which("chromedriver")
pytestmark = [
    pytest.mark.skipif(not (CHROMIUM and CHROMEDRIVER), reason="chromium/chromedriver missing"),
    pytest.mark.skipif(not assets.installed(), reason="python -m hrgraph.web.assets not run"),
]


def wait_for(driver, css: str, timeout: float = 30):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    WebDriverWait(driver, timeout).until(lambda d: d.find_elements(By.CSS_SELECTOR, css))
    return driver.find_elements(By.CSS_SELECTOR, css)


def violations(browser) -> list[str]:
    """Console messages of this page load about the policy (Chromium logs each refusal)."""
    return [
        e["message"]
        for e in browser.get_log("browser")
        if "Content Security Policy" in e["message"] or "Refused to" in e["message"]
    ]


def test_query_page_runs_a_query_under_the_policy(server, browser):
    reply = server.get(path="/query")
    assert "script-src 'self'" in reply.header("Content-Security-Policy")
    browser.get_log("browser")  # drop what earlier pages logged
    browser.get(server.url + "query")
    wait_for(browser, ".CodeMirror")
    next(b for b in wait_for(browser, "#examples button") if "country" in b.text.lower()).click()
    rows = wait_for(browser, ".yasr table tbody tr")
    assert "France" in " ".join(r.text for r in rows)
    assert violations(browser) == []
    severe = [e for e in browser.get_log("browser") if e["level"] == "SEVERE"]
    assert severe == []


def test_pages_load_their_styles_and_scripts_under_the_policy(server, browser):
    browser.get_log("browser")
    for path in ("members", "themes", "search?q=rabat", "dumps/", "id/territory/fr/gennevilliers"):
        browser.get(server.url + path)
        wait_for(browser, "body")
        assert violations(browser) == [], path


def test_an_injected_inline_script_is_refused(server, browser):
    """The policy itself stops inline script: a page written with one (here, by the
    browser into a page of ours) does not run it."""
    browser.get(server.url + "members")
    wait_for(browser, "body")
    browser.get_log("browser")
    browser.execute_script(
        "var s = document.createElement('script');"
        "s.textContent = 'window.__ran = 1';"
        "document.body.appendChild(s);"
        "var i = document.createElement('img');"
        "i.setAttribute('onerror', 'window.__ran = 2'); i.src = 'data:,x';"
        "document.body.appendChild(i);"
    )
    import time

    time.sleep(0.5)  # let the image fail to load
    assert browser.execute_script("return window.__ran === undefined")
    assert violations(browser)


def test_the_real_server_names_no_version_and_no_path(server):
    import re

    where = str(server.build_dir.resolve().parent)
    for path in ("/", "/healthz", "/nope", "/sparql?query=ASK%7B%7D", "/static/pages.css"):
        reply = server.request("GET", path)
        assert not re.search(r"\d", reply.header("Server") or ""), reply.header("Server")
        assert reply.header("X-Powered-By") is None
        assert reply.header("X-Content-Type-Options") == "nosniff", path
        assert where not in reply.body.decode("utf-8", "replace"), path
