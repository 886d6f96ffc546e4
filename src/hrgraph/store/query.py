"""Run SPARQL on the embedded store and write results in the standard formats.

The store's default graph is the merge of all named graphs (one per profile, plus
the ontology, vocabularies, provenance), built once at build time, so queries need no
GRAPH clause and a triple stated by two language editions counts once; ``GRAPH ?g``
still reaches each profile's own graph.
"""

from __future__ import annotations

import io
from dataclasses import dataclass

import pyoxigraph as ox

from hrgraph.rdf.namespaces import PREFIXES

RESULT_FORMATS = {
    "json": ox.QueryResultsFormat.JSON,
    "xml": ox.QueryResultsFormat.XML,
    "csv": ox.QueryResultsFormat.CSV,
    "tsv": ox.QueryResultsFormat.TSV,
}
GRAPH_FORMATS = {
    "turtle": ox.RdfFormat.TURTLE,
    "ntriples": ox.RdfFormat.N_TRIPLES,
    "rdfxml": ox.RdfFormat.RDF_XML,
    "jsonld": ox.RdfFormat.JSON_LD,
    "trig": ox.RdfFormat.TRIG,
    "nquads": ox.RdfFormat.N_QUADS,
}


class QueryError(ValueError):
    """The query text is not valid SPARQL (message says where)."""


@dataclass
class Result:
    kind: str  # "select", "ask" or "graph"
    value: object  # QuerySolutions, QueryBoolean, or QueryTriples

    @property
    def variables(self) -> list[str]:
        return [v.value for v in self.value.variables] if self.kind == "select" else []


def run(store: ox.Store, query: str, **options) -> Result:
    """Parse and run a query over the merged default graph (unless graphs are given)."""
    try:
        value = store.query(query, prefixes=dict(PREFIXES), **options)
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


def render_table(result: Result) -> str:
    if result.kind == "ask":
        return "true\n" if bool(result.value) else "false\n"
    names = result.variables
    data = [[term_text(s[n]) for n in names] for s in result.value]
    widths = [max([len(n), *(min(len(r[i]), 60) for r in data)]) for i, n in enumerate(names)]

    def line(cells):
        return " | ".join(c[:60].ljust(w) for c, w in zip(cells, widths, strict=True)).rstrip()

    out = [line(names), "-+-".join("-" * w for w in widths)]
    out += [line(r) for r in data]
    out.append(f"({len(data)} row{'s' if len(data) != 1 else ''})")
    return "\n".join(out) + "\n"


def serialize(result: Result, fmt: str) -> bytes:
    """Standard serialisations: SPARQL results for SELECT/ASK, RDF for CONSTRUCT."""
    if result.kind == "graph":
        rdf_format = GRAPH_FORMATS.get(fmt)
        if rdf_format is None:
            raise QueryError(f"format {fmt!r} does not fit a CONSTRUCT/DESCRIBE result")
        buffer = io.BytesIO()
        ox.serialize(result.value, buffer, rdf_format, prefixes=dict(PREFIXES))
        return buffer.getvalue()
    results_format = RESULT_FORMATS.get(fmt)
    if results_format is None:
        raise QueryError(f"format {fmt!r} does not fit a SELECT/ASK result")
    return result.value.serialize(format=results_format)
