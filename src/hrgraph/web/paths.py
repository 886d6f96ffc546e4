"""Request paths <-> IRIs, so a graph built for one base is browsable on any host.

Two roots are served: the build's data base (``manifest.json`` ``base_uri``, e.g.
``https://w3id.org/hrgraph/``) for ``id/`` and ``graph/`` IRIs, and the fixed root of
the ontology and vocabularies (``https://w3id.org/hrgraph/``), whose IRIs never move.
"""

from __future__ import annotations

from hrgraph.rdf.namespaces import ROOT

FIXED_ROOT = ROOT
DATA_PREFIXES = ("id/", "graph/")
FIXED_PREFIXES = ("vocab/", "ontology")


def iri_for(path: str, data_base: str) -> str | None:
    """The IRI a local path (``id/territory/fr/x``, no leading slash) stands for."""
    if path.startswith(DATA_PREFIXES):
        return data_base + path
    if path == "ontology" or path.startswith("vocab/"):
        return FIXED_ROOT + path
    return None


def path_for(iri: str, data_base: str) -> str | None:
    """The local path that serves an IRI (without leading slash), or None if not ours."""
    iri = iri.split("#", 1)[0]
    if iri.startswith(data_base):
        rest = iri[len(data_base) :]
        if rest.startswith(DATA_PREFIXES):
            return rest
    if iri.startswith(FIXED_ROOT):
        rest = iri[len(FIXED_ROOT) :]
        if rest == "ontology" or rest.startswith("vocab/"):
            return rest
    return None
