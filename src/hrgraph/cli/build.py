"""``hrgraph build``: profiles to a published release (dumps, VoID, store)."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from hrgraph.cli.options import fail, setting_option


@click.command("build")
@setting_option("--data", setting="data_dir")
@setting_option("--out", setting="build_dir")
@setting_option("--base-uri", setting="base_uri")
@click.option("--quiet", "-q", is_flag=True, help="Do not list warnings.")
def build_cmd(data_dir, build_dir, base_uri, quiet) -> None:
    """Build the graph from profiles: named graphs, dumps, VoID and the store.

    Exit 0 when every profile was built, 1 when some could not be read (the others
    are built and published), 2 when nothing could be built (nothing is published).
    """
    from hrgraph.build import BuildError, build
    from hrgraph.settings import load

    settings = load(data_dir=data_dir, build_dir=build_dir, base_uri=base_uri)
    try:
        report = build(settings)
    except BuildError as e:
        fail(f"build failed, nothing published: {e}")
    for e in report.errors:
        where = _where(settings.data_dir, e.source, e.line)
        click.echo(f"error: {where}: {e.message} (skipped)", err=True)
    if not quiet:
        for source, w in report.warnings:
            click.echo(
                f"warning: {_where(settings.data_dir, source, w.line)}: {w.message}", err=True
            )
    click.echo(
        f"built {len(report.built)} profile(s), {report.triples} triples, "
        f"{len(report.errors)} error(s), {len(report.warnings)} warning(s) "
        f"-> {report.release.path}"
    )
    sys.exit(report.exit_code)


def _where(data_dir: Path, source: str, line: int | None) -> str:
    """``data/profiles/fr/x.txt:12``: relative to the working directory when inside it."""
    path = Path(data_dir) / source
    try:
        path = path.resolve().relative_to(Path.cwd())
    except ValueError:
        pass
    return f"{path}:{line}" if line else str(path)
