"""Load on localhost: many concurrent clients mixing example queries, lookups, member
pages, search and downloads against a real gunicorn server; then the same while a new
build is published underneath (every answer whole, from one release or the other).
The fast subset runs a few seconds of it; the full run 100 clients for 60 s."""

from __future__ import annotations

import asyncio
import shutil
import statistics
import threading
import time

import httpx

from helpers import DATA, FIXTURE_PROFILES, build_into
from reliability.conftest import scale
from web.server.conftest import running

QUERIES = sorted((DATA.parents[2] / "queries").glob("*.rq"))
PATHS = [
    ("GET", "/id/territory/fr/gennevilliers", {"Accept": "text/turtle"}),
    ("GET", "/doc/id/territory/fr/gennevilliers", {"Accept": "text/html"}),
    ("GET", "/members", {}),
    ("GET", "/search?q=rabat", {}),
    ("GET", "/dumps/hrgraph.ttl", {}),
    ("GET", "/healthz", {}),
]


async def client(http: httpx.AsyncClient, stop: float, n: int, out: dict) -> None:
    k = n
    while time.monotonic() < stop:
        k += 1
        start = time.monotonic()
        try:
            if k % 3 == 0:
                query = QUERIES[k % len(QUERIES)].read_text("utf-8")
                reply = await http.post("/sparql", data={"query": query},
                                        headers={"Accept": "application/sparql-results+json"})  # fmt: skip
            else:
                method, path, headers = PATHS[k % len(PATHS)]
                reply = await http.request(method, path, headers=headers, follow_redirects=True)
            await reply.aread()
            ok = reply.status_code == 200 and reply.headers.get("content-length") in (
                None, str(len(reply.content)))  # fmt: skip
            out["releases"].add(reply.headers.get("X-Hrgraph-Release"))
        except httpx.HTTPError as e:
            ok, reply = False, e
        out["latency"].append(time.monotonic() - start)
        if not ok:
            out["errors"].append(repr(reply)[:200])


async def load(port: int, clients: int, seconds: float) -> dict:
    out = {"latency": [], "errors": [], "releases": set()}
    limits = httpx.Limits(max_connections=clients)
    async with httpx.AsyncClient(base_url=f"http://127.0.0.1:{port}", limits=limits,
                                 timeout=60) as http:  # fmt: skip
        stop = time.monotonic() + seconds
        await asyncio.gather(*(client(http, stop, n, out) for n in range(clients)))
    return out


def summary(out: dict, seconds: float) -> dict:
    lat = sorted(out["latency"])
    q = statistics.quantiles(lat, n=100) if len(lat) > 1 else [0] * 99
    return {"requests": len(lat), "errors": len(out["errors"]),
            "throughput_rps": round(len(lat) / seconds, 1), "p50_ms": round(q[49] * 1000, 1),
            "p95_ms": round(q[94] * 1000, 1), "p99_ms": round(q[98] * 1000, 1)}  # fmt: skip


def test_load_then_load_while_publishing(tmp_path, figures):
    out_dir = tmp_path / "build"
    build_into(out_dir)
    data = tmp_path / "data"
    shutil.copytree(DATA, data)
    (data / "profiles" / "es").mkdir(exist_ok=True)
    shutil.copy(FIXTURE_PROFILES / "es" / "villa-esperanza.txt", data / "profiles" / "es")
    clients, seconds = scale(10, 100), scale(3, 60)
    with running(out_dir, tmp_path) as server:
        steady = asyncio.run(load(server.port, clients, seconds))
        publisher = threading.Thread(target=lambda: build_into(out_dir, data=data))
        publisher.start()
        swapping = asyncio.run(load(server.port, clients, max(seconds, 4)))
        publisher.join()
    figures("load", {"clients": clients, "seconds": seconds, **summary(steady, seconds)})
    figures("load_publishing", {"clients": clients, **summary(swapping, max(seconds, 4)),
                                "releases_seen": len(swapping["releases"] - {None})})  # fmt: skip
    assert steady["errors"] == [] and swapping["errors"] == []
    assert steady["latency"] and swapping["latency"]


def test_workers_killed_under_load_are_replaced_and_errors_bounded(tmp_path, figures):
    """SIGKILL a gunicorn worker now and then while clients keep asking: the arbiter
    forks a new one, and a sync worker holds one request at a time, so at most one
    answer is lost per kill; the server answers normally afterwards."""
    import os
    import random
    import signal

    out_dir = tmp_path / "build"
    build_into(out_dir)
    clients, seconds, kills = scale(10, 50), scale(4, 20), scale(3, 10)
    rng = random.Random(17)
    killed: list[int] = []
    with running(out_dir, tmp_path) as server:
        result: dict = {}
        loader = threading.Thread(
            target=lambda: result.update(asyncio.run(load(server.port, clients, seconds)))
        )
        loader.start()
        for _ in range(kills):
            time.sleep(seconds / (kills + 1))
            victim = rng.choice(sorted(server.workers()))
            os.kill(victim, signal.SIGKILL)
            killed.append(victim)
        loader.join()
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline and len(server.workers() - set(killed)) < 2:
            time.sleep(0.1)
        workers = server.workers()
        assert server.get({"query": "ASK { ?s a hrg:Member }"}).status == 200
    figures("load_worker_kills", {"clients": clients, "kills": len(killed),
                                  **summary(result, seconds), "workers_after": len(workers)})  # fmt: skip
    assert len(workers) == 2 and not workers & set(killed)  # each killed worker replaced
    assert len(result["errors"]) <= len(killed), result["errors"]
    assert len(result["latency"]) > len(killed)
