"""The benchmark harness runs end to end on the smallest tier (no timing asserted)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_generator_is_deterministic(tmp_path):
    sys.path.insert(0, str(ROOT / "bench"))
    try:
        import generate
    finally:
        sys.path.remove(str(ROOT / "bench"))
    one = generate.generate(30, tmp_path / "one", seed=3)
    two = generate.generate(30, tmp_path / "two", seed=3)
    files = sorted(p.relative_to(one) for p in one.rglob("*") if p.is_file())
    assert len([f for f in files if f.suffix == ".txt"]) == 30
    assert {f.parts[1] for f in files if f.suffix == ".txt"} == {"en", "fr", "es"}
    assert all((one / f).read_bytes() == (two / f).read_bytes() for f in files)
    assert len((one / "members.csv").read_text().splitlines()) > 1  # linked editions


def test_harness_runs_every_stage(tmp_path):
    readme = tmp_path / "README.md"
    readme.write_text("# Benchmarks\n", encoding="utf-8")
    results = tmp_path / "results"
    done = subprocess.run(
        [sys.executable, str(ROOT / "bench" / "run.py"), "--tier", "100"]
        + ["--seconds", "1", "--rounds", "1", "--query-rounds", "1", "--workers", "1"]
        + ["--pyshacl-timeout", "8", "--no-rdflib-serve", "--harvest-pages", "20"]
        + ["--results", str(results), "--readme", str(readme), "--work", str(tmp_path / "w")],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    (written,) = results.glob("*.json")
    rows = json.loads(written.read_text())["100"]["rows"]
    stages = {r["stage"] for r in rows}
    assert {"build", "validate", "queries", "scaleout", "harvest"} <= stages
    queries = [r for r in rows if r["stage"] == "queries"]
    assert len(queries) >= 14  # 13 example queries and a text search
    assert all(r["note"].startswith("same answers") for r in queries), [
        (r["case"], r["note"]) for r in queries
    ]
    (one,) = [r for r in rows if r["case"] == "one changed profile"]
    assert one["ours"] > 0 and "whole command" in one["note"]
    assert not list((tmp_path / "w" / "data").rglob("*-changed.txt"))  # left as it was
    build = next(r for r in rows if r["stage"] == "build")
    assert build["triples"] >= build["extra"]["baseline_triples"] > 0
    text = readme.read_text()
    assert "<!-- bench:summary -->" in text and "| build |" in text
    assert "MISSED" in done.stdout or "met" in done.stdout
