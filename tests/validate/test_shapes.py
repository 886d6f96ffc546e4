"""The shapes file: standard SHACL, documented in three languages, in step with its sources."""

import re
from importlib.resources import files

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF
from validate_support import ONTOLOGY, SHAPES, run_validate

from helpers import DATA, build_into
from hrgraph.campaign import JOINED_MAX, JOINED_MIN
from hrgraph.languages import LANGUAGES as CAMPAIGN_LANGUAGES
from hrgraph.rdf.namespaces import HRG, SH
from hrgraph.validate import generated

SHAPES_FILE = SHAPES / "hrgraph-shapes.ttl"
HRGSH = "https://w3id.org/hrgraph/shapes#"
LANGUAGES = set(CAMPAIGN_LANGUAGES)


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


def test_generated_blocks_are_up_to_date():
    text = SHAPES_FILE.read_text(encoding="utf-8")
    owned_here = [name for name in generated.BLOCKS if name != "ISO 3166-1"]
    assert generated.render(text, owned_here) == text, "run: python -m hrgraph.validate.generated"


def iso_block_version() -> str:
    block = generated.recorded(SHAPES_FILE.read_text(encoding="utf-8"), "ISO 3166-1")
    return re.search(r"pycountry (\S+)\.$", block.splitlines()[0]).group(1)


# pycountry is not pinned: the reader should recognise a country as soon as a pycountry
# release assigns it, and pinning would hold every user to our release of its data. So a
# new pycountry alone must not fail the suite with no change of ours: the ISO block
# records the pycountry version it was generated from, and is compared with pycountry
# only when that same version is installed (regenerating the block updates both).
def test_generated_iso_block_is_up_to_date():
    recorded, installed = iso_block_version(), generated.pycountry_version()
    if recorded != installed:
        pytest.skip(f"ISO block from pycountry {recorded}, {installed} installed")
    text = SHAPES_FILE.read_text(encoding="utf-8")
    assert generated.render(text, ["ISO 3166-1"]) == text, (
        "run: python -m hrgraph.validate.generated"
    )


def test_iso_lists_hold_the_assigned_codes(graph):
    listed = {
        str(item)
        for lst in graph.objects(URIRef(HRGSH + "Member-countryCode"), SH["in"])
        for item in graph.items(lst)
    }
    assert {"FR", "MA", "KR", "CO", "SO"} <= listed and len(listed) >= 249
    if iso_block_version() == generated.pycountry_version():
        assert listed == set(generated.codes())


def test_languages_come_from_hrgraph_languages(graph):
    expected = [Literal(lang) for lang in CAMPAIGN_LANGUAGES]
    for param in (SH.languageIn, SH["in"]):
        for shape, lst in graph.subject_objects(param):
            if shape in (URIRef(HRGSH + "Member-countryCode"), URIRef(HRGSH + "Member-country")):
                continue
            assert list(graph.items(lst)) == expected, shape
    assert len(set(graph.subjects(SH.languageIn, None))) == len(generated.LANGUAGE_SHAPES) - 1


def test_joining_year_bounds_come_from_the_campaign(graph):
    ontology = Graph().parse(ONTOLOGY / "hrgraph.ttl", format="turtle")
    end = ontology.value(HRG.HumanRightsCities2030, HRG.campaignEndYear)
    shape = URIRef(HRGSH + "Member-joinedYear")
    assert graph.value(shape, SH.minInclusive) == Literal(JOINED_MIN)
    assert graph.value(shape, SH.maxInclusive) == Literal(JOINED_MAX) == Literal(int(end))
    for message in graph.objects(shape, SH.message):
        assert str(JOINED_MIN) in message and str(JOINED_MAX) in message


def test_patterns_accept_any_base(tmp_path):
    """URIs minted under another deployment's base follow the documented patterns too."""
    report = build_into(tmp_path / "build", data=DATA, base_uri="http://registry.example.net/hr#")
    build = report.release.path.parent.parent
    result = run_validate("--build", build, "--fail-on", "warning", "--no-findings")
    assert result.exit_code == 0, result.output
