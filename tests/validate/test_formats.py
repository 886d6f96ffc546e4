"""Every output format is checked by parsing it back, on a broken and on a clean build."""

import json
import re
import xml.etree.ElementTree as ET

import jsonschema
import pytest
from rdflib import Graph, Literal
from rdflib.namespace import RDF
from validate_support import VALIDATE_FIXTURES, run_validate

from hrgraph.rdf.namespaces import SH

SARIF_SCHEMA = json.loads((VALIDATE_FIXTURES / "sarif-schema-2.1.0.json").read_text("utf-8"))


@pytest.fixture(scope="module")
def broken(text_broken):
    """The JSON report and the environment of the build with broken profile texts."""
    build, data = text_broken
    env = {"HRGRAPH_DATA_DIR": str(data)}
    report = json.loads(run_validate("--build", build, "--format", "json", env=env).stdout)
    return build, env, report


def output(build, env, fmt, *extra):
    result = run_validate("--build", build, "--format", fmt, *extra, env=env)
    assert result.exit_code in (0, 1), result.output
    return result


def test_json_report(broken):
    _, _, report = broken
    assert report["conforms"] is False and report["passed"] is False
    assert report["exit_code"] == 1
    counts = report["counts"]
    assert counts["violation"] > 0 and counts["warning"] > 0
    assert sum(counts.values()) == len(report["results"])
    assert len(report["graphs"]) == 7
    for r in report["results"]:
        assert r["locations"] and r["message"] and r["rule"].startswith("hrgsh:")


def test_turtle_report_is_a_shacl_validation_report(broken):
    build, env, report = broken
    text = output(build, env, "turtle").stdout
    g = Graph().parse(data=text, format="turtle")
    (root,) = g.subjects(RDF.type, SH.ValidationReport)
    assert g.value(root, SH.conforms) == Literal(False)
    results = list(g.objects(root, SH.result))
    assert len(results) == len(report["results"])
    for r in results:
        assert (r, RDF.type, SH.ValidationResult) in g
        assert g.value(r, SH.focusNode) is not None
        assert g.value(r, SH.resultSeverity) in (SH.Violation, SH.Warning, SH.Info)
        assert g.value(r, SH.sourceShape) is not None
        assert g.value(r, SH.sourceConstraintComponent) is not None
        languages = {m.language for m in g.objects(r, SH.resultMessage)}
        assert languages == {"en", "fr", "es"}
    focus_nodes = {g.value(r, SH.focusNode).n3() for r in results}
    assert focus_nodes == {r["focus"] for r in report["results"]}


def test_turtle_report_of_a_clean_build_conforms(clean_build):
    text = run_validate("--build", clean_build, "--format", "turtle", "--no-findings").stdout
    g = Graph().parse(data=text, format="turtle")
    (root,) = g.subjects(RDF.type, SH.ValidationReport)
    assert g.value(root, SH.conforms) == Literal(True)
    assert not list(g.objects(root, SH.result))


def test_junit_has_one_testcase_per_result(broken):
    build, env, report = broken
    root = ET.fromstring(output(build, env, "junit").stdout)
    assert root.tag == "testsuites"
    cases = [c for c in root.iter("testcase") if c.get("classname") != "hrgraph.validate.conforms"]
    assert len(cases) == len(report["results"])
    violations = [r for r in report["results"] if r["severity"] == "violation"]
    failures = list(root.iter("failure"))
    assert len(failures) == len(violations) == int(root.get("failures"))
    assert all(len(c.findall("failure")) <= 1 for c in cases)
    assert int(root.get("tests")) == len(list(root.iter("testcase")))
    # each result's test case names its file and line
    for c in cases:
        if c.get("file", "").endswith(".txt"):
            assert int(c.get("line")) >= 1
    gennevilliers = [c for c in cases if c.get("file", "").endswith("fr/gennevilliers.txt")]
    assert {f.get("type") for c in gennevilliers for f in c.findall("failure")} == {
        "hrgsh:Mandate-order",
        "hrgsh:Programme-theme",
    }
    # warnings do not fail, but are shown
    warned = [c for c in cases if c.get("classname").endswith(".Member-joinedYear-single")]
    assert warned and all(c.find("failure") is None for c in warned)
    assert all("warning" in c.find("system-out").text for c in warned)


def test_junit_counts_warnings_as_failures_with_fail_on_warning(broken):
    build, env, report = broken
    root = ET.fromstring(output(build, env, "junit", "--fail-on", "warning").stdout)
    counts = report["counts"]
    assert int(root.get("failures")) == counts["violation"] + counts["warning"]


GITHUB_LINE = re.compile(
    r"^::(error|warning|notice) file=(?P<file>[^,]+),line=(?P<line>\d+),title=[^:]+::(?P<msg>.+)$"
)


def test_github_annotations(broken):
    build, env, report = broken
    lines = output(build, env, "github").stdout.splitlines()
    annotations = [GITHUB_LINE.match(line) for line in lines[:-1]]
    assert all(annotations), lines
    assert len(annotations) == len(report["results"])
    levels = [m.group(1) for m in annotations]
    assert levels.count("error") == report["counts"]["violation"]
    assert levels.count("warning") == report["counts"]["warning"]
    assert levels.count("notice") == report["counts"]["info"]
    places = {
        (m.group("file").rsplit("profiles/", 1)[1], int(m.group("line")))
        for m in annotations
        if "profiles/" in m.group("file")
    }
    assert ("fr/gennevilliers.txt", 12) in places and ("en/gwangju.txt", 4) in places
    assert lines[-1].startswith("FAILED: ")


def test_sarif_is_valid_against_the_sarif_2_1_0_schema(broken):
    build, env, report = broken
    sarif = json.loads(output(build, env, "sarif").stdout)
    jsonschema.Draft4Validator(SARIF_SCHEMA).validate(sarif)
    assert sarif["version"] == "2.1.0"
    (run,) = sarif["runs"]
    results = run["results"]
    assert len(results) == len(report["results"])
    rules = run["tool"]["driver"]["rules"]
    for r in results:
        assert rules[r["ruleIndex"]]["id"] == r["ruleId"]
        physical = r["locations"][0]["physicalLocation"]
        assert physical["artifactLocation"]["uri"].endswith((".txt", "dataset.toml"))
        assert physical["region"]["startLine"] >= 1
    assert {r["level"] for r in results} == {"error", "warning", "note"}


def test_sarif_of_a_clean_build_is_valid_and_empty(clean_build):
    args = ("--build", clean_build, "--format", "sarif")
    sarif = json.loads(run_validate(*args, "--no-findings").stdout)
    jsonschema.Draft4Validator(SARIF_SCHEMA).validate(sarif)
    assert sarif["runs"][0]["results"] == []
    with_findings = json.loads(run_validate(*args).stdout)
    jsonschema.Draft4Validator(SARIF_SCHEMA).validate(with_findings)
    assert {r["ruleId"] for r in with_findings["runs"][0]["results"]} >= {"hrgsh:Reader-twoPeriods"}


def test_messages_in_french_and_spanish(broken):
    build, env, _ = broken
    fr = json.loads(output(build, env, "json", "--lang", "fr").stdout)
    es = json.loads(output(build, env, "json", "--lang", "es").stdout)
    order = {r["shape"]: r["message"] for r in fr["results"]}
    assert order["<https://w3id.org/hrgraph/shapes#Mandate-order>"] == (
        "L'année de fin du mandat précède son année de début"
    )
    assert any("mandato" in r["message"] for r in es["results"])


def test_output_file(broken, tmp_path):
    build, env, _ = broken
    target = tmp_path / "report.sarif"
    result = run_validate("--build", build, "--format", "sarif", "--output", target, env=env)
    assert result.exit_code == 1
    assert result.stdout == ""
    jsonschema.Draft4Validator(SARIF_SCHEMA).validate(json.loads(target.read_text("utf-8")))
