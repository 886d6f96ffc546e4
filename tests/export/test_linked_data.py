"""The linked-data behaviour of the site, the same against ``hrgraph serve`` and
against nginx over ``hrgraph export-site``: 303s, content negotiation, Vary, Link,
ETags and 304, Cache-Control, VoID, dumps, 404/406, and /sparql behind the proxy."""

from __future__ import annotations

import json

import pytest
import rdflib
from rdflib import URIRef
from rdflib.namespace import OWL, RDF, SKOS

from hrgraph.rdf.namespaces import HRG, VOID

BASE = "https://w3id.org/hrgraph/"
TERRITORY = "id/territory/fr/gennevilliers"
THINGS = {
    TERRITORY: (URIRef(BASE + TERRITORY), RDF.type, HRG.City),
    "id/programme/fr/gennevilliers/espace-sante-jeunes": (
        URIRef(BASE + "id/programme/fr/gennevilliers/espace-sante-jeunes"),
        RDF.type,
        HRG.Programme,
    ),
    "vocab/themes/public-health": (
        URIRef("https://w3id.org/hrgraph/vocab/themes/public-health"),
        RDF.type,
        SKOS.Concept,
    ),
    "ontology": (URIRef("https://w3id.org/hrgraph/ontology"), RDF.type, OWL.Ontology),
}
RDF_TYPES = {
    "text/turtle": ("ttl", "turtle"),
    "application/ld+json": ("jsonld", "json-ld"),
    "application/rdf+xml": ("rdf", "xml"),
    "application/n-triples": ("nt", "nt"),
}
BROWSER = "text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,*/*;q=0.8"


def parse(site, reply, syntax) -> rdflib.Graph:
    graph = rdflib.Graph()
    graph.parse(data=reply.body, format=syntax, publicID=site.url)
    return graph


@pytest.mark.parametrize("path", sorted(THINGS))
def test_a_thing_answers_303_to_its_document(site, path):
    reply = site.request("GET", f"/{path}", headers={"Accept": "text/turtle"})
    assert reply.status == 303
    assert reply.header("Location") == f"/doc/{path}"
    assert "Accept" in reply.header("Vary")
    kept = site.request("GET", f"/{path}?lang=fr")
    assert kept.status == 303 and kept.header("Location") == f"/doc/{path}?lang=fr"


@pytest.mark.parametrize("media", sorted(RDF_TYPES))
@pytest.mark.parametrize("path", sorted(THINGS))
def test_documents_negotiate_rdf(site, path, media):
    suffix, syntax = RDF_TYPES[media]
    reply = site.request("GET", f"/doc/{path}", headers={"Accept": media})
    assert reply.status == 200, reply.text[:200]
    assert reply.header("Content-Type").split(";")[0] == media
    assert reply.header("Content-Location") == f"/doc/{path}.{suffix}"
    assert reply.header("Vary") == "Accept, Accept-Language"
    links = reply.header("Link")
    assert f"</doc/{path}.html>" in links and f"</doc/{path}.{suffix}>" not in links
    assert reply.header("ETag") and reply.header("Last-Modified")
    assert "max-age=" in reply.header("Cache-Control")
    assert reply.header("Access-Control-Allow-Origin") == "*"
    assert THINGS[path] in parse(site, reply, syntax)


def test_a_browser_gets_the_page_in_its_language(site):
    fr = site.request(
        "GET",
        f"/doc/{TERRITORY}",
        headers={"Accept": BROWSER, "Accept-Language": "fr-FR,fr;q=0.9,en;q=0.5"},
    )
    assert fr.status == 200 and fr.header("Content-Type").startswith("text/html")
    assert (
        '<html lang="fr"' in fr.text and fr.header("Content-Location") == f"/doc/{TERRITORY}.html"
    )
    es = site.request(
        "GET", f"/doc/{TERRITORY}?lang=es", headers={"Accept": BROWSER, "Accept-Language": "fr"}
    )
    assert '<html lang="es"' in es.text
    default = site.request("GET", f"/doc/{TERRITORY}")
    assert default.status == 200 and '<html lang="en"' in default.text
    explicit = site.request("GET", f"/doc/{TERRITORY}.html", headers={"Accept-Language": "es"})
    assert '<html lang="es"' in explicit.text and explicit.header("Content-Location") is None


@pytest.mark.parametrize("path", ["/", "/void", "/members", "/themes", "/map", "/charts"])
def test_a_browser_gets_the_sites_pages_in_its_language(site, path):
    for lang in ("fr", "es"):
        reply = site.request("GET", path, headers={"Accept": BROWSER, "Accept-Language": lang})
        assert reply.status == 200 and reply.header("Content-Type").startswith("text/html"), path
        assert f'<html lang="{lang}"' in reply.text, (path, lang)


def test_the_query_page_answers_from_the_application(site):
    reply = site.request("GET", "/query", headers={"Accept": BROWSER})
    assert reply.status == 200 and "/static/" in reply.text


def test_format_parameter_and_suffix_ask_explicitly(site):
    by_name = site.request(
        "GET", f"/doc/{TERRITORY}", params={"format": "ttl"}, headers={"Accept": BROWSER}
    )
    assert by_name.header("Content-Type").startswith("text/turtle")
    by_type = site.request("GET", f"/doc/{TERRITORY}", params={"format": "application/n-triples"})
    assert by_type.header("Content-Type").startswith("application/n-triples")
    suffix = site.request("GET", f"/doc/{TERRITORY}.nt", headers={"Accept": "text/turtle"})
    assert suffix.status == 200 and suffix.header("Content-Type").startswith(
        "application/n-triples"
    )
    assert suffix.header("Content-Location") is None
    assert suffix.header("Vary") == "Accept, Accept-Language"


def test_revalidation_answers_304(site):
    first = site.request("GET", f"/doc/{TERRITORY}.ttl")
    etag = first.header("ETag")
    again = site.request("GET", f"/doc/{TERRITORY}.ttl", headers={"If-None-Match": etag})
    assert again.status == 304 and again.body == b""
    since = site.request(
        "GET", f"/doc/{TERRITORY}.ttl", headers={"If-Modified-Since": first.header("Last-Modified")}
    )
    assert since.status == 304


def test_unknown_and_unacceptable(site):
    assert site.request("GET", "/id/territory/fr/nowhere-at-all").status == 404
    assert site.request("GET", "/doc/id/territory/fr/nowhere-at-all.ttl").status == 404
    assert site.request("GET", f"/doc/{TERRITORY}", headers={"Accept": "image/png"}).status == 406
    assert site.request("GET", f"/doc/{TERRITORY}", params={"format": "pdf"}).status == 406


@pytest.mark.parametrize("path", ["/void", "/.well-known/void"])
def test_the_dataset_description(site, path):
    reply = site.request("GET", path, headers={"Accept": "text/turtle"})
    assert reply.status == 200 and reply.header("Content-Type").startswith("text/turtle")
    graph = parse(site, reply, "turtle")
    assert (URIRef(BASE + "id/dataset"), RDF.type, VOID.Dataset) in graph
    assert "Accept" in reply.header("Vary")


def test_dumps_are_the_builds_files(site, build_dir):
    from hrgraph.release import current_release

    dumps = current_release(build_dir).dumps
    reply = site.request("GET", "/dumps/hrgraph.nt")
    assert reply.status == 200 and reply.body == (dumps / "hrgraph.nt").read_bytes()
    assert reply.header("Content-Type").startswith("application/n-triples")
    listing = site.request("GET", "/dumps/", headers={"Accept": "application/json"})
    names = {f["name"] for f in json.loads(listing.body)["files"]}
    assert "hrgraph.nt" in names and "SHA256SUMS" in names


def test_sparql_is_answered_by_the_application(site):
    reply = site.get(
        {"query": "SELECT ?m WHERE { ?m a hrg:City }"},
        headers={"Accept": "application/sparql-results+json"},
    )
    assert reply.status == 200
    cities = {b["m"]["value"] for b in json.loads(reply.body)["results"]["bindings"]}
    assert BASE + TERRITORY in cities
    assert site.get({"query": "CLEAR ALL"}).status in (400, 403)


def test_the_query_page_and_its_assets(site):
    page = site.request("GET", "/", headers={"Accept": BROWSER})
    assert page.status == 200 and "text/html" in page.header("Content-Type")
    assert site.request("GET", "/static/query.js").status == 200


def test_nginx_sends_the_same_documents_as_the_application(served, nginx_site):
    for path in sorted(THINGS):
        for suffix in ("ttl", "nt", "rdf"):
            here = served.request("GET", f"/doc/{path}.{suffix}")
            there = nginx_site.request("GET", f"/doc/{path}.{suffix}")
            assert there.body == here.body, (path, suffix)


def test_the_sitemap_lists_every_document(nginx_site):
    reply = nginx_site.request("GET", "/sitemap.xml")
    assert reply.status == 200
    for path in THINGS:
        assert f"{nginx_site.url}doc/{path}</loc>" in reply.text
    assert "Sitemap:" in nginx_site.request("GET", "/robots.txt").text
