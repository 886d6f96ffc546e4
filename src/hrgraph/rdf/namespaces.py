"""Every namespace hrgraph uses, defined once.

The ontology and the vocabularies have fixed, versioned IRIs that do not move with a
deployment's base URI; data URIs are minted under the configured base (see uris.py).
"""

from rdflib import Namespace
from rdflib.namespace import (
    DCAT,
    DCTERMS,
    FOAF,
    ORG,
    OWL,
    PROV,
    RDF,
    RDFS,
    SKOS,
    TIME,
    VOID,
    XSD,
)

# The project's fixed root: the ontology, vocabularies and shapes live under it, and it
# is the default base of data URIs too (settings.base_uri may move those, not these).
ROOT = "https://w3id.org/hrgraph/"
HRG = Namespace(ROOT + "ontology#")
ONTOLOGY = ROOT + "ontology"
SHAPES = Namespace(ROOT + "shapes#")
ONTOLOGY_VERSION = "0.1.0"
VOCAB = Namespace(ROOT + "vocab/")
THEMES = Namespace(VOCAB + "themes/")
REGIONS = Namespace(VOCAB + "regions/")
GOVERNMENT_TYPES = Namespace(VOCAB + "government-types/")
POPULATION_RANGES = Namespace(VOCAB + "population-ranges/")
MEMBER_TYPES = Namespace(VOCAB + "member-types/")
COUNTRIES = Namespace(VOCAB + "countries/")
SCHEMA = Namespace("http://schema.org/")
SDG = Namespace("http://metadata.un.org/sdg/")
EU_COUNTRY = Namespace("http://publications.europa.eu/resource/authority/country/")
WD = Namespace("http://www.wikidata.org/entity/")
GEONAMES = Namespace("http://sws.geonames.org/")
SH = Namespace("http://www.w3.org/ns/shacl#")
SD = Namespace("http://www.w3.org/ns/sparql-service-description#")
SPDX = Namespace("http://spdx.org/rdf/terms#")

# Prefixes bound in every dump and offered to query writers, in this order.
PREFIXES: dict[str, str] = {
    "hrg": str(HRG),
    "theme": str(THEMES),
    "region": str(REGIONS),
    "govtype": str(GOVERNMENT_TYPES),
    "poprange": str(POPULATION_RANGES),
    "membertype": str(MEMBER_TYPES),
    "country": str(COUNTRIES),
    "schema": str(SCHEMA),
    "org": str(ORG),
    "time": str(TIME),
    "prov": str(PROV),
    "skos": str(SKOS),
    "dct": str(DCTERMS),
    "dcat": str(DCAT),
    "foaf": str(FOAF),
    "void": str(VOID),
    "owl": str(OWL),
    "rdf": str(RDF),
    "rdfs": str(RDFS),
    "xsd": str(XSD),
    "sdg": str(SDG),
    "wd": str(WD),
    "sh": str(SH),
    "sd": str(SD),
    "spdx": str(SPDX),
}


__all__ = [
    "COUNTRIES", "DCAT", "DCTERMS", "EU_COUNTRY", "FOAF", "GEONAMES", "GOVERNMENT_TYPES", "HRG",
    "MEMBER_TYPES", "ONTOLOGY", "ONTOLOGY_VERSION", "ORG", "OWL", "POPULATION_RANGES",
    "PREFIXES", "PROV", "RDF", "RDFS", "REGIONS", "ROOT", "SCHEMA", "SD", "SDG", "SH",
    "SHAPES", "SKOS", "SPDX",
    "THEMES", "TIME", "VOCAB", "VOID", "WD", "XSD",
]  # fmt: skip


def bind_prefixes(graph) -> None:
    for prefix, iri in PREFIXES.items():
        graph.bind(prefix, iri, override=True, replace=True)


def curie(iri: str, prefixes: dict[str, str] = PREFIXES) -> str | None:
    """``hrg:Member`` for an IRI in one of our namespaces (a simple local name), else None."""
    for prefix, ns in prefixes.items():
        if iri.startswith(ns) and len(iri) > len(ns) and "/" not in iri[len(ns) :]:
            return f"{prefix}:{iri[len(ns) :]}"
    return None


def sparql_prologue() -> str:
    return "".join(f"PREFIX {p}: <{iri}>\n" for p, iri in PREFIXES.items())
