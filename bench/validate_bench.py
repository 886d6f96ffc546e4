"""``hrgraph validate`` against plain pySHACL on the whole merged graph, in one run.

For each size N, N synthetic profiles are made from the real ones in ``data/profiles``
(the title gets a number, the file a numbered slug; "Rabat 7" in English and French
stays one member with two editions), built into a temporary folder, and validated:

  plain      pySHACL on the merged Turtle dump, the ontology as extra graph, RDFS
             inference: what ``pyshacl -i rdfs -s shapes -e ontology data.ttl`` does
             (the time includes reading the dump, as the command does)
  fast 1     ``hrgraph validate`` without its cache, in one process
  fast       the same with one worker process per CPU
  warm       again, nothing changed: every result from the cache
  1 changed  one profile edited, the build redone, validated again (the build's own
             time not counted)

It checks that both give the same results, then prints the times, the time per
profile (flat when growth is linear) and the ratio plain / fast.

    .venv/bin/python bench/validate_bench.py [--sizes 50,100,200,400] [--jobs 0]
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from hrgraph.build import build  # noqa: E402
from hrgraph.settings import load  # noqa: E402
from hrgraph.validate import load_shapes, reference, validate_build  # noqa: E402
from hrgraph.validate.dataset import ontology_triples  # noqa: E402
from hrgraph.validate.runner import results_of  # noqa: E402

SHAPES = ROOT / "shapes"
ONTOLOGY = ROOT / "ontology"


def generate(n: int, out: Path) -> list[Path]:
    """N profiles made from data/profiles by numbering their titles and slugs."""
    templates = sorted((ROOT / "data" / "profiles").rglob("*.txt"))
    (out / "profiles").mkdir(parents=True, exist_ok=True)
    shutil.copy(ROOT / "data" / "dataset.toml", out / "dataset.toml")
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


def timed(fn, *args, **kwargs):
    started = time.perf_counter()
    value = fn(*args, **kwargs)
    return value, time.perf_counter() - started


def plain_pyshacl(dump: Path, shapes, ontology) -> list:
    """pySHACL as its command line runs it: parse the dump, validate with -i rdfs -e."""
    import pyshacl
    from rdflib import Graph

    data = Graph().parse(dump, format="turtle")
    ont = Graph()
    for t in ontology:
        ont.add(t)
    _, report, _ = pyshacl.validate(data, shacl_graph=shapes.graph, ont_graph=ont, inference="rdfs")
    return results_of(report, shapes)


def keys(results) -> set:
    return {(r.severity, r.focus, r.shape, r.component, r.path, r.value) for r in results}


def measure(n: int, work: Path, jobs: int, shapes, ontology) -> dict:
    data = work / f"data-{n}"
    out = work / f"build-{n}"
    profiles = generate(n, data)
    settings = load(environ={}, data_dir=data, build_dir=out)
    report, build_s = timed(build, settings)
    dump = report.release.dumps / "hrgraph.ttl"

    plain, plain_s = timed(plain_pyshacl, dump, shapes, ontology)
    one, fast1_s = timed(validate_build, out, shapes, ONTOLOGY, data, jobs=1, cache=False)
    fast, fast_s = timed(validate_build, out, shapes, ONTOLOGY, data, jobs=jobs, cache=False)
    if not keys(one.results) == keys(fast.results) == keys(plain):
        raise SystemExit(f"N={n}: the fast path and plain pySHACL disagree")
    # also the in-process reference, on the very terms the fast path reads
    if keys(reference(_loaded(out), shapes, ontology)) != keys(fast.results):
        raise SystemExit(f"N={n}: the fast path and the reference disagree")

    validate_build(out, shapes, ONTOLOGY, data, jobs=jobs)  # fills the cache
    warm, warm_s = timed(validate_build, out, shapes, ONTOLOGY, data, jobs=jobs)
    changed = next(p for p in profiles if "gennevilliers" in p.name)
    text = changed.read_text(encoding="utf-8")
    changed.write_text(re.sub(r"^2020 - 2026$", "2020 - 2027", text, flags=re.M), "utf-8")
    build(settings)
    after, changed_s = timed(validate_build, out, shapes, ONTOLOGY, data, jobs=jobs)
    return {
        "profiles": n,
        "triples": report.triples,
        "results": len(fast.results),
        "build_s": build_s,
        "plain_s": plain_s,
        "fast1_s": fast1_s,
        "fast_s": fast_s,
        "processes": fast.stats.get("processes", 1),
        "warm_s": warm_s,
        "warm_validated": warm.stats["validated_units"],
        "changed_s": changed_s,
        "changed_validated": after.stats["validated_units"],
        "changed_components": after.stats["validated_components"],
    }


def _loaded(out: Path):
    from hrgraph.validate.dataset import load_build

    return load_build(out, ONTOLOGY)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="50,100,200,400", help="numbers of profiles")
    parser.add_argument("--jobs", type=int, default=0, help="worker processes (0: per CPU)")
    parser.add_argument("--json", type=Path, help="also write the rows as JSON here")
    args = parser.parse_args(argv)
    sizes = [int(s) for s in args.sizes.split(",") if s]
    shapes = load_shapes(SHAPES)
    ontology = ontology_triples(ONTOLOGY)[0]
    rows = []
    with tempfile.TemporaryDirectory(prefix="hrgraph-validate-bench-") as tmp:
        for n in sizes:
            row = measure(n, Path(tmp), args.jobs, shapes, ontology)
            rows.append(row)
            print(f"N={n}: done ({row['plain_s']:.1f} s plain)", file=sys.stderr, flush=True)
    print(f"{os.cpu_count()} CPU(s); times in seconds; per profile in milliseconds\n")
    head = (
        f"{'profiles':>8} {'triples':>8} {'plain':>7} {'fast 1':>7} {'fast':>7} "
        f"{'plain/fast':>10} {'ms/p plain':>10} {'ms/p fast':>9} {'warm':>6} "
        f"{'1 changed':>9} {'validated':>9}"
    )
    print(head)
    for r in rows:
        n = r["profiles"]
        print(
            f"{n:>8} {r['triples']:>8} {r['plain_s']:>7.2f} {r['fast1_s']:>7.2f} "
            f"{r['fast_s']:>7.2f} {r['plain_s'] / r['fast_s']:>9.1f}x "
            f"{1000 * r['plain_s'] / n:>10.1f} {1000 * r['fast_s'] / n:>9.1f} "
            f"{r['warm_s']:>6.2f} {r['changed_s']:>9.2f} "
            f"{r['changed_validated']:>3} + {r['changed_components']}"
        )
    print(
        "\nfast 1: one process; fast: one process per CPU ("
        f"{rows[-1]['processes']} used at the largest size); warm: nothing changed; "
        "1 changed: one profile edited and rebuilt; validated: graphs + cross-profile "
        "groups validated again in that run."
    )
    if args.json:
        args.json.write_text(json.dumps(rows, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
