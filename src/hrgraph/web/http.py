"""HTTP pieces every view shares: CORS headers, plain-text answers, conditional requests.

A leaf module: it knows Flask and Werkzeug, nothing of the store or the views.
Conditional requests follow RFC 9110 through Werkzeug's own rules
(``is_resource_modified``, the check behind ``Response.make_conditional``): a GET's
``If-None-Match`` is compared weakly, and ``If-Modified-Since`` counts only when no
``If-None-Match`` was sent.
"""

from __future__ import annotations

import base64
import logging
from datetime import datetime

from flask import Response, request
from werkzeug.http import is_resource_modified, quote_etag

EXPOSED_HEADERS = (
    "ETag, Last-Modified, Repr-Digest, X-Hrgraph-Truncated, X-Hrgraph-Max-Rows, X-Hrgraph-Release"
)
ALLOWED_METHODS = "GET, HEAD, POST, OPTIONS"
CORS_HEADERS = {
    "Access-Control-Allow-Origin": "*",
    "Access-Control-Expose-Headers": EXPOSED_HEADERS,
}
# Responses to GET may be kept a minute, then revalidated by ETag.
MAX_AGE_S = 60


def plain(status: int, message: str, **headers: str) -> Response:
    """An error (or short notice) as UTF-8 text: what every SPARQL client can show."""
    return Response(message.rstrip("\n") + "\n", status, headers, mimetype="text/plain")


def unavailable(error: Exception) -> Response:
    """503 for a server with no usable build; the reason names server paths, so it goes
    to the log, not to the client."""
    logging.getLogger("hrgraph.web").warning("no usable release: %s", error)
    return plain(503, "503 Service Unavailable: no build to serve (the server's log says why)")


def html(body: str, status: int = 200) -> Response:
    """A page for people; it depends on the visitor's language as well as on Accept."""
    response = Response(body, status, mimetype="text/html")
    response.headers["Vary"] = "Accept, Accept-Language"
    return response


def unchanged(etag: str, last_modified: datetime | None, environ: dict | None = None) -> bool:
    """True when a GET or HEAD already holds this representation (answer 304).

    Asked before the work of making the representation, so a revalidation costs
    nothing; ``etag`` quoted or not (as Werkzeug's ``set_etag`` takes it). ``environ``:
    the request's (Flask's current request by default).
    """
    environ = request.environ if environ is None else environ
    if environ.get("REQUEST_METHOD") not in ("GET", "HEAD"):
        return False
    if "HTTP_IF_NONE_MATCH" not in environ and "HTTP_IF_MODIFIED_SINCE" not in environ:
        return False
    quoted = etag if etag.startswith(('"', "W/")) else quote_etag(etag)
    return not is_resource_modified(environ, quoted, last_modified=last_modified)


def cacheable(response: Response, etag: str, last_modified: datetime | None) -> Response:
    """Validators and freshness of a representation that changes only with the release."""
    response.set_etag(etag)
    if last_modified is not None:
        response.last_modified = last_modified
    response.cache_control.public = True
    response.cache_control.max_age = MAX_AGE_S
    return response


def repr_digest(sha256_hex: str) -> str:
    """The ``Repr-Digest`` field (RFC 9530) for a SHA-256 given in hex."""
    return "sha-256=:" + base64.b64encode(bytes.fromhex(sha256_hex)).decode("ascii") + ":"
