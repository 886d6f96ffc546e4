"""``hrgraph publish``: push the current build to a SPARQL 1.1 server (Graph Store Protocol)."""

from __future__ import annotations

from pathlib import Path

import click

from hrgraph.cli.options import fail, setting_option
from hrgraph.exits import Exit


@click.command("publish")
@click.option("--endpoint", required=True, help="The server's SPARQL query endpoint (read).")
@click.option(
    "--graph-store",
    required=True,
    help="The server's Graph Store Protocol endpoint for writes, e.g. Virtuoso's "
    "http://HOST:8890/sparql-graph-crud-auth or the Oxigraph server's http://HOST:7878/store.",
)
@click.option("--user", help="User name, for Digest or Basic auth (as the server asks).")
@click.option(
    "--password-file",
    type=click.Path(path_type=Path, dir_okay=False),
    help="File holding the password (a final newline is ignored).",
)
@setting_option("--build", setting="build_dir")
@click.option("--quiet", is_flag=True, help="Only the summary line.")
def publish_cmd(endpoint, graph_store, user, password_file, build_dir, quiet) -> None:
    """Publish the current build to a SPARQL server: one named graph per profile page,
    plus the ontology, vocabularies, provenance, dataset description and the merge.

    Unchanged graphs are skipped (checksums kept on the server), graphs the build no
    longer has are deleted, graphs hrgraph did not publish are never touched. Exit 0
    when everything is published, 1 when the server refused some graphs (run it again),
    2 when it could not publish (no build, server unreachable, auth refused).
    """
    from hrgraph.release import ReleaseError
    from hrgraph.settings import load
    from hrgraph.store.embedded import open_store
    from hrgraph.store.publish import ChallengeAuth, GraphStore, PublishError, publish

    settings = load(build_dir=build_dir)
    if bool(user) != bool(password_file):
        fail("--user and --password-file go together")
    auth = None
    if user:
        try:
            password = password_file.read_text("utf-8").removesuffix("\n").removesuffix("\r")
        except (OSError, UnicodeDecodeError) as e:
            fail(f"{password_file}: cannot read the password: {e}")
        auth = ChallengeAuth(user, password)
    try:
        store, release = open_store(settings.build_dir)
    except ReleaseError as e:
        fail(str(e))

    def progress(action: str, graph: str) -> None:
        if not quiet:
            click.echo(f"{action:>7} {graph}", err=True)

    gsp = GraphStore(graph_store, auth)
    try:
        report = publish(release, store, gsp, progress)
        visible = _visible(endpoint, release)
    except PublishError as e:
        fail(str(e))
    finally:
        gsp.close()
    for _graph, why in report.failed:
        click.echo(f"error: {why}", err=True)
    click.echo(f"published release {release.id} to {graph_store}: {report.summary()}")
    if not visible:
        click.echo(
            f"warning: {endpoint} does not show the published graphs (is it the same server?)",
            err=True,
        )
    if report.failed:
        raise SystemExit(Exit.FOUND_WANTING)


def _visible(endpoint: str, release) -> bool:
    """The query endpoint sees the merge graph that was just written."""
    from hrgraph.rdf.namespaces import ROOT
    from hrgraph.rdf.uris import Minter
    from hrgraph.store.backend import BackendError
    from hrgraph.store.publish import PublishError
    from hrgraph.store.query import QueryError
    from hrgraph.store.remote import RemoteBackend

    merged = Minter(release.manifest().get("base_uri") or ROOT).merged_graph()
    backend = RemoteBackend(endpoint, timeout_s=30)
    try:
        answer = backend.answer(f"ASK {{ GRAPH <{merged}> {{ ?s ?p ?o }} }}", None, form="ASK")
    except (BackendError, QueryError) as e:
        raise PublishError(f"{endpoint}: {e}") from None
    finally:
        backend.close()
    return bool(answer.boolean)
