"""A release served from a copy in memory answers exactly as the store on disk does."""

from __future__ import annotations

import pytest

from hrgraph.store.embedded import in_memory, open_store
from hrgraph.web.state import EXTENSION

ORDERED = [
    "SELECT ?s ?p ?o { ?s ?p ?o } ORDER BY ?s ?p ?o LIMIT 200",
    "SELECT (COUNT(*) AS ?n) { ?s ?p ?o }",
    "SELECT ?g (COUNT(*) AS ?n) { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g ORDER BY ?g",
    "SELECT ?s ?o { ?s rdfs:label ?o FILTER(CONTAINS(LCASE(STR(?o)), 'a')) } ORDER BY ?s ?o",
    "ASK { ?s a hrg:Member }",
]
UNORDERED = "CONSTRUCT { ?s ?p ?o } WHERE { ?s a hrg:Member ; ?p ?o }"


@pytest.fixture
def pair(build_dir, make_client):
    """The same build served from memory (the default for a small one) and from disk."""
    return make_client(build_dir), make_client(build_dir, memory_store_max_triples=0)


def live(client):
    return client.app.extensions[EXTENSION].live()


def test_small_release_is_copied_and_a_zero_limit_keeps_it_on_disk(pair):
    memory, disk = pair
    memory.get({"query": "ASK {}"})
    disk.get({"query": "ASK {}"})
    assert live(memory).in_memory and not live(disk).in_memory


def test_release_over_the_limit_stays_on_disk(build_dir, make_client):
    client = make_client(build_dir, memory_store_max_triples=10)
    assert client.get({"query": "ASK { ?s ?p ?o }"}).status == 200
    assert not live(client).in_memory


def test_copy_holds_every_quad(build_dir):
    store, _ = open_store(build_dir)
    copy = in_memory(store)
    assert len(copy) == len(store) > 0
    assert set(copy) == set(store)


@pytest.mark.parametrize("query", ORDERED)
@pytest.mark.parametrize("accept", ["application/sparql-results+json", "text/csv"])
def test_same_answers(pair, query, accept):
    memory, disk = pair
    a = memory.get({"query": query}, headers={"Accept": accept})
    b = disk.get({"query": query}, headers={"Accept": accept})
    assert a.status == b.status == 200
    assert a.body == b.body
    assert a.header("Content-Type") == b.header("Content-Type")


def test_same_triples_and_validators_that_tell_the_stores_apart(pair):
    """Unordered results may come in another order, so the ETag says which store answered."""
    memory, disk = pair
    a = memory.get({"query": UNORDERED}, headers={"Accept": "application/n-triples"})
    b = disk.get({"query": UNORDERED}, headers={"Accept": "application/n-triples"})
    assert a.status == b.status == 200
    assert sorted(a.text.splitlines()) == sorted(b.text.splitlines()) != []
    assert a.header("ETag") != b.header("ETag")
    again = memory.get({"query": UNORDERED}, headers={"Accept": "application/n-triples"})
    assert again.body == a.body and again.header("ETag") == a.header("ETag")


def test_named_graph_dataset_from_the_protocol(pair):
    memory, disk = pair
    graph = next(iter(live(disk).store.named_graphs())).value
    params = {"query": "SELECT (COUNT(*) AS ?n) { ?s ?p ?o }", "default-graph-uri": graph}
    a, b = memory.get(params), disk.get(params)
    assert a.status == 200 and a.body == b.body
    assert '"0"' not in a.text
