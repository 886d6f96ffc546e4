"""The shapes graph: read once, described for reports, and its targets understood.

Besides parsing, two things are needed outside pySHACL: the ``sh:message``,
``sh:name`` and ``sh:description`` of a shape in the reader's language (pySHACL drops
the language tag of messages from SPARQL-based constraints), and a stable name for
every shape, blank-node shapes included, the same from one run to the next.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from pathlib import Path

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.namespace import RDF

from hrgraph.languages import fallbacks
from hrgraph.rdf.namespaces import SH
from hrgraph.validate.inputs import as_written, bad_iri


class ShapesError(Exception):
    """The shapes could not be read or used; names the file when it can."""


def shape_files(path: Path) -> list[Path]:
    path = Path(path)
    if path.is_dir():
        files = sorted(p for p in path.glob("*.ttl") if p.is_file())
        if not files:
            raise ShapesError(f"{path}: no shapes files (*.ttl)")
        return files
    if not path.exists():
        raise ShapesError(f"{path}: no such shapes file or folder")
    return [path]


def load_shapes(path: Path) -> Shapes:
    """Every ``*.ttl`` of a folder, or one file (any format rdflib reads), as one graph.

    Read once per process for as long as the files do not change.
    """
    files = shape_files(path)
    stamp = []
    for f in files:
        try:
            st = f.stat()
        except OSError as e:
            raise ShapesError(f"{f}: cannot read: {e.strerror or e}") from None
        stamp.append((str(f), st.st_mtime_ns, st.st_size))
    return _load(Path(path), tuple(stamp))


@lru_cache(maxsize=8)
def _load(source: Path, stamp: tuple) -> Shapes:
    from rdflib.util import guess_format

    graph = Graph()
    digest = hashlib.sha256()
    files = [Path(f) for f, _, _ in stamp]
    for f in files:
        try:
            data = f.read_bytes()
        except OSError as e:
            raise ShapesError(f"{f}: cannot read: {e.strerror or e}") from None
        digest.update(data)
        digest.update(f.resolve().as_uri().encode())  # the base of its relative IRIs
        try:
            with as_written():  # sh:uniqueLang "1"^^xsd:boolean is not true
                fmt = guess_format(str(f)) or "turtle"
                graph.parse(data=data, format=fmt, publicID=f.resolve().as_uri())
        except Exception as e:  # rdflib's parsers raise many kinds of errors
            detail = " ".join(str(e).split())[:300]
            raise ShapesError(f"{f}: not valid RDF: {detail}") from None
    shapes = Shapes(graph, files, digest.hexdigest(), source)
    names = ", ".join(map(str, files))
    wrong = bad_iri(graph)
    if wrong is not None:
        raise ShapesError(f"{names}: not valid RDF: <{wrong}> is not an IRI")
    if not shapes.shape_nodes:
        raise ShapesError(f"{names}: no SHACL shapes found")
    for prop in graph.objects(None, SH.property):
        if graph.value(prop, SH.path) is None:
            raise ShapesError(f"{names}: the property shape {prop.n3()} has no sh:path")
    return shapes


TARGETS = (SH.targetClass, SH.targetNode, SH.targetSubjectsOf, SH.targetObjectsOf)
# properties whose values are shapes, and those whose values are lists of shapes
SHAPE_VALUED = (SH.property, SH.node, SH["not"], SH.qualifiedValueShape)
SHAPE_LISTS = (SH["and"], SH["or"], SH.xone)
STANDARD_SEVERITIES = {SH.Violation: "violation", SH.Warning: "warning", SH.Info: "info"}


@dataclass
class Shapes:
    graph: Graph
    files: list[Path]
    digest: str
    source: Path
    _labels: dict = field(default_factory=dict)

    @cached_property
    def shape_nodes(self) -> set:
        g = self.graph
        nodes = set(g.subjects(RDF.type, SH.NodeShape)) | set(
            g.subjects(RDF.type, SH.PropertyShape)
        )
        for t in TARGETS:
            nodes |= set(g.subjects(t, None))
        for p in SHAPE_VALUED:
            nodes |= set(g.objects(None, p))
        for p in SHAPE_LISTS:
            for head in g.objects(None, p):
                nodes |= set(Collection(g, head))
        return {n for n in nodes if isinstance(n, (URIRef, BNode))}

    def label(self, node) -> str:
        """``<iri>`` for a named shape; for a blank one, its parent's label and its path
        (``<parent>/<path>``) when that names it alone, else a hash of its content."""
        if isinstance(node, URIRef):
            return node.n3()
        if node not in self._labels:
            parent = next(iter(self.graph.subjects(SH.property, node)), None)
            path = self.graph.value(node, SH.path)
            label = None
            if parent is not None and isinstance(path, URIRef):
                siblings = [
                    p
                    for p in self.graph.objects(parent, SH.property)
                    if self.graph.value(p, SH.path) == path
                ]
                if len(siblings) == 1:
                    label = f"{self.label(parent)}/{path.n3()}"
            self._labels[node] = label or self.blank_term(node)
        return self._labels[node]

    def blank_term(self, node) -> str:
        """A blank shape as ``_:s`` and a hash of its content: the same from run to run."""
        return "_:s" + _content_hash(self.graph, node)[:16]

    @cached_property
    def by_label(self) -> dict:
        return {self.label(n): n for n in self.shape_nodes}

    def node(self, label: str):
        """The shape a label names (a blank node for a blank shape)."""
        known = self.by_label.get(label)
        if known is not None:
            return known
        if label.startswith("<") and label.endswith(">") and ">" not in label[1:-1]:
            return URIRef(label[1:-1])
        return BNode()

    def term(self, label: str) -> str:
        """The shape as an RDF term in N-Triples syntax (a blank one as ``_:s<hash>``)."""
        node = self.node(label)
        return node.n3() if isinstance(node, URIRef) else self.blank_term(node)

    def texts(self, label: str, prop: URIRef) -> tuple[tuple[str, str], ...]:
        """``(language, text)`` pairs of ``prop`` (sh:message, sh:name...) on a shape."""
        node = self.node(label)
        return tuple(
            sorted(
                (o.language or "", str(o))
                for o in self.graph.objects(node, prop)
                if isinstance(o, Literal)
            )
        )

    def text(self, label: str, prop: URIRef, lang: str = "en") -> str | None:
        by_lang = dict(self.texts(label, prop))
        for candidate in (*fallbacks(lang), ""):
            if candidate in by_lang:
                return by_lang[candidate]
        return next(iter(by_lang.values()), None)

    def severity_iri(self, label: str) -> URIRef:
        return self.graph.value(self.node(label), SH.severity) or SH.Violation


def severity_level(iri: str | None) -> tuple[str, str | None]:
    """(level, custom severity IRI) of a result's severity IRI (without brackets).

    SHACL lets a shape give any IRI as ``sh:severity``; such a result keeps its IRI in
    the reports and counts as a violation (fails under every ``--fail-on``).
    """
    if not iri:
        return "violation", None
    level = STANDARD_SEVERITIES.get(URIRef(iri))
    return (level, None) if level else ("violation", f"<{iri}>")


def _content_hash(graph: Graph, node, depth: int = 0) -> str:
    """A hash of a blank node's description, blank nodes inside it followed a few levels."""
    lines = []
    for p, o in graph.predicate_objects(node):
        if isinstance(o, BNode):
            o_text = "_:" + (_content_hash(graph, o, depth + 1) if depth < 4 else "")
        else:
            o_text = o.n3()
        lines.append(f"{p.n3()} {o_text}")
    return hashlib.sha1("\n".join(sorted(lines)).encode()).hexdigest()
