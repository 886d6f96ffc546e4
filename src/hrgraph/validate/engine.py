"""One SHACL call on the whole graph, and plain pySHACL as the reference.

The engine is the ``shacl`` package (Rust, pinned in ``pyproject.toml``): the data
(every graph of the input with the ontology, if any) goes to it as one graph, with its
own RDFS inference for hrgraph's shapes, which is what ``pyshacl -i rdfs -e ontology``
does, and none by default for shapes from elsewhere. On hrgraph's shapes it gives
pySHACL's results exactly, on clean and on broken data, about two hundred times faster
(``bench/validate_bench.py``); the tests keep pySHACL (:func:`reference`) as the oracle
there, and the W3C SHACL core suite (which it passes whole) for any shapes.

A result's *scope* says where it was found: ``graph`` when one input graph describes
its focus node, ``cross`` when several do (the language editions of a member's page),
``support`` when none does (a vocabulary concept). A focus node that no graph describes
but some name as a value (a target that is only an object, a literal) belongs to the
graphs that name it.
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
from hrgraph.validate.shapes import Shapes, ShapesError, severity_level

ENGINE = f"shacl {version('shacl')}"


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
    severity_iri: str | None = None  # "<iri>" of a custom severity


@dataclass
class Outcome:
    results: list[tuple[Raw, str, list[int]]]  # raw result, scope, units it concerns
    stats: dict


@dataclass
class Compiled:
    engine: shacl.Shapes
    blanks: list  # the shapes' blank nodes, in the order the engine numbers them
    graph: Graph  # the shapes graph those blank nodes belong to


# (shapes digest, shapes graph) -> compiled: the engine names blank shapes by their
# order in the text it was given, so the numbering holds for that graph object only
_COMPILED: dict[tuple[str, int], Compiled] = {}


def compiled(shapes: Shapes) -> shacl.Shapes:
    """The shapes compiled by the engine, once per process for the same shapes."""
    return _compiled(shapes).engine


def _blank_count(shapes: Shapes) -> int:
    """How many blank nodes the engine numbers in the shapes (the data's come after)."""
    return len(_compiled(shapes).blanks)


def _compiled(shapes: Shapes) -> Compiled:
    key = (shapes.digest, id(shapes.graph))
    done = _COMPILED.get(key)
    if done is None or done.graph is not shapes.graph:
        blanks: dict = {}
        text = _turtle(shapes.graph, blanks)
        try:
            engine = shacl.Shapes.from_text(text, format="turtle")
        except Exception as e:  # shapes from elsewhere may be ill-formed in many ways
            raise _shapes_error(shapes, e) from None
        done = _COMPILED[key] = Compiled(engine, list(blanks), shapes.graph)
    return done


def _shapes_error(shapes: Shapes, e: Exception) -> ShapesError:
    files = ", ".join(map(str, shapes.files))
    known = isinstance(e, ValueError) or type(e).__name__ == "ReportableRuntimeError"
    detail = str(e) if known else f"{type(e).__name__}: {e}"
    return ShapesError(f"{files}: cannot use these shapes: {' '.join(detail.split())[:500]}")


def _turtle(triples, blanks: dict) -> str:
    """Triples as Turtle, one statement a line, every term written in full.

    The engine numbers blank nodes in the order it first meets them, the shapes' first
    (``_:1_b0``, ``_:1_b1``...), then the data's (``_:0_bN``..., counting on from the
    shapes'); ``blanks`` collects ours in that order, so results can name them as we do
    (the W3C core suite's blank source shapes and a test on blank focus nodes check it).
    """
    lines = []
    for s, p, o in triples:
        for term in (s, o):
            if type(term) is BNode and term not in blanks:
                blanks[term] = None
        lines.append(f"{s.n3()} {p.n3()} {o.n3()} .\n")
    return "".join(lines)


def run(loaded: Loaded, shapes: Shapes, inference: str = "rdfs") -> Outcome:
    """Every graph of ``loaded`` and its support, validated together in one call.

    ``inference``: ``rdfs`` (the engine's RDFS inference first) or ``none``.
    """
    started = time.perf_counter()
    done = _compiled(shapes)
    seen: dict = {}  # blank nodes in order of appearance
    data = _turtle((t for u in loaded.units for t in u.triples), seen)
    data += _turtle(loaded.support, seen)
    first = _blank_count(shapes)  # numbered on from the shapes' blank nodes
    ours = {f"_:0_b{k}": b.n3() for k, b in enumerate(seen, first)}
    shape_of = {f"_:1_b{k}": b for k, b in enumerate(done.blanks)}
    try:
        report = done.engine.validate_text(data, format="turtle", inference=inference)
    except Exception as e:  # a query the engine cannot run on this data
        raise _shapes_error(shapes, e) from None
    where: dict[str, set[int]] = defaultdict(set)  # subject -> units describing it
    mentioned: dict[str, set[int]] = defaultdict(set)  # object -> units naming it
    for i, unit in enumerate(loaded.units):
        for s, _, o in unit.triples:
            where[s.n3()].add(i)
            mentioned[o.n3()].add(i)
    described = {s.n3() for s, _, _ in loaded.support}
    results = []
    for r in report.results:
        node = _shape_node(r, shape_of)
        level, custom = severity_level(r.severity_iri)
        raw = Raw(
            severity=level,
            focus=ours.get(r.focus_node, r.focus_node),
            shape=shapes.label(node) if node is not None else _shape_label(r),
            component=f"<{r.component_iri}>",
            path=_result_path(shapes, node, r.path),
            value=ours.get(r.value, r.value),
            messages=tuple(sorted(("", m) for m in r.messages)),
            severity_iri=custom,
        )
        units = sorted(where.get(raw.focus, ()))
        if not units and raw.focus not in described:  # only an object (or a literal)
            units = sorted(mentioned.get(raw.focus, ()))
        scope = "support" if not units else "graph" if len(units) == 1 else "cross"
        results.append((raw, scope, units))
    seconds = round(time.perf_counter() - started, 3)
    stats = {"engine": ENGINE, "units": len(loaded.units), "seconds": seconds}
    return Outcome(results, stats)


def _shape_node(r, shape_of: dict):
    """The source shape in our shapes graph (None if the engine's name is unknown)."""
    shape = r.source_shape or ""
    if shape.startswith("_:"):
        return shape_of.get(shape)
    return URIRef(shape.strip("<>")) if shape else None


def _result_path(shapes: Shapes, node, path: str | None) -> str | None:
    """The result path as :func:`path_text` writes it, from the shape's own ``sh:path``
    (the engine writes compound paths its own way)."""
    if path is None or node is None or (path.startswith("<") and ">" not in path[1:-1]):
        return path
    shape_path = shapes.graph.value(node, SH.path)
    return path_text(shapes.graph, shape_path) if shape_path is not None else path


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


def reference(
    loaded: Loaded, shapes: Shapes, ontology: list | None = None, inference: str = "rdfs"
) -> list[Raw]:
    """Plain pySHACL on the whole merged graph, the ontology as extra graph: the oracle."""
    import pyshacl  # only here: the engine does not need it

    merged = Graph()
    for u in loaded.units:
        for t in u.triples:
            merged.add(t)
    for t in loaded.support:
        merged.add(t)
    ont = Graph()
    for t in ontology or ():
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
        level, custom = severity_level(report.value(r, SH.resultSeverity))
        out.append(
            Raw(
                severity=level,
                severity_iri=custom,
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
    """A SHACL property path in SPARQL property-path syntax, IRIs in full.

    An operand that is not a single IRI or already in brackets is put in brackets, so
    the text reads one way only: ``^(<p>/<q>)``, ``(^<p>)/<q>``, ``(<a>|<b>)*``.
    """
    if isinstance(node, URIRef):
        return node.n3()
    if g.value(node, RDF.first) is not None:  # a list is a sequence, whatever else it says
        return "/".join(_operand(g, p) for p in Collection(g, node))
    for prop, form in (
        (SH.inversePath, "^{}"),
        (SH.zeroOrMorePath, "{}*"),
        (SH.oneOrMorePath, "{}+"),
        (SH.zeroOrOnePath, "{}?"),
    ):
        inner = g.value(node, prop)
        if inner is not None:
            return form.format(_operand(g, inner))
    alternatives = g.value(node, SH.alternativePath)
    if alternatives is not None:
        return "(" + "|".join(path_text(g, p) for p in Collection(g, alternatives)) + ")"
    return node.n3()


def _operand(g: Graph, node) -> str:
    text = path_text(g, node)
    return text if isinstance(node, URIRef) or text.startswith("(") else f"({text})"


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
        severity_iri=raw.severity_iri,
    )
