"""One SHACL call on the whole graph, and plain pySHACL as the reference.

The engine is the ``shacl`` package (Rust, pinned in ``pyproject.toml``): the data
(every graph of the input with the ontology and vocabularies) goes to it as one graph,
with its own RDFS inference, which is what ``pyshacl -i rdfs -e ontology`` does. On
hrgraph's shapes it gives pySHACL's results exactly, on clean and on broken data, about
two hundred times faster (``bench/validate_bench.py``); the tests keep pySHACL
(:func:`reference`) as the oracle.

A result's *scope* says where it was found: ``graph`` when one input graph describes
its focus node, ``cross`` when several do (the language editions of a member's page),
``support`` when none does (a vocabulary concept).
"""

from __future__ import annotations

import logging
import time
from collections import defaultdict
from contextlib import contextmanager
from dataclasses import dataclass
from importlib.metadata import version

import shacl
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.namespace import RDF

from hrgraph.rdf.namespaces import SH
from hrgraph.validate.inputs import Loaded
from hrgraph.validate.model import Result
from hrgraph.validate.shapes import Shapes, ShapesError

ENGINE = f"shacl {version('shacl')}"
SEVERITY = {SH.Violation: "violation", SH.Warning: "warning", SH.Info: "info"}


@dataclass
class Raw:
    """A result as the engine gave it, before it is placed and described."""

    severity: str
    focus: str
    shape: str
    component: str
    path: str | None
    value: str | None
    messages: tuple


@dataclass
class Outcome:
    results: list[tuple[Raw, str, list[int]]]  # raw result, scope, units it concerns
    stats: dict


_COMPILED: dict[str, shacl.Shapes] = {}  # shapes digest -> compiled


def compiled(shapes: Shapes) -> shacl.Shapes:
    """The shapes compiled by the engine, once per process for the same shapes."""
    engine = _COMPILED.get(shapes.digest)
    if engine is None:
        try:
            text = shapes.graph.serialize(format="nt")
            engine = _COMPILED[shapes.digest] = shacl.Shapes.from_text(text, format="ntriples")
        except ValueError as e:
            raise _shapes_error(shapes, e) from None
    return engine


def _blank_count(shapes: Shapes) -> int:
    return len({term for t in shapes.graph for term in t if type(term) is BNode})


def _shapes_error(shapes: Shapes, e: Exception) -> ShapesError:
    files = ", ".join(map(str, shapes.files))
    known = isinstance(e, ValueError) or type(e).__name__ == "ReportableRuntimeError"
    detail = str(e) if known else f"{type(e).__name__}: {e}"
    return ShapesError(f"{files}: cannot use these shapes: {' '.join(detail.split())[:500]}")


def _turtle(triples, blanks: dict) -> str:
    """Triples as Turtle, one statement a line, every term written in full.

    The engine numbers blank nodes ``_:0_b0``, ``_:0_b1``... in the order it first meets
    them, the shapes' first, then the data's; ``blanks`` collects ours in that order, so
    results can name them as we do (a test checks this holds).
    """
    lines = []
    for s, p, o in triples:
        for term in (s, o):
            if type(term) is BNode and term not in blanks:
                blanks[term] = None
        lines.append(f"{s.n3()} {p.n3()} {o.n3()} .\n")
    return "".join(lines)


def run(loaded: Loaded, shapes: Shapes) -> Outcome:
    """Every graph of ``loaded`` and its support, validated together in one call."""
    started = time.perf_counter()
    engine = compiled(shapes)
    seen: dict = {}  # blank nodes in order of appearance
    data = _turtle((t for u in loaded.units for t in u.triples), seen)
    data += _turtle(loaded.support, seen)
    first = _blank_count(shapes)  # numbered from 0, the shapes first
    ours = {f"_:0_b{k}": b.n3() for k, b in enumerate(seen, first)}
    try:
        report = engine.validate_text(data, format="turtle", inference="rdfs")
    except ValueError as e:  # a query the engine cannot run on this data
        raise _shapes_error(shapes, e) from None
    where: dict[str, set[int]] = defaultdict(set)
    for i, unit in enumerate(loaded.units):
        for s, _, _ in unit.triples:
            where[s.n3()].add(i)
    results = []
    for r in report.results:
        raw = Raw(
            severity=r.severity.lower(),
            focus=ours.get(r.focus_node, r.focus_node),
            shape=_shape_label(r),
            component=f"<{r.component_iri}>",
            path=r.path,
            value=ours.get(r.value, r.value),
            messages=tuple(sorted(("", m) for m in r.messages)),
        )
        units = sorted(where.get(raw.focus, ()))
        scope = "support" if not units else "graph" if len(units) == 1 else "cross"
        results.append((raw, scope, units))
    seconds = round(time.perf_counter() - started, 3)
    stats = {"engine": ENGINE, "units": len(loaded.units), "seconds": seconds}
    return Outcome(results, stats)


def _shape_label(r) -> str:
    """``<iri>`` of the shape; for a blank property shape, its parent's and its path."""
    shape = r.source_shape or r.root_shape or ""
    if not shape.startswith("_:"):
        return shape if shape.startswith("<") else f"<{shape}>"
    return f"<{r.root_shape.strip('<>')}>/{r.path}"


# -- the reference -------------------------------------------------------------------------


@contextmanager
def _quiet_pyshacl():
    """pySHACL logs what it raises; the error reaches the user once, as ours. Only
    during our own call: the rest of the process keeps pySHACL's logging as it is."""
    logger = logging.getLogger("pyshacl-validate")

    def drop(record):
        return False

    logger.addFilter(drop)
    try:
        yield
    finally:
        logger.removeFilter(drop)


def reference(loaded: Loaded, shapes: Shapes, ontology: list, inference: str = "rdfs") -> list[Raw]:
    """Plain pySHACL on the whole merged graph, the ontology as extra graph: the oracle."""
    import pyshacl  # only here: the engine does not need it

    merged = Graph()
    for u in loaded.units:
        for t in u.triples:
            merged.add(t)
    for t in loaded.support:
        merged.add(t)
    ont = Graph()
    for t in ontology:
        ont.add(t)
    try:
        with _quiet_pyshacl():
            _, report, _ = pyshacl.validate(
                merged, shacl_graph=shapes.graph, ont_graph=ont, inference=inference
            )
    except Exception as e:
        raise _shapes_error(shapes, e) from None
    return results_of(report, shapes)


def results_of(report: Graph, shapes: Shapes) -> list[Raw]:
    """The results of a pySHACL report graph."""
    out = []
    for r in report.objects(None, SH.result):
        path = report.value(r, SH.resultPath)
        value = report.value(r, SH.value)
        out.append(
            Raw(
                severity=SEVERITY.get(report.value(r, SH.resultSeverity), "violation"),
                focus=report.value(r, SH.focusNode).n3(),
                shape=shapes.label(report.value(r, SH.sourceShape)),
                component=report.value(r, SH.sourceConstraintComponent).n3(),
                path=path_text(report, path) if path is not None else None,
                value=value.n3() if value is not None else None,
                messages=tuple(
                    sorted(
                        (m.language or "", str(m))
                        for m in report.objects(r, SH.resultMessage)
                        if isinstance(m, Literal)
                    )
                ),
            )
        )
    return out


def path_text(g: Graph, node) -> str:
    """A SHACL property path in SPARQL property-path syntax, IRIs in full."""
    if isinstance(node, URIRef):
        return node.n3()
    for prop, wrap in (
        (SH.inversePath, "^{}"),
        (SH.zeroOrMorePath, "({})*"),
        (SH.oneOrMorePath, "({})+"),
        (SH.zeroOrOnePath, "({})?"),
    ):
        inner = g.value(node, prop)
        if inner is not None:
            return wrap.format(path_text(g, inner))
    alternatives = g.value(node, SH.alternativePath)
    if alternatives is not None:
        return "(" + "|".join(path_text(g, p) for p in Collection(g, alternatives)) + ")"
    if g.value(node, RDF.first) is not None:
        return "/".join(path_text(g, p) for p in Collection(g, node))
    return node.n3()


def to_result(raw: Raw, shapes: Shapes, scope: str, locations: tuple) -> Result:
    """A :class:`Result` with the shape's own messages (every language) and locations."""
    messages = shapes.texts(raw.shape, SH.message) or raw.messages
    return Result(
        severity=raw.severity,
        focus=raw.focus,
        shape=raw.shape,
        component=raw.component,
        path=raw.path,
        value=raw.value,
        messages=messages,
        locations=locations,
        scope=scope,
    )
