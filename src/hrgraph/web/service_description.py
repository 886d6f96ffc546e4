"""The SPARQL 1.1 Service Description of the endpoint (answer to a GET without query).

It tells a client what it may ask: the endpoint's address, the query language, the
result formats, that the default graph is the merge of the named graphs, and which
named graphs exist with their sizes. It is made once per release and worker.
"""

from __future__ import annotations

import pyoxigraph as ox
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, RDF, RDFS, VOID, XSD

from hrgraph.rdf.namespaces import SD, bind_prefixes

FORMATS = "http://www.w3.org/ns/formats/"
# media type -> W3C format IRI (https://www.w3.org/ns/formats/)
FORMAT_IRIS = {
    "application/sparql-results+json": FORMATS + "SPARQL_Results_JSON",
    "application/sparql-results+xml": FORMATS + "SPARQL_Results_XML",
    "text/csv": FORMATS + "SPARQL_Results_CSV",
    "text/tab-separated-values": FORMATS + "SPARQL_Results_TSV",
    "text/turtle": FORMATS + "Turtle",
    "application/n-triples": FORMATS + "N-Triples",
    "application/rdf+xml": FORMATS + "RDF_XML",
    "application/ld+json": FORMATS + "JSON-LD",
    "application/trig": FORMATS + "TriG",
    "application/n-quads": FORMATS + "N-Quads",
}
# Formats the description itself is offered in: media type -> rdflib format name.
DESCRIPTION_FORMATS = {
    "text/turtle": "turtle",
    "application/rdf+xml": "xml",
    "application/ld+json": "json-ld",
    "application/n-triples": "nt",
}

_GRAPH_SIZES = "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g ORDER BY ?g"
_DEFAULT_SIZE = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"


def graph_sizes(store: ox.Store) -> tuple[list[tuple[str, int]], int]:
    """(named graph IRI, triples) for each named graph, and the default graph's triples."""
    sizes = [(s["g"].value, int(s["n"].value)) for s in store.query(_GRAPH_SIZES)]
    return sizes, int(next(store.query(_DEFAULT_SIZE))["n"].value)


def describe(
    endpoint: str,
    sizes: list[tuple[str, int]],
    default_triples: int,
    *,
    federation: bool = False,
    title: str = "hrgraph SPARQL endpoint",
) -> Graph:
    g = Graph()
    bind_prefixes(g)
    g.bind("sd", SD)
    service, dataset, default = BNode("service"), BNode("dataset"), BNode("defaultGraph")
    g.add((service, RDF.type, SD.Service))
    g.add((service, SD.endpoint, URIRef(endpoint)))
    g.add((service, DCTERMS.title, Literal(title, lang="en")))
    g.add((service, SD.supportedLanguage, SD.SPARQL11Query))
    g.add((service, SD.feature, SD.UnionDefaultGraph))
    if federation:
        g.add((service, SD.feature, SD.BasicFederatedQuery))
    for iri in FORMAT_IRIS.values():
        g.add((service, SD.resultFormat, URIRef(iri)))
    g.add((service, SD.defaultDataset, dataset))
    g.add((dataset, RDF.type, SD.Dataset))
    g.add((dataset, SD.defaultGraph, default))
    g.add((default, RDF.type, SD.Graph))
    g.add(
        (
            default,
            RDFS.comment,
            Literal("The merge of all named graphs, made when the graph was built.", lang="en"),
        )
    )
    g.add((default, VOID.triples, Literal(default_triples, datatype=XSD.integer)))
    for name, count in sizes:
        named, graph = BNode(), BNode()
        g.add((dataset, SD.namedGraph, named))
        g.add((named, RDF.type, SD.NamedGraph))
        g.add((named, SD.name, URIRef(name)))
        g.add((named, SD.graph, graph))
        g.add((graph, RDF.type, SD.Graph))
        g.add((graph, VOID.triples, Literal(count, datatype=XSD.integer)))
    return g


def serialize(graph: Graph, media_type: str) -> bytes:
    return graph.serialize(format=DESCRIPTION_FORMATS[media_type], encoding="utf-8")
