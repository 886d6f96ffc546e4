"""What every bench script does around its measurements: copy data/ into a bigger data
folder, build it, start a server and wait until it answers SPARQL, stop it.

One copy here, imported by ``run.py``, ``endpoint_bench.py`` and ``scaleout_bench.py``
(they sit beside it and put this folder on ``sys.path``).
"""

from __future__ import annotations

import re
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from urllib.parse import quote

ROOT = Path(__file__).resolve().parent.parent
HRGRAPH = [sys.executable, "-m", "hrgraph.cli"]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_server(
    command: list[str], port: int, log: Path, env=None, wait_s: float = 300, ask: str = "ASK {}"
) -> subprocess.Popen:
    """Start ``command`` and wait (up to ``wait_s``: rdflib parses a dump first) until
    ``/sparql`` on ``port`` answers ``ask``; its output goes to ``log``."""
    out = open(log, "wb")  # noqa: SIM115 - closed with the process
    process = subprocess.Popen(command, stdout=out, stderr=out, env=env, cwd=ROOT)
    probe = f"http://127.0.0.1:{port}/sparql?query=" + quote(ask)
    deadline = time.monotonic() + wait_s
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"{command} exited: {log.read_text()[-2000:]}")
        try:
            urllib.request.urlopen(probe, timeout=30).read()
            return process
        except OSError:
            time.sleep(0.1)
    stop_server(process)
    raise RuntimeError(f"{command} did not start in {wait_s:.0f} s")


def stop_server(process: subprocess.Popen) -> None:
    process.send_signal(signal.SIGTERM)
    try:
        process.wait(timeout=20)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


def copied_data(copies: int, into: Path, tag: str = "bench") -> Path:
    """data/ with each profile also copied ``copies`` times under new slugs and names."""
    data = into / "data"
    shutil.copytree(ROOT / "data", data)
    for path in sorted((ROOT / "data" / "profiles").rglob("*.txt")):
        lines = path.read_text("utf-8").splitlines(keepends=True)
        for n in range(1, copies + 1):
            copy = data / "profiles" / path.parent.name / f"{path.stem}-{tag}{n}.txt"
            name = tag.capitalize()
            copy.write_text(f"{lines[0].rstrip()} {name}{n}\n" + "".join(lines[1:]), "utf-8")
    return data


def built(data: Path, out: Path) -> Path:
    """``hrgraph build`` of ``data`` into ``out``; the copies mint new URIs, so the build
    lists them (``--update-uris``)."""
    command = [*HRGRAPH, "build", "--data", str(data), "--out", str(out), "-q", "--update-uris"]
    subprocess.run(command, check=False)
    if not (out / "current").exists():
        raise RuntimeError(f"hrgraph build of {data} failed")
    return out


def a_member(build_dir: Path) -> str:
    """The IRI of one member of the build (the first in its N-Triples dump)."""
    text = (build_dir / "current" / "dumps" / "hrgraph.nt").read_text("utf-8")
    found = re.search(
        r"<([^>]+/id/territory/[^>]+)> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> "
        r"<https://w3id.org/hrgraph/ontology#Member>",
        text,
    )
    return found.group(1)


# wrk's report, one line a script can parse (appended to every wrk script of the benches)
WRK_DONE = """
done = function(summary, latency, requests)
  io.write(string.format("RESULT %d %d %f %f %d\\n", summary.requests, summary.duration,
    latency:percentile(50), latency:percentile(95),
    summary.errors.connect + summary.errors.read + summary.errors.write
    + summary.errors.status + summary.errors.timeout))
end
"""


def wrk(url: str, seconds: float, connections: int, script: Path, headers=None) -> dict:
    """One thread of wrk on ``url`` with ``script`` (ending in WRK_DONE): req/s, p50 and
    p95 in ms, errors (connections, timeouts and non-2xx answers) and requests."""
    command = ["wrk", "-t1", f"-c{connections}", f"-d{seconds}s", "--timeout", "30s"]
    for name, value in (headers or {}).items():
        command += ["-H", f"{name}: {value}"]
    done = subprocess.run(
        [*command, "-s", str(script), url], capture_output=True, text=True, check=True
    )
    line = next(x for x in done.stdout.splitlines() if x.startswith("RESULT"))
    requests, duration_us, p50, p95, errors = line.split()[1:]
    return {
        "rps": int(requests) / (int(duration_us) / 1e6),
        "p50_ms": float(p50) / 1000,
        "p95_ms": float(p95) / 1000,
        "errors": int(errors),
        "requests": int(requests),
    }
