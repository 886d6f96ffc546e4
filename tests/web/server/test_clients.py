"""SPARQLWrapper, a real SPARQL client, in every result format; and the examples agree
with ``hrgraph query``."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from rdflib import Graph
from SPARQLWrapper import CSV, JSON, JSONLD, N3, RDFXML, TSV, TURTLE, XML, SPARQLWrapper

from helpers import ROOT as PROJECT_ROOT
from hrgraph.cli import main
from hrgraph.rdf.namespaces import PREFIXES
from hrgraph.web import guard

SELECT = """SELECT ?member ?name ?code WHERE {
  ?member a hrg:Member ; schema:name ?name ; hrg:countryCode ?code
} ORDER BY ?member ?name"""
CONSTRUCT = "CONSTRUCT { ?m schema:name ?n ; hrg:countryCode ?c } WHERE { ?m a hrg:Member ; schema:name ?n ; hrg:countryCode ?c }"
EXAMPLES = sorted((PROJECT_ROOT / "queries").glob("*.rq"))


def client(server, fmt, method="GET") -> SPARQLWrapper:
    sparql = SPARQLWrapper(server.endpoint)
    sparql.setReturnFormat(fmt)
    sparql.setMethod(method)
    return sparql


def reference(build_dir: Path, query: str) -> dict:
    """What ``hrgraph query --format json`` prints for ``query``."""
    result = CliRunner().invoke(
        main, ["query", query, "--build", str(build_dir), "--format", "json"]
    )
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout_bytes)


def binding_set(data: dict) -> set:
    return {
        frozenset((k, json.dumps(v, sort_keys=True)) for k, v in b.items())
        for b in data["results"]["bindings"]
    }


@pytest.mark.parametrize("method", ["GET", "POST"])
def test_json(server, build_dir, method):
    sparql = client(server, JSON, method)
    sparql.setQuery(SELECT)
    data = sparql.queryAndConvert()
    assert data["head"]["vars"] == ["member", "name", "code"]
    assert binding_set(data) == binding_set(reference(build_dir, SELECT))


def test_xml(server, build_dir):
    sparql = client(server, XML)
    sparql.setQuery(SELECT)
    document = sparql.queryAndConvert()  # an xml.dom.minidom Document
    results = document.getElementsByTagName("result")
    assert len(results) == len(reference(build_dir, SELECT)["results"]["bindings"])
    names = {b.getAttribute("name") for b in document.getElementsByTagName("binding")}
    assert names == {"member", "name", "code"}


def test_csv(server, build_dir):
    sparql = client(server, CSV)
    sparql.setQuery(SELECT)
    rows = list(csv.DictReader(io.StringIO(sparql.queryAndConvert().decode("utf-8"))))
    expected = reference(build_dir, SELECT)["results"]["bindings"]
    assert [r["member"] for r in rows] == [b["member"]["value"] for b in expected]
    assert {r["name"] for r in rows} == {b["name"]["value"] for b in expected}


def test_tsv(server, build_dir):
    sparql = client(server, TSV)
    sparql.setQuery(SELECT)
    lines = sparql.queryAndConvert().decode("utf-8").splitlines()
    assert lines[0] == "?member\t?name\t?code"
    expected = reference(build_dir, SELECT)["results"]["bindings"]
    assert [line.split("\t")[0] for line in lines[1:]] == [
        f"<{b['member']['value']}>" for b in expected
    ]


def test_ask(server):
    sparql = client(server, JSON)
    sparql.setQuery("ASK { ?m a hrg:Member }")
    assert sparql.queryAndConvert()["boolean"] is True


@pytest.mark.parametrize(
    ("fmt", "mime"),
    [(TURTLE, "turtle"), (N3, "turtle"), (XML, "xml"), (RDFXML, "xml"), (JSONLD, "json-ld")],
    ids=["turtle", "n3", "xml", "rdfxml", "jsonld"],
)
def test_construct(server, build_dir, fmt, mime):
    sparql = client(server, fmt)
    sparql.setQuery(CONSTRUCT)
    converted = sparql.queryAndConvert()
    graph = (
        converted if isinstance(converted, Graph) else Graph().parse(data=converted, format=mime)
    )
    assert _triples(graph) == _expected_triples(build_dir)


def test_construct_ntriples(server, build_dir):
    sparql = SPARQLWrapper(server.endpoint)
    sparql.setOnlyConneg(True)  # SPARQLWrapper has no N-Triples format: ask by Accept only
    sparql.addCustomHttpHeader("Accept", "application/n-triples")
    sparql.setQuery(CONSTRUCT)
    response = sparql.query().response
    assert response.headers["Content-Type"].startswith("application/n-triples")
    graph = Graph().parse(data=response.read().decode("utf-8"), format="nt")
    assert _triples(graph) == _expected_triples(build_dir)


def _triples(graph: Graph) -> set[tuple[str, str, str]]:
    return {(str(s), str(p), str(o)) for s, p, o in graph}


def _expected_triples(build_dir) -> set[tuple[str, str, str]]:
    select = CONSTRUCT.replace(
        "CONSTRUCT { ?m schema:name ?n ; hrg:countryCode ?c }", "SELECT ?m ?n ?c"
    )
    out = set()
    for b in reference(build_dir, select)["results"]["bindings"]:
        out.add((b["m"]["value"], "http://schema.org/name", b["n"]["value"]))
        out.add((b["m"]["value"], "https://w3id.org/hrgraph/ontology#countryCode", b["c"]["value"]))
    return out


@pytest.mark.skipif(not EXAMPLES, reason="queries/ has no example queries yet")
@pytest.mark.parametrize("path", EXAMPLES, ids=[p.stem for p in EXAMPLES])
def test_sparqlwrapper_reads_each_example_as_the_query_it_is(path):
    """SPARQLWrapper guesses a query's form from its first keyword, comments included:
    a description saying "add" or "ask" turns a SELECT into an update (refused, 403)
    or an ASK. The examples are written for it to guess right."""
    text = path.read_text("utf-8")
    sparql = SPARQLWrapper("http://127.0.0.1/sparql")
    sparql.setQuery(text)
    assert sparql.queryType == guard.check(text, (), PREFIXES, "http://127.0.0.1/").form


@pytest.mark.skipif(not EXAMPLES, reason="queries/ has no example queries yet")
@pytest.mark.parametrize("path", EXAMPLES, ids=[p.stem for p in EXAMPLES])
def test_examples_equal_hrgraph_query(server, build_dir, path):
    text = path.read_text("utf-8")
    expected = reference(build_dir, text)
    sparql = client(server, JSON, "POST")
    sparql.setQuery(text)
    got = sparql.queryAndConvert()
    if "boolean" in expected:
        assert got["boolean"] == expected["boolean"]
        return
    assert got["head"]["vars"] == expected["head"]["vars"]
    assert binding_set(got) == binding_set(expected)
