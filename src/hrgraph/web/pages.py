"""Pages for people: a resource's document in HTML, the indexes, search, the 404 page.

A document's page is rendered from the same :class:`Description` as its RDF (its
statements table and embedded JSON-LD are those triples); what the card shows around
them comes from :mod:`page_data`. Whatever needs the whole graph is built once per
release and process and kept on the :class:`LiveRelease`.
"""

from __future__ import annotations

import pyoxigraph as ox
from flask import Blueprint, Response, render_template, request

from hrgraph import __version__
from hrgraph.countries import country_name
from hrgraph.rdf.namespaces import COUNTRIES, HRG, ONTOLOGY, REGIONS, SKOS, THEMES, curie
from hrgraph.rdf.uris import path_for_iri
from hrgraph.release import ReleaseError
from hrgraph.web import conneg, page_data, representations
from hrgraph.web import map as world
from hrgraph.web.description import Description, types
from hrgraph.web.http import html, plain, unavailable
from hrgraph.web.i18n import language_links, translator, visitor_language
from hrgraph.web.state import LiveRelease, current

blueprint = Blueprint("pages", __name__)

REGION_SCHEME = str(REGIONS).rstrip("/")
# The site's navigation: (message key, path), in the order the header shows them.
NAV = (
    ("home", "/"),
    ("members", "/members"),
    ("map", "/map"),
    ("themes", "/themes"),
    ("charts", "/charts"),
    ("query", "/query"),
    ("dumps", "/dumps/"),
    ("void", "/void"),
    ("ontology", "/doc/ontology"),
)
SEARCH_CHARS = 200  # longest search text looked at
NOT_FOUND_HITS = 10


@blueprint.app_template_filter("capfirst")
def capfirst(text: str) -> str:
    """First letter up, the rest as written (vocabulary labels are lowercase)."""
    return text[:1].upper() + text[1:] if text else text


# -- indexes kept per release ---------------------------------------------------------------


def members_of(live: LiveRelease, lang: str) -> page_data.MemberIndex:
    return live.index(f"members:{lang}", lambda: page_data.member_index(live.store, lang))


def search_index(live: LiveRelease) -> page_data.SearchIndex:
    return live.index("search", lambda: page_data.SearchIndex(live.store))


def concepts_of(live: LiveRelease, scheme: str, lang: str) -> list[dict]:
    """Concepts of one of our fixed schemes (regions, themes)."""
    return live.index(
        f"concepts:{scheme}:{lang}", lambda: page_data.concepts(live.store, scheme, lang)
    )


def local(iri: str, live: LiveRelease) -> str:
    """A link for an IRI: the local page when this server serves it, else the IRI."""
    path = path_for_iri(iri, live.base)
    if path is None:
        return iri
    fragment = "#" + iri.split("#", 1)[1] if "#" in iri else ""
    return representations.doc_path(path) + fragment


def member_places(live: LiveRelease) -> dict[str, dict]:
    return live.index("places", lambda: world.places(live.store, world.outline()))


def map_view(live: LiveRelease, members: list[dict], lang: str) -> dict:
    """The map of ``members`` (index entries): its SVG and who could not be placed."""
    t = translator(lang)
    placed = member_places(live)
    points, unplaced = [], []
    for m in members:
        where = placed.get(m["iri"])
        if where is None:
            unplaced.append(m)
            continue
        points.append({**where, "iri": m["iri"], "name": m["name"], "href": local(m["iri"], live)})
    drawing = world.svg(points, world.outline(), t("map_title"), t("map_desc"))
    settings = current().settings
    tiles = world.tile_layer(settings.map_tiles, settings.map_tiles_attribution, points)
    return {"svg": drawing, "points": len(points), "unplaced": unplaced, "tiles": tiles}


def frame(lang: str, release: str | None = None) -> dict:
    """What the site's frame (header, navigation, switcher, footer) needs."""
    return {
        "lang": lang,
        "t": translator(lang),
        "language_links": language_links(),
        "nav": NAV,
        "here": request.path,
        "version": __version__,
        "formats": representations.downloads(),
        "release": release or "",
    }


def context(live: LiveRelease, lang: str, path: str = "") -> dict:
    """What every page template needs."""
    return {
        **frame(lang, live.release),
        "local": lambda iri: local(iri, live),
        "doc": representations.doc_path(path) if path else request.path,
    }


# -- a resource's document ----------------------------------------------------------------


def render(live: LiveRelease, description: Description, path: str, lang: str) -> str:
    """The HTML representation of ``description`` (the one its RDF is written from)."""
    store, iri = live.store, description.iri
    kinds = types(description)
    page = context(live, lang, path)
    page.update(
        iri=iri, rows=_rows(live, description.triples, lang), jsonld=_jsonld(description.triples)
    )
    if str(HRG.Member) in kinds:
        card = page_data.member_card(store, iri, lang, description=description)
        related = members_of(live, lang).related(iri)
        return render_template("pages/member.html", card=card, related=related, **page)
    if str(HRG.Programme) in kinds:
        item = page_data.programme(store, iri, lang, description=description)
        return render_template("pages/programme.html", item=item, **page)
    if iri == ONTOLOGY or str(SKOS.ConceptScheme) in kinds:
        page["rows"] = []  # hundreds of statements: the RDF links serve them better
    if iri == ONTOLOGY:
        onto = live.index(f"ontology:{lang}", lambda: page_data.ontology(store, lang))
        return render_template("pages/ontology.html", onto=onto, **page)
    if str(SKOS.ConceptScheme) in kinds:
        concepts = page_data.concepts(store, iri, lang)
        title = page_data.label(store, iri, lang)
        return render_template("pages/scheme.html", title=title, concepts=concepts, **page)
    if str(SKOS.Concept) in kinds:
        theme = page_data.theme_page(store, iri, lang, description=description)
        users = [] if theme["programmes"] else members_of(live, lang).using(store, iri)
        on_map = members_of(live, lang).filter(theme=iri) if theme["programmes"] else users
        return render_template(
            "pages/concept.html",
            page=theme,
            users=users,
            map=map_view(live, on_map, lang) if on_map else None,
            **page,
        )
    title = page_data.label(store, iri, lang)
    return render_template("pages/resource.html", title=title, **page)


def _rows(live: LiveRelease, triples: list[ox.Triple], lang: str) -> list[dict]:
    labels: dict[str, str] = {}

    def name(term) -> dict:
        if isinstance(term, ox.NamedNode):
            if term.value not in labels:
                labels[term.value] = curie(term.value) or page_data.label(
                    live.store, term.value, lang
                )
            return {"iri": term.value, "href": local(term.value, live), "text": labels[term.value]}
        if isinstance(term, ox.Literal):
            return {
                "text": term.value,
                "lang": term.language,
                "datatype": curie(term.datatype.value) if not term.language else None,
            }
        return {"text": str(term)}

    return [{"s": name(t.subject), "p": name(t.predicate), "o": name(t.object)} for t in triples]


def _jsonld(triples: list[ox.Triple]) -> str:
    """JSON-LD for the page's <script> block, safe to embed (no ``</script>``)."""
    text = ox.serialize(triples, format=ox.RdfFormat.JSON_LD).decode("utf-8")
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


# -- indexes ------------------------------------------------------------------------------


def _full(value: str | None, namespace) -> str | None:
    """A filter's value as an IRI: short keys (``right-to-food``) name concepts of
    ``namespace``; IRIs are taken as they are."""
    if not value:
        return None
    value = value.strip()
    return value if "://" in value else str(namespace) + value


def _country(value: str | None) -> str | None:
    """A country filter as its code: ``FR``, ``fr`` or the country concept's IRI."""
    if not value:
        return None
    value = value.strip()
    if value.startswith(str(COUNTRIES)):
        value = value[len(str(COUNTRIES)) :]
    return value.upper()


def country_options(index: page_data.MemberIndex, lang: str) -> list[dict]:
    """The countries of the members: {code, name} by name in the visitor's language."""
    found = [{"code": c, "name": country_name(c, lang)} for c in index.countries]
    return sorted(found, key=lambda c: c["name"].casefold())


@blueprint.route("/members")
def members() -> Response:
    live = current().live()
    lang = visitor_language()
    selected = {
        "region": _full(request.args.get("region"), REGIONS),
        "country": _country(request.args.get("country")),
        "theme": _full(request.args.get("theme"), THEMES),
    }
    index = members_of(live, lang)
    found = index.filter(**selected)
    body = render_template(
        "pages/members.html",
        members=[{**m, "country": country_name(m["country_code"], lang)} for m in found],
        regions=concepts_of(live, REGION_SCHEME, lang),
        themes=concepts_of(live, page_data.THEME_SCHEME, lang),
        countries=country_options(index, lang),
        selected=selected,
        map=map_view(live, found, lang),
        **context(live, lang),
    )
    return html(body)


@blueprint.route("/themes")
def themes() -> Response:
    live = current().live()
    lang = visitor_language()
    counts = live.index("theme-counts", lambda: page_data.theme_counts(live.store))
    listed = [
        {**c, "programmes": counts.get(c["iri"], 0)}
        for c in concepts_of(live, page_data.THEME_SCHEME, lang)
    ]
    return html(render_template("pages/themes.html", themes=listed, **context(live, lang)))


@blueprint.route("/search")
def search() -> Response:
    live = current().live()
    lang = visitor_language()
    text = request.args.get("q", "")[:SEARCH_CHARS]
    hits = page_data.search(live.store, search_index(live), text, lang)
    return html(render_template("pages/search.html", q=text, hits=hits, **context(live, lang)))


def not_found(path: str) -> Response:
    """404 that helps: suggestions from the last part of the path, and a search box.

    Without a usable build there is nothing to suggest from: 503, as for every view.
    """
    try:
        live = current().live()
    except ReleaseError as e:
        return unavailable(e)
    best = conneg.choose(
        request.headers.get("Accept"), None, ["text/html", "text/plain"], None, "text/html"
    )
    if best != "text/html":
        return plain(404, f"404 Not Found: no resource at /{path}")
    lang = visitor_language()
    words = path.rstrip("/").rsplit("/", 1)[-1].replace("-", " ")[:100]
    hits = page_data.search(live.store, search_index(live), words, lang, NOT_FOUND_HITS)
    body = render_template(
        "pages/not_found.html", path="/" + path, hits=hits, q=words, **context(live, lang)
    )
    return html(body, 404)
