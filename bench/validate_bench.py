"""``hrgraph validate`` and SHACL engines against plain pySHACL, in one run.

For each size N, N synthetic profiles are made from the real ones in ``data/profiles`` (the
title gets a number, the file a numbered slug; "Rabat 7" in English and French stays
one member with two editions), built into a temporary folder, and validated by:

  plain      pySHACL on the merged Turtle dump, the ontology as extra graph, RDFS
             inference: what ``pyshacl -i rdfs -s shapes -e ontology dump.ttl`` does,
             reading the dump included (the oracle)
  hrgraph    ``hrgraph validate`` (reading the TriG dump, the engine, placing every
             result on its profile file and line)
  shacl      the engine alone: the ``shacl`` package on the dump and the ontology as one
             N-Triples file, RDFS inference, shapes compiled once per process
  turbo      ``pyshacl-turbo`` (pySHACL's API, Rust) on a pyoxigraph store holding the
             same triples, no inference; only when it is installed

Each verdict (the set of (severity, focus, shape, component, path, value) results) is
compared with plain pySHACL's on every build and on broken data:
``tests/validate/fixtures/registry.ttl`` changed by each ``fixtures/broken/*.ru`` case
(one rule broken each), each case under its own base IRI, all in one graph.

    .venv/bin/python bench/validate_bench.py [--sizes 100,200,400,800] [--rounds 1]
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
import time
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

import pyoxigraph as ox

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

import shacl  # noqa: E402
from rdflib import Graph  # noqa: E402

from hrgraph.build import build  # noqa: E402
from hrgraph.rdf.namespaces import sparql_prologue  # noqa: E402
from hrgraph.settings import load  # noqa: E402
from hrgraph.validate import load_shapes, reference, validate_build, validate_files  # noqa: E402
from hrgraph.validate.engine import results_of  # noqa: E402
from hrgraph.validate.inputs import load_files, ontology_triples  # noqa: E402

try:
    import pyshacl_turbo
except ImportError:  # optional: pip install pyshacl-turbo==0.6.5
    pyshacl_turbo = None

SHAPES = ROOT / "shapes"
SHAPES_FILE = SHAPES / "hrgraph-shapes.ttl"
ONTOLOGY = ROOT / "ontology"
DATA = ROOT / "data"
FIXTURES = ROOT / "tests" / "validate" / "fixtures"
BASE = "https://registry.example.org/hr/id/"


def generate(n: int, out: Path) -> list[Path]:
    """N profiles made from data/profiles by numbering their titles and slugs."""
    templates = sorted((DATA / "profiles").rglob("*.txt"))
    (out / "profiles").mkdir(parents=True, exist_ok=True)
    shutil.copy(DATA / "dataset.toml", out / "dataset.toml")
    made = []
    for i in range(n):
        template = templates[i % len(templates)]
        r = i // len(templates)
        lines = template.read_text(encoding="utf-8").split("\n")
        lines[0] = f"{lines[0].strip()} {r}"
        target = out / "profiles" / template.parent.name / f"{template.stem}-{r}.txt"
        target.parent.mkdir(exist_ok=True)
        target.write_text("\n".join(lines), encoding="utf-8")
        made.append(target)
    return made


def key(r) -> tuple:
    return (r.severity, r.focus, r.shape, r.component, r.path, r.value)


# -- the engines ---------------------------------------------------------------------------


def plain_pyshacl(dump: Path, shapes, ontology) -> set:
    """pySHACL as its command line runs it: parse the dump, validate with -i rdfs -e."""
    import pyshacl

    data = Graph().parse(dump, format="turtle")
    ont = Graph()
    for t in ontology:
        ont.add(t)
    _, report, _ = pyshacl.validate(data, shacl_graph=shapes.graph, ont_graph=ont, inference="rdfs")
    return {key(r) for r in results_of(report, shapes)}


_COMPILED: dict = {}


def shacl_alone(nt_file: Path) -> set:
    if "shapes" not in _COMPILED:
        _COMPILED["shapes"] = shacl.Shapes.from_file(str(SHAPES_FILE))
    report = _COMPILED["shapes"].validate_file(str(nt_file), inference="rdfs")
    return {
        (r.severity.lower(), r.focus_node, f"<{r.source_shape.strip('<>')}>",
         f"<{r.component_iri}>", r.path, r.value)
        for r in report.results
    }  # fmt: skip


def turbo(nt_file: Path, shapes) -> set:
    store = ox.Store()
    store.bulk_load(path=str(nt_file), format=ox.RdfFormat.N_TRIPLES)
    _, report, _ = pyshacl_turbo.validate(store, shacl_graph=shapes.graph, inference="none")
    return {key(r) for r in results_of(report, shapes)}


def as_ntriples(paths: list[Path], target: Path) -> Path:
    """Every triple of some Turtle files (named graphs merged) as one N-Triples file."""
    with target.open("wb") as out:
        for path in paths:
            quads = ox.parse(path=str(path), format=ox.RdfFormat.TURTLE)
            triples = (ox.Triple(q.subject, q.predicate, q.object) for q in quads)
            ox.serialize(triples, out, format=ox.RdfFormat.N_TRIPLES)
    return target


def timed(fn, *args, **kwargs):
    started = time.perf_counter()
    value = fn(*args, **kwargs)
    return value, time.perf_counter() - started


def best(rounds: int, fn, *args, **kwargs):
    """The value and time of the fastest of ``rounds`` runs."""
    return min((timed(fn, *args, **kwargs) for _ in range(rounds)), key=lambda r: r[1])


def engines(nt: Path, shapes, rounds: int) -> dict:
    found = {"shacl": best(rounds, shacl_alone, nt)}
    if pyshacl_turbo is not None:
        found["turbo"] = best(rounds, turbo, nt, shapes)
    return found


# -- the runs ------------------------------------------------------------------------------


def measure(n: int, work: Path, shapes, ontology, rounds: int) -> dict:
    data, out = work / f"data-{n}", work / f"build-{n}"
    generate(n, data)
    report = build(load(environ={}, data_dir=data, build_dir=out))
    dump = report.release.dumps / "hrgraph.ttl"
    nt = as_ntriples([dump, *sorted(ONTOLOGY.glob("*.ttl"))], work / f"all-{n}.nt")
    oracle, plain_s = timed(plain_pyshacl, dump, shapes, ontology)
    ours, ours_s = best(rounds, validate_build, out, shapes, ONTOLOGY, data)
    found = {"hrgraph": ({r.key for r in ours.results}, ours_s), **engines(nt, shapes, rounds)}
    return {
        "profiles": n,
        "triples": report.triples,
        "results": len(oracle),
        "times": {"plain": plain_s, **{k: s for k, (_, s) in found.items()}},
        "same": {k: keys == oracle for k, (keys, _) in found.items()},
    }


def broken(work: Path, shapes, ontology) -> dict:
    """Every broken case in one graph; each engine's results against plain pySHACL's."""
    files = []
    for n, case in enumerate(sorted((FIXTURES / "broken").glob("*.ru"))):
        g = Graph().parse(FIXTURES / "registry.ttl")
        g.update(f"BASE <{BASE}>\n" + sparql_prologue() + case.read_text(encoding="utf-8"))
        text = g.serialize(format="turtle").replace(BASE, BASE.replace("/hr/", f"/hr{n}/"))
        files.append(work / f"case-{n}.ttl")
        files[-1].write_text(text, "utf-8")
    oracle = {key(r) for r in reference(load_files(files, ONTOLOGY), shapes, ontology)}
    nt = as_ntriples([*files, *sorted(ONTOLOGY.glob("*.ttl"))], work / "broken.nt")
    found = {"hrgraph": {r.key for r in validate_files(files, shapes, ONTOLOGY).results}}
    found.update({k: keys for k, (keys, _) in engines(nt, shapes, 1).items()})
    same = {k: v == oracle for k, v in found.items()}
    return {"cases": len(files), "results": len(oracle), **same}


def _version(name: str) -> str:
    try:
        return version(name)
    except PackageNotFoundError:
        return "not installed"


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="100,200,400,800", help="numbers of profiles")
    parser.add_argument("--rounds", type=int, default=1, help="runs per case (the fastest kept)")
    args = parser.parse_args(argv)
    shapes = load_shapes(SHAPES)
    ontology = ontology_triples(ONTOLOGY)[0]
    rows = []
    with tempfile.TemporaryDirectory(prefix="hrgraph-validate-bench-") as tmp:
        bad = broken(Path(tmp), shapes, ontology)
        for n in [int(s) for s in args.sizes.split(",") if s]:
            rows.append(measure(n, Path(tmp), shapes, ontology, args.rounds))
            print(f"N={n}: done", file=sys.stderr, flush=True)
    names = list(rows[0]["times"])
    print(
        f"{os.cpu_count()} CPU(s); pyshacl {_version('pyshacl')}, shacl {_version('shacl')}, "
        f"pyshacl-turbo {_version('pyshacl-turbo')}; seconds (fastest of {args.rounds})\n"
    )
    print(f"{'profiles':>8} {'triples':>8} " + " ".join(f"{c:>9}" for c in names))
    for r in rows:
        cells = " ".join(f"{r['times'][c]:>9.2f}" for c in names)
        print(f"{r['profiles']:>8} {r['triples']:>8} {cells}")
    print(f"\n{'plain / ':>17}" + " ".join(f"{c:>9}" for c in names[1:]))
    for r in rows:
        t = r["times"]
        print(f"{r['profiles']:>17}" + " ".join(f"{t['plain'] / t[c]:>8.1f}x" for c in names[1:]))
    print("\nthe same results as plain pySHACL:")
    for r in rows:
        same = ", ".join(f"{c} {'yes' if ok else 'NO'}" for c, ok in r["same"].items())
        print(f"  N={r['profiles']} ({r['results']} results): {same}")
    same = ", ".join(f"{c} {'yes' if bad[c] else 'NO'}" for c in names[1:])
    print(f"  broken data ({bad['cases']} cases, {bad['results']} results): {same}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
