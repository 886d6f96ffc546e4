"""The map over a deployment's tile server (setting ``map_tiles``), in headless Chromium.

A tiny real tile server on a local port answers every tile with a PNG and records what
it was asked. With the setting, the map page loads its tiles from it (the page's
Content-Security-Policy lets it) and draws a marker per member over them, each opening
the member's card; without it, the page asks for nothing outside its own server.
"""

from __future__ import annotations

import shutil
import struct
import threading
import time
import zlib
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import urlsplit

import pytest

from hrgraph.web import assets
from web.browser.conftest import find, running, wait_for
from web.browser.test_accessibility import RUN, SEVERE

webdriver = pytest.importorskip("selenium.webdriver", reason="selenium is not installed")
CHROMIUM, CHROMEDRIVER = shutil.which("chromium"), shutil.which("chromedriver")
pytestmark = [
    pytest.mark.skipif(not (CHROMIUM and CHROMEDRIVER), reason="chromium/chromedriver missing"),
    pytest.mark.skipif(
        not assets.installed(package=assets.LEAFLET), reason="python -m hrgraph.web.assets"
    ),
]


def png(width: int = 256, height: int = 256) -> bytes:
    """A plain light-blue PNG (written by hand: the test needs no image library)."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    row = b"\x00" + b"\xd0\xe4\xf4" * width
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(row * height))
        + chunk(b"IEND", b"")
    )


TILE = png()


class TileServer(ThreadingHTTPServer):
    def __init__(self):
        self.asked: list[str] = []
        super().__init__(("127.0.0.1", 0), TileHandler)

    @property
    def template(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}/tiles/{{z}}/{{x}}/{{y}}.png"


class TileHandler(BaseHTTPRequestHandler):
    def do_GET(self):  # noqa: N802 (the standard library's name)
        self.server.asked.append(self.path)
        self.send_response(200)
        self.send_header("Content-Type", "image/png")
        self.send_header("Content-Length", str(len(TILE)))
        self.end_headers()
        self.wfile.write(TILE)

    def log_message(self, *args):
        pass


@pytest.fixture(scope="module")
def tiles():
    server = TileServer()
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server
    server.shutdown()
    server.server_close()


@pytest.fixture(scope="module")
def tiled_server(rich_build_dir, tiles, tmp_path_factory):
    folder = tmp_path_factory.mktemp("serve-tiles")
    with running(
        rich_build_dir, folder, map_tiles=tiles.template, map_tiles_attribution="Test <tiles> & co"
    ) as srv:
        yield srv


def outside_requests(browser, origin: str) -> list[str]:
    entries = browser.execute_script(
        "return performance.getEntriesByType('resource').map(e => e.name)"
    )
    return [e for e in entries if not e.startswith(origin)]


def test_the_map_draws_over_the_tile_server(tiled_server, tiles, browser):
    tiles.asked.clear()
    browser.get(tiled_server.url + "map?lang=en")
    wait_for(browser, lambda d: find(d, ".leaflet-tile-loaded"))
    assert tiles.asked and all(p.startswith("/tiles/") and p.endswith(".png") for p in tiles.asked)
    # the SVG's points are the markers: one per member, the drawing hidden behind them
    members = {a.get_attribute("data-member") for a in find(browser, "svg a.member")}
    markers = {m.get_attribute("data-member"): m for m in find(browser, ".tile-point")}
    assert set(markers) == members and len(members) == 7
    assert not find(browser, "svg.world")[0].is_displayed()
    assert find(browser, "figure.map p.attribution")[0].text == "Map tiles: Test <tiles> & co"
    policy = tiled_server.get(path="/map", headers={"Accept": "text/html"})
    img_src = next(
        d for d in policy.headers["Content-Security-Policy"].split("; ") if d.startswith("img-src")
    )
    assert img_src.split()[1:] == ["'self'", "data:", tiles.template.split("/tiles/")[0]]
    if assets.installed(package=assets.AXE):  # the tiled map passes axe-core too
        browser.set_script_timeout(60)
        browser.execute_script(assets.path("axe.min.js").read_text("utf-8"))
        severe = [v for v in browser.execute_async_script(RUN) if v["impact"] in SEVERE]
        assert severe == [], severe
    target = next(m for iri, m in markers.items() if iri.endswith("/fr/gennevilliers"))
    webdriver.ActionChains(browser).move_to_element(target).click().perform()
    wait_for(browser, lambda d: find(d, "h1#name"))
    assert urlsplit(browser.current_url).path == "/doc/id/territory/fr/gennevilliers"


def test_without_the_setting_nothing_is_asked_outside(rich_server, tiles, browser):
    tiles.asked.clear()
    for path in ("map?lang=en", "?lang=en", "members?lang=fr"):
        browser.get(rich_server.url + path)
        wait_for(browser, lambda d: find(d, "svg.world"))
        time.sleep(0.5)
        assert find(browser, "svg.world")[0].is_displayed()
        assert find(browser, ".leaflet-container, [data-tiles]") == []
        assert outside_requests(browser, rich_server.url.rstrip("/")) == []
    assert tiles.asked == []
