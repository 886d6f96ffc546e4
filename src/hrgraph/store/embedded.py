"""The embedded pyoxigraph store a build writes and the server reads.

A build directory holds releases and a ``current`` symlink to the live one::

    build/current -> releases/<id>/   (store/, dumps/, manifest.json, sources.json)

Readers always go through ``current``, which a build swaps atomically, so a failed or
interrupted build never touches the graph being served.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

CURRENT = "current"
RELEASES = "releases"


class StoreError(Exception):
    """No usable build where one was expected."""


@dataclass(frozen=True)
class Release:
    path: Path

    @property
    def id(self) -> str:
        return self.path.name

    @property
    def store_path(self) -> Path:
        return self.path / "store"

    @property
    def dumps(self) -> Path:
        return self.path / "dumps"

    def manifest(self) -> dict:
        return json.loads((self.path / "manifest.json").read_text("utf-8"))

    def sources(self) -> dict:
        return json.loads((self.path / "sources.json").read_text("utf-8"))


def current_release(build_dir: Path) -> Release:
    link = Path(build_dir) / CURRENT
    if not link.exists():
        raise StoreError(f"{build_dir}: no build here (run 'hrgraph build --out {build_dir}')")
    return Release(link.resolve())


def open_store(build_dir: Path) -> tuple[ox.Store, Release]:
    """The current release's store, opened read-only (many processes may share it)."""
    release = current_release(build_dir)
    try:
        return ox.Store.read_only(str(release.store_path)), release
    except OSError as e:
        raise StoreError(f"{release.store_path}: cannot open store: {e}") from None
