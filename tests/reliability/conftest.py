"""The reliability checks: a fast subset here (runs with ``make test``), the full run
with ``make reliability`` (reliability/run.py sets HRGRAPH_RELIABILITY=full and reads
the figures each test writes to HRGRAPH_RELIABILITY_FIGURES)."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

FULL = os.environ.get("HRGRAPH_RELIABILITY") == "full"


def scale(fast: int, full: int) -> int:
    return full if FULL else fast


@pytest.fixture
def figures(request):
    """figures(name, dict): kept for docs/reliability.md when the full run asks for them."""
    target = os.environ.get("HRGRAPH_RELIABILITY_FIGURES")

    def record(name: str, values: dict) -> None:
        print(name, json.dumps(values))
        if target:
            with Path(target).open("a", encoding="utf-8") as out:
                out.write(json.dumps({"name": name, **values}) + "\n")

    return record
