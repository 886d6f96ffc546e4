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
    {base}graph/changes                     URIs deprecated or replaced (see stable.py)
    {base}graph/merged                      on a SPARQL server: the merge (hrgraph publish)
    {base}graph/published                   on a SPARQL server: what publish wrote there
    {base}id/dataset                        the dataset itself

``cc`` is the ISO 3166-1 alpha-2 code in lower case (``xx`` when unknown) and ``key``
the member's key: its slug, or the key the links file gives when slugs differ between
language editions. Segments are slugified, so they are readable and safe.
"""

from __future__ import annotations

from dataclasses import dataclass

from rdflib import URIRef
from slugify import slugify

from hrgraph.rdf.namespaces import ONTOLOGY, ROOT, VOCAB

SEGMENT_MAX = 80
# First path segments of what is minted under the (movable) data base, and of what
# lives under the project's fixed root (the ontology and vocabularies never move).
DATA_ROOTS = ("id", "graph")
FIXED_ROOTS = ("vocab", "ontology")
PROVENANCE, VOID, CHANGES = "provenance", "void", "changes"
MERGED, PUBLISHED = "merged", "published"


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
        return self._iri("graph", PROVENANCE)

    def void_graph(self) -> URIRef:
        return self._iri("graph", VOID)

    def changes_graph(self) -> URIRef:
        return self._iri("graph", CHANGES)

    def merged_graph(self) -> URIRef:
        """The merge of all graphs, as a named graph on a SPARQL server."""
        return self._iri("graph", MERGED)

    def published_graph(self) -> URIRef:
        """The checksums of the graphs ``hrgraph publish`` wrote to a SPARQL server."""
        return self._iri("graph", PUBLISHED)

    def dataset(self) -> URIRef:
        return self._iri("id", "dataset")


# -- parsing: the inverse of minting ---------------------------------------------------


def iri_for_path(path: str, base: str) -> str | None:
    """The IRI a local path (``id/territory/fr/x``, no leading slash) stands for, given
    the data base; None when the path is not one hrgraph mints."""
    first = path.split("/", 1)[0]
    if first in DATA_ROOTS and "/" in path:
        return base + path
    if path == "ontology" or (first in FIXED_ROOTS and "/" in path):
        return ROOT + path  # the ontology, its version IRIs, the vocabularies
    return None


def path_for_iri(iri: str, base: str) -> str | None:
    """The local path (no leading slash) that serves an IRI, or None when not ours."""
    iri = iri.split("#", 1)[0]
    for root in (base, ROOT):
        if iri.startswith(root):
            rest = iri[len(root) :]
            if iri_for_path(rest, base) == iri:
                return rest
    return None


def is_support_graph(name: str) -> bool:
    """Graphs that hold no profile page: ontology, vocabularies, provenance, VoID, changes."""
    return (
        name == ONTOLOGY
        or name.startswith(str(VOCAB))
        or name.endswith((f"/graph/{PROVENANCE}", f"/graph/{VOID}", f"/graph/{CHANGES}"))
    )
