"""Replaced and withdrawn URIs answer alike from ``hrgraph serve`` and from nginx over
the export: 301 to the successor (suffix and query kept), 410 for a withdrawn one."""

from __future__ import annotations

import shutil

import pytest
from click.testing import CliRunner

from engines import free_port, running_nginx
from helpers import DATA, build_into
from hrgraph.cli import main
from web.server.conftest import running

from .conftest import Site


@pytest.fixture(scope="module")
def retired_build(tmp_path_factory):
    data = tmp_path_factory.mktemp("retired-data") / "data"
    shutil.copytree(DATA, data)
    (data / "profiles" / "fr" / "rabat.txt").unlink()
    (data / "uri-changes.csv").write_text(
        "uri,replaced_by,reason\n"
        "graph/fr/rabat,,The French page was withdrawn.\n"
        "id/profile/fr/rabat,id/profile/en/rabat,One edition is left.\n",
        "utf-8",
    )
    out = tmp_path_factory.mktemp("retired-build") / "build"
    assert build_into(out, data=data).exit_code == 0
    return out


@pytest.fixture(scope="module", params=["serve", "nginx"])
def retired_site(request, retired_build, tmp_path_factory):
    with running(retired_build, tmp_path_factory.mktemp("retired-serve")) as server:
        if request.param == "serve":
            yield Site("serve", server.port)
            return
        port = free_port()
        out = tmp_path_factory.mktemp("retired-export") / "site"
        args = ["export-site", "--build", str(retired_build), "--out", str(out)]
        args += ["--listen", f"127.0.0.1:{port}", "--upstream", server.url.rstrip("/")]
        assert CliRunner().invoke(main, args).exit_code == 0
        prefix = out / "nginx"
        with running_nginx(prefix, prefix / "nginx.conf", port, ready_path="/robots.txt"):
            yield Site("nginx", port)


@pytest.mark.parametrize(
    ("path", "location"),
    [
        ("/id/profile/fr/rabat", "/id/profile/en/rabat"),
        ("/doc/id/profile/fr/rabat", "/doc/id/profile/en/rabat"),
        ("/doc/id/profile/fr/rabat.ttl", "/doc/id/profile/en/rabat.ttl"),
        ("/doc/id/profile/fr/rabat.html?lang=fr", "/doc/id/profile/en/rabat.html?lang=fr"),
    ],
)
def test_a_replaced_uri_moves_permanently(retired_site, path, location):
    reply = retired_site.request("GET", path)
    assert reply.status == 301
    assert reply.header("Location").removeprefix(retired_site.url.rstrip("/")) == location


@pytest.mark.parametrize(
    "path", ["/graph/fr/rabat", "/doc/graph/fr/rabat", "/doc/graph/fr/rabat.nt"]
)
def test_a_withdrawn_uri_is_gone(retired_site, path):
    assert retired_site.request("GET", path).status == 410
