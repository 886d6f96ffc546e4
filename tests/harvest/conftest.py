"""The fixture campaign site (fixture_site.py), served on a free localhost port."""

from __future__ import annotations

import threading

import pytest
from werkzeug.serving import make_server

from harvest.fixture_site import FixtureSite


@pytest.fixture
def site():
    fixture = FixtureSite()
    server = make_server("127.0.0.1", 0, fixture.app(), threaded=True)
    fixture.url = f"http://localhost:{server.server_port}"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield fixture
    finally:
        server.shutdown()
        thread.join(5)
