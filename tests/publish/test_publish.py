"""``hrgraph publish`` against a real Virtuoso: every graph of the build arrives whole,
unchanged graphs are skipped, gone ones deleted, foreign ones untouched; Digest or
Basic as the server asks; an interrupted run leaves each graph old or new, and a
rerun finishes the job."""

from __future__ import annotations

import httpx
import pyoxigraph as ox
import pytest
from click.testing import CliRunner

from engines import DBA, free_port
from hrgraph.cli import main
from hrgraph.rdf.uris import Minter
from hrgraph.release import current_release
from hrgraph.store.embedded import open_store
from hrgraph.store.publish import GraphStore, read_record, release_graphs

from .conftest import GATEWAY_USER

BASE = "https://w3id.org/hrgraph/"
FOREIGN = "http://example.org/graph/not-ours"
FOREIGN_TRIPLE = b"<http://example.org/a> <http://example.org/b> <http://example.org/c> .\n"


def wipe(virtuoso) -> None:
    """Every graph the tests write, gone (Virtuoso's own graphs stay)."""
    virtuoso.sql(
        "DELETE FROM DB.DBA.RDF_QUAD WHERE id_to_iri(G) LIKE 'https://w3id.org/hrgraph/%' "
        "OR id_to_iri(G) LIKE 'http://example.org/%'"
    )


def publish(graph_store, endpoint, build, password_file, user=DBA[0]):
    args = ["publish", "--endpoint", endpoint, "--graph-store", graph_store, "--build", str(build)]
    args += ["--user", user, "--password-file", str(password_file)]
    return CliRunner().invoke(main, args)


@pytest.fixture
def password(tmp_path):
    """The dba password, in a file that ends with a newline (as editors write them)."""
    path = tmp_path / "password"
    path.write_text(DBA[1] + "\n", "utf-8")
    return path


def graphs_of(build) -> dict:
    store, _ = open_store(build)
    return release_graphs(store, BASE)


def normal(triples) -> set[str]:
    """Triples as text, language tags in lower case (Virtuoso lowers them)."""
    out = set()
    for t in triples:
        o = t.object
        if isinstance(o, ox.Literal) and o.language:
            o = ox.Literal(o.value, language=o.language.lower())
        out.add(str(ox.Triple(t.subject, t.predicate, o)))
    return out


def content(graph) -> set[str]:
    return normal(ox.parse(graph.ntriples, format=ox.RdfFormat.N_TRIPLES))


def on_server(virtuoso, name: str) -> set[str] | None:
    gsp = GraphStore(virtuoso.graph_store, httpx.DigestAuth(*DBA))
    try:
        found = gsp.get(name)
    finally:
        gsp.close()
    return None if found is None else normal(found)


def record_of(virtuoso) -> dict:
    gsp = GraphStore(virtuoso.graph_store, httpx.DigestAuth(*DBA))
    try:
        return read_record(gsp, str(Minter(BASE).published_graph()))
    finally:
        gsp.close()


def test_publish_everything_then_nothing(virtuoso, build_dir, password):
    wipe(virtuoso)
    put = httpx.put(
        virtuoso.graph_store,
        params={"graph": FOREIGN},
        content=FOREIGN_TRIPLE,
        headers={"Content-Type": "application/n-triples"},
        auth=httpx.DigestAuth(*DBA),
    )
    assert put.status_code == 201
    graphs = graphs_of(build_dir)
    assert str(Minter(BASE).merged_graph()) in graphs and len(graphs) > 10
    first = publish(virtuoso.graph_store, virtuoso.endpoint, build_dir, password)
    assert first.exit_code == 0, first.output
    assert f"{len(graphs)} added, 0 replaced, 0 unchanged, 0 deleted, 0 failed" in first.stdout
    for name, graph in graphs.items():
        assert on_server(virtuoso, name) == content(graph), name
    assert {g: s for g, s in record_of(virtuoso).items()} == {
        name: {graph.checksum} for name, graph in graphs.items()
    }
    second = publish(virtuoso.graph_store, virtuoso.endpoint, build_dir, password)
    assert second.exit_code == 0, second.output
    assert f"0 added, 0 replaced, {len(graphs)} unchanged, 0 deleted" in second.stdout
    assert on_server(virtuoso, FOREIGN) == normal(
        ox.parse(FOREIGN_TRIPLE, format=ox.RdfFormat.N_TRIPLES)
    )


def test_an_edited_build_replaces_what_changed_and_deletes_what_is_gone(
    virtuoso, build_dir, edited_build, password
):
    wipe(virtuoso)
    old, new = graphs_of(build_dir), graphs_of(edited_build)
    gone = sorted(set(old) - set(new))
    changed = sorted(g for g in set(old) & set(new) if old[g].checksum != new[g].checksum)
    assert gone == [BASE + "graph/fr/rabat"]
    assert BASE + "graph/en/gwangju" in changed and BASE + "graph/fr/gennevilliers" not in changed
    assert publish(virtuoso.graph_store, virtuoso.endpoint, build_dir, password).exit_code == 0
    # A graph deleted by someone else meanwhile: deleting it again is no error.
    httpx.delete(virtuoso.graph_store, params={"graph": gone[0]}, auth=httpx.DigestAuth(*DBA))
    result = publish(virtuoso.graph_store, virtuoso.endpoint, edited_build, password)
    assert result.exit_code == 0, result.output
    unchanged = len(set(old) & set(new)) - len(changed)
    added = len(set(new) - set(old))
    summary = f"{added} added, {len(changed)} replaced, {unchanged} unchanged, 1 deleted, 0 failed"
    assert summary in result.stdout
    assert on_server(virtuoso, gone[0]) is None
    for name, graph in new.items():
        assert on_server(virtuoso, name) == content(graph), name
    assert set(record_of(virtuoso)) == set(new)


def test_basic_auth_when_the_server_asks_for_it(virtuoso, gateway, build_dir, tmp_path):
    wipe(virtuoso)
    secret = tmp_path / "gateway-password"
    secret.write_text(GATEWAY_USER[1], "utf-8")  # no final newline this time
    result = publish(gateway.url, virtuoso.endpoint, build_dir, secret, user=GATEWAY_USER[0])
    assert result.exit_code == 0, result.output
    assert " 0 failed" in result.stdout
    wrong = tmp_path / "wrong"
    wrong.write_text("not it\n", "utf-8")
    refused = publish(gateway.url, virtuoso.endpoint, build_dir, wrong, user=GATEWAY_USER[0])
    assert refused.exit_code == 2
    assert "401" in refused.stderr and "--password-file" in refused.stderr


def test_an_interrupted_publish_leaves_each_graph_old_or_new_and_a_rerun_finishes(
    virtuoso, gateway, build_dir, edited_build, password, tmp_path
):
    wipe(virtuoso)
    old, new = graphs_of(build_dir), graphs_of(edited_build)
    assert publish(virtuoso.graph_store, virtuoso.endpoint, build_dir, password).exit_code == 0
    secret = tmp_path / "gateway-password"
    secret.write_text(GATEWAY_USER[1], "utf-8")
    gateway.fail_after = 2  # the connection drops on the third PUT
    broken = publish(gateway.url, virtuoso.endpoint, edited_build, secret, user=GATEWAY_USER[0])
    assert broken.exit_code == 2, broken.output
    assert "error:" in broken.stderr
    states = {}
    for name in set(old) | set(new):
        now = on_server(virtuoso, name)
        allowed = [content(g[name]) if name in g else None for g in (old, new)]
        assert now in allowed, name
        states[name] = allowed.index(now)
    assert 0 in states.values() and 1 in states.values()  # it really stopped midway
    rerun = publish(virtuoso.graph_store, virtuoso.endpoint, edited_build, password)
    assert rerun.exit_code == 0, rerun.output
    for name, graph in new.items():
        assert on_server(virtuoso, name) == content(graph), name
    assert on_server(virtuoso, BASE + "graph/fr/rabat") is None
    last = publish(virtuoso.graph_store, virtuoso.endpoint, edited_build, password)
    assert f"0 added, 0 replaced, {len(new)} unchanged, 0 deleted, 0 failed" in last.stdout


def test_an_unreachable_server_or_a_missing_build_is_exit_2(tmp_path, password, build_dir):
    nowhere = f"http://127.0.0.1:{free_port()}/"
    result = publish(nowhere + "store", nowhere + "sparql", build_dir, password)
    assert result.exit_code == 2
    assert nowhere in result.stderr
    missing = publish(nowhere + "store", nowhere + "sparql", tmp_path / "none", password)
    assert missing.exit_code == 2 and "no build" in missing.stderr
    assert current_release(build_dir)  # untouched
