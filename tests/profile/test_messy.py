"""Each messy thing real pages do, one test each."""

import pickle

import pytest

from helpers import FIXTURE_PROFILES, PROFILES, line_of
from hrgraph.campaign import JOINED_MAX, JOINED_MIN
from hrgraph.profile import ProfileError, read_profile, read_profile_text
from hrgraph.profile.model import Figure, Mandate, Population
from hrgraph.profile.quantities import find_figures, parse_mandate, parse_number, parse_population

HEADER = """{name}

RÉGION
Europe
PAYS
France
ANNÉE D'ADHÉSION À LA CAMPAGNE MONDIALE
2023
LEADER LOCAL / RÉGIONAL
Jeanne Martin, Maire
DURÉE DU MANDAT
{mandate}
TYPE DE GOUVERNEMENT
Ville / Municipalité
ÉTENDUE DE LA POPULATION
{population}
"""


def page(name="Ville-Test", mandate="2020 - 2026", population="Ville de moins de 50 000 habitants"):
    return HEADER.format(name=name, mandate=mandate, population=population)


def messages(profile):
    return [w.message for w in profile.warnings]


def test_heading_typo_still_opens_the_vision_section(seed_text):
    assert "DETROITS HUMAINS" in seed_text
    p = read_profile_text(seed_text, "seed.txt", lang="fr")
    assert len(p.vision) == 2


def test_labels_mixing_languages_are_recognised():
    text = page().replace("ANNÉE D'ADHÉSION", "ANNÉE D'ADHESIÓN")
    p = read_profile_text(text, "x.txt")
    assert p.joined == 2023


def test_english_title_on_french_page_is_kept_and_tagged():
    p = read_profile_text(page().replace("Jeanne Martin, Maire", "Jeanne Martin, Mayor"), "x")
    p.lang = "fr"
    assert p.leader.title == "Mayor"
    assert p.leader.title_lang == "en"


@pytest.mark.parametrize(
    "text, value",
    [("50.000", 50_000), ("35,000", 35_000), ("50 000", 50_000), ("1.000.000", 1_000_000),
     ("50\u00a0000", 50_000), ("2,5", 2.5), ("12", 12)],
)  # fmt: skip
def test_thousands_separators(text, value):
    assert parse_number(text) == value


def test_population_with_spaces_as_separators():
    p = read_profile_text(page(population="Ville entre 50 000 et 250 000 habitants"), "x")
    assert (p.population.min, p.population.max) == (50_000, 250_000)


def test_non_breaking_spaces_on_blank_looking_lines_and_line_ends():
    text = page().replace("\n\n", "\n\u00a0\n").replace("Europe\n", "Europe\u00a0\u00a0\n")
    p = read_profile_text(
        text + "\u00a0\nMOTIVATIONS POUR REJOINDRE LA CAMPAGNE\n\u00a0\nTexte.", "x"
    )
    assert p.region == "Europe"
    assert p.motivations == ["Texte."]


@pytest.mark.parametrize("mandate", ["2020 – 2026", "2020—2026", "2020-2026", "2020 à 2026"])
def test_dashes_in_year_ranges(mandate):
    p = read_profile_text(page(mandate=mandate), "x")
    assert (p.mandate.start, p.mandate.end, p.mandate.years) == (2020, 2026, 6)


@pytest.mark.parametrize("mandate, years", [("6 years", 6), ("6 ans", 6), ("4 años", 4)])
def test_mandate_as_a_duration(mandate, years):
    m = parse_mandate(mandate)
    assert (m.start, m.end, m.years) == (None, None, years)


def test_open_ended_population_range_has_no_upper_bound():
    p = read_profile(PROFILES / "en" / "rabat.txt")
    assert (p.population.min, p.population.max) == (1_000_000, None)
    assert parse_population("Ciudades de menos de 50.000 habitantes").max == 50_000
    assert parse_population("Ciudades de menos de 50.000 habitantes").min is None


def test_value_belonging_to_another_field_is_warned_about():
    path = PROFILES / "en" / "gwangju.txt"
    p = read_profile(path)
    assert p.population.label == "Supralocal, regional, provincial governments"
    assert (p.population.min, p.population.max) == (None, None)
    warning = next(w for w in p.warnings if w.field == "population")
    assert warning.line == line_of(path, p.population.label)
    assert "government level" in warning.message


def test_missing_sections_are_null_and_warned():
    p = read_profile(PROFILES / "fr" / "rabat.txt")
    assert (p.vision, p.motivations, p.programmes) == ([], [], [])
    for section in ("vision", "motivations", "programmes"):
        assert f"section {section} is missing" in messages(p)


def test_missing_header_value_is_null_and_warned():
    text = page().replace("PAYS\nFrance\n", "PAYS\n")
    p = read_profile_text(text, "x")
    assert p.country is None and p.country_code is None
    assert p.joined == 2023  # the next field is still read
    assert any("has no value" in m for m in messages(p))


def test_contradiction_inside_a_programme_quotes_both_statements():
    text = page() + (
        "POLITIQUES, MÉCANISMES ET PROGRAMMES LOCAUX\n\n"
        "• Jardins partagés (droit à l'alimentation)\n\n"
        "Les jardins ouverts entre 2019 et 2021 nourrissent 300 familles.\n\n"
        "Au total, les jardins ouverts entre 2019 et 2023 sont 12.\n"
    )
    p = read_profile_text(text, "x")
    found = [w for w in p.warnings if "two periods" in w.message]
    assert len(found) == 1
    for period in ("entre 2019 et 2021", "entre 2019 et 2023"):
        assert period in found[0].message
        assert f"(line {line_of(text, period)})" in found[0].message


def test_country_codes_come_from_names_in_each_language():
    for path, code in [("en/gwangju.txt", "KR"), ("fr/rabat.txt", "MA"), ("en/rabat.txt", "MA")]:
        assert read_profile(PROFILES / path).country_code == code


def test_unknown_country_is_warned_not_guessed():
    p = read_profile_text(page().replace("France", "Atlantide"), "x")
    assert p.country == "Atlantide" and p.country_code is None
    assert any("matches no ISO 3166-1 country" in m for m in messages(p))


def test_unrecognised_label_is_read_by_position_with_a_warning():
    p = read_profile_text(page().replace("PAYS", "NATION DU MEMBRE"), "x")
    assert p.country_code == "FR"
    assert any("read as country by position" in m for m in messages(p))


@pytest.mark.parametrize(
    "data, line, words",
    [
        (b"", None, "empty"),
        (b"  \n \n", None, "empty"),
        (b"Ville\n\x00\x01\x02", 2, "binary"),
        ("Ville\n\nPAYS\nCôte\n".encode("latin-1"), 4, "not UTF-8"),
        (b"Just a note\nwith no header at all\n", 2, "no recognisable profile header"),
    ],
)
def test_files_that_are_not_profiles_are_errors_naming_file_and_line(tmp_path, data, line, words):
    path = tmp_path / "fr" / "broken.txt"
    path.parent.mkdir()
    path.write_bytes(data)
    with pytest.raises(ProfileError) as e:
        read_profile(path)
    assert e.value.source == str(path)
    assert e.value.line == line
    assert words in e.value.message
    assert str(path) in str(e.value)


def test_a_profile_and_its_error_survive_pickling_whole(tmp_path):
    # builds read profiles in other processes and receive these back
    profile = read_profile(FIXTURE_PROFILES / "es" / "villa-esperanza.txt")
    assert pickle.loads(pickle.dumps(profile)) == profile
    error = ProfileError("profiles/fr/broken.txt", 4, "not UTF-8 text")
    back = pickle.loads(pickle.dumps(error))
    assert (back.source, back.line, back.message, str(back)) == (
        error.source,
        error.line,
        error.message,
        str(error),
    )


def test_spanish_page_parses_completely():
    p = read_profile(FIXTURE_PROFILES / "es" / "villa-esperanza.txt")
    assert (p.lang, p.name, p.region, p.country_code) == (
        "es",
        "Villa Esperanza",
        "América Latina",
        "CO",
    )
    assert (p.leader.name, p.leader.title, p.leader.title_lang) == (
        "María Fernanda Rojas",
        "Alcaldesa",
        "es",
    )
    assert (p.mandate.start, p.mandate.end) == (2024, 2027)
    assert (p.population.min, p.population.max) == (250_000, 1_000_000)
    assert [v.question[:18] for v in p.vision] == ["¿Por qué el papel ", "¿Por qué los derec"]
    assert len(p.motivations) == 2
    assert [x.theme for x in p.programmes] == [
        "derecho a la alimentación y seguridad alimentaria",
        "derechos de las personas mayores",
    ]
    canteens = p.programmes[0].figures
    assert [(f.value, f.counts, f.period) for f in canteens] == [
        (12, "comedores", None),
        (4500, "almuerzos", "2021-, per day"),
    ]
    assert p.warnings == []


def test_civil_society_member_with_duration_mandate():
    p = read_profile(FIXTURE_PROFILES / "en" / "horn-defenders.txt")
    assert p.government_type == "Civil society organisation"
    assert (p.mandate.years, p.mandate.start) == (3, None)
    assert p.programmes[0].figures[0].counts == "safe houses"
    assert p.programmes[0].figures[1].period == "2023"


def test_language_is_guessed_from_labels_when_the_path_does_not_say(tmp_path):
    path = tmp_path / "somewhere.txt"
    path.write_text(page(), encoding="utf-8")
    assert read_profile(path).lang == "fr"
    path = tmp_path / "other.txt"
    path.write_text((FIXTURE_PROFILES / "es" / "villa-esperanza.txt").read_text(), "utf-8")
    assert read_profile(path).lang == "es"


@pytest.mark.parametrize(
    "year, kept",
    [(JOINED_MIN, True), (JOINED_MAX, True), (JOINED_MIN - 1, False), (JOINED_MAX + 1, False)],
)
def test_a_year_of_joining_outside_the_campaign_is_warned_and_left_empty(year, kept):
    text = page().replace("\n2023\n", f"\n{year}\n")
    p = read_profile_text(text, "x")
    assert p.joined == (year if kept else None)
    line = line_of(text, str(year))
    found = [w for w in p.warnings if w.field == "joined"]
    assert [(w.line, "is not a year" in w.message) for w in found] == (
        [] if kept else [(line, True)]
    )


def test_quantities_give_the_records_the_profile_holds():
    assert parse_mandate("2020 - 2026") == Mandate(2020, 2026, 6, label="2020 - 2026")
    assert parse_population("Ville entre 50.000 et 250.000 habitants") == Population(
        50_000, 250_000, label="Ville entre 50.000 et 250.000 habitants"
    )
    (figure,) = find_figures("Nous distribuons 300 paniers par an.", "fr", line=7)
    assert isinstance(figure, Figure)
    assert (figure.value, figure.counts, figure.line, figure.per_year) == (300, "paniers", 7, True)
