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
    assert "data/profiles/en/gwangju.txt:16: population range" in built.stderr

    select = "SELECT ?name WHERE { ?m a hrg:City ; schema:name ?name } ORDER BY ?name"
    as_json = hrgraph("query", "--build", out, "--format", "json", select)
    assert as_json.returncode == 0, as_json.stderr
    data = json.loads(as_json.stdout)
    assert data["head"]["vars"] == ["name"]
    names = [b["name"]["value"] for b in data["results"]["bindings"]]
    assert names == ["Gennevilliers", "Gwangju", "Rabat", "Rabat"]
    assert data["results"]["bindings"][0]["name"]["xml:lang"] == "fr"

    as_csv = hrgraph("query", "--build", out, "--format", "csv", select)
    assert [r["name"] for r in csv.DictReader(io.StringIO(as_csv.stdout))] == names

    table = hrgraph("query", "--build", out, select)
    assert table.stdout.splitlines()[0].strip() == "name"
    assert "(4 rows)" in table.stdout

    construct = "CONSTRUCT { ?m schema:name ?n } WHERE { ?m a hrg:City ; schema:name ?n }"
    ttl = hrgraph("query", "--build", out, "--format", "turtle", construct)
    assert len(rdflib.Graph().parse(data=ttl.stdout, format="turtle")) == 4

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
