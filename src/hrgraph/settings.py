"""Every setting hrgraph has, in one table: name, default, environment variable, help.

Values come from, in rising order of precedence: the defaults below, a TOML file named
by ``HRGRAPH_CONFIG`` (or ``hrgraph.toml`` in the working directory), ``HRGRAPH_*``
environment variables, and command-line flags. The README's settings table is checked
against this one by a test, so a setting cannot go undocumented.
"""

from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass, field, fields, replace
from pathlib import Path

from hrgraph.rdf.namespaces import ROOT

PROJECT_ROOT = Path(__file__).resolve().parents[2]


def _setting(default, help: str):
    return field(default=default, metadata={"help": help})


@dataclass(frozen=True)
class Settings:
    base_uri: str = _setting(ROOT, "Base of every data URI the build mints (ends with /).")
    data_dir: Path = _setting(PROJECT_ROOT / "data", "Folder of profiles and curated CSVs.")
    build_dir: Path = _setting(PROJECT_ROOT / "build", "Folder the build writes and serve reads.")
    ontology_dir: Path = _setting(
        PROJECT_ROOT / "ontology", "Folder of the ontology and SKOS vocabularies (*.ttl)."
    )
    shapes_dir: Path = _setting(PROJECT_ROOT / "shapes", "Folder of the SHACL shapes (*.ttl).")
    queries_dir: Path = _setting(PROJECT_ROOT / "queries", "Folder of example queries (*.rq).")
    query_timeout_s: float = _setting(10.0, "Longest a SPARQL query may run, in seconds.")
    max_rows: int = _setting(10_000, "Most result rows (or triples) one query returns.")
    max_query_chars: int = _setting(20_000, "Longest query text accepted, in characters.")
    max_body_bytes: int = _setting(100_000, "Largest request body accepted, in bytes.")
    service_allowlist: tuple[str, ...] = _setting(
        (), "Hosts SPARQL SERVICE may call (comma-separated); empty refuses all SERVICE."
    )
    host: str = _setting("127.0.0.1", "Address serve listens on.")
    port: int = _setting(8080, "Port serve listens on.")
    workers: int = _setting(2, "gunicorn worker processes for serve.")

    @classmethod
    def help(cls) -> list[tuple[str, str, object, str]]:
        """(name, environment variable, default, help) for every setting."""
        return [(f.name, env_name(f.name), f.default, f.metadata["help"]) for f in fields(cls)]

    def with_overrides(self, **values) -> Settings:
        """A copy with the given (non-None) values converted to each setting's type."""
        typed = {k: _convert(self, k, v) for k, v in values.items() if v is not None}
        return replace(self, **typed)


def env_name(name: str) -> str:
    return "HRGRAPH_" + name.upper()


def _convert(settings: Settings, name: str, value):
    current = getattr(settings, name)
    if isinstance(current, Path):
        return Path(value)
    if isinstance(current, tuple):
        items = value.split(",") if isinstance(value, str) else value
        return tuple(s.strip() for s in items if str(s).strip())
    if isinstance(current, bool):
        return str(value).lower() in ("1", "true", "yes", "on")
    return type(current)(value)


def load(environ: dict[str, str] | None = None, **flags) -> Settings:
    """Settings from defaults < config file < environment < flags."""
    environ = os.environ if environ is None else environ
    settings = Settings()
    config = environ.get("HRGRAPH_CONFIG") or (
        "hrgraph.toml" if Path("hrgraph.toml").exists() else None
    )
    if config:
        with open(config, "rb") as f:
            settings = settings.with_overrides(**tomllib.load(f))
    names = {f.name for f in fields(Settings)}
    settings = settings.with_overrides(
        **{n: environ[env_name(n)] for n in names if env_name(n) in environ}
    )
    settings = settings.with_overrides(**flags)
    if not settings.base_uri.endswith(("/", "#")):
        settings = replace(settings, base_uri=settings.base_uri + "/")
    return settings
