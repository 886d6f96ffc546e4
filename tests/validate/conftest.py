"""Builds made once per session for the validation tests, clean and deliberately broken."""

import shutil
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))

from validate_support import (  # noqa: E402
    ONTOLOGY,
    SHAPES,
    TEXT_BREAKS,
    TRIG_BREAKS,
    build_dir_of,
    edit_profiles,
)

from helpers import DATA, build_into, corpus_with_fixture_profiles  # noqa: E402
from hrgraph.validate import load_shapes  # noqa: E402
from hrgraph.validate.inputs import ontology_triples  # noqa: E402


@pytest.fixture(scope="session")
def shapes():
    return load_shapes(SHAPES)


@pytest.fixture(scope="session")
def ontology():
    return ontology_triples(ONTOLOGY)[0]


@pytest.fixture(scope="session")
def clean_build(data_build) -> Path:
    """The build of data/ as shipped."""
    return build_dir_of(data_build)


@pytest.fixture(scope="session")
def text_broken(tmp_path_factory) -> tuple[Path, Path]:
    """(build folder, data folder) of data/ plus the fixture profiles, texts broken."""
    root = tmp_path_factory.mktemp("text-broken")
    data = corpus_with_fixture_profiles(root)
    edit_profiles(data, TEXT_BREAKS)
    report = build_into(root / "build", data=data)
    return build_dir_of(report), data


@pytest.fixture(scope="session")
def trig_broken(tmp_path_factory, clean_build) -> Path:
    """A copy of the clean build whose TriG dump was edited by hand."""
    out = tmp_path_factory.mktemp("trig-broken") / "build"
    release = (clean_build / "current").resolve()
    shutil.copytree(release, out / "releases" / release.name)
    (out / "current").symlink_to(Path("releases") / release.name)
    dump = out / "current" / "dumps" / "hrgraph.trig"
    text = dump.read_text(encoding="utf-8")
    for old, new, count in TRIG_BREAKS:
        assert text.count(old) >= count, old
        text = text.replace(old, new, count)
    dump.write_text(text, encoding="utf-8")
    return out


@pytest.fixture(scope="session")
def warnings_only(tmp_path_factory) -> tuple[Path, Path]:
    """(build, data): the editions of Rabat disagree on the year of joining, nothing else."""
    root = tmp_path_factory.mktemp("warnings-only")
    data = root / "data"
    shutil.copytree(DATA, data)
    edit_profiles(data, {"en/rabat.txt": [(r"^2022$", "2023")]})
    return build_dir_of(build_into(root / "build", data=data)), data
