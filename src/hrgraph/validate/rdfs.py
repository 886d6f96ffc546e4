"""RDFS inference done once per run, not once per pySHACL call.

pySHACL's ``inference="rdfs"`` computes the full RDFS closure of every data graph it is
given, ontology included, on each call. The shapes only need what that closure says
about *types* (for ``sh:targetClass`` and ``sh:class``) and the triples implied by
``rdfs:subPropertyOf``. So the ontology's class and property hierarchy, domains and
ranges are closed once into lookup tables (:class:`Schema`), and the data's types are
then derived in one linear pass over all triples (:func:`Schema.types`), for the whole
dataset at once. Each graph handed to pySHACL carries its nodes' types explicitly and
is validated without inference.

The rules applied are RDFS entailment rules rdfs2 (domain), rdfs3 (range), rdfs5/rdfs7
(sub-properties), rdfs9/rdfs11 (sub-classes); the others add only triples about
``rdfs:Resource``, ``rdf:Property`` and the like, which no shape here looks at.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from rdflib import Literal, URIRef
from rdflib.namespace import RDF, RDFS

Triple = tuple

SCHEMA_PREDICATES = (RDFS.subClassOf, RDFS.subPropertyOf, RDFS.domain, RDFS.range)


def _closure(edges: dict) -> dict:
    """Reflexive-transitive closure of a ``node -> set(parents)`` relation."""
    closed: dict = {}
    for start in edges:
        seen, stack = {start}, [start]
        while stack:
            for parent in edges.get(stack.pop(), ()):
                if parent not in seen:
                    seen.add(parent)
                    stack.append(parent)
        closed[start] = frozenset(seen)
    return closed


@dataclass(frozen=True)
class Schema:
    superclasses: dict  # class -> every superclass, itself included
    superproperties: dict  # property -> every super-property, itself included
    domains: dict  # property -> classes its subjects get (super-properties included)
    ranges: dict  # property -> classes its (non-literal) objects get

    @classmethod
    def from_triples(cls, triples: Iterable[Triple]) -> Schema:
        sub_class, sub_prop = defaultdict(set), defaultdict(set)
        domain, range_ = defaultdict(set), defaultdict(set)
        for s, p, o in triples:
            if p == RDFS.subClassOf:
                sub_class[s].add(o)
            elif p == RDFS.subPropertyOf:
                sub_prop[s].add(o)
            elif p == RDFS.domain:
                domain[s].add(o)
            elif p == RDFS.range:
                range_[s].add(o)
        supers = _closure(sub_class)
        props = _closure(sub_prop)
        for p in set(domain) | set(range_):
            props.setdefault(p, frozenset({p}))

        def up(classes: Iterable) -> frozenset:
            return frozenset(c2 for c in classes for c2 in supers.get(c, (c,)))

        domains = {p: up(d for q in qs for d in domain.get(q, ())) for p, qs in props.items()}
        ranges = {p: up(r for q in qs for r in range_.get(q, ())) for p, qs in props.items()}
        return cls(
            superclasses=supers,
            superproperties=props,
            domains={p: c for p, c in domains.items() if c},
            ranges={p: c for p, c in ranges.items() if c},
        )

    def extended(self, triples: Iterable[Triple]) -> Schema:
        """This schema plus the schema triples found among ``triples`` (if any)."""
        extra = [t for t in triples if t[1] in SCHEMA_PREDICATES]
        return self if not extra else Schema.from_triples([*self._as_triples(), *extra])

    def _as_triples(self) -> list[Triple]:
        out = [(c, RDFS.subClassOf, s) for c, ss in self.superclasses.items() for s in ss]
        out += [(p, RDFS.subPropertyOf, s) for p, ss in self.superproperties.items() for s in ss]
        out += [(p, RDFS.domain, c) for p, cs in self.domains.items() for c in cs]
        out += [(p, RDFS.range, c) for p, cs in self.ranges.items() for c in cs]
        return out

    def types(self, triples: Iterable[Triple]) -> dict:
        """``node -> set(classes)``: every type RDFS entails for the nodes of ``triples``."""
        found: dict = defaultdict(set)
        supers, domains, ranges = self.superclasses, self.domains, self.ranges
        for s, p, o in triples:
            if p == RDF.type:
                found[s].update(supers.get(o, (o,)))
                continue
            if p in domains:
                found[s].update(domains[p])
            if p in ranges and not isinstance(o, Literal):
                found[o].update(ranges[p])
        return found

    def implied(self, triple: Triple) -> list[Triple]:
        """The triples ``rdfs:subPropertyOf`` adds for one triple (itself excluded)."""
        s, p, o = triple
        return [(s, q, o) for q in self.superproperties.get(p, ()) if q != p]


def type_triples(types: dict, nodes: Iterable) -> list[Triple]:
    """``rdf:type`` triples for ``nodes`` from a ``types()`` table."""
    return [(n, RDF.type, c) for n in nodes for c in types.get(n, ()) if isinstance(c, URIRef)]
