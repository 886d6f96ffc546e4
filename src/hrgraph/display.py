"""How files are named to people: relative to the working folder when they lie below
it (``data/profiles/fr/x.txt``), as they are given otherwise. Every message and report
that names a file goes through here."""

from __future__ import annotations

import os
from pathlib import Path


def display_path(path: Path | str) -> str:
    try:
        rel = os.path.relpath(Path(path).resolve(), Path.cwd().resolve())
    except ValueError:  # another drive
        return Path(path).as_posix()
    return Path(rel).as_posix() if not rel.startswith("..") else Path(path).as_posix()


def where(path: Path | str, line: int | None = None) -> str:
    """``file:line`` (or the file alone) for a message."""
    shown = display_path(path)
    return f"{shown}:{line}" if line else shown
