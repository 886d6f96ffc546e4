"""The reference page, field by field."""

from helpers import SEED, line_of
from hrgraph.profile import read_profile

TEXT = SEED.read_text(encoding="utf-8")


def test_seed_header_fields():
    p = read_profile(SEED)
    assert (p.lang, p.slug, p.name) == ("fr", "gennevilliers", "Gennevilliers")
    assert (p.region, p.country, p.country_code) == ("Europe", "France", "FR")
    assert p.joined == 2022
    assert (p.leader.name, p.leader.title, p.leader.title_lang) == (
        "Patrice Leclerc",
        "Mayor",
        "en",
    )
    assert (p.mandate.start, p.mandate.end, p.mandate.years) == (2020, 2026, 6)
    assert p.government_type == "Ville / Municipalité"
    assert (p.population.min, p.population.max) == (50_000, 250_000)
    assert p.population.label == "Ville entre 50.000 et 250.000 habitants"


def test_seed_source_lines():
    p = read_profile(SEED)
    assert p.lines["name"] == line_of(TEXT, "Gennevilliers") == 1
    # each header value is on the line after its label
    assert p.lines["region"] == line_of(TEXT, "RÉGION") + 1 == line_of(TEXT, "Europe")
    assert p.lines["country"] == line_of(TEXT, "PAYS") + 1 == line_of(TEXT, "France")
    assert p.lines["leader"] == line_of(TEXT, "Patrice Leclerc, Mayor")
    assert p.lines["population"] == line_of(TEXT, "Ville entre 50.000 et 250.000 habitants")
    assert p.lines["vision"] == line_of(TEXT, "VISION EN TANT QUE")
    assert p.lines["programmes"] == line_of(TEXT, "POLITIQUES, MÉCANISMES")
    assert [prog.line for prog in p.programmes] == [
        line_of(TEXT, f"• {title}")
        for title in ("Espace Santé Jeunes", "Observatoire local", "Distribution de paniers")
    ]


def test_seed_vision_and_motivations():
    p = read_profile(SEED)
    assert len(p.vision) == 2
    assert p.vision[0].question.startswith("Pourquoi le rôle des collectivités territoriales")
    assert p.vision[0].answer.startswith("L’action des collectivités est aujourd’hui essentielle")
    assert "cnstater" in p.vision[0].answer  # the page's typo is kept, not corrected
    assert p.vision[1].question.endswith("guider l'action locale ?")
    assert p.vision[1].answer.endswith("affirmer le droit de chacun de jouir de ses droits.")
    assert len(p.motivations) == 1
    assert p.motivations[0].startswith("La force du collectif")


def test_seed_programmes_and_themes():
    p = read_profile(SEED)
    assert [(x.title, x.theme) for x in p.programmes] == [
        ("Espace Santé Jeunes", "santé publique"),
        ("Observatoire local des discriminations", "Anti-discrimination et anti-xénophobie"),
        (
            "Distribution de paniers alimentaires",
            "droit à l’alimentation et à la sécurité alimentaire",
        ),
    ]
    assert all(x.description for x in p.programmes)
    assert p.programmes[0].description.endswith("2000 jeunes et 200 parents par an.")


def test_seed_figures():
    p = read_profile(SEED)
    health, observatory, baskets = p.programmes
    assert [(f.value, f.counts, f.per_year) for f in health.figures] == [
        (2000, "jeunes", True),
        (200, "parents", True),
    ]
    assert [(f.value, f.counts, f.period) for f in observatory.figures] == [
        (9, "élus", None),
        (9, "habitants", None),
    ]
    # 2018 is a date ("en 2018 un diagnostic"), not a figure
    assert all(f.value != 2018 for f in observatory.figures)
    assert [(f.value, f.counts, f.period_start, f.period_end) for f in baskets.figures] == [
        (35_000, "paniers", 2020, 2025)
    ]
    assert baskets.figures[0].line == line_of(TEXT, "35,000 paniers")


def test_seed_warnings_are_honest():
    p = read_profile(SEED)
    messages = [(w.line, w.message) for w in p.warnings]
    # the English title on a French page
    leader = line_of(TEXT, "Patrice Leclerc, Mayor")
    assert any(line == leader and "'Mayor' is in en on a fr page" in m for line, m in messages)
    # the contradiction is reported, quoting both statements with their lines
    contradiction = [m for _, m in messages if "two periods" in m]
    assert len(contradiction) == 1
    assert "entre 2020 et 2022" in contradiction[0] and "entre 2020 et 2025" in contradiction[0]
    assert f"(line {line_of(TEXT, 'entre 2020 et 2025')})" in contradiction[0]
    # nothing else: the seed is complete
    assert len(messages) == 2
