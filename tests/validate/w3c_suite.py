"""The W3C SHACL core test suite (vendored in ``w3c-core/``): its cases and their reports.

Each manifest entry of type ``sht:Validate`` names a data graph, a shapes graph and the
expected ``sh:ValidationReport``. A report is compared as ``sh:conforms`` and the
multiset of its results, each result reduced to (focus node, result path, value,
constraint component, severity, source shape).

Blank nodes are wildcards: a blank focus node, value or source shape matches any blank
node, never an IRI or a literal (the suite's own notes allow this: blank node labels
are local to the graph that holds them). A result path is compared by its structure,
written in SPARQL property-path syntax, so a blank path node is compared by what it
says. Literals are compared as written (lexical form, datatype, language): the files
are parsed without rdflib's literal normalisation, which would turn ``"01"^^xsd:integer``
into ``"1"^^xsd:integer``.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlparse
from urllib.request import url2pathname

from rdflib import BNode, Graph, Literal, Namespace
from rdflib.collection import Collection
from rdflib.namespace import RDF

from hrgraph.validate.engine import path_text
from hrgraph.validate.inputs import as_written

SUITE = Path(__file__).resolve().parent / "w3c-core"
MF = Namespace("http://www.w3.org/2001/sw/DataAccess/tests/test-manifest#")
SHT = Namespace("http://www.w3.org/ns/shacl-test#")
SH = Namespace("http://www.w3.org/ns/shacl#")
BLANK = "_:"  # what every blank node reduces to
LEVELS = {"violation": SH.Violation, "warning": SH.Warning, "info": SH.Info}


def parse(path: Path) -> Graph:
    with as_written():
        return Graph().parse(path, format="turtle", publicID=path.resolve().as_uri())


@dataclass(frozen=True)
class Case:
    name: str  # the entry's path in the suite, e.g. "property/uniqueLang-002"
    data: Path
    shapes: Path
    conforms: bool
    results: Counter  # of result keys (see ``result_key``)

    def __str__(self) -> str:
        return self.name


def file_of(iri) -> Path:
    return Path(url2pathname(urlparse(str(iri)).path))


def cases() -> list[Case]:
    """Every ``sht:Validate`` entry of the suite, following ``mf:include``."""
    out: list[Case] = []
    todo, seen = [SUITE / "manifest.ttl"], set()
    while todo:
        path = todo.pop(0)
        if path in seen:
            continue
        seen.add(path)
        g = parse(path)
        for manifest in g.subjects(RDF.type, MF.Manifest):
            todo.extend(file_of(i) for i in g.objects(manifest, MF.include))
            for entries in g.objects(manifest, MF.entries):
                out.extend(_case(g, e) for e in Collection(g, entries))
    return sorted(out, key=lambda c: c.name)


def _case(g: Graph, entry) -> Case:
    assert (entry, RDF.type, SHT.Validate) in g, entry
    action = g.value(entry, MF.action)
    report = g.value(entry, MF.result)
    results = Counter(result_key(g, r) for r in g.objects(report, SH.result))
    name = file_of(entry).relative_to(SUITE).as_posix()
    return Case(
        name=name,
        data=file_of(g.value(action, SHT.dataGraph)),
        shapes=file_of(g.value(action, SHT.shapesGraph)),
        conforms=str(g.value(report, SH.conforms)) == "true",
        results=results,
    )


def term_key(term) -> str | None:
    if term is None:
        return None
    return BLANK if isinstance(term, BNode) else term.n3()


def result_key(g: Graph, r) -> tuple:
    """(focus, path, value, component, severity, source shape) of a result node."""
    path = g.value(r, SH.resultPath)
    return (
        term_key(g.value(r, SH.focusNode)),
        path_text(g, path) if path is not None else None,
        term_key(g.value(r, SH.value)),
        term_key(g.value(r, SH.sourceConstraintComponent)),
        term_key(g.value(r, SH.resultSeverity)),
        term_key(g.value(r, SH.sourceShape)),
    )


def report_of_turtle(text: str) -> tuple[bool, Counter]:
    """``sh:conforms`` and the result keys of a Turtle validation report."""
    with as_written():
        g = Graph().parse(data=text, format="turtle")
    (report,) = g.subjects(RDF.type, SH.ValidationReport)
    conforms = g.value(report, SH.conforms)
    assert isinstance(conforms, Literal)
    return conforms.value is True, Counter(result_key(g, r) for r in g.objects(report, SH.result))


def _blank(text: str | None) -> str | None:
    return BLANK if text is not None and text.startswith("_:") else text


def report_of_json(data: dict) -> tuple[bool, Counter]:
    """``conforms`` and the result keys of ``hrgraph validate --format json``."""
    keys = Counter()
    for r in data["results"]:
        severity = r.get("severity_iri") or LEVELS[r["severity"]].n3()
        keys[
            (
                _blank(r["focus"]),
                r["path"],
                _blank(r["value"]),
                r["component"],
                severity,
                _blank(r["source_shape"]),
            )
        ] += 1
    return data["conforms"], keys
