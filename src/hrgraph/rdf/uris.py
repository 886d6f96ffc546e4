"""The URI pattern of every resource hrgraph mints, in one place.

Data URIs hang off one configurable base (default ``https://w3id.org/hrgraph/``)::

    {base}id/territory/{cc}/{key}           a territory member (city, region...)
    {base}id/organisation/{cc}/{key}        a non-territorial member (coalition, CSO)
    {base}id/membership/{cc}/{key}          its membership of the campaign
    {base}id/mandate/{cc}/{key}/{leader}    a leader's mandate (one across languages)
    {base}id/person/{cc}/{key}/{leader}     the leader
    {base}id/programme/{cc}/{key}/{title}   a programme; its figures at .../figure/{n}
    {base}id/profile/{lang}/{slug}          one language edition of a profile page
    {base}graph/{lang}/{slug}               the named graph built from that page
    {base}graph/provenance                  sources, checksums of every page
    {base}graph/void                        the VoID / DCAT description
    {base}id/dataset                        the dataset itself

``cc`` is the ISO 3166-1 alpha-2 code in lower case (``xx`` when unknown) and ``key``
the member's key: its slug, or the key the links file gives when slugs differ between
language editions. Segments are slugified, so they are readable and safe.
"""

from __future__ import annotations

from dataclasses import dataclass

from rdflib import URIRef
from slugify import slugify

SEGMENT_MAX = 80


def segment(text: str) -> str:
    """A readable, URI-safe path segment ("Espace Santé Jeunes" -> "espace-sante-jeunes")."""
    return slugify(text, max_length=SEGMENT_MAX, word_boundary=True) or "x"


@dataclass(frozen=True)
class Minter:
    base: str

    def _iri(self, *parts: str) -> URIRef:
        return URIRef(self.base + "/".join(parts))

    def member(self, kind: str, country_code: str | None, key: str) -> URIRef:
        return self._iri("id", kind, (country_code or "xx").lower(), segment(key))

    def membership(self, country_code: str | None, key: str) -> URIRef:
        return self._iri("id", "membership", (country_code or "xx").lower(), segment(key))

    def mandate(self, country_code: str | None, key: str, leader: str) -> URIRef:
        cc = (country_code or "xx").lower()
        return self._iri("id", "mandate", cc, segment(key), segment(leader))

    def person(self, country_code: str | None, key: str, leader: str) -> URIRef:
        cc = (country_code or "xx").lower()
        return self._iri("id", "person", cc, segment(key), segment(leader))

    def programme(self, country_code: str | None, key: str, title_segment: str) -> URIRef:
        cc = (country_code or "xx").lower()
        return self._iri("id", "programme", cc, segment(key), title_segment)

    def profile(self, lang: str, slug: str) -> URIRef:
        return self._iri("id", "profile", lang, segment(slug))

    def graph(self, lang: str, slug: str) -> URIRef:
        return self._iri("graph", lang, segment(slug))

    def provenance_graph(self) -> URIRef:
        return self._iri("graph", "provenance")

    def void_graph(self) -> URIRef:
        return self._iri("graph", "void")

    def dataset(self) -> URIRef:
        return self._iri("id", "dataset")
