"""Dereferenceable URIs: every IRI the graph mints answers in HTML and RDF.

The pattern is the one of "Cool URIs for the Semantic Web" for things that are not
documents: ``/id/...``, ``/vocab/...``, ``/ontology`` and ``/graph/...`` answer
``303 See Other`` to their document ``/doc/<same path>``, which negotiates its
representation (HTML for people; Turtle, JSON-LD, RDF/XML or N-Triples for programs)
and names the chosen one in ``Content-Location``. ``/doc/<path>.ttl`` (``.jsonld``,
``.rdf``, ``.nt``, ``.html``) asks for one representation explicitly. Each document
sends ``Vary: Accept, Accept-Language`` and ``Link`` headers to the others.

Each request takes Trifid's four steps: does the store know the IRI (else 404)? is
it one that redirects (a thing to its document; the ontology's version IRI to the
ontology; a replaced URI, ``dct:isReplacedBy``, 301 to its successor) or is gone (a
deprecated URI, ``owl:deprecated``: 410 with the recorded reason)? describe it;
render that one description as RDF or as HTML.
"""

from __future__ import annotations

import json

import pyoxigraph as ox
from flask import Blueprint, Response, redirect, render_template, request

from hrgraph import release
from hrgraph.rdf.namespaces import DCTERMS, FOAF, ONTOLOGY, OWL, PREFIXES, RDF, SKOS, VOID, XSD
from hrgraph.rdf.serialize import jsonld_document
from hrgraph.rdf.uris import Minter, iri_for_path, path_for_iri
from hrgraph.web import conneg, pages, representations
from hrgraph.web.description import DEFAULT, N, describe, exists, link_labels
from hrgraph.web.http import cacheable, plain, unchanged
from hrgraph.web.i18n import visitor_language
from hrgraph.web.representations import doc_path
from hrgraph.web.state import LiveRelease, current

blueprint = Blueprint("documents", __name__)


def _canonical(live: LiveRelease, iri: str) -> str | None:
    """The IRI whose document answers for ``iri``: itself, the ontology for one of its
    version IRIs, or None when the store does not know it (or it is no IRI at all:
    a path may hold characters an IRI cannot)."""
    try:
        node = N(iri)
    except ValueError:
        return None
    if ox.Quad(N(ONTOLOGY), N(OWL.versionIRI), node, DEFAULT) in live.store:
        return ONTOLOGY
    return iri if exists(live.store, iri) else None


TRUE = ox.Literal("true", datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#boolean"))


def _retired(live: LiveRelease, iri: str, doc: bool, suffix: str = "") -> Response | None:
    """301 to the successor of a replaced URI, 410 for a deprecated one, else None.

    Both are recorded in ``data/uri-changes.csv`` and built into the changes graph."""
    node = N(iri)
    for q in live.store.quads_for_pattern(node, N(DCTERMS.isReplacedBy), None, DEFAULT):
        path = path_for_iri(q.object.value, live.base)
        if path is None:
            location = q.object.value
        else:
            location = doc_path(path) + (f".{suffix}" if suffix else "") if doc else "/" + path
        query = request.query_string.decode("latin-1")
        response = redirect(location + ("?" + query if query else ""), code=301)
        response.headers["Link"] = f'<{q.object.value}>; rel="successor-version"'
        return response
    if ox.Quad(node, N(OWL.deprecated), TRUE, DEFAULT) not in live.store:
        return None
    reasons = sorted(
        q.object.value
        for q in live.store.quads_for_pattern(node, N(SKOS.changeNote), None, DEFAULT)
    )
    reason = " ".join(reasons) or "This URI has been withdrawn."
    offered = [representations.HTML, "text/plain"]
    if conneg.negotiate(request.headers.get("Accept"), offered) == representations.HTML:
        lang = visitor_language()
        body = render_template(
            "pages/gone.html", iri=iri, reason=reason, **pages.context(live, lang)
        )
        response = Response(body, status=410, mimetype=representations.HTML)
    else:
        response = plain(410, f"410 Gone: {iri}\n{reason}")
    response.headers["Cache-Control"] = "public, max-age=3600"
    response.headers["Vary"] = "Accept, Accept-Language"
    return response


# -- things: 303 to their document ------------------------------------------------------


@blueprint.route("/id/<path:rest>")
@blueprint.route("/vocab/<path:rest>", defaults={"root": "vocab/"})
@blueprint.route("/graph/<path:rest>", defaults={"root": "graph/"})
@blueprint.route("/ontology/<path:rest>", defaults={"root": "ontology/"})
@blueprint.route("/ontology", defaults={"rest": "", "root": "ontology"})
def thing(rest: str, root: str = "id/") -> Response:
    path = root + rest
    live = current().live()
    iri = iri_for_path(path, live.base)
    target = _canonical(live, iri) if iri else None
    if target is None:
        return pages.not_found(path)
    if (retired := _retired(live, target, doc=False)) is not None:
        return retired
    query = request.query_string.decode("latin-1")
    location = doc_path(path_for_iri(target, live.base)) + ("?" + query if query else "")
    response = redirect(location, code=303)
    response.headers["Vary"] = "Accept"
    return response


# -- documents ----------------------------------------------------------------------------


@blueprint.route("/doc/<path:path>")
def document(path: str) -> Response:
    live = current().live()
    explicit = None
    stem, dot, suffix = path.rpartition(".")
    if dot and suffix in representations.SUFFIXES and iri_for_path(stem, live.base):
        path, explicit = stem, representations.SUFFIXES[suffix]
    iri = iri_for_path(path, live.base)
    target = _canonical(live, iri) if iri else None
    if target is None:
        return pages.not_found(path)
    if (retired := _retired(live, target, doc=True, suffix=suffix if explicit else "")) is not None:
        return retired
    if target != iri:  # the document of another IRI answers for this one
        location = doc_path(path_for_iri(target, live.base)) + (f".{suffix}" if explicit else "")
        return redirect(location, code=303)
    media = explicit or conneg.choose(
        request.headers.get("Accept"),
        request.args.getlist("format"),
        representations.OFFERED,
        representations.ALIASES,
        representations.HTML,
    )
    if media is None:
        offered = ", ".join(representations.OFFERED)
        return plain(406, f"406 Not Acceptable: this document is available as {offered}")
    lang = visitor_language()
    # JSON-LD references the context on the server that answers: its address is part of it
    varies = lang if media == representations.HTML else request.url_root
    etag = live.etag("doc", path, media, varies)
    if unchanged(etag, live.built_at):
        return _document_headers(Response(status=304), path, media, etag, live, explicit)
    description = describe(live.store, iri)
    if media == representations.HTML:
        response = Response(pages.render(live, description, path, lang), mimetype=media)
    else:
        triples = [
            *description.triples,
            *link_labels(live.store, description),
            *_about(live, path, iri),
        ]
        fmt = representations.rdf_format(media)
        if fmt.name == "jsonld":
            context = request.url_root + f"{release.DUMPS}/{release.JSONLD_CONTEXT}"
            document = jsonld_document(triples, context_url=context)
            body = json.dumps(document, indent=1, ensure_ascii=False, sort_keys=True) + "\n"
        else:
            body = ox.serialize(triples, format=fmt.ox, prefixes=dict(PREFIXES))
        response = Response(body, mimetype=media)
        response.charset = "utf-8"
    return _document_headers(response, path, media, etag, live, explicit)


def _about(live: LiveRelease, path: str, iri: str) -> list[ox.Triple]:
    """What a document says of itself: what it is about, its dataset, licence and date.

    Its IRI hangs off the data base (``{base}doc/<path>``), as the things' IRIs do."""
    minter = Minter(live.base)
    doc, dataset = N(live.base + doc_path(path)[1:]), N(minter.dataset())
    about = [
        ox.Triple(doc, N(RDF.type), N(FOAF.Document)),
        ox.Triple(doc, N(FOAF.primaryTopic), N(iri)),
        ox.Triple(doc, N(VOID.inDataset), dataset),
    ]
    for q in live.store.quads_for_pattern(
        dataset, N(DCTERMS.license), None, N(minter.void_graph())
    ):
        about.append(ox.Triple(doc, N(DCTERMS.license), q.object))
    if live.built_at is not None:
        when = live.built_at.isoformat(timespec="seconds")
        about.append(
            ox.Triple(doc, N(DCTERMS.modified), ox.Literal(when, datatype=N(XSD.dateTime)))
        )
    return about


def _document_headers(response, path, media, etag, live, explicit) -> Response:
    doc = doc_path(path)
    cacheable(response, etag, live.built_at)
    response.headers["Vary"] = "Accept, Accept-Language"
    if not explicit:
        response.headers["Content-Location"] = f"{doc}.{representations.SUFFIX_OF[media]}"
    response.headers["Link"] = ", ".join(
        f'<{doc}.{suffix}>; rel="alternate"; type="{m}"'
        for suffix, m in representations.SUFFIXES.items()
        if m != media
    )
    return response
