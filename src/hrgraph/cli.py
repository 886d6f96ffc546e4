"""The ``hrgraph`` command: one verb per pipeline stage, thin wrappers over functions.

Exit codes never mean two things: 0 success, 1 the input was checked and found
wanting, 2 the command could not do its job.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from hrgraph import __version__

EXIT_OK, EXIT_FOUND_WANTING, EXIT_FAILED = 0, 1, 2


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="hrgraph")
def main() -> None:
    """hrgraph: human rights cities profiles as a linked-data knowledge graph."""


@main.command("parse")
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
def parse_cmd(paths: tuple[Path, ...]) -> None:
    """Read profile files (or folders of them) and print one JSON object per profile.

    Files that are not profiles are reported on stderr; the others are still printed,
    and the exit code is 2 at the end.
    """
    from hrgraph.profile import ProfileError, read_profile

    failed = False
    for path in _profile_files(paths):
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
    sys.exit(EXIT_FAILED if failed else EXIT_OK)


def _profile_files(paths: tuple[Path, ...]) -> list[Path]:
    files: list[Path] = []
    for p in paths:
        files.extend(sorted(p.rglob("*.txt")) if p.is_dir() else [p])
    return files


if __name__ == "__main__":  # pragma: no cover
    main()
