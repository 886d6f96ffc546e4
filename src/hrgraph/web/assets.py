"""The query editor's browser files, installed from the npm registry, never from a CDN.

The page at ``/`` uses YASGUI (``@zazuko/yasgui``). Its bundle is fetched once with
``npm pack`` (the registry's own client; npm checks the package against the registry's
integrity record, and the hash pinned below is checked again here), and the two files
the page needs are copied into ``static/vendor/``. That folder is not in git: the
setup step runs ``python -m hrgraph.web.assets``, after which the server, and every
browser that uses it, works with no network at all.
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
from pathlib import Path

PACKAGE = "@zazuko/yasgui"
VERSION = "4.6.2"
INTEGRITY = (
    "sha512-"
    "Zw45KdPoAE1KRaAoxIHdQqeJxvaVG1oQdntw0hy0ktX35Zu8ZccuOLrXCLwR+GU+0xMzLw8Mjw6BkSZV2vUuQw=="
)
FILES = {
    "package/build/yasgui.min.js": "yasgui.min.js",
    "package/build/yasgui.min.css": "yasgui.min.css",
}
VENDOR = Path(__file__).parent / "static" / "vendor"
STAMP = VENDOR / "yasgui.version"


class AssetError(Exception):
    """The editor's files could not be installed."""


def installed(vendor: Path = VENDOR) -> bool:
    stamp = vendor / STAMP.name
    return (
        stamp.exists()
        and stamp.read_text().strip() == f"{PACKAGE}@{VERSION}"
        and all((vendor / name).exists() for name in FILES.values())
    )


def _integrity(path: Path) -> str:
    digest = hashlib.sha512(path.read_bytes()).digest()
    return "sha512-" + base64.b64encode(digest).decode()


def _cache_dir() -> Path:
    root = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(root) / "hrgraph" / "npm"


def fetch_tarball(cache: Path | None = None) -> Path:
    """The package tarball, from the cache or ``npm pack``, checked against INTEGRITY."""
    cache = Path(cache or _cache_dir())
    cache.mkdir(parents=True, exist_ok=True)
    tarball = cache / f"zazuko-yasgui-{VERSION}.tgz"
    if not tarball.exists() or _integrity(tarball) != INTEGRITY:
        npm = shutil.which("npm")
        if npm is None:
            raise AssetError("npm is not installed (it fetches the query editor's files)")
        with tempfile.TemporaryDirectory(dir=cache) as tmp:
            done = subprocess.run(
                [npm, "pack", f"{PACKAGE}@{VERSION}", "--json", "--pack-destination", tmp],
                capture_output=True,
                text=True,
                cwd=tmp,
            )
            if done.returncode != 0:
                raise AssetError(f"npm pack {PACKAGE}@{VERSION} failed: {done.stderr.strip()}")
            name = json.loads(done.stdout)[0]["filename"]
            os.replace(Path(tmp) / name, tarball)
    if _integrity(tarball) != INTEGRITY:
        raise AssetError(f"{tarball}: does not match the pinned integrity of {PACKAGE}@{VERSION}")
    return tarball


def install(vendor: Path = VENDOR, cache: Path | None = None, force: bool = False) -> Path:
    """Copy the editor's files into ``vendor`` (nothing to do if they are there)."""
    vendor = Path(vendor)
    if installed(vendor) and not force:
        return vendor
    tarball = fetch_tarball(cache)
    vendor.mkdir(parents=True, exist_ok=True)
    with tarfile.open(tarball, "r:gz") as archive:
        for member, name in FILES.items():
            source = archive.extractfile(member)
            if source is None:
                raise AssetError(f"{tarball}: {member} missing")
            (vendor / name).write_bytes(source.read())
    (vendor / STAMP.name).write_text(f"{PACKAGE}@{VERSION}\n")
    return vendor


def main(argv: list[str] | None = None) -> int:
    force = "--force" in (argv if argv is not None else sys.argv[1:])
    try:
        path = install(force=force)
    except (AssetError, OSError) as e:
        print(f"error: {e}", file=sys.stderr)
        return 2
    print(f"{PACKAGE}@{VERSION} -> {path}")
    return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
