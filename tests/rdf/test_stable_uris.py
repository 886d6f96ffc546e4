"""Stable URIs: the build compares what it mints with the URI list of its data folder."""

import csv
import shutil

import pytest
import rdflib
from click.testing import CliRunner
from rdflib import Literal, URIRef

from helpers import DATA, build_into
from hrgraph import datadir
from hrgraph.build import UriCheckError
from hrgraph.cli import main
from hrgraph.rdf import stable
from hrgraph.rdf.namespaces import DCTERMS, OWL

B = "https://w3id.org/hrgraph/"


@pytest.fixture
def data(tmp_path):
    """A copy of the corpus (with its URI list) the test may change."""
    copy = tmp_path / "data"
    shutil.copytree(DATA, copy)
    return copy


def rename_gwangju(data):
    """Give Gwangju another key in members.csv: every URI of the member changes."""
    path = data / "members.csv"
    path.write_text(
        path.read_text(encoding="utf-8").replace("gwangju,KR", "gwangju-metro,KR"), "utf-8"
    )


def record(data, rows):
    with (data / datadir.URI_CHANGES).open("w", encoding="utf-8", newline="") as f:
        writer = csv.writer(f)
        writer.writerow(stable.CHANGE_COLUMNS)
        writer.writerows(rows)


def test_the_corpus_list_is_exactly_what_the_corpus_mints(tmp_path):
    report = build_into(tmp_path / "build")
    assert report.uris.checked
    assert report.uris.dropped == report.uris.unlisted == []
    listed = stable.read_list(DATA / datadir.URIS)
    assert "id/territory/ma/rabat" in listed
    assert all(not u.startswith(("http", "/")) for u in listed)
    lines = [x for x in (DATA / datadir.URIS).read_text().splitlines() if x[:1] != "#"]
    assert lines == sorted(lines)


def test_a_build_for_another_base_compares_the_same_list(tmp_path):
    report = build_into(tmp_path / "build", base_uri="http://example.org/hr/")
    assert report.uris.checked and not report.uris.failed


def test_a_rename_fails_the_build_until_it_is_recorded(data, tmp_path):
    rename_gwangju(data)
    with pytest.raises(UriCheckError) as failed:
        build_into(tmp_path / "build", data=data)
    dropped = failed.value.check.dropped
    assert "id/territory/kr/gwangju" in dropped
    assert "id/membership/kr/gwangju" in dropped
    assert "uri-changes.csv" in str(failed.value)
    assert not (tmp_path / "build" / "current").exists()  # nothing published

    record(data, [(u, u.replace("/gwangju", "/gwangju-metro"), "New key") for u in dropped])
    report = build_into(tmp_path / "build", data=data)
    assert report.uris.unlisted  # the new URIs, until --update-uris lists them
    g = rdflib.Dataset().parse(report.release.dumps / "hrgraph.trig", format="trig")
    changes = g.graph(URIRef(B + "graph/changes"))
    old, new = URIRef(B + "id/territory/kr/gwangju"), URIRef(B + "id/territory/kr/gwangju-metro")
    assert (old, DCTERMS.isReplacedBy, new) in changes
    assert (old, OWL.deprecated, Literal(True)) in changes


def test_a_change_record_must_hold(data, tmp_path):
    record(data, [("id/territory/ma/rabat", "", "still minted")])
    with pytest.raises(UriCheckError, match="still mints it"):
        build_into(tmp_path / "build", data=data)
    rename_gwangju(data)
    record(data, [("id/territory/kr/gwangju", "id/territory/kr/nowhere", "typo")])
    with pytest.raises(UriCheckError, match="does not mint"):
        build_into(tmp_path / "build", data=data)


def test_the_cli_exits_1_naming_the_dropped_uris_and_update_uris_adds_new_ones(data, tmp_path):
    rename_gwangju(data)
    runner = CliRunner()
    args = ["build", "--data", str(data), "--out", str(tmp_path / "b"), "-q"]
    result = runner.invoke(main, args)
    assert result.exit_code == 1
    assert "id/territory/kr/gwangju" in result.output
    assert "replaced_by" in result.output
    # --update-uris never drops a listed URI: the rename still has to be recorded
    assert runner.invoke(main, [*args, "--update-uris"]).exit_code == 1
    dropped = sorted(stable.read_list(data / datadir.URIS) - stable.minted([], B))
    record(
        data,
        [
            (u, u.replace("/gwangju", "/gwangju-metro"), "New key")
            for u in dropped
            if "gwangju" in u and "/en/" not in u
        ],
    )
    result = runner.invoke(main, [*args, "--update-uris"])
    assert result.exit_code == 0, result.output
    listed = stable.read_list(data / datadir.URIS)
    assert {"id/territory/kr/gwangju", "id/territory/kr/gwangju-metro"} <= listed
    assert runner.invoke(main, args).exit_code == 0


def test_without_a_list_nothing_is_checked(data, tmp_path):
    (data / datadir.URIS).unlink()
    rename_gwangju(data)
    report = build_into(tmp_path / "build", data=data)
    assert not report.uris.checked


@pytest.mark.parametrize(
    "row, message",
    [
        (("https://w3id.org/hrgraph/id/x/y", "", "r"), "relative to the base"),
        (("id/territory/kr/gwangju", "", ""), "'reason' is required"),
    ],
)
def test_malformed_change_records_are_refused(data, row, message):
    record(data, [row])
    with pytest.raises(stable.StableUriError, match=message):
        stable.read_changes(data / datadir.URI_CHANGES)


def test_a_dataset_without_a_licence_is_a_warning(data, tmp_path):
    report = build_into(tmp_path / "build", data=data)
    assert [w.field for s, w in report.warnings if s == "dataset.toml"] == ["license"]
    meta = data / "dataset.toml"
    meta.write_text(
        meta.read_text("utf-8").replace(
            'license = ""', 'license = "https://creativecommons.org/licenses/by/4.0/"'
        ),
        "utf-8",
    )
    report = build_into(tmp_path / "build2", data=data)
    assert not [w for s, w in report.warnings if s == "dataset.toml"]
    void = rdflib.Graph().parse(report.release.dumps / "void.ttl")
    assert (None, DCTERMS.license, URIRef("https://creativecommons.org/licenses/by/4.0/")) in void


def test_builds_with_recorded_changes_stay_deterministic(data, tmp_path):
    rename_gwangju(data)
    listed = stable.read_list(data / datadir.URIS)
    record(
        data,
        [
            (u, u.replace("/gwangju", "/gwangju-metro"), "New key")
            for u in sorted(listed)
            if "gwangju" in u and "/en/" not in u
        ],
    )
    first = build_into(tmp_path / "one", data=data).release.dumps
    second = build_into(tmp_path / "two", data=data).release.dumps
    for name in ("hrgraph.trig", "hrgraph.nq", "hrgraph.jsonld", "void.ttl"):
        assert (first / name).read_bytes() == (second / name).read_bytes(), name
