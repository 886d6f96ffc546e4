"""Every setting hrgraph has, in one table: name, default, environment variable, help.

Values come from, in rising order of precedence: the defaults below, a TOML file named
by ``HRGRAPH_CONFIG`` (or ``hrgraph.toml`` in the working directory), ``HRGRAPH_*``
environment variables, and command-line flags. The README's settings table and the
commands' help are checked against this one by tests, so a setting cannot go
undocumented and a help string cannot show a stale default.

``data/`` and ``build/`` are relative to the working directory; the ontology, shapes
and example queries default to the copies installed with the package (read with
:mod:`importlib.resources`), so an installed ``hrgraph`` works from any folder.
"""

from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass, field, fields, replace
from importlib import resources
from pathlib import Path

from hrgraph.campaign import SITE
from hrgraph.rdf.namespaces import ROOT

CONFIG_FILE = "hrgraph.toml"
CONFIG_VARIABLE = "HRGRAPH_CONFIG"


class SettingsError(ValueError):
    """A setting has a value of the wrong type, or a config file names no setting."""


def shipped(name: str) -> Path:
    """The folder of package data ``hrgraph.<name>`` (ontology, shapes, queries)."""
    return Path(str(resources.files(f"hrgraph.{name}")))


# A shipped folder shows in help and docs as its name in the repository, with a note.
_SHIPPED = ("ontology", "shapes", "queries")


def _setting(default, help: str, check=None):
    """A setting; ``check(value, source)`` raises SettingsError for a value of the right
    type that still cannot work."""
    return field(default=default, metadata={"help": help, "check": check})


def _shipped_setting(name: str, help: str):
    return field(default_factory=lambda: shipped(name), metadata={"help": help, "shipped": name})


TILE_FIELDS = ("{z}", "{x}", "{y}")


def _check_tiles(template: str, source: str) -> None:
    """A tile layer is an http(s) URL template naming the zoom, column and row."""
    if not template:
        return
    missing = [f for f in TILE_FIELDS if f not in template]
    if not template.startswith(("http://", "https://")) or missing:
        raise SettingsError(
            f"{source}: map_tiles must be an http(s) URL template with {', '.join(TILE_FIELDS)} "
            f"(e.g. https://tile.example/{{z}}/{{x}}/{{y}}.png), not {template!r}"
        )


@dataclass(frozen=True)
class Settings:
    base_uri: str = _setting(ROOT, "Base of every data URI the build mints (ends with /).")
    data_dir: Path = _setting(Path("data"), "Folder of profiles and curated CSVs.")
    build_dir: Path = _setting(Path("build"), "Folder the build writes and serve reads.")
    ontology_dir: Path = _shipped_setting(
        "ontology", "Folder of the ontology and SKOS vocabularies (*.ttl)."
    )
    shapes_dir: Path = _shipped_setting("shapes", "Folder of the SHACL shapes (*.ttl).")
    queries_dir: Path = _shipped_setting("queries", "Folder of example queries (*.rq).")
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
    memory_store_max_triples: int = _setting(
        400_000,
        "serve copies a release of at most this many triples into each worker's memory "
        "(about 1 KB a triple); 0: always read the store on disk.",
    )
    backend: str = _setting(
        "", "SPARQL 1.1 endpoint serve sends queries to (empty: the build's embedded store)."
    )
    map_tiles: str = _setting(
        "",
        "Tile server the maps draw on, as a URL template with {z}, {x}, {y} (and {s}): "
        "empty draws the offline world outline.",
        check=_check_tiles,
    )
    map_tiles_attribution: str = _setting(
        "", "Credit the maps show for map_tiles (plain text; the tile server's terms say which)."
    )
    harvest_site: str = _setting(SITE, "Campaign site harvest reads profile pages from.")
    harvest_contact: str = _setting(
        ROOT, "Contact (URL or e-mail) harvest names in its User-Agent."
    )
    harvest_delay_s: float = _setting(1.0, "Seconds harvest waits between requests.")
    harvest_timeout_s: float = _setting(30.0, "Longest harvest waits for one response, in seconds.")
    harvest_retries: int = _setting(4, "Retries of a page after 429, 5xx or a timeout.")
    harvest_max_page_bytes: int = _setting(5_000_000, "Largest page harvest accepts, in bytes.")

    @classmethod
    def help(cls) -> list[tuple[str, str, object, str]]:
        """(name, environment variable, default as shown, help) for every setting."""
        return [(f.name, env_name(f.name), shown(f.name), f.metadata["help"]) for f in fields(cls)]

    def with_overrides(self, source: str = "flag", **values) -> Settings:
        """A copy with the given (non-None) values converted to each setting's type.

        ``source`` names where the values came from, for the message of a bad one.
        """
        typed = {k: _convert(k, v, source) for k, v in values.items() if v is not None}
        return replace(self, **typed)


def env_name(name: str) -> str:
    return "HRGRAPH_" + name.upper()


def names() -> list[str]:
    return [f.name for f in fields(Settings)]


def _field(name: str):
    return next(f for f in fields(Settings) if f.name == name)


def default(name: str):
    """The default value of setting ``name``."""
    f = _field(name)
    return f.default_factory() if f.metadata.get("shipped") else f.default


def shown(name: str) -> str:
    """The default of setting ``name`` as help and docs show it: ``build/``, ``8080``,
    ``ontology/ (installed with hrgraph)``, ``(empty)``."""
    f = _field(name)
    if f.metadata.get("shipped"):
        return f"{f.metadata['shipped']}/ (installed with hrgraph)"
    value = f.default
    if isinstance(value, Path):
        return f"{value}/"
    if isinstance(value, tuple):
        return ", ".join(value) if value else "(empty)"
    if value == "":
        return "(empty)"
    return str(value)


def kind(name: str) -> type:
    """The Python type of setting ``name`` (Path, str, int, float, bool, tuple)."""
    value = default(name)
    return next(t for t in (Path, bool, int, float, str, tuple) if isinstance(value, t))


_TYPE_WORDS = {int: "a whole number", float: "a number", bool: "true or false"}


def _convert(name: str, value, source: str):
    """``value`` as setting ``name``'s type; a SettingsError naming the setting if not."""
    wanted = kind(name)
    if wanted is tuple:
        if isinstance(value, str):
            value = value.split(",")
        if not isinstance(value, list | tuple) or not all(isinstance(v, str) for v in value):
            raise SettingsError(f"{source}: {name} must be a list of strings, not {value!r}")
        return tuple(s.strip() for s in value if s.strip())
    if wanted is Path:
        if not isinstance(value, str | os.PathLike):
            raise SettingsError(f"{source}: {name} must be a path, not {value!r}")
        return Path(value)
    if wanted is str:
        if not isinstance(value, str):
            raise SettingsError(f"{source}: {name} must be a string, not {value!r}")
        if check := _field(name).metadata.get("check"):
            check(value, source)
        return value
    if wanted is bool:
        words = {"1": True, "true": True, "yes": True, "on": True}
        words |= {"0": False, "false": False, "no": False, "off": False}
        if isinstance(value, bool):
            return value
        if isinstance(value, str) and value.strip().lower() in words:
            return words[value.strip().lower()]
        raise SettingsError(f"{source}: {name} must be true or false, not {value!r}")
    if isinstance(value, bool) or (wanted is int and isinstance(value, float)):
        raise SettingsError(f"{source}: {name} must be {_TYPE_WORDS[wanted]}, not {value!r}")
    try:
        return wanted(value.strip() if isinstance(value, str) else value)
    except (TypeError, ValueError):
        raise SettingsError(
            f"{source}: {name} must be {_TYPE_WORDS[wanted]}, not {value!r}"
        ) from None


def _read_config(path: str) -> dict:
    try:
        with open(path, "rb") as f:
            table = tomllib.load(f)
    except OSError as e:
        raise SettingsError(f"{path}: cannot read the settings file: {e.strerror or e}") from None
    except tomllib.TOMLDecodeError as e:
        raise SettingsError(f"{path}: not a TOML file: {e}") from None
    known = set(names())
    unknown = sorted(k for k in table if k not in known)
    if unknown:
        raise SettingsError(
            f"{path}: unknown setting {', '.join(map(repr, unknown))} "
            f"(settings: {', '.join(sorted(known))})"
        )
    return table


def load(environ: dict[str, str] | None = None, **flags) -> Settings:
    """Settings from defaults < config file < environment < flags.

    Raises SettingsError, naming the setting and where its value came from, for a
    value of the wrong type or a config file key that is no setting.
    """
    environ = os.environ if environ is None else environ
    settings = Settings()
    config = environ.get(CONFIG_VARIABLE) or (CONFIG_FILE if Path(CONFIG_FILE).exists() else None)
    if config:
        settings = settings.with_overrides(config, **_read_config(config))
    for name in names():
        variable = env_name(name)
        if variable in environ:
            settings = settings.with_overrides(variable, **{name: environ[variable]})
    settings = settings.with_overrides("command line", **flags)
    if not settings.base_uri.endswith(("/", "#")):
        settings = replace(settings, base_uri=settings.base_uri + "/")
    return settings
