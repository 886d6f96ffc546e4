"""Every stage of the pipeline against its baseline, measured in the same run.

    .venv/bin/python bench/run.py --tier 1000          # or: make bench TIER=1000

A tier is a number of synthetic profiles (``bench/generate.py``, seed-deterministic).
Stages (``--stages``, all by default):

  build     ``hrgraph build`` vs the straightforward rdflib pipeline (``baselines.py
            build``): wall time, peak RSS, triples
  validate  ``hrgraph validate`` vs whole-graph pySHACL, which may be bounded by
            ``--pyshacl-timeout`` (then the ratio is a lower bound, marked >=)
  queries   each example query (``queries/*.rq``) and a text search on the release's
            store vs rdflib's engine on the same graph, answers compared
  serve     ``hrgraph serve`` vs ten-line Flask endpoints over rdflib and an in-memory
            pyoxigraph store and a bare Flask route, under wrk, queries rotating over
            300 resources and 10 words: lookup, text search, CONSTRUCT of one member,
            a member's page
  scaleout  ``scaleout_bench.py`` on the same build: /sparql on the embedded store, through
            ``serve --backend`` Virtuoso and on Virtuoso itself; documents from ``hrgraph
            serve`` and from nginx over ``export-site``
  harvest   the HTML converter (``harvest/html2text.py``) in pages per second, one core

It prints a table (time, peak RSS, triples, ratio, target met or missed), writes
``bench/results/<date>.json`` (one entry per tier) and rewrites the summary table and
chart in ``bench/README.md``. The machine has other work on it now and then: compare
the ratios, which come from one run, rather than the absolute figures.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import quote

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))

import generate  # noqa: E402  (bench/generate.py, beside this file)
from processes import WRK_DONE, free_port, start_server, stop_server, wrk  # noqa: E402

STAGES = ("build", "validate", "queries", "serve", "scaleout", "harvest")
# The tiers the targets are set at: the endpoint's ratios and p95 at 1,000
# profiles (served from memory), build, re-validation, queries and memory at 10,000.
# At other tiers the same rows are reported, not judged.
ENDPOINT_TIER = 1_000
LARGE_TIER = 10_000
WORDS = (
    "rights",
    "droits",
    "derechos",
    "families",
    "jeunes",
    "ciudad",
    "network",
    "habitants",
    "solidarity",
    "council",
)
MARK_START, MARK_END = "<!-- bench:summary -->", "<!-- /bench:summary -->"


@dataclass
class Row:
    stage: str
    case: str
    ours: float | None  # seconds, or requests/s / pages/s when ``unit`` says so
    baseline: float | None = None
    baseline_name: str = ""
    unit: str = "s"
    ours_rss_mb: float | None = None
    baseline_rss_mb: float | None = None
    triples: int | None = None
    ratio: float | None = None  # how many times better ours is (>1: ours wins)
    bound: bool = False  # the baseline was cut short: the ratio is a lower bound
    target: str = ""
    met: bool | None = None
    note: str = ""
    extra: dict = field(default_factory=dict)


# Processes ------------------------------------------------------------------------------


def timed_run(command: list[str], timeout: float | None = None, env=None) -> dict:
    """Run ``command``; its wall time, peak RSS (MB), stdout, and whether it finished."""
    started = time.perf_counter()
    process = subprocess.Popen(
        command,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        cwd=ROOT,
        env=env,
        start_new_session=True,  # its own process group: a timeout stops its children too
    )
    try:
        out, err = process.communicate(timeout=timeout)
        finished = True
    except subprocess.TimeoutExpired:
        # the measuring wrapper's child holds the pipes: killing the wrapper alone
        # would leave it running, and this waiting for it
        os.killpg(process.pid, signal.SIGKILL)
        out, err = process.communicate()
        finished = False
    seconds = time.perf_counter() - started
    return {
        "seconds": seconds,
        "rss_mb": None,
        "stdout": out.decode("utf-8", "replace"),
        "stderr": err.decode("utf-8", "replace"),
        "finished": finished,
        "code": process.returncode,
    }


def measured(command: list[str], timeout: float | None = None, env=None) -> dict:
    """``timed_run`` in a fresh interpreter that reports its child's own peak RSS
    (getrusage keeps only the largest child ever, so each command gets its own parent)."""
    wrapper = [
        sys.executable,
        "-c",
        "import resource, subprocess, sys, json;"
        "code = subprocess.call(sys.argv[1:]);"
        "usage = resource.getrusage(resource.RUSAGE_CHILDREN);"
        "print('PEAK', usage.ru_maxrss, file=sys.stderr);"
        "print('CPU', usage.ru_utime + usage.ru_stime, file=sys.stderr); sys.exit(code)",
        *command,
    ]
    result = timed_run(wrapper, timeout, env)
    found = re.findall(r"^PEAK (\d+)$", result["stderr"], re.MULTILINE)
    result["rss_mb"] = int(found[-1]) / 1024 if found else None
    cpu = re.findall(r"^CPU ([\d.]+)$", result["stderr"], re.MULTILINE)
    result["cpu_seconds"] = float(cpu[-1]) if cpu else None
    return result


def hrgraph(*args: str) -> list[str]:
    return [sys.executable, "-m", "hrgraph.cli", *args]


def baseline(*args: str) -> list[str]:
    return [sys.executable, str(HERE / "baselines.py"), *args]


def workers_rss_mb(master: int) -> float:
    """The largest peak RSS (VmHWM) among a gunicorn master's workers."""
    peak = 0
    for status in Path("/proc").glob("[0-9]*/status"):
        try:
            text = status.read_text()
        except OSError:
            continue
        if re.search(rf"^PPid:\s+{master}$", text, re.MULTILINE):
            found = re.search(r"^VmHWM:\s+(\d+) kB", text, re.MULTILINE)
            peak = max(peak, int(found.group(1)) if found else 0)
    return peak / 1024


# Stages ---------------------------------------------------------------------------------


def stage_build(data: Path, work: Path, args) -> tuple[list[Row], Path]:
    out = work / "build"
    ours = measured(hrgraph("build", "--data", str(data), "--out", str(out), "--quiet"))
    if not (out / "current").exists():
        raise RuntimeError(f"hrgraph build failed: {ours['stderr'][-2000:]}")
    manifest = json.loads((out / "current" / "manifest.json").read_text("utf-8"))
    row = Row(
        "build",
        "parse+map+dump+store",
        ours["seconds"],
        ours_rss_mb=ours["rss_mb"],
        triples=manifest["triples"],
        baseline_name="rdflib pipeline",
        target=f"< 120 s and < 2 GB at {LARGE_TIER:,}; >= 5x rdflib",
    )
    if args.baseline_build:
        base = measured(
            baseline("build", "--data", str(data), "--out", str(work / "rdflib-dumps")),
            timeout=args.baseline_timeout,
        )
        row.baseline, row.baseline_rss_mb = base["seconds"], base["rss_mb"]
        row.bound = not base["finished"]
        row.ratio = base["seconds"] / ours["seconds"]
        if base["finished"] and base["code"] == 0:
            row.extra["baseline_triples"] = json.loads(base["stdout"].splitlines()[-1])["triples"]
        row.note = _cpu_note(ours, base)
    faster = row.ratio is None or row.ratio >= 5
    if args.tier >= LARGE_TIER:
        row.met = ours["seconds"] < 120 and (ours["rss_mb"] or 0) < 2048 and faster
    elif row.ratio is not None:
        row.met = faster
    return [row], out


def _cpu_note(ours: dict, base: dict) -> str:
    """Processor time (user + system) beside the wall time: on a machine other work
    shares, the wall time of each side depends on what ran beside it."""
    if not (ours.get("cpu_seconds") and base.get("cpu_seconds")):
        return ""
    a, b = ours["cpu_seconds"], base["cpu_seconds"]
    return f"processor time {a:.1f} s vs {b:.1f} s ({b / a:.2f}x)" + (
        " (baseline cut short)" if not base["finished"] else ""
    )


def stage_validate(build: Path, args) -> list[Row]:
    ours = measured(hrgraph("validate", "--build", str(build)))
    row = Row(
        "validate",
        "whole build",
        ours["seconds"],
        ours_rss_mb=ours["rss_mb"],
        baseline_name="pySHACL, whole graph",
        target=">= 4x pySHACL",
        note=f"exit {ours['code']}",
    )
    base = measured(baseline("pyshacl", "--build", str(build)), timeout=args.pyshacl_timeout)
    row.baseline, row.baseline_rss_mb = base["seconds"], base["rss_mb"]
    row.bound = not base["finished"]
    row.ratio = base["seconds"] / ours["seconds"]
    # a lower bound under the target says nothing either way
    row.met = True if row.ratio >= 4 else (None if row.bound else False)
    if row.bound:
        row.note += (
            f"; pySHACL on the whole graph did not finish within {args.pyshacl_timeout:.0f} s "
            "and was stopped, so the ratio is a lower bound (>=)"
        )
    elif base["code"] == 0:
        verdict = json.loads(base["stdout"].splitlines()[-1])
        row.note += f"; pySHACL conforms={verdict['conforms']}"
    rows = [row]
    incremental = HERE / "incremental_validate.py"
    if incremental.exists() and args.incremental:
        one = measured([sys.executable, str(incremental), "--build", str(build)])
        if one["code"] == 0:
            answer = json.loads(one["stdout"].splitlines()[-1])
            seconds = answer["seconds"]
            rows.append(
                Row(
                    "validate",
                    "one changed profile",
                    seconds,
                    ours_rss_mb=one["rss_mb"],
                    target=f"< 0.5 s at {LARGE_TIER:,}",
                    met=seconds < 0.5 if args.tier >= LARGE_TIER else None,
                    note=f"validate's own time; {answer['wall']:.2f} s for the whole command "
                    "(the interpreter's start and imports included)",
                )
            )
    return rows


def example_queries() -> dict[str, str]:
    from hrgraph.settings import load

    folder = Path(load(environ={}).queries_dir)
    found = {p.stem: p.read_text("utf-8") for p in sorted(folder.glob("*.rq"))}
    found["text-search"] = text_search(WORDS[0])
    return found


def text_search(word: str) -> str:
    return (
        "SELECT ?s ?p ?o WHERE { ?s ?p ?o "
        f'FILTER(isLiteral(?o) && CONTAINS(LCASE(STR(?o)), "{word}")) }} LIMIT 50'
    )


def _ox_term(term) -> list | None:
    import pyoxigraph as ox

    if term is None:
        return None
    if isinstance(term, ox.Literal):
        return ["literal", term.value, term.language or term.datatype.value]
    return ["iri", term.value, ""]


NUMERIC = re.compile(r"#(integer|decimal|double|float|long|int)$")


def _same_term(term) -> tuple | None:
    """A term compared by value: numbers as rounded floats, plain strings as xsd:string."""
    if term is None:
        return None
    kind, value, extra = term
    if kind == "literal" and NUMERIC.search(extra):
        return ("number", round(float(value), 6))
    if kind == "literal" and extra in ("", "http://www.w3.org/2001/XMLSchema#string"):
        return ("string", value)
    return tuple(term)


def _answer(rows: list, limited: bool, concat: bool):
    """What must agree: every row (as a multiset), or only the count when the query
    takes an unordered LIMIT (engines may pick different rows). GROUP_CONCAT joins in
    no defined order, so its words are compared as a sorted list."""
    if limited:
        return len(rows)

    def same(term):
        found = _same_term(term)
        if concat and found and found[0] == "string":
            return ("words", tuple(sorted(found[1].split())))
        return found

    return sorted((tuple(same(t) for t in row) for row in rows), key=repr)


ORDER_BY = re.compile(r"\bORDER\s+BY\b[^}]*$", re.IGNORECASE)


def _unsorted_seconds(store_path: Path, text: str) -> float:
    """The time of ``text`` without its closing ORDER BY: what the sort costs."""
    import pyoxigraph as ox

    from hrgraph.store import query as q

    store = ox.Store.read_only(str(store_path))
    started = time.perf_counter()
    result = q.run(store, ORDER_BY.sub("", text))
    for solution in result.value:
        [solution[v] for v in result.value.variables]
    return time.perf_counter() - started


def stage_queries(build: Path, work: Path, args) -> list[Row]:
    import pyoxigraph as ox

    from hrgraph.store import query as q
    from hrgraph.store.embedded import open_store

    store, release = open_store(build)
    store_path = release.store_path
    texts = example_queries()
    ours = {}
    for name, text in texts.items():
        times = []
        for _ in range(args.query_rounds):
            started = time.perf_counter()
            result = q.run(store, text)
            rows = (
                [[_ox_term(s[v]) for v in result.variables] for s in result.value]
                if result.kind == "select"
                else list(result.value)
            )
            times.append(time.perf_counter() - started)
        ours[name] = (statistics.median(times), rows if result.kind == "select" else [])
    del store
    assert ox  # pyoxigraph terms are read above
    listing = work / "queries.json"
    listing.write_text(json.dumps(texts), "utf-8")
    dump = build / "current" / "dumps" / "hrgraph.nt"
    base = timed_run(
        baseline("queries", "--dump", str(dump), "--queries", str(listing)),
        timeout=args.rdflib_query_timeout,
    )
    theirs = {}
    for line in base["stdout"].splitlines():
        if line.startswith("{"):
            found = json.loads(line)
            theirs[found["name"]] = found
    rows = []
    for name, text in texts.items():
        seconds, answer = ours[name]
        row = Row(
            "queries",
            name,
            seconds,
            baseline_name="rdflib engine",
            target=f"< 1 s at {LARGE_TIER:,}",
            extra={"rows": len(answer)},
        )
        if args.tier >= LARGE_TIER:
            row.met = seconds < 1
            if not row.met and ORDER_BY.search(text):
                unsorted = _unsorted_seconds(store_path, text)
                row.extra["without_order_by"] = unsorted
                share = max(0.0, 1 - unsorted / seconds)
                row.note = (
                    f"{len(answer):,} rows, {_fmt(unsorted, 's')} without its ORDER BY: "
                    f"sorting that many rows from the store is {share:.0%} of the time; "
                )
        other = theirs.get(name)
        if other:
            row.baseline = other["seconds"]
            row.ratio = other["seconds"] / seconds if seconds else None
            limited = bool(re.search(r"\bLIMIT\b", text)) and not re.search(r"ORDER\s+BY", text)
            concat = "GROUP_CONCAT" in text.upper()
            same = _answer(answer, limited, concat) == _answer(other["rows"], limited, concat)
            row.note += "same answers" if same else "ANSWERS DIFFER"
            if limited:
                row.note += " (row count: unordered LIMIT)"
        else:
            row.bound = True
            row.note += f"rdflib did not finish within {args.rdflib_query_timeout:.0f} s"
        rows.append(row)
    return rows


def wrk_script(paths: list[str], accept: str, path: Path) -> Path:
    """A wrk script that rotates over ``paths`` (one thread: one Lua state, one cycle)."""
    items = ",\n".join(json.dumps(p) for p in paths)
    path.write_text(
        f"local paths = {{\n{items}\n}}\nlocal i = 0\n"
        "request = function()\n  i = i % #paths + 1\n"
        f'  return wrk.format("GET", paths[i], {{Accept = {json.dumps(accept)}}})\nend\n'
        + WRK_DONE,
        "utf-8",
    )
    return path


def resources(build: Path, count: int) -> tuple[list[str], list[str], list[str]]:
    """(``count`` subjects spread over the data, members, their page paths)."""
    from hrgraph.store.embedded import open_store

    store, release = open_store(build)
    subjects = sorted({t.subject.value for t in store.quads_for_pattern(None, None, None, None)})
    members = sorted(
        s["m"].value
        for s in store.query(
            "SELECT DISTINCT ?m { ?m a <https://w3id.org/hrgraph/ontology#Member> }"
        )
    )
    base = json.loads((release.path / "manifest.json").read_text("utf-8"))["base_uri"]
    del store
    step = max(1, len(subjects) // count)
    spread = subjects[::step][:count]
    members = members[:: max(1, len(members) // count)][:count]
    pages = ["/doc/" + m[len(base) :] for m in members if m.startswith(base)]
    return spread, members, pages


def stage_serve(build: Path, work: Path, args) -> list[Row]:
    if shutil.which("wrk") is None:
        missing = "skipped: wrk is not installed (apt-get install wrk)"
        return [Row("serve", "all", None, note=missing)]
    spread, members, pages = resources(build, 300)
    lookups = ["/sparql?query=" + quote(f"SELECT ?p ?o WHERE {{ <{r}> ?p ?o }}") for r in spread]
    searches = ["/sparql?query=" + quote(text_search(w)) for w in WORDS]
    constructs = [
        "/sparql?query=" + quote(f"CONSTRUCT {{ <{m}> ?p ?o }} WHERE {{ <{m}> ?p ?o }}")
        for m in members
    ]
    json_results = "application/sparql-results+json"
    cases = {
        "lookup": (lookups, json_results, ("ours", "oxigraph", "rdflib", "bare")),
        "text search": (searches, json_results, ("ours", "oxigraph", "rdflib")),
        "construct member": (constructs, "text/turtle", ("ours", "oxigraph", "rdflib")),
        "member page": (pages, "text/html", ("ours", "bare")),
    }
    servers = ("ours", "oxigraph", "rdflib", "bare")
    if not args.rdflib_serve:
        servers = ("ours", "oxigraph", "bare")
    ports = {name: free_port() for name in servers}
    dump = build / "current" / "dumps" / "hrgraph.nt"
    env = {k: v for k, v in os.environ.items() if not k.startswith("HRGRAPH_")}
    workers = str(args.workers)
    commands = {
        "ours": hrgraph("serve", "--build", str(build), "--port", str(ports["ours"]))
        + ["--workers", workers],
        **{
            kind: baseline("serve", "--kind", kind, "--port", str(ports[kind]))
            + ["--dump", str(dump), "--workers", workers]
            for kind in servers
            if kind != "ours"
        },
    }
    scripts = {
        label: wrk_script(paths, accept, work / f"wrk-{label.replace(' ', '-')}.lua")
        for label, (paths, accept, _) in cases.items()
    }
    plan = [(s, label) for label, (_, _, who) in cases.items() for s in who if s in servers]
    processes = {}
    rounds: dict[tuple[str, str], list[dict]] = {case: [] for case in plan}
    rss = {}
    try:
        for name, command in commands.items():
            processes[name] = start_server(command, ports[name], work / f"{name}.log", env)
        urls = {name: f"http://127.0.0.1:{port}/" for name, port in ports.items()}
        for server, label in plan:  # warm-up: every path once
            wrk(urls[server], 1, args.connections, scripts[label])
        for _ in range(args.rounds):  # interleaved, so passing load hits every case alike
            for server, label in plan:
                measured_round = wrk(urls[server], args.seconds, args.connections, scripts[label])
                rounds[(server, label)].append(measured_round)
        rss = {name: workers_rss_mb(p.pid) for name, p in processes.items()}
    finally:
        for process in processes.values():
            stop_server(process)
    median = {
        case: sorted(runs, key=lambda r: r["rps"])[len(runs) // 2] for case, runs in rounds.items()
    }
    judged = args.tier == ENDPOINT_TIER
    targets = {
        ("lookup", "bare"): 0.75,
        ("lookup", "oxigraph"): 0.9,
        ("text search", "oxigraph"): 0.9,
        ("text search", "rdflib"): 50,
    }
    rows = []
    for label, (_, _, who) in cases.items():
        ours = median[("ours", label)]
        for other in who[1:]:
            if other not in servers:
                continue
            theirs = median[(other, label)]
            ratio = ours["rps"] / theirs["rps"] if theirs["rps"] else None
            goal = targets.get((label, other))
            row = Row(
                "serve",
                label,
                ours["rps"],
                theirs["rps"],
                f"{other} endpoint" if other != "bare" else "bare Flask route",
                unit="req/s",
                ours_rss_mb=rss.get("ours"),
                baseline_rss_mb=rss.get(other),
                ratio=ratio,
                target=f">= {goal}x at {ENDPOINT_TIER:,}" if goal else "",
                met=(ratio >= goal) if goal and judged and ratio is not None else None,
                note=f"p50 {ours['p50_ms']:.2f} ms, p95 {ours['p95_ms']:.2f} ms; theirs p95 "
                f"{theirs['p95_ms']:.2f} ms; errors {ours['errors']}/{theirs['errors']}",
                extra={"ours": ours, "theirs": theirs},
            )
            rows.append(row)
        if label == "lookup":
            rows.append(
                Row(
                    "serve",
                    "lookup p95",
                    ours["p95_ms"] / 1000,
                    target=f"< 10 ms at {ENDPOINT_TIER:,}",
                    met=ours["p95_ms"] < 10 if judged else None,
                )
            )
    if rss.get("ours"):
        rows.append(
            Row(
                "serve",
                "worker peak RSS",
                None,
                ours_rss_mb=rss["ours"],
                target=f"< 600 MB at {LARGE_TIER:,}",
                met=rss["ours"] < 600 if args.tier >= LARGE_TIER else None,
            )
        )
    return rows


HTML_PAGE = """<!DOCTYPE html>
<html lang="{lang}"><head><meta charset="utf-8"><title>{title} | UCLG</title></head>
<body><header><nav><ul><li><a href="/">Home</a></li><li><a href="/news">News</a></li>
</ul></nav></header>
<main><h1>{title}</h1>
{body}
</main><footer><p>United Cities and Local Governments</p></footer></body></html>
"""


def html_pages(data: Path, count: int) -> list[bytes]:
    """Profile pages as the campaign site might serve them, from synthetic profiles."""
    from html import escape

    pages = []
    for path in sorted((data / "profiles").rglob("*.txt"))[:count]:
        lines = path.read_text("utf-8").splitlines()
        body = []
        for line in lines[1:]:
            text = line.strip()
            if not text:
                continue
            if text.startswith("•"):
                body.append(f"<ul><li><strong>{escape(text[1:].strip())}</strong></li></ul>")
            elif text.isupper():
                body.append(f"<h2>{escape(text)}</h2>")
            else:
                body.append(f"<p>{escape(text)}</p>")
        page = HTML_PAGE.format(lang=path.parent.name, title=escape(lines[0]), body="\n".join(body))
        pages.append(page.encode("utf-8"))
    return pages


def stage_scaleout(build: Path, work: Path, args) -> list[Row]:
    """The scale-out engines on this build, each ratio against the first row of its
    group (the embedded store for SPARQL, ``hrgraph serve`` for documents)."""
    if shutil.which("wrk") is None:
        return [
            Row("scaleout", "all", None, note="skipped: wrk is not installed (apt-get install wrk)")
        ]
    out = work / "scaleout.json"
    command = [sys.executable, str(HERE / "scaleout_bench.py"), "--build", str(build)]
    command += ["--seconds", str(args.seconds), "--rounds", str(args.rounds)]
    command += ["--workers", str(args.workers), "--json", str(out)]
    done = subprocess.run(command, capture_output=True, text=True, cwd=ROOT)
    if done.returncode != 0:
        raise RuntimeError(f"scaleout_bench.py failed: {done.stderr[-2000:]}")
    found = json.loads(out.read_text("utf-8"))
    first = {}
    rows = []
    for r in found["results"]:
        group = (r["stage"], r["case"])
        first.setdefault(group, (r["engine"], r["rps"]))
        rows.append(
            Row(
                "scaleout",
                f"{r['stage']} {r['case']}: {r['engine']}",
                r["rps"],
                unit="req/s",
                baseline=first[group][1],
                baseline_name=first[group][0],
                ratio=r["ratio"],
                triples=found["triples"],
                note=f"p95 {r['p95_ms']:.1f} ms, {r['errors']} errors",
            )
        )
    return rows


def stage_harvest(data: Path, args) -> list[Row]:
    from hrgraph.harvest.html2text import html_to_text

    pages = html_pages(data, args.harvest_pages)
    for page in pages[:10]:
        html_to_text(page)  # warm-up
    started = time.perf_counter()
    for page in pages:
        html_to_text(page)
    rate = len(pages) / (time.perf_counter() - started)
    return [
        Row(
            "harvest",
            "html -> profile text",
            rate,
            unit="pages/s",
            target=">= 200 pages/s",
            met=rate >= 200,
            note=f"{len(pages)} pages, one core",
        )
    ]


# Report ---------------------------------------------------------------------------------


def machine() -> dict:
    model = ""
    try:
        found = re.search(r"^model name\s*:\s*(.+)$", Path("/proc/cpuinfo").read_text(), re.M)
        model = found.group(1) if found else ""
    except OSError:
        pass
    memory = ""
    try:
        found = re.search(r"^MemTotal:\s+(\d+) kB", Path("/proc/meminfo").read_text(), re.M)
        memory = f"{int(found.group(1)) / 1024 / 1024:.1f} GB" if found else ""
    except OSError:
        pass
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else None
    return {
        "cpu": model or platform.processor(),
        "cores": os.cpu_count(),
        "memory": memory,
        "python": platform.python_version(),
        "system": f"{platform.system()} {platform.release()}",
        "load_at_start": load,
    }


def _fmt(value: float | None, unit: str) -> str:
    if value is None:
        return "-"
    if unit == "s":
        return f"{value * 1000:.1f} ms" if value < 1 else f"{value:.2f} s"
    return f"{value:,.1f} {unit}"


def table(rows: list[Row]) -> list[list[str]]:
    head = ["stage", "case", "hrgraph", "baseline", "baseline's", "RSS MB", "triples", "ratio"]
    out = [head + ["target", "met"]]
    for r in rows:
        ratio = "-" if r.ratio is None else f"{'>=' if r.bound else ''}{r.ratio:.2f}x"
        rss = "-" if r.ours_rss_mb is None else f"{r.ours_rss_mb:.0f}"
        if r.baseline_rss_mb is not None:
            rss += f" / {r.baseline_rss_mb:.0f}"
        met = {True: "met", False: "MISSED", None: "-"}[r.met]
        out.append(
            [
                r.stage,
                r.case,
                _fmt(r.ours, r.unit),
                r.baseline_name or "-",
                ("> " if r.bound else "") + _fmt(r.baseline, r.unit) if r.baseline else "-",
                rss,
                f"{r.triples:,}" if r.triples else "-",
                ratio,
                r.target or "-",
                met,
            ]
        )
    return out


def print_table(rows: list[Row]) -> None:
    cells = table(rows)
    widths = [max(len(row[i]) for row in cells) for i in range(len(cells[0]))]
    for row in cells:
        print("  ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)).rstrip())
    for r in rows:
        if r.note:
            print(f"  {r.stage}/{r.case}: {r.note}")
        if r.met is False:
            print(f"  MISSED: {r.stage}/{r.case}: target {r.target}")


def markdown(rows: list[Row]) -> str:
    cells = table(rows)
    lines = ["| " + " | ".join(cells[0]) + " |", "|" + "---|" * len(cells[0])]
    lines += ["| " + " | ".join(c.replace("|", "/") for c in row) + " |" for row in cells[1:]]
    return "\n".join(lines)


def write_results(results: dict, folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{results['date']}.json"
    existing = json.loads(path.read_text("utf-8")) if path.exists() else {}
    existing[str(results["tier"])] = merged_run(existing.get(str(results["tier"])), results)
    path.write_text(json.dumps(existing, indent=1, sort_keys=True) + "\n", "utf-8")
    return path


def merged_run(earlier: dict | None, results: dict) -> dict:
    """A run of some stages keeps the rows of the other stages of the tier's earlier
    run that day (``--stages queries`` after ``--stages build``), each stage with the
    time it started (``stage_started``)."""
    runs = {s: results["started"] for s in results["stages"]}
    if not earlier or earlier.get("seed") != results["seed"]:
        return {**results, "stage_started": runs}
    before = earlier.get("stage_started") or {s: earlier["started"] for s in earlier["stages"]}
    kept = {s: t for s, t in before.items() if s not in runs}
    stages = [s for s in STAGES if s in kept or s in runs]
    rows = [r for r in earlier["rows"] if r["stage"] in kept] + results["rows"]
    rows.sort(key=lambda r: STAGES.index(r["stage"]) if r["stage"] in STAGES else len(STAGES))
    return {**results, "stages": stages, "rows": rows, "stage_started": {**kept, **runs}}


def latest(folder: Path) -> dict[str, dict]:
    """The newest result of each tier, over every results file."""
    found: dict[str, dict] = {}
    for path in sorted(folder.glob("*.json")):
        for tier, result in json.loads(path.read_text("utf-8")).items():
            if tier not in found or result["started"] >= found[tier]["started"]:
                found[tier] = result
    return found


def chart(results: dict[str, dict], path: Path) -> Path | None:
    """Ratios (hrgraph over baseline, log scale) per case and tier, as a PNG."""
    try:
        import matplotlib

        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError:
        return None
    tiers = sorted(results, key=int)
    labels = sorted(
        {
            f"{r['stage']}: {r['case']} vs {r['baseline_name']}"
            for t in tiers
            for r in results[t]["rows"]
            if r["ratio"]
        }
    )
    if not labels:
        return None
    fig, ax = plt.subplots(figsize=(9, 0.32 * len(labels) * len(tiers) + 1.5))
    height = 0.8 / len(tiers)
    for i, tier in enumerate(tiers):
        by_label = {
            f"{r['stage']}: {r['case']} vs {r['baseline_name']}": r["ratio"]
            for r in results[tier]["rows"]
            if r["ratio"]
        }
        ys = [n + i * height for n in range(len(labels))]
        ax.barh(ys, [by_label.get(label, 0) for label in labels], height, label=f"{tier} profiles")
    ax.set_yticks([n + 0.4 - height / 2 for n in range(len(labels))], labels, fontsize=7)
    ax.set_xscale("log")
    ax.axvline(1, color="black", linewidth=0.8)
    ax.set_xlabel("hrgraph / baseline (times better; 1 = as good)")
    ax.legend(fontsize=7)
    ax.invert_yaxis()
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)
    return path


def _stages(result: dict) -> str:
    started = result.get("stage_started") or {}
    return ", ".join(
        f"{s} ({started[s][11:16]} UTC)"
        if started.get(s, result["started"]) != result["started"]
        else s
        for s in result["stages"]
    )


def update_readme(readme: Path, folder: Path) -> None:
    results = latest(folder)
    png = chart(results, folder / "chart.png")
    parts = [MARK_START, ""]
    for tier in sorted(results, key=int):
        r = results[tier]
        m = r["machine"]
        parts.append(
            f"**{int(tier):,} profiles**, {r['started'][:16]} UTC, on {m['cpu']} "
            f"({m['cores']} cores, {m['memory']}, load {m['load_at_start']:.1f} at start; "
            f"Python {m['python']}), stages: {_stages(r)}:"
        )
        parts += ["", markdown([Row(**row) for row in r["rows"]]), ""]
    if png:
        parts += [f"![hrgraph over its baselines]({os.path.relpath(png, readme.parent)})", ""]
    else:  # said, or the summary loses its chart while an old one stays on disk
        print(
            f"  {readme}: no chart drawn (no ratios yet, or matplotlib is missing: "
            "pip install -e '.[bench]')",
            file=sys.stderr,
        )
    parts.append(MARK_END)
    text = readme.read_text("utf-8") if readme.exists() else ""
    block = "\n".join(parts)
    if MARK_START in text and MARK_END in text:
        head, rest = text.split(MARK_START, 1)
        text = head + block + rest.split(MARK_END, 1)[1]
    else:
        text = text.rstrip() + "\n\n## Summary (`make bench`)\n\n" + block + "\n"
    readme.write_text(text, "utf-8")


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--tier", type=int, default=1000, help="profiles [1000]")
    parser.add_argument("--seed", type=int, default=15)
    parser.add_argument("--stages", default=",".join(STAGES), help="comma-separated [all]")
    parser.add_argument("--seconds", type=int, default=4, help="wrk seconds per case [4]")
    parser.add_argument("--rounds", type=int, default=3, help="wrk rounds over all cases [3]")
    parser.add_argument("--connections", type=int, default=4, help="wrk connections [4]")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers [2]")
    parser.add_argument("--query-rounds", type=int, default=3, help="runs of each query [3]")
    parser.add_argument("--pyshacl-timeout", type=float, default=900, help="seconds [900]")
    parser.add_argument("--baseline-timeout", type=float, default=3600, help="seconds [3600]")
    parser.add_argument("--rdflib-query-timeout", type=float, default=1800, help="[1800]")
    parser.add_argument("--harvest-pages", type=int, default=300, help="pages [300]")
    parser.add_argument("--no-baseline-build", dest="baseline_build", action="store_false")
    parser.add_argument("--no-rdflib-serve", dest="rdflib_serve", action="store_false")
    parser.add_argument("--no-incremental", dest="incremental", action="store_false")
    parser.add_argument("--results", type=Path, default=HERE / "results")
    parser.add_argument("--readme", type=Path, default=HERE / "README.md")
    parser.add_argument("--work", type=Path, help="keep the data and build here")
    args = parser.parse_args(argv)
    stages = [s for s in args.stages.split(",") if s]
    unknown = set(stages) - set(STAGES)
    if unknown:
        parser.error(f"unknown stage(s): {', '.join(sorted(unknown))}")

    started = datetime.now(UTC)
    with tempfile.TemporaryDirectory(prefix="hrgraph-bench-") as tmp:
        work = args.work or Path(tmp)
        work.mkdir(parents=True, exist_ok=True)
        data = work / "data"
        if not data.exists():
            generate.generate(args.tier, data, args.seed)
        print(f"{args.tier} synthetic profiles (seed {args.seed}) in {data}", flush=True)
        rows: list[Row] = []
        build = work / "build"
        if "build" in stages or not (build / "current").exists():
            built, build = stage_build(data, work, args)
            rows += built if "build" in stages else []
            print(f"  build: {built[0].ours:.1f} s", flush=True)
        runners = {
            "validate": lambda: stage_validate(build, args),
            "queries": lambda: stage_queries(build, work, args),
            "serve": lambda: stage_serve(build, work, args),
            "scaleout": lambda: stage_scaleout(build, work, args),
            "harvest": lambda: stage_harvest(data, args),
        }
        for stage in stages:
            if stage in runners:
                print(f"  {stage}...", flush=True)
                rows += runners[stage]()
    results = {
        "tier": args.tier,
        "seed": args.seed,
        "date": started.date().isoformat(),
        "started": started.isoformat(timespec="seconds"),
        "stages": stages,
        "machine": machine(),
        "settings": {
            "wrk": f"1 thread, {args.connections} connections, {args.seconds} s, "
            f"median of {args.rounds} rounds",
            "workers": args.workers,
        },
        "rows": [asdict(r) for r in rows],
    }
    print()
    print_table(rows)
    path = write_results(results, args.results)
    update_readme(args.readme, args.results)
    print(f"\nwrote {path} and {args.readme}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
