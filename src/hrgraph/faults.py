"""Named steps of the publish sequence, where a test can make a build die.

A build calls :func:`step` as it passes each point of the sequence. When the
environment variable ``HRGRAPH_KILL_AT`` names that step, the process reports the
step on stderr and kills itself (SIGKILL: no cleanup, no ``finally``), exactly as a
power cut or an OOM kill would stop it there. Tests use it to show that a build
stopped at any step leaves the live release serving and publishes nothing by half.
"""

from __future__ import annotations

import os
import signal
import sys

ENV = "HRGRAPH_KILL_AT"
# in the order a build passes them
STEPS = (
    "started",  # the release folder exists, nothing is written yet
    "dumps",  # every dump is written
    "store",  # the store is loaded from the dumps
    "manifest",  # checksums, sources and manifest are written; not yet published
    "renamed",  # the release folder is in place; `current` still names the old one
    "swapped",  # `current` names the new release; older ones not yet pruned
)
REPORT = "killed at step {step}"


def step(name: str) -> None:
    """Mark that the build reached step ``name`` (and die there if asked to)."""
    assert name in STEPS, name
    if os.environ.get(ENV) == name:
        print(REPORT.format(step=name), file=sys.stderr, flush=True)
        os.kill(os.getpid(), signal.SIGKILL)
