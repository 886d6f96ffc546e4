"""The fixture campaign site (fixture_site.py), served on a free localhost port."""

from __future__ import annotations

import pytest

from harvest.fixture_site import FixtureSite, served


@pytest.fixture
def site():
    with served(FixtureSite()) as fixture:
        yield fixture
