"""Recorded URI changes on the server (301 to the successor, 410 Gone with the reason)
and documents a client can use alone (what they are about, licence, date, link labels,
the published JSON-LD context)."""

import csv
import json
import shutil

import pytest
import rdflib
from rdflib import URIRef
from rdflib.namespace import DCTERMS, FOAF, RDFS, SKOS, XSD

from helpers import DATA, build_into
from hrgraph import datadir
from hrgraph.rdf import stable
from hrgraph.rdf.namespaces import HRG
from hrgraph.rdf.serialize import jsonld_context

REASON = "Gwangju left the campaign in 2026."
LICENCE = URIRef("https://creativecommons.org/licenses/by/4.0/")
RICH = "http://example.org/hr/"  # the rich build's base


@pytest.fixture(scope="module")
def changed_build(tmp_path_factory):
    """The corpus with Rabat's key changed (recorded as replaced) and Gwangju's profile
    removed (recorded as deprecated)."""
    root = tmp_path_factory.mktemp("changed")
    data = root / "data"
    shutil.copytree(DATA, data)
    links = data / "members.csv"
    links.write_text(links.read_text("utf-8").replace("rabat,MA", "rabat-sale,MA"), "utf-8")
    (data / "profiles" / "en" / "gwangju.txt").unlink()
    listed = stable.read_list(data / datadir.URIS)
    rows = []
    for uri in sorted(listed):
        if "gwangju" in uri:
            rows.append((uri, "", REASON))
        elif "/ma/rabat" in uri:
            rows.append((uri, uri.replace("/ma/rabat", "/ma/rabat-sale"), "New key"))
    with (data / datadir.URI_CHANGES).open("w", encoding="utf-8", newline="") as f:
        csv.writer(f).writerows([stable.CHANGE_COLUMNS, *rows])
    meta = data / "dataset.toml"
    meta.write_text(meta.read_text("utf-8").replace('license = ""', f'license = "{LICENCE}"'))
    build_into(root / "build", data=data)
    return root / "build"


@pytest.fixture(scope="module")
def changed(changed_build):
    from web.conftest import make_client

    return make_client(changed_build)


def test_a_replaced_uri_answers_301_to_its_successor(changed):
    reply = changed.request("GET", "/id/territory/ma/rabat")
    assert reply.status == 301
    assert reply.header("Location").endswith("/id/territory/ma/rabat-sale")
    assert changed.request("GET", "/id/territory/ma/rabat-sale").status == 303


def test_a_replaced_documents_answers_301_to_the_successors_document(changed):
    reply = changed.request("GET", "/doc/id/territory/ma/rabat.ttl")
    assert reply.status == 301
    assert reply.header("Location").endswith("/doc/id/territory/ma/rabat-sale.ttl")
    reply = changed.request("GET", "/doc/id/membership/ma/rabat", headers={"Accept": "text/html"})
    assert reply.status == 301
    assert reply.header("Location").endswith("/doc/id/membership/ma/rabat-sale")


@pytest.mark.parametrize("path", ["/id/territory/kr/gwangju", "/doc/id/territory/kr/gwangju"])
def test_a_deprecated_uri_answers_410_with_a_page_saying_why(changed, path):
    page = changed.request("GET", path, headers={"Accept": "text/html"})
    assert page.status == 410
    assert page.header("Content-Type").startswith("text/html")
    assert REASON in page.text
    text = changed.request("GET", path, headers={"Accept": "text/turtle"})
    assert text.status == 410
    assert REASON in text.text


def test_unrecorded_uris_still_answer_as_before(changed):
    assert changed.request("GET", "/id/territory/fr/gennevilliers").status == 303
    assert changed.request("GET", "/id/territory/kr/nowhere").status == 404


def turtle(client, path):
    reply = client.request("GET", path, headers={"Accept": "text/turtle"})
    assert reply.status == 200
    return rdflib.Graph().parse(data=reply.body, format="turtle")


def test_a_document_says_what_it_is_about_and_when_it_changed(rich_client):
    g = turtle(rich_client, "/doc/id/territory/fr/gennevilliers")
    doc = URIRef(RICH + "doc/id/territory/fr/gennevilliers")
    assert (doc, FOAF.primaryTopic, URIRef(RICH + "id/territory/fr/gennevilliers")) in g
    (modified,) = g.objects(doc, DCTERMS.modified)
    assert modified.datatype == XSD.dateTime
    assert (doc, DCTERMS.license, None) not in g  # the corpus sets no licence


def test_a_document_states_the_licence_when_the_dataset_has_one(changed):
    g = turtle(changed, "/doc/id/territory/fr/gennevilliers.ttl")
    doc = URIRef("https://w3id.org/hrgraph/doc/id/territory/fr/gennevilliers")
    assert set(g.objects(doc, DCTERMS.license)) == {LICENCE}


def test_a_document_labels_what_it_links_to(rich_client):
    g = turtle(rich_client, "/doc/id/territory/fr/gennevilliers")
    member = URIRef(RICH + "id/territory/fr/gennevilliers")
    for prop in (HRG.region, HRG.country, HRG.populationRange):
        (target,) = g.objects(member, prop)
        assert {label.language for label in g.objects(target, SKOS.prefLabel)} >= {"en", "fr"}
    (profile,) = g.objects(member, HRG.profile)
    assert (profile, RDFS.label, None) in g
    assert {label.language for label in g.objects(HRG.City, RDFS.label)} >= {"en", "fr", "es"}


def test_jsonld_documents_reference_the_published_context(rich_client):
    reply = rich_client.request(
        "GET", "/doc/id/territory/ma/rabat", headers={"Accept": "application/ld+json"}
    )
    document = json.loads(reply.body)
    assert document["@context"] == "http://localhost/dumps/context.jsonld"
    rabat = next(n for n in document["@graph"] if n["@id"].endswith("id/territory/ma/rabat"))
    assert "hrg:Member" in rabat["@type"] and "schema:name" in rabat
    served = rich_client.request("GET", "/dumps/context.jsonld")
    assert served.status == 200
    assert json.loads(served.body) == jsonld_context()
