"""The same site two ways: ``hrgraph serve`` over the corpus build, and nginx over
``hrgraph export-site`` of that build (proxying /sparql to the first)."""

from __future__ import annotations

import http.client
from dataclasses import dataclass

import pytest
from click.testing import CliRunner

from engines import free_port, running_nginx
from hrgraph.cli import main
from http_client import Reply, Requests
from web.server.conftest import running


@dataclass
class Site(Requests):
    """A site on a local port, spoken to over a real socket (no redirects followed)."""

    name: str
    port: int

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/"

    def request(self, method, path="/sparql", params=None, headers=None, body=None) -> Reply:
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
        try:
            connection.request(
                method, self.with_query(path, params), body=body, headers=headers or {}
            )
            response = connection.getresponse()
            return Reply(response.status, response.headers, response.read())
        finally:
            connection.close()


@pytest.fixture(scope="session")
def build_dir(data_build):
    return data_build.release.path.parent.parent


@pytest.fixture(scope="session")
def served(build_dir, tmp_path_factory):
    with running(build_dir, tmp_path_factory.mktemp("serve-export")) as server:
        yield Site("serve", server.port)


@pytest.fixture(scope="session")
def exported(build_dir, served, tmp_path_factory):
    """The export's folder and the port its nginx configuration listens on."""
    port = free_port()
    out = tmp_path_factory.mktemp("export") / "site"
    args = ["export-site", "--build", str(build_dir), "--out", str(out)]
    args += ["--listen", f"127.0.0.1:{port}", "--upstream", served.url.rstrip("/")]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 0, result.output
    return out, port


@pytest.fixture(scope="session")
def nginx_site(exported):
    out, port = exported
    prefix = out / "nginx"
    with running_nginx(prefix, prefix / "nginx.conf", port, ready_path="/robots.txt"):
        yield Site("nginx", port)


@pytest.fixture(params=["serve", "nginx"])
def site(request):
    """Each linked-data test runs against both."""
    return request.getfixturevalue("served" if request.param == "serve" else "nginx_site")
