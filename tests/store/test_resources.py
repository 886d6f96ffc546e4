"""Dereferencing data: what a resource page or RDF document is made of."""

import pytest

from hrgraph.store import resources
from hrgraph.store.embedded import open_store

B = "https://w3id.org/hrgraph/id/"


@pytest.fixture(scope="module")
def store(mixed_build):
    s, _ = open_store(mixed_build.release.path.parent.parent)
    return s


def test_exists(store):
    assert resources.exists(store, B + "territory/fr/gennevilliers")
    assert resources.exists(store, "https://w3id.org/hrgraph/vocab/themes/public-health")
    assert not resources.exists(store, B + "territory/fr/nowhere")


def test_describe_includes_owned_resources_only(store):
    d = resources.describe(store, B + "programme/fr/gennevilliers/espace-sante-jeunes")
    subjects = {t.subject.value for t in d.triples}
    assert subjects == {
        B + "programme/fr/gennevilliers/espace-sante-jeunes",
        B + "programme/fr/gennevilliers/espace-sante-jeunes/figure/1",
        B + "programme/fr/gennevilliers/espace-sante-jeunes/figure/2",
    }


def test_member_card_in_each_language(store):
    fr = resources.member_card(store, B + "territory/ma/rabat", "fr")
    en = resources.member_card(store, B + "territory/ma/rabat", "en")
    assert (fr["region"]["label"], en["region"]["label"]) == ("Afrique", "Africa")
    assert (fr["mandates"][0]["title"], en["mandates"][0]["title"]) == ("Maire", "Mayor")
    assert [p["lang"] for p in fr["profiles"]] == ["fr", "en"]
    assert [p["lang"] for p in en["profiles"]] == ["en", "fr"]
    assert fr["same_as"] == ["http://sws.geonames.org/2538475/"]


def test_member_card_groups_programmes_by_theme_with_sources(store):
    card = resources.member_card(store, B + "territory/fr/gennevilliers", "en")
    themes = [g["theme"]["label"] for g in card["themes"]]
    assert themes == sorted(themes) and len(themes) == 3
    food = next(g for g in card["themes"] if "food" in g["theme"]["label"])
    prog = food["programmes"][0]
    assert (prog["file"], prog["line"]) == ("profiles/fr/gennevilliers.txt", 57)
    assert float(prog["figures"][0]["value"]) == 35000
    assert [v["line"] for v in card["vision"]] == [21, 27]


def test_index_filters(store):
    everyone = resources.members(store, "en")
    assert len(everyone) == 6
    africa = resources.members(store, "en", region="https://w3id.org/hrgraph/vocab/regions/africa")
    assert {m["name"] for m in africa} == {"Rabat", "Coalition of Horn Human Rights Defenders"}
    assert [m["name"] for m in resources.members(store, "en", country="fr")] == [
        "Gennevilliers",
        "Val-de-Seine",
    ]
    housing = resources.members(store, "en", theme="https://w3id.org/hrgraph/vocab/themes/housing")
    assert [m["name"] for m in housing] == ["Val-de-Seine"]


def test_theme_page_lists_programmes_across_members(store):
    page = resources.theme_page(store, "https://w3id.org/hrgraph/vocab/themes/right-to-food", "es")
    assert {p["member"]["label"] for p in page["programmes"]} == {
        "Gennevilliers",
        "Villa Esperanza",
    }
    assert page["labels"]["es"] and page["labels"]["fr"] and page["labels"]["en"]
    assert "http://metadata.un.org/sdg/2" in page["matches"]


def test_related_members(store):
    rel = resources.related(store, B + "territory/fr/gennevilliers", "en")
    assert [m["name"] for m in rel["region"]] == ["Val-de-Seine"]
    assert [m["name"] for m in rel["theme"]] == ["Villa Esperanza"]


def test_search_by_name(store):
    hits = resources.search(store, "genne", "en")
    assert hits[0]["iri"] == B + "territory/fr/gennevilliers"
    assert resources.search(store, "   ", "en") == []
