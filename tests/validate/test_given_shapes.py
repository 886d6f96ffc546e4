"""With ``--shapes``, only those shapes apply; an ontology and inference only when asked.

hrgraph's own shapes keep what they need (the ontology folder, RDFS inference); shapes
from elsewhere get neither unless ``--ontology`` and ``--inference`` ask for them.
"""

import json

import pytest
from validate_support import VALIDATE_FIXTURES, run_validate

REGISTRY = VALIDATE_FIXTURES / "registry.ttl"
PREFIXES = """\
@prefix ex: <http://example.org/zoo#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix sh: <http://www.w3.org/ns/shacl#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
"""
# every animal needs a name; every concept a note (hrgraph's vocabularies have none)
SHAPES = """
ex:Animal-name a sh:NodeShape ; sh:targetClass ex:Animal ;
    sh:property [ sh:path ex:name ; sh:minCount 1 ] .
ex:Concept-note a sh:NodeShape ; sh:targetClass skos:Concept ;
    sh:property [ sh:path skos:note ; sh:minCount 1 ] .
"""
# rex is a dog (an animal by the class hierarchy), tom has an owner (an animal by the
# property's domain: only RDFS inference says so)
DATA = "ex:rex a ex:Dog .\nex:tom ex:owner ex:bob .\n"
ONTOLOGY = "ex:Dog rdfs:subClassOf ex:Animal .\nex:owner rdfs:domain ex:Animal .\n"


@pytest.fixture
def zoo(tmp_path):
    files = {}
    for name, text in (("shapes", SHAPES), ("data", DATA), ("ontology", ONTOLOGY)):
        files[name] = tmp_path / f"{name}.ttl"
        files[name].write_text(PREFIXES + text, encoding="utf-8")
    return files


def focus_nodes(*args) -> tuple[int, list[str]]:
    result = run_validate(*map(str, args), "--format", "json")
    assert result.exit_code in (0, 1), result.stderr
    report = json.loads(result.stdout)
    return result.exit_code, sorted(r["focus"].rsplit("#", 1)[-1] for r in report["results"])


def test_given_shapes_get_no_ontology_and_no_inference(zoo):
    # hrgraph's vocabularies are not added: their concepts would lack a note
    assert focus_nodes("--shapes", zoo["shapes"], "--data", zoo["data"]) == (0, [])
    # RDFS inference alone has no ontology to draw on
    args = ("--shapes", zoo["shapes"], "--data", zoo["data"])
    assert focus_nodes(*args, "--inference", "rdfs") == (0, [])


def test_an_ontology_and_inference_when_asked(zoo):
    args = ("--shapes", zoo["shapes"], "--data", zoo["data"], "--ontology", zoo["ontology"])
    # the ontology is part of the data graph: its subclass is seen, without inference
    assert focus_nodes(*args) == (1, ["rex>"])
    assert focus_nodes(*args, "--inference", "none") == (1, ["rex>"])
    # RDFS inference adds what the property's domain says
    assert focus_nodes(*args, "--inference", "rdfs") == (1, ["rex>", "tom>"])


def test_an_ontology_folder_may_be_empty(zoo, tmp_path):
    empty = tmp_path / "empty"
    empty.mkdir()
    args = ("--shapes", zoo["shapes"], "--data", zoo["data"], "--ontology", empty)
    assert focus_nodes(*args, "--inference", "rdfs") == (0, [])
    # hrgraph's own shapes with an empty ontology folder: validated, not refused (and
    # without the vocabularies, the registry's concepts are in no scheme)
    result = run_validate(
        "--data", REGISTRY, "--format", "json", env={"HRGRAPH_ONTOLOGY_DIR": str(empty)}
    )
    assert result.exit_code == 1, result.stderr
    rules = {r["rule"] for r in json.loads(result.stdout)["results"]}
    assert {"hrgsh:Member-region", "hrgsh:Programme-theme"} <= rules


def test_a_missing_ontology_file_is_named(zoo, tmp_path):
    missing = tmp_path / "nowhere.ttl"
    result = run_validate("--shapes", zoo["shapes"], "--data", zoo["data"], "--ontology", missing)
    assert result.exit_code == 2 and result.stdout == ""
    assert result.stderr.startswith("error: ") and str(missing) in result.stderr


def test_hrgraph_shapes_keep_their_ontology_and_inference():
    """Without --shapes, the registry fixture conforms only with the vocabularies."""
    assert run_validate("--data", REGISTRY).exit_code == 0
