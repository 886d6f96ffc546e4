"""bench/reconcile_bench.py runs (small) and reports precision and recall."""

from __future__ import annotations

import re
import subprocess
import sys

from helpers import ROOT


def test_bench_reports_precision_and_recall():
    done = subprocess.run(
        [
            sys.executable,
            str(ROOT / "bench" / "reconcile_bench.py"),
            "--size",
            "80",
            "--variants",
            "30",
        ],
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    figures = re.findall(r"precision (\d\.\d+)\s+recall (\d\.\d+)", done.stdout)
    assert len(figures) == 2, done.stdout
    for precision, recall in figures:
        assert float(precision) >= 0.95 and float(recall) >= 0.85, done.stdout
