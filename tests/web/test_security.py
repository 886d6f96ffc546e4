"""Security, in-process over the rich build (which holds a profile full of markup and
script, tests/fixtures/hostile): headers, XSS on every HTML page, path traversal,
SPARQL Update, LOAD and SERVICE refused in every request style, header injection,
request size limits, no server paths in answers.

The policy in a real browser, and the headers of the real server: server/test_security_csp.py.
"""

from __future__ import annotations

import json
from urllib.parse import quote, urlsplit

import pytest
from lxml import html as lxml_html

from hrgraph.web.security import CSP, HEADERS

MARKUP = '<script>window.__pwned=9</script><img src=x onerror="window.__pwned=8">"\'&'
HOSTILE_LABEL = (
    "SELECT ?m WHERE { ?m a hrg:Member ; rdfs:label ?l FILTER(CONTAINS(?l, '__pwned')) }"
)


def bindings(reply) -> list[dict]:
    return json.loads(reply.body)["results"]["bindings"]


def local(client, iri: str) -> str:
    from web.conftest import RICH_BASE

    return "/" + iri.removeprefix(RICH_BASE)


def assert_inert(page: str, where: str) -> None:
    """No script we did not write, no event handler, no javascript: link, no frame."""
    tree = lxml_html.fromstring(page)
    for script in tree.iter("script"):
        kind = script.get("type", "")
        src = script.get("src")
        if src:
            assert urlsplit(src).netloc == "" and src.startswith("/static/"), (where, src)
        else:
            assert kind in ("application/ld+json", "application/json"), (where, kind)
            assert "__pwned" not in (script.text or "") or "<" not in script.text, where
    for element in tree.iter():
        if not isinstance(element.tag, str):
            continue
        assert element.tag not in ("iframe", "object", "embed"), (where, element.tag)
        if element.tag == "svg":  # only the map and the charts the server draws
            ours = element.get("class") == "world" or element.get("data-chart")
            assert ours, (where, "svg", dict(element.attrib))
        for name, value in element.attrib.items():
            assert not name.lower().startswith("on"), (where, element.tag, name)
            if name in ("href", "src", "action"):
                assert not value.strip().lower().startswith("javascript:"), (where, value)
    assert "window.__pwned=9</script>" not in page, where


@pytest.fixture(scope="module")
def hostile_member(rich_client) -> str:
    found = bindings(rich_client.get({"query": HOSTILE_LABEL}))
    assert found, "the hostile fixture profile is not in the build"
    return found[0]["m"]["value"]


def html_pages(rich_client, hostile_member) -> list[str]:
    """Every kind of HTML page, the hostile member's and those it links to included,
    with markup in every parameter a page reflects."""
    q = quote(MARKUP)
    paths = [
        "/", "/sparql", "/members", "/themes", "/dumps/", f"/search?q={q}",
        f"/members?region={q}&country={q}&theme={q}&lang={q}", f"/search?q=Ville+{q}&lang=fr",
        f"/id/{q}", f"/doc/id/territory/fr/{q}", f"/{q}", f"/doc/ontology?lang={q}",
        "/doc/ontology", local(rich_client, hostile_member).replace("/id/", "/doc/id/", 1),
        f"/reconcile/preview?id={quote(hostile_member)}", f"/reconcile/preview?id={q}",
        f"/?query={q}", f"/sparql?format={q}",
    ]  # fmt: skip
    member_page = rich_client.request("GET", paths[13], headers={"Accept": "text/html"})
    assert member_page.status == 200
    tree = lxml_html.fromstring(member_page.text)
    links = sorted({a.get("href") for a in tree.iter("a") if (a.get("href") or "").startswith("/")})
    return paths + links[:60]


def test_every_html_page_keeps_markup_inert(rich_client, hostile_member):
    seen = 0
    for path in html_pages(rich_client, hostile_member):
        for lang in ("en", "fr", "es"):
            reply = rich_client.request(
                "GET", path, headers={"Accept": "text/html", "Accept-Language": lang}
            )
            assert reply.status < 500, (path, reply.status)
            if reply.status in (301, 303, 308):
                reply = rich_client.request(
                    "GET", urlsplit(reply.header("Location")).path, headers={"Accept": "text/html"}
                )
            if (reply.header("Content-Type") or "").startswith("text/html"):
                assert_inert(reply.text, path)
                seen += 1
    assert seen > 50


def test_the_hostile_profile_is_shown_escaped(rich_client, hostile_member):
    path = local(rich_client, hostile_member).replace("/id/", "/doc/id/", 1)
    page = rich_client.request("GET", path + "?lang=fr", headers={"Accept": "text/html"}).text
    assert "&lt;script&gt;window.__pwned = 1&lt;/script&gt;" in page
    preview = rich_client.request("GET", f"/reconcile/preview?id={quote(hostile_member)}")
    assert preview.status == 200 and "&lt;script&gt;" in preview.text
    assert "<script>" not in preview.text


def test_reflected_search_terms_are_escaped(rich_client):
    for path in (f"/search?q={quote(MARKUP)}", f"/{quote(MARKUP)}"):
        page = rich_client.request("GET", path, headers={"Accept": "text/html"}).text
        assert "&lt;script&gt;window.__pwned=9" in page, path


@pytest.mark.parametrize(
    "path",
    ["/", "/sparql", "/members", "/healthz", "/dumps/", "/dumps/hrgraph.ttl", "/void", "/nope",
     "/static/pages.css", "/reconcile", "/doc/ontology", "/sparql?query=ASK{}"],
)  # fmt: skip
def test_security_headers_on_every_response(rich_client, path):
    reply = rich_client.request("GET", path)
    assert reply.header("Content-Security-Policy") == CSP, path
    for name, value in HEADERS.items():
        assert reply.header(name) == value, (path, name)
    csp = dict(part.strip().split(" ", 1) for part in CSP.split(";"))
    assert csp["script-src"] == "'self'" and "unsafe" not in csp["script-src"]
    assert csp["frame-ancestors"] == "'self'" and csp["object-src"] == "'none'"


def test_the_preview_may_be_framed_but_runs_nothing(rich_client, hostile_member):
    reply = rich_client.request("GET", f"/reconcile/preview?id={quote(hostile_member)}")
    csp = dict(p.strip().split(" ", 1) for p in reply.header("Content-Security-Policy").split(";"))
    assert csp["default-src"] == "'none'" and "script-src" not in csp
    assert csp["frame-ancestors"] == "*"


def test_errors_carry_the_headers_too(tight_client):
    reply = tight_client.post_form({"query": "ASK {}", "padding": "x" * 5000})
    assert reply.status == 413
    assert reply.header("X-Content-Type-Options") == "nosniff"


TRAVERSALS = [
    "/dumps/../manifest.json", "/dumps/..%2fmanifest.json", "/dumps/%2e%2e%2fmanifest.json",
    "/dumps/..%5cmanifest.json", "/dumps/%2e%2e/manifest.json", "/dumps/....//manifest.json",
    "/dumps/..%252fmanifest.json", "/dumps/%00hrgraph.ttl", "/dumps/hrgraph.ttl%00.html",
    "/dumps//etc/passwd", "/dumps/%2fetc%2fpasswd", "/dumps/../../store/CURRENT",
    "/static/../app.py", "/static/..%2fapp.py", "/static/%2e%2e/%2e%2e/settings.py",
    "/static/vendor/../../app.py", "/static/..%5c..%5capp.py", "/static//etc/passwd",
    "/static/%2fetc%2fpasswd", "/static/vendor/%2e%2e%2f%2e%2e%2fapp.py",
    "/doc/../../../../etc/passwd", "/doc/..%2f..%2f..%2fetc%2fpasswd", "/doc/%2e%2e/manifest.json",
    "/doc/id/../../manifest.json", "/id/..%2f..%2fetc%2fpasswd", "/graph/../../sources.json",
    "/doc/id/territory/fr/gennevilliers/..%2f..%2f..%2f..%2fmanifest.json",
    "/vocab/..%2f..%2f..%2fetc/passwd", "/ontology/..%2f..%2fetc/passwd",
]  # fmt: skip
SECRETS = ("root:x:", '"checksums"', "def create_app", "class Settings", "sourceFile", '"lines"')


@pytest.mark.parametrize("path", TRAVERSALS)
def test_no_path_traversal(rich_client, path):
    for accept in ("text/html", "text/turtle", "*/*"):
        reply = rich_client.request("GET", path, headers={"Accept": accept})
        assert reply.status < 500, (path, reply.status)
        if reply.status in (301, 302, 303, 307, 308):
            assert urlsplit(reply.header("Location")).netloc in ("", "localhost"), path
            continue
        body = reply.body.decode("utf-8", "replace")
        for secret in SECRETS:
            assert secret not in body, (path, secret)


UPDATES = [
    "INSERT DATA { <http://x/s> <http://x/p> 'o' }",
    "DELETE WHERE { ?s ?p ?o }",
    "LOAD <http://127.0.0.1:9/data.ttl>",
    "LOAD SILENT <file:///etc/passwd> INTO GRAPH <http://x/g>",
    "CLEAR ALL",
    "DROP DEFAULT",
    "CREATE GRAPH <http://x/g>",
    "COPY DEFAULT TO <http://x/g>",
    "WITH <http://x/g> DELETE { ?s ?p ?o } WHERE { ?s ?p ?o }",
    "PREFIX ex: <http://x/> # comment\n insert data { ex:s ex:p ex:o }",
    "BASE <http://x/> PREFIX : <y> DELETE DATA { :s :p :o }",
    "ASK {} ; INSERT DATA { <http://x/s> <http://x/p> 'o' }",
    "SELECT * WHERE { ?s ?p ?o } ; DROP ALL",
]
SERVICES = [
    "SELECT * WHERE { SERVICE <http://169.254.169.254/latest/meta-data/> { ?s ?p ?o } }",
    "SELECT * WHERE { SERVICE SILENT <http://localhost:22/> { ?s ?p ?o } }",
    "BASE <http://evil.example/> SELECT * WHERE { SERVICE <sparql> { ?s ?p ?o } }",
    "PREFIX e: <http://evil.example/> SELECT * WHERE { SERVICE e:sparql { ?s ?p ?o } }",
    "SELECT * WHERE { BIND(<http://evil.example/> AS ?e) SERVICE ?e { ?s ?p ?o } }",
    "SELECT * WHERE { SERVICE <file:///etc/passwd> { ?s ?p ?o } }",
    "select * where { sErViCe <http://evil.example/> { ?s ?p ?o } }",
    "SELECT * WHERE { SERVICE <http://127.0.0.1.nip.io/> { ?s ?p ?o } }",
    "CONSTRUCT { ?s ?p ?o } WHERE { SERVICE <http://evil.example/> { ?s ?p ?o } }",
    "ASK { SERVICE <http:\\u002f\\u002fevil.example/> { ?s ?p ?o } }",
]


def every_style(client, text: str):
    """The operation sent in each way the protocol (and a confused client) can send it."""
    yield "GET query", client.get({"query": text})
    yield "GET update", client.get({"update": text})
    yield "POST form query", client.post_form({"query": text})
    yield "POST form update", client.post_form({"update": text})
    yield "POST sparql-query", client.post_query(text)
    yield (
        "POST sparql-update",
        client.request(
            "POST", body=text.encode(), headers={"Content-Type": "application/sparql-update"}
        ),
    )
    yield "POST form query+update", client.post_form({"query": "ASK {}", "update": text})
    yield (
        "POST query, charset",
        client.request(
            "POST",
            body=text.encode(),
            headers={"Content-Type": "Application/SPARQL-Query; charset=utf-8"},
        ),
    )


TRIPLES = "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }"


@pytest.mark.parametrize("text", UPDATES + SERVICES)
def test_update_load_and_service_refused_in_every_style(tight_client, text):
    before = bindings(tight_client.get({"query": TRIPLES}))[0]["n"]["value"]
    for style, reply in every_style(tight_client, text):
        if text in SERVICES and "update" not in style:
            assert reply.status == 403, (style, reply.status, reply.text)
            assert "SERVICE" in reply.text
        else:
            # refused: 403 for an update, 400 where the update cannot parse as a query
            assert reply.status in (400, 403), (style, reply.status, reply.text)
    assert bindings(tight_client.get({"query": TRIPLES}))[0]["n"]["value"] == before


INJECTIONS = [
    "json\r\nX-Injected: 1",
    "en\r\nSet-Cookie: a=b",
    "x%0d%0aX-Injected:%201",
    "\n\rX-Injected: 1",
]


@pytest.mark.parametrize("value", INJECTIONS)
def test_no_header_injection_through_parameters(rich_client, value, hostile_member):
    requests = [
        ("/sparql", {"query": "ASK {}", "format": value}),
        ("/members", {"lang": value, "region": value}),
        ("/search", {"q": value, "lang": value}),
        ("/doc/ontology", {"format": value, "lang": value}),
        ("/id/territory/fr/gennevilliers", {"x": value}),
        ("/reconcile", {"callback": value}),
        ("/reconcile/view", {"id": value}),
        ("/reconcile/view", {"id": hostile_member + value}),
        ("/dumps/", {"format": value}),
        ("/void", {"format": value}),
    ]
    for path, params in requests:
        reply = rich_client.request(
            "GET", path, params=params, headers={"Accept-Language": " ".join(value.split())}
        )
        assert reply.status < 500, (path, reply.status)
        names = {k.lower() for k in reply.headers.keys()}
        assert "x-injected" not in names and "set-cookie" not in names, path
        for name, header in reply.headers.items():
            assert "\r" not in header and "\n" not in header, (path, name)


def test_request_size_limits(tight_client):
    big = "x" * 5000
    for reply in (
        tight_client.post_form({"query": "ASK {}", "padding": big}),
        tight_client.post_query("ASK {} #" + big),
        tight_client.request(
            "POST", "/reconcile", body=f"queries={big}",
            headers={"Content-Type": "application/x-www-form-urlencoded"},
        ),
        tight_client.request(
            "POST", "/sparql", body=b"query=ASK%7B%7D&" + b"a=" * 3000,
            headers={"Content-Type": "application/x-www-form-urlencoded"},
        ),
    ):  # fmt: skip
        assert reply.status == 413, reply.status
    assert tight_client.get({"query": "ASK {} #" + big}).status == 413


def test_no_server_paths_in_answers(tmp_path, rich_client, rich_build_dir):
    from web.conftest import make_client

    where = str(rich_build_dir.resolve().parent)
    for path in ("/healthz", "/nope", "/dumps/", "/sparql?query=SELEC", "/doc/id/x"):
        assert where not in rich_client.request("GET", path).text, path
    empty = make_client(tmp_path / "no-build")
    for path in ("/healthz", "/sparql?query=ASK%7B%7D", "/members", "/nope", "/dumps/"):
        accept = "*/*" if path.startswith("/sparql") else "text/html"
        reply = empty.request("GET", path, headers={"Accept": accept})
        assert reply.status == 503, (path, reply.status)
        assert str(tmp_path) not in reply.text, (path, reply.text)


@pytest.mark.parametrize(
    "query",
    [
        "SELECT * WHERE { ?s <http://x/p> " + "(" * 300 + "1" + ")" * 300 + " }",
        "SELECT * WHERE { ?s <http://x/p> " + "[ <http://x/p> " * 1000 + "1" + "]" * 1000 + " }",
        "SELECT * WHERE " + "{" * 3000 + " ?s ?p ?o " + "}" * 3000,
        "SELECT * WHERE { FILTER(" + "!" * 9900 + "true) }",
    ],
)
def test_queries_nested_past_the_parsers_stack_are_refused(client, query):
    """pyoxigraph's parser dies (SIGSEGV) on these; the guard stops them first."""
    for reply in (client.get({"query": query}), client.post_query(query)):
        assert reply.status == 403 and "nests deeper" in reply.text


def test_ordinary_nesting_is_fine(client):
    query = "SELECT * WHERE " + "{" * 20 + " ?s ?p ?o " + "}" * 20 + " LIMIT 1"
    assert client.get({"query": query}).status == 200
