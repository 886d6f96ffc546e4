"""Every example query in queries/ answers correctly on the test corpus.

Expected answers are worked out a second way, from the parsed profiles (the
reader's output) and the vocabulary files read here with rdflib, rather than from
the graph, so a mapping or query mistake shows. Nothing depends on how many or which
profiles the corpus holds.
"""

import unicodedata
from collections import Counter, defaultdict

import pytest
import rdflib
from babel import Locale
from rdflib import URIRef
from rdflib.namespace import SKOS

from helpers import FIXTURE_PROFILES, ROOT, SEED, corpus_files, line_of, source_name
from hrgraph.campaign import page_url
from hrgraph.profile import read_profile
from hrgraph.store.embedded import open_store
from hrgraph.store.query import rows, run

QUERIES = ROOT / "queries"
PROFILE_LIST = [read_profile(p) for p in corpus_files()]
MIXED_LIST = PROFILE_LIST + [read_profile(p) for p in sorted(FIXTURE_PROFILES.rglob("*.txt"))]
HRG = rdflib.Namespace("https://w3id.org/hrgraph/ontology#")
VOCAB = "https://w3id.org/hrgraph/vocab/"
VOCABULARIES = rdflib.Graph()
for _path in sorted((ROOT / "ontology").glob("*.ttl")):
    VOCABULARIES.parse(_path)


def fold(text: str) -> str:
    text = unicodedata.normalize("NFKD", text.replace("\u2019", "'"))
    return " ".join("".join(c for c in text if not unicodedata.combining(c)).casefold().split())


def concept(scheme: str, text: str | None) -> URIRef | None:
    """The concept of ``VOCAB + scheme`` one of whose labels is ``text`` (folded)."""
    if not text:
        return None
    for c in VOCABULARIES.subjects(SKOS.inScheme, URIRef(VOCAB + scheme)):
        for prop in (SKOS.prefLabel, SKOS.altLabel):
            if any(fold(str(label)) == fold(text) for label in VOCABULARIES.objects(c, prop)):
                return c
    return None


def label(c: URIRef, lang: str = "en") -> str:
    return next(str(x) for x in VOCABULARIES.objects(c, SKOS.prefLabel) if x.language == lang)


def by_member(profiles=PROFILE_LIST) -> dict[tuple, list]:
    """The editions of each distinct member, keyed (country code, name) as the reader
    sees them."""
    found = defaultdict(list)
    for p in profiles:
        found[(p.country_code, p.name)].append(p)
    return found


def answer(build, name):
    store, _ = open_store(build.release.path.parent.parent)
    return rows(run(store, (QUERIES / f"{name}.rq").read_text()))


def members():
    """(country code, name) of each distinct member, as the reader sees them."""
    return set(by_member())


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
    programmes, runners = Counter(), defaultdict(set)
    for key, editions in by_member().items():
        for p in editions:
            for prog in p.programmes:
                if theme := concept("themes", prog.theme):
                    programmes[theme] += 1
                    runners[theme].add(key)
    expected = {label(t): (len(runners[t]), n) for t, n in programmes.items()}
    assert got == expected and got


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
    assert ("Gennevilliers", "Distribution de paniers alimentaires") in expected


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
    # a member counts once, though its editions name the region in two languages
    expected = defaultdict(set)
    for key, editions in by_member().items():
        for p in editions:
            if (region := concept("regions", p.region)) and p.joined:
                expected[(label(region), p.joined)].add(key)
    assert got == {k: len(v) for k, v in expected.items()}


def test_theme_labels(data_build):
    got = answer(data_build, "theme-labels")
    assert len(got) >= 24
    assert all(r["en"] and r["fr"] and r["es"] for r in got)
    health = next(r for r in got if r["theme"].endswith("/public-health"))
    assert (health["fr"], health["sdg"]) == ("santé publique", "http://metadata.un.org/sdg/3")


def test_programme_figures(data_build):
    food = URIRef(f"{VOCAB}themes/right-to-food")
    got = {
        (r["title"], float(r["value"]), r["counts"], int(r["line"]))
        for r in answer(data_build, "programme-figures")
    }
    stated = [
        (concept("themes", prog.theme), (prog.title, float(f.value), f.counts, f.line))
        for p in PROFILE_LIST
        for prog in p.programmes
        for f in prog.figures
    ]
    assert got == {figure for theme, figure in stated if theme == food}
    assert {theme for theme, _ in stated} - {food}, "the fixtures state figures on other themes"
    line = line_of(SEED, "35,000 paniers")
    assert ("Distribution de paniers alimentaires", 35000.0, "paniers", line) in got


def test_multilingual_members(data_build):
    got = answer(data_build, "multilingual-members")
    langs = [sorted({p.lang for p in editions}) for editions in by_member().values()]
    expected = Counter((str(len(x)), " ".join(x)) for x in langs if len(x) > 1)
    assert Counter((r["languages"], " ".join(sorted(r["editions"].split()))) for r in got) == (
        expected
    )
    rabat = next(r for r in got if r["member"].endswith("/ma/rabat"))
    assert sorted(rabat["editions"].split()) == ["en", "fr"]


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
    expected = Counter(code for code, _ in members())
    assert got == {code: (Locale("fr").territories[code], n) for code, n in expected.items()}
    assert got["MA"][0] == "Maroc"


def test_programmes_by_sdg(data_build):
    got = {
        r["sdg"].rsplit("/", 1)[1]: int(r["programmes"])
        for r in answer(data_build, "programmes-by-sdg")
    }
    expected = Counter()
    for p in PROFILE_LIST:
        for prog in p.programmes:
            theme = concept("themes", prog.theme)
            for match in VOCABULARIES.objects(theme, SKOS.closeMatch) if theme else ():
                if str(match).startswith("http://metadata.un.org/sdg/"):
                    expected[str(match).rsplit("/", 1)[1]] += 1
    assert got == dict(expected) and got


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
    assert sorted(r["file"] for r in got) == [source_name(p) for p in corpus_files()]
    for path in corpus_files():
        row = next(r for r in got if r["file"] == source_name(path))
        lang, slug = path.parent.name, path.stem
        assert row["page"] == page_url(lang, slug)
        assert row["graph"] == f"https://w3id.org/hrgraph/graph/{lang}/{slug}"
    seed = next(r for r in got if r["file"] == source_name(SEED))
    assert (
        seed["page"]
        == "https://uclg-cisdp.org/fr/villes-territoires-droits-humains-2030/gennevilliers"
    )


def test_members_by_type(data_build, mixed_build):
    for build, profiles in ((data_build, PROFILE_LIST), (mixed_build, MIXED_LIST)):
        got = {r["label"]: int(r["members"]) for r in answer(build, "members-by-type")}
        expected = defaultdict(set)
        for key, editions in by_member(profiles).items():
            for p in editions:
                if gov := concept("government-types", p.government_type):
                    for kind in VOCABULARIES.objects(gov, HRG.impliedMemberType):
                        expected[label(kind)].add(key)
        assert got == {k: len(v) for k, v in expected.items()} and got
    assert len(got) > 1  # the fixture profiles add members that are not cities
