"""The engine gives plain pySHACL's results, on clean and broken builds and files.

The reference is pySHACL on the whole merged graph with the ontology as extra graph
and RDFS inference (``hrgraph.validate.reference``), and pySHACL's own command line on
the merged Turtle dump, as a registry would run it.
"""

import json
import shutil
import subprocess
import sys

import pytest
from rdflib import Dataset, Literal
from validate_support import (
    ONTOLOGY,
    SHAPES,
    VALIDATE_FIXTURES,
    build_dir_of,
    edit_profiles,
    run_validate,
)

from helpers import DATA, build_into
from hrgraph.validate import reference, validate_build
from hrgraph.validate.inputs import load_build


def keys(results):
    return {(r.severity, r.focus, r.shape, r.component, r.path, r.value) for r in results}


def assert_same_as_reference(build, shapes, ontology):
    fast = validate_build(build, shapes, ONTOLOGY, findings=False)
    plain = reference(load_build(build, ONTOLOGY), shapes, ontology)
    assert keys(fast.results) == keys(plain)
    return fast


def test_clean_build_passes_with_exit_0(clean_build):
    result = run_validate("--build", clean_build, "--fail-on", "warning", "--no-findings")
    assert result.exit_code == 0, result.output
    assert "OK: 0 violation(s), 0 warning(s) in 4 graph(s)" in result.stdout
    # what the reader noticed is reported too: the corpus states two periods for one
    # figure, a government level as population and no licence (warnings), and has short
    # pages without sections (info)
    report = json.loads(run_validate("--build", clean_build, "--format", "json").stdout)
    assert report["exit_code"] == 0 and report["counts"]["violation"] == 0
    assert {r["scope"] for r in report["results"]} == {"reader"}
    warnings = [r for r in report["results"] if r["severity"] == "warning"]
    assert sorted(r["rule"] for r in warnings) == [
        "hrgsh:Reader-datasetLicence",
        "hrgsh:Reader-populationWrongField",
        "hrgsh:Reader-twoPeriods",
    ]
    assert all(loc["line"] for r in report["results"] for loc in r["locations"])
    assert run_validate("--build", clean_build, "--fail-on", "warning").exit_code == 1


def test_clean_build_with_the_fixture_profiles_passes(mixed_build):
    build = build_dir_of(mixed_build)
    result = run_validate("--build", build, "--fail-on", "warning", "--no-findings")
    assert result.exit_code == 0, result.output


@pytest.mark.parametrize("which", ["clean", "text", "trig"])
def test_same_results_as_plain_pyshacl(
    which, clean_build, text_broken, trig_broken, shapes, ontology
):
    build = {"clean": clean_build, "text": text_broken[0], "trig": trig_broken}[which]
    fast = assert_same_as_reference(build, shapes, ontology)
    assert bool(fast.results) == (which != "clean")


def test_same_verdict_without_inference(text_broken, trig_broken, clean_build, shapes, ontology):
    """The shapes target by domain and range, so inference does not change the verdict."""
    for build in (clean_build, text_broken[0], trig_broken):
        loaded = load_build(build, ONTOLOGY)
        with_rdfs = reference(loaded, shapes, ontology, inference="rdfs")
        without = reference(loaded, shapes, ontology, inference="none")
        assert keys(with_rdfs) == keys(without)


def pyshacl_cli(data, *extra):
    return subprocess.run(
        [sys.executable, "-m", "pyshacl", "-s", str(SHAPES / "hrgraph-shapes.ttl"),
         "-e", str(ONTOLOGY / "hrgraph.ttl"), *extra, str(data)],
        capture_output=True, text=True, timeout=300,
    )  # fmt: skip


def merged_turtle(build, target):
    ds = Dataset(default_union=True)
    ds.parse((build / "current" / "dumps" / "hrgraph.trig"), format="trig")
    g = ds.graph(ds.default_graph.identifier)
    for s, p, o, _ in ds.quads():
        g.add((s, p, o))
    g.serialize(target, format="turtle")
    return target


@pytest.mark.parametrize("inference", ["none", "rdfs"])
def test_pyshacl_command_line_agrees(
    inference, clean_build, text_broken, trig_broken, warnings_only, tmp_path
):
    """``pyshacl -s shapes -e ontology data.ttl`` and ``hrgraph validate`` agree.

    pySHACL counts warnings against conformance unless given ``-w``; hrgraph does so
    with ``--fail-on warning``.
    """
    builds = {
        "clean": clean_build,
        "text": text_broken[0],
        "trig": trig_broken,
        "warnings": warnings_only[0],
    }
    env = {"HRGRAPH_DATA_DIR": str(text_broken[1])}
    for name, build in builds.items():
        dump = merged_turtle(build, tmp_path / f"{name}.ttl")
        checks = [("warning", [])] + ([("violation", ["-w"])] if name == "warnings" else [])
        for fail_on, extra in checks:
            ours = run_validate(
                "--build", build, "--fail-on", fail_on, "--no-findings", env=env
            ).exit_code
            theirs = pyshacl_cli(dump, "-i", inference, *extra)
            assert theirs.returncode in (0, 1), theirs.stderr
            assert theirs.returncode == ours, (name, fail_on, theirs.stdout[-2000:])
        if name == "warnings":
            assert ours == 0  # warnings alone pass by default...
            assert theirs.returncode == 0  # ...as they do for pySHACL with -w


def test_a_changed_profile_is_seen_at_once(tmp_path):
    data = tmp_path / "data"
    shutil.copytree(DATA, data)
    build = build_dir_of(build_into(tmp_path / "build", data=data))
    env = {"HRGRAPH_DATA_DIR": str(data)}
    assert run_validate("--build", build, env=env).exit_code == 0
    edit_profiles(data, {"fr/gennevilliers.txt": [(r"^2020 - 2026$", "2026 - 2020")]})
    build_into(tmp_path / "build", data=data)
    report = json.loads(run_validate("--build", build, "--format", "json", env=env).stdout)
    shacl = [r["rule"] for r in report["results"] if r["scope"] != "reader"]
    assert shacl == ["hrgsh:Mandate-order"]
    assert [
        (r["rule"], r["locations"][0]["line"], r["value"])
        for r in report["results"]
        if r["rule"] == "hrgsh:Reader-mandateInverted"
    ] == [("hrgsh:Reader-mandateInverted", 12, '"2026 - 2020"')]


def test_former_flags_are_still_accepted(clean_build):
    """--jobs and --no-cache belonged to the graph-by-graph runner; scripts keep working."""
    result = run_validate("--build", clean_build, "--no-cache", "--jobs", "2")
    assert result.exit_code == 0, result.output


def test_named_graphs_of_a_data_file_are_checked_across(tmp_path, shapes, ontology):
    """Another registry's TriG: two graphs describe one member with two joining years."""
    from rdflib import Graph, URIRef

    from hrgraph.rdf.namespaces import HRG
    from hrgraph.validate import validate_files
    from hrgraph.validate.inputs import load_files

    registry = Graph().parse(VALIDATE_FIXTURES / "registry.ttl")
    city = URIRef("https://registry.example.org/hr/id/territory/pt/lisboa")
    ds = Dataset()
    first = ds.graph(URIRef("https://registry.example.org/hr/graph/en/lisbon"))
    for t in registry:
        first.add(t)
    second = ds.graph(URIRef("https://registry.example.org/hr/graph/pt/lisboa"))
    for t in registry.triples((city, None, None)):
        second.add(t)
    second.remove((city, HRG.joinedYear, None))
    second.add((city, HRG.joinedYear, Literal(2024)))
    data = tmp_path / "editions.trig"
    ds.serialize(data, format="trig")

    report = validate_files([data], shapes, ONTOLOGY)
    assert keys(report.results) == keys(reference(load_files([data], ONTOLOGY), shapes, ontology))
    (two,) = report.results
    assert two.shape.endswith("#Member-joinedYear-single>") and two.scope == "cross"
    assert {loc.graph for loc in two.locations} == {str(first.identifier), str(second.identifier)}
    # each location is the joining-year line inside its own graph's block
    lines = data.read_text(encoding="utf-8").splitlines()
    for loc in two.locations:
        assert loc.file.endswith("editions.trig")
        block = next(n for n, line in enumerate(lines, 1) if line.startswith(f"<{loc.graph}>"))
        end = next(n for n, line in enumerate(lines, 1) if n > block and line == "}")
        assert block < loc.line < end and "joinedYear" in lines[loc.line - 1]
    assert run_validate(data).exit_code == 0
    assert run_validate(data, "--fail-on", "warning").exit_code == 1


def test_blank_node_focus_nodes_keep_their_names(tmp_path, shapes, ontology):
    """The engine renames blank nodes; results still name ours, and their file."""
    from hrgraph.validate import report_for
    from hrgraph.validate.inputs import load_files

    data = tmp_path / "blank.ttl"
    data.write_text(
        "@prefix hrg: <https://w3id.org/hrgraph/ontology#> .\n"
        "<https://registry.example.org/hr/id/x> hrg:memberOf _:first .\n"
        "_:first a hrg:Territory .\n_:second a hrg:Territory .\n",
        encoding="utf-8",
    )
    loaded = load_files([data], ONTOLOGY)  # one parse: the same blank nodes for both
    report = report_for(loaded, shapes)
    assert keys(report.results) == keys(reference(loaded, shapes, ontology))
    blank = [r for r in report.results if r.focus.startswith("_:")]
    assert len({r.focus for r in blank}) == 2
    assert all(r.location.file.endswith("blank.ttl") and r.scope == "graph" for r in blank)
