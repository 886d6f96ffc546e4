"""Dereferenceable URIs: every IRI the graph mints answers in HTML and RDF.

The pattern is the one of "Cool URIs for the Semantic Web" for things that are not
documents: ``/id/...``, ``/vocab/...``, ``/ontology`` and ``/graph/...`` answer
``303 See Other`` to their document ``/doc/<same path>``, which negotiates its
representation (HTML for people; Turtle, JSON-LD, RDF/XML or N-Triples for programs)
and names the chosen one in ``Content-Location``. ``/doc/<path>.ttl`` (``.jsonld``,
``.rdf``, ``.nt``, ``.html``) asks for one representation explicitly. Each document
sends ``Vary: Accept, Accept-Language`` and ``Link`` headers to the others.

The four steps for each request, after Trifid: map the path to an IRI; 404 unless the
store knows it; describe it; render RDF or HTML.
"""

from __future__ import annotations

import json
import mimetypes
from urllib.parse import quote

import pyoxigraph as ox
from flask import Blueprint, Response, abort, redirect, render_template, request, url_for

from hrgraph.rdf.namespaces import (
    HRG,
    ONTOLOGY,
    OWL,
    PREFIXES,
    RDF,
    RDFS,
    REGIONS,
    ROOT,
    SKOS,
    THEMES,
    curie,
)
from hrgraph.rdf.uris import Minter, iri_for_path, path_for_iri
from hrgraph.store import resources as res
from hrgraph.web import conneg
from hrgraph.web.app import Live, endpoint, plain
from hrgraph.web.i18n import LANGUAGE_NAMES, LANGUAGES, translator, visitor_language

blueprint = Blueprint("resources", __name__)

# suffix -> (media type, pyoxigraph format or None for HTML); pyoxigraph knows each
# RDF format's media type and file extension, so they are not spelled out here.
RDF_FORMATS = (
    ox.RdfFormat.TURTLE,
    ox.RdfFormat.JSON_LD,
    ox.RdfFormat.RDF_XML,
    ox.RdfFormat.N_TRIPLES,
)
REPRESENTATIONS = {
    "html": ("text/html", None),
    **{f.file_extension: (f.media_type, f) for f in RDF_FORMATS},
}
SUFFIX_OF = {media: suffix for suffix, (media, _) in REPRESENTATIONS.items()}
OFFERED = [media for media, _ in REPRESENTATIONS.values()]
ALIASES = {
    "turtle": ox.RdfFormat.TURTLE.media_type,
    "json-ld": ox.RdfFormat.JSON_LD.media_type,
    "json": ox.RdfFormat.JSON_LD.media_type,
    "xml": ox.RdfFormat.RDF_XML.media_type,
    "rdfxml": ox.RdfFormat.RDF_XML.media_type,
    "ntriples": ox.RdfFormat.N_TRIPLES.media_type,
    **{suffix: media for suffix, (media, _) in REPRESENTATIONS.items()},
}
THEME_SCHEME = str(THEMES).rstrip("/")


# -- the live build's base ------------------------------------------------------------


def data_base(live: Live) -> str:
    return live.manifest.get("base_uri") or ROOT


def local(iri: str, live: Live) -> str:
    """A link for an IRI: the local page when this server serves it, else the IRI."""
    path = path_for_iri(iri, data_base(live))
    if path is None:
        return iri
    fragment = "#" + iri.split("#", 1)[1] if "#" in iri else ""
    return "/doc/" + quote(path) + fragment


# -- things: 303 to their document ------------------------------------------------------


@blueprint.route("/id/<path:rest>")
@blueprint.route("/vocab/<path:rest>", defaults={"root": "vocab/"})
@blueprint.route("/graph/<path:rest>", defaults={"root": "graph/"})
@blueprint.route("/ontology", defaults={"rest": "", "root": "ontology"})
def thing(rest: str, root: str = "id/") -> Response:
    path = root + rest
    live = endpoint().live()
    iri = iri_for_path(path, data_base(live))
    if iri is None or not _known(live, iri):
        return not_found(path)
    query = request.query_string.decode("latin-1")
    response = redirect("/doc/" + quote(path) + ("?" + query if query else ""), code=303)
    response.headers["Vary"] = "Accept"
    return response


def _known(live: Live, iri: str) -> bool:
    if res.exists(live.store, iri):
        return True
    return live.store.contains_named_graph(ox.NamedNode(iri))


# -- documents ----------------------------------------------------------------------------


@blueprint.route("/doc/<path:path>")
def document(path: str) -> Response:
    live = endpoint().live()
    explicit = None
    stem, dot, suffix = path.rpartition(".")
    if dot and suffix in REPRESENTATIONS and iri_for_path(stem, data_base(live)):
        path, explicit = stem, REPRESENTATIONS[suffix][0]
    iri = iri_for_path(path, data_base(live))
    if iri is None or not _known(live, iri):
        return not_found(path)
    media = explicit or conneg.choose(
        request.headers.get("Accept"), request.args.getlist("format"), OFFERED, ALIASES, "text/html"
    )
    if media is None:
        return plain(406, "406 Not Acceptable: this document is available as " + ", ".join(OFFERED))
    lang = visitor_language()
    etag = live.etag("doc", path, media, lang if media == "text/html" else "")
    if request.if_none_match.contains(etag):
        return _with_headers(Response(status=304), path, media, etag, live, explicit)
    triples = _triples(live, iri)
    if media == "text/html":
        body = _html(live, iri, path, triples, lang)
    else:
        body = ox.serialize(
            triples, format=REPRESENTATIONS[SUFFIX_OF[media]][1], prefixes=dict(PREFIXES)
        )
    response = Response(body, mimetype=media)
    if media != "text/html":
        response.charset = "utf-8"
    return _with_headers(response, path, media, etag, live, explicit)


def _with_headers(response, path, media, etag, live, explicit) -> Response:
    doc = "/doc/" + quote(path)
    response.set_etag(etag)
    if live.built_at is not None:
        response.last_modified = live.built_at
    response.headers["Vary"] = "Accept, Accept-Language"
    if not explicit:
        response.headers["Content-Location"] = f"{doc}.{SUFFIX_OF[media]}"
    response.headers["Link"] = ", ".join(
        f'<{doc}.{suffix}>; rel="alternate"; type="{m}"'
        for suffix, (m, _) in REPRESENTATIONS.items()
        if m != media
    )
    response.cache_control.public = True
    response.cache_control.max_age = 60
    return response


def _triples(live: Live, iri: str) -> list[ox.Triple]:
    """A named graph's IRI (ontology, vocabulary, profile page) stands for its content;
    any other resource for its description."""
    node = ox.NamedNode(iri)
    if live.store.contains_named_graph(node):
        quads = live.store.quads_for_pattern(None, None, None, node)
        return sorted((ox.Triple(q.subject, q.predicate, q.object) for q in quads), key=str)
    return res.describe(live.store, iri).triples


# -- HTML ---------------------------------------------------------------------------------


def _types(live: Live, iri: str) -> set[str]:
    return {t.value for t in res.outgoing(live.store, iri).get(str(RDF.type), [])}


def _html(live: Live, iri: str, path: str, triples: list[ox.Triple], lang: str) -> str:
    store = live.store
    types = _types(live, iri)
    context = _page_context(live, path, lang)
    context.update(iri=iri, rows=_rows(live, triples, lang), jsonld=_jsonld(triples))
    if str(HRG.Member) in types:
        card = res.member_card(store, iri, lang)
        return render_template(
            "pages/member.html", card=card, related=res.related(store, iri, lang), **context
        )
    if str(HRG.Programme) in types:
        return render_template(
            "pages/programme.html", item=res.programme(store, iri, lang), **context
        )
    if iri == ONTOLOGY or str(SKOS.ConceptScheme) in types:
        context["rows"] = []  # hundreds of statements: the RDF links serve them better
    if iri == ONTOLOGY:
        return render_template("pages/ontology.html", onto=_ontology(live, lang), **context)
    if str(SKOS.ConceptScheme) in types:
        concepts = res.concepts(store, iri, lang)
        return render_template(
            "pages/scheme.html", title=res.label(store, iri, lang), concepts=concepts, **context
        )
    if str(SKOS.Concept) in types:
        page = res.theme_page(store, iri, lang)
        users = [] if page["programmes"] else _members_using(live, iri, lang)
        return render_template("pages/concept.html", page=page, users=users, **context)
    return render_template("pages/resource.html", title=res.label(store, iri, lang), **context)


def _members_using(live: Live, iri: str, lang: str) -> list[dict]:
    found = {
        q.subject.value
        for q in live.store.quads_for_pattern(None, None, ox.NamedNode(iri), res.DEFAULT)
    }
    return [m for m in res.members(live.store, lang) if m["iri"] in found]


def _rows(live: Live, triples: list[ox.Triple], lang: str) -> list[dict]:
    labels: dict[str, str] = {}

    def name(term) -> dict:
        if isinstance(term, ox.NamedNode):
            if term.value not in labels:
                labels[term.value] = curie(term.value) or res.label(live.store, term.value, lang)
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


def _ontology(live: Live, lang: str) -> dict:
    store = live.store
    graph = ox.NamedNode(ONTOLOGY)
    terms = {"classes": [], "properties": []}
    kinds = {
        str(OWL.Class): "classes",
        str(OWL.ObjectProperty): "properties",
        str(OWL.DatatypeProperty): "properties",
        str(OWL.AnnotationProperty): "properties",
    }
    seen = set()
    for q in store.quads_for_pattern(None, ox.NamedNode(str(RDF.type)), None, graph):
        kind = kinds.get(q.object.value)
        term = q.subject.value
        if not kind or not term.startswith(str(HRG)) or term in seen:
            continue
        seen.add(term)
        props = res.outgoing(store, term)
        terms[kind].append(
            {
                "iri": term,
                "name": term[len(str(HRG)) :],
                "label": res.pick(props.get(str(RDFS.label), []), lang),
                "comment": res.pick(props.get(str(RDFS.comment), []), lang),
                "parents": sorted(
                    o.value
                    for p in (RDFS.subClassOf, RDFS.subPropertyOf)
                    for o in props.get(str(p), [])
                    if isinstance(o, ox.NamedNode)
                ),
                "matches": sorted(
                    o.value
                    for p in (SKOS.exactMatch, SKOS.closeMatch, SKOS.relatedMatch)
                    for o in props.get(str(p), [])
                ),
            }
        )
    for kind in terms:
        terms[kind].sort(key=lambda t: t["name"].casefold())
    head = res.outgoing(store, ONTOLOGY)
    return {
        "title": res.pick(head.get("http://purl.org/dc/terms/title", []), lang)
        or "hrgraph ontology",
        "description": res.pick(head.get("http://purl.org/dc/terms/description", []), lang),
        "version": (head.get(str(OWL.versionInfo)) or [ox.Literal("")])[0].value,
        "version_iri": (head.get(str(OWL.versionIRI)) or [ox.Literal("")])[0].value,
        **terms,
    }


def _page_context(live: Live, path: str, lang: str) -> dict:
    doc = "/doc/" + quote(path) if path else request.path
    return {
        "lang": lang,
        "t": translator(lang),
        "languages": [(code, LANGUAGE_NAMES[code]) for code in LANGUAGES],
        "local": lambda iri: local(iri, live),
        "doc": doc,
        "formats": [
            (suffix, media) for suffix, (media, _) in REPRESENTATIONS.items() if suffix != "html"
        ],
        "release": live.release,
    }


def _html_response(html: str, status: int = 200) -> Response:
    response = Response(html, status, mimetype="text/html")
    response.headers["Vary"] = "Accept, Accept-Language"
    return response


# -- indexes ------------------------------------------------------------------------------


@blueprint.route("/members")
def members_index() -> Response:
    live = endpoint().live()
    lang = visitor_language()
    region = request.args.get("region") or None
    country = request.args.get("country") or None
    theme = request.args.get("theme") or None
    found = res.members(live.store, lang, region=region, country=country, theme=theme)
    every = res.members(live.store, lang)
    countries = sorted({m["country_code"] for m in every if m["country_code"]})
    html = render_template(
        "pages/members.html",
        members=found,
        regions=res.concepts(live.store, str(REGIONS).rstrip("/"), lang),
        themes=res.concepts(live.store, THEME_SCHEME, lang),
        countries=countries,
        selected={"region": region, "country": country, "theme": theme},
        **_page_context(live, "", lang),
    )
    return _html_response(html)


@blueprint.route("/themes")
def themes_index() -> Response:
    live = endpoint().live()
    lang = visitor_language()
    counts: dict[str, int] = {}
    for q in live.store.quads_for_pattern(None, ox.NamedNode(str(HRG.theme)), None, res.DEFAULT):
        counts[q.object.value] = counts.get(q.object.value, 0) + 1
    themes = [
        {**c, "programmes": counts.get(c["iri"], 0)}
        for c in res.concepts(live.store, THEME_SCHEME, lang)
    ]
    return _html_response(
        render_template("pages/themes.html", themes=themes, **_page_context(live, "", lang))
    )


@blueprint.route("/search")
def search() -> Response:
    live = endpoint().live()
    lang = visitor_language()
    text = request.args.get("q", "")[:200]
    hits = res.search(live.store, text, lang)
    html = render_template("pages/search.html", q=text, hits=hits, **_page_context(live, "", lang))
    return _html_response(html)


def not_found(path: str) -> Response:
    """404 that helps: suggestions from the last part of the path, and a search box."""
    best = conneg.choose(
        request.headers.get("Accept"), None, ["text/html", "text/plain"], None, "text/html"
    )
    if best != "text/html":
        return plain(404, f"404 Not Found: no resource at /{path}")
    live = endpoint().live()
    lang = visitor_language()
    words = path.rstrip("/").rsplit("/", 1)[-1].replace("-", " ")[:100]
    hits = res.search(live.store, words, lang)[:10] if words else []
    html = render_template(
        "pages/not_found.html", path="/" + path, hits=hits, q=words, **_page_context(live, "", lang)
    )
    return _html_response(html, 404)


# -- dataset description, dumps, health -----------------------------------------------------


@blueprint.route("/void")
@blueprint.route("/.well-known/void")
def void() -> Response:
    live = endpoint().live()
    graph = ox.NamedNode(str(Minter(data_base(live)).void_graph()))
    offered = OFFERED[1:]
    media = conneg.choose(
        request.headers.get("Accept"),
        request.args.getlist("format"),
        offered,
        ALIASES,
        "text/turtle",
    )
    if media is None:
        return plain(
            406, "406 Not Acceptable: the dataset description is available as " + ", ".join(offered)
        )
    quads = live.store.quads_for_pattern(None, None, None, graph)
    triples = sorted((ox.Triple(q.subject, q.predicate, q.object) for q in quads), key=str)
    body = ox.serialize(
        triples, format=REPRESENTATIONS[SUFFIX_OF[media]][1], prefixes=dict(PREFIXES)
    )
    response = Response(body, mimetype=media)
    response.set_etag(live.etag("void", media))
    response.headers["Vary"] = "Accept"
    return response


def _checksums(live: Live) -> dict[str, str]:
    """dump file name -> SHA-256, as the build recorded them."""
    return live.manifest.get("checksums", {})


@blueprint.route("/dumps/")
def dumps_index() -> Response:
    live = endpoint().live()
    lang = visitor_language()
    files = [
        {"name": name, "sha256": digest, "size": (live.path / "dumps" / name).stat().st_size}
        for name, digest in sorted(_checksums(live).items())
    ]
    files.append(
        {
            "name": "SHA256SUMS",
            "sha256": None,
            "size": (live.path / "dumps" / "SHA256SUMS").stat().st_size,
        }
    )
    if (
        conneg.choose(
            request.headers.get("Accept"),
            request.args.getlist("format"),
            ["text/html", "application/json"],
            None,
            "text/html",
        )
        == "application/json"
    ):
        return Response(
            json.dumps({"release": live.release, "files": files}, indent=1),
            mimetype="application/json",
        )
    return _html_response(
        render_template("pages/dumps.html", files=files, **_page_context(live, "", lang))
    )


@blueprint.route("/dumps/<name>")
def dump(name: str) -> Response:
    live = endpoint().live()
    if name not in _checksums(live) and name != "SHA256SUMS":
        abort(404)
    path = live.path / "dumps" / name
    rdf_format = ox.RdfFormat.from_extension(name.rsplit(".", 1)[-1])
    media = rdf_format.media_type if rdf_format else mimetypes.guess_type(name)[0] or "text/plain"
    response = Response(path.read_bytes(), mimetype=media)
    response.charset = "utf-8"
    digest = _checksums(live).get(name)
    response.set_etag(digest or live.etag("dump", name))
    response.headers["Content-Disposition"] = f'inline; filename="{name}"'
    if digest:
        response.headers["Digest"] = "sha-256=" + digest
    return response


@blueprint.route("/healthz")
def healthz() -> Response:
    try:
        live = endpoint().live()
    except Exception as e:  # noqa: BLE001 - health must answer, whatever broke
        body = {"status": "unavailable", "error": str(e)}
        return Response(json.dumps(body), 503, mimetype="application/json")
    manifest = live.manifest
    body = {
        "status": "ok",
        "release": manifest.get("release"),
        "built_at": manifest.get("built_at"),
        "base_uri": manifest.get("base_uri"),
        "triples": manifest.get("triples"),
        "profiles": len(manifest.get("profiles", [])),
        "store": str(live.path / "store"),
    }
    response = Response(json.dumps(body, indent=1), mimetype="application/json")
    response.cache_control.no_cache = True
    return response


def init_app(app) -> None:
    """Register the pages and the helpful 404 (for paths no view claims)."""
    app.register_blueprint(blueprint)
    app.register_error_handler(404, lambda error: not_found(request.path.lstrip("/")))
    app.jinja_env.globals["url_for"] = url_for
