"""The Flask application: the SPARQL endpoint and its query page over the current build.

``create_app(settings)`` is the only way in; ``hrgraph serve`` hands it to gunicorn
(or to Flask's development server with ``--dev``), tests call it with tiny limits.
Every response, errors and preflights included, carries CORS headers: the data is
public and read-only, and no credentials are ever involved.
"""

from __future__ import annotations

import hashlib
import os
import threading
import time
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

import pyoxigraph as ox
from flask import Flask, Response, current_app, request
from werkzeug.exceptions import HTTPException
from werkzeug.http import http_date

from hrgraph import __version__
from hrgraph.release import ReleaseError, current_release
from hrgraph.settings import Settings, load
from hrgraph.store.embedded import open_release_store
from hrgraph.web.limits import Evaluator, QueryTimeout, Watchdog, answer_and_exit

HERE = Path(__file__).parent
RECHECK_S = 1.0  # how often a worker looks whether build/current moved
EXPOSED_HEADERS = "ETag, Last-Modified, X-Hrgraph-Truncated, X-Hrgraph-Max-Rows, X-Hrgraph-Release"
ALLOWED_METHODS = "GET, HEAD, POST, OPTIONS"
CORS_HEADERS = {
    "Access-Control-Allow-Origin": "*",
    "Access-Control-Expose-Headers": EXPOSED_HEADERS,
}


@dataclass
class Live:
    """The release being served in this process: its store and what identifies it."""

    path: Path
    release: str
    built_at: datetime | None
    store: ox.Store
    manifest: dict = field(default_factory=dict)  # the release's manifest.json, read once
    cache: dict = field(default_factory=dict)  # per-release values (service description)

    def etag(self, *parts: object) -> str:
        digest = hashlib.sha1("|".join(map(str, (__version__, *parts))).encode()).hexdigest()
        return f"{self.release}-{digest[:12]}"

    def headers(self, media_type: str, max_rows: int) -> dict[str, str]:
        """Validators and caching headers of a result in ``media_type`` (made once)."""
        key = ("headers", media_type, max_rows)
        found = self.cache.get(key)
        if found is None:
            found = {
                "ETag": f'"{self.etag(media_type, max_rows)}"',
                "X-Hrgraph-Release": self.release,
                "Vary": "Accept",
                # Responses to GET may be kept a minute, then revalidated by ETag.
                "Cache-Control": "public, max-age=60",
                **CORS_HEADERS,
            }
            if self.built_at is not None:
                found["Last-Modified"] = http_date(self.built_at)
            self.cache[key] = found
        return found


class Endpoint:
    """What the views share: settings, the live store, the query evaluator."""

    def __init__(self, settings: Settings, *, exit_on_timeout: bool = False):
        self.settings = settings
        self.exit_on_timeout = exit_on_timeout
        self.evaluator = Evaluator()
        self.watchdog = Watchdog()
        self._lock = threading.Lock()
        self._live: Live | None = None
        self._pid = 0
        self._checked = 0.0

    def evaluate(self, fn, environ: dict):
        """``fn()`` within the time limit (QueryTimeout past it, or see limits.py)."""
        seconds = self.settings.query_timeout_s
        client = environ.get("gunicorn.socket") if self.exit_on_timeout else None
        if client is None:
            return self.evaluator.call(fn, seconds)

        def expire():
            message = f"503 Service Unavailable: {QueryTimeout(seconds)}"
            answer_and_exit(client, "503 Service Unavailable", message, CORS_HEADERS)

        return self.watchdog.run(fn, seconds, expire)

    def live(self) -> Live:
        """The current release, reopened when ``build/current`` has moved.

        The store is opened in the process that uses it (never before a fork), and the
        symlink is looked at no more than once a second.
        """
        now = time.monotonic()
        live = self._live
        if live is not None and self._pid == os.getpid() and now - self._checked < RECHECK_S:
            return live
        with self._lock:
            release = current_release(self.settings.build_dir)
            if self._live is None or self._pid != os.getpid() or self._live.path != release.path:
                store = open_release_store(release)
                manifest = release.manifest()
                self._live = Live(
                    release.path,
                    manifest.get("release", release.id),
                    _parse_time(manifest.get("built_at")),
                    store,
                    manifest,
                )
                self._pid = os.getpid()
            self._checked = now
            return self._live


def _parse_time(text: str | None) -> datetime | None:
    try:
        return datetime.fromisoformat(text).replace(microsecond=0) if text else None
    except ValueError:
        return None


def endpoint() -> Endpoint:
    return current_app.extensions["hrgraph"]


def plain(status: int, message: str, **headers: str) -> Response:
    """An error (or short notice) as UTF-8 text: what every SPARQL client can show."""
    return Response(message.rstrip("\n") + "\n", status, headers, mimetype="text/plain")


def create_app(settings: Settings | None = None, *, exit_on_timeout: bool = False) -> Flask:
    """The application over ``settings.build_dir`` (whose store is opened on first use).

    ``exit_on_timeout``: end the worker process after answering a timed-out query, so
    its evaluation stops; only for a server that replaces its workers (gunicorn).
    """
    from hrgraph.web import resources, sparql, ui

    settings = settings or load()
    app = Flask(
        "hrgraph.web",
        root_path=str(HERE),
        template_folder="templates",
        static_folder="static",
    )
    app.config["MAX_CONTENT_LENGTH"] = settings.max_body_bytes
    app.config["SEND_FILE_MAX_AGE_DEFAULT"] = 3600
    app.extensions["hrgraph"] = Endpoint(settings, exit_on_timeout=exit_on_timeout)
    app.register_blueprint(sparql.blueprint)
    app.register_blueprint(ui.blueprint)
    resources.init_app(app)
    app.before_request(_preflight)
    app.after_request(_cors)
    app.register_error_handler(HTTPException, _http_error)
    app.register_error_handler(ReleaseError, _no_store)
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


def _http_error(error: HTTPException) -> Response:
    response = error.get_response()
    text = f"{error.code} {error.name}: {error.description}"
    if error.code == 413:
        limit = endpoint().settings.max_body_bytes
        text = f"413 {error.name}: the request body is over {limit} bytes (max_body_bytes)"
    response.set_data((text + "\n").encode())
    response.mimetype = "text/plain"
    return response


def _no_store(error: ReleaseError) -> Response:
    return plain(503, f"503 Service Unavailable: {error}")
