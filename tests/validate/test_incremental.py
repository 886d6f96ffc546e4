"""One changed profile re-validated against a build gives, for its member, the results
a whole validation of the rebuilt data gives for that member's nodes."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pyoxigraph as ox
import pytest
from validate_support import ONTOLOGY, SHAPES, TEXT_BREAKS, build_dir_of, edit_profiles

from helpers import build_into, corpus_with_fixture_profiles
from hrgraph.validate import InputError, validate_build
from hrgraph.validate.incremental import validate_profile


@pytest.fixture(scope="module")
def clean(tmp_path_factory) -> tuple[Path, Path]:
    """(build, data) of the corpus and the fixture profiles, nothing broken."""
    root = tmp_path_factory.mktemp("incremental")
    data = corpus_with_fixture_profiles(root)
    return build_dir_of(build_into(root / "build", data=data)), data


def key(r) -> tuple:
    loc = r.location
    return (r.severity, r.focus, r.shape, r.component, r.path, r.value, loc.file, loc.line)


def described(build: Path, graphs: list[str]) -> set[str]:
    store = ox.Store.read_only(str(build / "current" / "store"))
    return {
        str(q.subject)
        for g in graphs
        for q in store.quads_for_pattern(None, None, None, ox.NamedNode(g))
    }


@pytest.mark.parametrize("rel", sorted(TEXT_BREAKS))
def test_same_results_as_the_whole_validation(clean, tmp_path, rel):
    build, data = clean
    # the clean build's own validation of the profile: what the build has is kept
    before = validate_profile(build, data / "profiles" / rel, SHAPES, ONTOLOGY)
    changed = tmp_path / "data"
    shutil.copytree(data, changed)
    edit_profiles(changed, {rel: TEXT_BREAKS[rel]})
    quick = validate_profile(build, changed / "profiles" / rel, SHAPES, ONTOLOGY, changed)
    rebuilt = build_dir_of(build_into(tmp_path / "build", data=changed))
    whole = validate_build(rebuilt, SHAPES, ONTOLOGY, findings=False)
    nodes = described(rebuilt, [u.name for u in quick.units])
    expected = sorted(key(r) for r in whole.results if r.focus in nodes)
    assert sorted(key(r) for r in quick.results) == expected
    assert expected, "the break shows in the member's results"
    assert sorted(map(key, before.results)) != expected  # the break changed them
    assert len(quick.units) < len(whole.units)


def test_editions_of_one_member_come_along(clean):
    build, data = clean
    report = validate_profile(build, data / "profiles" / "fr" / "rabat.txt", SHAPES, ONTOLOGY)
    assert sorted(u.label.rsplit("profiles/", 1)[-1] for u in report.units) == [
        "en/rabat.txt",
        "fr/rabat.txt",
    ]


def test_a_file_outside_the_data_folder_is_refused(clean, tmp_path):
    build, data = clean
    outside = tmp_path / "x.txt"
    shutil.copy(data / "profiles" / "fr" / "rabat.txt", outside)
    with pytest.raises(InputError, match="data folder"):
        validate_profile(build, outside, SHAPES, ONTOLOGY)


def test_cli_reports_in_every_format_and_exits_by_severity(clean, tmp_path):
    build, data = clean
    changed = tmp_path / "data"
    shutil.copytree(data, changed)
    edit_profiles(changed, {"en/gwangju.txt": TEXT_BREAKS["en/gwangju.txt"]})
    profile = changed / "profiles" / "en" / "gwangju.txt"
    base = [sys.executable, "-m", "hrgraph.cli", "validate", "--build", str(build)]
    for fmt in ("text", "json", "turtle", "junit", "github", "sarif"):
        done = subprocess.run(
            [*base, "--profile", str(profile), "--format", fmt],
            capture_output=True,
            text=True,
            env={**os.environ, "HRGRAPH_DATA_DIR": str(changed)},
        )
        assert done.returncode == 1, (fmt, done.stderr)
        assert "Territory-region" in done.stdout or "region" in done.stdout, fmt
    found = json.loads(
        subprocess.run(
            [*base, "--profile", str(profile), "--format", "json"],
            capture_output=True,
            text=True,
            env={**os.environ, "HRGRAPH_DATA_DIR": str(changed)},
        ).stdout
    )
    assert found
    missing = subprocess.run(
        [*base, "--profile", str(tmp_path / "nowhere.txt")], capture_output=True, text=True
    )
    assert missing.returncode == 2 and "error:" in missing.stderr
    assert "Traceback" not in missing.stderr
