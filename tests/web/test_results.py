"""The endpoint's streamed result writers agree with pyoxigraph's own serializers."""

from __future__ import annotations

import csv
import io

import pyoxigraph as ox
import pytest

from helpers import pyoxigraph_serialization as serialize
from hrgraph import formats
from hrgraph.store.query import run, stream, take

EX = "http://example.org/"
XSD = "http://www.w3.org/2001/XMLSchema#"


@pytest.fixture(scope="module")
def store() -> ox.Store:
    s = ox.Store()
    subject, p = ox.NamedNode(EX + "s?a=1&b=2"), ox.NamedNode(EX + "p")
    objects = [
        ox.Literal("plain"),
        ox.Literal('tab\tnewline\nquote" comma, <tag> & amp'),
        ox.Literal("été", language="fr"),
        ox.Literal("42", datatype=ox.NamedNode(XSD + "integer")),
        ox.Literal("1.5e0", datatype=ox.NamedNode(XSD + "double")),
        ox.BlankNode("b0"),
        ox.NamedNode(EX + "o#frag"),
    ]
    for o in objects:
        s.add(ox.Quad(subject, p, o))
    return s


QUERIES = [
    "SELECT ?s ?o ?unbound WHERE { ?s ?p ?o } ORDER BY ?o",
    "SELECT ?o ?t WHERE { ?s ?p ?o BIND(<<( ?s ?p ?o )>> AS ?t) } ORDER BY ?o",
    "SELECT ?x WHERE { VALUES ?x { UNDEF } }",
    "SELECT * WHERE { ?s ?p ?o FILTER(false) }",
    "ASK { ?s ?p ?o }",
    "ASK { ?s ?p 'missing' }",
]


@pytest.mark.parametrize("query", QUERIES)
@pytest.mark.parametrize("fmt", ["json", "xml", "tsv"])
def test_same_solutions_as_pyoxigraph(store, query, fmt):
    mine = b"".join(stream(take(run(store, query), None), fmt))
    theirs = serialize(run(store, query), fmt)
    parse = formats.get(fmt).ox
    a, b = ox.parse_query_results(mine, parse), ox.parse_query_results(theirs, parse)
    if isinstance(b, ox.QueryBoolean):
        assert bool(a) == bool(b)
    else:
        assert [v.value for v in a.variables] == [v.value for v in b.variables]
        assert list(a) == list(b)


@pytest.mark.parametrize("query", [q for q in QUERIES if "<<(" not in q])
def test_same_csv_as_pyoxigraph(store, query):
    mine = b"".join(stream(take(run(store, query), None), "csv"))
    theirs = serialize(run(store, query), "csv")
    assert mine == theirs


def test_csv_quotes_a_triple_cell_whole(store):
    # pyoxigraph quotes the parts of a triple inside one cell, which a CSV reader splits;
    # the endpoint quotes the cell as a whole.
    query = "SELECT ?t WHERE { ?s ?p ?o BIND(<<( ?s ?p ?o )>> AS ?t) FILTER(CONTAINS(?o, ',')) }"
    text = b"".join(stream(take(run(store, query), None), "csv")).decode()
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0] == ["t"] and len(rows) == 2 and len(rows[1]) == 1
    assert rows[1][0].startswith("http://example.org/s?a=1&b=2 http://example.org/p tab")


@pytest.mark.parametrize("fmt", ["turtle", "ntriples", "rdfxml", "jsonld", "trig", "nquads"])
def test_graph_formats_round_trip(store, fmt):
    query = "CONSTRUCT WHERE { ?s ?p ?o }"
    data = b"".join(stream(take(run(store, query), None), fmt))

    parsed = {(q.subject, q.predicate, q.object) for q in ox.parse(data, formats.get(fmt).ox)}
    assert parsed == {(t.subject, t.predicate, t.object) for t in run(store, query).value}


def test_take_cuts_and_says_so(store):
    capped = take(run(store, "SELECT * WHERE { ?s ?p ?o }"), 3)
    assert len(capped.items) == 3 and capped.truncated
    exact = take(run(store, "SELECT * WHERE { ?s ?p ?o }"), 7)
    assert len(exact.items) == 7 and not exact.truncated
    graph = take(run(store, "CONSTRUCT WHERE { ?s ?p ?o }"), 2)
    assert len(graph.items) == 2 and graph.truncated


def test_large_results_come_in_several_pieces(store):
    query = "SELECT ?n WHERE { VALUES ?a { 1 2 3 4 5 6 7 8 9 10 } VALUES ?b { 1 2 3 4 5 6 7 8 9 10 } VALUES ?c { 1 2 3 4 5 6 7 8 9 10 } BIND(?a * 100 + ?b * 10 + ?c AS ?n) }"
    pieces = list(stream(take(run(store, query), None), "json"))
    assert len(pieces) > 3
    assert (
        len(
            ox.parse_query_results(b"".join(pieces), ox.QueryResultsFormat.JSON)
            .__iter__()
            .__next__()
        )
        == 1
    )


def test_wrong_format_for_kind(store):
    from hrgraph.store.query import QueryError

    with pytest.raises(QueryError):
        stream(take(run(store, "ASK {}"), None), "turtle")
    with pytest.raises(QueryError):
        stream(take(run(store, "CONSTRUCT WHERE { ?s ?p ?o }"), None), "csv")


def test_every_project_prefix_still_works_undeclared(store):
    """Only the prefixes a query names are handed to pyoxigraph; each still resolves."""
    from hrgraph.rdf.namespaces import PREFIXES
    from hrgraph.store.query import prefixes_used

    for name, iri in PREFIXES.items():
        query = f"SELECT (STR({name}:x) AS ?iri) {{}}"
        used = prefixes_used(query)
        assert used[name] == iri and all(f"{n}:" in query for n in used)  # xsd: holds sd:
        assert run(store, query).value.__next__()["iri"].value == iri + "x"
    assert prefixes_used("SELECT * { ?s ?p ?o }") == {}


def test_take_reads_one_more_than_the_limit(store):
    whole = take(run(store, "SELECT * { ?s ?p ?o }"), None)
    exact = take(run(store, "SELECT * { ?s ?p ?o }"), len(whole.items))
    assert not exact.truncated and len(exact.items) == len(whole.items) == 7
    assert not whole.truncated


def test_json_is_the_same_from_the_term_cache_and_the_cache_stays_bounded(store, monkeypatch):
    from hrgraph.store import query as module

    monkeypatch.setattr(module, "JSON_CACHE_TERMS", 5)
    monkeypatch.setattr(module, "_JSON_TERMS", {})
    query = "SELECT ?s ?p ?o ?t WHERE { ?s ?p ?o BIND(<<( ?s ?p ?o )>> AS ?t) } ORDER BY ?o"
    theirs = ox.parse_query_results(
        serialize(run(store, query), "json"), ox.QueryResultsFormat.JSON
    )
    expected = list(theirs)
    answers = [b"".join(stream(take(run(store, query), None), "json")) for _ in range(3)]
    assert answers[0] == answers[1] == answers[2]  # written anew, then from the cache
    assert list(ox.parse_query_results(answers[2], ox.QueryResultsFormat.JSON)) == expected
    assert 0 < len(module._JSON_TERMS) <= 5
