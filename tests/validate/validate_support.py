"""Paths, broken-data recipes and helpers shared by the validation tests."""

import re
from pathlib import Path

from click.testing import CliRunner

from helpers import DATA, PROFILES, ROOT
from hrgraph.cli import main

SHAPES = ROOT / "shapes"
ONTOLOGY = ROOT / "ontology"
VALIDATE_FIXTURES = Path(__file__).resolve().parent / "fixtures"
# how reports name the test corpus's profiles when run from the repository root
CORPUS_PROFILES = PROFILES.relative_to(ROOT).as_posix()
CORPUS_ENV = {"HRGRAPH_DATA_DIR": str(DATA)}


def run_validate(*args, env=None):
    """``hrgraph validate ARGS`` in-process, with only the environment given."""
    runner = CliRunner()
    return runner.invoke(main, ["validate", *map(str, args)], env=env or {}, catch_exceptions=False)


def build_dir_of(report) -> Path:
    """The build folder of a BuildReport (``<out>/releases/<id>``)."""
    return report.release.path.parent.parent


def edit_profiles(target: Path, edits: dict[str, list[tuple[str, str]]]) -> None:
    """Apply ``(pattern, replacement)`` line edits (regular expressions) to profile files."""
    for rel, pairs in edits.items():
        path = target / "profiles" / rel
        text = path.read_text(encoding="utf-8")
        for pattern, replacement in pairs:
            new = re.sub(pattern, replacement, text, count=1, flags=re.M)
            assert new != text, f"{rel}: {pattern!r} not found"
            text = new
        path.write_text(text, encoding="utf-8")


# Edits to real profile texts that make the build emit triples that break a rule, and
# where the result must point: (rule, profile file, line).
TEXT_BREAKS = {
    "fr/gennevilliers.txt": [
        (r"^2020 - 2026$", "2026 - 2020"),  # mandate ends before it starts
        (r"\(santé publique\)", "(astrologie)"),  # a theme no scheme has
    ],
    "en/gwangju.txt": [(r"^Asia Pacific$", "Atlantis Region")],  # no such region
    "en/rabat.txt": [(r"^2022$", "2023")],  # en says 2023, fr says 2022
    "fr/rabat.txt": [(r"^6 ans$", "2020 - 2025")],  # fr: 5 years from dates, en: 6 years
    "es/villa-esperanza.txt": [
        (r"^(PAÍS\n).*$", r"\1Narnia"),  # unknown country
        (r"^2023\n", ""),  # the year of joining's value removed: its label is line 7
    ],
    "fr/val-de-seine.txt": [(r"^2022$", "1990")],  # before the campaign: read as no year
}
TEXT_EXPECT = [
    ("Mandate-order", "violation", "fr/gennevilliers.txt", 12),
    ("Programme-theme", "violation", "fr/gennevilliers.txt", 45),
    ("Territory-region", "violation", "en/gwangju.txt", 4),
    ("Member-joinedYear-single", "warning", "en/rabat.txt", 8),
    ("Member-joinedYear-single", "warning", "fr/rabat.txt", 8),
    ("Mandate-durationYears-single", "warning", "en/rabat.txt", 12),
    ("Mandate-durationYears-single", "warning", "fr/rabat.txt", 12),
    ("Territory-country", "violation", "es/villa-esperanza.txt", 6),
    ("Territory-joinedYear", "violation", "fr/val-de-seine.txt", 8),
    ("Territory-joinedYear", "violation", "es/villa-esperanza.txt", 7),
]


# Edits to a built TriG dump, for rules no profile text can break (the reader and the
# mapping only emit well-formed values): (old, new, how many times).
TRIG_BREAKS = [
    ('hrg:leaderTitle "Mayor"@en', 'hrg:leaderTitle "Mayor"@de', 1),  # gwangju (first)
    ("hrg:value 9.0", 'hrg:value "nine"', 1),  # a figure of gennevilliers
    ('hrg:countryCode "KR"', 'hrg:countryCode "KR"^^xsd:token', 1),  # gwangju
    # the French edition of Rabat gives another country: two countries for one member
    ("hrg:country country:MA", "hrg:country country:MA, country:ES", 1),
    # a vocabulary concept with its bounds the wrong way round
    ("hrg:maxPopulation 250000", "hrg:maxPopulation 25000", 1),
]
TRIG_EXPECT = [
    ("Mandate-leaderTitle", "violation", f"{CORPUS_PROFILES}/en/gwangju.txt", 10),
    ("Figure-value", "violation", f"{CORPUS_PROFILES}/fr/gennevilliers.txt", 53),
    ("Member-countryCode", "violation", f"{CORPUS_PROFILES}/en/gwangju.txt", 6),
    ("PopulationRange-order", "violation", "ontology/population-ranges.ttl", 75),
]
