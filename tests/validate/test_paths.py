"""Reports name the files the build read, from wherever validate runs.

The build reads a data folder that is not called ``data/``; validation runs from a third
folder (the reports then give absolute paths) and from the folder above the data
(relative paths). Every path in every format must exist and be a file that was read.
"""

import json
import re
import shutil
import xml.etree.ElementTree as ET
from pathlib import Path
from urllib.parse import unquote, urlparse

import pytest
from rdflib import Graph
from validate_support import (
    ONTOLOGY,
    SHAPES,
    TEXT_BREAKS,
    build_dir_of,
    edit_profiles,
    run_validate,
)

from helpers import DATA, build_into
from hrgraph.rdf.namespaces import HRG
from hrgraph.validate.reports import FORMATS

BREAKS = {k: TEXT_BREAKS[k] for k in ("fr/gennevilliers.txt", "en/gwangju.txt", "en/rabat.txt")}


@pytest.fixture(scope="module")
def elsewhere(tmp_path_factory):
    """(root, data folder, build folder): data in ``root/harvest-copy``, build in ``root/out``."""
    root = tmp_path_factory.mktemp("elsewhere")
    data = root / "harvest-copy"
    shutil.copytree(DATA, data)
    edit_profiles(data, BREAKS)
    return root, data, build_dir_of(build_into(root / "out", data=data))


def read_files(data: Path) -> set[Path]:
    """What a validation of this build reads: the profiles, the ontology and the shapes."""
    return {
        p.resolve() for p in [*data.rglob("*.txt"), *data.rglob("*.toml"), *ONTOLOGY.glob("*.ttl")]
    } | {p.resolve() for p in SHAPES.glob("*.ttl")}


def from_uri(uri: str, bases: dict) -> Path:
    parsed = urlparse(uri)
    if parsed.scheme == "file":
        return Path(unquote(parsed.path))
    assert parsed.scheme == "", uri
    return from_uri(bases["base"] + uri, bases)


def paths_in(fmt: str, text: str) -> list[str]:
    if fmt == "text":
        out = []
        for line in text.splitlines()[2:-1]:
            if line.startswith("across profiles: "):
                out += [x.rsplit(":", 1)[0] for x in line.split(": ", 1)[1].split(", ")]
            elif line and not line.startswith(" "):
                out.append(line)
        out += text.splitlines()[1].removeprefix("shapes: ").split(", ")
        return out
    if fmt == "json":
        data = json.loads(text)
        return [
            *(loc["file"] for r in data["results"] for loc in r["locations"]),
            *(g["label"] for g in data["graphs"]),
            *data["shapes"],
        ]
    if fmt == "turtle":
        return [
            str(o) for o in Graph().parse(data=text, format="turtle").objects(None, HRG.sourceFile)
        ]
    if fmt == "junit":
        return [c.get("file") for c in ET.fromstring(text).iter("testcase") if c.get("file")]
    if fmt == "github":
        return [m.group(1).replace("%3A", ":").replace("%2C", ",").replace("%25", "%")
                for m in re.finditer(r"file=([^,]+),", text)]  # fmt: skip
    if fmt == "sarif":
        (run,) = json.loads(text)["runs"]
        bases = {k: v["uri"] for k, v in run.get("originalUriBaseIds", {}).items()}
        out = []
        for r in run["results"]:
            for loc in r["locations"]:
                art = loc.get("physicalLocation", {}).get("artifactLocation")
                if art:
                    base = bases[art["uriBaseId"]] if "uriBaseId" in art else ""
                    assert base.startswith("file:///") and base.endswith("/") or not base, base
                    out.append(str(from_uri(art["uri"], {"base": base})))
        return out
    raise AssertionError(fmt)


@pytest.mark.parametrize("where", ["third-folder", "parent-folder"])
@pytest.mark.parametrize("fmt", FORMATS)
def test_every_path_is_a_file_that_was_read(elsewhere, monkeypatch, fmt, where):
    root, data, build = elsewhere
    cwd = root / "ci" if where == "third-folder" else root
    cwd.mkdir(exist_ok=True)
    monkeypatch.chdir(cwd)
    result = run_validate("--build", build, "--format", fmt)  # no HRGRAPH_DATA_DIR
    assert result.exit_code == 1, result.output
    paths = paths_in(fmt, result.stdout)
    read = read_files(data)
    assert paths
    for shown in paths:
        path = Path(shown)
        if where == "parent-folder" and fmt != "sarif":
            assert not path.is_absolute() or SHAPES in path.parents or ONTOLOGY in path.parents
        if where == "third-folder" and str(data) in shown:
            assert path.is_absolute(), shown
        assert (cwd / path).resolve() in read, (fmt, shown)
    profiles = {(cwd / p).resolve() for p in paths if p.endswith(".txt")}
    for broken in BREAKS:
        assert (data / "profiles" / broken).resolve() in profiles, (fmt, broken)
