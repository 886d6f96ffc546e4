"""One deliberately broken graph per rule: each fails with the expected message and place.

Two kinds of data. Graphs "from another registry" (``fixtures/registry.ttl`` changed by
one SPARQL Update in ``fixtures/broken/<rule>.ru``) are validated with ``--data``; their
results are placed on the data file and the focus node. Our own build, broken through
its profile texts or its TriG dump, must name the profile file and line.
"""

import json
import re
from pathlib import Path

import pytest
from rdflib import Graph
from validate_support import (
    CORPUS_ENV,
    CORPUS_PROFILES,
    ONTOLOGY,
    TEXT_EXPECT,
    TRIG_EXPECT,
    VALIDATE_FIXTURES,
    run_validate,
)

from helpers import ROOT
from hrgraph.rdf.namespaces import SH, sparql_prologue
from hrgraph.validate import reference
from hrgraph.validate.inputs import load_files

BASE = "https://registry.example.org/hr/id/"
REGISTRY = VALIDATE_FIXTURES / "registry.ttl"
CASES = sorted((VALIDATE_FIXTURES / "broken").glob("*.ru"))
RULE = "https://w3id.org/hrgraph/shapes#"


def case_meta(path: Path) -> dict:
    """The ``# rule:``, ``# severity:``, ``# focus:`` and ``# also:`` lines of a case."""
    meta = dict(re.findall(r"^# (rule|severity|focus|also): (.*)$", path.read_text(), re.M))
    iri = meta["focus"].strip("<>")
    meta["focus"] = f"<{iri if iri.startswith('http') else BASE + iri}>"
    meta["also"] = meta.get("also", "").split()
    return meta


def broken_graph(case: Path, out: Path) -> Path:
    g = Graph().parse(REGISTRY)
    g.update(f"BASE <{BASE}>\n" + sparql_prologue() + case.read_text(encoding="utf-8"))
    target = out / f"{case.stem}.ttl"
    g.serialize(target, format="turtle")
    return target


def statement_lines(path: Path, focus: str) -> tuple[int, int]:
    """First and last line of the Turtle statement whose subject is ``focus``."""
    lines = path.read_text(encoding="utf-8").splitlines()
    first = next(n for n, line in enumerate(lines, 1) if line.startswith(focus + " "))
    last = next(n for n, line in enumerate(lines, 1) if n >= first and line.endswith(" ."))
    return first, last


def shape_name(iri: str) -> str:
    return iri.strip("<>").removeprefix(RULE)


def test_the_registry_graph_conforms(tmp_path):
    result = run_validate("--data", REGISTRY, "--fail-on", "warning")
    assert result.exit_code == 0, result.output


def test_every_rule_has_a_broken_graph(shapes):
    rules = {
        shape_name(shapes.label(n))
        for n in shapes.shape_nodes
        if shapes.texts(shapes.label(n), SH.message)
    }
    assert rules == {p.stem for p in CASES}


@pytest.mark.parametrize("case", CASES, ids=[p.stem for p in CASES])
def test_broken_graph_fails_on_its_rule(case, tmp_path, shapes, monkeypatch):
    meta = case_meta(case)
    monkeypatch.chdir(tmp_path)
    data = broken_graph(case, tmp_path)
    result = run_validate("--data", data.name, "--format", "json", "--fail-on", "warning")
    assert result.exit_code == 1, result.output
    report = json.loads(result.stdout)
    fired = {shape_name(r["shape"]) for r in report["results"]}
    assert fired == {meta["rule"], *meta["also"]}
    mine = [r for r in report["results"] if shape_name(r["shape"]) == meta["rule"]]
    expected_message = shapes.text(f"<{RULE}{meta['rule']}>", SH.message, "en")
    for r in mine:
        assert r["severity"] == meta["severity"]
        assert r["focus"] == meta["focus"]
        assert r["message"] == expected_message
        (location,) = r["locations"]
        assert location["file"] == data.name
        # the line lies in the statement about the focus node (its predicate's line
        # when the file shows it, else where the statement starts)
        first, last = statement_lines(data, meta["focus"])
        assert first <= location["line"] <= last

    # the default threshold fails on violations only
    any_violation = any(r["severity"] == "violation" for r in report["results"])
    assert run_validate("--data", data.name).exit_code == (1 if any_violation else 0)


def test_broken_graphs_get_the_plain_pyshacl_results(tmp_path, shapes, ontology):
    """All cases in one run, each under its own base so they do not mix."""
    from hrgraph.validate import validate_files

    files = []
    for n, case in enumerate(CASES):
        text = broken_graph(case, tmp_path).read_text(encoding="utf-8")
        target = tmp_path / f"case-{n}.ttl"
        target.write_text(text.replace(BASE, BASE.replace("/hr/", f"/hr{n}/")), "utf-8")
        files.append(target)
    fast = validate_files(files, shapes, ONTOLOGY)
    plain = reference(load_files(files, ONTOLOGY), shapes, ontology)
    assert {r.key for r in fast.results} == {
        (r.severity, r.focus, r.shape, r.component, r.path, r.value) for r in plain
    }
    assert len(fast.results) >= len(CASES)


# -- our own data: results name the profile file and line -------------------------------------


def _found(report: dict, rule: str, severity: str, file: str, line: int) -> bool:
    return any(
        shape_name(r["shape"]) == rule
        and r["severity"] == severity
        and any(loc["file"].endswith(file) and loc["line"] == line for loc in r["locations"])
        for r in report["results"]
    )


def test_broken_profile_texts_are_reported_on_their_lines(text_broken):
    build, data = text_broken
    env = {"HRGRAPH_DATA_DIR": str(data)}
    result = run_validate("--build", build, "--format", "json", env=env)
    assert result.exit_code == 1, result.output
    report = json.loads(result.stdout)
    for rule, severity, file, line in TEXT_EXPECT:
        assert _found(report, rule, severity, f"profiles/{file}", line), (rule, file, line)
    # the editions of Rabat disagree: found in the cross-profile pass, both files named
    years = [r for r in report["results"] if shape_name(r["shape"]) == "Member-joinedYear-single"]
    assert years and all(r["scope"] == "cross" and len(r["locations"]) == 2 for r in years)


def test_contradictions_between_pages_are_warnings(tmp_path, text_broken):
    build, data = text_broken
    env = {"HRGRAPH_DATA_DIR": str(data)}
    report = json.loads(run_validate("--build", build, "--format", "json", env=env).stdout)
    rabat = [r for r in report["results"] if "/ma/rabat" in r["focus"]]
    assert rabat and {r["severity"] for r in rabat} == {"warning"}


def test_broken_trig_is_reported_on_profile_lines(trig_broken, monkeypatch):
    monkeypatch.chdir(ROOT)
    result = run_validate("--build", trig_broken, "--format", "json", env=CORPUS_ENV)
    assert result.exit_code == 1, result.output
    report = json.loads(result.stdout)
    for rule, severity, file, line in TRIG_EXPECT:
        assert _found(report, rule, severity, file, line), (rule, file, line)
    # two countries for Rabat: one from each edition, caught across profiles
    countries = [r for r in report["results"] if shape_name(r["shape"]) == "Member-country"]
    (two,) = countries
    assert two["scope"] == "cross" and two["severity"] == "violation"
    assert sorted(loc["file"] for loc in two["locations"]) == [
        f"{CORPUS_PROFILES}/en/rabat.txt",
        f"{CORPUS_PROFILES}/fr/rabat.txt",
    ]
    assert {loc["line"] for loc in two["locations"]} == {6}


def test_text_report_names_file_and_line(trig_broken, monkeypatch):
    monkeypatch.chdir(ROOT)
    result = run_validate("--build", trig_broken, env=CORPUS_ENV)
    assert result.exit_code == 1
    assert f"{CORPUS_PROFILES}/en/gwangju.txt\n" in result.stdout
    assert re.search(r"^\s+10\s+violation\s+Mandate-leaderTitle: ", result.stdout, re.M)
    assert re.search(r"^FAILED: \d+ violation\(s\)", result.stdout, re.M)
