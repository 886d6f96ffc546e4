"""Real triple stores and web servers for the tests: Virtuoso and nginx, on free ports.

Each runs in the foreground from a configuration written into a temporary folder,
is waited for until it answers, and is stopped by its process id afterwards. Where
the program is missing or does not start, the tests that need it skip on a developer's
machine and fail in CI (``CI=true``), so a CI machine cannot pass without them.
"""

from __future__ import annotations

import getpass
import os
import shutil
import signal
import socket
import subprocess
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest

VIRTUOSO = "virtuoso-t"
NGINX = "nginx"
ISQL = "isql-vt"
OXIGRAPH = "oxigraph"
VIRTUOSO_HTTP_ROOT = Path("/var/lib/virtuoso-opensource-7/vsp")
# A fresh Virtuoso database has this administrator (user, password).
DBA = ("dba", "dba")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def unavailable(what: str) -> None:
    """Skip on a developer's machine, fail in CI: a missing service is a CI failure."""
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(f"{what} (CI=true: every service the tests need must run)")
    pytest.skip(what)


def stop(process: subprocess.Popen, timeout_s: float = 20) -> None:
    """SIGTERM to the process by its id, then SIGKILL if it does not end in time."""
    if process.poll() is not None:
        return
    os.kill(process.pid, signal.SIGTERM)
    try:
        process.wait(timeout=timeout_s)
    except subprocess.TimeoutExpired:
        os.kill(process.pid, signal.SIGKILL)
        process.wait()


def _answers(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=2) as response:
            return response.status == 200
    except urllib.error.HTTPError:
        return False
    except OSError:
        return False


def _wait(process: subprocess.Popen, url: str, log: Path, what: str, timeout_s: float) -> None:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"{what} exited ({process.returncode}): {_tail(log)}")
        if _answers(url):
            return
        time.sleep(0.2)
    stop(process)
    raise RuntimeError(f"{what} did not answer {url} in {timeout_s:g} s: {_tail(log)}")


def _tail(log: Path) -> str:
    try:
        return log.read_text("utf-8", "replace")[-2000:]
    except OSError:
        return "(no log)"


# -- Virtuoso ----------------------------------------------------------------------------


@dataclass
class Virtuoso:
    """A running Virtuoso Open Source with a database of its own."""

    process: subprocess.Popen
    folder: Path
    sql_port: int
    http_port: int

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.http_port}/"

    @property
    def endpoint(self) -> str:
        """The read-only SPARQL endpoint (SPARQL 1.1 Protocol)."""
        return self.url + "sparql"

    @property
    def graph_store(self) -> str:
        """The Graph Store Protocol endpoint for writes (Digest auth)."""
        return self.url + "sparql-graph-crud-auth"

    def sql(self, statement: str, user: str = DBA[0], password: str = DBA[1]) -> str:
        """Run one SQL statement through Virtuoso's own client (isql)."""
        done = subprocess.run(
            [ISQL, f"127.0.0.1:{self.sql_port}", user, password, f"exec={statement}"],
            capture_output=True,
            text=True,
            timeout=60,
        )
        if done.returncode != 0 or "*** Error" in done.stdout + done.stderr:
            raise RuntimeError(f"isql {statement!r}: {done.stdout}{done.stderr}")
        return done.stdout

    def add_writer(self, user: str, password: str) -> None:
        """A user other than dba who may write graphs through the Graph Store Protocol.

        Virtuoso lets a SQL user authenticate on /sparql-graph-crud-auth, but writing
        needs the SPARQL_UPDATE role (without it: 403)."""
        self.sql(f"DB.DBA.USER_CREATE('{user}', '{password}')")
        self.sql(f'GRANT SPARQL_UPDATE TO "{user}"')


VIRTUOSO_INI = """\
[Database]
DatabaseFile = {folder}/virtuoso.db
ErrorLogFile = {folder}/virtuoso.log
LockFile = {folder}/virtuoso.lck
TransactionFile = {folder}/virtuoso.trx
xa_persistent_file = {folder}/virtuoso.pxa
ErrorLogLevel = 7
FileExtend = 200
Striping = 0
TempStorage = TempDatabase

[TempDatabase]
DatabaseFile = {folder}/virtuoso-temp.db
TransactionFile = {folder}/virtuoso-temp.trx
Striping = 0

[Parameters]
ServerPort = 127.0.0.1:{sql_port}
DisableUnixSocket = 1
CheckpointInterval = 60
DirsAllowed = ., {folder}
NumberOfBuffers = 10000
MaxDirtyBuffers = 6000
ThreadsPerQuery = 2

[HTTPServer]
ServerPort = 127.0.0.1:{http_port}
ServerRoot = {http_root}
ServerThreads = 10
MaxClientConnections = 10
Charset = UTF-8

[SPARQL]
ResultSetMaxRows = {max_rows}
MaxQueryCostEstimationTime = {max_cost_s}
MaxQueryExecutionTime = {max_time_s}
"""


@contextmanager
def running_virtuoso(
    folder: Path, *, max_rows: int = 100_000, max_cost_s: int = 0, max_time_s: int = 30
) -> Iterator[Virtuoso]:
    """Virtuoso on free local ports over a fresh database in ``folder``.

    ``max_rows`` is its ResultSetMaxRows (results cut silently past it, with only an
    ``X-SPARQL-MaxRows`` header), ``max_cost_s`` its MaxQueryCostEstimationTime (0: no
    refusal before running), ``max_time_s`` its MaxQueryExecutionTime.
    """
    program = shutil.which(VIRTUOSO)
    if program is None:
        unavailable(f"{VIRTUOSO} is not installed (Debian package virtuoso-opensource)")
    folder.mkdir(parents=True, exist_ok=True)
    sql_port, http_port = free_port(), free_port()
    ini = folder / "virtuoso.ini"
    ini.write_text(
        VIRTUOSO_INI.format(
            folder=folder,
            sql_port=sql_port,
            http_port=http_port,
            http_root=VIRTUOSO_HTTP_ROOT,
            max_rows=max_rows,
            max_cost_s=max_cost_s,
            max_time_s=max_time_s,
        ),
        "utf-8",
    )
    log = folder / "virtuoso.out"
    with open(log, "wb") as out:
        process = subprocess.Popen(
            [program, "+foreground", "+configfile", str(ini)],
            cwd=folder,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    server = Virtuoso(process, folder, sql_port, http_port)
    try:
        _wait(process, server.endpoint + "?query=ASK%7B%7D", log, "Virtuoso", 90)
    except RuntimeError as e:
        unavailable(str(e))
    try:
        yield server
    finally:
        stop(process, timeout_s=60)


# -- Oxigraph server ----------------------------------------------------------------------


@dataclass
class OxigraphServer:
    process: subprocess.Popen
    port: int

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/"

    @property
    def endpoint(self) -> str:
        return self.url + "query"

    @property
    def graph_store(self) -> str:
        return self.url + "store"


@contextmanager
def running_oxigraph(folder: Path, *extra: str) -> Iterator[OxigraphServer]:
    """``oxigraph serve`` (the PyPI package's binary) on a free port over ``folder``."""
    import sys

    program = shutil.which(OXIGRAPH) or str(Path(sys.executable).parent / OXIGRAPH)
    if not Path(program).exists():
        unavailable(f"{OXIGRAPH} is not installed (PyPI package oxigraph)")
    folder.mkdir(parents=True, exist_ok=True)
    port = free_port()
    log = folder / "oxigraph.out"
    command = [program, "serve", "--location", str(folder / "db"), "--bind", f"127.0.0.1:{port}"]
    with open(log, "wb") as out:
        process = subprocess.Popen([*command, *extra], stdout=out, stderr=subprocess.STDOUT)
    server = OxigraphServer(process, port)
    try:
        _wait(process, server.endpoint + "?query=ASK%7B%7D", log, "oxigraph", 30)
    except RuntimeError as e:
        unavailable(str(e))
    try:
        yield server
    finally:
        stop(process)


# -- nginx -------------------------------------------------------------------------------


@dataclass
class Nginx:
    process: subprocess.Popen
    prefix: Path
    port: int

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/"


@contextmanager
def running_nginx(prefix: Path, config: Path, port: int, ready_path: str = "/") -> Iterator[Nginx]:
    """nginx in the foreground with ``config`` (which must listen on ``port`` and keep
    its pid file, logs and temporary files under ``prefix``)."""
    program = shutil.which(NGINX) or (
        "/usr/sbin/nginx" if Path("/usr/sbin/nginx").exists() else None
    )
    if program is None:
        unavailable(f"{NGINX} is not installed (Debian package nginx-light)")
    prefix.mkdir(parents=True, exist_ok=True)
    (prefix / "logs").mkdir(exist_ok=True)
    log = prefix / "logs" / "nginx.out"
    check = subprocess.run(
        [program, "-p", str(prefix), "-c", str(config), "-t", "-g", "daemon off;"],
        capture_output=True,
        text=True,
    )
    if check.returncode != 0:
        raise RuntimeError(f"nginx -t: {check.stderr}")
    # Started by root, nginx's workers would run as nobody, who cannot read the test's
    # private temporary folders: keep them as the user running the tests.
    directives = "daemon off;" + (f" user {getpass.getuser()};" if os.geteuid() == 0 else "")
    with open(log, "wb") as out:
        process = subprocess.Popen(
            [program, "-p", str(prefix), "-c", str(config), "-g", directives],
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    server = Nginx(process, prefix, port)
    try:
        _wait(process, server.url + ready_path.lstrip("/"), log, "nginx", 30)
    except RuntimeError as e:
        unavailable(str(e))
    try:
        yield server
    finally:
        stop(process)


@pytest.fixture(scope="session")
def virtuoso(tmp_path_factory) -> Iterator[Virtuoso]:
    """One Virtuoso for the session (import this fixture into a conftest to use it)."""
    with running_virtuoso(tmp_path_factory.mktemp("virtuoso")) as server:
        yield server
