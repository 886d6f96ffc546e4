"""``/healthz``: which release this process serves, for monitors and deploy scripts.

It names the release, never where the server keeps it.
"""

from __future__ import annotations

import json
import logging

from flask import Blueprint, Response

from hrgraph.release import ReleaseError
from hrgraph.web.state import current

blueprint = Blueprint("health", __name__)
log = logging.getLogger("hrgraph.web")


@blueprint.route("/healthz")
def healthz() -> Response:
    try:
        live = current().live()
    except (ReleaseError, OSError) as e:
        log.warning("healthz: %s", e)  # the reason names server paths: the log, not the body
        body = {"status": "unavailable", "error": "no usable release to serve"}
        return Response(json.dumps(body), 503, mimetype="application/json")
    manifest = live.manifest
    body = {
        "status": "ok",
        "release": live.release,
        "built_at": manifest.get("built_at"),
        "base_uri": manifest.get("base_uri"),
        "triples": manifest.get("triples"),
        "profiles": len(manifest.get("profiles", [])),
    }
    response = Response(json.dumps(body, indent=1), mimetype="application/json")
    response.cache_control.no_cache = True
    return response
