"""``hrgraph serve --backend URL``: the same endpoint over a real Virtuoso, and remote
failures that come back as 502/504 with a message instead of a hang."""

from __future__ import annotations

import socket

import pytest
from SPARQLWrapper import JSON, SPARQLWrapper

from engines import free_port
from web.server.conftest import running

from .test_backends import published  # noqa: F401  (the Virtuoso fixture)

QUERY = "SELECT ?m ?name WHERE { ?m a hrg:City ; schema:name ?name } ORDER BY ?m"


def bindings(endpoint: str, query: str = QUERY) -> list:
    sparql = SPARQLWrapper(endpoint)
    sparql.setReturnFormat(JSON)
    sparql.setMethod("POST")
    sparql.setQuery(query)
    return sparql.queryAndConvert()["results"]["bindings"]


def test_the_site_answers_sparql_from_virtuoso(build_dir, published, tmp_path):  # noqa: F811
    (tmp_path / "embedded").mkdir()
    with running(build_dir, tmp_path / "embedded") as here:
        expected = bindings(here.endpoint)
    (tmp_path / "remote").mkdir()
    with running(build_dir, tmp_path / "remote", backend=published.endpoint) as there:
        assert bindings(there.endpoint) == expected and expected
        cut = there.get({"query": "SELECT * WHERE { ?s ?p ?o }"}, headers={"Accept": "text/csv"})
        assert cut.status == 200 and cut.header("X-Hrgraph-Truncated") == "true"
        # documents still come from the build
        doc = there.request("GET", "/doc/id/territory/fr/gennevilliers.ttl")
        assert doc.status == 200 and b"Gennevilliers" in doc.body
        refused = there.get({"query": "INSERT DATA { <http://a> <http://b> <http://c> }"})
        assert refused.status == 403


@pytest.fixture
def silent_port():
    """A port that accepts connections and never answers."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        s.listen(16)
        yield s.getsockname()[1]


def test_unreachable_and_silent_backends_are_502_and_504(build_dir, tmp_path, silent_port):
    (tmp_path / "a").mkdir()
    nowhere = f"http://127.0.0.1:{free_port()}/sparql"
    with running(build_dir, tmp_path / "a", backend=nowhere) as server:
        reply = server.get({"query": "ASK { ?s ?p ?o }"})
        assert reply.status == 502
        assert "cannot be reached" in reply.text and nowhere in reply.text
    (tmp_path / "b").mkdir()
    silent = f"http://127.0.0.1:{silent_port}/sparql"
    with running(build_dir, tmp_path / "b", backend=silent, query_timeout_s=1) as server:
        reply = server.get({"query": "ASK { ?s ?p ?o }"})
        assert reply.status == 504
        assert "did not answer in 1 s" in reply.text
