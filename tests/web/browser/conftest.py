"""Pages of a real server in headless Chromium: the fixtures of ../server/conftest.py
(a gunicorn server over the rich build, the browser), and helpers to read pages."""

from __future__ import annotations

import pytest

from web.server.conftest import browser, rich_server, running  # noqa: F401 (fixtures)


def find(driver, css):
    from selenium.webdriver.common.by import By

    return driver.find_elements(By.CSS_SELECTOR, css)


def wait_for(driver, condition, timeout=30):
    from selenium.webdriver.support.ui import WebDriverWait

    return WebDriverWait(driver, timeout).until(lambda d: condition(d))


@pytest.fixture
def page(rich_server, browser):  # noqa: F811 (the imported fixtures)
    """open(path): load a page of the rich server and wait for its <main>."""

    def open_page(path: str):
        browser.get(rich_server.url + path.lstrip("/"))
        wait_for(browser, lambda d: find(d, "main"))
        return browser

    return open_page
