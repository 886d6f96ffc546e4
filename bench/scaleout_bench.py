"""The serve stage on three engines in one run: ratios between them, not absolute figures.

Cases, all on 127.0.0.1 with the same load (``wrk``, one thread, ``--connections``):

  SPARQL     a member lookup (``SELECT ?p ?o { <member> ?p ?o }``) and an aggregate
             (programmes per theme), through
               embedded   ``hrgraph serve`` over the build's pyoxigraph store
               virtuoso   ``hrgraph serve --backend`` a Virtuoso loaded by ``hrgraph publish``
               direct     that Virtuoso's own /sparql (what the proxying costs)
  documents  a member's Turtle document, by suffix and by content negotiation, from
               serve      ``hrgraph serve``
               nginx      nginx over ``hrgraph export-site`` of the same build

and the resident memory of one process holding the store: opened read-only (what
every gunicorn worker does) or loaded in memory from the dumps.

The Virtuoso and nginx launchers are the tests' own (tests/engines.py). The data is
``data/`` with each profile copied ``--copies`` times under new names, as in
endpoint_bench.py.

    .venv/bin/python bench/scaleout_bench.py [--copies 60] [--seconds 4] [--rounds 3]
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path
from urllib.parse import quote

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

from engines import DBA, free_port, running_nginx, running_virtuoso  # noqa: E402

sys.path.insert(0, str(Path(__file__).resolve().parent))
from processes import HRGRAPH, WRK_DONE, a_member, built, copied_data, start_server, wrk  # noqa: E402
from processes import stop_server as stop  # noqa: E402

AGGREGATE = """SELECT ?theme (COUNT(?p) AS ?n) WHERE {
  ?p a <https://w3id.org/hrgraph/ontology#Programme> ;
     <https://w3id.org/hrgraph/ontology#theme> ?theme
} GROUP BY ?theme ORDER BY DESC(?n)"""


def serve(build_dir: Path, port: int, workers: int, log: Path, **settings) -> subprocess.Popen:
    env = {k: v for k, v in os.environ.items() if not k.startswith("HRGRAPH_")}
    env.update({f"HRGRAPH_{k.upper()}": str(v) for k, v in settings.items()})
    command = [*HRGRAPH, "serve", "--build", str(build_dir), "--port", str(port)]
    command += ["--workers", str(workers)]
    # the backend answers too, not only the server in front of it
    return start_server(command, port, log, env, wait_s=60, ask="ASK { ?s ?p ?o }")


def fetch(url: str, headers: dict) -> bytes:
    with urllib.request.urlopen(urllib.request.Request(url, headers=headers), timeout=60) as r:
        return r.read()


def rss_mb(build_dir: Path, how: str) -> float:
    """Resident memory of a process holding the store, after one full scan."""
    script = f"""
import pyoxigraph as ox, pathlib
release = pathlib.Path({str(build_dir / "current")!r}).resolve()
if {how!r} == "read-only":
    store = ox.Store.read_only(str(release / "store"))
else:
    store = ox.Store()
    store.bulk_load(path=str(release / "dumps" / "hrgraph.nq"), format=ox.RdfFormat.N_QUADS)
    store.bulk_load(path=str(release / "dumps" / "hrgraph.nt"), format=ox.RdfFormat.N_TRIPLES)
sum(1 for _ in store)
for line in open("/proc/self/status"):
    if line.startswith("VmRSS:"):
        print(int(line.split()[1]) / 1024)
"""
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True)
    return float(done.stdout.strip())


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--copies", type=int, default=60, help="copies of each profile [60]")
    parser.add_argument("--seconds", type=int, default=4, help="seconds per case [4]")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers [2]")
    parser.add_argument("--connections", type=int, default=4, help="wrk connections [4]")
    parser.add_argument("--rounds", type=int, default=3, help="rounds over all cases [3]")
    parser.add_argument("--json", type=Path, help="also write the results as JSON here")
    parser.add_argument("--build", type=Path, help="measure this build (no copies of data/)")
    args = parser.parse_args()
    if shutil.which("wrk") is None:
        print("wrk is missing (Debian package wrk)", file=sys.stderr)
        return 2
    processes: list[subprocess.Popen] = []
    with tempfile.TemporaryDirectory(prefix="hrgraph-scaleout-") as tmp_name:
        tmp = Path(tmp_name)
        os.chmod(tmp, 0o755)
        if args.build:
            build_dir = args.build.resolve()
        else:
            data = copied_data(args.copies, tmp, "scale") if args.copies else ROOT / "data"
            build_dir = built(data, tmp / "build")
        triples = sum(1 for _ in open(build_dir / "current" / "dumps" / "hrgraph.nt", "rb"))
        member = a_member(build_dir)
        lookup = f"SELECT ?p ?o WHERE {{ <{member}> ?p ?o }}"
        doc = "/doc/" + member.split("/hrgraph/", 1)[1]
        lua = tmp / "report.lua"
        lua.write_text(WRK_DONE)
        memory = {how: rss_mb(build_dir, how) for how in ("read-only", "in-memory")}
        with running_virtuoso(tmp / "virtuoso") as virtuoso:
            password = tmp / "password"
            password.write_text(DBA[1] + "\n")
            started = time.perf_counter()
            subprocess.run(
                [*HRGRAPH, "publish", "--endpoint", virtuoso.endpoint, "--graph-store",
                 virtuoso.graph_store, "--build", str(build_dir), "--user", DBA[0],
                 "--password-file", str(password), "--quiet"],
                check=True,
            )  # fmt: skip
            publish_s = time.perf_counter() - started
            try:
                ports = {"embedded": free_port(), "virtuoso": free_port()}
                processes.append(
                    serve(build_dir, ports["embedded"], args.workers, tmp / "embedded.log")
                )
                processes.append(
                    serve(
                        build_dir,
                        ports["virtuoso"],
                        args.workers,
                        tmp / "virtuoso.log",
                        backend=virtuoso.endpoint,
                    )
                )
                nginx_port = free_port()
                site = tmp / "site"
                subprocess.run(
                    [*HRGRAPH, "export-site", "--build", str(build_dir), "--out", str(site),
                     "--listen", f"127.0.0.1:{nginx_port}",
                     "--upstream", f"http://127.0.0.1:{ports['embedded']}"],
                    check=True, stdout=subprocess.DEVNULL,
                )  # fmt: skip
                prefix = site / "nginx"
                with running_nginx(prefix, prefix / "nginx.conf", nginx_port, "/robots.txt"):
                    results = run_cases(args, ports, nginx_port, virtuoso, lookup, doc, lua)
            finally:
                for process in processes:
                    stop(process)
    report(args, triples, memory, publish_s, results)
    return 0


def run_cases(args, ports, nginx_port, virtuoso, lookup, doc, lua) -> dict:
    json_results = {"Accept": "application/sparql-results+json"}
    cases = {}
    for name, query in (("lookup", lookup), ("aggregate", AGGREGATE)):
        q = "?query=" + quote(query)
        cases[("sparql", name, "embedded")] = (
            f"http://127.0.0.1:{ports['embedded']}/sparql{q}",
            json_results,
        )
        cases[("sparql", name, "virtuoso")] = (
            f"http://127.0.0.1:{ports['virtuoso']}/sparql{q}",
            json_results,
        )
        # Virtuoso itself, over the merge graph as the backend asks it
        direct = q + "&default-graph-uri=" + quote("https://w3id.org/hrgraph/graph/merged")
        cases[("sparql", name, "direct")] = (virtuoso.endpoint + direct, json_results)
    for label, path, headers in (
        ("doc .ttl", doc + ".ttl", {}),
        ("doc conneg", doc, {"Accept": "text/turtle"}),
    ):
        cases[("documents", label, "serve")] = (
            f"http://127.0.0.1:{ports['embedded']}{path}",
            headers,
        )
        cases[("documents", label, "nginx")] = (f"http://127.0.0.1:{nginx_port}{path}", headers)
    # the same answers, or the comparison means nothing
    for kind, name in {(k, n) for k, n, _ in cases}:
        if kind == "sparql":
            rows = {
                engine: len(json.loads(fetch(*cases[(kind, name, engine)]))["results"]["bindings"])
                for engine in ("embedded", "virtuoso", "direct")
            }
            if len(set(rows.values())) != 1:
                raise RuntimeError(f"{name}: the engines disagree: {rows}")
        else:
            bodies = {fetch(*cases[(kind, name, e)]) for e in ("serve", "nginx")}
            if len(bodies) != 1:
                raise RuntimeError(f"{name}: serve and nginx send different documents")
    rounds: dict = {key: [] for key in cases}
    for _ in range(args.rounds):
        for key, (url, headers) in cases.items():
            rounds[key].append(wrk(url, args.seconds, args.connections, lua, headers))
    return {
        key: sorted(found, key=lambda r: r["rps"])[len(found) // 2] for key, found in rounds.items()
    }


def report(args, triples, memory, publish_s, results) -> None:
    print(
        f"data: {triples} triples; {os.cpu_count()} cores; {args.workers} gunicorn workers; "
        f"wrk 1 thread, {args.connections} connections, {args.seconds} s per case, "
        f"median of {args.rounds} rounds"
    )
    print(f"publish to Virtuoso (first time, every graph): {publish_s:.1f} s")
    print(
        f"one process holding the store: read-only {memory['read-only']:.0f} MB RSS, "
        f"in memory {memory['in-memory']:.0f} MB RSS"
    )
    print(f"\n{'stage':<10} {'case':<11} {'engine':<9} {'req/s':>8} {'p50 ms':>8} {'p95 ms':>8} "
          f"{'errors':>6} {'ratio':>6}")  # fmt: skip
    baselines = {"sparql": "embedded", "documents": "serve"}
    for (kind, name, engine), r in results.items():
        base = results[(kind, name, baselines[kind])]["rps"]
        print(
            f"{kind:<10} {name:<11} {engine:<9} {r['rps']:8.1f} {r['p50_ms']:8.2f} "
            f"{r['p95_ms']:8.2f} {r['errors']:6d} {r['rps'] / base:6.2f}"
        )
    if args.json:
        rows = [
            {"stage": k, "case": n, "engine": e, **r}
            | {"ratio": r["rps"] / results[(k, n, baselines[k])]["rps"]}
            for (k, n, e), r in results.items()
        ]
        args.json.write_text(
            json.dumps({"triples": triples, "rss_mb": memory, "results": rows}, indent=1)
        )
    print("\nratio: req/s against the embedded store (SPARQL) or hrgraph serve (documents)")


if __name__ == "__main__":
    sys.exit(main())
