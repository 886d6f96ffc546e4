"""A real server over a real build: ``hrgraph serve`` (gunicorn) on a free local port.

Only what needs real processes lives under this folder: the time limit and worker
replacement, SPARQLWrapper over HTTP, SERVICE calls, and pages in headless Chromium.
"""

from __future__ import annotations

import http.client
import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest

from http_client import Reply, Requests


@dataclass
class Server(Requests):
    """A running ``hrgraph serve`` and a raw HTTP client for it (no redirects, no retries)."""

    process: subprocess.Popen
    port: int
    build_dir: Path
    log: Path

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/"

    @property
    def endpoint(self) -> str:
        return self.url + "sparql"

    def request(self, method, path="/sparql", params=None, headers=None, body=None) -> Reply:
        path = self.with_query(path, params)
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
        try:
            connection.request(method, path, body=body, headers=headers or {})
            response = connection.getresponse()
            return Reply(response.status, response.headers, response.read())
        finally:
            connection.close()

    def workers(self) -> set[int]:
        """Process ids of the server's worker processes (children of the arbiter)."""
        found = set()
        for stat in Path("/proc").glob("[0-9]*/stat"):
            try:
                fields = stat.read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == self.process.pid:
                found.add(int(stat.parent.name))
        return found


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_server(build_dir: Path, workdir: Path, **settings) -> Server:
    env = {k: v for k, v in os.environ.items() if not k.startswith("HRGRAPH_")}
    env.update({f"HRGRAPH_{k.upper()}": str(v) for k, v in settings.items()})
    port = free_port()
    log = workdir / f"serve-{port}.log"
    command = [sys.executable, "-m", "hrgraph.cli", "serve", "--build", str(build_dir)]
    command += ["--port", str(port), "--workers", "2"]
    with open(log, "wb") as out:
        process = subprocess.Popen(command, env=env, cwd=workdir, stdout=out, stderr=out)
    server = Server(process, port, build_dir, log)
    for _ in range(300):  # up to ~30 s for gunicorn to boot
        if process.poll() is not None:
            raise RuntimeError(f"server exited: {log.read_text()}")
        try:
            if server.get(headers={"Accept": "text/turtle"}).status == 200:
                _wait_for_workers(server, 2)
                return server
        except OSError:
            pass
        time.sleep(0.1)
    stop_server(server)
    raise RuntimeError(f"server did not answer: {log.read_text()}")


def _wait_for_workers(server: Server, count: int, timeout_s: float = 30) -> None:
    """One worker answering is not the whole server: wait until all of them are forked,
    and fail (with the server's log) if they are not there in time."""
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if len(server.workers()) >= count:
            return
        if server.process.poll() is not None:
            break
        time.sleep(0.05)
    found = len(server.workers())
    stop_server(server)
    raise RuntimeError(
        f"{found} of {count} gunicorn workers after {timeout_s:g} s: {server.log.read_text()}"
    )


def stop_server(server: Server) -> None:
    server.process.send_signal(signal.SIGTERM)
    try:
        server.process.wait(timeout=20)
    except subprocess.TimeoutExpired:
        server.process.kill()
        server.process.wait()


@contextmanager
def running(build_dir: Path, folder: Path, **settings) -> Iterator[Server]:
    """``hrgraph serve`` over ``build_dir`` for the duration of the block."""
    srv = start_server(build_dir, folder, **settings)
    try:
        yield srv
    finally:
        stop_server(srv)


@pytest.fixture(scope="session")
def server(build_dir, tmp_path_factory):
    """The endpoint with its default limits."""
    with running(build_dir, tmp_path_factory.mktemp("serve")) as srv:
        yield srv


@pytest.fixture(scope="session")
def tight_server(build_dir, tmp_path_factory):
    """The endpoint with tiny limits, and SERVICE allowed to 127.0.0.1 only."""
    folder = tmp_path_factory.mktemp("serve-tight")
    with running(build_dir, folder, query_timeout_s=1, service_allowlist="127.0.0.1") as srv:
        yield srv


@pytest.fixture(scope="session")
def rich_server(rich_build_dir, tmp_path_factory):
    """A server over the rich build (see ../conftest.py)."""
    with running(rich_build_dir, tmp_path_factory.mktemp("serve-rich")) as srv:
        yield srv


@pytest.fixture(scope="session")
def browser(tmp_path_factory):
    """Headless Debian Chromium driven by chromedriver (no browser download)."""
    import shutil

    webdriver = pytest.importorskip("selenium.webdriver", reason="selenium is not installed")
    from selenium.webdriver.chrome.service import Service

    chromium, chromedriver = shutil.which("chromium"), shutil.which("chromedriver")
    if not (chromium and chromedriver):
        pytest.skip("chromium/chromedriver missing")
    options = webdriver.ChromeOptions()
    options.binary_location = chromium
    profile = tmp_path_factory.mktemp("chromium-profile")
    for flag in (
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        f"--user-data-dir={profile}",
        "--window-size=1400,1000",
    ):
        options.add_argument(flag)
    driver = webdriver.Chrome(service=Service(chromedriver), options=options)
    yield driver
    driver.quit()
