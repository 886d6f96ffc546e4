"""``hrgraph serve``: the endpoint under gunicorn (workers), or Flask's server with --dev."""

from __future__ import annotations

import click

from hrgraph.cli.options import fail, setting_option

# gunicorn refuses request lines over 8190 bytes; longer queries go in a POST body.
MAX_REQUEST_LINE = 8190


def gunicorn_options(settings) -> dict:
    """gunicorn settings derived from ours (one place: hrgraph.settings)."""
    host = f"[{settings.host}]" if ":" in settings.host else settings.host
    return {
        "bind": f"{host}:{settings.port}",
        "workers": max(1, settings.workers),
        "worker_class": "sync",
        # The app loads once in the arbiter, so a worker that ends after a timed-out
        # query is replaced by a fork in milliseconds. The store is opened per worker.
        "preload_app": True,
        # Our own deadline answers first; this is gunicorn's backstop for a stuck worker.
        "timeout": int(settings.query_timeout_s) + 30,
        "graceful_timeout": 10,
        "limit_request_line": MAX_REQUEST_LINE,
        "accesslog": None,
        "errorlog": "-",
        "loglevel": "warning",
        "proc_name": "hrgraph-serve",
        "post_worker_init": open_release,
    }


def open_release(worker) -> None:
    """Open (or copy into memory) the current release as a worker starts, before it
    takes a request: a worker that replaces one ended by a timed-out query answers at
    once, and no client waits for the copy. Without a build, the first request says so."""
    from hrgraph.web.state import EXTENSION

    state = getattr(worker.wsgi, "extensions", {}).get(EXTENSION)
    if state is None:
        return
    try:
        state.live()
    except Exception as e:  # the first request tries again, and answers 503 with the reason
        worker.log.warning("worker %s: the release could not be opened yet: %s", worker.pid, e)


def run_gunicorn(app, options: dict) -> None:
    from gunicorn.app.base import BaseApplication

    class Server(BaseApplication):
        def load_config(self):
            for key, value in options.items():
                self.cfg.set(key, value)

        def load(self):
            return app

    Server().run()


@click.command("serve")
@setting_option("--build", setting="build_dir")
@setting_option("--host", setting="host")
@setting_option("--port", setting="port")
@setting_option("--workers", setting="workers")
@setting_option("--backend", setting="backend", metavar="URL")
@click.option(
    "--dev", is_flag=True, help="Flask's development server (one process; timeouts not enforced)."
)
def serve_cmd(build_dir, host, port, workers, backend, dev) -> None:
    """Serve the SPARQL endpoint and the query page over the current build.

    Limits (query_timeout_s, max_rows, max_query_chars, max_body_bytes,
    service_allowlist) come from the settings: HRGRAPH_* variables or hrgraph.toml.
    With --backend URL a SPARQL 1.1 server (loaded by 'hrgraph publish') answers the
    queries; documents and pages still come from the build.
    """
    from hrgraph.release import ReleaseError, current_release
    from hrgraph.settings import load
    from hrgraph.web import assets
    from hrgraph.web.app import create_app

    settings = load(build_dir=build_dir, host=host, port=port, workers=workers, backend=backend)
    try:
        release = current_release(settings.build_dir)
    except ReleaseError as e:
        fail(str(e))
    if not assets.installed():
        click.echo(
            "warning: the query editor's files are missing (python -m hrgraph.web.assets); "
            "the page falls back to a plain form",
            err=True,
        )
    where = f"http://{settings.host}:{settings.port}/"
    click.echo(f"serving release {release.id} from {settings.build_dir} on {where}", err=True)
    if settings.backend:
        click.echo(f"SPARQL queries answered by {settings.backend}", err=True)
    if dev:
        app = create_app(settings)
        app.run(settings.host, settings.port, threaded=True, use_reloader=False)
        return
    run_gunicorn(create_app(settings, exit_on_timeout=True), gunicorn_options(settings))
