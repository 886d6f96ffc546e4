"""``hrgraph export-site``: the documents as static files, with an nginx configuration."""

from __future__ import annotations

from pathlib import Path

import click

from hrgraph.cli.options import fail, setting_option


@click.command("export-site")
@setting_option("--build", setting="build_dir")
@click.option(
    "--out",
    required=True,
    type=click.Path(path_type=Path, file_okay=False),
    help="Folder to write the site into (replaced whole when complete).",
)
@click.option(
    "--site-url",
    help="The address the site is served at (JSON-LD contexts and the sitemap name it). "
    "[default: http://LISTEN/]",
)
@click.option(
    "--listen",
    default="127.0.0.1:8081",
    show_default=True,
    help="Address nginx listens on (its 'listen' directive).",
)
@click.option(
    "--upstream",
    default="http://127.0.0.1:8080",
    show_default=True,
    help="A running 'hrgraph serve' that answers /sparql, /search, /reconcile.",
)
def export_site_cmd(build_dir, out, site_url, listen, upstream) -> None:
    """Write every document the server negotiates (HTML per language, Turtle, JSON-LD,
    RDF/XML, N-Triples), VoID, dumps, the query page's assets and a sitemap into OUT,
    with an nginx configuration (OUT/nginx/) doing the same 303s, content negotiation,
    Vary, ETags and Cache-Control, and proxying /sparql to --upstream.
    """
    from hrgraph.export import nginx
    from hrgraph.export.site import ExportError, export_site
    from hrgraph.release import ReleaseError
    from hrgraph.settings import load

    settings = load(build_dir=build_dir)
    url = site_url or f"http://{listen}/"
    write = nginx.writer(listen, upstream, settings.query_timeout_s)
    try:
        report = export_site(settings, out, url, write)
    except (ReleaseError, ExportError, OSError) as e:
        fail(str(e))
    click.echo(
        f"exported {report.documents} documents ({report.files} files) to {out}; "
        f"nginx -p {out / nginx.FOLDER} -c {nginx.MAIN_CONF}"
    )
