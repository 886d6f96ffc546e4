"""Re-validating one changed profile against a build: ``hrgraph validate --profile``.

What an editor's check or a pull request's CI does when one profile file changes: the
member's editions mapped again and validated with what the build's other graphs say
about their nodes, without validating the whole graph. The file is a copy of the
build's first profile under a new slug (a new profile, the costlier case: nothing of
it is in the store), removed afterwards, so the data folder is left as it was.

Prints one JSON line: ``seconds`` (the median, over ``--rounds`` runs, of the time
``validate`` reports for its own work), ``wall`` (the median of the whole command,
the interpreter's start and imports included) and the number of results.

    .venv/bin/python bench/incremental_validate.py --build /tmp/bench/build
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import time
from pathlib import Path

from hrgraph import datadir
from hrgraph.release import current_release


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--build", type=Path, required=True)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args(argv)
    data = Path(current_release(args.build).data_dir())
    template = datadir.profile_files(data)[0]
    changed = template.with_name(f"{template.stem}-changed{template.suffix}")
    changed.write_bytes(template.read_bytes())
    command = [
        *(sys.executable, "-m", "hrgraph.cli", "validate", "--build", str(args.build)),
        *("--profile", str(changed), "--format", "json"),
    ]
    seconds, wall, results = [], [], 0
    try:
        for _ in range(args.rounds):
            started = time.perf_counter()
            done = subprocess.run(command, capture_output=True, text=True)
            wall.append(time.perf_counter() - started)
            if done.returncode not in (0, 1):
                sys.stderr.write(done.stderr)
                return 2
            report = json.loads(done.stdout)
            seconds.append(report["stats"]["seconds"])
            results = len(report["results"])
    finally:
        changed.unlink()
    print(
        json.dumps(
            {
                "seconds": statistics.median(seconds),
                "wall": round(statistics.median(wall), 3),
                "results": results,
                "profile": str(changed.relative_to(data)),
            }
        )
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
