"""What to validate, split into graphs: a build's profile graphs, or data files.

A *unit* is one graph validated on its own: a profile's named graph in a build, or one
graph of a data file (each named graph of a TriG or N-Quads file, or the file's default
graph). Everything else the shapes may need to look at (the ontology and SKOS
vocabularies, a build's provenance and VoID graphs) is *support*: it is not validated
as a unit, but the parts of it a unit's nodes touch are added to that unit's graph.

A build is read from its TriG dump with pyoxigraph (several times faster than rdflib's
parser); data files from elsewhere are read with rdflib, so every format rdflib knows
is accepted, the format guessed from the file suffix.
"""

from __future__ import annotations

import logging
import re
import warnings
from collections.abc import Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import pyoxigraph as ox
import rdflib
from rdflib import BNode, Dataset, Graph, Literal, URIRef
from rdflib.graph import DATASET_DEFAULT_GRAPH_ID
from rdflib.namespace import RDF, XSD
from rdflib.util import guess_format

from hrgraph import formats
from hrgraph import release as release_layout
from hrgraph.display import display_path
from hrgraph.rdf.uris import is_support_graph
from hrgraph.release import Release, ReleaseError, current_release

Triple = tuple
# the build is read from its TriG dump (named graphs kept)
DUMP = release_layout.dump_name(release_layout.DUMP_STEM, formats.get("trig").suffix)


class InputError(Exception):
    """A file that should be validated could not be read; names the file."""

    def __init__(self, path: Path | str, message: str):
        self.path = str(path)
        super().__init__(f"{path}: {message}")


@dataclass
class Unit:
    name: str  # graph IRI, or the data file's path for its default graph
    label: str  # what a person recognises: the profile file or the data file
    triples: list[Triple]
    file: str | None = None  # the data file this graph was read from


@dataclass
class Loaded:
    units: list[Unit]
    support: list[Triple]
    source: str
    release: Release | None = None
    support_files: dict[str, str] = field(default_factory=dict)  # graph name -> file


Ontology = Path | Sequence[Path] | None  # a folder of *.ttl, files, or nothing


def ontology_files(ontology: Ontology) -> list[Path]:
    """The files an ontology argument stands for: a folder's ``*.ttl``, or the files.

    An empty folder is no ontology, not an error: shapes from elsewhere need none.
    """
    if ontology is None:
        return []
    sources = [Path(ontology)] if isinstance(ontology, (str, Path)) else list(ontology)
    files: list[Path] = []
    for source in map(Path, sources):
        if source.is_dir():
            files.extend(sorted(p for p in source.glob("*.ttl") if p.is_file()))
        elif source.exists():
            files.append(source)
        else:
            raise InputError(source, "no such ontology file or folder")
    return files


def ontology_triples(ontology: Ontology) -> tuple[list[Triple], dict[str, str]]:
    """Every triple of the ontology files and, per file, the graph name it gets.

    Read once per process for as long as the files do not change.
    """
    paths = ontology_files(ontology)
    try:
        stamp = tuple((str(p), p.stat().st_mtime_ns, p.stat().st_size) for p in paths)
    except OSError as e:
        raise InputError(e.filename, f"cannot read: {e.strerror or e}") from None
    triples, names = _ontology(stamp)
    return list(triples), dict(names)


@lru_cache(maxsize=4)
def _ontology(stamp: tuple) -> tuple[tuple, tuple]:
    from hrgraph.rdf.vocabularies import vocabulary_graph_name

    triples: list[Triple] = []
    names: dict[str, str] = {}
    for file, _, _ in stamp:
        path = Path(file)
        g = _parse_rdflib(path, guess_format(file) or "turtle")
        name = str(vocabulary_graph_name(path, g))
        names[name] = str(path)
        triples.extend(g)
    return tuple(triples), tuple(names.items())


def load_build(build_dir: Path, ontology: Ontology) -> Loaded:
    """The current release of a build: one unit per profile graph (from ``sources.json``)."""
    release = current_release(build_dir)
    dump = release.dumps / DUMP
    try:
        sources = release.sources()
    except (OSError, ValueError) as e:
        raise ReleaseError(f"{release.path / 'sources.json'}: cannot read: {e}") from None
    graphs: dict[str, list[Triple]] = {}
    term = _Terms()
    try:
        for quad in ox.parse(path=str(dump), format=ox.RdfFormat.TRIG):
            name = quad.graph_name.value if isinstance(quad.graph_name, ox.NamedNode) else ""
            graphs.setdefault(name, []).append(
                (term(quad.subject), term(quad.predicate), term(quad.object))
            )
    except OSError as e:
        raise InputError(dump, f"cannot read: {e.strerror or e}") from None
    except SyntaxError as e:
        raise InputError(dump, f"not valid TriG: {e}") from None
    units, support = [], []
    for name, triples in sorted(graphs.items()):
        if name in sources:
            units.append(Unit(name, sources[name]["file"], triples))
        else:
            support.extend(triples)
    onto, names = ontology_triples(ontology)
    support.extend(onto)
    return Loaded(units, support, f"build {display_path(release.path)}", release, names)


def load_files(paths: list[Path], ontology: Ontology = None) -> Loaded:
    """Data files: each graph in them is a unit; the ontology, if any, is support."""
    units: list[Unit] = []
    support: list[Triple] = []
    for path in paths:
        fmt = guess_format(str(path))
        if fmt is None:
            raise InputError(path, "cannot tell the RDF format from the file suffix")
        ds = _parse_rdflib(path, fmt, dataset=True)
        graphs: dict[str, list[Triple]] = {}
        for s, p, o, g in ds.quads((None, None, None, None)):
            name = str(g.identifier if isinstance(g, Graph) else g)
            graphs.setdefault(name, []).append((s, p, o))
        for name, triples in sorted(graphs.items()):
            if name != str(DATASET_DEFAULT_GRAPH_ID) and is_support_graph(name):
                support.extend(triples)
                continue
            if name == str(DATASET_DEFAULT_GRAPH_ID):
                units.append(Unit(str(path), str(path), triples, str(path)))
            else:
                units.append(Unit(name, f"{path} <{name}>", triples, str(path)))
    onto, names = ontology_triples(ontology)
    support.extend(onto)
    listed = ", ".join(display_path(p) for p in paths)
    return Loaded(units, support, f"data {listed}", None, names)


def _parse_rdflib(path: Path, fmt: str, dataset: bool = False):
    try:
        with open(path, "rb") as f:
            data = f.read()
    except OSError as e:
        raise InputError(path, f"cannot read: {e.strerror or e}") from None
    target = Dataset() if dataset else Graph()
    try:
        with as_written():
            target.parse(data=data, format=fmt, publicID=Path(path).resolve().as_uri())
    except Exception as e:  # rdflib's parsers raise many kinds of errors
        detail = " ".join(str(e).split()) or type(e).__name__
        raise InputError(path, f"not valid {fmt}: {detail[:300]}") from None
    wrong = bad_iri(target.quads((None, None, None, None)) if dataset else target)
    if wrong is not None:
        raise InputError(path, f"not valid {fmt}: <{wrong}> is not an IRI")
    return target


class _NoCastWarnings(logging.Filter):
    """rdflib logs a traceback for each literal that is not of its datatype; a SHACL
    validator reports those literals (``sh:datatype``), so the log is noise."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        # and the IRIs Turtle cannot write: the file is refused below, with the IRI
        return not message.startswith("Failed to convert Literal") and not message.endswith(
            "does not look like a valid URI, trying to serialize this will break."
        )


# characters an IRI may not hold (RFC 3987), which rdflib's parsers let through
_NOT_IN_IRI = re.compile(r'[\x00-\x20<>"{}|\\^`]')


def bad_iri(triples) -> str | None:
    """The first IRI of ``triples`` that is not a valid IRI, if any."""
    seen: set = set()
    for triple in triples:
        for term in triple:
            if type(term) is URIRef and term not in seen:
                seen.add(term)
                if _NOT_IN_IRI.search(term):
                    return str(term)
    return None


@contextmanager
def as_written():
    """Parse RDF with every literal kept as written.

    rdflib normalises literals by default (``"01"^^xsd:integer`` becomes ``"1"``, and
    ``"1"^^xsd:boolean`` reads as true): a validator must see the terms of the file, so
    that ``sh:value`` names them and ``sh:uniqueLang "1"^^xsd:boolean`` is not ``true``.
    """
    logger, quiet = logging.getLogger("rdflib.term"), _NoCastWarnings()
    before = rdflib.NORMALIZE_LITERALS
    rdflib.NORMALIZE_LITERALS = False
    logger.addFilter(quiet)
    try:
        with warnings.catch_warnings():
            warnings.filterwarnings("ignore", message="Parsing weird boolean")
            yield
    finally:
        rdflib.NORMALIZE_LITERALS = before
        logger.removeFilter(quiet)


_XSD_STRING = str(XSD.string)


class _Terms:
    """pyoxigraph terms as the rdflib terms pySHACL works with, each made once.

    A build repeats the same IRIs and short literals thousands of times; making each
    rdflib term once saves most of the conversion, and equal terms are then the same
    object.
    """

    def __init__(self) -> None:
        self.known: dict = {str(RDF.type): RDF.type}

    def __call__(self, node):
        if isinstance(node, ox.NamedNode):
            key = node.value
            term = self.known.get(key)
            if term is None:
                term = self.known[key] = URIRef(key)
            return term
        if isinstance(node, ox.BlankNode):
            return BNode(node.value)
        key = (node.value, node.language, node.datatype.value)
        term = self.known.get(key)
        if term is None:
            term = self.known[key] = self._literal(node)
        return term

    def _literal(self, node) -> Literal:
        if node.language:
            return Literal(node.value, lang=node.language)
        datatype = node.datatype.value
        if datatype == _XSD_STRING:  # a simple literal: rdflib spells it without datatype
            return Literal(node.value)
        return Literal(node.value, datatype=self(ox.NamedNode(datatype)))
