"""The matcher on the fixture build: variants that must match, negatives that must not."""

from __future__ import annotations

import pytest

from hrgraph.reconcile.match import MATCH_MIN, reconcile, suggest
from hrgraph.reconcile.names import key

BASE = "https://w3id.org/hrgraph/id/"
GENNEVILLIERS = BASE + "territory/fr/gennevilliers"
RABAT = BASE + "territory/ma/rabat"
GWANGJU = BASE + "territory/kr/gwangju"
VILLA = BASE + "territory/co/villa-esperanza"
VAL_DE_SEINE = BASE + "territory/fr/val-de-seine"
HORN = BASE + "organisation/so/horn-defenders"


@pytest.mark.parametrize(
    "text, folded",
    [
        ("Ville de Rabat", "rabat"),
        ("Municipality of Gwangju", "gwangju"),
        ("Ayuntamiento de Ciudad de México", "ciudad mexico"),
        ("CIUDAD DE MÉXICO", "ciudad mexico"),
        ("Gwangju Metropolitan City", "gwangju"),
        ("La Paz", "paz"),
        ("Val-d'Oise", "val oise"),
        ("City", "city"),  # an affix alone is the name
        ("Mexico City", "mexico city"),
    ],
)
def test_names_fold_case_accents_articles_and_prefixes(text, folded):
    assert key(text) == folded


@pytest.mark.parametrize(
    "query, expected",
    [
        ("Gennevilliers", GENNEVILLIERS),
        ("gennevilliers", GENNEVILLIERS),
        ("Ville de Gennevilliers", GENNEVILLIERS),
        ("Genevilliers", GENNEVILLIERS),  # a letter missing
        ("Gennevillers", GENNEVILLIERS),
        ("Municipality of Rabat", RABAT),
        ("Commune de Rabat", RABAT),
        ("Gwangju Metropolitan City", GWANGJU),  # an altLabel, and a suffix
        ("광주광역시", GWANGJU),  # an altLabel in another script
        ("Ayuntamiento de Villa Esperanza", VILLA),
        ("VESP", VILLA),  # an acronym given as altLabel
        ("Département du Val-de-Seine", VAL_DE_SEINE),
        ("Val de Seine", VAL_DE_SEINE),
        ("Coalition of Horn Human Rights Defenders", HORN),
    ],
)
def test_variants_are_confident_matches(index, query, expected):
    found = reconcile(index, query)
    assert found[0].entity.iri == expected
    assert found[0].match, [(c.entity.iri, c.score) for c in found]
    assert found[0].score >= MATCH_MIN
    assert not any(c.match for c in found[1:])


@pytest.mark.parametrize(
    "query", ["Paris", "Villa Hermosa", "Geneva", "Rabbit", "Seine-Saint-Denis", ""]
)
def test_negatives_are_never_matches(index, query):
    assert not any(c.match for c in reconcile(index, query, types=["territory", "organisation"]))


def test_a_near_name_is_a_candidate_but_not_a_match(index):
    found = reconcile(index, "Horn Defenders Coalition")
    assert found[0].entity.iri == HORN
    assert not found[0].match


def test_a_contradicting_country_forbids_a_match_and_lowers_the_score(index):
    plain = reconcile(index, "Rabat")[0]
    agreeing = reconcile(index, "Rabat", properties=[("countryCode", "MA")])[0]
    contradicted = reconcile(index, "Rabat", properties=[("countryCode", "FR")])[0]
    assert plain.entity.iri == agreeing.entity.iri == contradicted.entity.iri == RABAT
    assert agreeing.match and not contradicted.match
    assert contradicted.score < plain.score <= agreeing.score


def test_properties_by_iri_curie_or_name(index):
    for pid, value in [
        ("https://w3id.org/hrgraph/ontology#countryCode", "ma"),
        ("hrg:region", "Africa"),
        ("joinedYear", 2022),
        ("country", {"id": "https://w3id.org/hrgraph/vocab/countries/MA"}),
        ("country", "Morocco"),
    ]:
        assert reconcile(index, "Rabat", properties=[(pid, value)])[0].agreed == 1, pid


def test_types_restrict_candidates(index):
    assert all(c.entity.kind == "theme" for c in reconcile(index, "right to food", types="theme"))
    assert reconcile(index, "right to food", types="theme")[0].match
    assert reconcile(index, "Gennevilliers", types=["programme"]) == [] or not any(
        c.match for c in reconcile(index, "Gennevilliers", types=["programme"])
    )
    programme = reconcile(
        index, "Espace Sante Jeunes", types="https://w3id.org/hrgraph/ontology#Programme"
    )
    assert programme[0].match and programme[0].entity.kind == "programme"


def test_namesakes_are_not_matches(index):
    """Two entities with one name: candidates both, a match neither."""
    from hrgraph.reconcile.index import Entity, Index

    twins = Index(
        [
            Entity("urn:a", "territory", {"en": "Santa Cruz"}),
            Entity("urn:b", "territory", {"es": "Santa Cruz"}),
        ]
    )
    found = reconcile(twins, "Santa Cruz")
    assert {c.entity.iri for c in found} == {"urn:a", "urn:b"}
    assert not any(c.match for c in found)


def test_suggest_completes_words_of_names(index):
    assert [e.iri for e in suggest(index, "genne", kinds=["territory"])] == [GENNEVILLIERS]
    assert VAL_DE_SEINE in [e.iri for e in suggest(index, "sei", kinds=["territory"])]
    assert suggest(index, "") == []


def test_index_holds_labels_in_every_language_and_extension_values(index):
    rabat = index.by_iri[RABAT]
    assert rabat.labels == {"en": "Rabat", "fr": "Rabat"}
    assert rabat.country_code == "MA" and rabat.joined == 2022
    assert rabat.values["leader"] and rabat.values["region"][0].name == "Africa"
    food = next(e for e in index.entities if e.iri.endswith("/themes/right-to-food"))
    assert set(food.labels) == {"en", "fr", "es"}
    assert "alimentation" in food.alt
