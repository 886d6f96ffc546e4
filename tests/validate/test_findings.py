"""What the reader notices on a page reaches ``hrgraph validate``, in every format.

Each finding has a rule id, a severity, the profile file and line, and the value the
page prints, and ``--fail-on warning`` fails on it.
"""

import json
import re
import shutil
import xml.etree.ElementTree as ET

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF
from validate_support import build_dir_of, edit_profiles, run_validate

from helpers import DATA, build_into
from hrgraph.rdf.namespaces import HRG, PROV, SH, SHAPES
from hrgraph.validate.reports import FORMATS

EDITS = {
    "fr/gennevilliers.txt": [
        (r"^2022$", "abc"),  # a year of joining that is not a year
        (r"^Ville entre 50\.000 et 250\.000 habitants$", "Ville entre 250.000 et 50.000 habitants"),
        (r"\(santé publique\)", "(astrologie)"),  # a theme no concept matches
    ],
    "en/gwangju.txt": [(r"^Republic of Korea$|^South Korea$|^Korea.*$", "Narnia")],
    "fr/rabat.txt": [(r"^Maroc$", "Maroc\nPAYS\nEspagne")],  # a country given twice
    "en/rabat.txt": [(r"^6 years$", "2026 - 2020")],  # a mandate that ends before it starts
}
# (rule, profile file, line, text the value holds)
EXPECT = [
    ("Reader-joinedNotAYear", "fr/gennevilliers.txt", 8, "abc"),
    ("Reader-populationInverted", "fr/gennevilliers.txt", 16, "entre 250.000 et 50.000"),
    ("Reader-themeUnknown", "fr/gennevilliers.txt", 45, "astrologie"),
    ("Reader-twoPeriods", "fr/gennevilliers.txt", 59, "entre 2020 et 2022"),
    ("Reader-countryUnknown", "en/gwangju.txt", 6, "Narnia"),
    ("Reader-populationWrongField", "en/gwangju.txt", 16, "Supralocal"),
    ("Reader-fieldTwice", "fr/rabat.txt", 7, "Espagne"),
    ("Reader-mandateInverted", "en/rabat.txt", 12, "2026 - 2020"),
]


@pytest.fixture(scope="module")
def noticed(tmp_path_factory):
    root = tmp_path_factory.mktemp("findings")
    data = root / "pages"
    shutil.copytree(DATA, data)
    (data / "uris.txt").unlink()  # the edits change minted URIs; that is not checked here
    edit_profiles(data, EDITS)
    return build_dir_of(build_into(root / "out", data=data)), data


@pytest.fixture(scope="module")
def outputs(noticed):
    build, _ = noticed
    out = {}
    for fmt in FORMATS:
        result = run_validate("--build", build, "--format", fmt, "--lang", "fr")
        assert result.exit_code == 1, result.output
        out[fmt] = result.stdout
    return out


def test_the_inverted_population_range_is_kept_as_stated(noticed):
    from hrgraph.profile import read_profile

    _, data = noticed
    p = read_profile(data / "profiles" / "fr" / "gennevilliers.txt")
    assert (p.population.min, p.population.max) == (250_000, 50_000)  # not swapped


@pytest.mark.parametrize("rule, file, line, value", EXPECT, ids=[e[0] for e in EXPECT])
def test_finding_in_every_format(outputs, noticed, rule, file, line, value):
    _, data = noticed
    path = (data / "profiles" / file).as_posix()

    results = [r for r in json.loads(outputs["json"])["results"] if r["rule"] == f"hrgsh:{rule}"]
    (r,) = [r for r in results if r["locations"][0]["file"] == path]
    assert r["severity"] == "warning" and r["scope"] == "reader"
    assert r["locations"][0]["line"] == line and value in r["value"] and value in r["message"]
    assert {lang for lang, _ in r["messages"]} == {"en", "fr", "es"}

    text = outputs["text"]
    section = text.split(f"\n{path}\n", 1)[1].split("\n\n", 1)[0]
    assert re.search(rf"^\s+{line}\s+warning\s+{rule}: .*{re.escape(value)}", section, re.M)

    g = Graph().parse(data=outputs["turtle"], format="turtle")
    found = [
        n
        for n in g.subjects(SH.sourceShape, URIRef(f"{SHAPES}{rule}"))
        for where in g.objects(n, PROV.atLocation)
        if g.value(where, HRG.sourceFile) == Literal(path)
        and g.value(where, HRG.sourceLine) == Literal(line)
    ]
    (n,) = found
    assert (n, RDF.type, SH.ValidationResult) in g and g.value(n, SH.resultSeverity) == SH.Warning
    assert value in str(g.value(n, SH.value))

    cases = [
        c
        for c in ET.fromstring(outputs["junit"]).iter("testcase")
        if c.get("file") == path and f"{path}:{line}:" in ET.tostring(c, "unicode")
        and rule in ET.tostring(c, "unicode")
    ]  # fmt: skip
    assert cases and value in ET.tostring(cases[0], "unicode")

    assert re.search(
        rf"^::warning file={re.escape(path)},line={line},title={rule} .*{re.escape(value)}",
        outputs["github"],
        re.M,
    )

    (run,) = json.loads(outputs["sarif"])["runs"]
    hits = [
        res
        for res in run["results"]
        if res["ruleId"] == f"hrgsh:{rule}"
        and res["locations"][0]["physicalLocation"]["region"]["startLine"] == line
        and res["locations"][0]["physicalLocation"]["artifactLocation"]["uri"].endswith(file)
    ]
    assert hits and value in hits[0]["message"]["text"]
    assert any(x["id"] == f"hrgsh:{rule}" for x in run["tool"]["driver"]["rules"])


def test_fail_on_warning_fails_on_findings_alone(tmp_path):
    """A page whose only fault is one the reader sees: passes by default, fails on warning."""
    data = tmp_path / "pages"
    shutil.copytree(DATA, data)
    edit_profiles(data, {"fr/rabat.txt": [(r"^Maroc$", "Maroc\nPAYS\nMaroc")]})
    build = build_dir_of(build_into(tmp_path / "out", data=data))
    assert run_validate("--build", build, "--no-findings", "--fail-on", "warning").exit_code == 0
    assert run_validate("--build", build).exit_code == 0
    report = json.loads(run_validate("--build", build, "--format", "json").stdout)
    assert any(r["rule"] == "hrgsh:Reader-fieldTwice" for r in report["results"])
    assert run_validate("--build", build, "--fail-on", "warning").exit_code == 1
