"""Exit code 2, with a message naming the culprit, whenever validation could not be done."""

import shutil
from pathlib import Path

import pytest
from validate_support import VALIDATE_FIXTURES, run_validate

REGISTRY = VALIDATE_FIXTURES / "registry.ttl"


def assert_failed(result, *names):
    assert result.exit_code == 2, result.output
    assert result.stdout == ""
    message = result.stderr
    assert message.startswith("error: ")
    for name in names:
        assert str(name) in message, message


def test_missing_data_file_names_the_file(tmp_path):
    missing = tmp_path / "nowhere.ttl"
    assert_failed(run_validate("--data", missing), missing, "cannot read")


def test_unparseable_data_file_names_the_file(tmp_path):
    bad = tmp_path / "broken.ttl"
    bad.write_text("<a> <b> this is not turtle .\n", encoding="utf-8")
    assert_failed(run_validate("--data", REGISTRY, "--data", bad), bad, "not valid turtle")


def test_binary_data_file_names_the_file(tmp_path):
    bad = tmp_path / "noise.nt"
    bad.write_bytes(bytes(range(256)) * 4)
    assert_failed(run_validate(bad), bad)


def test_an_iri_turtle_cannot_write_names_the_file_and_the_iri(tmp_path):
    """rdflib reads ``<http://ex/a{b}>`` from N-Triples; no report could write it."""
    bad = tmp_path / "braces.nt"
    bad.write_text('<http://ex/a{b}> <http://ex/p> "v" .\n', encoding="utf-8")
    assert_failed(run_validate("--data", bad), bad, "<http://ex/a{b}> is not an IRI")
    shapes = tmp_path / "shapes.nt"
    shapes.write_text(
        "<http://ex/S{1}> <http://www.w3.org/ns/shacl#targetNode> <http://ex/a> .\n",
        encoding="utf-8",
    )
    result = run_validate("--shapes", shapes, "--data", REGISTRY)
    assert_failed(result, shapes, "<http://ex/S{1}> is not an IRI")


def test_unknown_suffix_names_the_file(tmp_path):
    odd = tmp_path / "graph.txt"
    shutil.copy(REGISTRY, odd)
    assert_failed(run_validate("--data", odd), odd, "suffix")


def test_directory_given_as_data_is_a_usage_error(tmp_path):
    result = run_validate("--data", tmp_path)
    assert result.exit_code == 2 and str(tmp_path) in result.output


def test_bad_usage_is_exit_2():
    assert run_validate("--format", "xml").exit_code == 2
    assert run_validate("--fail-on", "error").exit_code == 2
    assert run_validate("--inference", "owl").exit_code == 2


def test_no_build_is_exit_2(tmp_path):
    assert_failed(run_validate("--build", tmp_path / "empty"), "no build here")


def test_corrupted_dump_names_the_dump(tmp_path, clean_build):
    out = tmp_path / "build"
    release = (clean_build / "current").resolve()
    shutil.copytree(release, out / "releases" / release.name)
    (out / "current").symlink_to(Path("releases") / release.name)
    dump = out / "current" / "dumps" / "hrgraph.trig"
    dump.write_text(dump.read_text("utf-8")[:5000] + "\n<unterminated", "utf-8")
    assert_failed(run_validate("--build", out), "hrgraph.trig")


UNUSABLE_SHAPES = {
    "unparseable.ttl": "@prefix sh: <http://www.w3.org/ns/shacl#> .\nsh:NodeShape sh:x [ .",
    "no-shapes.ttl": "@prefix ex: <http://example.org/> .\nex:a ex:b ex:c .",
    "bad-count.ttl": """@prefix sh: <http://www.w3.org/ns/shacl#> .
@prefix hrg: <https://w3id.org/hrgraph/ontology#> .
<http://example.org/S> a sh:NodeShape ; sh:targetClass hrg:Member ;
    sh:property [ sh:path hrg:region ; sh:minCount "one" ] .""",
    "bad-sparql.ttl": """@prefix sh: <http://www.w3.org/ns/shacl#> .
@prefix hrg: <https://w3id.org/hrgraph/ontology#> .
<http://example.org/S> a sh:NodeShape ; sh:targetClass hrg:Member ;
    sh:sparql [ sh:select "SELECT $this WHERE { $this ?p ?o . FILTER( }" ] .""",
    "dangling.ttl": """@prefix sh: <http://www.w3.org/ns/shacl#> .
@prefix hrg: <https://w3id.org/hrgraph/ontology#> .
<http://example.org/S> a sh:NodeShape ; sh:targetClass hrg:Member ;
    sh:property <http://example.org/Missing> .""",
}


@pytest.mark.parametrize("name", sorted(UNUSABLE_SHAPES))
def test_unusable_shapes_are_exit_2_naming_the_file(tmp_path, name):
    shapes = tmp_path / name
    shapes.write_text(UNUSABLE_SHAPES[name], encoding="utf-8")
    assert_failed(run_validate("--shapes", shapes, "--data", REGISTRY), shapes)


def test_missing_shapes_folder(tmp_path):
    assert_failed(run_validate("--shapes", tmp_path / "none", "--data", REGISTRY), "none")


def test_unwritable_output_is_exit_2(tmp_path):
    target = tmp_path / "no-such-folder" / "report.json"
    result = run_validate("--data", REGISTRY, "--output", target)
    assert_failed(result, target)
