"""Shared fixtures: real builds, made once per test session."""

import pytest

from helpers import FIXTURE_PROFILES, SEED, build_into


@pytest.fixture
def seed_text() -> str:
    return SEED.read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def data_build(tmp_path_factory):
    """A build of the test corpus (tests/fixtures/corpus)."""
    out = tmp_path_factory.mktemp("data-build") / "build"
    report = build_into(out)
    assert report.exit_code == 0
    return report


@pytest.fixture(scope="session")
def mixed_build(tmp_path_factory):
    """The corpus plus the fixture profiles (Spanish city, coalition, département)."""
    out = tmp_path_factory.mktemp("mixed-build") / "build"
    return build_into(out, extra_profiles=sorted(FIXTURE_PROFILES.rglob("*.txt")))
