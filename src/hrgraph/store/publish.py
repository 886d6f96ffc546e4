"""Publish a build to a SPARQL 1.1 server through the Graph Store HTTP Protocol.

Every named graph of the release's store (one per profile page, the ontology, each
vocabulary, provenance, VoID, changes) is sent whole with ``PUT``, and so is the
store's default graph, the merge, as the named graph ``{base}graph/merged``: engines
disagree on what their default graph is (Virtuoso's is the union of every graph it
holds, its own system graphs and duplicates included; the Oxigraph server's is a graph
of its own), so queries that want hrgraph's set semantics name the merge (the remote
backend, store/remote.py, does it for them).

What was published is recorded on the server itself, in the graph
``{base}graph/published`` (``<graph> dct:identifier "sha256:<hex>"``, the checksum of
its sorted N-Triples), so any machine can publish the next build: a graph whose
checksum has not changed is skipped, one the build no longer has is deleted, and a
graph that is not in the record is never touched. A PUT replaces a graph in one
operation, so an interrupted run leaves each graph either old or new; the checksum is
added to the record after each successful PUT, and a graph with two checksums in the
record (interrupted between the two) is simply sent again. The record is rewritten
clean at the end of the run.

Auth follows the server's challenge: Digest (Virtuoso's write endpoint accepts only
that) or Basic, with the same user and password.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

import httpx
import pyoxigraph as ox

from hrgraph.rdf.namespaces import DCTERMS, ROOT
from hrgraph.rdf.uris import Minter
from hrgraph.release import Release

NTRIPLES = "application/n-triples"
CHECKSUM_PREFIX = "sha256:"
IDENTIFIER = ox.NamedNode(str(DCTERMS.identifier))
TIMEOUT_S = httpx.Timeout(120.0, connect=10.0)


class PublishError(Exception):
    """The server could not be reached or refused us as a whole (auth, wrong address)."""


@dataclass(frozen=True)
class GraphContent:
    name: str
    ntriples: bytes  # sorted, so the checksum depends on the content only
    triples: int

    @property
    def checksum(self) -> str:
        return CHECKSUM_PREFIX + hashlib.sha256(self.ntriples).hexdigest()


@dataclass
class PublishReport:
    added: list[str] = field(default_factory=list)
    replaced: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    deleted: list[str] = field(default_factory=list)
    failed: list[tuple[str, str]] = field(default_factory=list)  # (graph, why)

    @property
    def changed(self) -> int:
        return len(self.added) + len(self.replaced) + len(self.deleted)

    def summary(self) -> str:
        return (
            f"{len(self.added)} added, {len(self.replaced)} replaced, "
            f"{len(self.unchanged)} unchanged, {len(self.deleted)} deleted, "
            f"{len(self.failed)} failed"
        )


def _sorted_ntriples(triples) -> tuple[bytes, int]:
    lines = ox.serialize(list(triples), format=ox.RdfFormat.N_TRIPLES).splitlines(keepends=True)
    lines.sort()
    return b"".join(lines), len(lines)


def release_graphs(store: ox.Store, base: str) -> dict[str, GraphContent]:
    """Graph IRI -> content, for every graph the release publishes (the merge included)."""
    found = {}
    for graph in sorted(store.named_graphs(), key=lambda g: g.value):
        quads = store.quads_for_pattern(None, None, None, graph)
        data, count = _sorted_ntriples(ox.Triple(q.subject, q.predicate, q.object) for q in quads)
        found[graph.value] = GraphContent(graph.value, data, count)
    merged = str(Minter(base).merged_graph())
    quads = store.quads_for_pattern(None, None, None, ox.DefaultGraph())
    data, count = _sorted_ntriples(ox.Triple(q.subject, q.predicate, q.object) for q in quads)
    found[merged] = GraphContent(merged, data, count)
    return found


class ChallengeAuth(httpx.Auth):
    """Digest or Basic, whichever the server's ``WWW-Authenticate`` asks for."""

    requires_request_body = True

    def __init__(self, user: str, password: str):
        self._digest = httpx.DigestAuth(user, password)
        self._basic = httpx.BasicAuth(user, password)
        self._scheme: str | None = None

    def auth_flow(self, request: httpx.Request) -> Iterator[httpx.Request]:
        if self._scheme == "digest":
            yield from self._digest.auth_flow(request)
            return
        if self._scheme == "basic":
            yield from self._basic.auth_flow(request)
            return
        response = yield request
        if response.status_code != 401:
            return
        schemes = response.headers.get_list("www-authenticate", split_commas=False)
        words = {s.split(" ", 1)[0].strip().lower() for s in schemes}
        if "digest" in words:
            self._scheme = "digest"
            yield from self._digest.auth_flow(request)
        elif "basic" in words:
            self._scheme = "basic"
            yield from self._basic.auth_flow(request)


class GraphStore:
    """The write side of a Graph Store Protocol endpoint (``?graph=IRI``)."""

    def __init__(self, url: str, auth: httpx.Auth | None = None, timeout=TIMEOUT_S):
        self.url = url
        self.client = httpx.Client(auth=auth, timeout=timeout, follow_redirects=False)

    def close(self) -> None:
        self.client.close()

    def _send(self, method: str, graph: str, **kw) -> httpx.Response:
        try:
            response = self.client.request(method, self.url, params={"graph": graph}, **kw)
        except httpx.HTTPError as e:
            raise PublishError(f"{self.url}: {method} {graph}: {e or type(e).__name__}") from None
        if response.status_code in (401, 403):
            raise PublishError(
                f"{self.url}: {method} {graph}: {response.status_code} "
                f"{response.reason_phrase} (check --user and --password-file, and that the "
                "user may write graphs)"
            )
        return response

    def get(self, graph: str) -> list[ox.Triple] | None:
        """The graph's triples, or None when the server has no such graph."""
        response = self._send("GET", graph, headers={"Accept": NTRIPLES})
        if response.status_code == 404:
            return None
        _check(response, "GET", graph)
        kind = response.headers.get("content-type", NTRIPLES).split(";")[0].strip()
        rdf = ox.RdfFormat.from_media_type(kind) or ox.RdfFormat.N_TRIPLES
        try:
            return list(ox.parse(response.content, format=rdf))
        except SyntaxError as e:
            raise PublishError(f"{self.url}: GET {graph}: not {kind}: {e}") from None

    def put(self, graph: str, ntriples: bytes) -> bool:
        """Replace the graph; True when it was created (201), False when replaced."""
        response = self._send("PUT", graph, content=ntriples, headers={"Content-Type": NTRIPLES})
        _check(response, "PUT", graph)
        return response.status_code == 201

    def post(self, graph: str, ntriples: bytes) -> None:
        """Add triples to the graph (created if missing)."""
        response = self._send("POST", graph, content=ntriples, headers={"Content-Type": NTRIPLES})
        _check(response, "POST", graph)

    def delete(self, graph: str) -> bool:
        """Delete the graph; False when it was already gone (not an error)."""
        response = self._send("DELETE", graph)
        if response.status_code == 404:
            return False
        _check(response, "DELETE", graph)
        return True


class GraphRefused(Exception):
    """The server answered one graph's request with an error; the others go on."""


def _check(response: httpx.Response, method: str, graph: str) -> None:
    if response.is_success:
        return
    text = " ".join(response.text.split())[:300]
    raise GraphRefused(f"{method} {graph}: {response.status_code} {response.reason_phrase}: {text}")


def read_record(gsp: GraphStore, record: str) -> dict[str, set[str]]:
    """Graph IRI -> the checksums the record holds for it (two after an interrupted run)."""
    triples = gsp.get(record) or []
    found: dict[str, set[str]] = {}
    for t in triples:
        if t.predicate == IDENTIFIER and isinstance(t.subject, ox.NamedNode):
            if isinstance(t.object, ox.Literal) and t.object.value.startswith(CHECKSUM_PREFIX):
                found.setdefault(t.subject.value, set()).add(t.object.value)
    return found


def _record_triples(entries: dict[str, set[str]]) -> bytes:
    triples = [
        ox.Triple(ox.NamedNode(graph), IDENTIFIER, ox.Literal(checksum))
        for graph, sums in entries.items()
        for checksum in sums
    ]
    return _sorted_ntriples(triples)[0]


def publish(
    release: Release,
    store: ox.Store,
    gsp: GraphStore,
    progress: Callable[[str, str], None] | None = None,
) -> PublishReport:
    """Bring the server's graphs in line with ``release``; what changed, in a report.

    PublishError when the server cannot be used at all (unreachable, auth refused); a
    graph the server refuses is reported in ``failed`` and the others still go.
    """
    base = release.manifest().get("base_uri") or ROOT
    record = str(Minter(base).published_graph())
    wanted = release_graphs(store, base)
    wanted.pop(record, None)  # a build never holds it; never let it overwrite the record
    known = read_record(gsp, record)
    known.pop(record, None)
    report = PublishReport()
    # What the record will say at the end: a graph keeps its entries until it is known
    # new (or known gone), so a graph whose request failed stays ours.
    final = {g: set(sums) for g, sums in known.items()}
    tell = progress or (lambda action, graph: None)
    for name, content in wanted.items():
        if known.get(name) == {content.checksum}:
            report.unchanged.append(name)
            continue
        try:
            created = gsp.put(name, content.ntriples)
            gsp.post(record, _record_triples({name: {content.checksum}}))
        except GraphRefused as e:
            report.failed.append((name, str(e)))
            tell("failed", name)
            continue
        final[name] = {content.checksum}
        (report.added if created or name not in known else report.replaced).append(name)
        tell("put", name)
    for name in sorted(set(known) - set(wanted)):
        try:
            gsp.delete(name)
        except GraphRefused as e:
            report.failed.append((name, str(e)))
            tell("failed", name)
            continue
        del final[name]
        report.deleted.append(name)
        tell("delete", name)
    if final != known or any(len(sums) > 1 for sums in final.values()):
        try:
            gsp.put(record, _record_triples(final))
        except GraphRefused as e:
            report.failed.append((record, str(e)))
    return report
