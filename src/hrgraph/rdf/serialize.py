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
from functools import cache
from json.encoder import encode_basestring as _json_string  # C; keeps UTF-8 as is
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


@cache  # a dump names the same few thousand IRIs over and over
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


def _dump_nodes(triples: list[ox.Triple]) -> list[dict]:
    """The compacted nodes of sorted, distinct triples, built directly: the nodes
    :func:`jsonld_document` gets from pyoxigraph's expanded JSON-LD (one per run of a
    subject, values in order), without writing and reading that JSON back."""
    nodes: list[dict] = []
    node: dict = {}
    subject = None
    rdf_type = str(RDF.type)
    for t in triples:
        if t.subject != subject:
            subject = t.subject
            node = {"@id": _compact_iri(subject.value)}
            nodes.append(node)
        o = t.object
        if t.predicate.value == rdf_type:
            node.setdefault("@type", []).append(_compact_iri(o.value))
            continue
        if isinstance(o, ox.NamedNode):
            value = {"@id": _compact_iri(o.value)}
        elif o.language:
            value = {"@language": o.language, "@value": o.value}
        elif o.datatype.value == _XSD_STRING:
            value = o.value
        else:
            value = {"@type": _compact_iri(o.datatype.value), "@value": o.value}
        node.setdefault(_compact_iri(t.predicate.value), []).append(value)
    for node in nodes:
        for key, values in node.items():
            if key != "@id" and len(values) == 1:
                node[key] = values[0]
    return nodes


_XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"


def _json_text(value, out: list[str], indent: str) -> None:
    """``json.dumps(value, indent=1, sort_keys=True, ensure_ascii=False)``, piece by
    piece into ``out``: the same bytes, without the generic encoder's pure-Python path
    that any ``indent`` forces."""
    if isinstance(value, str):
        out.append(_json_string(value))
    elif isinstance(value, dict):
        if not value:
            out.append("{}")
            return
        inner = indent + " "
        out.append("{\n" + inner)
        first = True
        for key in sorted(value):
            if not first:
                out.append(",\n" + inner)
            first = False
            out.append(_json_string(key) + ": ")
            _json_text(value[key], out, inner)
        out.append("\n" + indent + "}")
    elif isinstance(value, list):
        if not value:
            out.append("[]")
            return
        inner = indent + " "
        out.append("[\n" + inner)
        for n, item in enumerate(value):
            if n:
                out.append(",\n" + inner)
            _json_text(item, out, inner)
        out.append("\n" + indent + "]")
    else:
        out.append(json.dumps(value))


def write_jsonld(triples: list[ox.Triple], path: Path) -> None:
    """The JSON-LD dump of sorted, distinct triples: the bytes of
    ``json.dumps(jsonld_document(triples), indent=1, ensure_ascii=False, sort_keys=True)``."""
    out: list[str] = []
    _json_text({**jsonld_context(), "@graph": _dump_nodes(triples)}, out, "")
    path.write_text("".join(out) + "\n", encoding="utf-8")


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
