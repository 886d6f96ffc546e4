"""The shapes file: standard SHACL, documented in three languages, in step with its sources."""

from importlib.resources import files

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF
from validate_support import ONTOLOGY, SHAPES, run_validate

from helpers import DATA, build_into
from hrgraph.rdf.namespaces import HRG, SH
from hrgraph.validate import isocodes

SHAPES_FILE = SHAPES / "hrgraph-shapes.ttl"
HRGSH = "https://w3id.org/hrgraph/shapes#"
LANGUAGES = {"en", "fr", "es"}


@pytest.fixture(scope="module")
def graph():
    return Graph().parse(SHAPES_FILE, format="turtle")


def named_shapes(graph):
    nodes = set(graph.subjects(RDF.type, SH.NodeShape)) | set(
        graph.subjects(RDF.type, SH.PropertyShape)
    )
    return sorted(n for n in nodes if isinstance(n, URIRef) and str(n).startswith(HRGSH))


def languages(graph, node, prop):
    return {o.language for o in graph.objects(node, prop) if isinstance(o, Literal)}


def test_every_shape_is_named_and_described_in_three_languages(graph):
    shapes = named_shapes(graph)
    assert len(shapes) > 60
    for node in shapes:
        assert languages(graph, node, SH.name) == LANGUAGES, node
        assert languages(graph, node, SH.description) == LANGUAGES, node


def test_every_rule_has_a_message_in_three_languages_and_a_severity(graph):
    helpers = {"InThemeScheme", "InRegionScheme", "InGovernmentTypeScheme",
               "InMemberTypeScheme", "InPopulationRangeScheme", "PopulationRangeShape"}  # fmt: skip
    for node in named_shapes(graph):
        if str(node).removeprefix(HRGSH) in helpers:
            continue
        assert languages(graph, node, SH.message) == LANGUAGES, node
        assert graph.value(node, SH.severity) in (SH.Violation, SH.Warning), node


def test_only_standard_shacl_terms(graph):
    """Every sh: term used is defined by the W3C SHACL vocabulary, so any engine reads it."""
    vocabulary = Graph().parse(files("pyshacl") / "assets" / "shacl.ttl", format="turtle")
    defined = {s for s in vocabulary.subjects() if str(s).startswith(str(SH))}
    used = {
        term
        for triple in graph
        for term in (triple[1], triple[2])
        if isinstance(term, URIRef) and str(term).startswith(str(SH))
    }
    assert used and used <= defined, used - defined


def test_sparql_only_where_core_cannot(graph):
    """Two SPARQL constraints: comparing a country IRI with a code, and arithmetic."""
    assert len(set(graph.objects(None, SH.sparql))) == 2


def test_generated_iso_block_is_up_to_date():
    text = SHAPES_FILE.read_text(encoding="utf-8")
    assert isocodes.render(text) == text, "run: python -m hrgraph.validate.isocodes"
    assert isocodes.main(["--check"]) == 0


def test_iso_lists_hold_every_assigned_code(graph):
    codes = set(isocodes.codes())
    assert {"FR", "MA", "KR", "CO", "SO"} <= codes and len(codes) >= 249
    listed = {
        str(item)
        for lst in graph.objects(URIRef(HRGSH + "Member-countryCode"), SH["in"])
        for item in graph.items(lst)
    }
    assert listed == codes


def test_joining_year_ends_with_the_campaign(graph):
    ontology = Graph().parse(ONTOLOGY / "hrgraph.ttl", format="turtle")
    end = ontology.value(HRG.HumanRightsCities2030, HRG.campaignEndYear)
    shape = URIRef(HRGSH + "Member-joinedYear")
    assert graph.value(shape, SH.maxInclusive) == Literal(int(end))
    assert graph.value(shape, SH.minInclusive) == Literal(2000)


def test_patterns_accept_any_base(tmp_path):
    """URIs minted under another deployment's base follow the documented patterns too."""
    report = build_into(tmp_path / "build", data=DATA, base_uri="http://registry.example.net/hr#")
    build = report.release.path.parent.parent
    result = run_validate("--build", build, "--fail-on", "warning")
    assert result.exit_code == 0, result.output
