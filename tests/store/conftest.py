"""Store tests share the corpus build."""

import pytest


@pytest.fixture(scope="session")
def build_dir(data_build):
    return data_build.release.path.parent.parent
