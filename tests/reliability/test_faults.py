"""Faults: the builder and the harvester killed (SIGKILL) at random moments, and a
corrupted store. The live release keeps answering, no release is half-published, the
data folder is never half-written, and the next run recovers by itself."""

from __future__ import annotations

import csv
import hashlib
import json
import os
import random
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

from harvest.conftest import site  # noqa: F401  (the fixture campaign site)
from helpers import DATA, FIXTURE_PROFILES, build_into
from hrgraph import faults
from hrgraph.profile import read_profile
from hrgraph.release import Release
from hrgraph.store.embedded import open_store
from hrgraph.web.state import RECHECK_S
from rdf.test_determinism_atomicity import assert_complete, members
from reliability.conftest import FULL, scale
from web.server.conftest import running


def killed_after(command: list[str], delay: float, env: dict | None = None) -> int:
    proc = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env)
    try:
        proc.wait(delay)
    except subprocess.TimeoutExpired:
        os.kill(proc.pid, signal.SIGKILL)
    return proc.wait(30)


def served_release(server) -> str | None:
    reply = server.get({"query": "ASK { ?s a hrg:Member }"})
    assert reply.status == 200, reply.status  # the live release keeps answering
    return reply.headers.get("X-Hrgraph-Release")


def test_builder_killed_at_random_moments(tmp_path, figures):
    """SIGKILL at random moments and at each named step of the publish sequence: the
    server answers from a whole release (the old or a new one) after every kill."""
    out = tmp_path / "build"
    first = build_into(out)
    data = tmp_path / "data"
    shutil.copytree(DATA, data)
    (data / "profiles" / "es").mkdir(exist_ok=True)
    shutil.copy(FIXTURE_PROFILES / "es" / "villa-esperanza.txt", data / "profiles" / "es")
    command = [sys.executable, "-m", "hrgraph.cli", "build", "--data", str(data), "--out", str(out)]
    rng = random.Random(17)
    kills = {"random": 0, "at_step": 0}
    start = time.monotonic()
    subprocess.run(command, check=True, capture_output=True)
    whole = time.monotonic() - start  # how long an uninterrupted build takes
    target = scale(4, 30)
    # every step in the full run; the fast subset the last three (around the swap)
    steps = faults.STEPS if FULL else faults.STEPS[-3:]
    points = [("random", None)] * target + [("at_step", s) for s in steps]
    rng.shuffle(points)
    retried = 0
    with running(out, tmp_path) as server:
        assert served_release(server)
        while points:
            kind, step = points.pop()
            if step is None:
                began = time.monotonic()
                code = killed_after(command, rng.uniform(0.05, whole * 0.95))
                if code != -signal.SIGKILL and retried < 2 * target:
                    retried += 1
                    # it finished first: aim within the shorter time, and try again
                    whole = min(whole, time.monotonic() - began)
                    points.append((kind, step))
            else:
                env = {**os.environ, faults.ENV: step}
                code = subprocess.run(command, capture_output=True, env=env).returncode
            kills[kind] += code == -signal.SIGKILL
            store, live = open_store(out)
            assert_complete(live)
            ids = set()
            for folder in (out / "releases").iterdir():
                if not folder.name.startswith("."):
                    assert_complete(Release(folder))
                    ids.add(Release(folder).manifest()["release"])
            del store
            if step is None:
                assert served_release(server)
            else:  # once the workers have looked at build/current, a listed whole release
                time.sleep(RECHECK_S + 0.2)
                served = served_release(server)
                assert served in ids, (step, served, ids)
    report = build_into(out, data=data)
    after, _ = open_store(out)
    assert members(after) == members(open_store(first.release.path.parent.parent)[0])
    assert [p for p in (out / "releases").iterdir() if p.name.startswith(".")] == []
    assert report.exit_code == 0
    figures("kill_builder", {**kills, "kills": sum(kills.values()), "finished_first": retried,
                             "build_s": round(whole, 2)})  # fmt: skip
    assert kills["at_step"] == len(steps)
    assert kills["random"] == target


def _whole_data(data: Path, reference: dict[str, bytes]) -> None:
    """Every file of an interrupted harvest is whole: a profile is the one an
    uninterrupted harvest writes (or absent), the sources and members files parse."""
    assert not [p for p in data.rglob("*.tmp") if not p.name.startswith(".")]
    if (data / "sources.json").exists():
        records = json.loads((data / "sources.json").read_text())  # never half-written
        for name, record in records.items():
            if (data / name).exists():  # a record is written after its file, never before
                assert record["text_sha256"] == hashlib.sha256(reference[name]).hexdigest()
    if (data / "members.csv").exists():
        rows = list(csv.DictReader((data / "members.csv").open(encoding="utf-8")))
        assert all(r["key"] for r in rows)
    for path in data.rglob("*.txt"):
        name = path.relative_to(data).as_posix()
        assert path.read_bytes() == reference[name], name  # the whole page, never a part
        read_profile(path)


def test_harvester_killed_at_random_moments(site, tmp_path, figures):  # noqa: F811
    """SIGKILL a harvest at random moments, from an empty data folder and from one a
    killed harvest left; data/ is whole after each kill, and the next harvest completes."""
    reference_dir = tmp_path / "reference"
    data = tmp_path / "data"

    def command(folder: Path) -> list[str]:
        return [sys.executable, "-m", "hrgraph.cli", "harvest", "--site", site.url,
                "--data", str(folder), "--delay", "0.05"]  # fmt: skip

    took = {}  # how long a harvest takes into an empty folder, and into a whole one
    for state in ("fresh", "again"):
        start = time.monotonic()
        done = subprocess.run(command(reference_dir), capture_output=True, text=True)
        took[state] = time.monotonic() - start
        assert done.returncode == 0, done.stderr
    reference = {
        p.relative_to(reference_dir).as_posix(): p.read_bytes()
        for p in reference_dir.rglob("*.txt")
    }
    rng = random.Random(17)
    target, kills, attempts = scale(4, 30), 0, 0
    while kills < target and attempts < 4 * target:
        attempts += 1
        if rng.random() < 0.3:  # now and then from scratch, so a kill finds much to do
            shutil.rmtree(data, ignore_errors=True)
        elif data.exists() and rng.random() < 0.5:  # or a few pages to fetch again
            files = sorted(data.rglob("*.txt"))
            for path in rng.sample(files, k=min(3, len(files))):
                path.unlink()
        state = "again" if (data / "sources.json").exists() else "fresh"
        began = time.monotonic()
        killed = killed_after(command(data), rng.uniform(0.05, took[state])) == -signal.SIGKILL
        if not killed:  # it finished first: aim within the shorter time next
            took[state] = min(took[state], time.monotonic() - began)
        kills += killed
        if data.exists():
            _whole_data(data, reference)
    done = subprocess.run(command(data), capture_output=True, text=True)
    assert done.returncode == 0, done.stdout + done.stderr
    assert not list(data.rglob("*.tmp"))
    assert {
        p.relative_to(data).as_posix(): p.read_bytes() for p in data.rglob("*.txt")
    } == reference
    figures(
        "kill_harvester",
        {"kills": kills, "attempts": attempts, "harvest_s": round(took["fresh"], 2)},
    )
    assert kills == target


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


DAMAGE_PATHS = (
    "/sparql?query=SELECT%20(COUNT(*)%20AS%20%3Fn)%20%7B%3Fs%20%3Fp%20%3Fo%7D",
    "/healthz",
    "/members",
    "/doc/id/territory/fr/gennevilliers",
)


def test_a_store_damaged_under_the_running_server_fails_loudly(tmp_path, figures):
    """The store's files overwritten while gunicorn serves them: each answer is a whole
    one from what the worker still holds, or a 503 whose reason the log gives; never a
    500. A new build is then picked up without a restart."""
    out = tmp_path / "build"
    first = build_into(out)
    statuses: dict[str, int] = {}
    # the store read from disk: a copy in memory would (rightly) never see the damage
    with running(out, tmp_path, query_timeout_s=1, memory_store_max_triples=0) as server:
        assert all(server.get(path=p).status == 200 for p in DAMAGE_PATHS)
        for f in first.release.store_path.iterdir():
            if f.is_file():
                f.write_bytes(b"\x00garbage" * 100)
        for _ in range(scale(3, 10)):
            for path in DAMAGE_PATHS:
                reply = server.get(path=path)
                statuses[str(reply.status)] = statuses.get(str(reply.status), 0) + 1
                assert reply.status in (200, 503), (path, reply.status, reply.body[:300])
                assert str(tmp_path).encode() not in reply.body
            time.sleep(0.3)
        assert statuses.get("503"), statuses  # the damage is said, not hidden
        log = server.log.read_text()
        assert "Corruption" in log or "cannot open store" in log, log[-2000:]
        build_into(out)  # a new release: the workers move to it by themselves
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            if all(server.get(path=p).status == 200 for p in DAMAGE_PATHS):
                break
            time.sleep(0.5)
        recovered = time.monotonic() + 30 - deadline
        assert all(server.get(path=p).status == 200 for p in DAMAGE_PATHS)
    figures("damaged_store", {"by_status": statuses, "recovered_s": round(recovered, 1)})
