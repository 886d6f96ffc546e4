"""Recorded URI changes on the server: 301 to the successor, 410 Gone with the reason."""

import csv
import shutil

import pytest

from helpers import DATA, build_into
from hrgraph.rdf import stable

REASON = "Gwangju left the campaign in 2026."


@pytest.fixture(scope="module")
def changed_build(tmp_path_factory):
    """The corpus with Rabat's key changed (recorded as replaced) and Gwangju's profile
    removed (recorded as deprecated)."""
    root = tmp_path_factory.mktemp("changed")
    data = root / "data"
    shutil.copytree(DATA, data)
    links = data / "members.csv"
    links.write_text(links.read_text("utf-8").replace("rabat,MA", "rabat-sale,MA"), "utf-8")
    (data / "profiles" / "en" / "gwangju.txt").unlink()
    listed = stable.read_list(data / stable.URIS_FILE)
    rows = []
    for uri in sorted(listed):
        if "gwangju" in uri:
            rows.append((uri, "", REASON))
        elif "/ma/rabat" in uri:
            rows.append((uri, uri.replace("/ma/rabat", "/ma/rabat-sale"), "New key"))
    with (data / stable.CHANGES_FILE).open("w", encoding="utf-8", newline="") as f:
        csv.writer(f).writerows([stable.CHANGE_COLUMNS, *rows])
    build_into(root / "build", data=data)
    return root / "build"


@pytest.fixture(scope="module")
def changed(changed_build):
    from web.conftest import make_client

    return make_client(changed_build)


def test_a_replaced_uri_answers_301_to_its_successor(changed):
    reply = changed.request("GET", "/id/territory/ma/rabat")
    assert reply.status == 301
    assert reply.header("Location").endswith("/id/territory/ma/rabat-sale")
    assert changed.request("GET", "/id/territory/ma/rabat-sale").status == 303


def test_a_replaced_documents_answers_301_to_the_successors_document(changed):
    reply = changed.request("GET", "/doc/id/territory/ma/rabat.ttl")
    assert reply.status == 301
    assert reply.header("Location").endswith("/doc/id/territory/ma/rabat-sale.ttl")
    reply = changed.request("GET", "/doc/id/membership/ma/rabat", headers={"Accept": "text/html"})
    assert reply.status == 301
    assert reply.header("Location").endswith("/doc/id/membership/ma/rabat-sale")


@pytest.mark.parametrize("path", ["/id/territory/kr/gwangju", "/doc/id/territory/kr/gwangju"])
def test_a_deprecated_uri_answers_410_with_a_page_saying_why(changed, path):
    page = changed.request("GET", path, headers={"Accept": "text/html"})
    assert page.status == 410
    assert page.header("Content-Type").startswith("text/html")
    assert REASON in page.text
    text = changed.request("GET", path, headers={"Accept": "text/turtle"})
    assert text.status == 410
    assert REASON in text.text


def test_unrecorded_uris_still_answer_as_before(changed):
    assert changed.request("GET", "/id/territory/fr/gennevilliers").status == 303
    assert changed.request("GET", "/id/territory/kr/nowhere").status == 404
