"""One writer per output format, each a function ``(Report, Context) -> str``.

text    grouped by file, readable, with counts (the default)
json    every result with its locations, for scripts
turtle  the standard SHACL ``sh:ValidationReport``
junit   one test case per result (and per conforming graph), for CI dashboards
github  workflow commands (``::error file=...,line=...::message``) that annotate a PR
sarif   SARIF 2.1.0, for code-scanning services
"""

from __future__ import annotations

import io
import json
import re
import xml.etree.ElementTree as ET
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.namespace import RDF
from rdflib.plugins.serializers.turtle import TurtleSerializer
from rdflib.util import from_n3

from hrgraph import __version__
from hrgraph.languages import DEFAULT
from hrgraph.rdf.namespaces import HRG, PREFIXES, PROV, ROOT, SH, SHAPES, bind_prefixes, curie
from hrgraph.validate.findings import rule_of
from hrgraph.validate.inputs import as_written
from hrgraph.validate.model import FAIL_ON, Report, Result
from hrgraph.validate.shapes import Shapes

SHAPES_NS = str(SHAPES)
NAMESPACES = {"hrgsh": SHAPES_NS, **PREFIXES}
SH_SEVERITY = {"violation": SH.Violation, "warning": SH.Warning, "info": SH.Info}
INFORMATION_URI = ROOT
FORMATS = ("text", "json", "turtle", "junit", "github", "sarif")


@dataclass
class Context:
    shapes: Shapes
    fail_on: str = "violation"
    lang: str = DEFAULT


def write(fmt: str, report: Report, ctx: Context) -> str:
    return WRITERS[fmt](report, ctx)


def rule_text(shapes: Shapes, shape: str, prop, lang: str) -> str | None:
    """A rule's name or description: a shape's own, or a reader rule's."""
    rule = rule_of(shape)
    if rule is not None:
        return rule.names[lang] if prop == SH.name else rule.message(lang, "…")
    return shapes.text(shape, prop, lang)


# -- helpers -------------------------------------------------------------------------------


def compact(term: str | None) -> str:
    """``<https://w3id.org/hrgraph/ontology#region>`` -> ``hrg:region``; other terms as is."""
    if not term:
        return ""
    if term.startswith("<") and term.endswith(">") and ">" not in term[1:-1]:
        return curie(term[1:-1], NAMESPACES) or term
    if term.startswith(("_:", '"')):
        return term
    # a compound path or a derived shape label: each IRI in it
    return re.sub(r"<([^<>\s]*)>", lambda m: curie(m[1], NAMESPACES) or m[0], term)


def shape_name(result: Result) -> str:
    short = compact(result.shape)
    return short.split(":", 1)[1] if short.startswith("hrgsh:") else short


def value_text(term: str | None) -> str:
    """A literal's lexical form (with its language), or a compacted IRI."""
    if not term:
        return ""
    if term.startswith('"'):
        with as_written():
            node = from_n3(term)
        text = str(node)
        return f'"{text}"@{node.language}' if getattr(node, "language", None) else f'"{text}"'
    return compact(term)


def detail(r: Result) -> str:
    parts = [f"focus {compact(r.focus)}"]
    if r.path:
        parts.append(f"path {compact(r.path)}")
    if r.value:
        parts.append(f"value {value_text(r.value)}")
    if r.severity_iri:  # a severity of the shapes' own, counted as a violation
        parts.append(f"severity {compact(r.severity_iri)}")
    return ", ".join(parts)


def counts_line(report: Report, ctx: Context) -> str:
    c = report.counts()
    words = [f"{c['violation']} violation(s)", f"{c['warning']} warning(s)"]
    if c["info"]:
        words.append(f"{c['info']} info")
    verdict = "FAILED" if not report.conforms(ctx.fail_on) else "OK"
    return (
        f"{verdict}: {', '.join(words)} in {len(report.units)} graph(s) "
        f"(fails on: {' or '.join(sorted(FAIL_ON[ctx.fail_on], reverse=True))})"
    )


# -- text ------------------------------------------------------------------------------------


def write_text(report: Report, ctx: Context) -> str:
    out = [f"hrgraph validate: {report.source}", f"shapes: {', '.join(report.shapes)}", ""]
    groups: dict[str, list[Result]] = defaultdict(list)
    for r in report.results:
        loc = r.location
        if r.scope == "cross":
            heading = "across profiles: " + ", ".join(str(x) for x in r.locations)
        else:
            heading = (loc.file or loc.graph) if loc else "(no source file)"
        groups[heading or "(no source file)"].append(r)
    for heading, results in groups.items():
        out.append(heading)
        for r in results:
            line = r.location.line if r.location and r.scope != "cross" else None
            where = f"{line:>5}" if line else "     "
            out.append(f"{where}  {r.severity:<9}  {shape_name(r)}: {r.message(ctx.lang)}")
            out.append(f"{'':>5}  {'':<9}  {detail(r)}")
        out.append("")
    out.append(counts_line(report, ctx))
    return "\n".join(out) + "\n"


# -- json ------------------------------------------------------------------------------------


def write_json(report: Report, ctx: Context) -> str:
    per_unit = defaultdict(int)
    for r in report.results:
        for loc in r.locations:
            per_unit[loc.graph] += 1
    data = {
        "conforms": not report.results,
        "passed": report.conforms(ctx.fail_on),
        "fail_on": ctx.fail_on,
        "exit_code": report.exit_code(ctx.fail_on),
        "source": report.source,
        "shapes": report.shapes,
        "counts": report.counts(),
        "graphs": [
            {
                "name": u.name,
                "label": u.label,
                "triples": u.triples,
                "results": per_unit.get(u.name, 0),
            }
            for u in report.units
        ],
        "results": [
            {
                **r.to_json(),
                "source_shape": ctx.shapes.term(r.shape) if ctx.shapes else r.shape,
                "rule": compact(r.shape),
                "message": r.message(ctx.lang),
                "location": str(r.location) if r.location else None,
            }
            for r in report.results
        ],
        "stats": report.stats,
    }
    return json.dumps(data, indent=1, ensure_ascii=False) + "\n"


# -- turtle ----------------------------------------------------------------------------------


def report_graph(report: Report, shapes: Shapes) -> Graph:
    """The standard SHACL validation report for these results (terms as written)."""
    with as_written():
        return _report_graph(report, shapes)


def _report_graph(report: Report, shapes: Shapes) -> Graph:
    g = Graph()
    bind_prefixes(g)
    g.bind("hrgsh", SHAPES_NS)
    root = BNode()
    g.add((root, RDF.type, SH.ValidationReport))
    g.add((root, SH.conforms, Literal(not report.results)))
    for r in report.results:
        node = BNode()
        g.add((root, SH.result, node))
        g.add((node, RDF.type, SH.ValidationResult))
        severity = _term(r.severity_iri) if r.severity_iri else SH_SEVERITY[r.severity]
        g.add((node, SH.resultSeverity, severity))
        g.add((node, SH.focusNode, _term(r.focus)))
        g.add((node, SH.sourceConstraintComponent, _term(r.component)))
        shape = shapes.node(r.shape)
        g.add((node, SH.sourceShape, shape))
        if r.path:
            g.add((node, SH.resultPath, _path(g, shapes, shape, r.path)))
        if r.value:
            g.add((node, SH.value, _term(r.value)))
        for lang, text in r.messages:
            g.add((node, SH.resultMessage, Literal(text, lang=lang or None)))
        for loc in r.locations:  # where to fix it: file (as the other formats name it), line
            if loc.file:
                where = BNode()
                g.add((node, PROV.atLocation, where))
                g.add((where, HRG.sourceFile, Literal(loc.file)))
                if loc.line:
                    g.add((where, HRG.sourceLine, Literal(loc.line)))
    return g


def _term(text: str):
    return BNode(text[2:]) if text.startswith("_:") else from_n3(text)


def _path(g: Graph, shapes: Shapes, shape, text: str):
    """The result path as RDF: an IRI, or a copy of the shape's ``sh:path`` that says
    only what :func:`~hrgraph.validate.engine.path_text` reads from it."""
    if text.startswith("<") and text.endswith(">") and ">" not in text[1:-1]:
        return URIRef(text[1:-1])
    path = shapes.graph.value(shape, SH.path)
    if path is None:
        return Literal(text)
    return _copy_path(g, shapes.graph, path)


def _copy_path(g: Graph, source: Graph, node):
    if isinstance(node, URIRef):
        return node
    if source.value(node, RDF.first) is not None:  # a sequence, whatever else it says
        copy = BNode()
        Collection(g, copy, [_copy_path(g, source, p) for p in Collection(source, node)])
        return copy
    for prop in PATH_FORMS:
        inner = source.value(node, prop)
        if inner is not None:
            copy = BNode()
            if prop == SH.alternativePath:
                items = [_copy_path(g, source, p) for p in Collection(source, inner)]
                head = BNode()
                Collection(g, head, items)
                g.add((copy, prop, head))
            else:
                g.add((copy, prop, _copy_path(g, source, inner)))
            return copy
    return Literal(node.n3())


PATH_FORMS = (
    SH.inversePath,
    SH.zeroOrMorePath,
    SH.oneOrMorePath,
    SH.zeroOrOnePath,
    SH.alternativePath,
)


class _ExactTurtle(TurtleSerializer):
    """rdflib's Turtle with every typed literal written in full (``"01"^^xsd:integer``):
    its short forms rewrite lexical forms (``1.5E0``, ``"1"^^xsd:boolean``) or break on
    ill-formed ones (``"none"^^xsd:boolean``), and a report must quote the data."""

    def label(self, node, position):
        if isinstance(node, Literal):
            # the datatype by a prefix the report binds, else in full (no prefix made up)
            return node._literal_n3(qname_callback=lambda dt: self.get_pname(dt, False))
        return super().label(node, position)


def write_turtle(report: Report, ctx: Context) -> str:
    out = io.BytesIO()
    _ExactTurtle(report_graph(report, ctx.shapes)).serialize(out, encoding="utf-8")
    return out.getvalue().decode("utf-8")


# -- junit -----------------------------------------------------------------------------------


def write_junit(report: Report, ctx: Context) -> str:
    """One test suite per file, one test case per result (a failure at or above
    ``--fail-on``, its text in ``<system-out>`` below it), and one passing test case per
    graph that has no result, so dashboards count what passed too."""
    failing = FAIL_ON[ctx.fail_on]
    by_file: dict[str, list[Result]] = defaultdict(list)
    for r in report.results:
        loc = r.location
        by_file[(loc.file or loc.graph) if loc else "(no source file)"].append(r)
    concerned = {loc.graph for r in report.results for loc in r.locations}
    suites = ET.Element("testsuites", name="hrgraph validate")
    total = fails = 0
    for file, results in by_file.items():
        suite = ET.SubElement(suites, "testsuite", name=file)
        s_fail = 0
        for r in results:
            loc = r.location
            where = f"{file}:{loc.line}" if loc and loc.line else file
            case = ET.SubElement(
                suite,
                "testcase",
                name=f"{shape_name(r)} {where} {compact(r.focus)}",
                classname=f"hrgraph.validate.{shape_name(r)}",
            )
            if loc and loc.file:
                case.set("file", loc.file)
                if loc.line:
                    case.set("line", str(loc.line))
            text = f"{where}: {r.message(ctx.lang)} ({detail(r)})"
            if len(r.locations) > 1:
                text += "; also " + ", ".join(str(x) for x in r.locations[1:])
            if r.severity in failing:
                failure = ET.SubElement(
                    case, "failure", message=r.message(ctx.lang), type=compact(r.shape)
                )
                failure.text = f"{r.severity}: {text}"
                s_fail += 1
            else:
                ET.SubElement(case, "system-out").text = f"{r.severity}: {text}"
        _junit_counts(suite, len(results), s_fail)
        total, fails = total + len(results), fails + s_fail
    clean = [u for u in report.units if u.name not in concerned]
    if clean:
        suite = ET.SubElement(suites, "testsuite", name="conforming graphs")
        for u in clean:
            case = ET.SubElement(
                suite, "testcase", name=u.label, classname="hrgraph.validate.conforms"
            )
            if u.label.endswith(".txt") or u.label == u.name:
                case.set("file", u.label)
        _junit_counts(suite, len(clean), 0)
        total += len(clean)
    _junit_counts(suites, total, fails)
    ET.indent(suites)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(suites, "unicode") + "\n"


def _junit_counts(element, tests: int, failures: int) -> None:
    element.set("tests", str(tests))
    element.set("failures", str(failures))
    element.set("errors", "0")


# -- github ----------------------------------------------------------------------------------

GITHUB_LEVEL = {"violation": "error", "warning": "warning", "info": "notice"}


def _gh_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _gh_prop(text: str) -> str:
    return _gh_data(text).replace(":", "%3A").replace(",", "%2C")


def write_github(report: Report, ctx: Context) -> str:
    out = []
    for r in report.results:
        props = []
        loc = r.location
        if loc and loc.file:
            props.append(f"file={_gh_prop(loc.file)}")
            if loc.line:
                props.append(f"line={loc.line}")
        props.append(f"title={_gh_prop(shape_name(r) + ' (hrgraph shapes)')}")
        message = f"{r.message(ctx.lang)} ({detail(r)})"
        if len(r.locations) > 1:
            message += "; also " + ", ".join(str(x) for x in r.locations[1:])
        out.append(f"::{GITHUB_LEVEL[r.severity]} {','.join(props)}::{_gh_data(message)}")
    out.append(counts_line(report, ctx))
    return "\n".join(out) + "\n"


# -- sarif -----------------------------------------------------------------------------------

SARIF_LEVEL = {"violation": "error", "warning": "warning", "info": "note"}
SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
# relative artifact URIs are relative to the working folder validate ran in, which
# originalUriBaseIds states as a file: URI (the base GitHub code scanning also knows)
SARIF_BASE = "%SRCROOT%"


def sarif_artifact(file: str) -> dict:
    """An artifactLocation: an absolute file is a file: URI, a relative one has a base."""
    path = Path(file)
    if path.is_absolute():
        return {"uri": path.as_uri()}
    return {"uri": quote(path.as_posix()), "uriBaseId": SARIF_BASE}


def write_sarif(report: Report, ctx: Context) -> str:
    shapes = ctx.shapes
    rule_ids = sorted({r.shape for r in report.results})
    index = {shape: i for i, shape in enumerate(rule_ids)}
    rules = []
    for shape in rule_ids:
        name = rule_text(shapes, shape, SH.name, ctx.lang) or compact(shape)
        description = rule_text(shapes, shape, SH.description, ctx.lang) or name
        severity = next(r.severity for r in report.results if r.shape == shape)
        rule = {
            "id": compact(shape),
            "name": name,
            "shortDescription": {"text": name},
            "fullDescription": {"text": description},
            "defaultConfiguration": {"level": SARIF_LEVEL[severity]},
        }
        if shape.startswith("<"):
            rule["helpUri"] = shape[1:-1]
        rules.append(rule)
    results = []
    for r in report.results:
        locations = []
        for loc in r.locations:
            if not loc.file:
                continue
            physical = {"artifactLocation": sarif_artifact(loc.file)}
            if loc.line:
                physical["region"] = {"startLine": loc.line}
            locations.append({"physicalLocation": physical})
        logical = [{"fullyQualifiedName": r.focus.strip("<>"), "kind": "resource"}]
        if locations:
            locations[0]["logicalLocations"] = logical
        else:
            locations.append({"logicalLocations": logical})
        results.append(
            {
                "ruleId": compact(r.shape),
                "ruleIndex": index[r.shape],
                "level": SARIF_LEVEL[r.severity],
                "message": {"text": f"{r.message(ctx.lang)} ({detail(r)})"},
                "locations": locations,
                "partialFingerprints": {"hrgraph/v1": "|".join(str(k) for k in r.key)},
            }
        )
    sarif = {
        "$schema": SARIF_SCHEMA,
        "version": "2.1.0",
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": "hrgraph validate",
                        "version": __version__,
                        "informationUri": INFORMATION_URI,
                        "rules": rules,
                    }
                },
                "originalUriBaseIds": {
                    SARIF_BASE: {
                        "uri": Path.cwd().resolve().as_uri() + "/",
                        "description": {"text": "The working folder hrgraph validate ran in."},
                    }
                },
                "results": results,
                "columnKind": "unicodeCodePoints",
            }
        ],
    }
    return json.dumps(sarif, indent=1, ensure_ascii=False) + "\n"


WRITERS = {
    "text": write_text,
    "json": write_json,
    "turtle": write_turtle,
    "junit": write_junit,
    "github": write_github,
    "sarif": write_sarif,
}
