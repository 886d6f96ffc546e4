"""A campaign site that misbehaves on chosen pages, served by a real local HTTP server.

``misbehaving(app, faults)`` wraps the fixture site's WSGI application: a path named in
``faults`` gets its fault, every other path the site's normal answer. Faults:

- ``slow``: answers only after ``SLOW_S`` seconds (beyond the harvester's timeout);
- ``trickle``: headers at once, then the body a few bytes at a time, for ever;
- ``truncate``: a Content-Length larger than the body, then the connection closed;
- ``loop``: redirects to itself.
"""

from __future__ import annotations

import socket
import time
from collections.abc import Iterator
from contextlib import contextmanager

from harvest.fixture_site import FixtureSite, served

SLOW_S = 4.0
FAULTS = ("slow", "trickle", "truncate", "loop")
PAGE = b"<!DOCTYPE html><html><body><main><h1>Ville</h1><p>" + b"x" * 2000 + b"</p></main>"


def misbehaving(app, faults: dict[str, str]):
    def wrapped(environ, start_response):
        fault = faults.get(environ.get("PATH_INFO", ""))
        if fault == "slow":
            time.sleep(SLOW_S)
            return app(environ, start_response)
        if fault == "loop":
            start_response("302 Found", [("Location", environ["PATH_INFO"])])
            return [b""]
        if fault == "trickle":
            start_response("200 OK", [("Content-Type", "text/html"), ("Content-Length", "1000000")])
            return _trickle(environ)
        if fault == "truncate":
            length = str(len(PAGE) * 3)
            start_response("200 OK", [("Content-Type", "text/html"), ("Content-Length", length)])
            return _cut(environ)
        return app(environ, start_response)

    return wrapped


def _trickle(environ) -> Iterator[bytes]:
    for _ in range(100_000):
        yield b"<p>"
        time.sleep(0.2)


def _cut(environ) -> Iterator[bytes]:
    yield PAGE
    time.sleep(0.1)
    connection: socket.socket = environ["werkzeug.socket"]
    connection.shutdown(socket.SHUT_RDWR)


@contextmanager
def serving(faults: dict[str, str]) -> Iterator[FixtureSite]:
    """The fixture site on a free localhost port, with ``faults`` (path -> fault),
    which the test may change while it runs."""
    with served(FixtureSite(), lambda app: misbehaving(app, faults)) as site:
        yield site
