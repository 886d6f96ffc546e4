"""The data folder's layout: what the harvester writes and the build reads.

data/
  profiles/<lang>/<slug>.txt   one profile page per language edition
  members.csv                  editions of one member, curated identifiers
  sources.json                 per harvested page: URL, ETag, Last-Modified, SHA-256
  dataset.toml                 the dataset's title, description, licence
"""

from __future__ import annotations

import csv
from collections.abc import Iterator
from pathlib import Path

from hrgraph.languages import LANGUAGES

PROFILES = "profiles"
MEMBERS = "members.csv"
SOURCES = "sources.json"
DATASET = "dataset.toml"
URIS = "uris.txt"
URI_CHANGES = "uri-changes.csv"
# members.csv: a member's key and country, its slug per language, curated identifiers
MEMBER_COLUMNS = ("key", "country", *LANGUAGES, "wikidata", "geonames")


def profile_key(lang: str, slug: str) -> str:
    """A profile file's name relative to the data folder (what reports and sources use)."""
    return f"{PROFILES}/{lang}/{slug}.txt"


def profile_files(data_dir: Path) -> list[Path]:
    return sorted((Path(data_dir) / PROFILES).rglob("*.txt"))


def read_table(path: Path, columns: tuple[str, ...], error: type[Exception]) -> Iterator:
    """(line number, row) for each row of a curated CSV file that has ``columns``;
    ``error`` names the file and line 1 when a column is missing."""
    with Path(path).open(encoding="utf-8", newline="") as f:
        reader = csv.DictReader(f)
        missing = [c for c in columns if c not in (reader.fieldnames or [])]
        if missing:
            raise error(f"{path}:1: missing column(s) {', '.join(missing)}")
        yield from enumerate(reader, 2)
