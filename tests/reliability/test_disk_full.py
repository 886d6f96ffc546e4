"""A full disk: the builder and the harvester write into a small tmpfs that runs out of
space, with nothing left or with some room that ends midway. Each says so clearly and
exits 2, without a traceback; what was published or harvested before is untouched; the
next run, once there is room, completes without help.

Mounting a tmpfs needs root (as on CI machines and here): where the mount fails the
tests skip on a developer's machine and fail in CI (``CI=true``), as tests/engines.py
does for the servers."""

from __future__ import annotations

import errno
import os
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from engines import unavailable
from harvest.conftest import site  # noqa: F401  (the fixture campaign site)
from harvest.fixture_site import CORPUS
from helpers import DATA, FIXTURE_PROFILES
from hrgraph.exits import Exit
from hrgraph.release import current_release
from rdf.test_determinism_atomicity import assert_complete

FULL = "No space left on device"


@contextmanager
def tmpfs(folder: Path, size: str) -> Iterator[Path]:
    folder.mkdir()
    try:
        done = subprocess.run(
            ["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(folder)],
            capture_output=True,
            text=True,
        )
    except OSError as e:
        unavailable(f"cannot mount a tmpfs: {e}")
    if done.returncode != 0:
        unavailable(f"cannot mount a tmpfs: {done.stderr.strip()}")
    try:
        yield folder
    finally:
        subprocess.run(["umount", "--lazy", str(folder)], check=True)  # even if still busy


def fill(folder: Path, leave: int = 0) -> Path:
    """Take all the free space of ``folder``'s file system but ``leave`` bytes."""
    filler = folder / "filler"
    stat = os.statvfs(folder)
    want = max(0, stat.f_bavail * stat.f_frsize - leave)
    with filler.open("wb") as f:
        try:
            while want > 0:
                want -= f.write(b"\0" * min(want, 1 << 20))
            f.flush()
            os.fsync(f.fileno())
        except OSError as e:
            assert e.errno == errno.ENOSPC
    return filler


def hrgraph(*args: str) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if not k.startswith("HRGRAPH_")}
    command = [sys.executable, "-m", "hrgraph.cli", *args]
    return subprocess.run(command, capture_output=True, text=True, env=env, timeout=300)


def tree(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file() and p.name != "filler"
    }


def test_a_build_on_a_full_disk_says_so_and_keeps_the_live_release(tmp_path, figures):
    data = tmp_path / "data"
    subprocess.run(["cp", "-r", str(DATA), str(data)], check=True)
    (data / "profiles" / "es").mkdir(exist_ok=True)
    es = FIXTURE_PROFILES / "es" / "villa-esperanza.txt"
    (data / "profiles" / "es" / es.name).write_bytes(es.read_bytes())
    outcomes = []
    with tmpfs(tmp_path / "disk", "16m") as disk:
        out = disk / "build"
        first = hrgraph("build", "--data", str(DATA), "--out", str(out), "-q")
        assert first.returncode == 0, first.stderr
        live = current_release(out)
        release_bytes = sum(len(b) for b in tree(live.path).values())
        # no room at all, room for part of the dumps, room for the dumps but not the store
        for leave in (0, release_bytes // 10, release_bytes // 2):
            before = tree(out)
            filler = fill(disk, leave)
            done = hrgraph("build", "--data", str(data), "--out", str(out), "-q")
            assert done.returncode == Exit.FAILED, (leave, done.stderr)
            assert "Traceback" not in done.stderr
            assert FULL in done.stderr and "nothing published" in done.stderr, done.stderr
            assert current_release(out) == live
            assert_complete(live)
            assert tree(out) == before  # the partial release removed, nothing else touched
            filler.unlink()
            outcomes.append(done.returncode)
        again = hrgraph("build", "--data", str(data), "--out", str(out), "-q")
        assert again.returncode == 0, again.stderr
        assert current_release(out) != live
        assert_complete(current_release(out))
    figures("disk_full_build", {"runs": len(outcomes), "exits": outcomes, "recovered": True})


def test_a_harvest_on_a_full_disk_says_so_and_loses_nothing(site, tmp_path, figures):  # noqa: F811
    outcomes = []
    with tmpfs(tmp_path / "disk", "4m") as disk:
        data = disk / "data"
        args = ("harvest", "--site", site.url, "--data", str(data), "--delay", "0")
        first = hrgraph(*args)
        assert first.returncode == 0, first.stderr
        keys = sorted(CORPUS)[:3]  # pages the site changes, so the harvest must write
        for key in keys:
            title, rest = CORPUS[key].read_text("utf-8").split("\n", 1)
            site.changed[key] = f"{title} (new)\n{rest}"
        before = tree(data)
        for leave in (0, 3000):
            filler = fill(disk, leave)
            done = hrgraph(*args)
            assert done.returncode == Exit.FAILED, done.stdout + done.stderr
            assert "Traceback" not in done.stderr
            assert FULL in done.stderr and "harvest stopped" in done.stderr, done.stderr
            after = tree(data)
            assert not [n for n in after if n.endswith(".tmp")]
            # nothing lost; a page that fitted is whole, with its record, or not written
            assert set(after) == set(before)
            changed = {n for n in after if after[n] != before[n]}
            assert changed <= {"sources.json"} | {f"profiles/{lg}/{s}.txt" for lg, s in keys}
            filler.unlink()
            outcomes.append(done.returncode)
        again = hrgraph(*args)
        assert again.returncode == 0, again.stderr
        for lang, slug in keys:
            assert b"(new)" in (data / "profiles" / lang / f"{slug}.txt").read_bytes()
    figures("disk_full_harvest", {"runs": len(outcomes), "exits": outcomes, "recovered": True})
