"""A bounded fuzzer of hostile SPARQL and malformed HTTP against a real server.

``cases(rng, n)`` makes random, mutated and pathological queries (cartesian products,
catastrophic regexes, deep property paths and nesting, huge literals, malformed UTF-8,
oversized bodies) in every request style, and raw malformed HTTP requests; ``run``
sends them one at a time and checks each answer; the figures it returns go into
docs/reliability.md (reliability/run.py).
"""

from __future__ import annotations

import random
import socket
import time
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote

QUERIES = Path(__file__).resolve().parents[2] / "queries"
NORMAL = "ASK { ?s a hrg:Member }"
PATHOLOGICAL = [
    "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }",
    "SELECT * WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l } ORDER BY ?a",
    "SELECT * WHERE { ?s ?p ?l FILTER REGEX(STR(?l), '^(a+)+$') }",
    "SELECT * WHERE { ?s ?p ?l FILTER REGEX(CONCAT(STR(?l), STR(?l)), '(.*a){20}') }",
    "SELECT * WHERE { ?s (<http://x/p>|^<http://x/q>)*/(!<http://x/r>)+ ?o }",
    "SELECT * WHERE { ?s (((?p)))* ?o }",
    "SELECT * WHERE { ?s (" + "|".join(f"<http://x/{i}>" for i in range(300)) + ")* ?o }",
    "SELECT * WHERE { ?s " + "/".join(["(<http://x/p>)*"] * 60) + " ?o }",
    "SELECT * WHERE { ?s ?p ?o . FILTER(?o = '" + "x" * 19000 + "') }",
    "SELECT * WHERE { ?s ?p ?o . FILTER(?o = '" + "x" * 30000 + "') }",
    "SELECT * WHERE " + "{" * 2000 + "}" * 2000,
    "SELECT * WHERE { ?s <http://x/p> " + "(" * 400 + "1" + ")" * 400 + " }",
    "SELECT (" + "(" * 6000 + "1" + ")" * 6000 + " AS ?x) {}",
    "SELECT * WHERE { VALUES ?x { " + " ".join(map(str, range(3000))) + " } ?s ?p ?o }",
    "SELECT * WHERE { ?s ?p ?o OPTIONAL { ?a ?b ?c OPTIONAL { ?d ?e ?f } } }",
    "DESCRIBE ?s WHERE { ?s ?p ?o }",
    "CONSTRUCT { ?a ?b ?f } WHERE { ?a ?b ?c . ?d ?e ?f }",
    "SELECT (GROUP_CONCAT(STR(?o)) AS ?all) WHERE { ?s ?p ?o . ?x ?y ?z }",
    "SELECT * WHERE { BIND(SHA512(REPEAT('x', 100000000)) AS ?h) }",
    "SELECT * WHERE { ?s ?p ?o FILTER(STRLEN(CONCAT(STR(?s), STR(?s), STR(?s))) > 0) } ",
    "SELECT * WHERE { SERVICE <http://127.0.0.1:1/> { ?s ?p ?o } }",
    "INSERT DATA { <http://x/s> <http://x/p> 1 }",
    "LOAD <http://127.0.0.1:1/x.ttl>",
]
NOISE = ["{", "}", "(", ")", "?x", "'", '"', "\\", "#", "\n", "<", ">", "SELECT", "WHERE",
         "UNION", "*", ".", ";", "\x00", "\ud7ff", "\U0001f600", "\ufffd", "%", "^^", "@en",
         "FILTER(", "REGEX(", "SERVICE", "GRAPH ?g", "OPTIONAL", "MINUS", "VALUES", "LIMIT 0",
         "OFFSET 99999999999999999999", "1e999999", "<file:///etc/passwd>"]  # fmt: skip
RAW = [
    b"GARBAGE\r\n\r\n",
    b"GET /sparql?query=ASK%7B%7D HTTP/1.1\r\n\r\n",
    b"GET /" + b"a" * 9000 + b" HTTP/1.1\r\nHost: x\r\n\r\n",
    b"GET / HTTP/1.1\r\nHost: x\r\nX-Big: " + b"b" * 9000 + b"\r\n\r\n",
    b"GET / HTTP/1.1\r\nHost: x\r\nBroken header\r\n\r\n",
    b"POST /sparql HTTP/1.1\r\nHost: x\r\nContent-Length: -5\r\n\r\n",
    b"POST /sparql HTTP/1.1\r\nHost: x\r\nContent-Length: abc\r\n\r\n",
    b"POST /sparql HTTP/1.1\r\nHost: x\r\nContent-Type: application/sparql-query\r\n"
    b"Content-Length: 100\r\n\r\nASK {",
    b"POST /sparql HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n"
    b"Content-Type: application/sparql-query\r\n\r\nzz\r\nASK{}\r\n0\r\n\r\n",
    b"POST /sparql HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n",
    b"GET /sparql?query=%C3%28%FF%FE HTTP/1.1\r\nHost: x\r\n\r\n",
    b"GET /sparql?query=" + b"\xff\xfe\xc3(" + b" HTTP/1.1\r\nHost: x\r\n\r\n",
    b"GET / HTTP/9.9\r\nHost: x\r\n\r\n",
    b"\x16\x03\x01\x00\xa5\x01\x00\x00\xa1\x03\x03",  # a TLS hello
    b"BREW /sparql HTTP/1.1\r\nHost: x\r\n\r\n",
    b"GET /dumps/..%2f..%2fmanifest.json HTTP/1.1\r\nHost: x\r\n\r\n",
    b"GET / HTTP/1.1\r\nHost: x\r\nHost: y\r\nContent-Length: 0\r\nContent-Length: 5\r\n\r\n",
]
_CHUNKED = (
    "POST {path} HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\nContent-Type: {kind}\r\n\r\n"
)
# Bodies whose framing is broken, for every view that reads a body: a chunk size that
# is not hexadecimal, negative or absurd, a chunk longer than announced, a bad chunk
# extension, no final chunk, a body cut short; and both Content-Length and chunked.
BROKEN_CHUNKED = [
    _CHUNKED.format(path=path, kind=kind).encode() + body
    for path, kind in (
        ("/sparql", "application/sparql-query"),
        ("/sparql", "application/x-www-form-urlencoded"),
        ("/reconcile", "application/x-www-form-urlencoded"),
    )
    for body in (
        b"zz\r\nASK{}\r\n0\r\n\r\n",
        b"-5\r\nASK{}\r\n0\r\n\r\n",
        b"ffffffffffffffffffff\r\nquery\r\n0\r\n\r\n",
        b"3\r\nASK{}\r\n0\r\n\r\n",
        b"5;\x01=\r\nASK{}\r\n0\r\n\r\n",
        b"5\r\nquery\r\n3\r\n=AS\r\nzz\r\n\r\n",
        b"5\r\nASK{}\r\n",
        b"3\r\nAS",
    )
] + [
    b"POST /sparql HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\nTransfer-Encoding: chunked\r\n"
    b"\r\n0\r\n\r\n",
    b"POST /sparql HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\nContent-Length: 9\r\n"
    b"Content-Type: application/sparql-query\r\n\r\n5\r\nASK{}\r\n0\r\n\r\n",
    b"POST /sparql HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: gzip, chunked\r\n\r\n0\r\n\r\n",
    b"POST /sparql HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\nTransfer-Encoding: "
    b"chunked\r\n\r\n0\r\n\r\n",
]
RAW += BROKEN_CHUNKED


@dataclass
class Case:
    family: str  # random, mutated, pathological, utf8, oversized, raw
    style: str  # get, form, body, raw
    payload: bytes | str


def _mutate(rng: random.Random, text: str) -> str:
    chars = list(text)
    for _ in range(rng.randint(1, 6)):
        op = rng.random()
        at = rng.randrange(len(chars) + 1)
        if op < 0.4:
            chars[at:at] = list(rng.choice(NOISE))
        elif op < 0.7 and chars:
            del chars[at : at + rng.randint(1, 8)]
        elif chars:
            piece = chars[at : at + rng.randint(1, 40)]
            chars[at:at] = piece * rng.randint(1, 20)
    return "".join(chars)


def cases(rng: random.Random, n: int) -> list[Case]:
    examples = [p.read_text("utf-8") for p in sorted(QUERIES.glob("*.rq"))]
    out: list[Case] = []
    styles = ("get", "form", "body")
    for i in range(n):
        pick = i % 10
        if pick < 3:
            family, q = "mutated", _mutate(rng, rng.choice(examples))
        elif pick < 5:
            family = "random"
            q = " ".join(rng.choice(NOISE) for _ in range(rng.randint(1, 40)))
        elif pick < 7:
            family, q = "pathological", rng.choice(PATHOLOGICAL)
        elif pick == 7:
            family = "utf8"
            raw = rng.choice(examples).encode()
            at = rng.randrange(len(raw))
            out.append(
                Case(
                    family,
                    "body",
                    raw[:at] + rng.choice([b"\xff", b"\xc3(", b"\xed\xa0\x80"]) + raw[at:],
                )
            )
            continue
        elif pick == 8:
            out.append(
                Case(
                    "oversized",
                    rng.choice(("form", "body")),
                    "ASK {} #" + "x" * rng.choice((99_000, 200_000, 1_000_000)),
                )
            )
            continue
        else:
            out.append(Case("raw", "raw", rng.choice(RAW)))
            continue
        out.append(Case(family, rng.choice(styles), q))
    return out


@dataclass
class Outcome:
    status: int | None  # None: the server closed the connection without an answer
    seconds: float
    body: bytes = b""


def exchange(port: int, data: bytes, timeout: float) -> Outcome:
    start = time.monotonic()
    with socket.create_connection(("127.0.0.1", port), timeout=timeout) as s:
        try:
            s.sendall(data)
            s.shutdown(socket.SHUT_WR)
        except OSError:
            pass
        got = b""
        try:
            while chunk := s.recv(65536):
                got += chunk
        except (ConnectionResetError, TimeoutError):
            pass
    seconds = time.monotonic() - start
    if not got.startswith(b"HTTP/"):
        return Outcome(None, seconds)
    status = int(got.split(b" ", 2)[1])
    return Outcome(status, seconds, got.partition(b"\r\n\r\n")[2])


def request_bytes(case: Case) -> bytes:
    if case.style == "raw":
        return case.payload
    payload = (
        case.payload.encode("utf-8", "surrogatepass")
        if isinstance(case.payload, str)
        else case.payload
    )
    head = "Host: 127.0.0.1\r\nConnection: close\r\nAccept: */*\r\n"
    if case.style == "get":
        target = "/sparql?query=" + quote(payload, safe="")
        return f"GET {target} HTTP/1.1\r\n{head}\r\n".encode()
    if case.style == "form":
        body = b"query=" + quote(payload, safe="").encode()
        kind = "application/x-www-form-urlencoded"
    else:
        body, kind = payload, "application/sparql-query"
    return (
        f"POST /sparql HTTP/1.1\r\n{head}Content-Type: {kind}\r\nContent-Length: {len(body)}\r\n\r\n".encode()
        + body
    )


@dataclass
class Report:
    sent: int = 0
    by_status: dict[str, int] = field(default_factory=dict)
    by_family: dict[str, int] = field(default_factory=dict)
    timeouts: int = 0
    slowest_s: float = 0.0
    failures: list[str] = field(default_factory=list)


def run(server, rng: random.Random, n: int, limit_s: float) -> Report:
    """Send ``n`` cases one at a time; after each, a normal query must be answered."""
    report = Report()
    for case in cases(rng, n):
        outcome = exchange(server.port, request_bytes(case), limit_s + 10)
        report.sent += 1
        key = str(outcome.status) if outcome.status else "closed"
        report.by_status[key] = report.by_status.get(key, 0) + 1
        report.by_family[case.family] = report.by_family.get(case.family, 0) + 1
        report.slowest_s = max(report.slowest_s, outcome.seconds)
        what = f"{case.family}/{case.style} {str(case.payload)[:80]!r}"
        if outcome.status is not None and outcome.status >= 500:
            if outcome.status == 503 and b"time limit" in outcome.body:
                report.timeouts += 1
            else:
                report.failures.append(f"{outcome.status} for {what}: {outcome.body[:200]!r}")
        if outcome.status is None and case.style != "raw":
            report.failures.append(f"no answer for {what}")
        if outcome.seconds > limit_s + 1:
            report.failures.append(f"{outcome.seconds:.2f} s for {what}")
        normal = server.get({"query": NORMAL})
        if normal.status != 200:
            report.failures.append(f"normal query got {normal.status} after {what}")
    return report


def busy_workers(server, sample_s: float = 0.5) -> list[int]:
    """Worker processes that used CPU over ``sample_s`` of idleness (should be none)."""

    def ticks() -> dict[int, int]:
        found = {}
        for pid in server.workers():
            try:
                fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
                found[pid] = int(fields[11]) + int(fields[12])
            except OSError:
                pass
        return found

    before = ticks()
    time.sleep(sample_s)
    after = ticks()
    return [pid for pid, t in after.items() if pid in before and t - before[pid] > 5]
