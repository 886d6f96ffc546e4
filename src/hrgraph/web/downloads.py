"""The dataset as a whole: its VoID description and the dump files of the release.

``/void`` (and ``/.well-known/void``) is the VoID graph the build wrote, negotiated
among the RDF document formats; ``/dumps/`` lists the dump files with their SHA-256,
and ``/dumps/<name>`` sends one through Flask's ``send_file`` (conditional requests
and byte ranges) with its digest as ``Repr-Digest`` (RFC 9530).
"""

from __future__ import annotations

import json

import pyoxigraph as ox
from flask import Blueprint, Response, abort, render_template, request, send_file

from hrgraph import formats
from hrgraph.rdf.namespaces import PREFIXES
from hrgraph.rdf.uris import Minter
from hrgraph.release import CHECKSUMS
from hrgraph.web import conneg, pages, representations
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
        representations.RDF_OFFERED,
        representations.RDF_ALIASES,
        formats.get("turtle").media_type,
    )
    if media is None:
        offered = ", ".join(representations.RDF_OFFERED)
        return plain(406, f"406 Not Acceptable: the dataset description is available as {offered}")

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
    return html(render_template("pages/dumps.html", files=files, **pages.context(live, lang)))


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
