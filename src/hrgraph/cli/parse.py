"""``hrgraph parse``: profile files as JSON, one object per line."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from hrgraph.exits import Exit


@click.command("parse")
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
def parse_cmd(paths: tuple[Path, ...]) -> None:
    """Read profile files (or folders of them) and print one JSON object per profile.

    Files that are not profiles are reported on stderr; the others are still printed,
    and the exit code is 2 at the end.
    """
    from hrgraph.profile import ProfileError, read_profile

    failed = False
    for path in profile_files(paths):
        try:
            profile = read_profile(path)
        except ProfileError as e:
            click.echo(f"error: {e}", err=True)
            failed = True
            continue
        for w in profile.warnings:
            where = f"{path}:{w.line}" if w.line else str(path)
            click.echo(f"warning: {where}: {w.message}", err=True)
        click.echo(json.dumps(profile.to_json(), ensure_ascii=False, sort_keys=False))
    sys.exit(Exit.FAILED if failed else Exit.OK)


def profile_files(paths: tuple[Path, ...]) -> list[Path]:
    files: list[Path] = []
    for p in paths:
        files.extend(sorted(p.rglob("*.txt")) if p.is_dir() else [p])
    return files
