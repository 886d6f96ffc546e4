"""Deterministic dumps: the same triples give the same bytes, every run, any hash seed.

Every dump is written by pyoxigraph's serialiser from sorted quads (or triples), so
the output depends on the statements alone, never on a store's iteration order. No
blank nodes are ever minted, so no random labels can creep in. JSON-LD is
pyoxigraph's (expanded) output compacted with the published context: every IRI in
one of our namespaces becomes its CURIE.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from pathlib import Path

import pyoxigraph as ox
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import RDF

from hrgraph import formats, release
from hrgraph.formats import Format
from hrgraph.rdf.namespaces import PREFIXES, curie

# Each page's named graph, with graph names: what the store's named graphs come from.
DATASET_DUMPS: tuple[Format, ...] = (formats.get("trig"), formats.get("nquads"))
# The merge of every graph, as plain triples: the default graph.
GRAPH_DUMPS: tuple[Format, ...] = (
    formats.get("turtle"),
    formats.get("ntriples"),
    formats.get("jsonld"),
)
DUMPS: tuple[Format, ...] = GRAPH_DUMPS + DATASET_DUMPS


class Converter:
    """rdflib terms -> pyoxigraph terms, each converted once."""

    def __init__(self) -> None:
        self._cache: dict = {}

    def term(self, term):
        found = self._cache.get(term)
        if found is None:
            found = self._cache[term] = _convert(term)
        return found

    def triples(self, graph: Graph) -> list[ox.Triple]:
        t = self.term
        return sorted((ox.Triple(t(s), t(p), t(o)) for s, p, o in graph), key=_triple_key)

    def quads(self, graphs: dict[URIRef, Graph]) -> list[ox.Quad]:
        t = self.term
        quads = [
            ox.Quad(t(s), t(p), t(o), t(name))
            for name, graph in graphs.items()
            for s, p, o in graph
        ]
        return sorted(quads, key=_quad_key)


def _convert(term):
    if isinstance(term, URIRef):
        return ox.NamedNode(str(term))
    if isinstance(term, Literal):
        if term.language:
            return ox.Literal(str(term), language=term.language)
        if term.datatype is not None:
            return ox.Literal(str(term), datatype=ox.NamedNode(str(term.datatype)))
        return ox.Literal(str(term))
    if isinstance(term, BNode):
        raise ValueError(f"blank node {term.n3()}: every resource needs an IRI")
    raise TypeError(f"not an RDF term: {term!r}")


def _key(term) -> str:
    """IRIs by their text (so ``…/interval`` comes before ``…/interval/end``), literals
    by their N-Triples form (which starts with a quote: never equal to an IRI's key)."""
    return term.value if isinstance(term, ox.NamedNode) else str(term)


def _triple_key(t: ox.Triple) -> tuple[str, str, str]:
    return _key(t.subject), _key(t.predicate), _key(t.object)


def _quad_key(q: ox.Quad) -> tuple[str, str, str, str]:
    return _key(q.graph_name), _key(q.subject), _key(q.predicate), _key(q.object)


def jsonld_context() -> dict:
    """The published JSON-LD context: our prefixes, so compact IRIs read like Turtle."""
    return {"@context": dict(PREFIXES)}


def _compact_iri(iri: str) -> str:
    return curie(iri) or iri


def _compact_value(value: dict):
    if "@id" in value:
        return {"@id": _compact_iri(value["@id"])}
    if set(value) == {"@value"}:
        return value["@value"]  # a plain string
    if "@type" in value:
        return {**value, "@type": _compact_iri(value["@type"])}
    return value


def _single(values: list):
    return values[0] if len(values) == 1 else values


def _compact_node(node: dict) -> dict:
    out: dict = {}
    for key, values in node.items():
        if key == "@id":
            out["@id"] = _compact_iri(values)
        elif key == str(RDF.type):
            out["@type"] = _single([_compact_iri(v["@id"]) for v in values])
        else:
            out[_compact_iri(key)] = _single([_compact_value(v) for v in values])
    return out


def jsonld_document(triples: list[ox.Triple], context_url: str | None = None) -> dict:
    """Compact JSON-LD of sorted triples, one node per subject: the published context
    inline, or referenced by its URL (where it is served) when ``context_url`` is given."""
    expanded = json.loads(ox.serialize(triples, format=ox.RdfFormat.JSON_LD))
    context = {"@context": context_url} if context_url else jsonld_context()
    return {**context, "@graph": [_compact_node(node) for node in expanded]}


def write_jsonld(triples: list[ox.Triple], path: Path) -> None:
    text = json.dumps(jsonld_document(triples), indent=1, ensure_ascii=False, sort_keys=True)
    path.write_text(text + "\n", encoding="utf-8")


def write(statements: Iterable, path: Path, fmt: Format) -> None:
    """Sorted triples or quads in one format (Turtle and TriG use our prefixes)."""
    if fmt.name == "jsonld":
        write_jsonld(list(statements), path)
    else:
        ox.serialize(statements, output=str(path), format=fmt.ox, prefixes=PREFIXES)


def write_graph(graph: Graph, path: Path, fmt: Format) -> Path:
    write(Converter().triples(graph), path, fmt)
    return path


def write_dumps(graphs: dict[URIRef, Graph], merged: Graph, out: Path, stem: str) -> list[Path]:
    """TriG and N-Quads of the named graphs; Turtle, N-Triples, JSON-LD of the merge;
    and the JSON-LD context."""
    out.mkdir(parents=True, exist_ok=True)
    convert = Converter()
    quads = convert.quads(graphs)
    triples = convert.triples(merged)
    written = []
    for fmt in DUMPS:
        path = out / release.dump_name(stem, fmt.suffix)
        write(quads if fmt in DATASET_DUMPS else triples, path, fmt)
        written.append(path)
    context = out / release.JSONLD_CONTEXT
    context.write_text(json.dumps(jsonld_context(), indent=2, sort_keys=True) + "\n", "utf-8")
    written.append(context)
    return written
