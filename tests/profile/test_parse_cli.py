"""``hrgraph parse`` as users and scripts call it."""

import json
import subprocess
import sys

from helpers import FIXTURE_PROFILES, PROFILES, line_of

KEYS = {
    "source", "lang", "slug", "name", "region", "country", "country_code", "joined",
    "leader", "mandate", "government_type", "population", "programmes", "warnings",
}  # fmt: skip


def run(*args):
    return subprocess.run(
        [sys.executable, "-m", "hrgraph.cli", "parse", *map(str, args)],
        capture_output=True,
        text=True,
    )


def test_every_profile_of_the_corpus_parses_to_one_json_line_each():
    result = run(PROFILES)
    assert result.returncode == 0, result.stderr
    records = [json.loads(line) for line in result.stdout.splitlines()]
    assert len(records) == len(list(PROFILES.rglob("*.txt")))
    for r in records:
        assert KEYS <= r.keys()
        assert r["name"] and r["country_code"] and r["joined"]
        assert set(r["mandate"]) >= {"start", "end", "years"}
        assert set(r["population"]) >= {"min", "max", "label"}
        assert set(r["leader"]) >= {"name", "title"}


def test_warnings_go_to_stderr_with_file_and_line_and_do_not_change_exit_code():
    path = PROFILES / "en" / "gwangju.txt"
    line = line_of(path, "Supralocal, regional, provincial governments")
    result = run(path)
    assert result.returncode == 0
    assert f"{path}:{line}: population range" in result.stderr
    record = json.loads(result.stdout)
    assert record["population"] == {
        "min": None,
        "max": None,
        "label": "Supralocal, regional, provincial governments",
    }
    assert record["warnings"][0]["line"] == line
    assert record["warnings"][0]["field"] == "population"


def test_a_broken_file_is_reported_and_the_others_still_print(tmp_path):
    broken = tmp_path / "fr" / "broken.txt"
    broken.parent.mkdir()
    broken.write_bytes(b"\xff\xfe garbage")
    good = FIXTURE_PROFILES / "es" / "villa-esperanza.txt"
    result = run(broken, good)
    assert result.returncode == 2
    assert f"error: {broken}:1: not UTF-8" in result.stderr
    records = [json.loads(line) for line in result.stdout.splitlines()]
    assert [r["slug"] for r in records] == ["villa-esperanza"]


def test_missing_file_is_an_error_not_a_crash(tmp_path):
    result = run(tmp_path / "nope.txt")
    assert result.returncode == 2
    assert "cannot read file" in result.stderr
    assert "Traceback" not in result.stderr
