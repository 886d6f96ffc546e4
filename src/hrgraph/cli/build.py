"""``hrgraph build``: profiles to a published release (dumps, VoID, store)."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from hrgraph.cli.options import fail, setting_option
from hrgraph.display import where


@click.command("build")
@setting_option("--data", setting="data_dir")
@setting_option("--out", setting="build_dir")
@setting_option("--base-uri", setting="base_uri")
@click.option("--quiet", "-q", is_flag=True, help="Do not list warnings.")
@click.option(
    "--update-uris", is_flag=True, help="Add newly minted URIs to DATA/uris.txt (the URI list)."
)
def build_cmd(data_dir, build_dir, base_uri, quiet, update_uris) -> None:
    """Build the graph from profiles: named graphs, dumps, VoID and the store.

    Exit 0 when every profile was built, 1 when some could not be read (the others
    are built and published), 2 when nothing could be built (nothing is published).
    A listed URI (DATA/uris.txt) the data no longer mints, without a record in
    DATA/uri-changes.csv, is exit 1 and nothing is published.
    """
    from hrgraph.build import BuildError, UriCheckError, build
    from hrgraph.exits import Exit
    from hrgraph.settings import load

    settings = load(data_dir=data_dir, build_dir=build_dir, base_uri=base_uri)
    try:
        report = build(settings, update_uris=update_uris)
    except UriCheckError as e:
        click.echo(f"error: build failed, nothing published: {e}", err=True)
        sys.exit(Exit.FOUND_WANTING)
    except BuildError as e:
        fail(f"build failed, nothing published: {e}")
    for e in report.errors:
        click.echo(
            f"error: {where(Path(settings.data_dir) / e.source, e.line)}: {e.message} (skipped)",
            err=True,
        )
    if not quiet:
        for source, w in report.warnings:
            click.echo(
                f"warning: {where(Path(settings.data_dir) / source, w.line)}: {w.message}", err=True
            )
    if report.uris_written:
        click.echo(f"wrote {report.uris_written}", err=True)
    elif not report.uris.checked:
        click.echo(
            f"note: no {Path(settings.data_dir) / 'uris.txt'}: minted URIs are not checked "
            "(`hrgraph build --update-uris` writes the list)",
            err=True,
        )
    elif report.uris.unlisted and not quiet:
        click.echo(
            f"note: {len(report.uris.unlisted)} new URI(s) not yet listed "
            "(`hrgraph build --update-uris` adds them)",
            err=True,
        )
    click.echo(
        f"built {len(report.built)} profile(s), {report.triples} triples, "
        f"{len(report.errors)} error(s), {len(report.warnings)} warning(s) "
        f"-> {report.release.path}"
    )
    sys.exit(report.exit_code)
