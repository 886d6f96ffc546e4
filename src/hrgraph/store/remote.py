"""A SPARQL 1.1 server as the endpoint's backend (Virtuoso, the Oxigraph server...).

The query goes out by the SPARQL 1.1 Protocol (a form POST, so long queries fit) with
hrgraph's prefixes and the endpoint's base declared in front of it. Without graphs in
the request, the default graph is named: the merge ``hrgraph publish`` wrote
(``{base}graph/merged``), because engines differ on what their own default graph is
(Virtuoso: the union of every graph, its system graphs and duplicates included; the
Oxigraph server: a graph of its own, empty unless ``--union-default-graph``).

The answer is asked for in SPARQL XML results (SELECT, ASK) or N-Triples (CONSTRUCT,
DESCRIBE), parsed back into pyoxigraph terms and cut at the row limit, so the same
writers send it on. What can go wrong is said, never waited out:

* no connection, or a refusal: BackendError 502; no answer in time, or the backend's
  own time limit (Virtuoso's MaxQueryExecutionTime, a 500 "timed out"): 504;
* a syntax error the backend reports (400): QueryError, as the embedded store does;
* Virtuoso cutting a result at its ``ResultSetMaxRows`` (its only sign is an
  ``X-SPARQL-MaxRows`` header): the result is marked truncated;
* an answer that does not parse (the Oxigraph server answers 200 and stops writing
  when its ``--timeout-s`` runs out): BackendError 502, never a short result.
"""

from __future__ import annotations

import httpx
import pyoxigraph as ox

from hrgraph.rdf.namespaces import PREFIXES
from hrgraph.store.backend import BackendError
from hrgraph.store.query import Capped, QueryError

RESULTS_XML = "application/sparql-results+xml"
NTRIPLES = "application/n-triples"
ACCEPT = {
    "SELECT": RESULTS_XML,
    "ASK": RESULTS_XML,
    "CONSTRUCT": NTRIPLES,
    "DESCRIBE": NTRIPLES,
    None: f"{RESULTS_XML}, {NTRIPLES};q=0.9",
}
TRUNCATED_HEADER = "X-SPARQL-MaxRows"  # Virtuoso's sign that ResultSetMaxRows cut the result
VIRTUOSO_ASK = "__ASK_RETVAL"  # Virtuoso answers ASK as a one-row SELECT of this variable


def prologue(query: str) -> str:
    """Declarations of hrgraph's prefixes the query may use (a server compiles every
    declaration it is sent: only those whose name appears in the text)."""
    return "".join(f"PREFIX {p}: <{iri}>\n" for p, iri in PREFIXES.items() if f"{p}:" in query)


class RemoteBackend:
    """A SPARQL 1.1 query endpoint at ``endpoint``."""

    in_process = False
    name = "remote"

    def __init__(self, endpoint: str, timeout_s: float, merged_graph: str | None = None):
        self.endpoint = endpoint
        self.timeout_s = timeout_s
        self.merged_graph = merged_graph
        self._client: httpx.Client | None = None

    @property
    def client(self) -> httpx.Client:
        # Made on first use, so a process forked after start-up gets its own connections.
        if self._client is None:
            timeout = httpx.Timeout(self.timeout_s, connect=min(self.timeout_s, 5.0))
            self._client = httpx.Client(timeout=timeout, follow_redirects=False)
        return self._client

    def answer(
        self,
        query,
        max_rows,
        *,
        form=None,
        base_iri=None,
        default_graph=None,
        named_graphs=None,
    ) -> Capped:
        text = (f"BASE <{base_iri}>\n" if base_iri else "") + prologue(query) + query
        defaults = [g.value for g in default_graph or []]
        named = [g.value for g in named_graphs or []]
        if not defaults and not named and self.merged_graph:
            defaults = [self.merged_graph]
        fields = {"query": text, "default-graph-uri": defaults, "named-graph-uri": named}
        response = self._post(fields, ACCEPT.get(form, ACCEPT[None]))
        truncated = TRUNCATED_HEADER.lower() in (k.lower() for k in response.headers)
        media = response.headers.get("content-type", "").split(";")[0].strip().lower()
        try:
            return _read(response.content, media, form, max_rows, truncated)
        except SyntaxError as e:
            raise BackendError(
                502,
                f"the SPARQL backend {self.endpoint} sent an invalid or incomplete answer "
                f"(cut short by its own time limit?): {e}",
            ) from None

    def _post(self, fields, accept: str) -> httpx.Response:
        try:
            response = self.client.post(self.endpoint, data=fields, headers={"Accept": accept})
        except httpx.TimeoutException:
            raise BackendError(
                504, f"the SPARQL backend {self.endpoint} did not answer in {self.timeout_s:g} s"
            ) from None
        except httpx.HTTPError as e:
            raise BackendError(
                502,
                f"the SPARQL backend {self.endpoint} cannot be reached: {e or type(e).__name__}",
            ) from None
        if response.status_code == 400:
            raise QueryError(_text(response))
        if response.status_code == 500 and "timed out" in response.text:
            # Virtuoso past its MaxQueryExecutionTime: "SR171: Transaction timed out"
            raise BackendError(
                504, f"the SPARQL backend {self.endpoint} gave up on the query: {_text(response)}"
            )
        if not response.is_success:
            raise BackendError(
                502,
                f"the SPARQL backend {self.endpoint} answered {response.status_code} "
                f"{response.reason_phrase}: {_text(response)}",
            )
        return response

    def close(self) -> None:
        if self._client is not None:
            self._client.close()


def _text(response: httpx.Response) -> str:
    return " ".join(response.text.split())[:500]


def _read(data: bytes, media: str, form: str | None, max_rows, truncated: bool) -> Capped:
    results = ox.QueryResultsFormat.from_media_type(media) if media else None
    if results is not None:
        if results == ox.QueryResultsFormat.XML and not data.rstrip().endswith(b"</sparql>"):
            raise SyntaxError("the XML results end before </sparql>")
        parsed = ox.parse_query_results(data, format=results)
        if isinstance(parsed, ox.QueryBoolean):
            return Capped("ask", [], [], boolean=bool(parsed))
        variables = [v.value for v in parsed.variables]
        items, cut = _cap(parsed, max_rows)
        if form == "ASK" and variables == [VIRTUOSO_ASK]:
            value = items[0][0] if items and items[0][0] is not None else None
            return Capped(
                "ask", [], [], boolean=value is not None and value.value not in ("0", "false")
            )
        return Capped("select", variables, items, truncated or cut)
    rdf = ox.RdfFormat.from_media_type(media) if media else None
    if rdf is None:
        raise SyntaxError(f"unexpected Content-Type {media or '(none)'}")
    if rdf == ox.RdfFormat.N_TRIPLES and data and not data.endswith(b"\n"):
        raise SyntaxError("the N-Triples end in the middle of a line")
    items, cut = _cap(ox.parse(data, format=rdf), max_rows)
    return Capped("graph", [], items, truncated or cut)


def _cap(items, max_rows) -> tuple[list, bool]:
    found = []
    for item in items:
        if max_rows is not None and len(found) >= max_rows:
            return found, True
        found.append(item)
    return found, False
