"""``GET /sparql?query=`` skips Flask's request cycle (sparql.FastPath) and must answer
byte for byte what the Flask view answers: status, every header, body."""

from __future__ import annotations

from urllib.parse import urlencode

import pytest

from hrgraph.settings import load
from hrgraph.web.app import create_app
from hrgraph.web.sparql import FastPath

MEMBER = "https://w3id.org/hrgraph/id/territory/fr/gennevilliers"
LOOKUP = f"SELECT ?p ?o WHERE {{ <{MEMBER}> ?p ?o }}"
MANY = "SELECT ?s ?p ?o WHERE { ?s ?p ?o } LIMIT 600"  # over one chunk: streamed
CASES = {
    "lookup": {"query": LOOKUP},
    "lookup as XML": {"query": LOOKUP, "format": "xml"},
    "construct as Turtle": {
        "query": f"CONSTRUCT {{ <{MEMBER}> ?p ?o }} WHERE {{ <{MEMBER}> ?p ?o }}"
    },
    "ask": {"query": f"ASK {{ <{MEMBER}> ?p ?o }}"},
    "streamed": {"query": MANY},
    "truncated": {"query": "SELECT ?s WHERE { ?s ?p ?o }"},
    "relative IRI": {"query": "SELECT ?o WHERE { <relative> ?p ?o }"},
    "named graph": {"query": LOOKUP, "default-graph-uri": "https://example.org/none"},
    "syntax error": {"query": "SELECT ?s WHERE { ?s"},
    "refused SERVICE": {
        "query": "SELECT * WHERE { SERVICE <https://example.org/sparql> { ?s ?p ?o } }"
    },
    "not acceptable": {"query": LOOKUP, "format": "turtle"},
    "update in the URL": {"update": "DROP ALL"},
    "two queries": [("query", LOOKUP), ("query", LOOKUP)],
    "no query": {},
}


def pair(build_dir):
    """The application as served, and the same with the fast path taken out."""
    settings = load(environ={}, build_dir=build_dir, max_rows=500)
    fast, slow = create_app(settings), create_app(settings)
    assert isinstance(slow.wsgi_app, FastPath)
    slow.wsgi_app = slow.wsgi_app.app
    return fast, slow


@pytest.fixture(scope="module")
def apps(build_dir):
    return pair(build_dir)


def reply(app, params, headers=None):
    response = app.test_client().get("/sparql?" + urlencode(params), headers=headers or {})
    return response.status_code, sorted(response.headers.items()), response.get_data()


@pytest.mark.parametrize("case", CASES)
def test_the_fast_path_answers_as_flask_does(apps, case):
    fast, slow = apps
    got, expected = reply(fast, CASES[case]), reply(slow, CASES[case])
    assert got == expected
    assert got[0] in (200, 400, 403, 406) and got[2]


def test_headers_as_flask_sends_them(apps):
    status, headers, body = reply(apps[0], CASES["lookup"])
    names = dict(headers)
    assert status == 200
    assert names["Content-Length"] == str(len(body))
    assert names["Access-Control-Allow-Origin"] == "*"
    assert "script-src 'self'" in names["Content-Security-Policy"]
    assert names["X-Content-Type-Options"] == "nosniff"
    assert names["Content-Type"] == "application/sparql-results+json"
    streamed = dict(reply(apps[0], CASES["streamed"])[1])
    assert "Content-Length" not in streamed and streamed["X-Hrgraph-Truncated"] == "true"


def test_lookups_skip_flask_and_the_rest_does_not(apps):
    fast = apps[0]
    seen = []
    fast.before_request_funcs.setdefault(None, []).append(lambda: seen.append(1))
    try:
        assert reply(fast, CASES["lookup"])[0] == 200
        assert seen == []
        etag = dict(reply(fast, CASES["lookup"])[1])["ETag"]
        assert reply(fast, CASES["lookup"], {"If-None-Match": etag})[0] == 304
        assert reply(fast, CASES["no query"], {"Accept": "text/html"})[0] == 200
        assert len(seen) == 2
    finally:
        fast.before_request_funcs[None].pop()


def test_an_error_in_the_fast_path_is_flasks_to_answer(build_dir, tmp_path):
    """No build: the fast path leaves the request to Flask's error handlers (503)."""
    fast, slow = pair(tmp_path / "nothing")
    got, expected = reply(fast, CASES["lookup"]), reply(slow, CASES["lookup"])
    assert got == expected and got[0] == 503


def test_the_service_description_is_the_same_bytes_from_every_worker(apps):
    """Two workers (two applications) send one description under one ETag."""
    first, second = (reply(app, {}, {"Accept": "text/turtle"}) for app in apps)
    assert first == second and first[0] == 200 and b"sd:Service" in first[2]
