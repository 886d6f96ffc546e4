"""What a document is made of (description) and what its page shows (page_data)."""

import pytest

from hrgraph.store.embedded import open_store
from hrgraph.web import description, page_data

B = "https://w3id.org/hrgraph/id/"


@pytest.fixture(scope="module")
def store(mixed_build):
    s, _ = open_store(mixed_build.release.path.parent.parent)
    return s


def test_exists(store):
    assert description.exists(store, B + "territory/fr/gennevilliers")
    assert description.exists(store, "https://w3id.org/hrgraph/vocab/themes/public-health")
    assert not description.exists(store, B + "territory/fr/nowhere")


def test_describe_includes_owned_resources_only(store):
    d = description.describe(store, B + "programme/fr/gennevilliers/espace-sante-jeunes")
    subjects = {t.subject.value for t in d.triples}
    assert subjects == {
        B + "programme/fr/gennevilliers/espace-sante-jeunes",
        B + "programme/fr/gennevilliers/espace-sante-jeunes/figure/1",
        B + "programme/fr/gennevilliers/espace-sante-jeunes/figure/2",
    }


def test_member_card_in_each_language(store):
    fr = page_data.member_card(store, B + "territory/ma/rabat", "fr")
    en = page_data.member_card(store, B + "territory/ma/rabat", "en")
    assert (fr["region"]["label"], en["region"]["label"]) == ("Afrique", "Africa")
    assert (fr["mandates"][0]["title"], en["mandates"][0]["title"]) == ("Maire", "Mayor")
    assert [p["lang"] for p in fr["profiles"]] == ["fr", "en"]
    assert [p["lang"] for p in en["profiles"]] == ["en", "fr"]
    assert fr["same_as"] == ["http://sws.geonames.org/2538475/"]


def test_member_card_groups_programmes_by_theme_with_sources(store):
    card = page_data.member_card(store, B + "territory/fr/gennevilliers", "en")
    themes = [g["theme"]["label"] for g in card["themes"]]
    assert themes == sorted(themes) and len(themes) == 3
    food = next(g for g in card["themes"] if "food" in g["theme"]["label"])
    prog = food["programmes"][0]
    assert (prog["file"], prog["line"]) == ("profiles/fr/gennevilliers.txt", 57)
    assert float(prog["figures"][0]["value"]) == 35000
    assert [v["line"] for v in card["vision"]] == [21, 27]


@pytest.fixture(scope="module")
def members(store):
    return page_data.member_index(store, "en")


def test_index_filters(members):
    assert len(members.filter()) == 6
    africa = members.filter(region="https://w3id.org/hrgraph/vocab/regions/africa")
    assert {m["name"] for m in africa} == {"Rabat", "Coalition of Horn Human Rights Defenders"}
    assert [m["name"] for m in members.filter(country="fr")] == ["Gennevilliers", "Val-de-Seine"]
    housing = members.filter(theme="https://w3id.org/hrgraph/vocab/themes/housing")
    assert [m["name"] for m in housing] == ["Val-de-Seine"]
    both = members.filter(
        region="https://w3id.org/hrgraph/vocab/regions/europe",
        theme="https://w3id.org/hrgraph/vocab/themes/housing",
        country="FR",
    )
    assert [m["name"] for m in both] == ["Val-de-Seine"]
    assert members.countries == sorted(members.countries) and "FR" in members.countries


def test_theme_page_lists_programmes_across_members(store):
    page = page_data.theme_page(store, "https://w3id.org/hrgraph/vocab/themes/right-to-food", "es")
    assert {p["member"]["label"] for p in page["programmes"]} == {
        "Gennevilliers",
        "Villa Esperanza",
    }
    assert page["labels"]["es"] and page["labels"]["fr"] and page["labels"]["en"]
    assert "http://metadata.un.org/sdg/2" in page["matches"]


def test_related_members(members):
    rel = members.related(B + "territory/fr/gennevilliers")
    assert [m["name"] for m in rel["region"]] == ["Val-de-Seine"]
    assert [m["name"] for m in rel["theme"]] == ["Villa Esperanza"]
    assert rel["region_total"] == 1 and rel["theme_total"] == 1
    nowhere = members.related(B + "territory/fr/nowhere")
    assert nowhere == {"region": [], "theme": [], "region_total": 0, "theme_total": 0}


def test_related_members_are_the_closest_few_and_counted():
    """A page lists the few closest (same country first, most themes in common first,
    then by name) and says how many there are in all."""
    europe = {"iri": "europe"}

    def member(name, country, *themes):
        return {"iri": name, "name": name, "country_code": country, "region": europe,
                "themes": set(themes)}  # fmt: skip

    me = member("Me", "FR", "food", "housing", "water")
    others = [
        member("Ana", "ES", "food"),
        member("Bea", "FR", "culture"),
        member("Cid", "DE", "food", "housing", "water"),
        member("Dan", "FR", "housing", "water"),
        member("Eve", "IT", "food", "housing"),
    ]
    index = page_data.MemberIndex(sorted([me, *others], key=lambda m: m["name"]))
    rel = index.related("Me", shown=3)
    assert [m["name"] for m in rel["region"]] == ["Bea", "Dan", "Ana"]
    assert [m["name"] for m in rel["theme"]] == ["Cid", "Dan", "Eve"]
    assert rel["region_total"] == 5 and rel["theme_total"] == 4


@pytest.fixture(scope="module")
def index(store):
    return page_data.SearchIndex(store)


def test_search_by_name(store, index):
    hits = page_data.search(store, index, "genne", "en")
    assert hits[0]["iri"] == B + "territory/fr/gennevilliers"
    assert hits[0]["label"] == "Gennevilliers"
    assert page_data.search(store, index, "   ", "en") == []


@pytest.mark.parametrize("typo", ["genevilier", "gennevillier", "GENNEVILIERS"])
def test_search_forgives_typos(index, typo):
    assert index.search(typo)[0] == B + "territory/fr/gennevilliers"


def test_search_short_text_and_words_inside_labels(index):
    assert B + "territory/ma/rabat" in index.search("ra")
    assert B + "territory/fr/val-de-seine" in index.search("seine")
    assert index.search("zzqx") == []


def test_a_graph_is_described_by_its_contents(store):
    graph = "https://w3id.org/hrgraph/graph/fr/gennevilliers"
    d = description.describe(store, graph)
    assert d.is_graph and len(d.triples) > 50
    assert B + "territory/fr/gennevilliers" in {t.subject.value for t in d.triples}
    assert description.exists(store, graph)


def test_a_card_from_the_description_equals_one_from_the_store(store):
    iri = B + "territory/fr/gennevilliers"
    d = description.describe(store, iri)
    assert description.types(d) >= {"https://w3id.org/hrgraph/ontology#City"}
    assert page_data.member_card(store, iri, "fr", description=d) == page_data.member_card(
        store, iri, "fr"
    )
