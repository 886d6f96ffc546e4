"""Every RDF and SPARQL results format hrgraph reads or writes, derived from pyoxigraph.

pyoxigraph's ``RdfFormat`` and ``QueryResultsFormat`` already know each format's
media type, file extension and W3C format IRI; Oxigraph's own server negotiates from
them. This module adds only what they lack: the short name a person types
(``--format turtle``, ``?format=csv``) and the aliases clients send, and answers "which
formats fit this result" for the CLI, the endpoint, the documents and the dumps.

Names are derived: an RDF format's name is its pyoxigraph name folded (``N-Triples`` ->
``ntriples``, ``RDF/XML`` -> ``rdfxml``); a results format's name is the structured
suffix of its media type (``+json`` -> ``json``) or its file extension (``csv``).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

import pyoxigraph as ox

GRAPH, DATASET, RESULTS = "graph", "dataset", "results"


@dataclass(frozen=True)
class Format:
    name: str  # what a person types: turtle, ntriples, jsonld, json, csv...
    kind: str  # GRAPH (triples), DATASET (quads: also writes triples), RESULTS
    ox: ox.RdfFormat | ox.QueryResultsFormat

    @property
    def media_type(self) -> str:
        """The bare media type (no parameters): ``text/csv``, ``text/turtle``."""
        return self.ox.media_type.split(";", 1)[0].strip()

    @property
    def suffix(self) -> str:
        return self.ox.file_extension

    @property
    def iri(self) -> str:
        """The W3C format IRI (https://www.w3.org/ns/formats/)."""
        return self.ox.iri

    @property
    def label(self) -> str:
        return self.ox.name

    @property
    def line_based(self) -> bool:
        """One statement a line (N-Triples, N-Quads): any run of lines is a document."""
        return self.ox in (ox.RdfFormat.N_TRIPLES, ox.RdfFormat.N_QUADS)

    @property
    def writes_triples(self) -> bool:
        return self.kind in (GRAPH, DATASET)

    @property
    def aliases(self) -> tuple[str, ...]:
        """Every word that names this format: name, suffix, media type (and for RDF
        formats pyoxigraph's name: ``n-triples``, ``rdf/xml``)."""
        words = {self.name, self.suffix, self.media_type}
        if self.kind != RESULTS:
            words.add(self.ox.name.lower())
        words |= set(EXTRA_ALIASES.get(self.name, ()))
        return tuple(sorted(words))


def _rdf_name(rdf_format: ox.RdfFormat) -> str:
    return re.sub(r"[^a-z0-9]", "", rdf_format.name.lower())


def _results_name(results_format: ox.QueryResultsFormat) -> str:
    media = results_format.media_type.split(";", 1)[0]
    return media.rsplit("+", 1)[1] if "+" in media else results_format.file_extension


# Names clients send that none of pyoxigraph's words give (JSON-LD's hyphen, RDF/XML
# as "xml" in a CONSTRUCT request, the ubiquitous N-Triples as text/plain).
EXTRA_ALIASES: dict[str, tuple[str, ...]] = {
    "turtle": ("n3", "text/n3"),  # Turtle is N3's RDF subset: what N3 clients can read
    "jsonld": ("json-ld", "json"),
    "rdfxml": ("xml", "rdf+xml", "application/xml", "text/xml"),
    "ntriples": ("text/plain",),
    "json": ("application/json",),
    "xml": ("application/xml", "text/xml"),
}

# Written by hrgraph, in the order offered when a client states no preference. N3 and
# streaming JSON-LD are left out: pyoxigraph writes N3 as Turtle, and streaming JSON-LD
# is JSON-LD for parsers only.
RDF_FORMATS: tuple[Format, ...] = tuple(
    Format(_rdf_name(f), DATASET if f.supports_datasets else GRAPH, f)
    for f in (
        ox.RdfFormat.TURTLE,
        ox.RdfFormat.N_TRIPLES,
        ox.RdfFormat.RDF_XML,
        ox.RdfFormat.JSON_LD,
        ox.RdfFormat.TRIG,
        ox.RdfFormat.N_QUADS,
    )
)
RESULTS_FORMATS: tuple[Format, ...] = tuple(
    Format(_results_name(f), RESULTS, f)
    for f in (
        ox.QueryResultsFormat.JSON,
        ox.QueryResultsFormat.XML,
        ox.QueryResultsFormat.CSV,
        ox.QueryResultsFormat.TSV,
    )
)
ALL: tuple[Format, ...] = RDF_FORMATS + RESULTS_FORMATS
BY_NAME: dict[str, Format] = {f.name: f for f in ALL}
BY_MEDIA_TYPE: dict[str, Format] = {f.media_type: f for f in ALL}

# Triples only: what a single resource's document or the merged graph is offered in.
TRIPLE_FORMATS = tuple(f for f in RDF_FORMATS if f.writes_triples)
# One resource's document (besides HTML), in the order offered.
DOCUMENT_FORMATS = tuple(BY_NAME[n] for n in ("turtle", "jsonld", "rdfxml", "ntriples"))


def get(name: str) -> Format:
    return BY_NAME[name]


def names(formats: Iterable[Format]) -> list[str]:
    return [f.name for f in formats]


def media_types(formats: Iterable[Format]) -> list[str]:
    return [f.media_type for f in formats]


def aliases(formats: Iterable[Format]) -> dict[str, str]:
    """word -> media type, for :func:`hrgraph.web.conneg.choose`'s ``format=`` values.

    The first format in ``formats`` that claims a word keeps it, so "json" means
    SPARQL JSON results among results formats and JSON-LD among RDF formats.
    """
    table: dict[str, str] = {}
    for f in formats:
        for word in f.aliases:
            table.setdefault(word.lower(), f.media_type)
    return table


def for_suffix(suffix: str, formats: Iterable[Format] = ALL) -> Format | None:
    return next((f for f in formats if f.suffix == suffix), None)


def for_media_type(media_type: str, formats: Iterable[Format] = ALL) -> Format | None:
    bare = media_type.split(";", 1)[0].strip().lower()
    return next((f for f in formats if f.media_type == bare), None)
