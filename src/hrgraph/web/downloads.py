"""The dataset as a whole: its VoID description and the dump files of the release.

``/void`` (and ``/.well-known/void``) is the VoID graph the build wrote, negotiated
among the RDF document formats; ``/dumps/`` lists the dump files with their SHA-256,
and ``/dumps/<name>`` sends one through Flask's ``send_file`` (conditional requests
and byte ranges) with its digest as ``Repr-Digest`` (RFC 9530).
"""

from __future__ import annotations

import json

import pyoxigraph as ox
from babel.units import format_unit
from flask import Blueprint, Response, abort, render_template, request, send_file

from hrgraph import formats
from hrgraph.rdf.namespaces import PREFIXES
from hrgraph.rdf.uris import Minter
from hrgraph.release import CHECKSUMS
from hrgraph.web import conneg, page_data, pages, representations
from hrgraph.web.http import MAX_AGE_S, cacheable, html, plain, repr_digest
from hrgraph.web.i18n import visitor_language
from hrgraph.web.state import current

blueprint = Blueprint("downloads", __name__)


@blueprint.route("/void")
@blueprint.route("/.well-known/void")
def void() -> Response:
    live = current().live()
    media = conneg.choose(
        request.headers.get("Accept"),
        request.args.getlist("format"),
        [*representations.RDF_OFFERED, representations.HTML],  # RDF unless HTML is preferred
        {**representations.RDF_ALIASES, "html": representations.HTML},
        formats.get("turtle").media_type,
    )
    if media is None:
        offered = ", ".join(representations.RDF_OFFERED)
        return plain(406, f"406 Not Acceptable: the dataset description is available as {offered}")
    if media == representations.HTML:
        return void_page(live)

    def body() -> bytes:
        graph = ox.NamedNode(str(Minter(live.base).void_graph()))
        quads = live.store.quads_for_pattern(None, None, None, graph)
        triples = sorted((ox.Triple(q.subject, q.predicate, q.object) for q in quads), key=str)
        rdf = representations.rdf_format(media).ox
        return ox.serialize(triples, format=rdf, prefixes=dict(PREFIXES))

    response = Response(live.cache.get_or_make(("void", media), body), mimetype=media)
    response.charset = "utf-8"
    response.headers["Vary"] = "Accept"
    cacheable(response, live.etag("void", media), live.built_at)
    return response.make_conditional(request)


def void_page(live) -> Response:
    """The dataset's description for people, from the same VoID graph."""
    lang = visitor_language()
    minter = Minter(live.base)
    found = page_data.dataset(live.store, str(minter.dataset()), str(minter.void_graph()), lang)
    page = pages.context(live, lang)
    body = render_template("pages/void.html", void=found, rdf=representations.downloads(), **page)
    response = html(body)
    cacheable(response, live.etag("void", "html", lang), live.built_at)
    response.vary.add("Accept")
    return response.make_conditional(request)


SIZE_UNITS = ("digital-byte", "digital-kilobyte", "digital-megabyte", "digital-gigabyte")


def human_size(size: int, lang: str) -> str:
    """1234567 -> "1.2 MB", "1,2 Mo", "1,2 MB": decimal units, CLDR's words (Babel)."""
    value, unit = float(size), 0
    while value >= 1000 and unit < len(SIZE_UNITS) - 1:
        value, unit = value / 1000, unit + 1
    shown = int(value) if unit == 0 else round(value, 1)
    return format_unit(shown, SIZE_UNITS[unit], length="short", locale=lang)


@blueprint.route("/dumps/")
def dumps_index() -> Response:
    live = current().live()
    names = [*sorted(live.checksums()), CHECKSUMS]
    files = [
        {
            "name": name,
            "sha256": live.checksums().get(name),
            "size": (live.dumps / name).stat().st_size,
        }
        for name in names
    ]
    wanted = conneg.choose(
        request.headers.get("Accept"),
        request.args.getlist("format"),
        ["text/html", "application/json"],
        None,
        "text/html",
    )
    if wanted == "application/json":
        return Response(
            json.dumps({"release": live.release, "files": files}, indent=1),
            mimetype="application/json",
        )
    lang = visitor_language()
    shown = [{**f, "human": human_size(f["size"], lang)} for f in files]
    return html(render_template("pages/dumps.html", files=shown, **pages.context(live, lang)))


@blueprint.route("/dumps/<name>")
def dump(name: str) -> Response:
    live = current().live()
    digest = live.checksums().get(name)
    if digest is None and name != CHECKSUMS:
        abort(404)
    suffix = name.rsplit(".", 1)[-1]
    found = formats.for_suffix(suffix, formats.RDF_FORMATS)
    media = found.media_type if found else "text/plain"
    response = send_file(
        live.dumps / name,
        mimetype=f"{media}; charset=utf-8",
        download_name=name,
        etag=digest or live.etag("dump", name),
        last_modified=live.built_at,
        max_age=MAX_AGE_S,
        conditional=True,
    )
    response.cache_control.public = True
    if digest:
        response.headers["Repr-Digest"] = repr_digest(digest)
    return response
