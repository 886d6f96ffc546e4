"""The VoID / DCAT description of a build: counts, classes, graphs, distributions."""

from __future__ import annotations

import tomllib
from collections import Counter
from collections.abc import Collection
from pathlib import Path

from rdflib import Graph, Literal, URIRef

from hrgraph import release
from hrgraph.profile.model import ParseWarning
from hrgraph.rdf.namespaces import DCAT, DCTERMS, HRG, RDF, SD, VOID, XSD, bind_prefixes
from hrgraph.rdf.serialize import DUMPS
from hrgraph.rdf.uris import Minter

# the dumps a build writes, each a distribution
DISTRIBUTIONS = DUMPS
NO_LICENSE = ParseWarning(
    None,
    "no licence set: the dataset and its documents state none (dct:license); set `license` "
    "to the licence's IRI, e.g. https://creativecommons.org/licenses/by/4.0/",
    "license",
    "Reader-datasetLicence",
    'license = ""',
)


def read_metadata(path: Path) -> dict:
    if not path.exists():
        return {}
    with path.open("rb") as f:
        return tomllib.load(f)


def describe(
    merged: Collection[tuple],
    graphs: dict[URIRef, Collection[tuple]],
    minter: Minter,
    metadata: dict,
    stem: str,
    examples: list[URIRef],
) -> Graph:
    g = Graph()
    bind_prefixes(g)
    ds = minter.dataset()
    base = minter.base
    g.add((ds, RDF.type, VOID.Dataset))
    g.add((ds, RDF.type, DCAT.Dataset))
    for prop, key in ((DCTERMS.title, "title"), (DCTERMS.description, "description")):
        for lang, text in sorted((metadata.get(key) or {}).items()):
            g.add((ds, prop, Literal(text, lang=lang)))
    if metadata.get("license"):
        g.add((ds, DCTERMS.license, URIRef(metadata["license"])))
    if metadata.get("rights"):
        g.add((ds, DCTERMS.rights, Literal(metadata["rights"])))
    if metadata.get("publisher"):
        g.add((ds, DCTERMS.publisher, Literal(metadata["publisher"])))
    g.add((ds, VOID.uriSpace, Literal(base + "id/")))
    g.add((ds, VOID.sparqlEndpoint, URIRef(base + "sparql")))
    g.add((ds, VOID.vocabulary, URIRef(str(HRG))))
    subjects = {s for s, _, _ in merged}
    predicates = {p for _, p, _ in merged}
    g.add((ds, VOID.triples, Literal(len(merged), datatype=XSD.integer)))
    g.add((ds, VOID.distinctSubjects, Literal(len(subjects), datatype=XSD.integer)))
    g.add((ds, VOID.properties, Literal(len(predicates), datatype=XSD.integer)))
    for example in examples:
        g.add((ds, VOID.exampleResource, example))
    classes = Counter(o for _, p, o in merged if p == RDF.type and isinstance(o, URIRef))
    for cls, count in sorted(classes.items()):
        part = URIRef(f"{ds}/class/{_local(cls)}")
        g.add((ds, VOID.classPartition, part))
        g.add((part, VOID["class"], cls))
        g.add((part, VOID.entities, Literal(count, datatype=XSD.integer)))
    for name, graph in sorted(graphs.items()):
        sub = URIRef(f"{ds}/graph/{_local(name)}")
        g.add((ds, VOID.subset, sub))
        g.add((sub, RDF.type, VOID.Dataset))
        g.add((sub, SD.name, name))
        g.add((sub, VOID.triples, Literal(len(graph), datatype=XSD.integer)))
    for fmt in DISTRIBUTIONS:
        media, label = fmt.media_type, fmt.label
        url = URIRef(f"{base}{release.DUMPS}/{release.dump_name(stem, fmt.suffix)}")
        dist = URIRef(f"{ds}/distribution/{fmt.suffix}")
        g.add((ds, VOID.dataDump, url))
        g.add((ds, DCAT.distribution, dist))
        g.add((dist, RDF.type, DCAT.Distribution))
        g.add((dist, DCAT.downloadURL, url))
        g.add(
            (dist, DCAT.mediaType, URIRef(f"https://www.iana.org/assignments/media-types/{media}"))
        )
        g.add((dist, DCTERMS.title, Literal(f"{label} dump", lang="en")))
    return g


def _local(iri: URIRef) -> str:
    text = str(iri).rstrip("/#")
    return "-".join(text.replace("#", "/").split("/")[-2:])
