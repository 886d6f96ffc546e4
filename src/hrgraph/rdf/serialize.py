"""Deterministic dumps: the same triples give the same bytes, every run, any hash seed.

Every dump is written by pyoxigraph's serialiser from sorted quads (or triples), so
the output depends on the statements alone, never on a store's iteration order. No
blank nodes are ever minted, so no random labels can creep in. JSON-LD is
pyoxigraph's (expanded) output compacted with the published context: every IRI in
one of our namespaces becomes its CURIE.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
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
    """rdflib terms -> pyoxigraph terms, each converted once, with its sort key and
    its JSON-LD value (see :func:`_entry`)."""

    def __init__(self) -> None:
        self._cache: dict = {}

    def term(self, term):
        return self.entry(term)[0]

    def entry(self, term) -> tuple:
        found = self._cache.get(term)
        if found is None:
            found = self._cache[term] = _entry(_convert(term))
        return found

    def rows(self, triples: Iterable[tuple]) -> list[tuple]:
        """Triples as sorted rows of entries: what the dumps are written from."""
        cache, entry = self._cache, self.entry
        rows = [
            (
                cache.get(s) or entry(s),
                cache.get(p) or entry(p),
                cache.get(o) or entry(o),
            )
            for s, p, o in triples
        ]
        rows.sort(key=_row_key)
        return rows

    def triples(self, graph: Graph) -> list[ox.Triple]:
        return list(_triples(self.rows(graph)))

    def quads(self, graphs: dict[URIRef, Graph]) -> list[ox.Quad]:
        return list(_quads(self.graph_rows(graphs)))

    def graph_rows(self, graphs: dict) -> list[tuple]:
        """(graph entry, its sorted rows) for every graph, in the order of their names:
        the order of sorted quads, each graph sorted on its own."""
        named = sorted(
            ((self.entry(name), graph) for name, graph in graphs.items()), key=_first_key
        )
        return [(name, self.rows(graph)) for name, graph in named]


def _first_key(pair: tuple) -> str:
    return pair[0][1]


def _row_key(row: tuple) -> tuple[str, str, str]:
    return row[0][1], row[1][1], row[2][1]


def _triples(rows: list[tuple]) -> Iterable[ox.Triple]:
    triple = ox.Triple
    for s, p, o in rows:
        yield triple(s[0], p[0], o[0])


def _quads(graph_rows: list[tuple]) -> Iterable[ox.Quad]:
    quad = ox.Quad
    for name, rows in graph_rows:
        g = name[0]
        for s, p, o in rows:
            yield quad(s[0], p[0], o[0], g)


def _entry(term) -> tuple:
    """(pyoxigraph term, sort key, compacted IRI or None, JSON-LD value). The key puts
    IRIs in the order of their text (so ``…/interval`` comes before ``…/interval/end``)
    and literals by their N-Triples form (which starts with a quote: never equal to an
    IRI's key)."""
    if isinstance(term, ox.NamedNode):
        iri = _compact_iri(term.value)
        return term, term.value, iri, {"@id": iri}
    if term.language:
        value = {"@language": term.language, "@value": term.value}
    elif term.datatype.value == _XSD_STRING:
        value = term.value
    else:
        value = {"@type": _compact_iri(term.datatype.value), "@value": term.value}
    return term, str(term), None, value


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


def _row_nodes(rows: Iterable[tuple]) -> Iterable[dict]:
    """The compacted nodes of sorted, distinct rows of entries, one at a time: the
    nodes :func:`jsonld_document` gets from pyoxigraph's expanded JSON-LD (one per run
    of a subject, values in order), without writing and reading that JSON back."""
    rdf_type = str(RDF.type)
    node: dict | None = None
    subject = None
    for s, p, o in rows:
        if s[1] != subject:
            if node is not None:
                yield _single_values(node)
            subject = s[1]
            node = {"@id": s[2]}
        if p[1] == rdf_type:
            node.setdefault("@type", []).append(o[2] or _compact_iri(o[0].value))
        else:
            node.setdefault(p[2], []).append(o[3])
    if node is not None:
        yield _single_values(node)


def _single_values(node: dict) -> dict:
    for key, values in node.items():
        if key != "@id" and len(values) == 1:
            node[key] = values[0]
    return node


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
    _write_jsonld_rows(
        ((_entry(t.subject), _entry(t.predicate), _entry(t.object)) for t in triples), path
    )


def _write_jsonld_rows(rows: Iterable[tuple], path: Path) -> None:
    """:func:`write_jsonld` from rows of entries, written node by node (a dump of a
    million triples is never held as one document)."""
    head: list[str] = []
    _json_text(jsonld_context()["@context"], head, " ")
    with path.open("w", encoding="utf-8") as f:
        f.write('{\n "@context": ' + "".join(head) + ',\n "@graph": ')
        separator = "[\n  "
        for node in _row_nodes(rows):
            out = [separator]
            _json_text(node, out, "  ")
            f.write("".join(out))
            separator = ",\n  "
        f.write("[]\n}\n" if separator == "[\n  " else "\n ]\n}\n")


def write(statements: Iterable, path: Path, fmt: Format) -> None:
    """Sorted triples or quads in one format (Turtle and TriG use our prefixes)."""
    if fmt.name == "jsonld":
        write_jsonld(list(statements), path)
    else:
        ox.serialize(statements, output=str(path), format=fmt.ox, prefixes=PREFIXES)


def write_graph(graph: Graph, path: Path, fmt: Format) -> Path:
    write(Converter().triples(graph), path, fmt)
    return path


def write_dumps(
    graphs: dict[URIRef, Graph],
    merged: Graph,
    out: Path,
    stem: str,
    written: Callable[[Format, Path], None] | None = None,
) -> list[Path]:
    """TriG and N-Quads of the named graphs; Turtle, N-Triples, JSON-LD of the merge;
    and the JSON-LD context. Each dump is written from the same sorted rows, its
    statements made as the serialiser takes them (never a list of a million).

    ``written(fmt, path)`` is told of each dump as soon as it is complete; the line
    formats come first of each kind, so the store can load them while the others are
    written."""
    out.mkdir(parents=True, exist_ok=True)
    convert = Converter()
    paths = {fmt.name: out / release.dump_name(stem, fmt.suffix) for fmt in DUMPS}

    def write_each(kinds: tuple[Format, ...], rows: list, statements: Callable) -> None:
        for fmt in sorted(kinds, key=lambda f: not f.line_based):
            if fmt.name == "jsonld":
                _write_jsonld_rows(rows, paths[fmt.name])
            else:
                write(statements(rows), paths[fmt.name], fmt)
            if written is not None:
                written(fmt, paths[fmt.name])

    write_each(DATASET_DUMPS, convert.graph_rows(graphs), _quads)
    write_each(GRAPH_DUMPS, convert.rows(merged), _triples)
    context = out / release.JSONLD_CONTEXT
    context.write_text(json.dumps(jsonld_context(), indent=2, sort_keys=True) + "\n", "utf-8")
    return [*(paths[fmt.name] for fmt in DUMPS), context]
