"""SHACL engines on hrgraph's shapes: times and verdicts against plain pySHACL, in one run.

For each size N, N synthetic profiles are made and built as ``validate_bench.py`` makes
them, and the same build is validated by:

  plain       pySHACL on the merged Turtle dump, the ontology as extra graph, RDFS
              inference (the oracle: ``pyshacl -i rdfs -s shapes -e ontology dump.ttl``)
  fast 1      ``hrgraph validate --no-cache --jobs 1`` (graph by graph, one process)
  fast        the same, one worker process per CPU
  warm        again with every result from the cache
  1 changed   one profile edited and rebuilt, validated again (build time not counted)
  single      one pySHACL call on the whole graph with the single-call speed-ups
              (types derived once, SPARQL parsed once, shapes without their texts)
  shacl       the ``shacl`` package (Rust): the dump and the ontology as one N-Triples
              file, shapes compiled once per process, no inference
  turbo       ``pyshacl-turbo`` (Rust, pySHACL's API) on a pyoxigraph store holding the
              dump and the ontology, no inference

Each engine's verdict (conforms, and the set of (severity, focus, shape, component,
path, value) results) is compared with plain pySHACL's on each build and on broken data:
``tests/validate/fixtures/registry.ttl`` changed by every ``fixtures/broken/*.ru`` case
(one rule broken each), each case under its own base IRI, all in one graph.

    .venv/bin/python bench/shacl_engines.py [--sizes 100,200,400,800] [--rounds 1]
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from importlib.metadata import version
from pathlib import Path

import pyoxigraph as ox

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "bench"))

import pyshacl  # noqa: E402
import pyshacl_turbo  # noqa: E402
import shacl  # noqa: E402
from rdflib import Graph  # noqa: E402
from validate_bench import generate, plain_pyshacl  # noqa: E402

from hrgraph.build import build  # noqa: E402
from hrgraph.rdf.namespaces import sparql_prologue  # noqa: E402
from hrgraph.settings import load  # noqa: E402
from hrgraph.validate import load_shapes, validate_build  # noqa: E402
from hrgraph.validate.dataset import load_build, load_files, ontology_triples  # noqa: E402
from hrgraph.validate.rdfs import Schema, type_triples  # noqa: E402
from hrgraph.validate.runner import check_graph, reference, results_of  # noqa: E402

SHAPES = ROOT / "shapes"
SHAPES_FILE = SHAPES / "hrgraph-shapes.ttl"
ONTOLOGY = ROOT / "ontology"
FIXTURES = ROOT / "tests" / "validate" / "fixtures"
BASE = "https://registry.example.org/hr/id/"
ENGINES = ("single", "shacl", "turbo")


def key(r) -> tuple:
    return (r.severity, r.focus, r.shape, r.component, r.path, r.value)


# -- the engines, each on (rdflib triples of the data, an N-Triples file of the same) ----


def single_call(loaded, shapes, ontology) -> set:
    """One pySHACL call, the speed-ups of hrgraph's runner kept, no partitioning."""
    every = [t for u in loaded.units for t in u.triples] + list(loaded.support) + list(ontology)
    schema = Schema.from_triples(ontology).extended(every)
    graph = set(every)
    for t in every:
        graph.update(schema.implied(t))
    types = schema.types(graph)
    graph.update(type_triples(types, types.keys()))
    return {key(r) for r in check_graph(graph, shapes)}


_COMPILED: dict = {}


def shacl_rs(nt_file: Path, inference: str = "none") -> set:
    if "shapes" not in _COMPILED:
        _COMPILED["shapes"] = shacl.Shapes.from_file(str(SHAPES_FILE))
    report = _COMPILED["shapes"].validate_file(str(nt_file), inference=inference)
    return {
        (
            r.severity.lower(),
            r.focus_node,
            _iri(r.source_shape),
            _iri(r.component_iri),
            r.path,
            r.value,
        )
        for r in report.results
    }


def _iri(text: str | None) -> str | None:
    if text is None or text.startswith(("<", "_:")):
        return text
    return f"<{text}>"


def turbo(nt_file: Path, shapes) -> set:
    store = ox.Store()
    store.bulk_load(path=str(nt_file), format=ox.RdfFormat.N_TRIPLES)
    _, report, _ = pyshacl_turbo.validate(store, shacl_graph=shapes.graph, inference="none")
    return {key(r) for r in results_of(report, shapes)}


def as_ntriples(sources: list[tuple[Path, ox.RdfFormat]], target: Path) -> Path:
    """The default graph of every source (named graphs merged) as one N-Triples file."""
    with target.open("wb") as out:
        for path, fmt in sources:
            quads = ox.parse(path=str(path), format=fmt)
            ox.serialize((ox.Triple(q.subject, q.predicate, q.object) for q in quads), out,
                         format=ox.RdfFormat.N_TRIPLES)  # fmt: skip
    return target


def timed(fn, *args, **kwargs):
    started = time.perf_counter()
    value = fn(*args, **kwargs)
    return value, time.perf_counter() - started


def best(rounds: int, fn, *args, **kwargs):
    """The fastest of ``rounds`` runs, and its value."""
    runs = [timed(fn, *args, **kwargs) for _ in range(rounds)]
    return min(runs, key=lambda r: r[1])


# -- the sizes ------------------------------------------------------------------------------


def measure(n: int, work: Path, shapes, ontology, rounds: int) -> dict:
    import re

    data = work / f"data-{n}"
    out = work / f"build-{n}"
    profiles = generate(n, data)
    settings = load(environ={}, data_dir=data, build_dir=out)
    report = build(settings)
    dump = report.release.dumps / "hrgraph.ttl"
    nt = as_ntriples(
        [(dump, ox.RdfFormat.TURTLE)] + [(p, ox.RdfFormat.TURTLE) for p in sorted(ONTOLOGY.glob("*.ttl"))],
        work / f"all-{n}.nt",
    )  # fmt: skip
    row = {"profiles": n, "triples": report.triples, "times": {}, "same": {}}
    times = row["times"]

    plain, times["plain"] = timed(plain_pyshacl, dump, shapes, ontology)
    oracle = {key(r) for r in plain}
    row["results"] = len(oracle)
    one, times["fast 1"] = best(rounds, validate_build, out, shapes, ONTOLOGY, data, jobs=1, cache=False)  # fmt: skip
    fast, times["fast"] = best(rounds, validate_build, out, shapes, ONTOLOGY, data, cache=False)
    row["same"]["fast"] = {r.key for r in one.results} == {r.key for r in fast.results} == oracle
    validate_build(out, shapes, ONTOLOGY, data)
    _, times["warm"] = best(rounds, validate_build, out, shapes, ONTOLOGY, data)
    changed = next(p for p in profiles if "gennevilliers" in p.name)
    text = changed.read_text(encoding="utf-8")
    changed.write_text(re.sub(r"^2020 - 2026$", "2020 - 2027", text, flags=re.M), "utf-8")
    build(settings)
    _, times["1 changed"] = timed(validate_build, out, shapes, ONTOLOGY, data)
    changed.write_text(text, "utf-8")
    build(settings)

    loaded = load_build(out, ONTOLOGY)
    found, times["single"] = best(rounds, single_call, loaded, shapes, ontology)
    row["same"]["single"] = found == oracle
    found, times["shacl"] = best(rounds, shacl_rs, nt)
    row["same"]["shacl"] = found == oracle
    row["diff shacl"] = (sorted(found - oracle)[:3], sorted(oracle - found)[:3])
    found, times["turbo"] = best(rounds, turbo, nt, shapes)
    row["same"]["turbo"] = found == oracle
    row["diff turbo"] = (sorted(found - oracle)[:3], sorted(oracle - found)[:3])
    return row


def broken(work: Path, shapes, ontology) -> dict:
    """Every broken case in one graph; each engine's results against plain pySHACL's."""
    files = []
    for n, case in enumerate(sorted((FIXTURES / "broken").glob("*.ru"))):
        g = Graph().parse(FIXTURES / "registry.ttl")
        g.update(f"BASE <{BASE}>\n" + sparql_prologue() + case.read_text(encoding="utf-8"))
        target = work / f"case-{n}.ttl"
        text = g.serialize(format="turtle")
        target.write_text(text.replace(BASE, BASE.replace("/hr/", f"/hr{n}/")), "utf-8")
        files.append(target)
    loaded = load_files(files, ONTOLOGY)
    oracle = {key(r) for r in reference(loaded, shapes, ontology)}
    sources = [(f, ox.RdfFormat.TURTLE) for f in files]
    sources += [(p, ox.RdfFormat.TURTLE) for p in sorted(ONTOLOGY.glob("*.ttl"))]
    nt = as_ntriples(sources, work / "broken.nt")
    found = {
        "single": single_call(loaded, shapes, ontology),
        "shacl": shacl_rs(nt),
        "turbo": turbo(nt, shapes),
    }
    from hrgraph.validate import validate_files

    fast = {r.key for r in validate_files(files, shapes, ONTOLOGY).results}
    out = {"cases": len(files), "results": len(oracle), "fast": fast == oracle}
    for name, keys in found.items():
        out[name] = keys == oracle
        out[f"diff {name}"] = (sorted(keys - oracle)[:5], sorted(oracle - keys)[:5])
    return out


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="100,200,400,800", help="numbers of profiles")
    parser.add_argument("--rounds", type=int, default=1, help="runs per case (the fastest kept)")
    parser.add_argument("--diffs", action="store_true", help="print results that differ")
    args = parser.parse_args(argv)
    shapes = load_shapes(SHAPES)
    ontology = ontology_triples(ONTOLOGY)[0]
    compiled, compile_s = timed(shacl.Shapes.from_file, str(SHAPES_FILE))
    _COMPILED["shapes"] = compiled
    rows = []
    with tempfile.TemporaryDirectory(prefix="hrgraph-shacl-engines-") as tmp:
        bad = broken(Path(tmp), shapes, ontology)
        for n in [int(s) for s in args.sizes.split(",") if s]:
            rows.append(measure(n, Path(tmp), shapes, ontology, args.rounds))
            print(f"N={n}: done", file=sys.stderr, flush=True)
    names = ["plain", "fast 1", "fast", "warm", "1 changed", *ENGINES]
    print(
        f"{os.cpu_count()} CPU(s); pyshacl {version('pyshacl')}, shacl {version('shacl')}, "
        f"pyshacl-turbo {version('pyshacl-turbo')}, pyoxigraph {version('pyoxigraph')}; "
        f"seconds, fastest of {args.rounds}\n"
    )
    print(f"{'profiles':>8} {'triples':>8} " + " ".join(f"{c:>9}" for c in names))
    for r in rows:
        cells = " ".join(f"{r['times'][c]:>9.2f}" for c in names)
        print(f"{r['profiles']:>8} {r['triples']:>8} {cells}")
    print("\nplain / engine (the same run):")
    print(f"{'profiles':>8} " + " ".join(f"{c:>9}" for c in names[1:]))
    for r in rows:
        t = r["times"]
        print(f"{r['profiles']:>8} " + " ".join(f"{t['plain'] / t[c]:>8.1f}x" for c in names[1:]))
    print("\nsame results as plain pySHACL:")
    for r in rows:
        print(f"  N={r['profiles']} ({r['results']} results): "
              + ", ".join(f"{c} {'yes' if r['same'][c] else 'NO'}" for c in ("fast", *ENGINES)))  # fmt: skip
    print(f"  broken ({bad['cases']} cases, {bad['results']} results): fast "
          f"{'yes' if bad['fast'] else 'NO'}, "
          + ", ".join(f"{c} {'yes' if bad[c] else 'NO'}" for c in ENGINES))  # fmt: skip
    print(f"\nshacl: shapes compiled in {compile_s:.2f} s (once per process, not counted)")
    if args.diffs:
        for c in ENGINES:
            print(f"\n{c} on broken data: extra {bad[f'diff {c}'][0]}\n  missing {bad[f'diff {c}'][1]}")
        for r in rows:
            for c in ("shacl", "turbo"):
                if not r["same"][c]:
                    print(f"\nN={r['profiles']} {c}: extra {r[f'diff {c}'][0]}\n  missing {r[f'diff {c}'][1]}")  # fmt: skip
    return 0


if __name__ == "__main__":
    sys.exit(main())
