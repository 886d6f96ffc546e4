"""Content negotiation rules, table-driven."""

import pytest

from hrgraph.web.conneg import choose, negotiate, parse_accept

RESULTS = [
    "application/sparql-results+json",
    "application/sparql-results+xml",
    "text/csv",
    "text/tab-separated-values",
]
JSON, XML, CSV, TSV = RESULTS


@pytest.mark.parametrize(
    ("accept", "expected"),
    [
        (None, JSON),
        ("", JSON),
        ("   ", JSON),
        ("garbage", JSON),  # nothing readable: as if absent
        ("*/*", JSON),
        ("text/csv", CSV),
        ("TEXT/CSV", CSV),
        ("text/*", CSV),  # first offered text type
        ("text/*, text/tab-separated-values", TSV),  # exact beats wildcard at equal q
        ("text/csv, */*", CSV),  # the client named csv; */* must not win by server order
        ("text/csv;q=0.4, application/*;q=0.5", JSON),
        ("text/csv;q=0.9, text/tab-separated-values;q=0.9", CSV),  # tie: server order
        ("*/*;q=0.1, text/csv;q=0", JSON),  # q=0 excludes even under a wildcard
        ("text/*;q=0, */*", JSON),
        ("text/*, text/csv;q=0", TSV),
        ("application/sparql-results+json;q=0", None),
        ("image/png", None),
        ("text/csv;charset=utf-8", CSV),
        ("text/csv;charset=iso-8859-1", None),
        ("text/csv;charset=iso-8859-1, */*;q=0.1", JSON),
        ('text/csv;foo="a,b";q=0.5, application/sparql-results+xml;q=0.6', XML),
        ("text/csv;q=abc, text/tab-separated-values;q=0.1", TSV),  # bad q counts as 0
        ("text/csv;q=2", CSV),  # clamped to 1
        ("*/csv", JSON),  # malformed range skipped
    ],
)
def test_negotiate(accept, expected):
    assert negotiate(accept, RESULTS) == expected


def test_default_for_no_accept():
    assert negotiate(None, RESULTS, default=XML) == XML
    assert negotiate("text/csv", RESULTS, default=XML) == CSV
    assert negotiate("*/*", [], default=XML) is None


def test_parse_accept_params_and_extensions():
    [r] = parse_accept('text/html; level=1; q=0.7; ext="x;y"')
    assert (r.type, r.subtype, r.q, r.params) == ("text", "html", 0.7, {"level": "1"})
    assert r.specificity == 3


@pytest.mark.parametrize(
    ("format_value", "expected"),
    [
        ("csv", CSV),
        ("CSV", CSV),
        ("text/csv", CSV),
        ("turtle", None),
        ("nonsense", None),
        (["json-ld", "tsv"], TSV),  # several values: the first offered one
        (["", None], None),  # empty values: back to Accept, which allows none of these
    ],
)
def test_format_overrides_accept(format_value, expected):
    aliases = {"csv": CSV, "tsv": TSV, "json": JSON, "turtle": "text/turtle"}
    assert choose("application/sparql-results+xml;q=0", format_value, RESULTS, aliases) == expected
