"""A real Virtuoso, two real builds (the corpus, then an edited corpus), and a real HTTP
gateway in front of Virtuoso that asks for Basic auth and can break off midway."""

from __future__ import annotations

import base64
import shutil
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import httpx
import pytest

from engines import DBA, virtuoso  # noqa: F401  (the session fixture)
from helpers import DATA, build_into

GATEWAY_USER = ("publisher", "gateway secret")


@pytest.fixture(scope="session")
def build_dir(data_build):
    """The corpus build's folder (what --build takes)."""
    return data_build.release.path.parent.parent


@pytest.fixture(scope="session")
def edited_build(tmp_path_factory):
    """The corpus with one page gone (fr/rabat) and one page edited (en/gwangju)."""
    data = tmp_path_factory.mktemp("edited-data") / "data"
    shutil.copytree(DATA, data)
    (data / "profiles" / "fr" / "rabat.txt").unlink()
    changes = data / "uri-changes.csv"
    if not changes.exists():
        changes.write_text("uri,replaced_by,reason\n", "utf-8")
    with changes.open("a", encoding="utf-8") as f:
        for uri in ("graph/fr/rabat", "id/profile/fr/rabat"):
            f.write(f"{uri},,The French edition of the page was withdrawn.\n")
    page = data / "profiles" / "en" / "gwangju.txt"
    page.write_text(
        page.read_text("utf-8").replace("Gwangju", "Gwangju Metropolitan City", 1), "utf-8"
    )
    out = tmp_path_factory.mktemp("edited-build") / "build"
    report = build_into(out, data=data)
    assert report.exit_code in (0, 1)
    return out


class Gateway(ThreadingHTTPServer):
    """Forwards Graph Store requests to Virtuoso (with Digest) for clients that pass
    Basic auth; after ``fail_after`` PUTs it drops every connection unanswered."""

    daemon_threads = True

    def __init__(self, target: str):
        super().__init__(("127.0.0.1", 0), _Forward)
        self.target = target
        self.fail_after: int | None = None
        self.puts = 0
        self.lock = threading.Lock()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}/gsp"


class _Forward(BaseHTTPRequestHandler):
    def log_message(self, *args):
        pass

    def _handle(self):
        gateway: Gateway = self.server
        expected = "Basic " + base64.b64encode(":".join(GATEWAY_USER).encode()).decode()
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else b""
        if self.headers.get("Authorization") != expected:
            self.send_response(401)
            self.send_header("WWW-Authenticate", 'Basic realm="graphs"')
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        with gateway.lock:
            if self.command == "PUT":
                gateway.puts += 1
            broken = gateway.fail_after is not None and gateway.puts > gateway.fail_after
        if broken:
            self.close_connection = True
            self.connection.close()
            return
        query = self.path.partition("?")[2]
        headers = {k: v for k, v in self.headers.items() if k.lower() in ("content-type", "accept")}
        reply = httpx.request(
            self.command,
            gateway.target + "?" + query,
            content=body,
            headers=headers,
            auth=httpx.DigestAuth(*DBA),
            timeout=60,
        )
        self.send_response(reply.status_code)
        for name in ("Content-Type",):
            if name in reply.headers:
                self.send_header(name, reply.headers[name])
        self.send_header("Content-Length", str(len(reply.content)))
        self.end_headers()
        self.wfile.write(reply.content)

    do_GET = do_PUT = do_POST = do_DELETE = _handle


@pytest.fixture
def gateway(virtuoso):  # noqa: F811
    server = Gateway(virtuoso.graph_store)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server
    server.shutdown()
    server.server_close()
