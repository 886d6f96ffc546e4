"""The Flask application factory: the endpoint, the documents and the pages over a build.

``create_app(settings)`` is the only way in; ``hrgraph serve`` hands it to gunicorn
(or to Flask's development server with ``--dev``), tests call it with tiny limits.
This module only assembles: per-process state lives in state.py (views reach it
through ``current_app``), HTTP helpers in http.py, and each job in its blueprint.
Every response, errors and preflights included, carries CORS headers: the data is
public and read-only, and no credentials are ever involved.
"""

from __future__ import annotations

from pathlib import Path

from flask import Flask, Response, request, url_for
from gunicorn.http.errors import NoMoreData, ParseException
from werkzeug.exceptions import BadRequest, HTTPException

from hrgraph.release import ReleaseError
from hrgraph.settings import Settings, load
from hrgraph.web import (
    documents,
    downloads,
    health,
    home,
    pages,
    query_page,
    reconcile,
    shapes_page,
    sparql,
)
from hrgraph.web.http import ALLOWED_METHODS, CORS_HEADERS, unavailable
from hrgraph.web.security import blueprint as security_headers
from hrgraph.web.security import headers_for as security_headers_for
from hrgraph.web.state import EXTENSION, ServerState, current

HERE = Path(__file__).parent
BLUEPRINTS = (
    sparql.blueprint,
    query_page.blueprint,
    documents.blueprint,
    pages.blueprint,
    downloads.blueprint,
    health.blueprint,
    reconcile.blueprint,
    home.blueprint,
    shapes_page.blueprint,
    security_headers,
)


def create_app(settings: Settings | None = None, *, exit_on_timeout: bool = False) -> Flask:
    """The application over ``settings.build_dir`` (whose store is opened on first use).

    ``exit_on_timeout``: end the worker process after answering a timed-out query, so
    its evaluation stops; only for a server that replaces its workers (gunicorn).
    """
    settings = settings or load()
    app = Flask(
        "hrgraph.web",
        root_path=str(HERE),
        template_folder="templates",
        static_folder="static",
    )
    app.config["MAX_CONTENT_LENGTH"] = settings.max_body_bytes
    app.config["SEND_FILE_MAX_AGE_DEFAULT"] = 3600
    state = ServerState(settings, exit_on_timeout=exit_on_timeout)
    app.extensions[EXTENSION] = state
    for blueprint in BLUEPRINTS:
        app.register_blueprint(blueprint)
    app.jinja_env.globals["url_for"] = url_for
    app.before_request(_preflight)
    app.after_request(_cors)
    app.register_error_handler(404, _not_found)
    app.register_error_handler(HTTPException, _http_error)
    app.register_error_handler(ReleaseError, _no_store)
    app.register_error_handler(ParseException, _broken_body)
    app.register_error_handler(NoMoreData, _broken_body)
    app.register_error_handler(RuntimeError, _damaged_store)
    # What the security hook adds to every response on /sparql, for the fast path there.
    hooked = security_headers_for("/sparql", settings.map_tiles)
    app.wsgi_app = sparql.FastPath(app.wsgi_app, state, hooked)
    return app


def _preflight():
    """Answer a CORS preflight for any path: any origin, our methods, the asked headers."""
    if request.method == "OPTIONS" and "Access-Control-Request-Method" in request.headers:
        response = Response(status=204)
        response.headers["Access-Control-Allow-Methods"] = ALLOWED_METHODS
        asked = request.headers.get("Access-Control-Request-Headers")
        if asked:
            response.headers["Access-Control-Allow-Headers"] = asked
        response.headers["Access-Control-Max-Age"] = "86400"
        response.vary.add("Access-Control-Request-Headers")
        return response
    return None


def _cors(response: Response) -> Response:
    if "Access-Control-Allow-Origin" not in response.headers:
        response.headers.update(CORS_HEADERS)
    return response


def _not_found(error: HTTPException) -> Response:
    """Paths no view claims get the helpful 404 of the pages."""
    return pages.not_found(request.path.lstrip("/"))


def _http_error(error: HTTPException) -> Response:
    response = error.get_response()
    text = f"{error.code} {error.name}: {error.description}"
    if error.code == 413:
        limit = current().settings.max_body_bytes
        text = f"413 {error.name}: the request body is over {limit} bytes (max_body_bytes)"
    response.set_data((text + "\n").encode())
    response.mimetype = "text/plain"
    return response


def _broken_body(error: Exception) -> Response:
    """gunicorn reads a chunked body only when a view asks for it, and raises its own
    errors there (a bad chunk size, a missing terminator, the body cut short): the
    client's framing is broken, so a 400 like any other bad request, never a 500."""
    return _http_error(BadRequest("the request body's chunked encoding is malformed"))


def _damaged_store(error: RuntimeError) -> Response:
    """RocksDB reports a store damaged under a running server (its files overwritten or
    cut short) as a RuntimeError "Corruption: ...": no usable release, said loudly (503,
    the log names the file), never a 500. Any other RuntimeError is a bug: raised again,
    so Flask logs it and answers 500."""
    if not str(error).startswith("Corruption"):
        raise error
    return unavailable(error)


def _no_store(error: ReleaseError) -> Response:
    return unavailable(error)
