"""The SPARQL 1.1 Service Description of the endpoint (answer to a GET without query).

It tells a client what it may ask: the endpoint's address, the query language, the
result formats (their W3C IRIs, from :mod:`hrgraph.formats`), that the default graph
is the merge of the named graphs, and which named graphs exist with their sizes. The
sizes are counted once per release and process; a description once per address.
"""

from __future__ import annotations

import pyoxigraph as ox

from hrgraph import formats
from hrgraph.rdf.namespaces import DCTERMS, PREFIXES, RDF, RDFS, SD, VOID, XSD

# What the description itself is offered in (the RDF document formats).
OFFERED = formats.DOCUMENT_FORMATS
# Every format a result can come in, in the order the description lists them.
RESULT_FORMATS = formats.RESULTS_FORMATS + formats.RDF_FORMATS

_GRAPH_SIZES = "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g ORDER BY ?g"
_DEFAULT_SIZE = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"


def graph_sizes(store: ox.Store) -> tuple[list[tuple[str, int]], int]:
    """(named graph IRI, triples) for each named graph, and the default graph's triples."""
    sizes = [(s["g"].value, int(s["n"].value)) for s in store.query(_GRAPH_SIZES)]
    return sizes, int(next(store.query(_DEFAULT_SIZE))["n"].value)


def _n(iri) -> ox.NamedNode:
    return ox.NamedNode(str(iri))


def _count(n: int) -> ox.Literal:
    return ox.Literal(str(n), datatype=_n(XSD.integer))


def describe(
    endpoint: str,
    sizes: list[tuple[str, int]],
    default_triples: int,
    *,
    federation: bool = False,
    title: str = "hrgraph SPARQL endpoint",
) -> list[ox.Triple]:
    # Labelled blank nodes: every worker writes the same bytes under the same ETag.
    service, dataset, default = (
        ox.BlankNode("service"),
        ox.BlankNode("dataset"),
        ox.BlankNode("default"),
    )
    a = _n(RDF.type)
    t = [
        ox.Triple(service, a, _n(SD.Service)),
        ox.Triple(service, _n(SD.endpoint), ox.NamedNode(endpoint)),
        ox.Triple(service, _n(DCTERMS.title), ox.Literal(title, language="en")),
        ox.Triple(service, _n(SD.supportedLanguage), _n(SD.SPARQL11Query)),
        ox.Triple(service, _n(SD.feature), _n(SD.UnionDefaultGraph)),
    ]
    if federation:
        t.append(ox.Triple(service, _n(SD.feature), _n(SD.BasicFederatedQuery)))
    t += [ox.Triple(service, _n(SD.resultFormat), ox.NamedNode(f.iri)) for f in RESULT_FORMATS]
    comment = "The merge of all named graphs, made when the graph was built."
    t += [
        ox.Triple(service, _n(SD.defaultDataset), dataset),
        ox.Triple(dataset, a, _n(SD.Dataset)),
        ox.Triple(dataset, _n(SD.defaultGraph), default),
        ox.Triple(default, a, _n(SD.Graph)),
        ox.Triple(default, _n(RDFS.comment), ox.Literal(comment, language="en")),
        ox.Triple(default, _n(VOID.triples), _count(default_triples)),
    ]
    for number, (name, count) in enumerate(sizes, 1):
        named, graph = ox.BlankNode(f"named{number}"), ox.BlankNode(f"graph{number}")
        t += [
            ox.Triple(dataset, _n(SD.namedGraph), named),
            ox.Triple(named, a, _n(SD.NamedGraph)),
            ox.Triple(named, _n(SD.name), ox.NamedNode(name)),
            ox.Triple(named, _n(SD.graph), graph),
            ox.Triple(graph, a, _n(SD.Graph)),
            ox.Triple(graph, _n(VOID.triples), _count(count)),
        ]
    return t


def serialize(triples: list[ox.Triple], media_type: str) -> bytes:
    rdf = formats.for_media_type(media_type, OFFERED)
    return ox.serialize(triples, format=rdf.ox, prefixes=dict(PREFIXES))
