"""The description of a resource: the one set of triples its RDF and its page are made of.

Everything here reads the store's default graph (the merge of all pages) through
pyoxigraph's quad index, faster than SPARQL for one-resource lookups. A named graph's
IRI (ontology, vocabulary, profile page) stands for the graph's content; any other
resource for its own triples and those of the resources minted below its IRI.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

import pyoxigraph as ox

DEFAULT = ox.DefaultGraph()


def N(iri) -> ox.NamedNode:  # noqa: N802 - reads like the RDF term it builds
    return ox.NamedNode(str(iri))


@dataclass(frozen=True)
class Description:
    iri: str
    triples: list[ox.Triple]
    is_graph: bool = False  # the IRI names a graph: these are its contents


def outgoing(store: ox.Store, iri: str) -> dict[str, list]:
    """predicate IRI -> objects, for one subject."""
    found: dict[str, list] = defaultdict(list)
    for q in store.quads_for_pattern(N(iri), None, None, DEFAULT):
        found[q.predicate.value].append(q.object)
    return found


def exists(store: ox.Store, iri: str) -> bool:
    """The store knows the IRI: as a subject, an object or a named graph."""
    node = N(iri)
    for _ in store.quads_for_pattern(node, None, None, DEFAULT):
        return True
    for _ in store.quads_for_pattern(None, None, node, DEFAULT):
        return True
    return store.contains_named_graph(node)


def describe(store: ox.Store, iri: str) -> Description:
    """A graph's contents, or the resource's triples and those of resources minted below
    its IRI (figures, intervals, vision answers), so one document tells the whole story."""
    node = N(iri)
    if store.contains_named_graph(node):
        quads = store.quads_for_pattern(None, None, None, node)
        triples = sorted((ox.Triple(q.subject, q.predicate, q.object) for q in quads), key=str)
        return Description(iri, triples, is_graph=True)
    triples, todo, seen = [], [iri], set()
    while todo:
        current = todo.pop()
        if current in seen:
            continue
        seen.add(current)
        for q in store.quads_for_pattern(N(current), None, None, DEFAULT):
            triples.append(ox.Triple(q.subject, q.predicate, q.object))
            o = q.object
            if isinstance(o, ox.NamedNode) and o.value.startswith(iri + "/"):
                todo.append(o.value)
    triples.sort(key=lambda t: (t.subject.value, t.predicate.value, str(t.object)))
    return Description(iri, triples)


def types(description: Description) -> set[str]:
    """The rdf:type IRIs the description gives its resource."""
    rdf_type = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
    return {
        t.object.value
        for t in description.triples
        if t.subject.value == description.iri and t.predicate.value == rdf_type
    }


# What a link's label may be stated with, in the order pages prefer.
LABELS = (
    "http://www.w3.org/2000/01/rdf-schema#label",
    "http://www.w3.org/2004/02/skos/core#prefLabel",
    "http://schema.org/name",
    "http://purl.org/dc/terms/title",
)


def link_labels(store: ox.Store, description: Description) -> list[ox.Triple]:
    """The labels of the resources a description links to (but does not describe), so a
    client can render the links without a request per link."""
    described = {t.subject.value for t in description.triples}
    targets = sorted(
        {
            t.object.value
            for t in description.triples
            if isinstance(t.object, ox.NamedNode) and t.object.value not in described
        }
    )
    found = []
    for target in targets:
        for prop in LABELS:
            for q in store.quads_for_pattern(N(target), N(prop), None, DEFAULT):
                found.append(ox.Triple(q.subject, q.predicate, q.object))
    found.sort(key=lambda t: (t.subject.value, t.predicate.value, str(t.object)))
    return found
