"""The application in-process (Flask's test client) over real builds.

Most web tests need no real server: :class:`Client` gives them the same small HTTP
interface as the gunicorn-backed one in ``server/conftest.py``, without processes.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlencode

import pytest
from flask import Flask

from hrgraph.settings import load
from hrgraph.web.app import create_app

RICH_BASE = "http://example.org/hr/"  # the rich build's base: not the server's address


@dataclass
class Reply:
    status: int
    headers: object
    body: bytes

    @property
    def text(self) -> str:
        return self.body.decode("utf-8")

    def header(self, name: str) -> str | None:
        return self.headers.get(name)


@dataclass
class Client:
    """The application, called in-process (no redirects followed, no retries)."""

    app: Flask
    build_dir: Path

    url = "http://localhost/"
    endpoint = "http://localhost/sparql"

    def request(self, method, path="/sparql", params=None, headers=None, body=None) -> Reply:
        if params:
            path += "?" + urlencode(params, doseq=True)
        response = self.app.test_client().open(
            path, method=method, headers=headers or {}, data=body
        )
        return Reply(response.status_code, response.headers, response.get_data())

    def get(self, params=None, **kw) -> Reply:
        return self.request("GET", params=params, **kw)

    def post_form(self, fields, **kw) -> Reply:
        headers = {"Content-Type": "application/x-www-form-urlencoded", **kw.pop("headers", {})}
        return self.request("POST", body=urlencode(fields, doseq=True), headers=headers, **kw)

    def post_query(self, query: str, **kw) -> Reply:
        headers = {"Content-Type": "application/sparql-query", **kw.pop("headers", {})}
        return self.request("POST", body=query.encode("utf-8"), headers=headers, **kw)


def make_client(build_dir: Path, **settings) -> Client:
    return Client(create_app(load(environ={}, build_dir=build_dir, **settings)), build_dir)


@pytest.fixture(name="make_client")
def make_client_fixture():
    """make_client(build_dir, **settings): the application over any folder."""
    return make_client


@pytest.fixture(scope="session")
def build_dir(data_build) -> Path:
    return data_build.release.path.parent.parent


@pytest.fixture(scope="session")
def rich_build_dir(tmp_path_factory) -> Path:
    """A build of the corpus, the fixture profiles and a profile full of markup, for a
    base URI that is not the server's own address."""
    from helpers import FIXTURE_PROFILES, FIXTURES, build_into

    out = tmp_path_factory.mktemp("rich-build") / "build"
    extra = sorted(FIXTURE_PROFILES.rglob("*.txt")) + sorted((FIXTURES / "hostile").rglob("*.txt"))
    build_into(out, extra_profiles=extra, base_uri=RICH_BASE)
    return out


@pytest.fixture(scope="session")
def client(build_dir) -> Client:
    """The application with its default limits."""
    return make_client(build_dir)


@pytest.fixture(scope="session")
def tight_client(build_dir) -> Client:
    """The application with tiny limits, and SERVICE allowed to 127.0.0.1 only."""
    return make_client(
        build_dir,
        max_rows=3,
        query_timeout_s=1,
        max_query_chars=2000,
        max_body_bytes=4000,
        service_allowlist="127.0.0.1",
    )


@pytest.fixture(scope="session")
def rich_client(rich_build_dir) -> Client:
    return make_client(rich_build_dir)
