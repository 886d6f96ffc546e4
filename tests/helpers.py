"""Paths and small helpers shared by the tests."""

from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "data"
PROFILES = DATA / "profiles"
FIXTURES = Path(__file__).resolve().parent / "fixtures"
FIXTURE_PROFILES = FIXTURES / "profiles"
SEED = PROFILES / "fr" / "gennevilliers.txt"
