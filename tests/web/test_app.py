"""The application in-process (Flask test client): development-server timeouts, the page,
the command line."""

from __future__ import annotations

import threading

import pytest
from click.testing import CliRunner

from hrgraph.cli import main
from hrgraph.cli.serve import gunicorn_options
from hrgraph.rdf.namespaces import PREFIXES
from hrgraph.settings import load
from hrgraph.web import assets
from hrgraph.web.app import create_app
from hrgraph.web.examples import load_examples, with_prologue
from hrgraph.web.time_limit import Evaluator, QueryTimeout, Watchdog

# About 15 million solutions: seconds of work. The development server cannot stop an
# abandoned evaluation, so this one must end by itself, soon.
SLOW = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . VALUES ?x { 1 2 3 4 } }"


@pytest.fixture(scope="module")
def dev_client(build_dir, tmp_path_factory):
    """The app as the development server runs it (no worker exit on timeout)."""
    queries = tmp_path_factory.mktemp("queries")
    (queries / "b-count.rq").write_text(
        "# Count members\n# How many.\nSELECT (COUNT(*) AS ?n) { ?m a hrg:Member }\n"
    )
    (queries / "a-untitled.rq").write_text("ASK { ?s ?p ?o }\n")
    (queries / "notes.txt").write_text("not a query")
    settings = load(environ={}, build_dir=build_dir, query_timeout_s=0.2, queries_dir=queries)
    return create_app(settings).test_client()


def test_dev_timeout_answers_503_and_keeps_serving(dev_client):
    reply = dev_client.get("/sparql", query_string={"query": SLOW})
    assert reply.status_code == 503
    assert "time limit" in reply.get_data(as_text=True)
    ok = dev_client.get("/sparql", query_string={"query": "ASK { ?s ?p ?o }"})
    assert ok.status_code == 200 and ok.json["boolean"] is True


def test_page_lists_examples_with_prologue(dev_client):
    html = dev_client.get("/query").get_data(as_text=True)
    assert "Count members" in html and "a untitled" in html
    assert "PREFIX hrg: <https://w3id.org/hrgraph/ontology#>" in html
    assert ("/static/vendor/yasgui.min.js" in html) == assets.installed()


def test_missing_queries_folder_is_fine(tmp_path):
    assert load_examples(tmp_path / "absent") == []
    assert load_examples(None) == []


def test_with_prologue_adds_only_what_is_used_and_undeclared():
    query = "# Title\n# More\nPREFIX hrg: <http://other/>\nSELECT * { ?s hrg:x ?o ; skos:prefLabel 'a:b' }"
    out = with_prologue(query, PREFIXES)
    assert out.startswith("# Title\n# More\nPREFIX skos:")
    assert out.count("PREFIX hrg:") == 1  # its own declaration wins
    assert "PREFIX a:" not in out  # inside a string
    assert with_prologue("ASK {}", PREFIXES) == "ASK {}"


def test_no_build_is_503(tmp_path):
    client = create_app(load(environ={}, build_dir=tmp_path)).test_client()
    reply = client.get("/sparql", query_string={"query": "ASK {}"})
    assert reply.status_code == 503 and "no build" in reply.get_data(as_text=True)
    assert reply.headers["Access-Control-Allow-Origin"] == "*"


def test_serve_without_build_exits_2(tmp_path):
    result = CliRunner().invoke(main, ["serve", "--build", str(tmp_path / "none")])
    assert result.exit_code == 2
    assert "no build" in result.output


def test_gunicorn_options_follow_settings():
    options = gunicorn_options(
        load(environ={}, host="::1", port=9000, workers=3, query_timeout_s=5)
    )
    assert options["bind"] == "[::1]:9000"
    assert options["workers"] == 3 and options["worker_class"] == "sync"
    assert options["timeout"] > 5 and options["preload_app"] is True


def test_evaluator_gives_up_and_replaces_the_helper():
    evaluator = Evaluator()
    release = threading.Event()
    with pytest.raises(QueryTimeout):
        evaluator.call(release.wait, 0.05)
    assert evaluator.call(lambda: 42, 5) == 42  # a new helper, not the stuck one
    release.set()
    with pytest.raises(ZeroDivisionError):
        evaluator.call(lambda: 1 / 0, 5)


def test_watchdog_calls_expire_past_the_deadline():
    fired = threading.Event()
    release = threading.Event()

    def expire():  # stands in for answer_and_exit, which never returns
        fired.set()
        release.wait()

    watchdog = Watchdog(poll_s=0.01)
    assert watchdog.run(lambda: "quick", 5, expire) == "quick"
    assert not fired.is_set()  # a query within its time never expires
    returned = []

    def slow_request():
        returned.append(watchdog.run(lambda: fired.wait(10), 0.05, expire))

    worker = threading.Thread(target=slow_request)
    worker.start()
    assert fired.wait(10)
    # while expire answers the client, the request cannot disarm the watchdog and answer too
    worker.join(0.2)
    assert worker.is_alive() and returned == []
    release.set()
    worker.join(10)
    assert not worker.is_alive(), "the request thread never got past the watchdog"
    assert returned == [True]
    assert watchdog.run(lambda: "again", 5, expire) == "again"  # disarmed, reusable


def test_assets_installed_needs_every_file(tmp_path):
    assert not assets.installed(tmp_path)
    for name in assets.FILES.values():
        (tmp_path / name).write_text("x")
    assert not assets.installed(tmp_path)  # no version stamp
    (tmp_path / assets.STAMP.name).write_text(f"{assets.PACKAGE}@{assets.VERSION}\n")
    assert assets.installed(tmp_path)


def test_a_worker_opens_the_release_before_its_first_request(build_dir, tmp_path):
    from types import SimpleNamespace

    from hrgraph.cli.serve import open_release
    from hrgraph.web.state import EXTENSION

    app = create_app(load(environ={}, build_dir=build_dir))
    open_release(SimpleNamespace(wsgi=app, pid=1, log=None))
    live = app.extensions[EXTENSION]._live
    assert live is not None and live.in_memory
    warned = []
    log = SimpleNamespace(warning=lambda *a: warned.append(a))
    empty = create_app(load(environ={}, build_dir=tmp_path))
    open_release(SimpleNamespace(wsgi=empty, pid=2, log=log))  # no build: a warning only
    assert warned and empty.extensions[EXTENSION]._live is None
