"""Shared fixtures for the test suite."""

import pytest

from helpers import SEED


@pytest.fixture
def seed_text() -> str:
    return SEED.read_text(encoding="utf-8")
