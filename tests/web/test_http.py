"""HTTP details, in-process: conditional requests on every cacheable path, Repr-Digest,
the ontology's version IRI, no build, relative IRIs in queries, what /healthz shows."""

from __future__ import annotations

import base64
import hashlib
import json

import pytest
from rdflib import Graph, Literal, URIRef

from hrgraph.rdf.namespaces import ONTOLOGY
from hrgraph.web.state import BoundedCache

DOC = "/doc/id/territory/fr/gennevilliers"
CACHEABLE = [
    (DOC, {"Accept": "text/turtle"}),
    (DOC, {"Accept": "text/html"}),
    ("/void", {"Accept": "text/turtle"}),
    ("/.well-known/void", {"Accept": "application/ld+json"}),
    ("/dumps/hrgraph.ttl", {}),
    ("/dumps/SHA256SUMS", {}),
    ("/sparql?query=ASK%7B%7D", {}),
    ("/sparql", {"Accept": "text/turtle"}),
]


@pytest.mark.parametrize("path, headers", CACHEABLE, ids=[p + str(h) for p, h in CACHEABLE])
def test_validators_and_304(rich_client, path, headers):
    first = rich_client.request("GET", path, headers=headers)
    assert first.status == 200
    etag, modified = first.header("ETag"), first.header("Last-Modified")
    assert etag and modified
    again = rich_client.request("GET", path, headers={**headers, "If-None-Match": etag})
    assert again.status == 304 and again.body == b""
    assert again.header("ETag") == etag
    # GET compares If-None-Match weakly (RFC 9110 13.1.2): W/"x" matches "x"
    weak = "W/" + etag if not etag.startswith("W/") else etag
    assert (
        rich_client.request("GET", path, headers={**headers, "If-None-Match": weak}).status == 304
    )
    several = f'"other", {etag}'
    assert (
        rich_client.request("GET", path, headers={**headers, "If-None-Match": several}).status
        == 304
    )
    # If-Modified-Since alone is enough; with an If-None-Match that fails, it is ignored
    since = rich_client.request("GET", path, headers={**headers, "If-Modified-Since": modified})
    assert since.status == 304
    both = {**headers, "If-Modified-Since": modified, "If-None-Match": '"stale"'}
    assert rich_client.request("GET", path, headers=both).status == 200
    old = {**headers, "If-Modified-Since": "Mon, 01 Jan 2001 00:00:00 GMT"}
    assert rich_client.request("GET", path, headers=old).status == 200


def test_dumps_carry_repr_digest_in_base64(rich_client):
    listing = json.loads(
        rich_client.request("GET", "/dumps/", headers={"Accept": "application/json"}).body
    )
    for entry in listing["files"]:
        if entry["sha256"] is None:
            continue
        reply = rich_client.request("GET", "/dumps/" + entry["name"])
        raw = hashlib.sha256(reply.body).digest()
        assert reply.header("Repr-Digest") == f"sha-256=:{base64.b64encode(raw).decode()}:"
        assert reply.header("Digest") is None
        assert reply.header("ETag") == f'"{entry["sha256"]}"'
        assert "charset=utf-8" in reply.header("Content-Type")
    assert "Repr-Digest" in rich_client.request("GET", "/dumps/hrgraph.nt").header(
        "Access-Control-Expose-Headers"
    )


def test_dumps_answer_byte_ranges(rich_client):
    whole = rich_client.request("GET", "/dumps/hrgraph.nt").body
    part = rich_client.request("GET", "/dumps/hrgraph.nt", headers={"Range": "bytes=0-99"})
    assert part.status == 206 and part.body == whole[:100]


def test_ontology_version_iri_resolves(rich_client):
    ttl = rich_client.request("GET", "/doc/ontology.ttl")
    graph = Graph().parse(data=ttl.body, format="turtle")
    version = str(graph.value(URIRef(ONTOLOGY), URIRef("http://www.w3.org/2002/07/owl#versionIRI")))
    assert version.startswith(ONTOLOGY + "/")
    path = version.removeprefix("https://w3id.org/hrgraph")
    thing = rich_client.request("GET", path, headers={"Accept": "text/turtle"})
    assert thing.status == 303 and thing.header("Location") == "/doc/ontology"
    assert rich_client.request("GET", "/doc" + path).header("Location") == "/doc/ontology"
    assert rich_client.request("GET", "/doc" + path + ".ttl").header("Location") == (
        "/doc/ontology.ttl"
    )
    assert rich_client.request("GET", "/ontology/9.9.9").status == 404


@pytest.mark.parametrize("accept", ["text/html", "text/turtle", "*/*"])
def test_no_build_is_503_on_every_path(make_client, tmp_path, accept):
    client = make_client(tmp_path)
    for path in ("/nothing-here", "/id/territory/fr/x", "/doc/ontology", "/members", "/void",
                 "/dumps/", "/dumps/hrgraph.ttl", "/sparql?query=ASK%7B%7D&format=json", "/healthz"):  # fmt: skip
        reply = client.request("GET", path, headers={"Accept": accept})
        assert reply.status == 503, (path, reply.status)
        assert str(tmp_path) not in reply.text or path != "/healthz"


def test_healthz_names_the_release_not_the_path(rich_client):
    body = json.loads(rich_client.request("GET", "/healthz").body)
    assert body["status"] == "ok" and body["release"]
    assert "store" not in body
    assert str(rich_client.build_dir) not in json.dumps(body)
    assert not any(isinstance(v, str) and v.startswith("/") for v in body.values())


def test_relative_iris_resolve_against_the_endpoint(client):
    # W3C SPARQL 1.1 Protocol test query_content_type_construct
    reply = client.post_query(
        "CONSTRUCT { <s> <p> 1 } WHERE {}", headers={"Accept": "application/n-triples"}
    )
    assert reply.status == 200, reply.text
    graph = Graph().parse(data=reply.body, format="nt")
    s, p, o = next(iter(graph))
    assert (str(s), str(p), o) == (client.url + "s", client.url + "p", Literal(1))
    based = client.get({"query": "BASE <http://e.example/> SELECT ?x { BIND(<y> AS ?x) }"})
    assert json.loads(based.body)["results"]["bindings"][0]["x"]["value"] == "http://e.example/y"


def test_relative_service_iri_resolves_against_the_endpoint_too(client):
    query = "SELECT * { SERVICE <other/sparql> { ?s ?p ?o } }"
    reply = client.get({"query": query})
    assert reply.status == 403 and "localhost" in reply.text


def test_bounded_cache_keeps_the_newest():
    cache = BoundedCache(3)
    for n in range(10):
        assert cache.get_or_make(n, lambda n=n: n * n) == n * n
    assert len(cache) == 3
    assert cache.get_or_make(9, lambda: "made again") == 81
    assert cache.get_or_make(0, lambda: "made again") == "made again"


def test_service_description_cache_is_bounded(client):
    live = client.app.extensions["hrgraph"].live()
    for n in range(200):
        reply = client.request(
            "GET", "/sparql", headers={"Accept": "text/turtle", "Host": f"h{n}.example"}
        )
        assert reply.status == 200
        assert f"http://h{n}.example/sparql".encode() in reply.body
    assert len(live.cache) <= live.cache.size


def test_indexes_are_made_once_per_release(rich_client):
    live = rich_client.app.extensions["hrgraph"].live()
    for path in ("/members?lang=fr", "/members?lang=fr&region=x", "/nope-gennevillier"):
        rich_client.request("GET", path, headers={"Accept": "text/html"})
    members, search = live.index("members:fr", None), live.index("search", None)
    for path in ("/members?lang=fr", DOC + "?lang=fr", "/nope-rabat", "/search?q=rabat"):
        rich_client.request("GET", path, headers={"Accept": "text/html"})
    assert live.index("members:fr", None) is members and live.index("search", None) is search
