"""The release layout: where a build puts things, and how it is published whole.

A build folder holds finished releases and a ``current`` symlink to the live one::

    build/
      current -> releases/<id>-<time>/
      releases/<id>-<time>/
        store/          the embedded pyoxigraph store
        dumps/          hrgraph.{trig,nq,ttl,nt,jsonld}, context.jsonld, void.ttl, SHA256SUMS
        manifest.json   release id, base URI, build time, counts, checksums, data folder
        sources.json    named graph -> source file and lines
        findings.json   what the reader noticed: rule, file, line, value

A release is written into a temporary folder beside the others, renamed into place
when complete, and published by swapping ``current`` in one ``rename``; readers (the
server, ``query``, ``validate``) always go through ``current``, so a failed or
interrupted build never touches what is served. Every stage that reads or writes a
build takes its paths from here.
"""

from __future__ import annotations

import json
import os
import shutil
import tempfile
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from hrgraph import faults

CURRENT = "current"
RELEASES = "releases"
STORE = "store"
DUMPS = "dumps"
MANIFEST = "manifest.json"
SOURCES = "sources.json"
# what the reader noticed on the pages (rule, file, line, value), reported by validate
FINDINGS = "findings.json"
# manifest.json: the absolute path of the data folder the build read, so reports name
# the files that were read wherever the build and the validation run from
MANIFEST_DATA_DIR = "data_dir"
# inside dumps/: <DUMP_STEM>.<suffix> per format, the VoID description, the JSON-LD
# context the JSON-LD dump uses, and the checksums of them all
DUMP_STEM = "hrgraph"
VOID_DUMP = "void.ttl"
JSONLD_CONTEXT = "context.jsonld"
CHECKSUMS = "SHA256SUMS"
KEEP = 2  # the new release and the one before it (a server may still read it)
_TMP_PREFIX = ".tmp-"


class ReleaseError(Exception):
    """No usable release where one was expected; says where and what to run."""


@dataclass(frozen=True)
class Release:
    path: Path

    @property
    def id(self) -> str:
        return self.path.name

    @property
    def store_path(self) -> Path:
        return self.path / STORE

    @property
    def dumps(self) -> Path:
        return self.path / DUMPS

    @property
    def manifest_path(self) -> Path:
        return self.path / MANIFEST

    @property
    def sources_path(self) -> Path:
        return self.path / SOURCES

    def manifest(self) -> dict:
        return _read_json(self.manifest_path)

    def sources(self) -> dict:
        return _read_json(self.sources_path)

    @property
    def findings_path(self) -> Path:
        return self.path / FINDINGS

    def findings(self) -> list[dict]:
        """The reader's findings (none for a release built before they were kept)."""
        if not self.findings_path.exists():
            return []
        return _read_json(self.findings_path)

    def data_dir(self) -> Path | None:
        """The data folder this release was built from (None for older releases)."""
        recorded = self.manifest().get(MANIFEST_DATA_DIR)
        return Path(recorded) if recorded else None


def dump_name(stem: str, suffix: str) -> str:
    """The file name of a dump: ``hrgraph.ttl``, ``hrgraph.nq``..."""
    return f"{stem}.{suffix}"


def _read_json(path: Path):
    try:
        return json.loads(path.read_text("utf-8"))
    except (OSError, ValueError) as e:
        raise ReleaseError(f"{path}: cannot read: {e}") from None


def current_release(build_dir: Path) -> Release:
    link = Path(build_dir) / CURRENT
    if not link.exists():
        raise ReleaseError(f"{build_dir}: no build here (run 'hrgraph build --out {build_dir}')")
    return Release(link.resolve())


def start(build_dir: Path) -> Path:
    """A fresh, empty folder for a release being written (not visible to readers)."""
    releases = Path(build_dir) / RELEASES
    releases.mkdir(parents=True, exist_ok=True)
    return Path(tempfile.mkdtemp(prefix=_TMP_PREFIX, dir=releases))


def discard(folder: Path) -> None:
    shutil.rmtree(folder, ignore_errors=True)


def publish(build_dir: Path, folder: Path, release_id: str) -> Release:
    """Rename a finished release folder into place, swap ``current`` to it, prune."""
    build_dir = Path(build_dir)
    final = build_dir / RELEASES / f"{release_id}-{datetime.now(UTC):%Y%m%dT%H%M%S%f}"
    os.chmod(folder, 0o755)
    os.rename(folder, final)
    faults.step("renamed")
    _swap_current(build_dir, final)
    faults.step("swapped")
    _prune(build_dir / RELEASES, keep=final)
    return Release(final)


def _swap_current(build_dir: Path, release: Path) -> None:
    """Point ``current`` at the new release in one atomic rename."""
    link = build_dir / CURRENT
    tmp_link = build_dir / f".{CURRENT}.tmp"
    if tmp_link.is_symlink() or tmp_link.exists():
        tmp_link.unlink()
    os.symlink(release.relative_to(build_dir), tmp_link)
    os.replace(tmp_link, link)


def _prune(releases: Path, keep: Path) -> None:
    done = sorted(
        (p for p in releases.iterdir() if p.is_dir() and not p.name.startswith(".")),
        key=lambda p: p.stat().st_mtime,
    )
    old = [p for p in done if p != keep][: max(0, len(done) - KEEP)]
    for p in old:
        # Hidden first (one rename), then deleted: a prune cut short leaves a hidden
        # folder the next prune clears, never a half-deleted release in view.
        hidden = p.with_name(f"{_TMP_PREFIX}old-{p.name}")
        os.rename(p, hidden)
        shutil.rmtree(hidden, ignore_errors=True)
    for p in releases.glob(_TMP_PREFIX + "*"):  # left by an interrupted build
        if p.stat().st_mtime < keep.stat().st_mtime:
            shutil.rmtree(p, ignore_errors=True)
