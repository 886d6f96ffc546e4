"""Language editions with different slugs or names are one member, via members.csv."""

import pytest
import rdflib
from rdflib import Literal, URIRef
from rdflib.namespace import FOAF

from helpers import PROFILES, build_into
from hrgraph.campaign import page_url
from hrgraph.rdf.links import LinksError, read_links
from hrgraph.rdf.namespaces import HRG, OWL, SCHEMA

ROUEN_FR = (PROFILES / "fr" / "gennevilliers.txt").read_text().replace("Gennevilliers", "Rouen", 1)
RUAN_ES = """Ruan

REGIÓN
Europa
PAÍS
Francia
AÑO DE ADHESIÓN A LA CAMPAÑA MUNDIAL
2022
LÍDER LOCAL / REGIONAL
Patrice Leclerc, Alcalde
DURACIÓN DEL MANDATO
2020 - 2026
TIPO DE GOBIERNO
Ciudad / Municipio
RANGO DE POBLACIÓN
Ciudades entre 50.000 y 250.000 habitantes
"""


def make_data(tmp_path, csv_text):
    data = tmp_path / "data"
    (data / "profiles" / "fr").mkdir(parents=True)
    (data / "profiles" / "es").mkdir(parents=True)
    (data / "profiles" / "fr" / "rouen.txt").write_text(ROUEN_FR)
    (data / "profiles" / "es" / "ruan.txt").write_text(RUAN_ES)
    if csv_text is not None:
        (data / "members.csv").write_text(csv_text)
    return data


def members(report):
    g = rdflib.Graph().parse(report.release.dumps / "hrgraph.nt")
    return g, sorted(set(g.subjects(predicate=HRG.profile)))


def test_without_the_links_file_different_names_stay_apart(tmp_path):
    _, found = members(build_into(tmp_path / "b", data=make_data(tmp_path, None)))
    assert [str(m).rsplit("/", 1)[1] for m in found] == ["rouen", "ruan"]


def test_the_links_file_joins_editions_and_adds_same_as(tmp_path):
    csv_text = "key,country,en,fr,es,wikidata,geonames\nrouen,FR,,rouen,ruan,,2982652\n"
    g, found = members(build_into(tmp_path / "b", data=make_data(tmp_path, csv_text)))
    rouen = URIRef("https://w3id.org/hrgraph/id/territory/fr/rouen")
    assert found == [rouen]
    assert set(g.objects(rouen, SCHEMA.name)) == {
        Literal("Rouen", lang="fr"),
        Literal("Ruan", lang="es"),
    }
    assert (rouen, OWL.sameAs, URIRef("http://sws.geonames.org/2982652/")) in g
    assert (rouen, SCHEMA.sameAs, URIRef("http://sws.geonames.org/2982652/")) in g
    pages = {str(p) for p in g.objects(rouen, FOAF.page)}
    assert pages == {page_url("fr", "rouen"), page_url("es", "ruan")}
    assert len(set(g.objects(rouen, HRG.profile))) == 2


@pytest.mark.parametrize(
    "csv_text, message",
    [
        ("key,country\nx,FR\n", ":1: missing column(s) en, fr, es, wikidata, geonames"),
        ("key,country,en,fr,es,wikidata,geonames\nx,France,,x,,,\n", ":2: 'key' and a two-letter"),
        (
            "key,country,en,fr,es,wikidata,geonames\nx,FR,,x,,12,\n",
            ":2: wikidata '12' is not a Q-identifier",
        ),
        (
            "key,country,en,fr,es,wikidata,geonames\nx,FR,,x,,,abc\n",
            ":2: geonames 'abc' is not a number",
        ),
        (
            "key,country,en,fr,es,wikidata,geonames\nx,FR,,x,,Q0123,\n",
            ":2: wikidata 'Q0123' is not a Q-identifier",
        ),
        (
            "key,country,en,fr,es,wikidata,geonames\nx,FR,,Rouen Ville,,,\n",
            ":2: fr 'Rouen Ville' is not a campaign page slug",
        ),
        (
            "key,country,en,fr,es,wikidata,geonames\nx,FR,,x,,,\nx,FR,,y,,,\n",
            ":3: key 'FR/x' is already on line 2",
        ),
        (
            "key,country,en,fr,es,wikidata,geonames\nx,FR,,x,,Q90,\ny,FR,,y,,Q90,\n",
            ":3: wikidata 'Q90' is already on line 2 (two members cannot share one)",
        ),
        (
            "key,country,en,fr,es,wikidata,geonames\nx,FR,,x,,,1\ny,FR,,y,,,1\n",
            ":3: geonames '1' is already on line 2",
        ),
        (
            "key,country,en,fr,es,wikidata,geonames\nx,FR,,x,,,\ny,FR,,x,,,\n",
            ":3: fr 'x' is already on line 2",
        ),
    ],
)
def test_a_bad_links_file_is_an_error_naming_the_line(tmp_path, csv_text, message):
    path = tmp_path / "members.csv"
    path.write_text(csv_text)
    with pytest.raises(LinksError, match=message.replace("(", r"\(").replace(")", r"\)")):
        read_links(path)
