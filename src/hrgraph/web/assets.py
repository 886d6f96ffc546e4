"""The pages' browser files, installed from the npm registry, never from a CDN.

Each package is fetched once with ``npm pack`` (the registry's own client; npm checks
the package against the registry's integrity record, and the hash pinned below is
checked again here), and the files the site needs are copied into ``static/vendor/``:

- YASGUI (``@zazuko/yasgui``), the query page's editor;
- Natural Earth's country outlines as TopoJSON (``world-atlas``), drawn by the map;
- Leaflet, which draws the map over a tile server when a deployment sets one
  (``map_tiles``; no page loads it otherwise);
- axe-core, the accessibility checker the browser tests run in each page (no page
  loads it).

That folder is not in git: the setup step runs ``python -m hrgraph.web.assets``, after
which the server, and every browser that uses it, works with no network at all.
"""

from __future__ import annotations

import base64
import hashlib
import json
import os
import shutil
import subprocess
import sys
import tarfile
import tempfile
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Package:
    name: str
    version: str
    integrity: str  # the registry's sha512 of the tarball
    files: dict[str, str]  # path in the tarball -> name in static/vendor/
    stamp: str  # name of the file that records the installed version

    @property
    def spec(self) -> str:
        return f"{self.name}@{self.version}"

    @property
    def tarball(self) -> str:
        return f"{self.name.lstrip('@').replace('/', '-')}-{self.version}.tgz"


YASGUI = Package(
    "@zazuko/yasgui",
    "4.6.2",
    "sha512-"
    "Zw45KdPoAE1KRaAoxIHdQqeJxvaVG1oQdntw0hy0ktX35Zu8ZccuOLrXCLwR+GU+0xMzLw8Mjw6BkSZV2vUuQw==",
    {
        "package/build/yasgui.min.js": "yasgui.min.js",
        "package/build/yasgui.min.css": "yasgui.min.css",
    },
    "yasgui.version",
)
WORLD_ATLAS = Package(
    "world-atlas",
    "2.0.2",
    "sha512-"
    "IXfV0qwlKXpckz1FhwXVwKRjiIhOnWttOskm5CtxMsjgE/MXAYRHWJqgXOpM8IkcPBoXnyTU5lFHcYa5ChG0LQ==",
    {"package/countries-110m.json": "countries-110m.json"},
    "world-atlas.version",
)
AXE = Package(
    "axe-core",
    "4.11.0",
    "sha512-"
    "ilYanEU8vxxBexpJd8cWM4ElSQq4QctCLKih0TSfjIfCQTeyH/6zVrmIJfLPrKTKJRbiG+cfnZbQIjAlJmF1jQ==",
    {"package/axe.min.js": "axe.min.js"},
    "axe-core.version",
)
LEAFLET = Package(
    "leaflet",
    "1.9.4",
    "sha512-"
    "nxS1ynzJOmOlHp+iL3FyWqK89GtNL8U8rvlMOsQdTTssxZwCXh8N2NB3GDQOL+YR3XnWyZAxwQixURb+FA74PA==",
    {"package/dist/leaflet.js": "leaflet.js", "package/dist/leaflet.css": "leaflet.css"},
    "leaflet.version",
)
PACKAGES = (YASGUI, WORLD_ATLAS, LEAFLET, AXE)
VENDOR = Path(__file__).parent / "static" / "vendor"
# kept for callers that knew the editor only
PACKAGE, VERSION, INTEGRITY, FILES = YASGUI.name, YASGUI.version, YASGUI.integrity, YASGUI.files
STAMP = VENDOR / YASGUI.stamp


class AssetError(Exception):
    """A package's files could not be installed."""


def installed(vendor: Path = VENDOR, package: Package = YASGUI) -> bool:
    """Whether ``package`` (the query editor unless told) is in ``vendor``, this version."""
    stamp = Path(vendor) / package.stamp
    return (
        stamp.exists()
        and stamp.read_text().strip() == package.spec
        and all((Path(vendor) / name).exists() for name in package.files.values())
    )


def path(name: str, vendor: Path = VENDOR) -> Path:
    """Where an installed vendor file is (it may be missing: see :func:`installed`)."""
    return Path(vendor) / name


def _integrity(path: Path) -> str:
    digest = hashlib.sha512(path.read_bytes()).digest()
    return "sha512-" + base64.b64encode(digest).decode()


def _cache_dir() -> Path:
    root = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(root) / "hrgraph" / "npm"


def fetch_tarball(cache: Path | None = None, package: Package = YASGUI) -> Path:
    """The package tarball, from the cache or ``npm pack``, checked against its integrity."""
    cache = Path(cache or _cache_dir())
    cache.mkdir(parents=True, exist_ok=True)
    tarball = cache / package.tarball
    if not tarball.exists() or _integrity(tarball) != package.integrity:
        npm = shutil.which("npm")
        if npm is None:
            raise AssetError(f"npm is not installed (it fetches {package.name})")
        with tempfile.TemporaryDirectory(dir=cache) as tmp:
            done = subprocess.run(
                [npm, "pack", package.spec, "--json", "--pack-destination", tmp],
                capture_output=True,
                text=True,
                cwd=tmp,
            )
            if done.returncode != 0:
                raise AssetError(f"npm pack {package.spec} failed: {done.stderr.strip()}")
            name = json.loads(done.stdout)[0]["filename"]
            os.replace(Path(tmp) / name, tarball)
    if _integrity(tarball) != package.integrity:
        raise AssetError(f"{tarball}: does not match the pinned integrity of {package.spec}")
    return tarball


def install_package(
    package: Package, vendor: Path = VENDOR, cache: Path | None = None, force: bool = False
) -> Path:
    vendor = Path(vendor)
    if installed(vendor, package) and not force:
        return vendor
    tarball = fetch_tarball(cache, package)
    vendor.mkdir(parents=True, exist_ok=True)
    with tarfile.open(tarball, "r:gz") as archive:
        for member, name in package.files.items():
            source = archive.extractfile(member)
            if source is None:
                raise AssetError(f"{tarball}: {member} missing")
            (vendor / name).write_bytes(source.read())
    (vendor / package.stamp).write_text(package.spec + "\n")
    return vendor


def install(vendor: Path = VENDOR, cache: Path | None = None, force: bool = False) -> Path:
    """Copy every package's files into ``vendor`` (nothing to do for those there)."""
    for package in PACKAGES:
        install_package(package, vendor, cache, force)
    return Path(vendor)


def main(argv: list[str] | None = None) -> int:
    force = "--force" in (argv if argv is not None else sys.argv[1:])
    try:
        path = install(force=force)
    except (AssetError, OSError) as e:
        print(f"error: {e}", file=sys.stderr)
        return 2
    for package in PACKAGES:
        print(f"{package.spec} -> {path}")
    return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
