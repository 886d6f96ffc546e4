"""The harvested site misbehaves: pages that answer too slowly, trickle, are cut short or
redirect in a loop. The harvester names each of them with its reason, harvests the
others, ends in bounded time, never replaces a good file with part of a page, and the
next harvest, once the site behaves, completes without help."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlsplit

from reliability.misbehaving import FAULTS, serving

TIMEOUT_S, RETRIES = 1, 1
# what the harvester says of each fault (its error line names the page's URL)
REASON = {
    "slow": "ReadTimeout",
    "trickle": "the whole response took over",
    "truncate": "RemoteProtocolError",
    "loop": "redirect loop",
}


def harvest(site, data: Path) -> tuple[subprocess.CompletedProcess, float]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("HRGRAPH_")}
    env |= {"HRGRAPH_HARVEST_TIMEOUT_S": str(TIMEOUT_S), "HRGRAPH_HARVEST_RETRIES": str(RETRIES)}
    command = [sys.executable, "-m", "hrgraph.cli", "harvest", "--site", site.url,
               "--data", str(data), "--delay", "0.02"]  # fmt: skip
    start = time.monotonic()
    done = subprocess.run(command, capture_output=True, text=True, env=env, timeout=180)
    return done, time.monotonic() - start


def snapshot(data: Path) -> dict[str, bytes]:
    return {p.relative_to(data).as_posix(): p.read_bytes() for p in data.rglob("*") if p.is_file()}


def test_a_misbehaving_site_is_reported_page_by_page_and_loses_nothing(tmp_path, figures):
    data = tmp_path / "data"
    faults: dict[str, str] = {}
    with serving(faults) as site:
        first, _ = harvest(site, data)
        assert first.returncode == 0, first.stderr
        good = snapshot(data)
        records = json.loads((data / "sources.json").read_text())
        urls = sorted(r["url"] for r in records.values())
        # every fault on pages the data already holds, one page each
        bad = dict(zip(FAULTS, urls[:: max(1, len(urls) // len(FAULTS))], strict=False))
        faults.update({urlsplit(url).path: fault for fault, url in bad.items()})

        again, seconds = harvest(site, data)
        assert again.returncode == 1, again.stderr  # some pages failed, the others are fine
        errors = [line for line in again.stderr.splitlines() if line.startswith("error: ")]
        for fault, url in bad.items():
            said = [line for line in errors if url in line]
            assert said and REASON[fault] in said[0], (fault, url, errors)
        assert len(errors) == len(bad), errors  # no other page suffered
        assert snapshot(data) == good  # no file replaced, none half-written, no temporaries
        # each bad page: at most (retries + 1) attempts of the timeout, plus back-off
        bound = len(bad) * ((RETRIES + 1) * TIMEOUT_S + 2) + 30
        assert seconds < bound, seconds

        faults.clear()
        recovered, _ = harvest(site, data)
        assert recovered.returncode == 0, recovered.stderr
        assert snapshot(data) == good
    figures(
        "misbehaving_site",
        {"faults": sorted(bad), "pages": len(urls), "reported": len(errors),
         "harvest_s": round(seconds, 1), "bound_s": bound, "files_changed": 0},
    )  # fmt: skip
