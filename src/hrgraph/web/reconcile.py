"""``/reconcile``: the W3C Entity Reconciliation API (version 0.2, as OpenRefine speaks
it), over the members, programmes and themes of the live release.

One address answers what a client sends it: no parameter, the service manifest (as
JSONP with ``callback=``, which OpenRefine falls back to); ``queries=`` (GET parameter
or POST form field, a JSON object of queries), a batch of reconciliation queries;
``extend=``, data extension. A JSON body ``{"queries": [...]}`` (here or at
``/reconcile/match``) is the 1.0 draft's shape and gets the draft's answer. Beside it:
``suggest/{entity,type,property}``, ``preview``, ``view`` and ``propose_properties``.
The index is built once per release and process (LiveRelease.index). CORS headers are
added to every answer by the application.
"""

from __future__ import annotations

import html
import json
import re
from urllib.parse import quote

from flask import Blueprint, Response, redirect, request, url_for

from hrgraph.languages import LANGUAGES
from hrgraph.rdf.namespaces import HRG
from hrgraph.rdf.uris import path_for_iri
from hrgraph.reconcile.index import (
    KINDS,
    PROPERTIES,
    Entity,
    Index,
    property_named,
)
from hrgraph.reconcile.match import DEFAULT_LIMIT, Candidate, kinds_of, reconcile, suggest
from hrgraph.web.state import LiveRelease, current

blueprint = Blueprint("reconcile", __name__, url_prefix="/reconcile")
INDEX = "reconcile"
MAX_QUERIES = 500  # per batch; OpenRefine sends 10
MAX_LIMIT = 100
PREVIEW_WIDTH, PREVIEW_HEIGHT = 400, 120
EXTEND_PROPERTIES = tuple(PROPERTIES)  # every property the index knows
_CALLBACK = re.compile(r"^[A-Za-z_$][\w$.]{0,99}$")


class BadRequest(ValueError):
    """The request is not one the API defines."""


def _index(live: LiveRelease) -> Index:
    return live.index(INDEX, lambda: Index.from_store(live.store))


def _lang() -> str:
    asked = request.args.get("lang") or request.accept_languages.best_match(LANGUAGES)
    return asked if asked in LANGUAGES else LANGUAGES[0]


def _json(body: object, status: int = 200) -> Response:
    text = json.dumps(body, ensure_ascii=False)
    callback = request.args.get("callback")
    if callback:
        if not _CALLBACK.match(callback):
            return _error("callback must be a JavaScript identifier")
        return Response(f"/**/{callback}({text});", status, mimetype="application/javascript")
    return Response(text, status, mimetype="application/json")


def _error(message: str, status: int = 400) -> Response:
    return Response(
        json.dumps({"status": "error", "message": message}), status, mimetype="application/json"
    )


def _field(name: str) -> str | None:
    return request.values.get(name)


@blueprint.route("", methods=["GET", "POST"])
@blueprint.route("/", methods=["GET", "POST"])
def service() -> Response:
    live = current().live()
    try:
        if request.is_json:
            return _json(draft_batch(live, request.get_json(silent=True)))
        if (queries := _field("queries")) is not None:
            return _json(batch(live, _parse(queries, "queries")))
        if (extend := _field("extend")) is not None:
            return _json(extension(live, _parse(extend, "extend")))
    except BadRequest as e:
        return _error(str(e))
    return _json(manifest(live))


@blueprint.route("/match", methods=["POST"])
def match() -> Response:
    """The 1.0 draft's reconciliation: a JSON body of queries."""
    live = current().live()
    try:
        body = request.get_json(silent=True)
        if body is None and (queries := _field("queries")) is not None:
            body = {"queries": _parse(queries, "queries")}
        return _json(draft_batch(live, body))
    except BadRequest as e:
        return _error(str(e))


def _parse(text: str, name: str):
    try:
        return json.loads(text)
    except ValueError:
        raise BadRequest(f"{name} is not JSON") from None


def _service_url() -> str:
    return url_for("reconcile.service", _external=True).rstrip("/")


def manifest(live: LiveRelease) -> dict:
    lang = _lang()
    root = _service_url()
    return {
        "versions": ["0.1", "0.2"],
        "name": "Human Rights Cities: members, programmes and themes",
        "identifierSpace": live.base,
        "schemaSpace": str(HRG),
        "documentation": root.rsplit("/", 1)[0] + "/",
        "serviceVersion": live.release,
        "defaultTypes": [{"id": k.iri, "name": k.label(lang)} for k in KINDS.values()],
        "view": {"url": root + "/view?id={{id}}"},
        "preview": {
            "url": root + "/preview?id={{id}}",
            "width": PREVIEW_WIDTH,
            "height": PREVIEW_HEIGHT,
        },
        "suggest": {
            kind: {"service_url": root, "service_path": f"/suggest/{kind}"}
            for kind in ("entity", "type", "property")
        },
        "extend": {
            "propose_properties": {"service_url": root, "service_path": "/propose_properties"},
            "property_settings": [],
        },
        "batchSize": 10,
    }


# -- reconciliation -----------------------------------------------------------------


def _limit(value) -> int:
    try:
        return max(1, min(int(value), MAX_LIMIT))
    except (TypeError, ValueError):
        return DEFAULT_LIMIT


def _check_batch(queries) -> None:
    if not isinstance(queries, dict):
        raise BadRequest("queries must be a JSON object of queries by key")
    if len(queries) > MAX_QUERIES:
        raise BadRequest(f"at most {MAX_QUERIES} queries in one batch")


def batch(live: LiveRelease, queries) -> dict:
    """A 0.2 query batch -> a 0.2 result batch (same keys)."""
    _check_batch(queries)
    index, lang = _index(live), _lang()
    answer = {}
    for name, query in queries.items():
        if isinstance(query, str):  # the 0.1 shorthand: a bare name
            query = {"query": query}
        if not isinstance(query, dict):
            raise BadRequest(f"query {name!r} is not an object")
        properties = [
            (p.get("pid", ""), p.get("v"))
            for p in query.get("properties") or []
            if isinstance(p, dict)
        ]
        found = reconcile(
            index,
            str(query.get("query") or ""),
            types=query.get("type"),
            properties=properties,
            limit=_limit(query.get("limit")),
        )
        answer[name] = {"result": [_candidate(c, lang) for c in found]}
    return answer


def draft_batch(live: LiveRelease, body) -> dict:
    """A 1.0-draft batch (``{"queries": [...]}`` with ``conditions``) -> its results."""
    if not isinstance(body, dict) or not isinstance(body.get("queries"), list | dict):
        raise BadRequest('the body must be {"queries": [...]}')
    queries = body["queries"]
    if isinstance(queries, dict):  # a 0.2 batch sent as JSON
        return batch(live, queries)
    if len(queries) > MAX_QUERIES:
        raise BadRequest(f"at most {MAX_QUERIES} queries in one batch")
    index, lang = _index(live), _lang()
    results = []
    for query in queries:
        if not isinstance(query, dict):
            raise BadRequest("each query must be an object")
        name, properties = "", []
        for condition in query.get("conditions") or []:
            if not isinstance(condition, dict):
                continue
            if condition.get("matchType") == "name":
                name = str(condition.get("propertyValue") or "")
            else:
                properties.append((condition.get("propertyId", ""), condition.get("propertyValue")))
        found = reconcile(
            index,
            name or str(query.get("query") or ""),
            types=query.get("type"),
            properties=properties,
            limit=_limit(query.get("limit")),
        )
        results.append({"candidates": [_candidate(c, lang) for c in found]})
    return {"results": results}


def _candidate(c: Candidate, lang: str) -> dict:
    kind = KINDS[c.entity.kind]
    return {
        "id": c.entity.iri,
        "name": c.entity.label(lang),
        "description": c.entity.describe(lang),
        "score": c.score,
        "match": c.match,
        "type": [{"id": kind.iri, "name": kind.label(lang)}],
        "features": [
            {"id": "name_similarity", "value": round(c.name_score, 2)},
            {"id": "properties_agreeing", "value": c.agreed},
            {"id": "properties_disagreeing", "value": c.disagreed},
        ],
    }


# -- suggest, preview, view ----------------------------------------------------------


@blueprint.route("/suggest/entity")
def suggest_entity() -> Response:
    live, lang = current().live(), _lang()
    kinds = kinds_of(request.args.getlist("type"))
    found = suggest(
        _index(live), _prefix(), kinds=kinds, limit=_limit(request.args.get("limit", 10))
    )
    result = [
        {
            "id": e.iri,
            "name": e.label(lang),
            "description": e.describe(lang),
            "notable": [{"id": KINDS[e.kind].iri, "name": KINDS[e.kind].label(lang)}],
        }
        for e in found
    ]
    return _json({"result": result})


@blueprint.route("/suggest/type")
def suggest_type() -> Response:
    lang, words = _lang(), _prefix().lower()
    result = [
        {"id": k.iri, "name": k.label(lang)}
        for k in KINDS.values()
        if not words or any(words in x.lower() for x in (k.name, *k.labels.values()))
    ]
    return _json({"result": result})


@blueprint.route("/suggest/property")
def suggest_property() -> Response:
    lang, words = _lang(), _prefix().lower()
    result = [
        {"id": pid, "name": labels.get(lang, labels["en"]), "description": str(HRG) + pid}
        for pid, labels in PROPERTIES.items()
        if not words or any(words in x.lower() for x in (pid, *labels.values()))
    ]
    return _json({"result": result})


def _prefix() -> str:
    return (request.args.get("prefix") or request.args.get("query") or "").strip()


def _entity(live: LiveRelease) -> Entity | None:
    return _index(live).by_iri.get((request.args.get("id") or "").strip())


@blueprint.route("/preview")
def preview() -> Response:
    live, lang = current().live(), _lang()
    entity = _entity(live)
    if entity is None:
        return Response("<p>No such entity.</p>", 404, mimetype="text/html")
    rows = "".join(
        f"<tr><th>{html.escape(PROPERTIES[p].get(lang, PROPERTIES[p]['en']))}</th>"
        f"<td>{html.escape(', '.join(v.name for v in entity.values[p]))}</td></tr>"
        for p in ("country", "region", "joinedYear", "leader", "governmentType")
        if entity.values.get(p)
    )
    page = _local_url(live, entity.iri)
    body = (
        f'<!DOCTYPE html><html lang="{lang}"><head><meta charset="utf-8">'
        f"<title>{html.escape(entity.label(lang))}</title>"
        "<style>body{font:14px sans-serif;margin:6px}h1{font-size:16px;margin:0 0 4px}"
        "th{text-align:left;padding-right:8px;font-weight:normal;color:#555}</style></head>"
        f'<body><h1><a href="{html.escape(page)}" target="_blank">'
        f"{html.escape(entity.label(lang))}</a></h1>"
        f"<p>{html.escape(entity.describe(lang))}</p><table>{rows}</table></body></html>"
    )
    return Response(body, mimetype="text/html")


def _local_url(live: LiveRelease, iri: str) -> str:
    path = path_for_iri(iri, live.base)
    return request.host_url + quote(path) if path else iri


@blueprint.route("/view")
def view() -> Response:
    """The entity's page on this server (its IRI may resolve elsewhere, or not yet)."""
    live = current().live()
    iri = (request.args.get("id") or "").strip()
    path = path_for_iri(iri, live.base)
    if path is None:
        return _error("not an identifier of this service", 404)
    return redirect(request.host_url + quote(path), 303)


# -- data extension ------------------------------------------------------------------


@blueprint.route("/propose_properties")
def propose_properties() -> Response:
    lang = _lang()
    kind = next(iter(kinds_of(request.args.get("type") or "")), None)
    offered = EXTEND_PROPERTIES if kind in (None, "territory", "organisation") else ()
    properties = [{"id": p, "name": PROPERTIES[p].get(lang, PROPERTIES[p]["en"])} for p in offered]
    body = {"properties": properties[: _limit(request.args.get("limit", MAX_LIMIT))]}
    if request.args.get("type"):
        body["type"] = request.args["type"]
    return _json(body)


def extension(live: LiveRelease, query) -> dict:
    if not isinstance(query, dict) or not isinstance(query.get("ids"), list):
        raise BadRequest('extend must be {"ids": [...], "properties": [{"id": ...}]}')
    asked = [p.get("id") for p in query.get("properties") or [] if isinstance(p, dict)]
    index, lang = _index(live), _lang()
    known = [(a, property_named(str(a))) for a in asked]
    meta = [
        {"id": a, "name": PROPERTIES[p].get(lang, PROPERTIES[p]["en"])} | _meta_type(p)
        for a, p in known
        if p
    ]
    rows = {}
    for iri in query["ids"][:MAX_QUERIES]:
        entity = index.by_iri.get(str(iri))
        row = {}
        for a, p in known:
            if not p:
                continue
            values = entity.values.get(p, []) if entity else []
            row[a] = [_cell(p, v) for v in values]
        rows[str(iri)] = row
    return {"meta": meta, "rows": rows}


def _meta_type(pid: str) -> dict:
    kinds = {"theme": KINDS["theme"]}
    if pid in kinds:
        return {"type": {"id": kinds[pid].iri, "name": kinds[pid].label()}}
    return {}


def _cell(pid: str, value) -> dict:
    if value.iri and pid != "sameAs":
        return {"id": value.iri, "name": value.name}
    if value.number is not None:
        return {"int": value.number}
    return {"str": value.iri or value.name}
