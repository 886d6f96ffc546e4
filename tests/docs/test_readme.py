"""The README documents what users depend on, and its examples run.

Every ``sh`` and ``python`` snippet of the README runs, as written, in a folder laid out
like a checkout (``data/`` a copy of the test corpus, a real build in ``build/``,
``.venv/`` this interpreter's environment) with a real ``hrgraph serve`` behind the
``curl`` lines. Only what cannot run inside a test is left out: ``make`` (the setup the
whole suite runs under), running the suite itself, and installing into a new
environment (which tests/packaging does, in fresh environments of its own).
"""

from __future__ import annotations

import os
import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from helpers import DATA, ROOT, build_into
from hrgraph.cli.query import FORMATS
from hrgraph.settings import Settings

README = (ROOT / "README.md").read_text(encoding="utf-8")
PORT_IN_README = "8080"
SKIPPED = (
    re.compile(r"^make\b"),
    re.compile(r"^\.venv/bin/pytest\b"),
    re.compile(r"/tmp/hrgraph-env\b"),
)


def snippets(language: str) -> list[str]:
    return re.findall(rf"^```{language}\n(.*?)^```", README, flags=re.S | re.M)


def sh_commands() -> list[str]:
    lines = [line.strip() for block in snippets("sh") for line in block.splitlines()]
    return [line for line in lines if line and not any(p.search(line) for p in SKIPPED)]


def test_every_setting_is_documented_with_its_environment_variable_and_default():
    for name, env, shown, _ in Settings.help():
        assert f"| `{name}` | `{env}` | `{shown}` |" in README, name


def test_the_two_setup_commands_are_in_the_readme():
    assert "make serve" in README and "make test" in README
    ci = (ROOT / ".ci" / "run").read_text()
    assert "make test" in ci


def test_the_query_formats_are_the_commands():
    assert f"[--format {'|'.join(FORMATS)}]" in README


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    """A folder laid out like a checkout after ``make build``, and a live server on it."""
    site = tmp_path_factory.mktemp("readme")
    shutil.copytree(DATA, site / "data")
    for folder in ("queries", "shapes", "ontology"):
        shutil.copytree(ROOT / folder, site / folder)
    (site / ".venv").symlink_to(Path(sys.prefix))
    report = build_into(site / "build", data=site / "data")
    assert report.exit_code == 0
    # "RDF files from elsewhere", as the validate example has them
    shutil.copy(site / "build" / "current" / "dumps" / "hrgraph.ttl", site / "theirs.ttl")
    # curl fails on an HTTP error, like the commands before it on a bad exit code
    (site / "curlhome").mkdir()
    (site / "curlhome" / ".curlrc").write_text("fail\nsilent\nshow-error\n")
    port = _free_port()
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith("HRGRAPH_")},
        "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}",
        "CURL_HOME": str(site / "curlhome"),
    }
    server = subprocess.Popen(
        [sys.executable, "-m", "hrgraph.cli", "serve", "--port", str(port), "--workers", "1"],
        cwd=site, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
    )  # fmt: skip
    deadline = time.monotonic() + 60
    while True:
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=5).close()
            break
        except OSError:
            assert server.poll() is None, server.stderr.read().decode()
            assert time.monotonic() < deadline, "serve did not answer within 60 s"
            time.sleep(0.3)
    yield site, port, env
    server.terminate()
    server.wait(timeout=30)


def _localised(text: str, port: int) -> str:
    return text.replace(f"127.0.0.1:{PORT_IN_README}", f"127.0.0.1:{port}")


def test_there_are_snippets_to_run():
    commands = sh_commands()
    assert any(c.startswith("curl") for c in commands)
    assert any(".venv/bin/hrgraph query" in c for c in commands)
    assert snippets("python")


@pytest.mark.parametrize("command", sh_commands())
def test_sh_snippet_runs(site, command):
    folder, port, env = site
    done = subprocess.run(
        ["bash", "-o", "pipefail", "-c", _localised(command, port)],
        cwd=folder, env=env, capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    assert done.returncode == 0, f"{command}\n{done.stdout[-2000:]}\n{done.stderr[-2000:]}"
    assert "Traceback" not in done.stderr
    if not command.startswith(".venv/bin/hrgraph validate --data"):
        assert done.stdout.strip() or (folder / "hrgraph.sarif").exists(), command


@pytest.mark.parametrize("number", range(len(snippets("python"))))
def test_python_snippet_runs(site, number):
    folder, port, env = site
    code = _localised(snippets("python")[number], port)
    done = subprocess.run(
        [sys.executable, "-c", code], cwd=folder, env=env, capture_output=True, text=True,
        timeout=120,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip()
