"""The embedded pyoxigraph store of a release, opened read-only.

Only one process may open an on-disk store for writing (the build, while it writes a
release nobody reads yet); every reader opens the current release's store read-only,
so any number of processes can share it. A server may also hold a copy in memory
(:func:`in_memory`): the same quads, answered without RocksDB's reads.
"""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox

from hrgraph.release import Release, ReleaseError, current_release


class StoreError(ReleaseError):
    """The release's store cannot be opened."""


def open_release_store(release: Release) -> ox.Store:
    try:
        return ox.Store.read_only(str(release.store_path))
    except (OSError, RuntimeError) as e:  # RuntimeError: RocksDB found the store corrupt
        raise StoreError(f"{release.store_path}: cannot open store: {e}") from None


def in_memory(store: ox.Store) -> ox.Store:
    """A copy of ``store`` in this process's memory: every quad, default graph included.

    Queries skip RocksDB's block reads and decoding: at 1,000 profiles a lookup takes
    about a third less time and a scan of every literal half (docs/endpoint.md).
    """
    copy = ox.Store()
    try:
        copy.bulk_extend(store.quads_for_pattern(None, None, None, None))
    except (OSError, RuntimeError) as e:
        raise StoreError(f"cannot copy the store into memory: {e}") from None
    return copy


def open_store(build_dir: Path) -> tuple[ox.Store, Release]:
    """The current release's store, opened read-only (many processes may share it)."""
    release = current_release(build_dir)
    return open_release_store(release), release
