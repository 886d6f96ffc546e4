"""The shapes' document at /shapes, in-process: RDF by content negotiation that holds the
shapes files whole and the reader's rules, and a page with an anchor, the severity and
the messages in three languages for every rule, its texts escaped."""

from __future__ import annotations

import json

import lxml.html
import pyoxigraph as ox
import pytest
import rdflib

from helpers import ROOT
from hrgraph import formats
from hrgraph.languages import LANGUAGES
from hrgraph.rdf.namespaces import SH, SHAPES, curie
from hrgraph.reader_rules import RULES
from hrgraph.web import shapes_page

SHAPES_DIR = ROOT / "shapes"


@pytest.fixture(scope="module")
def shapes_graph() -> rdflib.Graph:
    graph = rdflib.Graph()
    for file in sorted(SHAPES_DIR.glob("*.ttl")):
        graph.parse(file, format="turtle")
    return graph


def served(client, media: str, **params) -> rdflib.Graph:
    reply = client.request("GET", "/shapes", params=params or None, headers={"Accept": media})
    assert reply.status == 200, reply.body[:300]
    sent = reply.headers["Content-Type"].split(";")[0]
    assert sent == (formats.get(params["format"]).media_type if params else media)
    return rdflib.Graph().parse(data=reply.body, format=sent)


def isomorphic(a: rdflib.Graph, b: rdflib.Graph) -> bool:
    """Equal up to blank node names (Oxigraph's canonical form: rdflib's own check takes
    minutes on the shapes' long lists)."""

    def canonical(graph: rdflib.Graph) -> set[str]:
        data = graph.serialize(format="nt").encode("utf-8")
        dataset = ox.Dataset(ox.parse(data, format=ox.RdfFormat.N_TRIPLES))
        dataset.canonicalize(ox.CanonicalizationAlgorithm.UNSTABLE)
        return {str(q) for q in dataset}

    return len(a) == len(b) and canonical(a) == canonical(b)


def without_reader_rules(graph: rdflib.Graph) -> rdflib.Graph:
    rules = {rdflib.URIRef(SHAPES[r]) for r in RULES} | {rdflib.URIRef(shapes_page.READER_RULE)}
    out = rdflib.Graph()
    for t in graph:
        if t[0] not in rules:
            out.add(t)
    return out


@pytest.mark.parametrize("media", ["text/turtle", "application/ld+json", "application/n-triples"])
def test_the_rdf_is_the_shapes_graph_and_the_reader_rules(client, shapes_graph, media):
    graph = served(client, media)
    assert isomorphic(without_reader_rules(graph), shapes_graph)
    for rule in RULES.values():
        node = rdflib.URIRef(SHAPES[rule.id])
        assert (node, rdflib.RDF.type, rdflib.URIRef(shapes_page.READER_RULE)) in graph
        messages = {(o.language, str(o)) for o in graph.objects(node, SH.message)}
        assert messages == {(lang, rule.messages[lang]) for lang in LANGUAGES}
        severity = graph.value(node, SH.severity)
        assert severity == SH[rule.severity.capitalize()]


def test_turtle_is_the_shapes_file_as_written(client):
    reply = client.request("GET", "/shapes", headers={"Accept": "text/turtle"})
    text = reply.body.decode("utf-8")
    source = (SHAPES_DIR / "hrgraph-shapes.ttl").read_text("utf-8")
    assert text.startswith(source.rstrip("\n"))  # its comments kept for people reading it


def test_format_parameter_and_406(client, shapes_graph):
    graph = served(client, "text/html", format="jsonld")
    assert isomorphic(without_reader_rules(graph), shapes_graph)
    reply = client.request("GET", "/shapes", headers={"Accept": "image/png"})
    assert reply.status == 406


def named_rules(shapes_graph) -> list[rdflib.URIRef]:
    kinds = (SH.NodeShape, SH.PropertyShape)
    return sorted(
        {s for k in kinds for s in shapes_graph.subjects(rdflib.RDF.type, k)}
        | {s for s in shapes_graph.subjects(SH.path, None) if isinstance(s, rdflib.URIRef)}
    )


@pytest.fixture(scope="module")
def page(client):
    reply = client.request("GET", "/shapes?lang=fr", headers={"Accept": "text/html"})
    assert reply.status == 200
    assert reply.headers["Content-Type"].startswith("text/html")
    return lxml.html.fromstring(reply.body)


def row_texts(article, key) -> dict[str, str]:
    return {
        td.get("lang"): " ".join(td.text_content().split())
        for td in article.cssselect(f'tr[data-text="{key}"] td')
    }


def test_every_shape_has_its_section_severity_and_messages_in_three_languages(page, shapes_graph):
    shapes = named_rules(shapes_graph)
    assert len(shapes) > 50
    for shape in shapes:
        fragment = str(shape).split("#", 1)[1]
        found = page.get_element_by_id(fragment)
        assert found.tag == "article"
        severity = shapes_graph.value(shape, SH.severity) or SH.Violation
        assert found.cssselect("span.severity")[0].get("class").split()[-1] == (
            str(severity).rsplit("#", 1)[1].lower()
        )
        for key, prop in (("shape_message", SH.message), ("shape_name", SH.name)):
            want = {o.language: " ".join(str(o).split()) for o in shapes_graph.objects(shape, prop)}
            if want:
                assert row_texts(found, key) == want, (fragment, key)
        path = shapes_graph.value(shape, SH.path)
        if isinstance(path, rdflib.URIRef):
            assert curie(str(path)) in found.text_content()


def test_long_lists_are_shown_whole_on_demand(page, shapes_graph):
    from rdflib.collection import Collection

    shape = SHAPES["Member-countryCode"]
    codes = list(Collection(shapes_graph, shapes_graph.value(rdflib.URIRef(shape), SH["in"])))
    article = page.get_element_by_id("Member-countryCode")
    listed = article.cssselect("details.list")[0]
    assert listed.cssselect("summary")[0].text == f"Les {len(codes)} valeurs"
    assert [c.text for c in listed.cssselect("code.literal")] == [str(c) for c in codes]


def test_every_reader_rule_has_its_section(page):
    for rule in RULES.values():
        found = page.get_element_by_id(rule.id)
        assert row_texts(found, "shape_message") == rule.messages
        assert row_texts(found, "shape_name") == rule.names
        assert found.cssselect("span.severity")[0].get("class").split()[-1] == rule.severity


def test_the_page_is_in_the_frame_and_linked_from_the_footer(client, page):
    assert page.get("lang") == "fr"
    assert page.cssselect("main h1")[0].text_content() == "Les règles qu'applique hrgraph validate"
    home = lxml.html.fromstring(client.request("GET", "/?lang=es").body)
    link = home.cssselect('footer a[data-footer="shapes"]')[0]
    assert link.get("href") == "/shapes?lang=es" and link.text == "Reglas de validación"


HOSTILE = """
@prefix sh: <http://www.w3.org/ns/shacl#> .
@prefix hrgsh: <https://w3id.org/hrgraph/shapes#> .
hrgsh:Trap a sh:NodeShape ;
    sh:targetNode <https://example.org/x> ;
    sh:pattern "<img src=x onerror=alert(1)>" ;
    sh:name "<script>window.pwned=1</script>"@en ;
    sh:message "a & b </td>"@en .
"""


def test_shape_texts_are_escaped(make_client, build_dir, tmp_path):
    (tmp_path / "trap.ttl").write_text(HOSTILE, encoding="utf-8")
    client = make_client(build_dir, shapes_dir=tmp_path)
    reply = client.request("GET", "/shapes?lang=en", headers={"Accept": "text/html"})
    doc = lxml.html.fromstring(reply.body)
    article = doc.get_element_by_id("Trap")
    assert doc.cssselect("main script, main img") == []
    assert "<script>window.pwned=1</script>" in article.cssselect("h3")[0].text_content()
    assert "<img src=x onerror=alert(1)>" in article.text_content()
    assert row_texts(article, "shape_message") == {"en": "a & b </td>", "fr": "", "es": ""}
    ld = client.request("GET", "/shapes", params={"format": "jsonld"})
    assert "https://w3id.org/hrgraph/shapes#Trap" in json.dumps(json.loads(ld.body))


@pytest.mark.parametrize("accept", ["text/html", "text/turtle"])
def test_revalidation_answers_304_per_representation(client, accept):
    first = client.request("GET", "/shapes?lang=en", headers={"Accept": accept})
    tag = first.headers["ETag"]
    again = client.request(
        "GET", "/shapes?lang=en", headers={"Accept": accept, "If-None-Match": tag}
    )
    assert again.status == 304
    other = "text/turtle" if accept == "text/html" else "text/html"
    assert (
        client.request("GET", "/shapes?lang=en", headers={"Accept": other}).headers["ETag"] != tag
    )
