"""A plain ``pip install .`` and an install at the declared lower bounds each build,
validate, query and serve a copy of the data from another folder.

Slow (two fresh virtual environments, packages from the registry): marked
``packaging``; CI runs it with the rest of the suite. ``-m "not packaging"`` skips it.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from pathlib import Path

import pytest

from helpers import DATA, ROOT

pytestmark = pytest.mark.packaging

# What a source tree holds that is no part of a release of it.
NOT_SOURCE = (".git", ".venv", "build", "dist", "node_modules", "__pycache__", "*.egg-info")
NOT_SOURCE += (".pytest_cache", ".ruff_cache")


@pytest.fixture(scope="module")
def source(tmp_path_factory) -> Path:
    """A copy of the checkout, so building the package leaves no trace in it."""
    copy = tmp_path_factory.mktemp("source") / "hrgraph"
    shutil.copytree(ROOT, copy, ignore=shutil.ignore_patterns(*NOT_SOURCE), symlinks=True)
    return copy


def _uv() -> str:
    uv = Path(sys.executable).parent / "uv"
    found = str(uv) if uv.exists() else shutil.which("uv")
    if not found:
        pytest.fail("uv is not installed (it is one of the test extras: pip install -e '.[test]')")
    return found


def _run(*args, **kw) -> subprocess.CompletedProcess:
    return subprocess.run([str(a) for a in args], capture_output=True, text=True, **kw)


def _venv(where: Path) -> Path:
    done = _run(sys.executable, "-m", "venv", where)
    assert done.returncode == 0, done.stderr
    return where / "bin"


def _install_plain(source: Path, where: Path) -> Path:
    bin_ = _venv(where)
    done = _run(bin_ / "python", "-m", "pip", "install", "--quiet", source)
    assert done.returncode == 0, done.stderr[-3000:]
    return bin_


def _install_lowest(source: Path, where: Path) -> Path:
    bin_ = _venv(where)
    done = _run(
        _uv(), "pip", "install", "--quiet", "--python", bin_ / "python",
        "--resolution", "lowest-direct", source,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr[-3000:]
    return bin_


def _declared_lower_bounds() -> dict[str, str]:
    import tomllib

    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    bounds = {}
    for requirement in project["dependencies"]:
        name, _, version = requirement.partition(">=")
        bounds[name.strip().lower()] = version.split(",")[0].strip()
    return bounds


def _installed(bin_: Path) -> dict[str, str]:
    code = (
        "import json, importlib.metadata as m; "
        "print(json.dumps({d.metadata['Name'].lower(): d.version for d in m.distributions()}))"
    )
    return json.loads(_run(bin_ / "python", "-c", code).stdout)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _get(url: str, accept: str) -> tuple[int, bytes]:
    request = urllib.request.Request(url, headers={"Accept": accept})
    with urllib.request.urlopen(request, timeout=10) as response:
        return response.status, response.read()


def _exercise(bin_: Path, site: Path) -> None:
    """build, validate, query and serve from ``site``, far from the source checkout."""
    shutil.copytree(DATA, site / "data")
    env = {k: v for k, v in os.environ.items() if not k.startswith("HRGRAPH_")}
    env["PYTHONPATH"] = ""
    hrgraph = bin_ / "hrgraph"

    built = _run(hrgraph, "build", "--quiet", cwd=site, env=env)  # data/ -> build/
    assert built.returncode == 0, built.stderr
    assert (site / "build" / "current" / "store").is_dir()

    checked = _run(hrgraph, "validate", cwd=site, env=env)
    assert checked.returncode == 0, checked.stdout + checked.stderr
    assert "0 violation(s)" in checked.stdout
    assert "site-packages" in checked.stdout  # the shipped shapes, not a checkout's

    count = "SELECT (COUNT(?m) AS ?n) WHERE { ?m a hrg:Member }"
    asked = _run(hrgraph, "query", "--format", "json", count, cwd=site, env=env)
    assert asked.returncode == 0, asked.stderr
    members = int(json.loads(asked.stdout)["results"]["bindings"][0]["n"]["value"])
    assert members == 3

    example = _run(hrgraph, "query", "--format", "csv", "--file",
                   ROOT / "queries" / "members-by-country.rq", cwd=site, env=env)  # fmt: skip
    assert example.returncode == 0 and example.stdout.count("\n") > 1, example.stderr

    port = _free_port()
    server = subprocess.Popen(
        [str(hrgraph), "serve", "--port", str(port), "--workers", "1"],
        cwd=site, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
    )  # fmt: skip
    try:
        base = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 60
        while True:
            try:
                status, body = _get(f"{base}/healthz", "application/json")
                break
            except OSError:
                assert server.poll() is None, server.stderr.read().decode()
                assert time.monotonic() < deadline, "serve did not answer within 60 s"
                time.sleep(0.3)
        query = urllib.parse.urlencode({"query": count})
        status, body = _get(f"{base}/sparql?{query}", "application/sparql-results+json")
        assert status == 200
        assert json.loads(body)["results"]["bindings"][0]["n"]["value"] == str(members)
        status, page = _get(f"{base}/query", "text/html")
        examples = len(list((ROOT / "queries").glob("*.rq")))
        assert status == 200 and page.count(b"data-example=") == examples  # shipped queries
        # every template and static file the pages use is installed
        status, card = _get(f"{base}/doc/id/territory/fr/gennevilliers", "text/html")
        assert status == 200 and b"Gennevilliers" in card
        for link in sorted(set(re.findall(rb'(?:href|src)="(/static/[^"?]+)', page + card))):
            assert _get(base + link.decode(), "*/*")[0] == 200, link
        status, members = _get(f"{base}/members?lang=fr", "text/html")
        assert status == 200 and b"Gennevilliers" in members
    finally:
        server.terminate()
        server.wait(timeout=30)


def test_a_plain_pip_install_works_from_another_folder(source, tmp_path):
    bin_ = _install_plain(source, tmp_path / "venv")
    _exercise(bin_, tmp_path / "site")


def test_the_declared_lower_bounds_install_and_work(source, tmp_path):
    bin_ = _install_lowest(source, tmp_path / "venv")
    installed = _installed(bin_)
    for name, lowest in _declared_lower_bounds().items():
        # lowest-direct picks each declared bound (or the first release after it)
        assert name in installed, name
        assert installed[name].split(".")[:2] == lowest.split(".")[:2], (name, installed[name])
    _exercise(bin_, tmp_path / "site")


def test_every_package_of_the_source_is_listed_for_setuptools():
    import tomllib

    listed = set(
        tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["setuptools"]["packages"]
    )
    found = {
        ".".join(p.parent.relative_to(ROOT / "src").parts)
        for p in (ROOT / "src" / "hrgraph").rglob("__init__.py")
    }
    assert found <= listed
    shipped = {"hrgraph.ontology", "hrgraph.shapes", "hrgraph.queries"}
    assert listed - found == shipped
