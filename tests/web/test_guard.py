"""Read-only and SERVICE checks read the query as tokens, not as text."""

import pytest

from hrgraph.rdf.namespaces import PREFIXES
from hrgraph.web.guard import Refused, check, host_allowed, inspect, tokenize

ALLOW = ["allowed.example"]


@pytest.mark.parametrize(
    "query",
    [
        'SELECT * { ?s ?p "SERVICE <http://evil.example/> { }" }',
        "SELECT * { ?s ?p 'SERVICE <http://evil.example/>' }",
        'SELECT * { ?s ?p """multi\nline SERVICE <http://evil.example/> { } "quoted" """ }',
        "SELECT * { ?s ?p '''it''s SERVICE <http://evil.example/>''' }",
        "SELECT * {\n # SERVICE <http://evil.example/> { ?a ?b ?c }\n ?s ?p ?o }",
        "SELECT * { ?s <http://e.example/p#SERVICE> ?o }",
        "SELECT ?service { ?service ?p ?o }",
        "PREFIX service: <http://e.example/> SELECT * { ?s service:x ?o }",
        'SELECT * { ?s ?p "a \\" SERVICE <http://evil.example/> \\" b" }',
        "SELECT * { ?s ?p ?o } # SERVICE",
        "SELECT * { SERVICE <http://allowed.example/sparql> { ?s ?p ?o } }",
        "SELECT * { SERVICE <https://ALLOWED.example:8443/q> { ?s ?p ?o } }",
    ],
)
def test_allowed(query):
    assert check(query, ALLOW, PREFIXES).form == "SELECT"


@pytest.mark.parametrize(
    "query",
    [
        "SELECT * { SERVICE <http://evil.example/> { ?s ?p ?o } }",
        "select * { service <http://evil.example/> { ?s ?p ?o } }",
        "SELECT * { SeRvIcE SILENT <http://evil.example/> { ?s ?p ?o } }",
        "SELECT * { SERVICE ?x { ?s ?p ?o } }",
        "SELECT * { SERVICE $x { ?s ?p ?o } }",
        "SELECT * {SERVICE<http://evil.example/>{?s ?p ?o}}",
        "PREFIX e: <http://evil.example/> SELECT * { SERVICE e:sparql { ?s ?p ?o } }",
        "SELECT * { SERVICE wd:sparql { ?s ?p ?o } }",  # predeclared prefix, host not allowed
        "SELECT * { SERVICE undeclared:x { ?s ?p ?o } }",
        "BASE <http://evil.example/> SELECT * { SERVICE <sparql> { ?s ?p ?o } }",
        "SELECT * { SERVICE <sparql> { ?s ?p ?o } }",  # relative: no host at all
        "SELECT * { SERVICE <http://\\u0065vil.example/> { ?s ?p ?o } }",  # escaped host
        "SELECT * { SERVICE <http://allowed.example.evil.example/> { ?s ?p ?o } }",
        "SELECT * { SERVICE <http://allowed.example@evil.example/> { ?s ?p ?o } }",
        "SELECT * { SERVICE <file:///etc/passwd> { ?s ?p ?o } }",
        "SELECT * { ?s ex:a\\#b ?o . SERVICE <http://evil.example/> { } }",  # \\# is not a comment
        "SELECT * { ?s ex:it\\'s ?o . SERVICE <http://evil.example/> { } }",  # \\' is not a string
        "SELECT * { FILTER(?a<?b) SERVICE <http://evil.example/> { } }",
        "SELECT * { ?s ?p 'x' SERVICE <http://evil.example/> { } }",
        "SELECT * { { SELECT * { SERVICE <http://evil.example/> { } } } }",
        "ASK { SERVICE <http://allowed.example/> { } SERVICE <http://evil.example/> { } }",
        "# SERVICE is mentioned here\nSELECT * { SERVICE <http://evil.example/> { } }",
    ],
)
def test_refused_service(query):
    with pytest.raises(Refused, match="SERVICE"):
        check(query, ALLOW, PREFIXES)


def test_nothing_is_allowed_by_default():
    with pytest.raises(Refused):
        check("SELECT * { SERVICE <http://allowed.example/> { } }", (), PREFIXES)


@pytest.mark.parametrize(
    "update",
    [
        "INSERT DATA { <a:s> <a:p> <a:o> }",
        "insert data { <a:s> <a:p> <a:o> }",
        "# SELECT in a comment\nDELETE WHERE { ?s ?p ?o }",
        "PREFIX x: <http://x/>\nBASE <http://b/>\nLOAD <http://example.org/x.ttl>",
        "CLEAR DEFAULT",
        "DROP ALL",
        "CREATE GRAPH <a:g>",
        "COPY DEFAULT TO <a:g>",
        "MOVE <a:g> TO <a:h>",
        "ADD <a:g> TO <a:h>",
        "WITH <a:g> DELETE { ?s ?p ?o } WHERE { ?s ?p ?o }",
    ],
)
def test_updates_refused(update):
    with pytest.raises(Refused, match="read-only"):
        check(update, ALLOW)


@pytest.mark.parametrize(
    ("query", "form", "kind"),
    [
        ("SELECT * {}", "SELECT", "select"),
        ("PREFIX a: <http://a/>\n# hi\nask {}", "ASK", "select"),
        ("CONSTRUCT WHERE { ?s ?p ?o }", "CONSTRUCT", "graph"),
        ("BASE <http://b/> DESCRIBE <x>", "DESCRIBE", "graph"),
        ("nonsense", None, None),
        ("", None, None),
    ],
)
def test_form(query, form, kind):
    shape = inspect(query)
    assert (shape.form, shape.kind) == (form, kind)


def test_tokens_skip_comments_and_keep_strings():
    kinds = [(t.kind, t.text) for t in tokenize('SELECT ?x # note\n{ ?x <p> "a#b"@fr }')]
    assert kinds == [
        ("word", "SELECT"),
        ("var", "?x"),
        ("punct", "{"),
        ("var", "?x"),
        ("iri", "<p>"),
        ("string", '"a#b"'),
        ("lang", "@fr"),
        ("punct", "}"),
    ]


def test_host_allowed():
    assert host_allowed("http://Allowed.Example./x", ["allowed.example"])
    assert not host_allowed("ftp://allowed.example/", ["allowed.example"])
    assert not host_allowed(None, ["allowed.example"])


def test_relative_service_iris_resolve_against_the_given_base():
    query = "SELECT * { SERVICE <sparql> { ?s ?p ?o } }"
    assert check(query, ALLOW, PREFIXES, "http://allowed.example/q").form == "SELECT"
    with pytest.raises(Refused):
        check(query, ALLOW, PREFIXES, "http://evil.example/q")
    with pytest.raises(Refused):
        check(query, ALLOW, PREFIXES)  # no base: not a fixed http(s) IRI
    rebased = "BASE <http://evil.example/> SELECT * { SERVICE <sparql> { ?s ?p ?o } }"
    with pytest.raises(Refused):
        check(rebased, ALLOW, PREFIXES, "http://allowed.example/q")  # the query's BASE wins
