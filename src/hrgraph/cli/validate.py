"""``hrgraph validate``: the shapes against a build or RDF files, for people and CI.

Exit codes never mean two things: 0 the data conforms, 1 it has violations (or
warnings, with ``--fail-on warning``; any result, with ``--fail-on info``), 2 it could
not be validated (a file that cannot be read or parsed, shapes that cannot be used,
bad usage).
"""

from __future__ import annotations

import sys
from pathlib import Path

import click

from hrgraph.cli.options import setting_option
from hrgraph.exits import Exit
from hrgraph.languages import DEFAULT, LANGUAGES


@click.command("validate")
@click.argument("files", nargs=-1, type=click.Path(path_type=Path, dir_okay=False))
@setting_option("--build", setting="build_dir")
@click.option(
    "--data",
    "data_files",
    multiple=True,
    type=click.Path(path_type=Path, dir_okay=False),
    help="An RDF file to validate instead of the build (repeatable; any format rdflib "
    "reads, guessed from the suffix).",
)
@setting_option(
    "--shapes",
    setting="shapes_dir",
    dest="shapes_path",
    help="Shapes file, or folder of *.ttl shapes. Given here, only these shapes apply: "
    "a SHACL Core validator for shapes from elsewhere.",
)
@click.option(
    "--format",
    "fmt",
    default="text",
    show_default=True,
    type=click.Choice(["text", "json", "turtle", "junit", "github", "sarif"]),
    help="text (grouped, with counts), json, turtle (sh:ValidationReport), junit (XML), "
    "github (workflow annotations), sarif (2.1.0).",
)
@click.option(
    "--fail-on",
    default="violation",
    show_default=True,
    type=click.Choice(["violation", "warning", "info"]),
    help="Lowest severity that makes the exit code 1 (info: any result, so exit 0 "
    "exactly when the report's sh:conforms is true).",
)
@click.option(
    "--inference",
    type=click.Choice(["none", "rdfs"]),
    default=None,
    help="RDFS inference on the data (with the ontology) before validating. Default: "
    "rdfs with hrgraph's shapes, none when --shapes is given.",
)
@click.option(
    "--ontology",
    "ontology_paths",
    multiple=True,
    type=click.Path(path_type=Path),
    help="An ontology or vocabulary file (or a folder of *.ttl) added to the data as the "
    "extra graph (repeatable). Default: hrgraph's ontology folder with hrgraph's "
    "shapes, none when --shapes is given.",
)
@click.option(
    "--output",
    "-o",
    "output",
    type=click.Path(path_type=Path, dir_okay=False),
    help="Write the report to this file instead of standard output.",
)
@click.option(
    "--lang",
    default=DEFAULT,
    show_default=True,
    type=click.Choice(LANGUAGES),
    help="Language of the messages.",
)
@click.option(
    "--findings/--no-findings",
    default=True,
    show_default=True,
    help="With a build: also report what the reader noticed on the pages (a country "
    "given twice, a value that is not a year...); --no-findings gives the SHACL results "
    "alone, the verdict any SHACL engine gives on the dump.",
)
@click.option(
    "--profile",
    "profile",
    type=click.Path(path_type=Path, dir_okay=False),
    help="Re-validate one changed (or new) profile file of the build's data folder against "
    "the build: only its member's results, without validating the whole graph.",
)
# accepted as before; one call on the whole graph needs neither workers nor a cache
@click.option("--jobs", "-j", type=int, default=0, hidden=True)
@click.option("--no-cache", is_flag=True, hidden=True)
def validate_cmd(
    files,
    build_dir,
    data_files,
    shapes_path,
    fmt,
    fail_on,
    inference,
    ontology_paths,
    output,
    lang,
    findings,
    profile,
    jobs,
    no_cache,
):
    """Check the build (or RDF files) against the SHACL shapes.

    Without --data (or FILES, the same as --data each), validates the current release
    of the build, naming the profile file and line behind each result. With --shapes,
    only those shapes apply, without inference or ontology unless asked for. Exit 0
    conforms, 1 violations (or warnings with --fail-on warning), 2 could not validate.
    """
    from hrgraph.release import ReleaseError
    from hrgraph.settings import load
    from hrgraph.validate import (
        InputError,
        ShapesError,
        load_shapes,
        validate_build,
        validate_files,
    )
    from hrgraph.validate.reports import Context, write

    settings = load(build_dir=build_dir, shapes_dir=shapes_path)
    data_files = [*data_files, *files]
    # shapes from elsewhere get what they ask for; hrgraph's own need the ontology
    foreign = shapes_path is not None
    ontology = list(ontology_paths) or (None if foreign else settings.ontology_dir)
    inference = inference or ("none" if foreign else "rdfs")
    try:
        shapes = load_shapes(settings.shapes_dir)
        if profile is not None:
            from hrgraph.validate.incremental import validate_profile

            report = validate_profile(
                settings.build_dir,
                profile,
                shapes,
                settings.ontology_dir,
                data_dir=settings.data_dir,
            )
        elif data_files:
            report = validate_files(data_files, shapes, ontology, inference)
        else:
            report = validate_build(
                settings.build_dir,
                shapes,
                ontology,
                data_dir=settings.data_dir,
                findings=findings,
                inference=inference,
            )
    except (InputError, ShapesError, ReleaseError) as e:
        click.echo(f"error: {e}", err=True)
        sys.exit(Exit.FAILED)
    try:
        text = write(fmt, report, Context(shapes, fail_on, lang))
    except Exception as e:  # terms from elsewhere a writer cannot spell: say so, exit 2
        detail = " ".join(str(e).split())[:300]
        click.echo(f"error: cannot write the {fmt} report: {type(e).__name__}: {detail}", err=True)
        sys.exit(Exit.FAILED)
    if output:
        try:
            output.write_text(text, encoding="utf-8")
        except OSError as e:
            click.echo(f"error: {output}: cannot write: {e.strerror or e}", err=True)
            sys.exit(Exit.FAILED)
        click.echo(_summary(report, fail_on), err=True)
    else:
        click.echo(text, nl=False)
    sys.exit(report.exit_code(fail_on))


def _summary(report, fail_on: str) -> str:
    from hrgraph.validate.reports import Context, counts_line

    return counts_line(report, Context(None, fail_on))
