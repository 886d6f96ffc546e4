"""The controlled vocabularies (SKOS files in ``ontology/``) as lookup tables.

Profile text is matched to concepts through their ``skos:prefLabel`` and
``skos:altLabel`` in any language, on a folded key (no case, accents or punctuation).
A string that matches nothing returns None: the caller warns; no concept is invented.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from rdflib import Graph, Literal, URIRef

from hrgraph.rdf.namespaces import (
    GOVERNMENT_TYPES,
    HRG,
    MEMBER_TYPES,
    ONTOLOGY,
    OWL,
    POPULATION_RANGES,
    RDF,
    REGIONS,
    SKOS,
    THEMES,
    VOCAB,
)
from hrgraph.text import key


@dataclass
class Scheme:
    iri: URIRef
    by_label: dict[str, URIRef] = field(default_factory=dict)

    def lookup(self, text: str | None) -> URIRef | None:
        return self.by_label.get(key(text)) if text else None


@dataclass
class Vocabularies:
    graph: Graph  # every file merged, for lookups
    files: list[Path]
    graphs: dict[URIRef, Graph]  # each file as the named graph it is published in
    themes: Scheme
    regions: Scheme
    government_types: Scheme
    population_ranges: Scheme
    member_types: Scheme
    # answers already looked up in ``graph``: every profile asks the same few questions
    answers: dict = field(default_factory=dict, repr=False, compare=False)

    def answer(self, question: tuple, find):
        """``find()``, asked once per ``question`` (the vocabularies do not change)."""
        try:
            return self.answers[question]
        except KeyError:
            found = self.answers[question] = find()
            return found

    def population_range(self, low: int | None, high: int | None) -> URIRef | None:
        """The range concept whose bounds are exactly these (an open bound is None)."""
        return self.answer(("population_range", low, high), lambda: self._range(low, high))

    def _range(self, low: int | None, high: int | None) -> URIRef | None:
        for concept in sorted(self.graph.subjects(SKOS.inScheme, self.population_ranges.iri)):
            lo = self.graph.value(concept, HRG.minPopulation)
            hi = self.graph.value(concept, HRG.maxPopulation)
            lo_v = lo.toPython() if lo is not None else None
            hi_v = hi.toPython() if hi is not None else None
            if (lo_v, hi_v) == (low, high) or (lo_v == 0 and low is None and hi_v == high):
                return concept
        return None

    def member_class(self, government_type: URIRef | None) -> tuple[URIRef | None, URIRef]:
        """(member-type concept, OWL class) implied by a government type."""
        return self.answer(("member_class", government_type), lambda: self._class(government_type))

    def _class(self, government_type: URIRef | None) -> tuple[URIRef | None, URIRef]:
        member_type = (
            self.graph.value(government_type, HRG.impliedMemberType) if government_type else None
        )
        cls = self.graph.value(member_type, HRG.memberClass) if member_type else None
        return member_type, cls or HRG.Member

    def labels(self, concept: URIRef) -> dict[str, str]:
        return {
            o.language: str(o)
            for o in self.graph.objects(concept, SKOS.prefLabel)
            if isinstance(o, Literal) and o.language
        }


def _scheme(graph: Graph, namespace) -> Scheme:
    iri = URIRef(str(namespace).rstrip("/"))
    scheme = Scheme(iri)
    concepts = sorted(graph.subjects(SKOS.inScheme, iri))
    # prefLabels first, so a prefLabel is never shadowed by another concept's altLabel
    for prop in (SKOS.prefLabel, SKOS.altLabel, SKOS.notation):
        for concept in concepts:
            for label in graph.objects(concept, prop):
                scheme.by_label.setdefault(key(str(label)), concept)
    return scheme


@cache
def _load(paths: tuple[Path, ...]) -> Vocabularies:
    graphs: dict[URIRef, Graph] = {}
    for p in paths:
        g = Graph().parse(p, format="turtle")
        name = vocabulary_graph_name(p, g)
        graphs[name] = graphs[name] + g if name in graphs else g
    graph = Graph()
    for g in graphs.values():
        graph += g
    return Vocabularies(
        graph=graph,
        files=list(paths),
        graphs=graphs,
        themes=_scheme(graph, THEMES),
        regions=_scheme(graph, REGIONS),
        government_types=_scheme(graph, GOVERNMENT_TYPES),
        population_ranges=_scheme(graph, POPULATION_RANGES),
        member_types=_scheme(graph, MEMBER_TYPES),
    )


def load_vocabularies(ontology_dir: Path) -> Vocabularies:
    """Parse every ``*.ttl`` in the ontology folder (cached per set of files)."""
    paths = tuple(sorted(Path(ontology_dir).glob("*.ttl")))
    if not paths:
        raise FileNotFoundError(f"{ontology_dir}: no ontology or vocabulary files (*.ttl)")
    return _load(paths)


def vocabulary_graph_name(path: Path, graph: Graph) -> URIRef:
    """The named graph a vocabulary file goes into: the ontology's IRI for the ontology,
    else its concept scheme's IRI."""
    if (URIRef(ONTOLOGY), RDF.type, OWL.Ontology) in graph:
        return URIRef(ONTOLOGY)
    for s in graph.subjects(RDF.type, SKOS.ConceptScheme):
        return URIRef(s)
    return URIRef(str(VOCAB) + path.stem)
