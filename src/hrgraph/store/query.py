"""Run SPARQL on the embedded store and write results in the standard formats.

The store's default graph is the merge of all named graphs (one per profile, plus
the ontology, vocabularies, provenance), built once at build time, so queries need no
GRAPH clause and a triple stated by two language editions counts once; ``GRAPH ?g``
still reaches each profile's own graph.

One writer serves the endpoint and ``hrgraph query``: :func:`take` reads a result (up
to a row limit, or whole), :func:`stream` writes it in a format named as in
:mod:`hrgraph.formats`. RDF goes through pyoxigraph's serializers; SPARQL results are
written here, piece by piece, because pyoxigraph serializes only a live
``QuerySolutions``, not the capped list the endpoint holds. They give the same bytes as
pyoxigraph's own ``QuerySolutions.serialize`` (the tests compare them), except CSV
cells holding a triple term, which are quoted whole.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from itertools import islice
from json.encoder import encode_basestring as _json_str  # C-accelerated; keeps UTF-8 as is
from xml.sax.saxutils import escape as _xml_escape

import pyoxigraph as ox

from hrgraph import formats
from hrgraph.rdf.namespaces import PREFIXES

KIND_LABELS = {"select": "SELECT", "ask": "ASK", "graph": "CONSTRUCT/DESCRIBE"}


def formats_for(kind: str) -> list[str]:
    """Names of the formats a result of ``kind`` ("select", "ask", "graph") fits."""
    return formats.names(formats.TRIPLE_FORMATS if kind == "graph" else formats.RESULTS_FORMATS)


def check_format(kind: str, name: str) -> None:
    """A QueryError saying which formats fit, unless ``name`` fits a ``kind`` result."""
    fitting = formats_for(kind)
    if name not in fitting:
        raise QueryError(
            f"format {name!r} does not fit a {KIND_LABELS[kind]} result "
            f"(use one of: {', '.join(fitting)})"
        )


class QueryError(ValueError):
    """The query text is not valid SPARQL (message says where)."""


@dataclass
class Result:
    kind: str  # "select", "ask" or "graph"
    value: object  # QuerySolutions, QueryBoolean, or QueryTriples

    @property
    def variables(self) -> list[str]:
        return [v.value for v in self.value.variables] if self.kind == "select" else []


def prefixes_used(query: str) -> dict[str, str]:
    """The project's prefixes whose name the query text holds (``name:``): a prefixed
    name is spelt out, so none it uses is missed. pyoxigraph parses every prefix it is
    handed, which costs more than the parsing of a short query itself."""
    return {name: iri for name, iri in PREFIXES.items() if name + ":" in query}


def run(store: ox.Store, query: str, **options) -> Result:
    """Parse and run a query over the merged default graph (unless graphs are given)."""
    try:
        value = store.query(query, prefixes=prefixes_used(query), **options)
    except SyntaxError as e:
        raise QueryError(str(e)) from None
    if isinstance(value, ox.QuerySolutions):
        return Result("select", value)
    if isinstance(value, ox.QueryBoolean):
        return Result("ask", value)
    return Result("graph", value)


def term_text(term) -> str:
    if term is None:
        return ""
    return term.value


def rows(result: Result) -> list[dict[str, str]]:
    """SELECT solutions as plain dicts of strings (unbound variables are '')."""
    names = result.variables
    return [{n: term_text(s[n]) for n in names} for s in result.value]


def render_table(capped: Capped) -> str:
    """A plain-text table of SELECT solutions (``true``/``false`` for ASK)."""
    if capped.kind == "ask":
        return "true\n" if capped.boolean else "false\n"
    names = capped.variables
    data = [[term_text(t) for t in s] for s in capped.items]
    widths = [max([len(n), *(min(len(r[i]), 60) for r in data)]) for i, n in enumerate(names)]

    def line(cells):
        return " | ".join(c[:60].ljust(w) for c, w in zip(cells, widths, strict=True)).rstrip()

    out = [line(names), "-+-".join("-" * w for w in widths)]
    out += [line(r) for r in data]
    out.append(f"({len(data)} row{'s' if len(data) != 1 else ''})")
    return "\n".join(out) + "\n"


# Capped, streamed results -------------------------------------------------------------
#
# The endpoint must say in a header whether a result was cut at the row limit, and
# headers go before the body. So it reads at most ``max_rows + 1`` solutions (or
# triples) first; that is the only part held in memory, whatever the result's size.
# The serialization is then written out piece by piece as the client reads it.

XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
RDF_LANG_STRING = "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"
RDF_DIR_LANG_STRING = "http://www.w3.org/1999/02/22-rdf-syntax-ns#dirLangString"
CHUNK_ROWS = 256


@dataclass
class Capped:
    """At most ``max_rows`` solutions or triples of a result, and whether more existed."""

    kind: str  # "select", "ask" or "graph"
    variables: list[str]
    items: list
    truncated: bool = False
    boolean: bool | None = None


def take(result: Result, max_rows: int | None) -> Capped:
    """Evaluate ``result`` up to ``max_rows`` items (None: no limit)."""
    if result.kind == "ask":
        return Capped("ask", [], [], boolean=bool(result.value))
    if max_rows is None:
        return Capped(result.kind, result.variables, list(result.value))
    items = list(islice(result.value, max_rows + 1))
    truncated = len(items) > max_rows
    if truncated:
        del items[max_rows:]
    return Capped(result.kind, result.variables, items, truncated)


def stream(capped: Capped, name: str) -> Iterator[bytes]:
    """The serialization of ``capped`` in format ``name`` (a hrgraph.formats name), in
    pieces. A QueryError if the format does not fit the kind of result."""
    check_format(capped.kind, name)
    if capped.kind == "graph":
        return _stream_graph(capped.items, formats.get(name))
    return _RESULT_WRITERS[name](capped)


def _stream_graph(triples: list, fmt: formats.Format) -> Iterator[bytes]:
    rdf_format = fmt.ox
    if fmt.line_based:
        # Line formats: each batch is valid on its own, so the output really streams.
        for start in range(0, len(triples), CHUNK_ROWS * 4):
            yield ox.serialize(triples[start : start + CHUNK_ROWS * 4], None, rdf_format)
        return
    # Documents (Turtle, RDF/XML, JSON-LD, TriG) are written whole by pyoxigraph from
    # at most max_rows triples, then sent in pieces.
    data = ox.serialize(triples, None, rdf_format, prefixes=dict(PREFIXES))
    for start in range(0, len(data), 1 << 16):
        yield data[start : start + (1 << 16)]


def _chunks(capped: Capped, head: str, encode_row, sep: str, tail: str) -> Iterator[bytes]:
    yield head.encode()
    items = capped.items
    for start in range(0, len(items), CHUNK_ROWS):
        text = sep.join(encode_row(s) for s in items[start : start + CHUNK_ROWS])
        yield ((sep if start else "") + text).encode()
    yield tail.encode()


# JSON (https://www.w3.org/TR/sparql11-results-json/). Written as text directly: for
# the small results most queries have, this is the bulk of the endpoint's own work.


def _json_term(term) -> str:
    kind = type(term)
    if kind is ox.NamedNode:
        return '{"type":"uri","value":' + _json_str(term.value) + "}"
    if kind is ox.Literal:
        value = _json_str(term.value)
        if term.language:
            extra = ',"xml:lang":' + _json_str(term.language)
            direction = getattr(term, "direction", None)
            if direction is not None:
                extra += ',"its:dir":' + _json_str(direction.value)
            return '{"type":"literal","value":' + value + extra + "}"
        datatype = term.datatype.value
        if datatype == XSD_STRING:
            return '{"type":"literal","value":' + value + "}"
        return '{"type":"literal","value":' + value + ',"datatype":' + _json_str(datatype) + "}"
    if kind is ox.BlankNode:
        return '{"type":"bnode","value":' + _json_str(term.value) + "}"
    return (
        '{"type":"triple","value":{"subject":' + _json_term(term.subject)
        + ',"predicate":' + _json_term(term.predicate)
        + ',"object":' + _json_term(term.object) + "}}"
    )  # fmt: skip


# Terms written before, with their JSON: a quarter of the cost of writing one anew.
# The predicates of a lookup, a page's own terms, a polled query's answers come back
# request after request. Terms are values, so the cache outlives a release; it is
# emptied when it reaches JSON_CACHE_TERMS (about 15 MB).
JSON_CACHE_TERMS = 50_000
_JSON_TERMS: dict = {}


def _json_cached(term) -> str:
    text = _JSON_TERMS[term] = _json_term(term)
    if len(_JSON_TERMS) > JSON_CACHE_TERMS:
        _JSON_TERMS.clear()
    return text


def _write_json(capped: Capped) -> Iterator[bytes]:
    if capped.kind == "ask":
        yield b'{"head":{},"boolean":' + (b"true" if capped.boolean else b"false") + b"}"
        return
    names = capped.variables
    keys = [_json_str(n) + ":" for n in names]
    known, cached = _JSON_TERMS.get, _json_cached

    def row(solution) -> str:
        pairs = zip(keys, solution, strict=True)
        cells = [k + (known(t) or cached(t)) for k, t in pairs if t is not None]
        return "{" + ",".join(cells) + "}"

    head = (
        '{"head":{"vars":[' + ",".join(_json_str(n) for n in names) + ']},"results":{"bindings":['
    )
    yield from _chunks(capped, head, row, ",", "]}}")


# XML (https://www.w3.org/TR/rdf-sparql-XMLres/)


_XML_QUOTES = {'"': "&quot;", "'": "&apos;"}


def escape(text: str) -> str:
    """XML text or attribute value, escaped as pyoxigraph does (quotes too)."""
    return _xml_escape(text, _XML_QUOTES)


def quoteattr(text: str) -> str:
    return '"' + escape(text) + '"'


def _xml_term(term) -> str:
    if isinstance(term, ox.NamedNode):
        return f"<uri>{escape(term.value)}</uri>"
    if isinstance(term, ox.BlankNode):
        return f"<bnode>{escape(term.value)}</bnode>"
    if isinstance(term, ox.Literal):
        if term.language:
            attrs = f" xml:lang={quoteattr(term.language)}"
            direction = getattr(term, "direction", None)
            if direction is not None:
                attrs += f' its:dir="{direction.value}"'
        elif term.datatype.value != XSD_STRING:
            attrs = f" datatype={quoteattr(term.datatype.value)}"
        else:
            attrs = ""
        return f"<literal{attrs}>{escape(term.value)}</literal>"
    return (
        f"<triple><subject>{_xml_term(term.subject)}</subject>"
        f"<predicate>{_xml_term(term.predicate)}</predicate>"
        f"<object>{_xml_term(term.object)}</object></triple>"
    )


_XML_HEAD = '<?xml version="1.0"?><sparql xmlns="http://www.w3.org/2005/sparql-results#">'


def _write_xml(capped: Capped) -> Iterator[bytes]:
    if capped.kind == "ask":
        value = "true" if capped.boolean else "false"
        yield f"{_XML_HEAD}<head></head><boolean>{value}</boolean></sparql>".encode()
        return
    names = capped.variables
    attr_names = [quoteattr(n) for n in names]

    def row(solution) -> str:
        cells = "".join(
            f"<binding name={a}>{_xml_term(t)}</binding>"
            for a, t in zip(attr_names, solution, strict=True)
            if t is not None
        )
        return f"<result>{cells}</result>"

    head = "".join(f"<variable name={a}/>" for a in attr_names)
    yield from _chunks(
        capped, f"{_XML_HEAD}<head>{head}</head><results>", row, "", "</results></sparql>"
    )


# CSV and TSV (https://www.w3.org/TR/sparql11-results-csv-tsv/)


def _csv_term(term) -> str:
    if term is None:
        return ""
    if isinstance(term, ox.BlankNode):
        return f"_:{term.value}"
    if isinstance(term, ox.Triple):
        return " ".join(_csv_term(t) for t in (term.subject, term.predicate, term.object))
    return term.value


def _csv_cell(text: str) -> str:
    if any(c in text for c in ',"\r\n'):
        return '"' + text.replace('"', '""') + '"'
    return text


def _write_csv(capped: Capped) -> Iterator[bytes]:
    if capped.kind == "ask":
        yield b"true" if capped.boolean else b"false"
        return

    def row(solution) -> str:
        return ",".join(_csv_cell(_csv_term(t)) for t in solution) + "\r\n"

    head = ",".join(_csv_cell(n) for n in capped.variables) + "\r\n"
    yield from _chunks(capped, head, row, "", "")


# TSV writes RDF terms in Turtle syntax: numbers and booleans bare when their lexical
# form is Turtle's own, other literals quoted with only \\ " tab LF CR escaped.
_XSD = "http://www.w3.org/2001/XMLSchema#"
_BARE = {
    _XSD + "integer": re.compile(r"[+-]?[0-9]+"),
    _XSD + "decimal": re.compile(r"[+-]?[0-9]*\.[0-9]+"),
    _XSD + "double": re.compile(r"[+-]?([0-9]+\.[0-9]*|\.[0-9]+|[0-9]+)[eE][+-]?[0-9]+"),
    _XSD + "boolean": re.compile(r"true|false"),
}
_TSV_ESCAPES = str.maketrans({"\\": "\\\\", '"': '\\"', "\t": "\\t", "\n": "\\n", "\r": "\\r"})


def _tsv_term(term) -> str:
    if term is None:
        return ""
    kind = type(term)
    if kind is ox.Literal:
        if getattr(term, "direction", None) is not None:
            return str(term)
        value, datatype = term.value, term.datatype.value
        bare = _BARE.get(datatype)
        if bare is not None and bare.fullmatch(value):
            return value
        quoted = '"' + value.translate(_TSV_ESCAPES) + '"'
        if term.language:
            return quoted + "@" + term.language
        return quoted if datatype == XSD_STRING else f"{quoted}^^<{datatype}>"
    if kind is ox.Triple:
        inner = " ".join(_tsv_term(t) for t in (term.subject, term.predicate, term.object))
        return f"<<( {inner} )>>"
    return str(term)  # <iri>, _:id


def _write_tsv(capped: Capped) -> Iterator[bytes]:
    if capped.kind == "ask":
        yield b"true" if capped.boolean else b"false"
        return

    def row(solution) -> str:
        return "\t".join(_tsv_term(t) for t in solution) + "\n"

    head = "\t".join("?" + n for n in capped.variables) + "\n"
    yield from _chunks(capped, head, row, "", "")


_RESULT_WRITERS = {"json": _write_json, "xml": _write_xml, "csv": _write_csv, "tsv": _write_tsv}
