"""The data folder's layout: what the harvester writes and the build reads.

data/
  profiles/<lang>/<slug>.txt   one profile page per language edition
  members.csv                  editions of one member, curated identifiers
  sources.json                 per harvested page: URL, ETag, Last-Modified, SHA-256
  dataset.toml                 the dataset's title, description, licence
"""

from __future__ import annotations

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
