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


@main.command("build")
@click.option("--data", "data_dir", type=click.Path(path_type=Path), help="Data folder [data/].")
@click.option("--out", "build_dir", type=click.Path(path_type=Path), help="Build folder [build/].")
@click.option("--base-uri", help="Base of minted URIs [https://w3id.org/hrgraph/].")
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
        click.echo(f"error: build failed, nothing published: {e}", err=True)
        sys.exit(EXIT_FAILED)
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


@main.command("query")
@click.argument("sparql", required=False)
@click.option(
    "--file",
    "query_file",
    type=click.File("r", encoding="utf-8"),
    help="Read the query from a .rq file.",
)
@click.option(
    "--build", "build_dir", type=click.Path(path_type=Path), help="Build folder [build/]."
)
@click.option(
    "--format",
    "fmt",
    default="table",
    show_default=True,
    type=click.Choice(["table", "csv", "tsv", "json", "xml", "turtle", "ntriples", "jsonld"]),
    help="table/csv/tsv/json/xml for SELECT and ASK (json is SPARQL 1.1 JSON results); "
    "turtle/ntriples/jsonld for CONSTRUCT and DESCRIBE.",
)
def query_cmd(sparql, query_file, build_dir, fmt) -> None:
    """Run a SPARQL query against the built store."""
    from hrgraph.release import ReleaseError
    from hrgraph.settings import load
    from hrgraph.store.embedded import open_store
    from hrgraph.store.query import QueryError, render_table, run, serialize

    if bool(sparql) == bool(query_file):
        click.echo("error: give either a query or --file, not both or neither", err=True)
        sys.exit(EXIT_FAILED)
    text = sparql or query_file.read()
    settings = load(build_dir=build_dir)
    try:
        store, _ = open_store(settings.build_dir)
        result = run(store, text)
        if fmt == "table":
            if result.kind == "graph":
                fmt = "turtle"
            else:
                click.echo(render_table(result), nl=False)
                return
        sys.stdout.buffer.write(serialize(result, fmt))
        sys.stdout.flush()
    except (ReleaseError, QueryError) as e:
        click.echo(f"error: {e}", err=True)
        sys.exit(EXIT_FAILED)


def _where(data_dir: Path, source: str, line: int | None) -> str:
    """``data/profiles/fr/x.txt:12``: relative to the working directory when inside it."""
    path = Path(data_dir) / source
    try:
        path = path.resolve().relative_to(Path.cwd())
    except ValueError:
        pass
    return f"{path}:{line}" if line else str(path)


def _profile_files(paths: tuple[Path, ...]) -> list[Path]:
    files: list[Path] = []
    for p in paths:
        files.extend(sorted(p.rglob("*.txt")) if p.is_dir() else [p])
    return files


from hrgraph.web.cli import serve_cmd  # noqa: E402

main.add_command(serve_cmd)


from hrgraph.validate.cli import validate_cmd  # noqa: E402

main.add_command(validate_cmd)


if __name__ == "__main__":  # pragma: no cover
    main()
