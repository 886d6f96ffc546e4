"""Security headers on every response: what a browser may load, run and frame.

Every script the pages run is a file served from this server (``static/``, with
YASGUI in ``static/vendor/``), so the Content-Security-Policy allows scripts from
``'self'`` only: markup that slipped into a page could not run, and no inline
``<script>`` or event handler is ever needed (JSON-LD and JSON data blocks are not
scripts to the browser). Styles may be inline: the query editor and the charts set
them from script. Queries go to this server only (``connect-src 'self'``). Images
come from this server too, and from the deployment's tile server when it sets one
(``map_tiles``): that origin is added to ``img-src``, nothing else.

The reconciliation preview is the one page made to be framed: OpenRefine shows it in
an iframe of its own origin. It gets a policy of its own, which runs nothing at all.
"""

from __future__ import annotations

from functools import cache

from flask import Blueprint, Response, request

from hrgraph.web.map import tile_origin
from hrgraph.web.state import current

blueprint = Blueprint("security", __name__)

POLICY = {
    "default-src": "'self'",
    "script-src": "'self'",
    "style-src": "'self' 'unsafe-inline'",
    "img-src": "'self' data:",
    "font-src": "'self' data:",
    "connect-src": "'self'",
    "object-src": "'none'",
    "base-uri": "'self'",
    "form-action": "'self'",
    "frame-ancestors": "'self'",
}
# Framed by whatever tool reconciles against us: runs no script, loads only its style.
FRAMED_PATHS = ("/reconcile/preview",)
FRAMED_POLICY = {
    "default-src": "'none'",
    "style-src": "'unsafe-inline'",
    "img-src": "'self' data:",
    "base-uri": "'none'",
    "form-action": "'none'",
    "frame-ancestors": "*",
}


def policy_text(policy: dict[str, str]) -> str:
    return "; ".join(f"{name} {value}" for name, value in policy.items())


CSP = policy_text(POLICY)
FRAMED_CSP = policy_text(FRAMED_POLICY)
HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "strict-origin-when-cross-origin",
    "Cross-Origin-Opener-Policy": "same-origin",
}


@cache
def site_csp(tiles: str) -> str:
    """The pages' policy, with the tile server's origin among image sources."""
    if not tiles:
        return CSP
    return policy_text({**POLICY, "img-src": f"{POLICY['img-src']} {tile_origin(tiles)}"})


@cache
def headers_for(path: str, tiles: str) -> tuple[tuple[str, str], ...]:
    """The security headers of every response on ``path`` (``tiles``: ``map_tiles``)."""
    if path in FRAMED_PATHS:
        return (("Content-Security-Policy", FRAMED_CSP), *HEADERS.items())
    return (
        ("Content-Security-Policy", site_csp(tiles)),
        ("X-Frame-Options", "SAMEORIGIN"),  # frame-ancestors for old browsers
        *HEADERS.items(),
    )


@blueprint.after_app_request
def add_headers(response: Response) -> Response:
    """Every response the application makes, errors included, carries them."""
    policy, *others = headers_for(request.path, current().settings.map_tiles)
    response.headers[policy[0]] = policy[1]
    for name, value in others:
        response.headers.setdefault(name, value)
    return response
