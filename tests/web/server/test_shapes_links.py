"""The rule links of a real SARIF report open the rule's section on a real server.

``hrgraph validate --format sarif`` runs as a CI job would, on a build of profiles
broken on purpose (the recipes of tests/validate); every rule's ``helpUri`` is an IRI
under the project's root, which a deployment serves (w3id redirects there): here the
root is swapped for the local server's address, and each link must answer 200 with
an element whose id is the link's fragment.
"""

from __future__ import annotations

import json
import subprocess
import sys

import lxml.html
import pytest

from helpers import build_into, corpus_with_fixture_profiles
from hrgraph.rdf.namespaces import ROOT, SHAPES
from validate.validate_support import TEXT_BREAKS, build_dir_of, edit_profiles
from web.server.conftest import running

BROWSER_ACCEPT = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"


@pytest.fixture(scope="module")
def broken_build(tmp_path_factory):
    root = tmp_path_factory.mktemp("shapes-links")
    data = corpus_with_fixture_profiles(root)
    edit_profiles(data, TEXT_BREAKS)
    return build_dir_of(build_into(root / "build", data=data)), root


@pytest.fixture(scope="module")
def sarif(broken_build) -> dict:
    build, root = broken_build
    done = subprocess.run(
        [sys.executable, "-m", "hrgraph.cli", "validate", "--build", str(build)]
        + ["--format", "sarif"],
        capture_output=True,
        text=True,
        cwd=root,
        env={"PATH": "/usr/bin:/bin", "HOME": str(root)},
    )
    assert done.returncode == 1, done.stderr  # violations found
    return json.loads(done.stdout)


def test_every_rule_link_opens_its_section(broken_build, sarif, tmp_path):
    rules = sarif["runs"][0]["tool"]["driver"]["rules"]
    links = [r["helpUri"] for r in rules]
    assert len(links) == len(rules) > 5
    assert all(link.startswith(str(SHAPES)) for link in links)
    # SHACL shapes and reader rules alike
    assert any("#Reader-" in link for link in links)
    assert any("#Reader-" not in link for link in links)
    build, _ = broken_build
    with running(build, tmp_path) as server:
        pages: dict[str, lxml.html.HtmlElement] = {}
        for link in links:
            local = server.url + link[len(ROOT) :]
            page, fragment = local.split("#", 1)
            path = page[len(server.url) - 1 :]
            if path not in pages:
                reply = server.request("GET", path, headers={"Accept": BROWSER_ACCEPT})
                assert reply.status == 200, (link, reply.status)
                assert reply.headers["Content-Type"].startswith("text/html")
                pages[path] = lxml.html.fromstring(reply.body)
            found = pages[path].xpath("//*[@id=$id]", id=fragment)
            assert len(found) == 1, link
            assert found[0].cssselect("h3 code")[0].text_content() == f"hrgsh:{fragment}"
