"""The shipped data/ folder: a smoke test, whatever profiles it holds.

Every other test builds tests/fixtures/corpus. Here only: each profile in data/
reads without error, and ``hrgraph build`` of data/ publishes a release that passes
``hrgraph validate``. Nothing here depends on how many profiles there are, or which.
"""

import json
import subprocess
import sys

import pytest

from helpers import ROOT, corpus_files
from hrgraph.profile import ProfileError, read_profile

SHIPPED = ROOT / "data"
FILES = corpus_files(SHIPPED)


def hrgraph(*args):
    return subprocess.run(
        [sys.executable, "-m", "hrgraph.cli", *map(str, args)], capture_output=True, text=True
    )


def test_data_holds_profiles():
    assert FILES, f"{SHIPPED / 'profiles'}: no profile files"


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.relative_to(SHIPPED).as_posix())
def test_every_shipped_profile_reads(path):
    try:
        profile = read_profile(path)
    except ProfileError as e:
        pytest.fail(str(e))
    assert profile.name and profile.lang and profile.slug


def test_data_builds_and_validates(tmp_path):
    out = tmp_path / "build"
    built = hrgraph("build", "--data", SHIPPED, "--out", out)
    assert built.returncode == 0, built.stderr
    assert (out / "current").is_dir()
    checked = hrgraph("validate", "--build", out, "--format", "json", "--no-cache", "-j", "1")
    assert checked.returncode == 0, checked.stdout + checked.stderr
    # the shapes hold; what the reader noticed (warnings and notes) is reported, but no
    # violation: data/ may hold pages that say less than they could
    report = json.loads(checked.stdout)
    assert report["fail_on"] == "violation" and report["passed"] is True, report["counts"]
