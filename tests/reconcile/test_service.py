"""/reconcile as OpenRefine (and the 1.0 draft's clients) use it, every answer checked
against the 0.2 JSON schemas."""

from __future__ import annotations

import json
import re
from urllib.parse import urlencode

import pytest

from hrgraph.web.state import EXTENSION

BASE = "https://w3id.org/hrgraph/"
RABAT = BASE + "id/territory/ma/rabat"
GENNEVILLIERS = BASE + "id/territory/fr/gennevilliers"
GWANGJU = BASE + "id/territory/kr/gwangju"
TERRITORY = BASE + "ontology#Territory"
ORIGIN = {"Origin": "http://127.0.0.1:3333"}  # OpenRefine's own address
FORM = {"Content-Type": "application/x-www-form-urlencoded", **ORIGIN}

# (name, expected IRI or None): what a column of a registry's spreadsheet holds.
COLUMN = [
    ("Gennevilliers", GENNEVILLIERS),
    ("Ville de Gennevilliers", GENNEVILLIERS),
    ("GENNEVILIERS", GENNEVILLIERS),
    ("Rabat", RABAT),
    ("Municipality of Rabat", RABAT),
    ("Ville de Rabat", RABAT),
    ("Gwangju", GWANGJU),
    ("Gwangju Metropolitan City", GWANGJU),
    ("Kwangju", GWANGJU),
    ("광주광역시", GWANGJU),
    ("Ayuntamiento de Villa Esperanza", BASE + "id/territory/co/villa-esperanza"),
    ("VESP", BASE + "id/territory/co/villa-esperanza"),
    ("Val-de-Seine", BASE + "id/territory/fr/val-de-seine"),
    ("Paris", None),
    ("Villa Hermosa", None),
    ("Lyon", None),
    ("Gotham", None),
    ("Seine-Saint-Denis", None),
    ("Rabbit", None),
    ("Genève", None),
    ("Madrid", None),
    ("New York", None),
]


def _batches(names, size=10):
    """The form bodies OpenRefine posts: ``queries`` holding up to 10 queries, keyed q0..."""
    for start in range(0, len(names), size):
        queries = {
            f"q{n}": {"query": name, "type": TERRITORY, "type_strict": "should", "limit": 3}
            for n, name in enumerate(names[start : start + size])
        }
        yield queries


def _json(response):
    assert response.headers["Access-Control-Allow-Origin"] == "*"
    return json.loads(response.get_data(as_text=True))


def test_manifest_with_cors_then_jsonp(app_client, schemas):
    plain = app_client.get("/reconcile", headers=ORIGIN)
    assert plain.status_code == 200 and plain.mimetype == "application/json"
    manifest = _json(plain)
    schemas.check("manifest", manifest)
    assert "0.2" in manifest["versions"]
    assert manifest["identifierSpace"] == BASE
    assert manifest["schemaSpace"] == BASE + "ontology#"
    assert {t["id"] for t in manifest["defaultTypes"]} >= {TERRITORY, BASE + "ontology#Programme"}
    for part in ("view", "preview"):
        assert manifest[part]["url"].startswith("http://localhost/reconcile/")
    assert set(manifest["suggest"]) == {"entity", "type", "property"}
    assert manifest["extend"]["propose_properties"]["service_path"] == "/propose_properties"

    jsonp = app_client.get("/reconcile?callback=jsonp1700000000")
    assert jsonp.mimetype == "application/javascript"
    text = jsonp.get_data(as_text=True)
    found = re.fullmatch(r"/\*\*/jsonp1700000000\((.*)\);", text, re.S)
    assert found and json.loads(found.group(1)) == manifest
    assert jsonp.headers["Access-Control-Allow-Origin"] == "*"


def test_a_hostile_callback_is_refused(app_client):
    response = app_client.get("/reconcile?callback=alert(1)//")
    assert response.status_code == 400
    assert "alert" not in response.get_data(as_text=True)


def test_preflight_is_answered(app_client):
    response = app_client.open(
        "/reconcile",
        method="OPTIONS",
        headers={**ORIGIN, "Access-Control-Request-Method": "POST"},
    )
    assert response.status_code == 204
    assert response.headers["Access-Control-Allow-Origin"] == "*"


def test_openrefine_batches_of_ten(app_client, schemas):
    names = [name for name, _ in COLUMN]
    answers = {}
    for queries in _batches(names):
        schemas.check("reconciliation-query-batch", queries)
        response = app_client.post(
            "/reconcile", data=urlencode({"queries": json.dumps(queries)}), headers=FORM
        )
        assert response.status_code == 200
        result = _json(response)
        schemas.check("reconciliation-result-batch", result)
        assert set(result) == set(queries)
        for key, query in queries.items():
            answers[query["query"]] = result[key]["result"]
    for name, expected in COLUMN:
        candidates = answers[name]
        assert all(isinstance(c["score"], float | int) for c in candidates)
        assert not any(c["match"] for c in candidates[1:])
        if expected:
            assert candidates[0]["id"] == expected and candidates[0]["match"], name
            assert candidates[0]["type"][0]["id"] == TERRITORY
        else:
            assert not any(c["match"] for c in candidates), name


def test_queries_as_get_parameter_with_properties(app_client, schemas):
    queries = {
        "a": {"query": "Rabat", "properties": [{"pid": "countryCode", "v": "MA"}]},
        "b": {"query": "Rabat", "properties": [{"pid": "countryCode", "v": "FR"}]},
        "c": {"query": "Rabat", "properties": [{"pid": "joinedYear", "v": 2022}]},
        "d": "Gwangju",  # the 0.1 shorthand
    }
    response = app_client.get("/reconcile?" + urlencode({"queries": json.dumps(queries)}))
    result = _json(response)
    schemas.check("reconciliation-result-batch", result)
    assert result["a"]["result"][0]["match"] and result["c"]["result"][0]["match"]
    assert result["b"]["result"][0]["id"] == RABAT and not result["b"]["result"][0]["match"]
    assert result["b"]["result"][0]["score"] < result["a"]["result"][0]["score"]
    assert result["d"]["result"][0]["id"] == GWANGJU


def test_queries_of_properties_only(app_client):
    queries = {"q": {"properties": [{"pid": "countryCode", "v": "KR"}], "type": "territory"}}
    result = _json(app_client.post("/reconcile", data={"queries": json.dumps(queries)}))
    assert [c["id"] for c in result["q"]["result"]] == [GWANGJU]


def test_draft_json_batches(app_client):
    body = {
        "queries": [
            {
                "type": TERRITORY,
                "limit": 2,
                "conditions": [
                    {"matchType": "name", "propertyValue": "Ville de Rabat"},
                    {"matchType": "property", "propertyId": "countryCode", "propertyValue": "MA"},
                ],
            },
            {"conditions": [{"matchType": "name", "propertyValue": "Gotham"}]},
        ]
    }
    for path in ("/reconcile/match", "/reconcile"):
        result = _json(app_client.post(path, json=body))
        first, second = result["results"]
        assert first["candidates"][0]["id"] == RABAT and first["candidates"][0]["match"]
        assert len(first["candidates"]) <= 2
        assert not any(c["match"] for c in second["candidates"])


@pytest.mark.parametrize(
    "data",
    [
        {"queries": "{not json"},
        {"queries": "[1, 2]"},
        {"queries": json.dumps({"q": 3})},
        {"extend": "nope"},
        {"extend": json.dumps({"properties": []})},
    ],
)
def test_bad_requests_are_400_with_cors(app_client, data):
    response = app_client.post("/reconcile", data=data)
    assert response.status_code == 400
    assert _json(response)["status"] == "error"


def test_suggest_entity_type_property(app_client, schemas):
    entity = _json(app_client.get("/reconcile/suggest/entity?prefix=genne", headers=ORIGIN))
    schemas.check("suggest-entities-response", entity)
    assert entity["result"][0]["id"] == GENNEVILLIERS
    assert entity["result"][0]["notable"][0]["id"] == TERRITORY

    typed = _json(app_client.get("/reconcile/suggest/entity?prefix=right%20to&type=theme"))
    assert typed["result"] and all("/vocab/themes/" in r["id"] for r in typed["result"])

    types = _json(app_client.get("/reconcile/suggest/type?prefix=terr"))
    schemas.check("suggest-types-response", types)
    assert [t["id"] for t in types["result"]] == [TERRITORY]

    properties = _json(app_client.get("/reconcile/suggest/property?prefix=count"))
    schemas.check("suggest-properties-response", properties)
    assert {p["id"] for p in properties["result"]} == {"countryCode", "country"}

    jsonp = app_client.get("/reconcile/suggest/entity?prefix=rab&callback=cb")
    assert jsonp.get_data(as_text=True).startswith("/**/cb(")


def test_suggest_in_french(app_client):
    types = _json(app_client.get("/reconcile/suggest/type?prefix=&lang=fr"))
    assert "Territoire" in [t["name"] for t in types["result"]]


def test_preview_is_a_small_html_card(app_client):
    response = app_client.get("/reconcile/preview?" + urlencode({"id": RABAT}))
    assert response.status_code == 200 and response.mimetype == "text/html"
    page = response.get_data(as_text=True)
    assert "<h1>" in page and "Rabat" in page and "Morocco" in page and "2022" in page
    assert 'href="http://localhost/id/territory/ma/rabat"' in page
    assert app_client.get("/reconcile/preview?id=urn:x").status_code == 404


def test_view_leads_to_this_servers_page(app_client):
    response = app_client.get("/reconcile/view?" + urlencode({"id": RABAT}))
    assert response.status_code == 303
    assert response.headers["Location"] == "http://localhost/id/territory/ma/rabat"
    page = app_client.get("/id/territory/ma/rabat", headers={"Accept": "text/html"})
    assert page.status_code in (200, 303)
    assert app_client.get("/reconcile/view?id=http://example.com/x").status_code == 404


def test_data_extension(app_client, schemas):
    proposal = _json(
        app_client.get("/reconcile/propose_properties?" + urlencode({"type": TERRITORY}))
    )
    schemas.check("data-extension-property-proposal", proposal)
    offered = {p["id"] for p in proposal["properties"]}
    assert offered >= {
        "country",
        "region",
        "joinedYear",
        "leader",
        "governmentType",
        "populationRange",
        "theme",
        "sameAs",
    }

    query = {
        "ids": [RABAT, GENNEVILLIERS, "urn:unknown"],
        "properties": [{"id": p} for p in sorted(offered)],
    }
    schemas.check("data-extension-query", query)
    response = app_client.post("/reconcile", data={"extend": json.dumps(query)}, headers=ORIGIN)
    result = _json(response)
    schemas.check("data-extension-response", result)
    assert {m["id"] for m in result["meta"]} == offered
    rabat = result["rows"][RABAT]
    assert rabat["country"] == [{"id": BASE + "vocab/countries/MA", "name": "Morocco"}]
    assert rabat["countryCode"] == [{"str": "MA"}]
    assert rabat["joinedYear"] == [{"int": 2022}]
    assert rabat["region"][0]["name"] == "Africa"
    assert rabat["leader"][0]["id"].startswith(BASE + "id/person/ma/rabat/")
    assert {"str": "http://sws.geonames.org/2538475/"} in rabat["sameAs"]
    genn = result["rows"][GENNEVILLIERS]
    assert BASE + "vocab/themes/right-to-food" in [t["id"] for t in genn["theme"]]
    assert genn["populationRange"] and genn["governmentType"]
    assert all(v == [] for v in result["rows"]["urn:unknown"].values())


def test_index_is_built_once_per_release(app_client):
    app_client.get("/reconcile/suggest/entity?prefix=a")
    state = app_client.application.extensions[EXTENSION]
    first = state.live().index("reconcile", lambda: None)
    app_client.post("/reconcile", data={"queries": json.dumps({"q": {"query": "Rabat"}})})
    assert state.live().index("reconcile", lambda: None) is first
    assert first is not None and len(first) > 10


def test_schemas_reject_what_they_should(schemas):
    """The schemas are live: they do reject a result without ids, a manifest without
    identifierSpace."""
    assert not schemas.valid(
        "reconciliation-result-batch", {"q": {"result": [{"name": "x", "score": 1}]}}
    )
    assert not schemas.valid("manifest", {"versions": ["0.2"], "name": "x", "schemaSpace": "y"})
