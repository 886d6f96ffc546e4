"""Validate graph by graph, in parallel, remembering what was already validated.

pySHACL on the whole merged graph (with the ontology as extra graph and RDFS
inference) is the reference; this module gives the same results faster and
incrementally:

* **Inference once.** RDFS types are derived for the whole dataset in one pass
  (:mod:`hrgraph.validate.rdfs`); each graph handed to pySHACL carries its nodes'
  types and is validated with ``inference="none"``.
* **One graph on its own.** Each unit (a profile's named graph) is validated with its
  *context*: its triples, the support triples (ontology, vocabularies, provenance) about
  its nodes, and their types. A unit keeps the results about the nodes only it
  describes.
* **A cross-profile pass.** Nodes that several units describe (a member, its mandate,
  its leader: shared by the language editions of its page) are validated once, on their
  triples from all those units, in one pySHACL call for all of them. This is where two
  editions that give two joining years are caught.
* **A support pass** for the remaining targets: vocabulary concepts (population ranges)
  and anything only the support graphs describe.
* **Incremental.** A unit's results depend only on its context, so they are stored under
  a hash of it (with the shapes' and ontology's hashes); a re-run validates only the
  graphs whose context changed. Units are validated in batches spread over processes.

This is exact when shapes look, from a focus node, at its own triples and at the types
and triples of the nodes it points to: what every shape in ``shapes/`` does, and what
the tests check against the reference on clean and broken data.
"""

from __future__ import annotations

import hashlib
import json
import logging
import math
import multiprocessing
import os
import sys
import time
from collections import defaultdict
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import pyshacl
from pyshacl.errors import ReportableRuntimeError
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.namespace import RDF
from rdflib.plugins.sparql import prepareQuery

from hrgraph import __version__
from hrgraph.rdf.namespaces import SH
from hrgraph.validate.dataset import Loaded
from hrgraph.validate.model import Result
from hrgraph.validate.rdfs import Schema, type_triples
from hrgraph.validate.shapes import Shapes, ShapesError, load_shapes

ENGINE = "hrgraph-validate/1"  # change when contexts are built differently
BATCH_MAX = 40
PARALLEL_MIN = 6000  # triples: below this, one process is faster than several
TYPE = str(RDF.type)
SEVERITY = {SH.Violation: "violation", SH.Warning: "warning", SH.Info: "info"}


# pySHACL logs what it raises (and re-creates its stderr handler on every call); the
# errors reach the user once, as this module's exceptions.
logging.getLogger("pyshacl-validate").addFilter(lambda record: False)


class _Prepared(Graph):
    """A graph that parses each SPARQL query text once per process.

    pySHACL runs a SPARQL-based constraint once per focus node, passing the same query
    text each time; rdflib would parse it every time.
    """

    _queries: dict = {}

    def query(self, query_object, *args, **kwargs):
        if isinstance(query_object, str):
            prepared = self._queries.get(query_object)
            if prepared is None:
                prepared = self._queries[query_object] = prepareQuery(query_object)
            query_object = prepared
        return super().query(query_object, *args, **kwargs)


@dataclass
class Raw:
    """A result as pySHACL gave it, before it is placed and described."""

    severity: str
    focus: str
    shape: str
    component: str
    path: str | None
    value: str | None
    messages: tuple

    def to_json(self) -> list:
        return [self.severity, self.focus, self.shape, self.component, self.path, self.value,
                [list(m) for m in self.messages]]  # fmt: skip

    @classmethod
    def from_json(cls, row: list) -> Raw:
        return cls(*row[:6], tuple(tuple(m) for m in row[6]))


# -- one pySHACL call ---------------------------------------------------------------

_SHAPES: Shapes | None = None


def _init_worker(shape_path: str) -> None:
    global _SHAPES
    if _SHAPES is None or str(_SHAPES.source) != shape_path:
        _SHAPES = load_shapes(Path(shape_path))


def check_graph(triples, shapes: Shapes, **options) -> list[Raw]:
    """pySHACL on one graph of rdflib triples; the results as :class:`Raw` records."""
    g = _Prepared()
    for t in triples:
        g.add(t)
    options.setdefault("inference", "none")
    try:
        _, report, _ = pyshacl.validate(g, shacl_graph=shapes.engine, inplace=True, **options)
    except Exception as e:  # a shape pySHACL cannot load or a query it cannot parse
        raise _shapes_error(shapes, e) from None
    return results_of(report, shapes)


def _shapes_error(shapes: Shapes, e: Exception) -> ShapesError:
    files = ", ".join(map(str, shapes.files))
    detail = str(e) if isinstance(e, ReportableRuntimeError) else f"{type(e).__name__}: {e}"
    return ShapesError(f"{files}: cannot use these shapes: {' '.join(detail.split())[:500]}")


_WORK: list = []  # the work of a run, read by forked workers (nothing to pickle)


def _run_job(job: tuple) -> tuple:
    n, triples = job
    if triples is None:
        triples = _WORK[n][2]
    started = time.perf_counter()
    raws = check_graph(triples, _SHAPES)
    return n, raws, time.perf_counter() - started


def results_of(report: Graph, shapes: Shapes) -> list[Raw]:
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


# -- the plan: units, shared nodes, contexts ----------------------------------------------


@dataclass
class Plan:
    """Everything derived from the dataset once per run, before any validation."""

    loaded: Loaded
    schema: Schema
    types: dict
    unit_subjects: list[set]
    shared: set
    components: list[list[int]]
    support_by_subject: dict
    support_by_object: dict

    @classmethod
    def make(cls, loaded: Loaded, ontology: list) -> Plan:
        every = [t for u in loaded.units for t in u.triples]
        schema = Schema.from_triples(ontology).extended(every).extended(loaded.support)
        types = schema.types(every)
        for node, classes in schema.types(loaded.support).items():
            types.setdefault(node, set()).update(classes)
        by_subject, by_object = defaultdict(list), defaultdict(list)
        for t in loaded.support:
            by_subject[t[0]].append(t)
            if not isinstance(t[2], Literal) and not str.__eq__(t[1], TYPE):
                by_object[t[2]].append(t)
        subjects = [{s for s, _, _ in u.triples} for u in loaded.units]
        every_subject = set().union(*subjects) if subjects else set()
        where: dict = defaultdict(set)
        for i, u in enumerate(loaded.units):
            for s, p, o in u.triples:
                where[s].add(i)
                if not str.__eq__(p, TYPE) and o in every_subject:
                    where[o].add(i)
        shared = {n for n in every_subject if len(where[n]) > 1}
        return cls(
            loaded, schema, types, subjects, shared, _components(where, shared),
            by_subject, by_object,
        )  # fmt: skip

    @property
    def every_subject(self) -> set:
        return set().union(*self.unit_subjects) if self.unit_subjects else set()

    def close(self, triples: set, own_subjects: set) -> set:
        """``triples`` plus the support triples about their nodes, implied triples, types."""
        by_subject = self.support_by_subject
        nodes = _nodes(triples)
        ctx = set(triples)
        for n in nodes:
            found = by_subject.get(n)
            if not found:
                continue
            ctx.update(found)
            if n in own_subjects:  # one more hop: what the support says about the values
                for _, _, o in found:
                    if o not in nodes and _resource(o):
                        ctx.update(by_subject.get(o, ()))
        for n in own_subjects:
            ctx.update(self.support_by_object.get(n, ()))
        implied = self.schema.implied
        for t in list(ctx):
            ctx.update(implied(t))
        ctx.update(type_triples(self.types, _nodes(ctx)))
        return ctx

    def unit_context(self, i: int) -> set:
        unit = self.loaded.units[i]
        return self.close(set(unit.triples), self.unit_subjects[i])

    def cross_context(self, component: list[int], incoming: set) -> tuple[set, set]:
        """The shared nodes of a group of units: their triples from every unit, and the
        triples pointing at them that can make them a target (``incoming`` predicates)."""
        shared = set()
        for i in component:
            shared |= self.unit_subjects[i] & self.shared
        triples = {
            t
            for i in component
            for t in self.loaded.units[i].triples
            if t[0] in shared or (t[2] in shared and t[1] in incoming)
        }
        return self.close(triples, shared), shared

    def support_context(self, shapes: Shapes) -> tuple[set, set]:
        """Targets no unit describes (vocabulary concepts...), with what targets them."""
        classes, subjects_of, objects_of, nodes = set(), set(), set(), set()
        for node in shapes.shape_nodes:
            tg = shapes.targets(node)
            classes |= tg["class"]
            subjects_of |= tg["subjects_of"]
            objects_of |= tg["objects_of"]
            nodes |= tg["node"]
        inside = self.every_subject
        witnesses = {}
        for u in self.loaded.units:
            for t in u.triples:
                if t[1] in objects_of and t[2] not in inside and not isinstance(t[2], Literal):
                    key = (t[2], t[1])
                    if key not in witnesses or t[0].n3() < witnesses[key][0].n3():
                        witnesses[key] = t
        candidates = {n for n, _ in witnesses} | (nodes - inside)
        for s, p, o in self.loaded.support:
            if p in subjects_of and s not in inside:
                candidates.add(s)
            if p in objects_of and o not in inside and not isinstance(o, Literal):
                candidates.add(o)
        candidates |= {n for n, cs in self.types.items() if n not in inside and cs & classes}
        triples = set(witnesses.values())
        for n in candidates:
            triples.update(self.support_by_subject.get(n, ()))
            triples.update(self.support_by_object.get(n, ()))
        return self.close(triples, candidates), candidates


def _nodes(triples) -> set:
    """Subjects and (non-literal, non-class) objects of some triples."""
    out = set()
    for s, p, o in triples:
        out.add(s)
        if _resource(o) and not str.__eq__(p, TYPE):
            out.add(o)
    return out


def _components(where: dict, shared: set) -> list[list[int]]:
    """Groups of units linked by the nodes they share (union-find)."""
    parent: dict = {}

    def find(x):
        while parent.setdefault(x, x) != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for n in shared:
        first, *rest = sorted(where[n])
        for other in rest:
            parent[find(other)] = find(first)
    groups: dict = defaultdict(list)
    for n in shared:
        for i in where[n]:
            groups[find(i)].append(i)
    return sorted(sorted(set(g)) for g in groups.values())


def digest(triples: set, salt: str) -> str:
    """A hash of a set of triples, the same whatever their order."""
    h = hashlib.sha256(salt.encode())
    for line in sorted("\x00".join(map(_key, t)) for t in triples):
        h.update(line.encode("utf-8", "surrogatepass"))
        h.update(b"\n")
    return h.hexdigest()


def _key(term) -> str:
    kind = type(term)
    if kind is URIRef:
        return str.__add__("I", term)  # not "I" + term: that would make a new URIRef
    if kind is BNode:
        return str.__add__("B", term)
    return f"L{str.__str__(term)}\x01{term.language or ''}\x01{term.datatype or ''}"


def _resource(term) -> bool:
    """Not a literal (checked by exact type first: isinstance is slow on rdflib terms)."""
    kind = type(term)
    return (
        kind is URIRef or kind is BNode or (kind is not Literal and not isinstance(term, Literal))
    )


# -- the cache ----------------------------------------------------------------------------


@dataclass
class Cache:
    """Results per context hash, one small JSON file each."""

    folder: Path | None
    used: set = field(default_factory=set)

    def get(self, key: str) -> list[Raw] | None:
        if self.folder is None:
            return None
        try:
            rows = json.loads((self.folder / f"{key}.json").read_text("utf-8"))
        except (OSError, ValueError):
            return None
        self.used.add(key)
        return [Raw.from_json(r) for r in rows]

    def put(self, key: str, raws: list[Raw]) -> None:
        if self.folder is None:
            return
        self.used.add(key)
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            tmp = self.folder / f".{key}.{os.getpid()}.tmp"
            tmp.write_text(json.dumps([r.to_json() for r in raws]), "utf-8")
            os.replace(tmp, self.folder / f"{key}.json")
        except OSError:
            pass  # a cache that cannot be written only makes the next run slower

    def prune(self) -> None:
        """Forget results no context of this run needed."""
        if self.folder is None or not self.folder.is_dir():
            return
        for p in self.folder.glob("*.json"):
            if p.stem not in self.used:
                p.unlink(missing_ok=True)


# -- the run ---------------------------------------------------------------------------------


@dataclass
class Outcome:
    results: list[tuple[Raw, str, list[int]]]  # raw result, scope, units it concerns
    cached: set[int]  # units whose results came from the cache
    stats: dict


def run(
    loaded: Loaded,
    shapes: Shapes,
    ontology: list,
    jobs: int = 0,
    cache_dir: Path | None = None,
) -> Outcome:
    """Validate ``loaded`` unit by unit, plus the cross-profile and support passes."""
    started = time.perf_counter()
    plan = Plan.make(loaded, ontology)
    salt = f"{ENGINE} {__version__} {shapes.digest} {digest(set(ontology), '')}"
    cache = Cache(cache_dir)
    stats = {"units": len(loaded.units), "components": len(plan.components)}

    work: list[tuple] = []  # (kind, keys, triples)
    unit_raw: dict[int, list[Raw]] = {}
    cached_units: set[int] = set()
    pending: dict[str, int] = {}
    contexts: dict[int, set] = {}
    for i in range(len(loaded.units)):
        ctx = plan.unit_context(i)
        key = digest(ctx, salt)
        hit = cache.get(key)
        if hit is not None:
            unit_raw[i] = hit
            cached_units.add(i)
        else:
            pending[key] = i
            contexts[i] = ctx
    stats["planned_s"] = round(time.perf_counter() - started, 3)
    stats["validated_units"] = len(pending)

    size = max(1, min(BATCH_MAX, math.ceil(len(pending) / max(1, _jobs(jobs)))))
    keys = list(pending)
    for b in range(0, len(keys), size):
        chunk = keys[b : b + size]
        triples = set().union(*(contexts[pending[k]] for k in chunk))
        work.append(("units", chunk, triples))

    cross_raw: dict[int, list[Raw]] = {}
    cross_pending, cross_triples, cross_shared = [], set(), {}
    incoming = shapes.incoming_predicates
    for c, component in enumerate(plan.components):
        ctx, shared = plan.cross_context(component, incoming)
        key = digest(ctx, salt + " cross")
        cross_shared[c] = shared
        hit = cache.get(key)
        if hit is not None:
            cross_raw[c] = hit
        else:
            cross_pending.append((key, c))
            cross_triples |= ctx
    if cross_pending:
        work.append(("cross", cross_pending, cross_triples))
    stats["validated_components"] = len(cross_pending)

    support_ctx, support_nodes = plan.support_context(shapes)
    support_key = digest(support_ctx, salt + " support")
    support_raw = cache.get(support_key)
    if support_raw is None:
        work.append(("support", [support_key], support_ctx))

    for kind, keys_, raws in _execute(work, shapes, jobs, stats):
        if kind == "units":
            for key in keys_:
                i = pending[key]
                own = {n.n3() for n in plan.unit_subjects[i] - plan.shared}
                unit_raw[i] = [r for r in raws if r.focus in own]
                cache.put(key, unit_raw[i])
        elif kind == "cross":
            for key, c in keys_:
                own = {n.n3() for n in cross_shared[c]}
                cross_raw[c] = [r for r in raws if r.focus in own]
                cache.put(key, cross_raw[c])
        else:
            own = {n.n3() for n in support_nodes}
            support_raw = [r for r in raws if r.focus in own]
            cache.put(keys_[0], support_raw)
    cache.prune()

    results: list[tuple[Raw, str, list[int]]] = []
    for i, raws in sorted(unit_raw.items()):
        results += [(r, "graph", [i]) for r in raws]
    where = defaultdict(list)
    for i, subjects in enumerate(plan.unit_subjects):
        for n in subjects & plan.shared:
            where[n.n3()].append(i)
    for _, raws in sorted(cross_raw.items()):
        results += [(r, "cross", where[r.focus]) for r in raws]
    results += [(r, "support", []) for r in support_raw or []]
    stats["seconds"] = round(time.perf_counter() - started, 3)
    return Outcome(_unique(results), cached_units, stats)


def _unique(results: list) -> list:
    seen, out = set(), []
    for raw, scope, units in results:
        key = (raw.severity, raw.focus, raw.shape, raw.component, raw.path, raw.value)
        if key not in seen:
            seen.add(key)
            out.append((raw, scope, units))
    return out


def _jobs(jobs: int) -> int:
    return jobs if jobs > 0 else (os.cpu_count() or 1)


def _execute(work: list[tuple], shapes: Shapes, jobs: int, stats: dict):
    """Run each piece of work through pySHACL, in worker processes when it pays."""
    global _SHAPES
    workers = min(_jobs(jobs), len(work))
    if jobs <= 0 and sum(len(w[2]) for w in work) < PARALLEL_MIN:
        workers = 1  # starting processes costs more than it saves
    stats["processes"] = workers if workers > 1 else 1
    if workers <= 1:
        _SHAPES = shapes
        for kind, keys, triples in work:
            yield kind, keys, check_graph(triples, shapes)
        return
    _SHAPES = shapes  # inherited by forked workers; others load the shapes again
    shapes.engine  # noqa: B018  (built once here rather than in every worker)
    fork = sys.platform.startswith("linux")
    _WORK[:] = work if fork else []
    # the biggest pieces first, so no worker is left alone with one at the end
    order = sorted(range(len(work)), key=lambda n: -len(work[n][2]))
    jobs_ = [(n, None if fork else work[n][2]) for n in order]
    try:
        with ProcessPoolExecutor(
            max_workers=workers,
            mp_context=multiprocessing.get_context("fork" if fork else "spawn"),
            initializer=_init_worker,
            initargs=(str(shapes.source),),
        ) as pool:
            for n, raws, _ in pool.map(_run_job, jobs_):
                yield work[n][0], work[n][1], raws
    finally:
        _WORK.clear()


# -- the reference ---------------------------------------------------------------------------


def reference(loaded: Loaded, shapes: Shapes, ontology: list, inference: str = "rdfs") -> list[Raw]:
    """Plain pySHACL on the whole merged graph, the ontology as extra graph."""
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
        _, report, _ = pyshacl.validate(
            merged, shacl_graph=shapes.graph, ont_graph=ont, inference=inference
        )
    except Exception as e:
        raise _shapes_error(shapes, e) from None
    return results_of(report, shapes)


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
