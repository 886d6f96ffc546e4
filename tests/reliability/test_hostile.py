"""Hostile queries and malformed HTTP against a real gunicorn server (time limit 1 s)."""

from __future__ import annotations

import random

from reliability import hostile
from reliability.conftest import scale
from web.server.conftest import running

LIMIT_S = 1.0


def test_hostile_queries_get_no_5xx_and_leave_the_server_answering(data_build, tmp_path, figures):
    build_dir = data_build.release.path.parent.parent
    with running(build_dir, tmp_path, query_timeout_s=LIMIT_S) as server:
        report = hostile.run(server, random.Random(17), scale(300, 3000), LIMIT_S)
        busy = hostile.busy_workers(server)
        assert server.get({"query": hostile.NORMAL}).status == 200
    figures(
        "hostile",
        {"sent": report.sent, "by_status": report.by_status, "by_family": report.by_family,
         "timeouts": report.timeouts, "slowest_s": round(report.slowest_s, 3),
         "failures": len(report.failures), "busy_workers_after": len(busy)},
    )  # fmt: skip
    assert report.failures == []
    assert busy == []  # no worker still burning CPU on an abandoned query
    assert report.timeouts > 0  # the pathological ones did reach the time limit
