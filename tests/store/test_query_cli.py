"""``hrgraph build`` and ``hrgraph query`` as scripts call them."""

import csv
import io
import json
import subprocess
import sys

import rdflib

from helpers import DATA


def hrgraph(*args):
    return subprocess.run(
        [sys.executable, "-m", "hrgraph.cli", *map(str, args)], capture_output=True, text=True
    )


def test_build_then_query_in_every_format(tmp_path):
    out = tmp_path / "build"
    built = hrgraph("build", "--data", DATA, "--out", out)
    assert built.returncode == 0, built.stderr
    assert "built 4 profile(s)" in built.stdout
    assert "corpus/profiles/en/gwangju.txt:16: population range" in built.stderr

    select = "SELECT ?name WHERE { ?m a hrg:City ; schema:name ?name } ORDER BY ?name"
    as_json = hrgraph("query", "--build", out, "--format", "json", select)
    assert as_json.returncode == 0, as_json.stderr
    data = json.loads(as_json.stdout)
    assert data["head"]["vars"] == ["name"]
    names = [b["name"]["value"] for b in data["results"]["bindings"]]
    assert names == ["Gennevilliers", "Gwangju", "Rabat"]  # one name per member
    assert data["results"]["bindings"][0]["name"]["xml:lang"] == "fr"

    as_csv = hrgraph("query", "--build", out, "--format", "csv", select)
    assert [r["name"] for r in csv.DictReader(io.StringIO(as_csv.stdout))] == names

    table = hrgraph("query", "--build", out, select)
    assert table.stdout.splitlines()[0].strip() == "name"
    assert "(3 rows)" in table.stdout

    construct = "CONSTRUCT { ?m schema:name ?n } WHERE { ?m a hrg:City ; schema:name ?n }"
    ttl = hrgraph("query", "--build", out, "--format", "turtle", construct)
    assert len(rdflib.Graph().parse(data=ttl.stdout, format="turtle")) == 3

    ask = hrgraph("query", "--build", out, "--format", "json", "ASK { ?s a hrg:Coalition }")
    assert json.loads(ask.stdout)["boolean"] is False


def test_query_errors_exit_2_with_a_message(tmp_path, data_build):
    build = data_build.release.path.parent.parent
    bad = hrgraph("query", "--build", build, "SELECT ?x WHERE { ?x ")
    assert bad.returncode == 2 and "error" in bad.stderr and "Traceback" not in bad.stderr
    missing = hrgraph("query", "--build", tmp_path / "nowhere", "ASK {}")
    assert missing.returncode == 2 and "no build here" in missing.stderr
    wrong = hrgraph("query", "--build", build, "--format", "turtle", "SELECT * WHERE {}")
    assert wrong.returncode == 2 and "does not fit" in wrong.stderr


def test_build_with_a_broken_profile_exits_1_and_names_it(tmp_path):
    import shutil

    data = tmp_path / "data"
    shutil.copytree(DATA, data)
    (data / "profiles" / "es").mkdir(exist_ok=True)
    (data / "profiles" / "es" / "roto.txt").write_text("nada\n")
    result = hrgraph("build", "--data", data, "--out", tmp_path / "build")
    assert result.returncode == 1
    assert f"{data}/profiles/es/roto.txt:1: no recognisable profile header" in result.stderr
    assert "built 4 profile(s)" in result.stdout


def test_build_that_cannot_run_exits_2(tmp_path):
    result = hrgraph("build", "--data", tmp_path / "nothing", "--out", tmp_path / "build")
    assert result.returncode == 2
    assert "nothing published" in result.stderr
    assert not (tmp_path / "build" / "current").exists()


SELECT_ALL = "SELECT ?m ?name ?year WHERE { ?m schema:name ?name OPTIONAL { ?m hrg:joinedYear ?year } } ORDER BY ?m ?name"
CONSTRUCT_ALL = "CONSTRUCT { ?m schema:name ?n } WHERE { ?m a hrg:Member ; schema:name ?n }"


def test_query_writes_every_format_the_store_writes(data_build):
    import pyoxigraph as ox

    from helpers import pyoxigraph_serialization as serialize
    from hrgraph import formats
    from hrgraph.store.embedded import open_store
    from hrgraph.store.query import run

    build = data_build.release.path.parent.parent
    store, _ = open_store(build)
    for f in formats.RESULTS_FORMATS:
        done = _query(build, f.name, SELECT_ALL)
        assert done.returncode == 0, done.stderr
        # the same bytes as pyoxigraph's own serializer of the whole result
        assert done.stdout == serialize(run(store, SELECT_ALL), f.name), f.name
    expected = {(t.subject, t.predicate, t.object) for t in run(store, CONSTRUCT_ALL).value}
    for f in formats.TRIPLE_FORMATS:
        done = _query(build, f.name, CONSTRUCT_ALL)
        assert done.returncode == 0, done.stderr
        parsed = {(q.subject, q.predicate, q.object) for q in ox.parse(done.stdout, f.ox)}
        assert parsed == expected and expected, f.name


def test_a_format_that_does_not_fit_the_result_is_named(data_build):
    build = data_build.release.path.parent.parent
    for fmt, query in (("trig", SELECT_ALL), ("csv", CONSTRUCT_ALL), ("nquads", "ASK {}")):
        done = hrgraph("query", "--build", build, "--format", fmt, query)
        assert done.returncode == 2 and "Traceback" not in done.stderr
        assert f"format '{fmt}' does not fit" in done.stderr and "use one of" in done.stderr
    unknown = hrgraph("query", "--build", build, "--format", "yaml", SELECT_ALL)
    assert unknown.returncode == 2 and "yaml" in unknown.stderr


def _query(build, fmt: str, text: str) -> subprocess.CompletedProcess:
    command = [sys.executable, "-m", "hrgraph.cli", "query", "--build", str(build)]
    return subprocess.run([*command, "--format", fmt, text], capture_output=True)
