"""``/sparql``: the query operation of the SPARQL 1.1 Protocol, read-only and bounded.

Requests (https://www.w3.org/TR/sparql11-protocol/#query-operation):

* ``GET /sparql?query=...``
* ``POST /sparql`` with ``application/x-www-form-urlencoded`` body ``query=...``
* ``POST /sparql`` with ``application/sparql-query`` body (the query itself)

each with optional ``default-graph-uri`` and ``named-graph-uri`` (repeatable). Without
them the default graph is the merge of all named graphs. The protocol is applied
strictly, as Oxigraph's server does: a missing or repeated query is a 400, a body of
another type a 415, a format nobody asked for a 406, an update a 403.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pyoxigraph as ox
from flask import Blueprint, Response, request

from hrgraph.rdf.namespaces import PREFIXES
from hrgraph.store.query import CHUNK_ROWS, MEDIA_TYPES, QueryError, run, stream, take
from hrgraph.web import conneg, guard, service_description, ui
from hrgraph.web.app import Live, endpoint, plain
from hrgraph.web.limits import QueryTimeout, exit_worker

blueprint = Blueprint("sparql", __name__)

RESULT_TYPES = [MEDIA_TYPES[f] for f in ("json", "xml", "csv", "tsv")]
GRAPH_TYPES = [MEDIA_TYPES[f] for f in ("turtle", "ntriples", "rdfxml", "jsonld", "trig", "nquads")]
FORMAT_OF = {media: name for name, media in MEDIA_TYPES.items()}
# Short names for ``format=``: the same word means the natural choice for each kind.
RESULT_ALIASES = {
    "json": MEDIA_TYPES["json"],
    "xml": MEDIA_TYPES["xml"],
    "csv": MEDIA_TYPES["csv"],
    "tsv": MEDIA_TYPES["tsv"],
    "application/json": MEDIA_TYPES["json"],
    "application/xml": MEDIA_TYPES["xml"],
    "text/xml": MEDIA_TYPES["xml"],
}
GRAPH_ALIASES = {
    "turtle": MEDIA_TYPES["turtle"],
    "ttl": MEDIA_TYPES["turtle"],
    "ntriples": MEDIA_TYPES["ntriples"],
    "nt": MEDIA_TYPES["ntriples"],
    "text/plain": MEDIA_TYPES["ntriples"],
    "rdfxml": MEDIA_TYPES["rdfxml"],
    "xml": MEDIA_TYPES["rdfxml"],
    "rdf": MEDIA_TYPES["rdfxml"],
    "rdf+xml": MEDIA_TYPES["rdfxml"],
    "n3": MEDIA_TYPES["turtle"],  # Turtle is N3's RDF subset: what N3 clients can read
    "jsonld": MEDIA_TYPES["jsonld"],
    "json-ld": MEDIA_TYPES["jsonld"],
    "json": MEDIA_TYPES["jsonld"],
    "trig": MEDIA_TYPES["trig"],
    "nquads": MEDIA_TYPES["nquads"],
    "nq": MEDIA_TYPES["nquads"],
}
DESCRIPTION_TYPES = [*service_description.DESCRIPTION_FORMATS, "text/html"]
FORM = "application/x-www-form-urlencoded"
QUERY_BODY = "application/sparql-query"
UPDATE_BODY = "application/sparql-update"


class ProtocolError(Exception):
    def __init__(self, status: int, message: str):
        super().__init__(message)
        self.status = status


@dataclass
class Operation:
    query: str
    default_graphs: list[str] = field(default_factory=list)
    named_graphs: list[str] = field(default_factory=list)
    formats: list[str] = field(default_factory=list)

    def options(self) -> dict:
        """pyoxigraph dataset options; none given: the store's default graph, the merge of all."""
        if not self.default_graphs and not self.named_graphs:
            return {}
        try:
            return {
                "default_graph": [ox.NamedNode(g) for g in self.default_graphs],
                "named_graphs": [ox.NamedNode(g) for g in self.named_graphs],
            }
        except ValueError as e:
            raise ProtocolError(400, f"invalid graph IRI: {e}") from None


def read_operation(max_chars: int) -> Operation | None:
    """The query operation in the request, None for none; ProtocolError if malformed."""
    args = request.args
    if request.method == "POST":
        media = (request.mimetype or "").lower()
        if not media:
            raise ProtocolError(400, f"a POST needs a Content-Type: {FORM} or {QUERY_BODY}")
        if media == UPDATE_BODY or (media == FORM and "update" in request.form):
            raise ProtocolError(403, "this endpoint is read-only: SPARQL Update is not accepted")
        if media == FORM:
            form = request.form
            if "query" in args:
                raise ProtocolError(400, "give the query in the body or the URL, not both")
            params = [form, args]
            queries = form.getlist("query")
        elif media == QUERY_BODY:
            if "query" in args:
                raise ProtocolError(400, "give the query in the body or the URL, not both")
            try:
                queries = [request.get_data(cache=False).decode("utf-8")]
            except UnicodeDecodeError:
                raise ProtocolError(400, "the query is not UTF-8") from None
            params = [args]
        else:
            raise ProtocolError(
                415, f"Content-Type {media} is not accepted; use {FORM} or {QUERY_BODY}"
            )
    else:
        if "update" in args:
            raise ProtocolError(403, "this endpoint is read-only: SPARQL Update is not accepted")
        params = [args]
        queries = args.getlist("query")
        if not queries:
            return None
    if len(queries) != 1:
        raise ProtocolError(400, "give exactly one query parameter")
    query = queries[0]
    if not query.strip():
        raise ProtocolError(400, "the query is empty")
    if len(query) > max_chars:
        raise ProtocolError(
            413, f"the query is {len(query)} characters; the limit is {max_chars} (max_query_chars)"
        )

    def every(name: str) -> list[str]:
        return [v for p in params for v in p.getlist(name)]

    return Operation(query, every("default-graph-uri"), every("named-graph-uri"), every("format"))


@blueprint.route("/sparql", methods=["GET", "POST"])
def sparql() -> Response:
    ep = endpoint()
    settings = ep.settings
    try:
        operation = read_operation(settings.max_query_chars)
    except ProtocolError as e:
        return plain(e.status, f"{e.status} {e}")
    if operation is None:
        return description_or_page()
    try:
        shape = guard.check(operation.query, settings.service_allowlist, PREFIXES)
    except guard.Refused as e:
        return plain(403, f"403 Forbidden: {e}")
    graph_kind = shape.kind == "graph"
    media = _negotiate(graph_kind, operation.formats)
    if media is None:
        return _not_acceptable(graph_kind)
    live = ep.live()
    cached = _not_modified(live, media)
    if cached is not None:
        return cached
    try:
        options = operation.options()
        max_rows = settings.max_rows
        capped = ep.evaluate(
            lambda: take(run(live.store, operation.query, **options), max_rows), request.environ
        )
    except ProtocolError as e:
        return plain(e.status, f"{e.status} {e}")
    except QueryError as e:
        return plain(400, f"400 Bad Request: syntax error in the query: {e}")
    except QueryTimeout as e:
        response = plain(503, f"503 Service Unavailable: {e}")
        if ep.exit_on_timeout:
            response.call_on_close(exit_worker)
        return response
    except OSError as e:  # a failing SERVICE call, or the store itself
        return plain(502, f"502 Bad Gateway: the query could not be evaluated: {e}")
    if (capped.kind == "graph") != graph_kind:  # the tokenizer could not tell; now we know
        graph_kind = capped.kind == "graph"
        media = _negotiate(graph_kind, operation.formats)
        if media is None:
            return _not_acceptable(graph_kind)
    pieces = stream(capped, FORMAT_OF[media])
    # A small result goes out in one write with a Content-Length; a large one streams.
    body = b"".join(pieces) if len(capped.items) <= CHUNK_ROWS else pieces
    response = Response(body, mimetype=media, headers=live.headers(media, max_rows))
    response.headers["X-Hrgraph-Truncated"] = "true" if capped.truncated else "false"
    response.headers["X-Hrgraph-Max-Rows"] = str(max_rows)
    return response


def _negotiate(graph_kind: bool, formats: list[str]) -> str | None:
    offered, aliases = (
        (GRAPH_TYPES, GRAPH_ALIASES) if graph_kind else (RESULT_TYPES, RESULT_ALIASES)
    )
    return conneg.choose(request.headers.get("Accept"), formats, offered, aliases)


def _not_acceptable(graph_kind: bool) -> Response:
    offered = GRAPH_TYPES if graph_kind else RESULT_TYPES
    kind = "CONSTRUCT/DESCRIBE" if graph_kind else "SELECT/ASK"
    return plain(
        406,
        f"406 Not Acceptable: a {kind} result is available as {', '.join(offered)} "
        "(Accept header, or format=)",
        Vary="Accept",
    )


def _not_modified(live: Live, media: str) -> Response | None:
    """A 304 when a GET's validators match this release and representation."""
    if request.method not in ("GET", "HEAD"):
        return None
    if not request.if_none_match and not request.if_modified_since:
        return None
    headers = live.headers(media, endpoint().settings.max_rows)
    if request.if_none_match:
        fresh = request.if_none_match.contains_weak(headers["ETag"].strip('"'))
    else:
        fresh = live.built_at is not None and live.built_at <= request.if_modified_since
    return Response(status=304, headers=headers) if fresh else None


def description_or_page() -> Response:
    """GET without a query: the Service Description for RDF clients, the page for browsers."""
    media = conneg.negotiate(request.headers.get("Accept"), DESCRIPTION_TYPES)
    if media is None:
        return plain(406, f"406 Not Acceptable: offered {', '.join(DESCRIPTION_TYPES)}")
    if media == "text/html":
        response = ui.page()
        response.vary.add("Accept")
        return response
    live = endpoint().live()
    key = ("description", request.base_url, media)
    body = live.cache.get(key)
    if body is None:
        sizes, default = live.cache.get("sizes") or service_description.graph_sizes(live.store)
        live.cache["sizes"] = (sizes, default)
        graph = service_description.describe(
            request.base_url, sizes, default, federation=bool(endpoint().settings.service_allowlist)
        )
        body = live.cache[key] = service_description.serialize(graph, media)
    return Response(body, mimetype=media, headers=live.headers(media, "description"))
