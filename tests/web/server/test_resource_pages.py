"""Resource pages in headless Chromium: the card, the language switch, a screenshot,
and profile markup that stays inert."""

from __future__ import annotations

import pytest


def find(driver, css):
    from selenium.webdriver.common.by import By

    return driver.find_elements(By.CSS_SELECTOR, css)


def wait_for(driver, condition, timeout=20):
    from selenium.webdriver.support.ui import WebDriverWait

    return WebDriverWait(driver, timeout).until(lambda d: condition(d))


def test_member_card_and_language_switch(rich_server, browser, tmp_path):
    browser.get(rich_server.url + "id/territory/fr/gennevilliers?lang=en")  # 303 followed
    wait_for(browser, lambda d: find(d, "h1#name"))
    assert browser.current_url.endswith("/doc/id/territory/fr/gennevilliers?lang=en")
    assert find(browser, "h1#name")[0].text == "Gennevilliers"
    facts = find(browser, "dl.facts")[0].text
    assert "Region" in facts and "Europe" in facts and "Patrice Leclerc" in facts
    groups = [h.text for h in find(browser, ".theme-group h3")]
    assert groups == [
        "anti-discrimination and anti-xenophobia",
        "public health",
        "right to food and food security",
    ]
    figures = [li.text for li in find(browser, "ul.figures li")]
    assert "35,000 paniers (2020-2025)" in figures
    screenshot = tmp_path / "member-en.png"
    browser.save_screenshot(str(screenshot))
    assert screenshot.stat().st_size > 20_000  # a rendered page, not a blank one

    find(browser, 'ul.languages a[data-lang="es"]')[0].click()
    wait_for(browser, lambda d: d.find_element("tag name", "html").get_attribute("lang") == "es")
    facts = find(browser, "dl.facts")[0].text
    assert "Región" in facts and "Europa" in facts
    assert "salud pública" in [h.text for h in find(browser, ".theme-group h3")]
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


@pytest.mark.parametrize(
    "path", ["members?lang=fr", "themes?lang=es", "doc/vocab/themes/public-health", "doc/ontology"]
)
def test_index_and_vocabulary_pages_render(rich_server, browser, path):
    browser.get(rich_server.url + path)
    wait_for(browser, lambda d: find(d, "main h1"))
    assert find(browser, "main h1")[0].text
    assert browser.execute_script("return document.querySelectorAll('a[href]').length") > 5
