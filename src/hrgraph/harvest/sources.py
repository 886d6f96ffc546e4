"""The sources file (``DIR/sources.json``) and atomic writes.

One record per harvested page, keyed by its profile file relative to ``DIR``::

    {"profiles/fr/rabat.txt": {"url": "...", "etag": "...", "last_modified": "...",
      "retrieved": "2026-01-02T03:04:05Z", "html_sha256": "...", "text_sha256": "...",
      "alternates": {"en": "..."}}}

Every file is written to a temporary file beside it, flushed and renamed over the old
one, so a reader (or an interrupted harvest) sees the old file or the new, never half.
The text file is written before its record: a harvest killed in between leaves a file
whose record is older, and the next harvest fetches that page again and completes it.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from pathlib import Path

from hrgraph.datadir import SOURCES

FIELDS = (
    "url", "etag", "last_modified", "retrieved", "html_sha256", "text_sha256", "alternates",
)  # fmt: skip


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def write_atomic(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def read_sources(data_dir: Path) -> dict[str, dict]:
    path = Path(data_dir) / SOURCES
    if not path.exists():
        return {}
    return json.loads(path.read_text(encoding="utf-8"))


def write_sources(data_dir: Path, records: dict[str, dict]) -> None:
    text = json.dumps(dict(sorted(records.items())), indent=1, ensure_ascii=False, sort_keys=True)
    write_atomic(Path(data_dir) / SOURCES, (text + "\n").encode("utf-8"))


def clean_temporaries(data_dir: Path) -> None:
    """Remove temporary files an interrupted harvest left behind."""
    for tmp in Path(data_dir).rglob(".*.tmp"):
        tmp.unlink(missing_ok=True)
