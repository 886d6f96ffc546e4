"""The polite client against a small real server: retries, back-off, refusals, pacing."""

from __future__ import annotations

import threading
import time
from concurrent.futures import ThreadPoolExecutor

import pytest
from flask import Flask, Response
from werkzeug.serving import make_server

from hrgraph.harvest.fetch import Client, FetchError, retry_after


@pytest.fixture
def server():
    app = Flask("fetch-fixture")
    state = {"flaky": 0, "inflight": 0, "peak": 0, "starts": []}
    lock = threading.Lock()

    @app.get("/flaky")
    def flaky():
        state["flaky"] += 1
        if state["flaky"] < 3:
            return Response("busy", 502)
        return Response("<p>ok</p>", mimetype="text/html")

    @app.get("/down")
    def down():
        return Response("down", 500)

    @app.get("/data.json")
    def data():
        return Response("{}", mimetype="application/json")

    @app.get("/big")
    def big():
        return Response("<p>" + "x" * 50_000 + "</p>", mimetype="text/html")

    @app.get("/slow")
    def slow():
        with lock:
            state["inflight"] += 1
            state["peak"] = max(state["peak"], state["inflight"])
            state["starts"].append(time.monotonic())
        time.sleep(0.3)
        with lock:
            state["inflight"] -= 1
        return Response("<p>slow</p>", mimetype="text/html")

    @app.get("/trickle")
    def trickle():
        def drip():
            for _ in range(200):
                yield "<p>"
                time.sleep(0.05)

        return Response(drip(), mimetype="text/html")

    @app.get("/loop")
    def loop():
        state["loop"] = state.get("loop", 0) + 1
        return Response("", 302, headers={"Location": "/loop"})

    @app.get("/robots.txt")
    def robots():
        return Response("User-agent: hrgraph\nDisallow: /private\n", mimetype="text/plain")

    http = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=http.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{http.server_port}", state
    http.shutdown()
    thread.join(5)


def client(**kw) -> Client:
    kw.setdefault("delay", 0)
    return Client("mailto:test@example.org", backoff=0.01, **kw)


def test_5xx_retried_with_backoff_then_given_up(server):
    url, state = server
    with client(retries=3) as c:
        assert c.get(url + "/flaky").body == b"<p>ok</p>"
        assert c.requests == 3
        with pytest.raises(FetchError, match="HTTP 500"):
            c.get(url + "/down")
        assert c.requests == 3 + 4


def test_not_html_and_too_big_refused(server):
    url, _ = server
    with client(max_bytes=10_000) as c:
        with pytest.raises(FetchError, match="not HTML"):
            c.get(url + "/data.json")
        with pytest.raises(FetchError, match="limit"):
            c.get(url + "/big")


def test_robots_obeyed_for_our_agent(server):
    url, _ = server
    with client() as c:
        c.load_robots(url)
        with pytest.raises(FetchError, match="robots.txt"):
            c.get(url + "/private")


def test_timeouts_retried_then_reported(server):
    url, _ = server
    with client(timeout=0.05, retries=1) as c:
        with pytest.raises(FetchError, match="Timeout"):
            c.get(url + "/slow")
        assert c.requests == 2


def test_a_trickling_answer_is_cut_off_by_the_timeout_of_the_whole_response(server):
    url, _ = server
    start = time.monotonic()
    with client(timeout=0.5, retries=1) as c:  # each read comes in time, the whole does not
        with pytest.raises(FetchError, match="whole response took over 0.5 s"):
            c.get(url + "/trickle")
    assert time.monotonic() - start < 5  # two attempts of 0.5 s and back-off, not 10 s each


def test_a_redirect_loop_is_refused_at_once(server):
    url, state = server
    with client(retries=3) as c:
        with pytest.raises(FetchError, match="redirect loop"):
            c.get(url + "/loop")
        assert c.requests == 1  # not retried: it cannot mend
    assert state["loop"] == 6  # the first request and five redirects


def test_two_at_a_time_and_spaced_by_the_delay(server):
    url, state = server
    with client(delay=0.1) as c, ThreadPoolExecutor(6) as pool:
        list(pool.map(lambda _: c.get(url + "/slow"), range(6)))
    assert state["peak"] == 2
    starts = state["starts"]
    assert all(b - a >= 0.09 for a, b in zip(starts, starts[1:], strict=False))


def test_retry_after_seconds_and_dates():
    assert retry_after("3", 1.0) == 3.0
    assert retry_after(None, 1.5) == 1.5
    assert retry_after("Wed, 21 Oct 2015 07:28:00 GMT", 1.0) == 0.0
    assert retry_after("soon", 2.0) == 2.0
