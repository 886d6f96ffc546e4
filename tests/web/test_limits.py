"""Limits (tiny settings), in-process: rows, query length, body size, SERVICE refusals.

The time limit and an allowed SERVICE call need a real server: server/test_time_limit.py."""

from __future__ import annotations

import json

import pytest

CHEAP = "ASK { ?s a hrg:Member }"


def test_rows_are_cut_at_max_rows_with_a_header(tight_client):
    reply = tight_client.get({"query": "SELECT * WHERE { ?s ?p ?o }"})
    assert reply.status == 200
    assert reply.header("X-Hrgraph-Truncated") == "true"
    assert reply.header("X-Hrgraph-Max-Rows") == "3"
    assert len(json.loads(reply.body)["results"]["bindings"]) == 3
    csv = tight_client.get({"query": "SELECT * WHERE { ?s ?p ?o }"}, headers={"Accept": "text/csv"})
    assert len(csv.text.strip().splitlines()) == 1 + 3


def test_results_within_the_limit_are_not_marked(tight_client):
    reply = tight_client.get({"query": "SELECT * WHERE { ?s ?p ?o } LIMIT 3"})
    assert reply.header("X-Hrgraph-Truncated") == "false"
    assert len(json.loads(reply.body)["results"]["bindings"]) == 3


def test_construct_is_cut_too(tight_client):
    reply = tight_client.get(
        {"query": "CONSTRUCT WHERE { ?s ?p ?o }"}, headers={"Accept": "application/n-triples"}
    )
    assert reply.header("X-Hrgraph-Truncated") == "true"
    assert len(reply.text.strip().splitlines()) == 3


def test_query_length_limit(tight_client):
    long_query = "SELECT * WHERE { ?s ?p ?o } #" + "x" * 2000
    for reply in (tight_client.get({"query": long_query}), tight_client.post_query(long_query)):
        assert reply.status == 413
        assert "max_query_chars" in reply.text


def test_body_size_limit(tight_client):
    reply = tight_client.post_form({"query": CHEAP, "padding": "x" * 5000})
    assert reply.status == 413
    assert "max_body_bytes" in reply.text
    assert reply.header("Access-Control-Allow-Origin") == "*"


@pytest.mark.parametrize(
    "query",
    [
        "SELECT * WHERE { SERVICE <http://example.org/sparql> { ?s ?p ?o } }",
        "select * where { service silent <http://example.org/sparql> { ?s ?p ?o } }",
        "SELECT * WHERE { SERVICE ?endpoint { ?s ?p ?o } }",
        "PREFIX ex: <http://example.org/> SELECT * WHERE { SERVICE ex:sparql { ?s ?p ?o } }",
        "SELECT * WHERE { SERVICE <http://localhost/sparql> { ?s ?p ?o } }",
        "SELECT * WHERE { ?s ?p ?o { SELECT * { SERVICE <http://10.0.0.1/> { ?a ?b ?c } } } }",
    ],
)
def test_service_is_refused_unless_allowed(tight_client, query):
    reply = tight_client.get({"query": query})
    assert reply.status == 403, reply.text
    assert "SERVICE" in reply.text


def test_service_word_in_strings_and_comments_is_harmless(tight_client):
    query = """# SERVICE <http://example.org/sparql> { }
    SELECT * WHERE { ?s ?p "SERVICE <http://example.org/>" } LIMIT 1"""
    assert tight_client.get({"query": query}).status == 200


def test_a_verdict_holds_for_its_own_base_only(tight_client):
    """Verdicts are kept per query text and endpoint address: a relative SERVICE IRI
    allowed at one address is refused when the same text reaches another one."""
    query = "SELECT * WHERE { SERVICE SILENT <nowhere> { ?s ?p ?o } }"
    allowed = tight_client.get({"query": query}, headers={"Host": "127.0.0.1:9"})
    assert allowed.status != 403, allowed.text
    for _ in range(2):  # the second time from the kept verdict
        refused = tight_client.get({"query": query}, headers={"Host": "evil.example"})
        assert refused.status == 403 and "evil.example" in refused.text
    again = tight_client.get({"query": query}, headers={"Host": "127.0.0.1:9"})
    assert again.status == allowed.status
