"""Country names as pages print them, in English, French and Spanish -> ISO codes."""

import json

import pytest

from hrgraph.countries import country_code, render_alternatives
from hrgraph.profile import read_profile_text

# (language, name as printed, ISO 3166-1 alpha-2)
VARIANTS = {
    "en": [
        ("Republic of Korea", "KR"), ("South Korea", "KR"), ("Korea, Republic of", "KR"),
        ("Democratic Republic of the Congo", "CD"), ("DR Congo", "CD"), ("DRC", "CD"),
        ("Congo (DRC)", "CD"), ("Republic of the Congo", "CG"), ("Ivory Coast", "CI"),
        ("Côte d'Ivoire", "CI"), ("The Netherlands", "NL"), ("Netherlands", "NL"),
        ("UK", "GB"), ("U.K.", "GB"), ("United Kingdom", "GB"), ("The Gambia", "GM"),
        ("State of Palestine", "PS"), ("Palestine", "PS"), ("USA", "US"), ("US", "US"),
        ("United States", "US"), ("Turkey", "TR"), ("Türkiye", "TR"), ("Swaziland", "SZ"),
        ("Eswatini", "SZ"), ("Cape Verde", "CV"), ("Cabo Verde", "CV"), ("Bolivia", "BO"),
        ("Plurinational State of Bolivia", "BO"), ("United Republic of Tanzania", "TZ"),
        ("UAE", "AE"), ("Czech Republic", "CZ"), ("East Timor", "TL"), ("Morocco", "MA"),
        ("Russia", "RU"), ("Central African Republic", "CF"),
    ],
    "fr": [
        ("République de Corée", "KR"), ("Corée du Sud", "KR"), ("RDC", "CD"),
        ("RD Congo", "CD"), ("République démocratique du Congo", "CD"), ("Congo (RDC)", "CD"),
        ("République du Congo", "CG"), ("Côte d’Ivoire", "CI"), ("Cote d'Ivoire", "CI"),
        ("Pays-Bas", "NL"), ("les Pays-Bas", "NL"), ("Royaume-Uni", "GB"), ("Gambie", "GM"),
        ("la Gambie", "GM"), ("État de Palestine", "PS"), ("Etat de Palestine", "PS"),
        ("Territoires palestiniens", "PS"), ("États-Unis", "US"), ("Etats-Unis", "US"),
        ("Türkiye", "TR"), ("Turquie", "TR"), ("Maroc", "MA"), ("le Maroc", "MA"),
        ("Cap-Vert", "CV"), ("Mexique", "MX"), ("la France", "FR"), ("Russie", "RU"),
        ("Émirats arabes unis", "AE"), ("République centrafricaine", "CF"),
    ],
    "es": [
        ("República de Corea", "KR"), ("Corea del Sur", "KR"), ("RDC", "CD"),
        ("RD Congo", "CD"), ("República Democrática del Congo", "CD"), ("Costa de Marfil", "CI"),
        ("Países Bajos", "NL"), ("los Países Bajos", "NL"), ("Reino Unido", "GB"),
        ("Gambia", "GM"), ("Estado de Palestina", "PS"), ("Palestina", "PS"),
        ("EE. UU.", "US"), ("EEUU", "US"), ("Estados Unidos", "US"), ("México", "MX"),
        ("Mexico", "MX"), ("Marruecos", "MA"), ("España", "ES"), ("Suazilandia", "SZ"),
        ("Rusia", "RU"), ("Timor Oriental", "TL"), ("Emiratos Árabes Unidos", "AE"),
    ],
}  # fmt: skip
CASES = [(lang, name, code) for lang, rows in VARIANTS.items() for name, code in rows]


@pytest.mark.parametrize("lang, name, code", CASES, ids=[f"{c[0]}:{c[1]}" for c in CASES])
def test_country_variants(lang, name, code):
    assert country_code(name) == code
    assert country_code(name.upper()) == code  # pages print labels and values in capitals


@pytest.mark.parametrize("name", ["Narnia", "Atlantis", "Congo-Narnia", "", "   ", "XX"])
def test_unknown_names_stay_unknown(name):
    assert country_code(name) is None


def test_iso_codes_are_never_taken_by_a_derived_form():
    """ "R.-U." folds to "ru", the ISO code of Russia: the code keeps its country."""
    assert country_code("RU") == "RU" and country_code("SA") == "SA"
    assert country_code("CR") == "CR"  # not the Czech Republic's initials


@pytest.mark.parametrize(
    "lang, label, name, code",
    [("fr", "PAYS", "RD Congo", "CD"), ("en", "COUNTRY", "Republic of Korea", "KR"),
     ("es", "PAÍS", "Estado de Palestina", "PS")],
)  # fmt: skip
def test_the_reader_recognises_them(lang, label, name, code):
    page = f"Ville\n\nRÉGION\nAfrique\n{label}\n{name}\nANNÉE D'ADHÉSION\n2023\n"
    p = read_profile_text(page, "x.txt", lang=lang)
    assert p.country_code == code
    assert not [w for w in p.warnings if w.rule == "Reader-countryUnknown"]


def test_alternatives_are_generated_from_cldr_json(tmp_path):
    """The generator reads CLDR's JSON territories (the -alt- keys) for our languages."""
    (tmp_path / "package.json").write_text(json.dumps({"version": "99.0.0"}), "utf-8")
    for lang, alt in (("en", "Ivory Coast"), ("fr", "Côte-d’Ivoire"), ("es", "Marfil")):
        folder = tmp_path / "main" / lang
        folder.mkdir(parents=True)
        territories = {"CI": "x", "CI-alt-variant": alt, "GB-alt-short": "UK", "001": "World"}
        data = {"main": {lang: {"localeDisplayNames": {"territories": territories}}}}
        (folder / "territories.json").write_text(json.dumps(data, ensure_ascii=False), "utf-8")
    namespace: dict = {}
    exec(render_alternatives(tmp_path), namespace)
    assert namespace["CLDR_VERSION"] == "99.0.0"
    assert namespace["ALTERNATIVES"]["en"] == {"CI": ("Ivory Coast",), "GB": ("UK",)}
    assert namespace["ALTERNATIVES"]["fr"]["CI"] == ("Côte-d’Ivoire",)
