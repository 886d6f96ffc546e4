"""``hrgraph query``: SPARQL against the built store, written by the endpoint's writer."""

from __future__ import annotations

import sys

import click

from hrgraph import formats
from hrgraph.cli.options import fail, setting_option

# A readable table, then every format the store writes (hrgraph.formats' names).
FORMATS = ["table", *formats.names(formats.RESULTS_FORMATS + formats.TRIPLE_FORMATS)]
# A CONSTRUCT or DESCRIBE result shown as a "table" is Turtle.
TABLE_FOR_GRAPHS = "turtle"


@click.command("query")
@click.argument("sparql", required=False)
@click.option(
    "--file",
    "query_file",
    type=click.File("r", encoding="utf-8"),
    help="Read the query from a .rq file.",
)
@setting_option("--build", setting="build_dir")
@click.option(
    "--format",
    "fmt",
    default="table",
    show_default=True,
    type=click.Choice(FORMATS),
    help=f"{', '.join(formats.names(formats.RESULTS_FORMATS))} for SELECT and ASK (json is "
    f"SPARQL 1.1 JSON results); {', '.join(formats.names(formats.TRIPLE_FORMATS))} for "
    "CONSTRUCT and DESCRIBE; table reads as text (Turtle for CONSTRUCT and DESCRIBE).",
)
def query_cmd(sparql, query_file, build_dir, fmt) -> None:
    """Run a SPARQL query against the built store."""
    from hrgraph.release import ReleaseError
    from hrgraph.settings import load
    from hrgraph.store.embedded import open_store
    from hrgraph.store.query import QueryError, check_format, render_table, run, stream, take

    if bool(sparql) == bool(query_file):
        fail("give either a query or --file, not both or neither")
    text = sparql or query_file.read()
    settings = load(build_dir=build_dir)
    try:
        store, _ = open_store(settings.build_dir)
        result = run(store, text)
        if fmt == "table" and result.kind == "graph":
            fmt = TABLE_FOR_GRAPHS
        if fmt != "table":
            check_format(result.kind, fmt)  # before evaluating anything
        capped = take(result, None)
        if fmt == "table":
            click.echo(render_table(capped), nl=False)
            return
        out = sys.stdout.buffer
        for piece in stream(capped, fmt):
            out.write(piece)
        out.flush()
    except (ReleaseError, QueryError) as e:
        fail(str(e))
