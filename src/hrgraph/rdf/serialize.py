"""Deterministic serialisations: the same triples give the same bytes, every run.

rdflib's serialisers follow the store's iteration order, so graphs are rebuilt from
sorted triples first and line-based formats are sorted outright. No blank nodes are
ever minted, so no random labels can creep in.
"""

from __future__ import annotations

import json
from pathlib import Path

from rdflib import Dataset, Graph, URIRef

from hrgraph.rdf.namespaces import PREFIXES, bind_prefixes


def _key(triple):
    return tuple(t.n3() for t in triple)


def sorted_graph(graph: Graph, identifier: URIRef | None = None) -> Graph:
    g = Graph(identifier=identifier) if identifier else Graph()
    bind_prefixes(g)
    for t in sorted(graph, key=_key):
        g.add(t)
    return g


def sorted_dataset(graphs: dict[URIRef, Graph]) -> Dataset:
    ds = Dataset()
    bind_prefixes(ds)
    for name in sorted(graphs):
        target = ds.graph(name)
        for t in sorted(graphs[name], key=_key):
            target.add(t)
    return ds


def trig_text(graphs: dict[URIRef, Graph]) -> str:
    """TriG with graphs in IRI order (rdflib's own writer follows store order)."""
    head = "".join(f"@prefix {p}: <{iri}> .\n" for p, iri in sorted(PREFIXES.items()))
    blocks = [head]
    for name in sorted(graphs):
        body = sorted_graph(graphs[name]).serialize(format="turtle")
        lines = body.splitlines()
        # prefixes rdflib invented for this graph (ns1...) go before its block
        extra = [x for x in lines if x.startswith("@prefix") and x + "\n" not in head]
        lines = [x for x in lines if not x.startswith("@prefix")]
        # no re-indenting: a line may be inside a multi-line string literal
        inner = "\n".join(lines).strip("\n")
        blocks.append("".join(f"{x}\n" for x in extra) + f"<{name}> {{\n{inner}\n}}\n")
    return "\n".join(blocks)


def jsonld_context() -> dict:
    """The published JSON-LD context: our prefixes, so compact IRIs read like Turtle."""
    return {"@context": dict(PREFIXES)}


def write_line_sorted(text: str, path: Path) -> None:
    lines = sorted(line for line in text.splitlines() if line.strip())
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def write_dumps(graphs: dict[URIRef, Graph], merged: Graph, out: Path, stem: str) -> list[Path]:
    """TriG and N-Quads of the named graphs; Turtle, N-Triples, JSON-LD of the merge."""
    out.mkdir(parents=True, exist_ok=True)
    ds = sorted_dataset(graphs)
    flat = sorted_graph(merged)
    written = []
    trig = out / f"{stem}.trig"
    trig.write_text(trig_text(graphs), encoding="utf-8")
    nq = out / f"{stem}.nq"
    write_line_sorted(ds.serialize(format="nquads"), nq)
    ttl = out / f"{stem}.ttl"
    ttl.write_text(flat.serialize(format="turtle"), encoding="utf-8")
    nt = out / f"{stem}.nt"
    write_line_sorted(flat.serialize(format="nt"), nt)
    context = jsonld_context()
    ctx = out / "context.jsonld"
    ctx.write_text(json.dumps(context, indent=2, sort_keys=True) + "\n", encoding="utf-8")
    jsonld = out / f"{stem}.jsonld"
    data = json.loads(
        flat.serialize(format="json-ld", context=context["@context"], auto_compact=True)
    )
    if isinstance(data, dict) and "@graph" in data:
        data["@graph"] = sorted(data["@graph"], key=lambda node: node.get("@id", ""))
    jsonld.write_text(
        json.dumps(data, indent=1, ensure_ascii=False, sort_keys=True) + "\n", "utf-8"
    )
    written += [trig, nq, ttl, nt, jsonld, ctx]
    return written
