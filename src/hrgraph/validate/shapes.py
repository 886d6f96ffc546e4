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
from rdflib.namespace import RDF

from hrgraph.languages import fallbacks
from hrgraph.rdf.namespaces import SH


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
        try:
            graph.parse(data=data, format=guess_format(str(f)) or "turtle")
        except Exception as e:  # rdflib's parsers raise many kinds of errors
            detail = " ".join(str(e).split())[:300]
            raise ShapesError(f"{f}: not valid RDF: {detail}") from None
    shapes = Shapes(graph, files, digest.hexdigest(), source)
    names = ", ".join(map(str, files))
    if not shapes.shape_nodes:
        raise ShapesError(f"{names}: no SHACL shapes found")
    for prop in graph.objects(None, SH.property):
        if graph.value(prop, SH.path) is None:
            raise ShapesError(f"{names}: the property shape {prop.n3()} has no sh:path")
    return shapes


TARGETS = (SH.targetClass, SH.targetNode, SH.targetSubjectsOf, SH.targetObjectsOf)


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
        nodes |= set(g.objects(None, SH.property)) | set(g.objects(None, SH.node))
        return nodes

    def label(self, node) -> str:
        """``<iri>`` for a named shape; a label derived from its content for a blank one."""
        if isinstance(node, URIRef):
            return node.n3()
        if node not in self._labels:
            parent = next(iter(self.graph.subjects(SH.property, node)), None)
            path = self.graph.value(node, SH.path)
            if parent is not None and isinstance(path, URIRef):
                self._labels[node] = f"{self.label(parent)}/{path.n3()}"
            else:
                self._labels[node] = "_:s" + _content_hash(self.graph, node)[:16]
        return self._labels[node]

    @cached_property
    def by_label(self) -> dict:
        return {self.label(n): n for n in self.shape_nodes}

    def node(self, label: str):
        if label.startswith("<"):
            return URIRef(label[1:-1])
        return self.by_label.get(label, BNode())

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
