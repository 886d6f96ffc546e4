"""The tile layer setting in-process: checked when read, off by default, and when on, the
map pages carry their points as an inert JSON block and the CSP names the tile host."""

from __future__ import annotations

import json

import lxml.html
import pytest

from hrgraph.settings import SettingsError, load
from hrgraph.web import assets, security
from hrgraph.web import map as world

TEMPLATE = "https://{s}.tiles.example.org/base/{z}/{x}/{y}.png"
needs_leaflet = pytest.mark.skipif(
    not assets.installed(package=assets.LEAFLET), reason="python -m hrgraph.web.assets"
)


@pytest.mark.parametrize(
    "bad",
    [
        "tiles.example.org/{z}/{x}/{y}.png",
        "https://tiles.example.org/{z}/{x}.png",
        "ftp://t/{z}/{x}/{y}",
    ],
)
def test_a_tile_template_must_be_an_http_url_with_z_x_y(bad):
    with pytest.raises(SettingsError, match="^HRGRAPH_MAP_TILES: map_tiles must be"):
        load(environ={"HRGRAPH_MAP_TILES": bad})
    assert load(environ={"HRGRAPH_MAP_TILES": TEMPLATE}).map_tiles == TEMPLATE


def test_the_tile_origin_is_the_csp_source():
    assert world.tile_origin(TEMPLATE) == "https://*.tiles.example.org"
    assert world.tile_origin("http://127.0.0.1:8123/{z}/{x}/{y}.png") == "http://127.0.0.1:8123"
    policy = security.site_csp(TEMPLATE)
    assert "img-src 'self' data: https://*.tiles.example.org;" in policy
    assert security.site_csp("") == security.CSP


def test_off_by_default(rich_client):
    reply = rich_client.request("GET", "/map?lang=en", headers={"Accept": "text/html"})
    doc = lxml.html.fromstring(reply.body)
    assert doc.cssselect("svg.world") and not doc.cssselect("[data-tiles], #map-points")
    assert not [s for s in doc.cssselect("script[src]") if "leaflet" in s.get("src")]
    assert "img-src 'self' data:;" in reply.headers["Content-Security-Policy"]


@needs_leaflet
@pytest.mark.parametrize("path", ["/map?lang=en", "/members?lang=fr", "/?lang=es"])
def test_on_the_map_pages_carry_their_points(make_client, rich_build_dir, path):
    client = make_client(
        rich_build_dir, map_tiles=TEMPLATE, map_tiles_attribution="<b>Tiles</b> & co"
    )
    reply = client.request("GET", path, headers={"Accept": "text/html"})
    assert "https://*.tiles.example.org" in reply.headers["Content-Security-Policy"]
    text = reply.body.decode("utf-8")
    doc = lxml.html.fromstring(reply.body)
    block = doc.get_element_by_id("map-points").text
    assert "</" not in block and "<" not in block  # nothing in it can end the block
    data = json.loads(block)
    assert data["url"] == TEMPLATE
    drawn = {a.get("data-member"): a.get("href") for a in doc.cssselect("svg a.member")}
    assert {p["iri"]: p["href"] for p in data["points"]} == drawn
    names = {p["name"] for p in data["points"]}
    if path.startswith("/map"):
        assert "Ville <script>window.__pwned = 1</script> Piège" in names
    for p in data["points"]:
        assert -180 <= p["lon"] <= 180 and -58 <= p["lat"] <= 84
    gennevilliers = next(p for p in data["points"] if p["iri"].endswith("/fr/gennevilliers"))
    assert abs(gennevilliers["lat"] - 48.93) < 0.05 and abs(gennevilliers["lon"] - 2.30) < 0.05
    assert "&lt;b&gt;Tiles&lt;/b&gt; &amp; co" in text
    scripts = [s.get("src").split("?")[0] for s in doc.cssselect("script[src]")]
    assert "/static/vendor/leaflet.js" in scripts and "/static/map.js" in scripts
