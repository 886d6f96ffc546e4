"""Limits on the real server (tiny settings): time, rows, query length, body size, SERVICE."""

from __future__ import annotations

import json
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

# A cross product of every triple with every triple with every triple: hours of work.
SLOW = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
CHEAP = "ASK { ?s a hrg:Member }"


def test_timeout_answers_503_stops_the_evaluation_and_others_are_served(tight_server):
    before = tight_server.workers()
    assert len(before) == 2
    served = []
    with ThreadPoolExecutor(1) as pool:
        slow = pool.submit(tight_server.post_query, SLOW)
        for _ in range(500):  # others keep being answered while the slow query runs
            if slow.done():
                break
            served.append(tight_server.get({"query": CHEAP}).status)
        reply = slow.result()
    assert reply.status == 503, reply.text
    assert "time limit" in reply.text and "query_timeout_s" in reply.text
    assert reply.header("Access-Control-Allow-Origin") == "*"
    assert served and set(served) == {200}
    # The worker that evaluated it is gone (and the runaway evaluation with it); a new
    # worker has taken its place.
    for _ in range(200):
        after = tight_server.workers()
        if len(after) == 2 and after != before:
            break
        time.sleep(0.05)
    assert len(after) == 2 and after != before
    gone = before - after
    assert len(gone) == 1 and not Path(f"/proc/{gone.pop()}").exists()
    assert tight_server.get({"query": CHEAP}).status == 200


def test_rows_are_cut_at_max_rows_with_a_header(tight_server):
    reply = tight_server.get({"query": "SELECT * WHERE { ?s ?p ?o }"})
    assert reply.status == 200
    assert reply.header("X-Hrgraph-Truncated") == "true"
    assert reply.header("X-Hrgraph-Max-Rows") == "3"
    assert len(json.loads(reply.body)["results"]["bindings"]) == 3
    csv = tight_server.get({"query": "SELECT * WHERE { ?s ?p ?o }"}, headers={"Accept": "text/csv"})
    assert len(csv.text.strip().splitlines()) == 1 + 3


def test_results_within_the_limit_are_not_marked(tight_server):
    reply = tight_server.get({"query": "SELECT * WHERE { ?s ?p ?o } LIMIT 3"})
    assert reply.header("X-Hrgraph-Truncated") == "false"
    assert len(json.loads(reply.body)["results"]["bindings"]) == 3


def test_construct_is_cut_too(tight_server):
    reply = tight_server.get(
        {"query": "CONSTRUCT WHERE { ?s ?p ?o }"}, headers={"Accept": "application/n-triples"}
    )
    assert reply.header("X-Hrgraph-Truncated") == "true"
    assert len(reply.text.strip().splitlines()) == 3


def test_query_length_limit(tight_server):
    long_query = "SELECT * WHERE { ?s ?p ?o } #" + "x" * 2000
    for reply in (tight_server.get({"query": long_query}), tight_server.post_query(long_query)):
        assert reply.status == 413
        assert "max_query_chars" in reply.text


def test_body_size_limit(tight_server):
    reply = tight_server.post_form({"query": CHEAP, "padding": "x" * 5000})
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
def test_service_is_refused_unless_allowed(tight_server, query):
    reply = tight_server.get({"query": query})
    assert reply.status == 403, reply.text
    assert "SERVICE" in reply.text


def test_service_word_in_strings_and_comments_is_harmless(tight_server):
    query = """# SERVICE <http://example.org/sparql> { }
    SELECT * WHERE { ?s ?p "SERVICE <http://example.org/>" } LIMIT 1"""
    assert tight_server.get({"query": query}).status == 200


def test_allowlisted_service_is_called(tight_server):
    # 127.0.0.1 is allowlisted on this server: a federated query to itself.
    query = (
        f"SELECT ?m WHERE {{ SERVICE <http://127.0.0.1:{tight_server.port}/sparql> "
        "{ ?m a <https://w3id.org/hrgraph/ontology#Member> } }"
    )
    reply = tight_server.get({"query": query})
    assert reply.status == 200, reply.text
    members = [b["m"]["value"] for b in json.loads(reply.body)["results"]["bindings"]]
    assert members and all(m.startswith("https://w3id.org/hrgraph/id/") for m in members)
