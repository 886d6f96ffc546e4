"""Screenshots of every kind of page at 1366 px and 390 px wide, for docs/screenshots/.

    .venv/bin/python tests/web/browser/screenshots.py [OUT_DIR]

Builds the test corpus with the fixture profiles (never the shipped data/), serves it
with ``hrgraph serve`` on a free port, and saves full-page PNGs from headless Chromium.
"""

from __future__ import annotations

import shutil
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent.parent))  # tests/, for helpers and web.server

from helpers import FIXTURE_PROFILES, ROOT, build_into  # noqa: E402
from web.server.conftest import running  # noqa: E402

PAGES = {
    "home": "?lang=en",
    "home-fr": "?lang=fr",
    "members": "members?lang=en",
    "member": "doc/id/territory/fr/gennevilliers?lang=en",
    "member-es": "doc/id/territory/fr/gennevilliers?lang=es",
    "theme": "doc/vocab/themes/right-to-food?lang=en",
    "themes": "themes?lang=fr",
    "map": "map?lang=en",
    "charts": "charts?lang=en",
    "query": "query?lang=en",
    "void": "void?lang=en",
    "downloads": "dumps/?lang=en",
    "shapes": "shapes?lang=en",
}
WIDTHS = (1366, 390)


def driver(profile: Path, width: int):
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = shutil.which("chromium")
    for flag in ("--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars",
                 "--disable-background-networking", f"--user-data-dir={profile}",
                 f"--window-size={width},900"):  # fmt: skip
        options.add_argument(flag)
    return webdriver.Chrome(service=Service(shutil.which("chromedriver")), options=options)


def shoot(url: str, out: Path, pages=PAGES, widths=WIDTHS) -> list[Path]:
    saved = []
    with tempfile.TemporaryDirectory() as tmp:
        for width in widths:
            browser = driver(Path(tmp) / f"profile-{width}", width)
            try:
                for name, path in pages.items():
                    browser.get(url + path)
                    time.sleep(1.5 if name == "query" else 0.3)
                    height = browser.execute_script("return document.documentElement.scrollHeight")
                    browser.set_window_size(width, min(max(height, 600), 6000))
                    file = out / f"{name}-{width}.png"
                    browser.save_screenshot(str(file))
                    saved.append(file)
                    browser.set_window_size(width, 900)
            finally:
                browser.quit()
    return saved


def main(argv: list[str]) -> int:
    out = Path(argv[0]) if argv else ROOT / "docs" / "screenshots"
    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        build = Path(tmp) / "build"
        build_into(build, extra_profiles=sorted(FIXTURE_PROFILES.rglob("*.txt")))
        with running(build, Path(tmp)) as server:
            for file in shoot(server.url, out):
                print(file)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
