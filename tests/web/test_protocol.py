"""The SPARQL 1.1 Protocol, in-process: request styles, graphs, errors, conneg, caching."""

from __future__ import annotations

import json
import re

import pyoxigraph as ox
import pytest
from rdflib import Graph, URIRef
from rdflib.namespace import RDF

from hrgraph.rdf.namespaces import SD

MEMBERS = "SELECT ?m WHERE { ?m a hrg:Member } ORDER BY ?m"
GRAPHS = "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } } ORDER BY ?g"
GENNEVILLIERS = "https://w3id.org/hrgraph/graph/fr/gennevilliers"
RABAT_EN = "https://w3id.org/hrgraph/graph/en/rabat"
JSON = "application/sparql-results+json"


def values(reply, var: str) -> list[str]:
    assert reply.status == 200, reply.text
    data = json.loads(reply.body)
    return [b[var]["value"] for b in data["results"]["bindings"] if var in b]


# The three request styles give the same answer.


def test_three_request_styles_agree(client):
    by_get = values(client.get({"query": MEMBERS}), "m")
    by_form = values(client.post_form({"query": MEMBERS}), "m")
    by_body = values(client.post_query(MEMBERS), "m")
    assert by_get == by_form == by_body
    assert len(by_get) >= 3  # gennevilliers, gwangju, rabat


def test_default_graph_is_the_union_and_graph_reaches_each_profile(client):
    graphs = values(client.get({"query": GRAPHS}), "g")
    assert GENNEVILLIERS in graphs and "https://w3id.org/hrgraph/ontology" in graphs
    count = values(client.get({"query": "SELECT (COUNT(*) AS ?n) { ?s ?p ?o }"}), "n")
    assert int(count[0]) > 1000


def test_default_graph_uri_restricts_the_default_graph(client):
    query = "SELECT DISTINCT ?m WHERE { ?m a hrg:Member }"
    only = values(client.get({"query": query, "default-graph-uri": GENNEVILLIERS}), "m")
    assert only == ["https://w3id.org/hrgraph/id/territory/fr/gennevilliers"]
    both = values(
        client.post_form({"query": query, "default-graph-uri": [GENNEVILLIERS, RABAT_EN]}), "m"
    )
    assert len(both) == 2


def test_named_graph_uri_limits_what_graph_sees(client):
    reply = client.post_query(GRAPHS, params={"named-graph-uri": RABAT_EN})
    assert values(reply, "g") == [RABAT_EN]


def test_invalid_graph_iri_is_400(client):
    reply = client.get({"query": MEMBERS, "default-graph-uri": "not an iri"})
    assert reply.status == 400


# Strict protocol errors.


@pytest.mark.parametrize(
    "call",
    [
        lambda s: s.get({"query": [MEMBERS, MEMBERS]}),
        lambda s: s.post_form({"query": [MEMBERS, MEMBERS]}),
        lambda s: s.post_form({"query": MEMBERS}, params={"query": MEMBERS}),
        lambda s: s.post_query(MEMBERS, params={"query": MEMBERS}),
        lambda s: s.post_form({"format": "json"}),
        lambda s: s.get({"query": "   "}),
        lambda s: s.request("POST", body=MEMBERS.encode()),
        lambda s: s.request(
            "POST", body=b"\xff\xfe", headers={"Content-Type": "application/sparql-query"}
        ),
    ],
    ids=[
        "dup-get",
        "dup-form",
        "url-and-form",
        "url-and-body",
        "form-none",
        "blank",
        "no-type",
        "not-utf8",
    ],
)
def test_malformed_requests_are_400(client, call):
    reply = call(client)
    assert reply.status == 400, reply.text
    assert reply.header("Content-Type").startswith("text/plain")
    assert reply.header("Access-Control-Allow-Origin") == "*"


def test_wrong_content_type_is_415(client):
    reply = client.request(
        "POST", body=MEMBERS.encode(), headers={"Content-Type": "application/json"}
    )
    assert reply.status == 415
    assert "application/sparql-query" in reply.text


def test_syntax_error_is_400_and_says_where(client):
    reply = client.get({"query": "SELECT ?s WHERE {\n  ?s ?p \n}"})
    assert reply.status == 400
    assert re.search(r"\b3:\d+", reply.text)  # line 3: the } where an object was expected


def test_other_methods_are_405(client):
    assert client.request("PUT", body=b"x").status == 405
    assert client.request("DELETE").status == 405


def test_unknown_path_is_404_with_cors(client):
    reply = client.request("GET", "/nothing-here")
    assert reply.status == 404
    assert reply.header("Access-Control-Allow-Origin") == "*"


# Read-only.


@pytest.mark.parametrize(
    "update",
    [
        "INSERT DATA { <http://e/s> <http://e/p> <http://e/o> }",
        "# a comment first\nPREFIX e: <http://e/>\ndelete where { ?s ?p ?o }",
        "LOAD <http://example.org/data.ttl>",
        "CLEAR ALL",
        "DROP GRAPH <https://w3id.org/hrgraph/ontology>",
        "CREATE GRAPH <http://e/g>",
        "WITH <http://e/g> DELETE { ?s ?p ?o } WHERE { ?s ?p ?o }",
    ],
)
def test_updates_in_query_are_403(client, update):
    for reply in (client.get({"query": update}), client.post_query(update)):
        assert reply.status == 403, reply.text
        assert "read-only" in reply.text


def test_update_operation_is_403(client):
    update = "CLEAR ALL"
    assert client.post_form({"update": update}).status == 403
    assert client.get({"update": update}).status == 403
    reply = client.request(
        "POST", body=update.encode(), headers={"Content-Type": "application/sparql-update"}
    )
    assert reply.status == 403
    # and nothing was cleared
    assert len(values(client.get({"query": MEMBERS}), "m")) >= 3


# Content negotiation.


@pytest.mark.parametrize(
    ("accept", "expected"),
    [
        (None, JSON),
        ("*/*", JSON),
        ("text/csv", "text/csv"),
        ("application/sparql-results+xml", "application/sparql-results+xml"),
        ("text/csv;q=0.5, text/tab-separated-values;q=0.9", "text/tab-separated-values"),
        ("text/*;q=0.8, application/sparql-results+json;q=0.2", "text/csv"),
        ("*/*;q=0.1, text/csv;q=0", JSON),
        ("application/*, application/sparql-results+json;q=0", "application/sparql-results+xml"),
        ("text/html, */*;q=0.8", JSON),
        ("text/csv;charset=utf-8", "text/csv"),
    ],
)
def test_select_conneg(client, accept, expected):
    headers = {"Accept": accept} if accept else {}
    reply = client.get({"query": MEMBERS}, headers=headers)
    assert reply.status == 200, reply.text
    assert reply.header("Content-Type").split(";")[0] == expected
    assert "Accept" in reply.header("Vary")


@pytest.mark.parametrize(
    ("accept", "expected"),
    [
        (None, "text/turtle"),
        ("application/n-triples", "application/n-triples"),
        ("application/rdf+xml;q=0.9, application/ld+json", "application/ld+json"),
        ("application/trig", "application/trig"),
        ("application/n-quads", "application/n-quads"),
        ("text/turtle;q=0, */*", "application/n-triples"),
    ],
)
def test_construct_conneg(client, accept, expected):
    query = "CONSTRUCT WHERE { ?m a hrg:Member ; schema:name ?n }"
    headers = {"Accept": accept} if accept else {}
    reply = client.get({"query": query}, headers=headers)
    assert reply.status == 200, reply.text
    assert reply.header("Content-Type").split(";")[0] == expected
    dataset = ox.Dataset(ox.parse(reply.body, ox.RdfFormat.from_media_type(expected)))
    assert len(dataset) >= 6


@pytest.mark.parametrize(
    ("query", "accept"),
    [
        (MEMBERS, "text/turtle"),
        (MEMBERS, "application/sparql-results+json;q=0, text/html"),
        ("CONSTRUCT WHERE { ?s a hrg:Member }", "application/sparql-results+json"),
        ("ASK { ?s ?p ?o }", "image/png"),
    ],
)
def test_nothing_acceptable_is_406(client, query, accept):
    reply = client.get({"query": query}, headers={"Accept": accept})
    assert reply.status == 406
    assert reply.header("Access-Control-Allow-Origin") == "*"


def test_format_parameter_overrides_accept(client):
    reply = client.get({"query": MEMBERS, "format": "csv"}, headers={"Accept": JSON})
    assert reply.header("Content-Type").startswith("text/csv")
    assert reply.text.splitlines()[0] == "m"
    graph = client.post_form({"query": "DESCRIBE ?m WHERE { ?m a hrg:Member }", "format": "json"})
    assert graph.header("Content-Type").startswith("application/ld+json")
    assert client.get({"query": MEMBERS, "format": "turtle"}).status == 406
    assert client.get({"query": MEMBERS, "format": "text/tab-separated-values"}).status == 200


def test_ask(client):
    reply = client.get({"query": "ASK { ?m a hrg:Member }"})
    assert json.loads(reply.body) == {"head": {}, "boolean": True}
    reply = client.get(
        {"query": "ASK { ?m a hrg:Nothing }"}, headers={"Accept": "application/sparql-results+xml"}
    )
    assert b"<boolean>false</boolean>" in reply.body


# Service description and page.


def test_service_description_for_rdf_clients(client):
    reply = client.get(headers={"Accept": "text/turtle"})
    assert reply.status == 200
    graph = Graph().parse(data=reply.text, format="turtle")
    service = next(graph.subjects(RDF.type, SD.Service))
    assert graph.value(service, SD.endpoint) == URIRef(client.endpoint)
    assert (service, SD.supportedLanguage, SD.SPARQL11Query) in graph
    assert len(list(graph.objects(service, SD.resultFormat))) == 10
    names = {str(n) for n in graph.objects(None, SD.name)}
    assert GENNEVILLIERS in names and RABAT_EN in names
    other = client.get(headers={"Accept": "application/ld+json"})
    assert other.header("Content-Type").startswith("application/ld+json")


def test_browsers_get_the_query_page(client):
    accept = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"
    for path in ("/query", "/sparql"):
        reply = client.request("GET", path, headers={"Accept": accept})
        assert reply.status == 200
        assert reply.header("Content-Type").startswith("text/html")
        assert "yasgui" in reply.text
        assert "https://cdn" not in reply.text and "unpkg" not in reply.text


# CORS and caching.


def test_cors_on_results_and_errors(client):
    ok = client.get({"query": MEMBERS}, headers={"Origin": "https://elsewhere.example"})
    bad = client.get({"query": "SELECT"}, headers={"Origin": "https://elsewhere.example"})
    for reply in (ok, bad):
        assert reply.header("Access-Control-Allow-Origin") == "*"
        assert "X-Hrgraph-Truncated" in reply.header("Access-Control-Expose-Headers")


def test_cors_preflight(client):
    reply = client.request(
        "OPTIONS",
        headers={
            "Origin": "https://elsewhere.example",
            "Access-Control-Request-Method": "POST",
            "Access-Control-Request-Headers": "Content-Type, Authorization",
        },
    )
    assert reply.status == 204
    assert reply.header("Access-Control-Allow-Origin") == "*"
    assert "POST" in reply.header("Access-Control-Allow-Methods")
    assert reply.header("Access-Control-Allow-Headers") == "Content-Type, Authorization"


def test_etag_and_304(client):
    first = client.get({"query": MEMBERS})
    etag = first.header("ETag")
    assert etag and first.header("Last-Modified")
    again = client.get({"query": MEMBERS}, headers={"If-None-Match": etag})
    assert again.status == 304 and again.body == b""
    assert again.header("ETag") == etag
    assert again.header("Access-Control-Allow-Origin") == "*"
    since = client.get(
        {"query": MEMBERS}, headers={"If-Modified-Since": first.header("Last-Modified")}
    )
    assert since.status == 304
    # another representation has another tag
    csv = client.get({"query": MEMBERS}, headers={"Accept": "text/csv", "If-None-Match": etag})
    assert csv.status == 200 and csv.header("ETag") != etag
    # POST is never answered 304
    assert client.post_query(MEMBERS, headers={"If-None-Match": etag}).status == 200


def test_head(client):
    reply = client.request("HEAD", "/sparql?query=ASK%7B%7D")
    assert reply.status == 200 and reply.body == b""
    assert reply.header("ETag")
