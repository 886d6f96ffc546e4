"""``hrgraph link`` on a CSV of name variants and negatives."""

from __future__ import annotations

import csv
import io

from click.testing import CliRunner

from helpers import FIXTURES
from hrgraph.cli import main
from hrgraph.exits import Exit

NAMES = FIXTURES / "reconcile" / "names.csv"
BASE = "https://w3id.org/hrgraph/id/territory/"
EXPECTED = {  # registry_id -> the IRI that must be a confident match, or None
    "1": BASE + "fr/gennevilliers",
    "2": BASE + "fr/gennevilliers",
    "3": BASE + "ma/rabat",
    "4": BASE + "kr/gwangju",
    "5": BASE + "co/villa-esperanza",
    "6": BASE + "co/villa-esperanza",
    "7": None,  # Paris
    "8": None,  # Villa Hermosa, MX
    "9": None,  # Rabat, but in France: a candidate, not a match
    "10": None,  # no name: kept, with empty results, so rows stay in step
}


def _link(*args):
    return CliRunner().invoke(main, ["link", *map(str, args)])


def test_link_writes_best_uri_label_score_and_match(reconcile_build):
    result = _link(
        NAMES, "--build", reconcile_build, "--name-column", "city", "--country-column", "country"
    )
    assert result.exit_code == Exit.OK, result.stderr
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert list(rows[0]) == [
        "registry_id",
        "city",
        "country",
        "hrgraph_uri",
        "hrgraph_label",
        "hrgraph_score",
        "hrgraph_match",
    ]
    by_id = {r["registry_id"]: r for r in rows}
    assert set(by_id) == set(EXPECTED)
    assert by_id["10"]["hrgraph_uri"] == by_id["10"]["hrgraph_score"] == ""
    for key, expected in EXPECTED.items():
        row = by_id[key]
        if expected:
            assert (row["hrgraph_uri"], row["hrgraph_match"]) == (expected, "true"), row
            assert float(row["hrgraph_score"]) >= 90
        else:
            assert row["hrgraph_match"] == "false", row
    assert by_id["1"]["hrgraph_label"] == "Gennevilliers"
    assert by_id["9"]["hrgraph_uri"] == BASE + "ma/rabat"  # the best candidate all the same
    assert float(by_id["9"]["hrgraph_score"]) < 90
    assert "6 of" in result.stderr


def test_link_to_a_file_with_a_column_number(reconcile_build, tmp_path):
    out = tmp_path / "linked.csv"
    result = _link(NAMES, "--build", reconcile_build, "--name-column", "2", "--out", out)
    assert result.exit_code == Exit.OK, result.stderr
    rows = list(csv.DictReader(out.open(encoding="utf-8")))
    assert rows[0]["hrgraph_uri"] == BASE + "fr/gennevilliers"
    assert result.stdout == ""


def test_link_without_the_column_fails_with_exit_2(reconcile_build):
    result = _link(NAMES, "--build", reconcile_build, "--name-column", "town")
    assert result.exit_code == Exit.FAILED
    assert "--name-column 'town'" in result.stderr and "registry_id" in result.stderr


def test_link_without_a_build_fails_with_exit_2(tmp_path):
    result = _link(NAMES, "--build", tmp_path / "nothing", "--name-column", "city")
    assert result.exit_code == Exit.FAILED
    assert result.stderr.startswith("error:")
