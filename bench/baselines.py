"""The baselines ``bench/run.py`` measures hrgraph against, each run as its own process.

build      the straightforward rdflib pipeline: hrgraph's reader and mapping, every
           graph in an rdflib Dataset, the five dumps written by rdflib's serializers
pyshacl    whole-graph pySHACL on the merged Turtle dump (RDFS inference, the ontology
           as extra graph): what ``pyshacl -i rdfs -s shapes -e ontology dump.ttl`` does
queries    rdflib's SPARQL engine on the merged N-Triples dump: every query's rows as JSON
serve      a ten-line Flask endpoint (``rdflib`` or in-memory ``pyoxigraph``) or a bare
           Flask route returning a constant, under hrgraph's gunicorn options

  python bench/baselines.py build --data DIR --out DIR
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path


def build(data: Path, out: Path) -> int:
    from rdflib import Dataset, Graph, Literal, URIRef

    from hrgraph import datadir
    from hrgraph.profile import read_profile
    from hrgraph.rdf import links
    from hrgraph.rdf.mapping import COUNTRY_SCHEME, country_concepts, map_profile
    from hrgraph.rdf.uris import Minter
    from hrgraph.rdf.vocabularies import load_vocabularies
    from hrgraph.settings import load

    settings = load(environ={})
    vocab = load_vocabularies(settings.ontology_dir)
    minter = Minter(settings.base_uri)
    profiles = [
        read_profile(p, source=p.relative_to(data).as_posix()) for p in datadir.profile_files(data)
    ]
    identities = links.resolve_identities(profiles, links.read_links(data / datadir.MEMBERS))
    ds = Dataset()
    for name, g in vocab.graphs.items():
        target = ds.graph(URIRef(name))
        for t in g:
            target.add(t)
    for p, identity in zip(profiles, identities, strict=True):
        m = map_profile(p, identity, vocab, minter, p.source)
        target = ds.graph(URIRef(str(m.graph_name)))
        for triple in m.graph:
            target.add(tuple(_rdflib(t, URIRef, Literal) for t in triple))
    codes = {p.country_code for p in profiles if p.country_code}
    for t in country_concepts(codes):
        ds.graph(URIRef(COUNTRY_SCHEME)).add(t)
    merged = Graph()
    for g in ds.graphs():
        merged += g
    out.mkdir(parents=True, exist_ok=True)
    ds.serialize(out / "hrgraph.trig", format="trig")
    ds.serialize(out / "hrgraph.nq", format="nquads")
    for fmt, suffix in (("turtle", "ttl"), ("nt", "nt"), ("json-ld", "jsonld")):
        merged.serialize(out / f"hrgraph.{suffix}", format=fmt)
    print(json.dumps({"triples": len(merged)}))
    return 0


def _rdflib(term, uri, literal):
    """A term as rdflib's (the mapping may hand out rdflib or pyoxigraph terms)."""
    import pyoxigraph as ox

    if isinstance(term, ox.NamedNode):
        return uri(term.value)
    if isinstance(term, ox.Literal):
        if term.language:
            return literal(term.value, lang=term.language)
        return literal(term.value, datatype=uri(term.datatype.value))
    return term


def pyshacl(build_dir: Path) -> int:
    import pyshacl as engine
    from rdflib import Graph

    from hrgraph.settings import load

    settings = load(environ={})
    dump = build_dir / "current" / "dumps" / "hrgraph.ttl"
    started = time.perf_counter()
    data = Graph().parse(dump, format="turtle")
    shapes = Graph()
    for f in sorted(Path(settings.shapes_dir).glob("*.ttl")):
        shapes.parse(f, format="turtle")
    ontology = Graph().parse(Path(settings.ontology_dir) / "hrgraph.ttl", format="turtle")
    conforms, _, _ = engine.validate(data, shacl_graph=shapes, ont_graph=ontology, inference="rdfs")
    seconds = time.perf_counter() - started
    print(json.dumps({"conforms": bool(conforms), "seconds": seconds, "triples": len(data)}))
    return 0


def queries(dump: Path, queries_json: Path) -> int:
    """Each query's rows as lists of terms, one JSON line per query, as it finishes."""
    from rdflib import Graph

    from hrgraph.rdf.namespaces import bind_prefixes

    graph = Graph()
    graph.parse(dump, format="nt")
    bind_prefixes(graph)
    for name, text in json.loads(queries_json.read_text("utf-8")).items():
        started = time.perf_counter()
        result = graph.query(text)
        rows = [[_term(t) for t in row] for row in result] if result.type == "SELECT" else []
        seconds = time.perf_counter() - started
        print(json.dumps({"name": name, "seconds": seconds, "rows": rows}), flush=True)
    return 0


def _term(term) -> list | None:
    from rdflib import Literal

    if term is None:
        return None
    if isinstance(term, Literal):
        return ["literal", str(term), term.language or str(term.datatype or "")]
    return ["iri", str(term), ""]


def rdflib_app(dump: Path):
    from flask import Flask, Response, request
    from rdflib import Graph

    graph = Graph().parse(dump, format="nt")
    app = Flask("rdflib-ten-lines")

    @app.route("/sparql")
    def sparql():
        result = graph.query(request.args["query"])
        if result.type == "CONSTRUCT":
            return Response(result.serialize(format="turtle"), mimetype="text/turtle")
        return Response(result.serialize(format="json"), mimetype="application/sparql-results+json")

    return app


def oxigraph_app(dump: Path):
    import pyoxigraph as ox
    from flask import Flask, Response, request

    store = ox.Store()
    store.bulk_load(path=str(dump), format=ox.RdfFormat.N_TRIPLES)
    app = Flask("oxigraph-ten-lines")

    @app.route("/sparql")
    def sparql():
        result = store.query(request.args["query"])
        if isinstance(result, ox.QueryTriples):
            return Response(result.serialize(format=ox.RdfFormat.TURTLE), mimetype="text/turtle")
        body = result.serialize(format=ox.QueryResultsFormat.JSON)
        return Response(body, mimetype="application/sparql-results+json")

    return app


def bare_app():
    from flask import Flask, Response

    app = Flask("bare")
    body = b'{"head":{"vars":[]},"results":{"bindings":[]}}'

    @app.route("/sparql")
    @app.route("/<path:anything>")
    def sparql(anything=None):
        return Response(body, mimetype="application/sparql-results+json")

    return app


def serve(kind: str, port: int, workers: int, dump: Path | None) -> int:
    from hrgraph.cli.serve import gunicorn_options, run_gunicorn
    from hrgraph.settings import load

    settings = load(environ={}, host="127.0.0.1", port=port, workers=workers)
    apps = {"rdflib": rdflib_app, "oxigraph": oxigraph_app}
    app = apps[kind](dump) if kind in apps else bare_app()
    run_gunicorn(app, gunicorn_options(settings))
    return 0


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("job", choices=["build", "pyshacl", "queries", "serve"])
    parser.add_argument("--data", type=Path)
    parser.add_argument("--out", type=Path)
    parser.add_argument("--build", type=Path)
    parser.add_argument("--dump", type=Path)
    parser.add_argument("--queries", type=Path)
    parser.add_argument("--kind", choices=["rdflib", "oxigraph", "bare"])
    parser.add_argument("--port", type=int)
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args(argv)
    if args.job == "build":
        return build(args.data, args.out)
    if args.job == "pyshacl":
        return pyshacl(args.build)
    if args.job == "queries":
        return queries(args.dump, args.queries)
    return serve(args.kind, args.port, args.workers, args.dump)


if __name__ == "__main__":
    sys.exit(main())
