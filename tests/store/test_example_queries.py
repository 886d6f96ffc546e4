"""Every example query in queries/ answers correctly on data/.

Expected answers are worked out a second way, from the parsed profiles (the
reader's output) rather than from the graph, so a mapping or query mistake shows.
"""

from collections import Counter

import pytest

from helpers import PROFILES, ROOT
from hrgraph.profile import read_profile
from hrgraph.store.embedded import open_store
from hrgraph.store.query import rows, run

QUERIES = ROOT / "queries"
PROFILE_LIST = [read_profile(p) for p in sorted(PROFILES.rglob("*.txt"))]
B = "https://w3id.org/hrgraph/id/"


def answer(build, name):
    store, _ = open_store(build.release.path.parent.parent)
    return rows(run(store, (QUERIES / f"{name}.rq").read_text()))


def members():
    """(country code, name) of each distinct member, as the reader sees them."""
    return {(p.country_code, p.name) for p in PROFILE_LIST}


def test_every_query_file_has_a_test_and_a_description():
    tested = {name.removeprefix("test_") for name in globals() if name.startswith("test_")}
    for path in QUERIES.glob("*.rq"):
        assert path.stem.replace("-", "_") in tested, f"{path.name} has no test"
        first = path.read_text().splitlines()[0]
        assert first.startswith("# ") and len(first) > 10, path.name


def test_territories_per_theme(data_build):
    got = {
        r["label"]: (int(r["members"]), int(r["programmes"]))
        for r in answer(data_build, "territories-per-theme")
    }
    themes = Counter(prog.theme for p in PROFILE_LIST for prog in p.programmes)
    assert sum(n for _, n in got.values()) == sum(themes.values())
    assert got["public health"] == (1, 1)
    assert len(got) == len(themes)


def test_food_programmes_small_cities(data_build):
    got = answer(data_build, "food-programmes-small-cities")
    expected = {
        (p.name, prog.title)
        for p in PROFILE_LIST
        if p.population.max is not None and p.population.max <= 250_000
        for prog in p.programmes
        if prog.theme and "aliment" in prog.theme
    }
    assert {(r["name"], r["title"]) for r in got} == expected
    assert expected == {("Gennevilliers", "Distribution de paniers alimentaires")}


@pytest.mark.parametrize("year", [2026])
def test_mandates_ending_by(data_build, year):
    got = {(r["leaderName"], int(r["end"])) for r in answer(data_build, "mandates-ending-by")}
    expected = {
        (p.leader.name, p.mandate.end)
        for p in PROFILE_LIST
        if p.mandate.end is not None and p.mandate.end <= year
    }
    assert got == expected and got


def test_members_per_region_and_year(data_build):
    got = {
        (r["regionLabel"], int(r["joined"])): int(r["members"])
        for r in answer(data_build, "members-per-region-and-year")
    }
    assert sum(got.values()) == len(members())
    assert got[("Europe", 2022)] == 1
    assert got[("Africa", 2022)] == 1  # Rabat once, though two editions say "Africa"/"Afrique"


def test_theme_labels(data_build):
    got = answer(data_build, "theme-labels")
    assert len(got) >= 24
    assert all(r["en"] and r["fr"] and r["es"] for r in got)
    health = next(r for r in got if r["theme"].endswith("/public-health"))
    assert (health["fr"], health["sdg"]) == ("santé publique", "http://metadata.un.org/sdg/3")


def test_programme_figures(data_build):
    got = {
        (r["title"], float(r["value"]), r["counts"], int(r["line"]))
        for r in answer(data_build, "programme-figures")
    }
    expected = {
        (prog.title, float(f.value), f.counts, f.line)
        for p in PROFILE_LIST
        for prog in p.programmes
        for f in prog.figures
    }
    assert got == expected
    assert ("Distribution de paniers alimentaires", 35000.0, "paniers", 59) in got


def test_multilingual_members(data_build):
    got = answer(data_build, "multilingual-members")
    by_name = Counter(p.country_code + (p.name or "") for p in PROFILE_LIST)
    assert len(got) == sum(1 for n in by_name.values() if n > 1)
    assert got == [{"member": B + "territory/ma/rabat", "languages": "2", "editions": "en fr"}]


def test_members_by_population_range(data_build):
    got = {
        (r["min"], r["max"]): int(r["members"])
        for r in answer(data_build, "members-by-population-range")
    }
    expected = Counter(
        (str(p.population.min or ""), str(p.population.max or ""))
        for p in {
            p.country_code: p for p in PROFILE_LIST if p.population.min or p.population.max
        }.values()
    )
    assert got == dict(expected)


def test_members_by_country(data_build):
    got = {
        r["code"]: (r["fr"], int(r["members"])) for r in answer(data_build, "members-by-country")
    }
    assert set(got) == {p.country_code for p in PROFILE_LIST}
    assert got["MA"] == ("Maroc", 1)
    assert got["KR"][0] == "Corée du Sud"


def test_programmes_by_sdg(data_build):
    got = {
        r["sdg"].rsplit("/", 1)[1]: int(r["programmes"])
        for r in answer(data_build, "programmes-by-sdg")
    }
    assert got == {"2": 1, "3": 1, "10": 1}


def test_leaders_and_titles(data_build):
    got = {
        (r["leaderName"], r["title"], r["titleLang"])
        for r in answer(data_build, "leaders-and-titles")
    }
    expected = {(p.leader.name, p.leader.title, p.leader.title_lang) for p in PROFILE_LIST}
    assert got == expected
    assert ("Patrice Leclerc", "Mayor", "en") in got  # English title on a French page


def test_profile_sources(data_build):
    got = answer(data_build, "profile-sources")
    assert sorted(r["file"] for r in got) == sorted(
        p.relative_to(PROFILES.parent).as_posix() for p in PROFILES.rglob("*.txt")
    )
    seed = next(r for r in got if r["file"] == "profiles/fr/gennevilliers.txt")
    assert (
        seed["page"]
        == "https://uclg-cisdp.org/fr/villes-territoires-droits-humains-2030/gennevilliers"
    )
    assert seed["graph"] == "https://w3id.org/hrgraph/graph/fr/gennevilliers"


def test_members_by_type(data_build, mixed_build):
    got = {r["label"]: int(r["members"]) for r in answer(data_build, "members-by-type")}
    assert got == {"City": 3}
    mixed = {r["label"]: int(r["members"]) for r in answer(mixed_build, "members-by-type")}
    assert mixed["City"] == 4
    assert sum(mixed.values()) == 6
