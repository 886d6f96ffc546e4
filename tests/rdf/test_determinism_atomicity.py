"""Same input, same bytes; an interrupted build never touches the live release."""

import os
import shutil
import signal
import subprocess
import sys
import time

import pyoxigraph as ox

from helpers import DATA, PROFILES, build_into
from hrgraph.store.embedded import open_store
from hrgraph.store.query import rows, run

DUMPS = ["hrgraph.ttl", "hrgraph.nt", "hrgraph.nq", "hrgraph.trig", "hrgraph.jsonld",
         "context.jsonld", "void.ttl", "SHA256SUMS"]  # fmt: skip


def test_two_builds_give_byte_identical_dumps(tmp_path, data_build):
    # a second build in another process, with another hash seed
    out = tmp_path / "build"
    env = {**os.environ, "PYTHONHASHSEED": "12345"}
    subprocess.run(
        [
            sys.executable,
            "-m",
            "hrgraph.cli",
            "build",
            "--data",
            str(DATA),
            "--out",
            str(out),
            "-q",
        ],
        check=True,
        env=env,
        capture_output=True,
    )
    for name in DUMPS:
        first = (data_build.release.dumps / name).read_bytes()
        second = (out / "current" / "dumps" / name).read_bytes()
        assert first == second, name


def test_rebuilding_in_the_same_place_keeps_the_dumps_and_prunes_old_releases(tmp_path):
    out = tmp_path / "build"
    reports = [build_into(out) for _ in range(4)]
    ids = {r.release.id.split("-")[0] for r in reports}
    assert len(ids) == 1  # the release id is the content's checksum
    assert len(list((out / "releases").iterdir())) == 2


def _many_profiles(target, copies):
    """A data folder with many distinct profiles, so a build takes a while."""
    shutil.copytree(DATA, target)
    text = (PROFILES / "fr" / "gennevilliers.txt").read_text()
    for i in range(copies):
        page = text.replace("Gennevilliers", f"Ville {i}", 1)
        (target / "profiles" / "fr" / f"ville-{i}.txt").write_text(page)


def test_killing_a_build_midway_leaves_the_served_store_answering(tmp_path):
    out = tmp_path / "build"
    first = build_into(out)
    data = tmp_path / "big"
    _many_profiles(data, 150)
    query = "SELECT (COUNT(*) AS ?n) WHERE { ?m a hrg:Member }"
    store, _ = open_store(out)
    before = rows(run(store, query))
    for delay in (0.5, 1.0, 1.5):
        proc = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "hrgraph.cli",
                "build",
                "--data",
                str(data),
                "--out",
                str(out),
                "-q",
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        time.sleep(delay)
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        # the live release is still the first one, complete and queryable
        assert (out / "current").resolve() == first.release.path
        fresh, release = open_store(out)
        assert rows(run(fresh, query)) == before
        assert release.manifest()["release"] == first.release.manifest()["release"]
        del fresh
    # the store opened before the kills still answers too
    assert rows(run(store, query)) == before
    # and a complete build afterwards replaces it, and clears half-written folders
    report = build_into(out, data=data)
    assert (out / "current").resolve() == report.release.path
    after, _ = open_store(out)
    assert int(rows(run(after, query))[0]["n"]) == 153
    leftovers = [p for p in (out / "releases").iterdir() if p.name.startswith(".tmp-")]
    assert leftovers == []
    assert isinstance(after, ox.Store)
