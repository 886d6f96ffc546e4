"""The W3C SHACL core test suite, each test through ``hrgraph validate --shapes --data``.

The suite's 98 tests (``w3c-core/``, see its README) run through the command line as a
user runs it, and the report is compared with the test's expected one: ``sh:conforms``
and the multiset of results, each compared on focus node, result path, value,
constraint component, severity and source shape. Blank nodes are wildcards: a blank
focus node, value or source shape must be a blank node, any blank node (their labels
are local to each graph, and the suite allows this); a result path is compared by its
structure, so a blank path node counts by what it says (``w3c_suite`` has the details).

The exit code follows the report: with ``--fail-on info`` it is 0 exactly when the
report conforms; by default 1 exactly when a result is a violation (or of a severity of
the shapes' own, which counts as one).
"""

import json
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from validate_support import run_validate
from w3c_suite import LEVELS, cases, report_of_json, report_of_turtle

CASES = cases()
IDS = [c.name for c in CASES]
OTHER_FORMATS = ("text", "junit", "github", "sarif")
MILD = {LEVELS["warning"].n3(), LEVELS["info"].n3()}


def test_the_suite_is_all_there():
    assert len(CASES) == 98
    assert sum(c.conforms for c in CASES) == 4  # most tests expect results
    assert sum(c.results.total() for c in CASES) == 213  # its sh:ValidationResult nodes


def validate(case, *args):
    result = run_validate("--shapes", case.shapes, "--data", case.data, *args)
    assert "Traceback" not in result.stderr, result.stderr
    assert result.exit_code in (0, 1), result.stderr
    return result


def violates(case) -> bool:
    return any(key[4] not in MILD for key in case.results)


def assert_same_report(case, conforms, results):
    assert conforms is case.conforms
    missing, extra = case.results - results, results - case.results
    assert not missing and not extra, f"missing {dict(missing)}, extra {dict(extra)}"


@pytest.mark.parametrize("case", CASES, ids=IDS)
def test_json_report_is_the_expected_one(case):
    result = validate(case, "--format", "json")
    assert result.exit_code == (1 if violates(case) else 0)
    assert_same_report(case, *report_of_json(json.loads(result.stdout)))


@pytest.mark.parametrize("case", CASES, ids=IDS)
def test_turtle_report_is_the_expected_one(case):
    result = validate(case, "--format", "turtle", "--fail-on", "info")
    assert result.exit_code == (0 if case.conforms else 1)
    assert_same_report(case, *report_of_turtle(result.stdout))


def reported(fmt: str, text: str) -> int:
    """How many results a report in ``fmt`` gives, read back from it."""
    if fmt == "text":
        counts = re.search(r"(\d+) violation\(s\), (\d+) warning\(s\)(?:, (\d+) info)?", text)
        return sum(int(n or 0) for n in counts.groups())
    if fmt == "junit":
        cases = ET.fromstring(text).iter("testcase")
        return sum(1 for c in cases if c.get("classname") != "hrgraph.validate.conforms")
    if fmt == "github":
        return sum(1 for line in text.splitlines() if line.startswith("::"))
    return len(json.loads(text)["runs"][0]["results"])


@pytest.mark.parametrize("fmt", OTHER_FORMATS)
def test_every_format_reports_every_case(fmt):
    """No traceback, the exit code of the verdict, and one entry per expected result."""
    for case in CASES:
        result = validate(case, "--format", fmt)
        assert result.exit_code == (1 if violates(case) else 0), case
        assert reported(fmt, result.stdout) == case.results.total(), case


def test_blank_shapes_are_named_from_each_copy_of_the_shapes(tmp_path):
    """Two readings of the same shapes (a folder, its file) have their own blank nodes;
    each run names the blank property shapes from the reading it was given."""
    from rdflib import BNode

    from hrgraph.rdf.namespaces import SH
    from hrgraph.validate import load_shapes, validate_files

    case = next(c for c in CASES if c.name == "property/nodeKind-001")
    folder = tmp_path / "shapes"
    folder.mkdir()
    copy = folder / case.shapes.name
    copy.write_bytes(case.shapes.read_bytes())
    readings = [load_shapes(folder), load_shapes(copy)]
    assert readings[0].graph is not readings[1].graph
    labels = []
    for shapes in readings:
        results = validate_files([copy], shapes, None, "none").results
        assert len(results) == case.results.total()
        for result in results:
            node = shapes.node(result.shape)
            assert isinstance(node, BNode) and shapes.graph.value(node, SH.path) is not None
        labels.append(sorted(r.shape for r in results))
    assert labels[0] == labels[1]


def test_a_focus_node_only_named_as_a_value_is_placed_where_it_is_named():
    """sh:targetObjectsOf: the focus nodes (a literal, an IRI) are only objects in the
    data; each result names the file and the line of the statement that names it."""
    case = next(c for c in CASES if c.name == "targets/targetObjectsOf-001")
    report = json.loads(validate(case, "--format", "json").stdout)
    places = sorted(
        (r["focus"], r["scope"], Path(loc["file"]).resolve(), loc["line"])
        for r in report["results"]
        for loc in r["locations"]
    )
    assert places == [
        ('"String"', "graph", case.data, 12),
        ("<http://www.w3.org/2000/01/rdf-schema#Resource>", "graph", case.data, 15),
    ]
