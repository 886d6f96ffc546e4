"""hrgraph harvest against the fixture site on localhost (see conftest.py)."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from click.testing import CliRunner

from harvest.fixture_site import BROKEN, CORPUS, FORBIDDEN, GONE, MOVED, THROTTLED
from helpers import DATA, build_into
from hrgraph.cli import main
from hrgraph.harvest.fetch import user_agent
from hrgraph.profile import read_profile
from hrgraph.settings import default


def harvest(site, data: Path, *args: str):
    result = CliRunner().invoke(
        main, ["harvest", "--site", site.url, "--data", str(data), "--delay", "0", *args]
    )
    return result


def record(path: Path) -> dict:
    data = read_profile(path).to_json()
    data.pop("source")
    return data


def snapshot(data: Path) -> dict[str, tuple[bytes, int]]:
    return {
        p.relative_to(data).as_posix(): (p.read_bytes(), p.stat().st_mtime_ns)
        for p in sorted((data / "profiles").rglob("*.txt"))
    }


def test_first_harvest_round_trips_every_profile(site, tmp_path):
    data = tmp_path / "data"
    result = harvest(site, data)
    assert result.exit_code == 0, result.output
    assert "10 new, 0 changed, 0 unchanged, 1 gone, 0 failed" in result.output
    written = sorted(p.relative_to(data / "profiles").as_posix() for p in data.rglob("*.txt"))
    assert written == sorted(f"{lang}/{slug}.txt" for lang, slug in CORPUS)
    for (lang, slug), source in CORPUS.items():
        assert record(data / "profiles" / lang / f"{slug}.txt") == record(source), (lang, slug)
    # nothing of the noise leaks: scripts, styles, comments, navigation, cookies, footer
    for path in data.rglob("*.txt"):
        text = path.read_text(encoding="utf-8")
        for leak in ("dataLayer", "console", "cookies", "comment must not", "Avinyó", "Accept",
                     "text-transform", "Other members", "UCLG", "\xa0"):  # fmt: skip
            assert leak not in text, (path, leak)


def test_politeness_robots_user_agent_retry_after_redirect(site, tmp_path):
    result = harvest(site, tmp_path / "data")
    assert result.exit_code == 0, result.output
    paths = [p for p, _, _ in site.log]
    assert paths[0] == "/robots.txt"
    assert not any(FORBIDDEN[1] in p for p in paths), "robots.txt Disallow was not obeyed"
    assert "robots.txt forbids" in result.output
    agents = {h.get("User-Agent") for _, _, h in site.log}
    assert agents == {user_agent(default("harvest_contact"))}
    assert all("hrgraph/" in a and "+" in a for a in agents)
    throttled = [s for p, s, _ in site.log if p.endswith("/" + THROTTLED[1])]
    assert throttled == [429, 200]  # retried after Retry-After
    (old,) = MOVED.values()
    assert [s for p, s, _ in site.log if p.endswith("/" + old)] == [301]
    assert (tmp_path / "data" / "profiles" / "fr" / "val-de-seine.txt").exists()
    assert f"{GONE[1]}: HTTP 404, gone" in result.output
    # the pager was followed: every index page of every language was read once
    index = [p for p in paths if p.count("/") == 2]
    assert len(index) == len(set(index)) and any("?page=" in p for p in index)


def test_second_harvest_downloads_nothing_unchanged(site, tmp_path):
    data = tmp_path / "data"
    assert harvest(site, data).exit_code == 0
    before = snapshot(data)
    sources = json.loads((data / "sources.json").read_text())
    site.log.clear()
    result = harvest(site, data)
    assert result.exit_code == 0, result.output
    assert "0 new, 0 changed, 10 unchanged, 1 gone, 0 failed" in result.output
    profile_requests = site.profile_requests()
    assert {s for _, s, _ in profile_requests} <= {304, 301, 404}
    assert all(h.get("If-None-Match") for p, s, h in profile_requests if s == 304)
    assert snapshot(data) == before  # content and mtime untouched
    assert json.loads((data / "sources.json").read_text()) == sources


def test_changed_page_is_rewritten_and_recorded(site, tmp_path):
    data = tmp_path / "data"
    harvest(site, data)
    key = ("en", "rabat")
    site.changed[key] = CORPUS[key].read_text(encoding="utf-8").replace("Rabat", "Rabat-Salé", 1)
    before = snapshot(data)
    result = harvest(site, data)
    assert "0 new, 1 changed, 9 unchanged" in result.output
    after = snapshot(data)
    assert after["profiles/en/rabat.txt"][0].startswith("Rabat-Salé".encode())
    assert {k for k in after if after[k] != before[k]} == {"profiles/en/rabat.txt"}
    entry = json.loads((data / "sources.json").read_text())["profiles/en/rabat.txt"]
    assert entry["last_modified"].startswith("Thu, 01 Jan 2026")
    assert entry["url"].endswith("/en/cities-territories-human-rights-2030/rabat")
    assert len(entry["html_sha256"]) == len(entry["text_sha256"]) == 64


def test_unreadable_page_is_reported_and_kept_out(site, tmp_path):
    site.broken = True
    result = harvest(site, tmp_path / "data")
    assert result.exit_code == 1
    assert f"{BROKEN[1]}: not a readable profile" in result.output
    assert not (tmp_path / "data" / "profiles" / "en" / f"{BROKEN[1]}.txt").exists()
    assert "10 new" in result.output


def test_gone_page_kept_unless_prune(site, tmp_path):
    data = tmp_path / "data"
    harvest(site, data)
    key = ("es", "villa-esperanza")
    del site.pages[key]
    CORPUS_copy = dict(CORPUS)
    try:
        CORPUS.pop(key)
        result = harvest(site, data)
        assert result.exit_code == 0
        assert "2 gone" in result.output and (data / "profiles/es/villa-esperanza.txt").exists()
        result = harvest(site, data, "--prune")
        assert "file removed" in result.output
        assert not (data / "profiles/es/villa-esperanza.txt").exists()
        assert "profiles/es/villa-esperanza.txt" not in json.loads(
            (data / "sources.json").read_text()
        )
    finally:
        CORPUS.clear()
        CORPUS.update(CORPUS_copy)


def test_unreachable_site_or_robots_forbidding_all_exit_2(tmp_path, site):
    result = CliRunner().invoke(
        main,
        ["harvest", "--site", "http://127.0.0.1:9", "--data", str(tmp_path), "--delay", "0"],
        env={"HRGRAPH_HARVEST_RETRIES": "0"},
    )
    assert result.exit_code == 2, result.output
    assert "site unreachable" in result.output
    site.forbid_all = True
    result = harvest(site, tmp_path)
    assert result.exit_code == 2 and "robots.txt forbids the index pages" in result.output
    assert [p for p, _, _ in site.log] == ["/robots.txt"]
    assert not list(tmp_path.rglob("*.txt"))


def test_build_after_harvest_merges_linked_editions(site, tmp_path):
    data = tmp_path / "data"
    data.mkdir()
    (data / "dataset.toml").write_bytes((DATA / "dataset.toml").read_bytes())
    assert harvest(site, data).exit_code == 0
    members = (data / "members.csv").read_text()
    assert "mexico-city,MX,mexico-city,mexico,ciudad-mexico,," in members
    report = build_into(tmp_path / "build", data=data)
    assert report.exit_code == 0
    import pyoxigraph as ox

    from hrgraph.release import current_release

    store = ox.Store.read_only(str(current_release(tmp_path / "build").path / "store"))
    rows = list(store.query(
        "PREFIX prov: <http://www.w3.org/ns/prov#> SELECT DISTINCT ?m WHERE { GRAPH ?g { ?p ?x ?m } "
        "FILTER(STRENDS(STR(?m), '/mexico-city')) }"
    ))  # fmt: skip
    assert rows
    names = {str(m) for (m,) in store.query(
        "SELECT DISTINCT ?m WHERE { ?m a <http://www.w3.org/ns/org#Organization> }"
    )}  # fmt: skip
    assert not any(n.endswith(("/mexico", "/ciudad-mexico")) for n in names)
    derived = {str(u) for (u,) in store.query(
        "PREFIX prov: <http://www.w3.org/ns/prov#> SELECT ?u WHERE { "
        "?g prov:wasDerivedFrom ?u FILTER(STRSTARTS(STR(?u), 'http://localhost')) }"
    )}  # fmt: skip
    assert len(derived) == len(CORPUS)


def test_kill_during_harvest_loses_nothing(site, tmp_path):
    data = tmp_path / "data"
    command = [sys.executable, "-m", "hrgraph.cli", "harvest", "--site", site.url, "--data", str(data),
               "--delay", "0.15"]  # fmt: skip
    proc = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if len(list(data.rglob("*.txt"))) >= 3:
            break
        time.sleep(0.02)
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait(10)
    written = list(data.rglob("*.txt"))
    assert 3 <= len(written) < len(CORPUS)
    json.loads((data / "sources.json").read_text())  # whole, never half-written
    for path in written:
        read_profile(path)  # every file left is a whole profile
    result = harvest(site, data)
    assert result.exit_code == 0, result.output
    reference = tmp_path / "reference"
    harvest(site, reference)
    assert {k: v[0] for k, v in snapshot(data).items()} == {
        k: v[0] for k, v in snapshot(reference).items()
    }
    assert not list(data.rglob("*.tmp"))


def test_builds_after_harvest_are_deterministic(site, tmp_path):
    data = tmp_path / "data"
    assert harvest(site, data).exit_code == 0
    sums = []
    for n in (1, 2):
        report = build_into(tmp_path / f"build{n}", data=data)
        sums.append((report.release.path / "dumps" / "SHA256SUMS").read_text())
    assert sums[0] == sums[1]
    sources = json.loads((data / "sources.json").read_text())
    nq = (report.release.path / "dumps" / "hrgraph.nq").read_text()
    assert sources["profiles/en/rabat.txt"]["retrieved"][:19] in nq
    assert sources["profiles/en/rabat.txt"]["html_sha256"] in nq


def test_import_saved_pages(site, tmp_path):
    saved = tmp_path / "saved"
    saved.mkdir()
    for key in (("en", "mexico-city"), ("es", "ciudad-mexico")):
        (saved / f"{key[1]}.html").write_text(site.profile_html(key), encoding="utf-8")
    data = tmp_path / "data"
    result = CliRunner().invoke(main, ["import", "--data", str(data), *map(str, saved.iterdir())])
    assert result.exit_code == 0, result.output
    for lang, slug in (("en", "mexico-city"), ("es", "ciudad-mexico")):
        assert record(data / "profiles" / lang / f"{slug}.txt") == record(CORPUS[(lang, slug)])
    assert "mexico-city,MX,mexico-city,,ciudad-mexico" in (data / "members.csv").read_text()
    assert not site.log  # no network
