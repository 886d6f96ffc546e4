"""Resource pages in headless Chromium: the card, its links, the language switch, and
profile markup that stays inert."""

from __future__ import annotations

import pytest


def find(driver, css):
    from selenium.webdriver.common.by import By

    return driver.find_elements(By.CSS_SELECTOR, css)


def wait_for(driver, condition, timeout=20):
    from selenium.webdriver.support.ui import WebDriverWait

    return WebDriverWait(driver, timeout).until(lambda d: condition(d))


def hrefs(driver, css):
    return [a.get_attribute("href") for a in find(driver, css)]


def test_member_card_and_language_switch(rich_server, browser):
    browser.get(rich_server.url + "id/territory/fr/gennevilliers?lang=en")  # 303 followed
    wait_for(browser, lambda d: find(d, "h1#name"))
    assert browser.current_url.endswith("/doc/id/territory/fr/gennevilliers?lang=en")
    assert find(browser, "h1#name")[0].text == "Gennevilliers"
    facts = find(browser, "dl.facts")[0].text
    assert "Region" in facts and "Europe" in facts and "Patrice Leclerc" in facts
    groups = [h.text for h in find(browser, ".theme-group h3")]
    assert groups == [
        "Anti-discrimination and anti-xenophobia",
        "Public health",
        "Right to food and food security",
    ]
    figures = [li.text for li in find(browser, "ul.figures li")]
    assert "35,000 paniers (2020-2025)" in figures
    # programmes and leader link to their local documents, outside links stay outside
    programmes = hrefs(browser, ".programme h4 a")
    assert programmes and all("/doc/id/programme/fr/gennevilliers/" in h for h in programmes)
    assert all("/doc/id/mandate/fr/gennevilliers/" in h for h in hrefs(browser, ".mandate a"))
    assert "http://sws.geonames.org/3016321/" in hrefs(browser, ".same-as a")
    assert any(
        h.endswith("/doc/id/territory/fr/gennevilliers.ttl") for h in hrefs(browser, "footer a")
    )
    # the switch offers the three languages, the current one marked
    switch = find(browser, "ul.languages a")
    assert [a.get_attribute("hreflang") for a in switch] == ["en", "fr", "es"]
    assert [a.text for a in switch] == ["English", "Français", "Español"]
    current = [a.get_attribute("data-lang") for a in switch if a.get_attribute("aria-current")]
    assert current == ["en"]

    find(browser, 'ul.languages a[data-lang="es"]')[0].click()
    wait_for(browser, lambda d: d.find_element("tag name", "html").get_attribute("lang") == "es")
    facts = find(browser, "dl.facts")[0].text
    assert "Región" in facts and "Europa" in facts
    assert "Salud pública" in [h.text for h in find(browser, ".theme-group h3")]
    assert browser.current_url.endswith("/doc/id/territory/fr/gennevilliers?lang=es")
    assert find(browser, "h1#name")[0].text == "Gennevilliers"
    assert find(browser, 'header nav a[data-nav="members"]')[0].text == "Miembros"
    find(browser, 'ul.languages a[data-lang="fr"]')[0].click()
    wait_for(browser, lambda d: d.find_element("tag name", "html").get_attribute("lang") == "fr")
    assert "Étendue de la population" in find(browser, "dl.facts")[0].text


def test_profile_markup_is_inert_in_the_browser(rich_server, browser):
    browser.get(rich_server.url + "doc/id/territory/fr/injection?lang=fr")
    wait_for(browser, lambda d: find(d, "h1#name"))
    heading = find(browser, "h1#name")[0].text
    assert heading == "Ville <script>window.__pwned = 1</script> Piège"
    for element in find(browser, ".qa h3, .mandate a, .programme h4"):
        browser.execute_script("arguments[0].dispatchEvent(new MouseEvent('mouseover'))", element)
    assert browser.execute_script("return window.__pwned === undefined")
    assert find(browser, "img[onerror], svg[onload], iframe, b[onmouseover]") == []


PAGES = [
    ("members?lang=fr", "Membres", "Gennevilliers", "/doc/id/territory/fr/gennevilliers"),
    ("themes?lang=es", "Temas", "Salud pública", "/doc/vocab/themes/public-health"),
    (
        "doc/vocab/themes/public-health",
        "public health",
        "Espace Santé Jeunes",
        "/doc/id/programme/",
    ),
    ("doc/ontology", "ontology", "hrg:City", "/doc/ontology"),
]


@pytest.mark.parametrize("path, heading, text, link", PAGES, ids=[p[0] for p in PAGES])
def test_index_and_vocabulary_pages_render(rich_server, browser, path, heading, text, link):
    browser.get(rich_server.url + path)
    wait_for(browser, lambda d: find(d, "main h1"))
    assert heading.casefold() in find(browser, "main h1")[0].text.casefold()
    assert text in find(browser, "main")[0].text
    assert any(link in h for h in hrefs(browser, "main a"))
    assert len(find(browser, "ul.languages a")) == 3
