"""Same input, same bytes; an interrupted build never touches the live release."""

import hashlib
import os
import shutil
import signal
import subprocess
import sys

import pytest

from helpers import DATA, FIXTURE_PROFILES, build_into
from hrgraph import faults
from hrgraph.release import Release
from hrgraph.store.embedded import open_store
from hrgraph.store.query import rows, run

MEMBERS = "SELECT (COUNT(*) AS ?n) WHERE { ?m a hrg:Member }"


def build_command(data, out) -> list[str]:
    return [sys.executable, "-m", "hrgraph.cli", "build", "--data", str(data), "--out", str(out)]


def test_two_builds_give_byte_identical_dumps(tmp_path, data_build):
    # a second build in another process, with another hash seed
    out = tmp_path / "build"
    env = {**os.environ, "PYTHONHASHSEED": "12345"}
    subprocess.run(
        build_command(DATA, out),
        check=True,
        env=env,
        capture_output=True,
    )
    names = sorted(p.name for p in data_build.release.dumps.iterdir())
    assert names == sorted(p.name for p in (out / "current" / "dumps").iterdir())
    for name in names:
        first = (data_build.release.dumps / name).read_bytes()
        second = (out / "current" / "dumps" / name).read_bytes()
        assert first == second, name


# A build whose profiles are read by forked processes: the threshold lowered to one
# profile and two cores claimed, so the parallel path runs on any machine; it records
# that the pool read them.
PARALLEL_BUILD = """
import multiprocessing.pool, os, sys
import hrgraph.build
from hrgraph.cli import main
hrgraph.build.PARALLEL_READ_MIN = 1
os.sched_getaffinity = lambda pid: {0, 1}
mapped = multiprocessing.pool.Pool.map
def counted(self, *args, **kwargs):
    sys.stderr.write("read by a pool\\n")
    return mapped(self, *args, **kwargs)
multiprocessing.pool.Pool.map = counted
main(args=sys.argv[1:], prog_name="hrgraph")
"""


def test_profiles_read_in_parallel_give_the_serial_build_byte_for_byte(tmp_path):
    data = tmp_path / "data"
    shutil.copytree(DATA, data)
    (data / "profiles" / "fr" / "broken.txt").write_bytes(b"\x00\x01binary")
    shutil.copy(FIXTURE_PROFILES / "es" / "villa-esperanza.txt", data / "profiles" / "es")
    serial = build_into(tmp_path / "serial", data=data)
    out = tmp_path / "parallel"
    done = subprocess.run(
        [sys.executable, "-c", PARALLEL_BUILD, "build", "--data", str(data), "--out", str(out)],
        capture_output=True,
        text=True,
        timeout=120,  # a result that does not unpickle hangs the pool
    )
    assert "read by a pool" in done.stderr
    assert done.returncode == serial.exit_code == 1  # the broken profile
    assert [e.source for e in serial.errors] == ["profiles/fr/broken.txt"]
    for error in serial.errors:
        assert str(error) in done.stderr
    dumps = out / "current" / "dumps"
    names = sorted(p.name for p in serial.release.dumps.iterdir())
    assert names == sorted(p.name for p in dumps.iterdir())
    for name in names:
        assert (serial.release.dumps / name).read_bytes() == (dumps / name).read_bytes(), name


def test_rebuilding_in_the_same_place_keeps_the_dumps_and_prunes_old_releases(tmp_path):
    out = tmp_path / "build"
    reports = [build_into(out) for _ in range(4)]
    ids = {r.release.id.split("-")[0] for r in reports}
    assert len(ids) == 1  # the release id is the content's checksum
    assert len(list((out / "releases").iterdir())) == 2


def members(store) -> int:
    return int(rows(run(store, MEMBERS))[0]["n"])


def assert_complete(release: Release) -> None:
    """A published release: manifest, store and every dump its checksums name, intact."""
    manifest = release.manifest()
    assert release.store_path.is_dir()
    sums = (release.dumps / "SHA256SUMS").read_text().splitlines()
    assert sums
    for line in sums:
        digest, name = line.split("  ")
        assert hashlib.sha256((release.dumps / name).read_bytes()).hexdigest() == digest
        assert manifest["checksums"][name] == digest


@pytest.fixture(scope="module")
def bigger_data(tmp_path_factory):
    """The corpus plus one more member, so a new release differs from the first."""
    data = tmp_path_factory.mktemp("bigger") / "data"
    shutil.copytree(DATA, data)
    extra = FIXTURE_PROFILES / "es" / "villa-esperanza.txt"
    (data / "profiles" / "es").mkdir(exist_ok=True)
    shutil.copy(extra, data / "profiles" / "es" / extra.name)
    return data


@pytest.mark.parametrize("step", faults.STEPS)
def test_a_build_killed_at_any_step_leaves_the_live_release_answering(tmp_path, bigger_data, step):
    out = tmp_path / "build"
    first = build_into(out)
    store, _ = open_store(out)
    before = members(store)

    env = {**os.environ, faults.ENV: step}
    proc = subprocess.run(build_command(bigger_data, out), env=env, capture_output=True, text=True)
    # the build was running when it reached the step, and died there
    assert proc.returncode == -signal.SIGKILL, proc.stderr
    assert faults.REPORT.format(step=step) in proc.stderr

    # the store opened before the kill still answers, unchanged
    assert members(store) == before
    # `current` names a complete release: the old one, or (once swapped) the new one whole
    fresh, live = open_store(out)
    assert_complete(live)
    if step == "swapped":
        assert live.path != first.release.path
        assert members(fresh) == before + 1
    else:
        assert live.path == first.release.path
        assert members(fresh) == before
        assert live.manifest()["release"] == first.release.manifest()["release"]
    # no release folder readers can see is half written
    for folder in (out / "releases").iterdir():
        if not folder.name.startswith("."):
            assert_complete(Release(folder))
    del fresh

    # a complete build afterwards publishes, and clears what the killed one left
    report = build_into(out, data=bigger_data)
    assert (out / "current").resolve() == report.release.path
    after, _ = open_store(out)
    assert members(after) == before + 1
    assert [p for p in (out / "releases").iterdir() if p.name.startswith(".")] == []
