"""Hostile queries and malformed HTTP against a real gunicorn server (time limit 1 s)."""

from __future__ import annotations

import random

import pytest

from reliability import hostile
from reliability.conftest import scale
from web.server.conftest import running

LIMIT_S = 1.0


@pytest.fixture(scope="module")
def server(data_build, tmp_path_factory):
    build_dir = data_build.release.path.parent.parent
    with running(build_dir, tmp_path_factory.mktemp("hostile"), query_timeout_s=LIMIT_S) as srv:
        yield srv


def test_broken_chunked_bodies_get_a_400(server, figures):
    """gunicorn finds a broken chunked body only when a view reads it; that is the
    client's fault (400, in the endpoint's own words where the view read it), never a 500."""
    statuses = {}
    for raw in hostile.BROKEN_CHUNKED:
        outcome = hostile.exchange(server.port, raw, LIMIT_S + 10)
        assert outcome.status == 400, (raw, outcome)
        statuses[outcome.status] = statuses.get(outcome.status, 0) + 1
        assert server.get({"query": hostile.NORMAL}).status == 200
    figures("broken_chunked", {"sent": len(hostile.BROKEN_CHUNKED), "by_status": statuses})
    assert "Traceback" not in server.log.read_text()


def test_hostile_queries_get_no_5xx_and_leave_the_server_answering(server, figures):
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
