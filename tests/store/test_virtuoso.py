"""The Virtuoso the tests start behaves as the Graph Store Protocol code expects:
Digest only on the write endpoint, 201 then 200 for PUT, 404 deleting a missing graph,
and a user other than dba needs the SPARQL_UPDATE role."""

from __future__ import annotations

import httpx
import pytest

from engines import DBA, running_virtuoso

TRIPLES = b'<http://example.org/a> <http://example.org/b> "x"@EN .\n'
NT = {"Content-Type": "application/n-triples"}


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    with running_virtuoso(tmp_path_factory.mktemp("virtuoso-gsp")) as server:
        yield server


def put(store, graph, auth):
    return httpx.put(
        store.graph_store, params={"graph": graph}, content=TRIPLES, headers=NT, auth=auth
    )


def test_digest_writes_basic_does_not(store):
    graph = "http://example.org/graph/digest"
    assert put(store, graph, httpx.BasicAuth(*DBA)).status_code == 401
    assert put(store, graph, httpx.DigestAuth(*DBA)).status_code == 201
    assert put(store, graph, httpx.DigestAuth(*DBA)).status_code == 200
    challenge = httpx.put(store.graph_store, params={"graph": graph}, content=TRIPLES, headers=NT)
    assert challenge.headers["WWW-Authenticate"].startswith("Digest ")
    gone = httpx.delete(
        store.graph_store, params={"graph": graph + "/none"}, auth=httpx.DigestAuth(*DBA)
    )
    assert gone.status_code == 404
    # language tags come back in lower case
    answer = httpx.get(
        store.endpoint,
        params={"query": f"SELECT ?o WHERE {{ GRAPH <{graph}> {{ ?s ?p ?o }} }}"},
        headers={"Accept": "application/sparql-results+json"},
    ).json()
    assert answer["results"]["bindings"][0]["o"]["xml:lang"] == "en"


def test_another_user_needs_the_update_role(store):
    store.sql("DB.DBA.USER_CREATE('reader', 'secret')")
    graph = "http://example.org/graph/reader"
    assert put(store, graph, httpx.DigestAuth("reader", "secret")).status_code == 403
    store.sql('GRANT SPARQL_UPDATE TO "reader"')
    assert put(store, graph, httpx.DigestAuth("reader", "secret")).status_code == 201
