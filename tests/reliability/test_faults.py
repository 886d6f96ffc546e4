"""Faults: the builder and the harvester killed (SIGKILL) at random moments, and a
corrupted store. The live release keeps answering, no release is half-published, the
data folder is never half-written, and the next run recovers by itself."""

from __future__ import annotations

import json
import os
import random
import shutil
import signal
import subprocess
import sys
import time

from harvest.conftest import site  # noqa: F401  (the fixture campaign site)
from helpers import DATA, FIXTURE_PROFILES, build_into
from hrgraph.profile import read_profile
from hrgraph.release import Release
from hrgraph.store.embedded import open_store
from rdf.test_determinism_atomicity import assert_complete, members
from reliability.conftest import scale
from web.server.conftest import running


def killed_after(command: list[str], delay: float) -> int:
    proc = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    time.sleep(delay)
    os.kill(proc.pid, signal.SIGKILL)
    return proc.wait(30)


def test_builder_killed_at_random_moments(tmp_path, figures):
    out = tmp_path / "build"
    first = build_into(out)
    data = tmp_path / "data"
    shutil.copytree(DATA, data)
    (data / "profiles" / "es").mkdir(exist_ok=True)
    shutil.copy(FIXTURE_PROFILES / "es" / "villa-esperanza.txt", data / "profiles" / "es")
    command = [sys.executable, "-m", "hrgraph.cli", "build", "--data", str(data), "--out", str(out)]
    rng = random.Random(17)
    kills = 0
    start = time.monotonic()
    subprocess.run(command, check=True, capture_output=True)
    whole = time.monotonic() - start  # how long an uninterrupted build takes
    with running(out, tmp_path) as server:
        before = server.get({"query": "SELECT (COUNT(*) AS ?n) { ?m a hrg:Member }"}).status
        assert before == 200
        for _ in range(scale(4, 30)):
            code = killed_after(command, rng.uniform(0.05, whole * 0.95))
            kills += code == -signal.SIGKILL
            assert server.get({"query": "ASK { ?s a hrg:Member }"}).status == 200
            store, live = open_store(out)
            assert_complete(live)
            for folder in (out / "releases").iterdir():
                if not folder.name.startswith("."):
                    assert_complete(Release(folder))
            del store
    report = build_into(out, data=data)
    after, _ = open_store(out)
    assert members(after) == members(open_store(first.release.path.parent.parent)[0])
    assert [p for p in (out / "releases").iterdir() if p.name.startswith(".")] == []
    assert report.exit_code == 0
    figures("kill_builder", {"kills": kills, "build_s": round(whole, 2)})
    assert kills >= 1


def test_harvester_killed_at_random_moments(site, tmp_path, figures):  # noqa: F811
    data = tmp_path / "data"
    command = [sys.executable, "-m", "hrgraph.cli", "harvest", "--site", site.url,
               "--data", str(data), "--delay", "0.05"]  # fmt: skip
    rng = random.Random(17)
    kills = 0
    for _ in range(scale(4, 30)):
        kills += killed_after(command, rng.uniform(0.1, 2.5)) == -signal.SIGKILL
        if (data / "sources.json").exists():
            json.loads((data / "sources.json").read_text())  # whole, never half-written
        for path in data.rglob("*.txt"):
            read_profile(path)  # every file left is a whole profile
    done = subprocess.run(command, capture_output=True, text=True)
    assert done.returncode == 0, done.stdout + done.stderr
    assert not list(data.rglob("*.tmp"))
    figures("kill_harvester", {"kills": kills})
    assert kills >= 1


def test_a_corrupted_store_fails_loudly_and_a_rebuild_recovers(tmp_path):
    out = tmp_path / "build"
    first = build_into(out)
    for f in first.release.store_path.iterdir():
        if f.is_file():
            f.write_bytes(b"\x00garbage" * 100)
    from hrgraph.settings import load
    from hrgraph.web.app import create_app

    app = create_app(load(environ={}, build_dir=out)).test_client()
    for path in ("/sparql?query=ASK%7B%7D", "/healthz", "/members"):
        reply = app.get(path)
        assert reply.status_code == 503, (path, reply.status_code)  # loudly, never a 500
        assert str(tmp_path) not in reply.get_data(as_text=True)
    report = build_into(out)
    store, _ = open_store(out)
    assert report.exit_code == 0 and members(store) > 0
