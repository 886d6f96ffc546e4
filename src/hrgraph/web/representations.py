"""The representations a resource's document comes in: HTML, then the RDF document
formats of :mod:`hrgraph.formats`, by suffix and by media type."""

from __future__ import annotations

from urllib.parse import quote

from hrgraph import formats

HTML = "text/html"
RDF = formats.DOCUMENT_FORMATS  # turtle, jsonld, rdfxml, ntriples
# suffix -> media type, HTML first: what /doc/<path>.<suffix> asks for
SUFFIXES: dict[str, str] = {"html": HTML, **{f.suffix: f.media_type for f in RDF}}
SUFFIX_OF: dict[str, str] = {media: suffix for suffix, media in SUFFIXES.items()}
OFFERED: list[str] = list(SUFFIXES.values())
ALIASES: dict[str, str] = {"html": HTML, HTML: HTML, **formats.aliases(RDF)}
RDF_OFFERED: list[str] = formats.media_types(RDF)
RDF_ALIASES: dict[str, str] = formats.aliases(RDF)


def rdf_format(media_type: str) -> formats.Format:
    return formats.for_media_type(media_type, RDF)


def downloads() -> list[tuple[str, str]]:
    """(suffix, media type) of each RDF representation, for a page's download links."""
    return [(f.suffix, f.media_type) for f in RDF]


def doc_path(path: str) -> str:
    """The document of a local path (``id/territory/fr/x`` -> ``/doc/id/territory/fr/x``)."""
    return "/doc/" + quote(path)
