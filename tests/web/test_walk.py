"""Every URI the build mints under its base resolves: a walk over the whole build.

Each subject and object IRI in the build's N-Quads dump that the server maps to a local
path, and each named graph, must answer 303 to a document that answers 200 in HTML and
in Turtle (in-process: the walk makes thousands of requests).
"""

from __future__ import annotations

import pyoxigraph as ox
import pytest
from rdflib import Graph

from hrgraph.rdf.namespaces import ROOT
from hrgraph.rdf.uris import path_for_iri
from hrgraph.release import current_release


def minted_paths(build_dir) -> list[str]:
    release = current_release(build_dir)
    base = release.manifest()["base_uri"]
    iris = set()
    for quad in ox.parse(path=str(release.dumps / "hrgraph.nq"), format=ox.RdfFormat.N_QUADS):
        for term in (quad.subject, quad.object, quad.graph_name):
            if isinstance(term, ox.NamedNode):
                iris.add(term.value)
    return sorted({p for iri in iris if (p := path_for_iri(iri, base)) is not None})


@pytest.fixture(scope="module")
def paths(rich_build_dir) -> list[str]:
    return minted_paths(rich_build_dir)


def test_the_walk_covers_every_kind(paths):
    kinds = {p.split("/")[1] if p.startswith("id/") else p.split("/")[0] for p in paths}
    assert {"territory", "organisation", "programme", "profile", "mandate", "person"} <= kinds
    assert {"membership", "graph", "vocab", "ontology"} <= kinds
    assert any(p.startswith("ontology/") for p in paths)  # the version IRI
    assert len(paths) > 100


def test_every_minted_uri_resolves(rich_client, paths):
    failures = []
    for path in paths:
        thing = rich_client.request("GET", "/" + path, headers={"Accept": "text/turtle"})
        location = thing.header("Location")
        if thing.status != 303 or not location or not location.startswith("/doc/"):
            failures.append((path, "thing", thing.status))
            continue
        page = rich_client.request("GET", location, headers={"Accept": "text/html"})
        if page.status != 200 or not page.text.startswith("<!doctype html>"):
            failures.append((path, "html", page.status))
        ttl = rich_client.request("GET", location, headers={"Accept": "text/turtle"})
        if ttl.status != 200:
            failures.append((path, "turtle", ttl.status))
            continue
        graph = Graph().parse(data=ttl.body, format="turtle", publicID=ROOT)
        if len(graph) == 0:
            failures.append((path, "empty", 200))
    assert failures == [], f"{len(failures)} of {len(paths)} URIs do not resolve: {failures[:20]}"
