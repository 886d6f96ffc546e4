"""The two backends give the same answers: every example query on the embedded store
and on a real Virtuoso loaded by ``hrgraph publish``; and remote failures are said.

Normalised before comparing (Virtuoso's known differences, see docs/deploy.md):
language tags in lower case, numbers compared by value, rows as a multiset (an ORDER
BY on strings may sort differently: Virtuoso collates, Oxigraph compares code points).
"""

from __future__ import annotations

import threading
from collections import Counter
from decimal import Decimal, InvalidOperation
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pyoxigraph as ox
import pytest
from click.testing import CliRunner

from engines import DBA, free_port, running_virtuoso
from helpers import ROOT
from hrgraph.cli import main
from hrgraph.rdf.uris import Minter
from hrgraph.store.backend import BackendError, EmbeddedBackend
from hrgraph.store.embedded import open_store
from hrgraph.store.query import QueryError
from hrgraph.store.remote import RemoteBackend

EXAMPLES = sorted((ROOT / "queries").glob("*.rq"))
BASE = "https://w3id.org/hrgraph/"
VIRTUOSO_MAX_ROWS = 500  # below the merge's size: ResultSetMaxRows must show as truncation
NUMBERS = {
    "http://www.w3.org/2001/XMLSchema#" + t
    for t in ("integer", "decimal", "double", "float", "int", "long", "short", "nonNegativeInteger")
}


@pytest.fixture(scope="module")
def published(build_dir, tmp_path_factory):
    """A Virtuoso of its own, loaded with the corpus build by ``hrgraph publish``."""
    folder = tmp_path_factory.mktemp("virtuoso-backend")
    with running_virtuoso(folder / "db", max_rows=VIRTUOSO_MAX_ROWS) as server:
        password = folder / "password"
        password.write_text(DBA[1] + "\n", "utf-8")
        args = ["publish", "--endpoint", server.endpoint, "--graph-store", server.graph_store]
        args += ["--build", str(build_dir), "--user", DBA[0], "--password-file", str(password)]
        result = CliRunner().invoke(main, args)
        assert result.exit_code == 0, result.output
        yield server


@pytest.fixture(scope="module")
def embedded(build_dir):
    store, _ = open_store(build_dir)
    return EmbeddedBackend(store)


@pytest.fixture(scope="module")
def remote(published):
    backend = RemoteBackend(published.endpoint, 30, str(Minter(BASE).merged_graph()))
    yield backend
    backend.close()


def term(t) -> str:
    if isinstance(t, ox.Literal):
        if t.language:
            return f'"{t.value}"@{t.language.lower()}'
        if t.datatype.value in NUMBERS:
            try:
                return f"number:{Decimal(t.value).normalize()}"
            except InvalidOperation:
                pass
    return str(t)


def answers(capped) -> object:
    if capped.kind == "ask":
        return capped.boolean
    if capped.kind == "graph":
        return Counter(
            " ".join(term(x) for x in (t.subject, t.predicate, t.object)) for t in capped.items
        )
    return capped.variables, Counter(
        tuple(term(t) if t is not None else "" for t in s) for s in capped.items
    )


def form_of(text: str) -> str:
    from hrgraph.web.guard import check

    return check(text, (), {}, None).form


@pytest.mark.parametrize("path", EXAMPLES, ids=[p.stem for p in EXAMPLES])
def test_every_example_query_answers_the_same_on_both(embedded, remote, path):
    text = path.read_text("utf-8")
    form = form_of(text)
    here = embedded.answer(text, None, form=form)
    there = remote.answer(text, None, form=form)
    assert not there.truncated
    assert answers(there) == answers(here)
    assert here.kind == "ask" or here.items, "an example query that finds nothing proves little"


def test_ask_construct_and_named_graphs(embedded, remote):
    for query in (
        "ASK { ?m a hrg:City }",
        "ASK { ?m a hrg:Nothing }",
        "CONSTRUCT { ?m schema:name ?n } WHERE { ?m a hrg:Member ; schema:name ?n }",
    ):
        form = form_of(query)
        assert answers(remote.answer(query, None, form=form)) == answers(
            embedded.answer(query, None, form=form)
        ), query
    # a dataset in the request: just that graph, on both
    graph = [ox.NamedNode(BASE + "graph/fr/gennevilliers")]
    query = "SELECT ?s ?p ?o WHERE { ?s ?p ?o }"
    here = embedded.answer(query, None, form="SELECT", default_graph=graph, named_graphs=[])
    there = remote.answer(query, None, form="SELECT", default_graph=graph, named_graphs=[])
    assert answers(there) == answers(here) and here.items


def test_the_row_limit_and_the_backends_own_cut_both_show_as_truncated(embedded, remote):
    query = "SELECT ?s ?p ?o WHERE { ?s ?p ?o }"
    cut = remote.answer(query, 10, form="SELECT")
    assert cut.truncated and len(cut.items) == 10
    whole = embedded.answer(query, None, form="SELECT")
    assert len(whole.items) > VIRTUOSO_MAX_ROWS
    # Virtuoso stops at its ResultSetMaxRows and says so only in a header
    silent = remote.answer(query, 100_000, form="SELECT")
    assert len(silent.items) == VIRTUOSO_MAX_ROWS and silent.truncated


def test_a_syntax_error_is_a_query_error_on_both(embedded, remote):
    for backend in (embedded, remote):
        with pytest.raises(QueryError):
            backend.answer("SELECT ?x WHERE { ?x ", None, form="SELECT")


class _Broken(BaseHTTPRequestHandler):
    """A SPARQL server that answers 200 and stops halfway (the Oxigraph server on a
    timeout), or never answers at all."""

    def log_message(self, *args):
        pass

    def do_POST(self):
        self.rfile.read(int(self.headers.get("Content-Length") or 0))
        if self.server.mode == "silent":
            self.server.release.wait(10)
            return
        body = (
            b'<?xml version="1.0"?><sparql xmlns="http://www.w3.org/2005/sparql-results#">'
            b'<head><variable name="x"/></head><results><result><binding name="x">'
            b"<uri>http://example.org/a</uri></binding></result>"
        )
        self.send_response(200)
        self.send_header("Content-Type", "application/sparql-results+xml")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


@pytest.fixture
def broken():
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Broken)
    server.daemon_threads = True
    server.release = threading.Event()
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server
    server.release.set()
    server.shutdown()
    server.server_close()


def test_a_cut_answer_is_a_failure_not_a_short_result(broken):
    broken.mode = "cut"
    backend = RemoteBackend(f"http://127.0.0.1:{broken.server_address[1]}/sparql", 5)
    with pytest.raises(BackendError) as caught:
        backend.answer("SELECT ?x WHERE { ?x ?p ?o }", None, form="SELECT")
    assert caught.value.status == 502 and "incomplete" in str(caught.value)


def test_a_silent_backend_is_504_an_absent_one_502(broken):
    broken.mode = "silent"
    slow = RemoteBackend(f"http://127.0.0.1:{broken.server_address[1]}/sparql", 0.5)
    with pytest.raises(BackendError) as caught:
        slow.answer("ASK {}", None, form="ASK")
    assert caught.value.status == 504 and "did not answer in 0.5 s" in str(caught.value)
    absent = RemoteBackend(f"http://127.0.0.1:{free_port()}/sparql", 2)
    with pytest.raises(BackendError) as caught:
        absent.answer("ASK {}", None, form="ASK")
    assert caught.value.status == 502 and "cannot be reached" in str(caught.value)
