"""The site's front: the home page, the charts, the map, and what crawlers read.

``/`` says what the campaign and the dataset are, with the numbers, the map, a few
charts, the newest members and a door to every part of the site, and describes the
dataset for dataset search engines (schema.org ``Dataset`` as JSON-LD, made from the
release's VoID description). ``/charts`` and ``/map`` show them all; ``sitemap.xml``
lists every page for people, ``robots.txt`` points at it. The query page moved from
``/`` to ``/query``: a ``/?query=`` link still opens its query there.
"""

from __future__ import annotations

import json
from xml.sax.saxutils import escape

import pyoxigraph as ox
from flask import Blueprint, Response, render_template, request

from hrgraph import formats
from hrgraph.languages import LANGUAGES
from hrgraph.rdf.namespaces import DCTERMS, HRG, RDF
from hrgraph.rdf.uris import Minter, path_for_iri
from hrgraph.web import charts, page_data, pages, query_page, representations, shapes_page
from hrgraph.web.description import DEFAULT, N
from hrgraph.web.http import html
from hrgraph.web.i18n import translator, visitor_language
from hrgraph.web.state import LiveRelease, current

blueprint = Blueprint("home", __name__)

NEWEST = 6  # members listed as the newest
HOME_CHARTS = ("year", "region")


def chart_view(live: LiveRelease, chart: charts.Chart, lang: str) -> dict:
    """A chart as its figure shows it: the SVG, its values, its query and the link
    that opens the query in the query page."""
    t = translator(lang)
    bars = live.index(f"chart:{chart.key}:{lang}", lambda: charts.values(live.store, chart, lang))
    title, desc = t(f"chart_{chart.key}"), t(f"chart_{chart.key}_desc")
    for bar in bars:
        bar["href"] = pages.local(bar["iri"], live) if bar["iri"] else None
    return {
        "key": chart.key,
        "title": title,
        "desc": desc,
        "head": t(chart.head),
        "value_head": t(f"n_{chart.value}"),
        "bars": bars,
        "svg": charts.svg(bars, title, desc, f"chart-{chart.key}") if bars else None,
        "query": chart.text(lang),
        "link": query_page.link(chart.text(lang), lang),
    }


def newest(live: LiveRelease, lang: str) -> list[dict]:
    members = [m for m in pages.members_of(live, lang).members if m["joined"]]
    return sorted(members, key=lambda m: (-m["joined"], m["name"].casefold()))[:NEWEST]


def dataset_jsonld(live: LiveRelease) -> str:
    """schema.org Dataset for the release, from its VoID description (safe to embed)."""
    minter = Minter(live.base)
    dataset, graph = str(minter.dataset()), N(str(minter.void_graph()))
    props: dict[str, list] = {}
    for q in live.store.quads_for_pattern(N(dataset), None, None, graph):
        props.setdefault(q.predicate.value, []).append(q.object)

    def texts(prop) -> list[dict]:
        return [
            {"@value": v.value, "@language": v.language}
            for v in sorted(props.get(str(prop), []), key=str)
            if isinstance(v, ox.Literal)
        ]

    root = request.host_url
    dumps = sorted(live.checksums())
    body = {
        "@context": "https://schema.org/",
        "@type": "Dataset",
        "@id": dataset,
        "name": texts(DCTERMS.title),
        "description": texts(DCTERMS.description),
        "url": root,
        "version": live.release,
        "inLanguage": list(LANGUAGES),
        "isAccessibleForFree": True,
        "keywords": ["human rights", "cities", "local government", "UCLG-CISDP", "linked data"],
        "creator": {"@type": "Organization", "name": _text(props, DCTERMS.publisher) or "hrgraph"},
        "distribution": [
            {
                "@type": "DataDownload",
                "contentUrl": root + "dumps/" + name,
                "encodingFormat": _media(name),
            }
            for name in dumps
        ],
    }
    if live.built_at:
        body["dateModified"] = live.built_at.isoformat()
    if licence := _text(props, DCTERMS.license):
        body["license"] = licence
    if rights := _text(props, DCTERMS.rights):
        body["conditionsOfAccess"] = rights
    text = json.dumps(body, ensure_ascii=False, indent=1)
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def _text(props: dict, prop) -> str | None:
    values = sorted(props.get(str(prop), []), key=str)
    return values[0].value if values else None


def _media(name: str) -> str:
    found = formats.for_suffix(name.rsplit(".", 1)[-1], formats.RDF_FORMATS)
    return found.media_type if found else "text/plain"


@blueprint.route("/")
def home() -> Response:
    moved = query_page.legacy_root()
    if moved is not None:
        return moved
    live = current().live()
    lang = visitor_language()
    numbers = live.index("counts", lambda: charts.counts(live.store))
    members = pages.members_of(live, lang).members
    body = render_template(
        "pages/home.html",
        numbers=numbers,
        counts_link=query_page.link(charts.COUNTS, lang),
        newest=newest(live, lang),
        charts=[chart_view(live, charts.BY_KEY[k], lang) for k in HOME_CHARTS],
        map=pages.map_view(live, members, lang),
        jsonld=dataset_jsonld(live),
        **pages.context(live, lang),
    )
    return html(body)


@blueprint.route("/charts")
def all_charts() -> Response:
    live = current().live()
    lang = visitor_language()
    views = [chart_view(live, c, lang) for c in charts.CHARTS]
    return html(render_template("pages/charts.html", charts=views, **pages.context(live, lang)))


@blueprint.route("/map")
def world_map() -> Response:
    live = current().live()
    lang = visitor_language()
    members = pages.members_of(live, lang).members
    view = pages.map_view(live, members, lang)
    return html(render_template("pages/map.html", map=view, **pages.context(live, lang)))


# For crawlers ---------------------------------------------------------------------------

INDEX_PATHS = [path for _, path in pages.NAV] + [shapes_page.PATH]


def page_paths(live: LiveRelease) -> list[str]:
    """Every page for people: the site's indexes, then each member, programme and theme."""
    found = list(INDEX_PATHS)
    things = []
    for kind in (HRG.Member, HRG.Programme):
        for q in live.store.quads_for_pattern(None, N(RDF.type), N(kind), DEFAULT):
            things.append(q.subject.value)
    things += [c["iri"] for c in page_data.concepts(live.store, page_data.THEME_SCHEME, "en")]
    for iri in sorted(set(things)):
        path = path_for_iri(iri, live.base)
        if path is not None:
            found.append(representations.doc_path(path))
    return found


@blueprint.route("/sitemap.xml")
def sitemap() -> Response:
    """Each page in each language, the other languages as ``hreflang`` alternates."""
    live = current().live()
    root = request.host_url.rstrip("/")
    paths = live.index("sitemap", lambda: page_paths(live))
    day = live.built_at.date().isoformat() if live.built_at else None
    out = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" '
        'xmlns:xhtml="http://www.w3.org/1999/xhtml">',
    ]
    for path in paths:
        for lang in LANGUAGES:
            out.append(f"<url><loc>{escape(f'{root}{path}?lang={lang}')}</loc>")
            if day:
                out.append(f"<lastmod>{day}</lastmod>")
            for other in LANGUAGES:
                href = escape(f"{root}{path}?lang={other}", {'"': "&quot;"})
                out.append(f'<xhtml:link rel="alternate" hreflang="{other}" href="{href}"/>')
            out.append("</url>")
    out.append("</urlset>")
    return Response("\n".join(out) + "\n", mimetype="application/xml")


@blueprint.route("/robots.txt")
def robots() -> Response:
    """Crawlers may read every page; the endpoint's answers are not pages."""
    root = request.host_url.rstrip("/")
    text = f"User-agent: *\nDisallow: /sparql\nAllow: /\n\nSitemap: {root}/sitemap.xml\n"
    return Response(text, mimetype="text/plain")
