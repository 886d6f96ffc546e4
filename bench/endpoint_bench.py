"""Throughput and latency of the SPARQL endpoint against two baselines, in one run.

Servers, all under the same gunicorn settings (``hrgraph.cli.serve.gunicorn_options``:
sync workers, ``--workers`` of them, on 127.0.0.1):

  ours    ``hrgraph serve`` over the pyoxigraph store
  rdflib  a Flask endpoint written here, over an in-memory rdflib Graph loaded from
          the same build's N-Triples dump (the baseline to beat 7x)
  bare    a Flask route returning a constant (the ceiling; target: 75% of it)

Queries: a cheap lookup (one member's triples) and a text search over every literal
(``CONTAINS(LCASE(STR(?o)), ...)``). The load comes from ``wrk`` (Debian package
``wrk``), a bounded number of seconds per case, loopback only; its Lua hook reports
p50 and p95 latency.

The data in ``data/`` is small, so by default its profiles are copied under new
names (``--copies``) into a temporary data folder and built, to give the store and
the rdflib graph a meaningful size.

    .venv/bin/python bench/endpoint_bench.py [--copies 60] [--seconds 4] [--rounds 3]

``--pages`` times the pages for people instead, in-process (Flask's test client, one
thread, no wrk): an HTML 404 with its suggestions, ``/members``, a member's page, a
search with a typo, ``/themes``, each after one warm-up request.

    .venv/bin/python bench/endpoint_bench.py --pages [--copies 60] [--seconds 3]
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
import time
import urllib.request
from pathlib import Path
from urllib.parse import quote

sys.path.insert(0, str(Path(__file__).resolve().parent))
from processes import WRK_DONE, a_member, built, copied_data, free_port, wrk  # noqa: E402
from processes import start_server as start  # noqa: E402
from processes import stop_server as stop  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
# Servers --------------------------------------------------------------------------------


def rdflib_app(dump: Path):
    """The baseline: Flask over an in-memory rdflib Graph, JSON results."""
    from flask import Flask, Response, request
    from rdflib import Graph

    from hrgraph.rdf.namespaces import bind_prefixes

    graph = Graph()
    graph.parse(dump, format="nt")
    bind_prefixes(graph)
    app = Flask("rdflib-baseline")

    @app.route("/sparql")
    def sparql():
        result = graph.query(request.args["query"])
        return Response(result.serialize(format="json"), mimetype="application/sparql-results+json")

    return app


def bare_app():
    from flask import Flask, Response

    app = Flask("bare")
    body = b'{"head":{"vars":[]},"results":{"bindings":[]}}'

    @app.route("/sparql")
    def sparql():
        return Response(body, mimetype="application/sparql-results+json")

    return app


def serve(kind: str, port: int, workers: int, dump: str | None) -> None:
    """Run one baseline under gunicorn with the endpoint's own options."""
    from hrgraph.cli.serve import gunicorn_options, run_gunicorn
    from hrgraph.settings import load

    settings = load(environ={}, host="127.0.0.1", port=port, workers=workers)
    app = rdflib_app(Path(dump)) if kind == "rdflib" else bare_app()
    run_gunicorn(app, gunicorn_options(settings))


# Data -----------------------------------------------------------------------------------


def count_triples(build_dir: Path) -> int:
    with open(build_dir / "current" / "dumps" / "hrgraph.nt", "rb") as f:
        return sum(1 for _ in f)


# Load -----------------------------------------------------------------------------------


def measure(port: int, query: str, seconds: int, connections: int, lua: Path) -> dict:
    url = f"http://127.0.0.1:{port}/sparql?query={quote(query)}"
    return wrk(url, seconds, connections, lua)


def check_same_answer(ports: dict[str, int], query: str) -> None:
    """ours and rdflib must agree on the number of rows, or the comparison means nothing."""
    import json

    counts = {}
    for name in ("ours", "rdflib"):
        url = f"http://127.0.0.1:{ports[name]}/sparql?query={quote(query)}"
        request = urllib.request.Request(url, headers={"Accept": "application/sparql-results+json"})
        counts[name] = len(json.load(urllib.request.urlopen(request))["results"]["bindings"])
    if counts["ours"] != counts["rdflib"]:
        raise RuntimeError(f"ours and rdflib disagree on {query!r}: {counts}")
    print(f"  rows: {counts['ours']}  ({query[:70]}...)")


PAGES = {
    "404 page": "/id/territory/fr/genevilier",
    "/members": "/members?lang=fr",
    "member page": "/doc/id/territory/fr/gennevilliers",
    "search, typo": "/search?q=genevilier",
    "/themes": "/themes",
}


def measure_pages(build_dir: Path, seconds: float) -> None:
    """Mean time per request of each page, in-process."""
    from hrgraph.settings import load
    from hrgraph.web.app import create_app

    client = create_app(load(environ={}, build_dir=build_dir)).test_client()
    for label, path in PAGES.items():
        status = client.get(path, headers={"Accept": "text/html"}).status_code
        n, started = 0, time.perf_counter()
        while time.perf_counter() - started < seconds:
            client.get(path, headers={"Accept": "text/html"})
            n += 1
        mean_ms = (time.perf_counter() - started) / n * 1000
        print(f"  {label:<14} {status}  {mean_ms:8.2f} ms  ({n} requests)")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--copies", type=int, default=60, help="copies of each profile [60]")
    parser.add_argument("--seconds", type=int, default=4, help="seconds per case [4]")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers [2]")
    parser.add_argument("--connections", type=int, default=4, help="wrk connections [4]")
    parser.add_argument("--rounds", type=int, default=3, help="rounds over all cases [3]")
    parser.add_argument("--pages", action="store_true", help="time the HTML pages in-process")
    parser.add_argument("--serve", choices=["rdflib", "bare"], help=argparse.SUPPRESS)
    parser.add_argument("--port", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--dump", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.serve:
        serve(args.serve, args.port, args.workers, args.dump)
        return 0
    if args.pages:
        with tempfile.TemporaryDirectory(prefix="hrgraph-bench-") as tmp:
            data = copied_data(args.copies, Path(tmp)) if args.copies else ROOT / "data"
            build_dir = built(data, Path(tmp) / "build")
            print(f"data: {count_triples(build_dir)} triples; in-process, one thread")
            measure_pages(build_dir, args.seconds)
        return 0
    if shutil.which("wrk") is None:
        print("error: wrk is not installed (apt-get install wrk)", file=sys.stderr)
        return 2

    with tempfile.TemporaryDirectory(prefix="hrgraph-bench-") as tmp:
        tmp = Path(tmp)
        data = copied_data(args.copies, tmp) if args.copies else ROOT / "data"
        started = time.perf_counter()
        build_dir = built(data, tmp / "build")
        member = a_member(build_dir)
        print(
            f"data: {count_triples(build_dir)} triples "
            f"(built in {time.perf_counter() - started:.1f} s); {os.cpu_count()} cores; "
            f"{args.workers} gunicorn workers each; wrk 1 thread, {args.connections} connections, "
            f"{args.seconds} s per case, median of {args.rounds} rounds"
        )
        queries = {
            "lookup": f"SELECT ?p ?o WHERE {{ <{member}> ?p ?o }}",
            "text search": (
                "SELECT ?s ?p ?o WHERE { ?s ?p ?o "
                'FILTER(isLiteral(?o) && CONTAINS(LCASE(STR(?o)), "human rights")) }'
            ),
        }
        lua = tmp / "report.lua"
        lua.write_text(WRK_DONE)
        env = {k: v for k, v in os.environ.items() if not k.startswith("HRGRAPH_")}
        env["HRGRAPH_MAX_ROWS"] = "100000"  # measure the engine, not the row cap
        ports = {name: free_port() for name in ("ours", "rdflib", "bare")}
        me = [sys.executable, str(Path(__file__).resolve())]
        dump = build_dir / "current" / "dumps" / "hrgraph.nt"
        commands = {
            "ours": [sys.executable, "-m", "hrgraph.cli", "serve", "--build", str(build_dir)]
            + ["--port", str(ports["ours"]), "--workers", str(args.workers)],
            "rdflib": me
            + ["--serve", "rdflib", "--port", str(ports["rdflib"]), "--dump", str(dump)]
            + ["--workers", str(args.workers)],
            "bare": me
            + ["--serve", "bare", "--port", str(ports["bare"])]
            + ["--workers", str(args.workers)],
        }
        processes = {}
        try:
            for name, command in commands.items():
                processes[name] = start(command, ports[name], tmp / f"{name}.log", env)
            for query in queries.values():
                check_same_answer(ports, query)
            cases = [("ours", label) for label in queries] + [
                ("rdflib", label) for label in queries
            ]
            cases.append(("bare", "constant"))
            for name, label in cases:  # warm up
                measure(ports[name], queries.get(label, "ASK {}"), 1, args.connections, lua)
            # Rounds interleave the cases, so a passing load on the machine hits them all
            # alike; each case reports its median round.
            rounds: dict[tuple[str, str], list[dict]] = {case: [] for case in cases}
            for _ in range(args.rounds):
                for name, label in cases:
                    query = queries.get(label, "ASK {}")
                    rounds[(name, label)].append(
                        measure(ports[name], query, args.seconds, args.connections, lua)
                    )
            results = {
                case: sorted(runs, key=lambda r: r["rps"])[len(runs) // 2]
                for case, runs in rounds.items()
            }
        finally:
            for process in processes.values():
                stop(process)

    print(f"\n{'server':8} {'query':12} {'req/s':>9} {'p50 ms':>8} {'p95 ms':>8} {'errors':>7}")
    for (name, label), r in results.items():
        print(
            f"{name:8} {label:12} {r['rps']:9.1f} {r['p50_ms']:8.2f} {r['p95_ms']:8.2f} "
            f"{r['errors']:7d}"
        )
    bare = results[("bare", "constant")]["rps"]
    print()
    for label in queries:
        ours, base = results[("ours", label)]["rps"], results[("rdflib", label)]["rps"]
        print(f"{label:12} ours/rdflib = {ours / base:6.1f}x   ours/bare = {ours / bare:5.0%}")
    print("targets: text search ours/rdflib >= 7x; lookup ours/bare >= 75%")
    return 0


if __name__ == "__main__":
    sys.exit(main())
