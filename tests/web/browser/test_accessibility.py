"""axe-core (from the npm registry, see hrgraph.web.assets) in headless Chromium, on
every kind of page in the three languages: no serious or critical violation."""

from __future__ import annotations

import shutil
from urllib.parse import quote

import pytest

from hrgraph.languages import LANGUAGES
from hrgraph.web import assets
from web.browser.conftest import find, wait_for

webdriver = pytest.importorskip("selenium.webdriver", reason="selenium is not installed")
CHROMIUM, CHROMEDRIVER = shutil.which("chromium"), shutil.which("chromedriver")
pytestmark = [
    pytest.mark.skipif(not (CHROMIUM and CHROMEDRIVER), reason="chromium/chromedriver missing"),
    pytest.mark.skipif(not assets.installed(package=assets.AXE), reason="axe-core not installed"),
]

# the query page with a query that it runs: its results table is checked too
QUERY = "query?query=" + quote(
    "SELECT ?member ?name WHERE { ?member a hrg:Member ; schema:name ?name }"
)
# one page of each kind
KINDS = [
    "", "members", "members?theme=right-to-food", "map", "themes", "charts", "query", QUERY, "dumps/",
    "void", "doc/ontology", "doc/id/territory/fr/gennevilliers", "doc/vocab/themes/right-to-food",
    "doc/vocab/regions", "doc/id/programme/fr/gennevilliers/espace-sante-jeunes",
    "search?q=rabat", "shapes", "nothing-here",
]  # fmt: skip
SEVERE = ("serious", "critical")
RUN = """
const done = arguments[arguments.length - 1];
axe.run(document, {resultTypes: ["violations"]}).then(
  (r) => done(r.violations.map((v) => ({id: v.id, impact: v.impact, help: v.help,
    nodes: v.nodes.slice(0, 5).map((n) => n.target.join(" "))}))),
  (e) => done([{id: "axe-error", impact: "critical", help: String(e), nodes: []}]));
"""


@pytest.fixture(scope="module")
def axe_source() -> str:
    return assets.path("axe.min.js").read_text("utf-8")


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize(
    "path", KINDS, ids=["home" if not k else "query-results" if k == QUERY else k for k in KINDS]
)
def test_no_serious_accessibility_violation(rich_server, browser, axe_source, path, lang):
    sep = "&" if "?" in path else "?"
    browser.get(f"{rich_server.url}{path}{sep}lang={lang}")
    wait_for(browser, lambda d: find(d, "main"))
    if path.startswith("query") and assets.installed():
        wait_for(browser, lambda d: find(d, ".CodeMirror"))
        if path == QUERY:
            wait_for(browser, lambda d: find(d, ".yasr table tbody tr"))
    assert browser.find_element("tag name", "html").get_attribute("lang") == lang
    browser.set_script_timeout(60)
    browser.execute_script(axe_source)
    violations = browser.execute_async_script(RUN)
    severe = [v for v in violations if v["impact"] in SEVERE]
    assert severe == [], severe
