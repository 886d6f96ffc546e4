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

import logging
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from http import HTTPStatus
from pathlib import Path

import pyoxigraph as ox
from flask import Blueprint, Response, request
from werkzeug.http import http_date, quote_etag
from werkzeug.utils import get_content_type
from werkzeug.wrappers import Request
from werkzeug.wsgi import ClosingIterator

from hrgraph import formats
from hrgraph.rdf.namespaces import PREFIXES
from hrgraph.store.backend import BackendError
from hrgraph.store.query import CHUNK_ROWS, QueryError, stream
from hrgraph.web import conneg, guard, query_page, service_description
from hrgraph.web.http import CORS_HEADERS, MAX_AGE_S, plain, unchanged
from hrgraph.web.state import LiveRelease, ServerState, current
from hrgraph.web.time_limit import QueryTimeout, exit_worker

blueprint = Blueprint("sparql", __name__)
log = logging.getLogger("hrgraph.web")

# What each kind of result is offered in, in order (the first is the default), and the
# short names ``format=`` takes: the same word means the natural choice for each kind
# (``json`` is SPARQL JSON results for SELECT, JSON-LD for CONSTRUCT).
RESULT_TYPES = formats.media_types(formats.RESULTS_FORMATS)
GRAPH_TYPES = formats.media_types(formats.RDF_FORMATS)
RESULT_ALIASES = formats.aliases(formats.RESULTS_FORMATS)
GRAPH_ALIASES = formats.aliases(formats.RDF_FORMATS)
FORMAT_NAMES = {t: formats.for_media_type(t).name for t in [*RESULT_TYPES, *GRAPH_TYPES]}
DESCRIPTION_TYPES = [*formats.media_types(service_description.OFFERED), "text/html"]
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


def read_operation(req: Request, max_chars: int) -> Operation | None:
    """The query operation in ``req``, None for none; ProtocolError if malformed.

    ``req`` is Flask's request or a bare Werkzeug one (the fast path below)."""
    args = req.args
    if req.method == "POST":
        media = (req.mimetype or "").lower()
        if not media:
            raise ProtocolError(400, f"a POST needs a Content-Type: {FORM} or {QUERY_BODY}")
        if media == UPDATE_BODY or (media == FORM and "update" in req.form):
            raise ProtocolError(403, "this endpoint is read-only: SPARQL Update is not accepted")
        if media == FORM:
            form = req.form
            if "query" in args:
                raise ProtocolError(400, "give the query in the body or the URL, not both")
            params = [form, args]
            queries = form.getlist("query")
        elif media == QUERY_BODY:
            if "query" in args:
                raise ProtocolError(400, "give the query in the body or the URL, not both")
            try:
                queries = [req.get_data(cache=False).decode("utf-8")]
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


@dataclass
class Answer:
    """A response as WSGI sends it: made once, sent by the Flask view or the fast path."""

    status: int
    headers: list[tuple[str, str]]
    body: bytes | Iterator[bytes] = b""
    on_close: Callable[[], None] | None = None


TEXT = ("Content-Type", "text/plain; charset=utf-8")


def _text(status: int, message: str, *headers: tuple[str, str]) -> Answer:
    """An error (or short notice) as UTF-8 text, as ``http.plain`` makes it."""
    body = (message.rstrip("\n") + "\n").encode()
    return Answer(status, [TEXT, *headers, ("Content-Length", str(len(body)))], body)


@blueprint.route("/sparql", methods=["GET", "POST"])
def sparql() -> Response:
    state = current()
    try:
        operation = read_operation(request, state.settings.max_query_chars)
    except ProtocolError as e:
        return plain(e.status, f"{e.status} {e}")
    if operation is None:
        return description_or_page()
    answer = respond(state, operation, request)
    response = Response(answer.body, answer.status, answer.headers)
    if answer.on_close is not None:
        response.call_on_close(answer.on_close)
    return response


def respond(state: ServerState, operation: Operation, req: Request) -> Answer:
    """The answer to a query operation: refused, not acceptable, unchanged, or results."""
    settings = state.settings
    environ = req.environ
    # Relative IRIs in the query are resolved against the endpoint's own address, as
    # the Protocol's tests expect (a query's BASE still wins).
    base = endpoint_address(state, req)
    shape = verdict(state, operation.query, base)
    if isinstance(shape, guard.Refused):
        return _text(403, f"403 Forbidden: {shape}")
    graph_kind = shape.kind == "graph"
    media = _negotiate(state, graph_kind, operation.formats, environ)
    if media is None:
        return _not_acceptable(graph_kind)
    live = state.live()
    max_rows = settings.max_rows
    etag, headers = _result_headers(live, media, max_rows)
    if unchanged(etag, live.built_at, environ):
        return Answer(304, list(headers))
    try:
        options = operation.options()
        backend = live.backend

        def answer():
            return backend.answer(
                operation.query, max_rows, form=shape.form, base_iri=base, **options
            )

        # The embedded store runs here, bounded by the server; a remote one bounds itself.
        capped = state.evaluate(answer, environ) if backend.in_process else answer()
    except BackendError as e:
        return _text(e.status, f"{e.status} {HTTPStatus(e.status).phrase}: {e}")
    except ProtocolError as e:
        return _text(e.status, f"{e.status} {e}")
    except QueryError as e:
        return _text(400, f"400 Bad Request: syntax error in the query: {e}")
    except QueryTimeout as e:
        answered = _text(503, f"503 Service Unavailable: {e}")
        if state.exit_on_timeout:
            answered.on_close = exit_worker
        return answered
    except OSError as e:  # a failing SERVICE call, or the store itself
        return _text(502, f"502 Bad Gateway: the query could not be evaluated: {_reason(state, e)}")
    if (capped.kind == "graph") != graph_kind:  # the tokenizer could not tell; now we know
        graph_kind = capped.kind == "graph"
        media = _negotiate(state, graph_kind, operation.formats, environ)
        if media is None:
            return _not_acceptable(graph_kind)
        etag, headers = _result_headers(live, media, max_rows)
    pieces = stream(capped, FORMAT_NAMES[media])
    truncated = ("X-Hrgraph-Truncated", "true" if capped.truncated else "false")
    headers = [*headers, _content_type(media), truncated]
    if len(capped.items) > CHUNK_ROWS:  # a large result streams
        return Answer(200, headers, pieces)
    # A small result goes out in one write with a Content-Length.
    body = b"".join(pieces)
    return Answer(200, [*headers, ("Content-Length", str(len(body)))], body)


class FastPath:
    """WSGI middleware: ``GET /sparql?query=...`` answered without Flask's request cycle.

    A lookup is the endpoint's most common request, and Flask's own work around it
    (the request context, URL matching, the hooks, the Response object) cost about a
    third of its time. The answer is the one the Flask view gives, made by the same
    ``respond``; what the application's hooks add to every response (CORS, security
    headers) is added here from the same owners. Whatever else comes to ``/sparql``
    (POST, conditional requests, the page, a malformed request or an error) goes
    through Flask, which answers it as before.
    """

    def __init__(self, app: Callable, state: ServerState, hooked: tuple[tuple[str, str], ...]):
        self.app = app
        self.state = state
        self.hooked = list(hooked)  # the headers the application's hooks add (but CORS)

    def __call__(self, environ: dict, start_response: Callable):
        if (
            environ.get("PATH_INFO") != "/sparql"
            or environ.get("REQUEST_METHOD") != "GET"
            or "HTTP_IF_NONE_MATCH" in environ
            or "HTTP_IF_MODIFIED_SINCE" in environ
        ):
            return self.app(environ, start_response)
        req = Request(environ)
        try:
            operation = read_operation(req, self.state.settings.max_query_chars)
            if operation is None:
                return self.app(environ, start_response)
            answer = respond(self.state, operation, req)
        except Exception:  # noqa: BLE001 - Flask's error handlers say it, as for any view
            return self.app(environ, start_response)
        headers = answer.headers
        if not any(name == "Access-Control-Allow-Origin" for name, _ in headers):
            headers = [*headers, *CORS_HEADERS.items()]
        status = f"{answer.status} {HTTPStatus(answer.status).phrase}"
        start_response(status, [*headers, *self.hooked])
        body = [answer.body] if isinstance(answer.body, bytes) else answer.body
        if answer.on_close is not None:
            return ClosingIterator(body, answer.on_close)
        return body


def _reason(state: ServerState, error: OSError) -> str:
    """What the client is told of a failed evaluation: a SERVICE call's reason helps
    them; one that names the server's files (the store failing) goes to the log only."""
    text = str(error)
    build = str(Path(state.settings.build_dir).resolve())
    if error.filename is not None or build in text or str(state.settings.build_dir) in text:
        log.warning("query evaluation failed: %s", text)
        return "the store could not be read (the server's log says why)"
    return text


def endpoint_address(state: ServerState, req: Request) -> str:
    """``req.base_url``, worked out once per address the endpoint is reached at."""
    env = req.environ
    key = tuple(env.get(k) for k in _ADDRESS_KEYS)
    return state.addresses.get_or_make(key, lambda: req.base_url)


# What ``base_url`` is made of (Werkzeug: scheme, Host or server, script root, path).
_ADDRESS_KEYS = (
    "wsgi.url_scheme", "HTTP_HOST", "SERVER_NAME", "SERVER_PORT", "SCRIPT_NAME", "PATH_INFO",
)  # fmt: skip
# Verdicts are kept for queries up to this long (the cache holds at most 1,024 of them).
VERDICT_CHARS = 4096


def verdict(state: ServerState, query: str, base: str) -> guard.QueryShape | guard.Refused:
    """What the guard says of ``query``: its shape, or why it is refused.

    The verdict depends only on the text, the base and the settings, so a query asked
    again (a client polling, a page's own queries) is not tokenized again.
    """

    def check() -> guard.QueryShape | guard.Refused:
        try:
            return guard.check(query, state.settings.service_allowlist, PREFIXES, base)
        except guard.Refused as e:
            return e

    if len(query) > VERDICT_CHARS:
        return check()
    return state.verdicts.get_or_make((query, base), check)


def _negotiate(
    state: ServerState, graph_kind: bool, wanted: list[str], environ: dict
) -> str | None:
    accept = environ.get("HTTP_ACCEPT")
    key = (graph_kind, accept, *wanted)
    return state.negotiated.get_or_make(key, lambda: _choose(graph_kind, accept, wanted))


def _choose(graph_kind: bool, accept: str | None, wanted: list[str]) -> str | None:
    offered, aliases = (
        (GRAPH_TYPES, GRAPH_ALIASES) if graph_kind else (RESULT_TYPES, RESULT_ALIASES)
    )
    return conneg.choose(accept, wanted, offered, aliases)


def _content_type(media: str) -> tuple[str, str]:
    return ("Content-Type", get_content_type(media, "utf-8"))


def _not_acceptable(graph_kind: bool) -> Answer:
    offered = GRAPH_TYPES if graph_kind else RESULT_TYPES
    kind = "CONSTRUCT/DESCRIBE" if graph_kind else "SELECT/ASK"
    return _text(
        406,
        f"406 Not Acceptable: a {kind} result is available as {', '.join(offered)} "
        "(Accept header, or format=)",
        ("Vary", "Accept"),
    )


def result_headers(live: LiveRelease, media_type: str, variant: object) -> dict[str, str]:
    """Validators and caching headers of a result in ``media_type`` (made once each)."""
    return dict(_result_headers(live, media_type, variant)[1])


def _result_headers(
    live: LiveRelease, media_type: str, variant: object
) -> tuple[str, tuple[tuple[str, str], ...]]:
    """The quoted ETag and every header of a result but its type (made once each).

    A query result's ``variant`` is the row limit, which also goes in a header. What
    answers goes in the ETag too: an unordered result comes in the order of the store
    that evaluated it (a copy in memory keeps another order than RocksDB's).
    """

    def make() -> tuple[str, tuple[tuple[str, str], ...]]:
        answered_by = (live.backend.name, "memory" if live.in_memory else "disk")
        etag = quote_etag(live.etag(media_type, variant, *answered_by))
        found = {
            "ETag": etag,
            "X-Hrgraph-Release": live.release,
            "Vary": "Accept",
            "Cache-Control": f"public, max-age={MAX_AGE_S}",
            **CORS_HEADERS,
        }
        if live.built_at is not None:
            found["Last-Modified"] = http_date(live.built_at)
        if isinstance(variant, int):
            found["X-Hrgraph-Max-Rows"] = str(variant)
        return etag, tuple(found.items())

    return live.cache.get_or_make(("headers", media_type, variant), make)


def description_or_page() -> Response:
    """GET without a query: the Service Description for RDF clients, the page for browsers."""
    media = conneg.negotiate(request.headers.get("Accept"), DESCRIPTION_TYPES)
    if media is None:
        return plain(406, f"406 Not Acceptable: offered {', '.join(DESCRIPTION_TYPES)}")
    if media == "text/html":
        response = query_page.page()
        response.vary.add("Accept")
        return response
    state = current()
    live = state.live()
    endpoint = request.base_url
    headers = result_headers(live, media, ("description", endpoint))
    if unchanged(headers["ETag"], live.built_at):
        return Response(status=304, headers=headers)

    def make() -> bytes:
        count = service_description.graph_sizes
        sizes, default = live.index("graph-sizes", lambda: count(live.store))
        federation = bool(state.settings.service_allowlist)
        triples = service_description.describe(endpoint, sizes, default, federation=federation)
        return service_description.serialize(triples, media)

    # One per address the endpoint is reached at (Host), kept in a bounded cache.
    body = live.cache.get_or_make(("description", endpoint, media), make)
    return Response(body, mimetype=media, headers=headers)
