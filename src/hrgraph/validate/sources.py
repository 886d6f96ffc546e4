"""From a validation result back to the text a person can fix: file and line.

For a build, ``sources.json`` records, per named graph, the profile file it was built
from and the profile line that produced each (subject, predicate). A result names a
focus node and often a path and value; the graph(s) holding the offending triple give
the file, and the (focus, predicate) pair gives the line. When the triple is missing
(a required value), the field the predicate is read from gives the line instead, so
"a territory needs a region" points at the page's region line.

For data files from elsewhere there is no such record; the location is the file, and a
best-effort line: the line where the focus node's statement starts in a Turtle, TriG,
N-Triples or N-Quads file.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

from rdflib.namespace import RDF

from hrgraph.display import display_path
from hrgraph.rdf.namespaces import DCTERMS, HRG, RDFS, SCHEMA, curie
from hrgraph.validate.inputs import Loaded
from hrgraph.validate.model import Location

# predicate -> the profile field its value is read from (see hrgraph.rdf.mapping)
FIELD_OF = {
    str(SCHEMA.name): "name",
    str(RDFS.label): "name",
    str(DCTERMS.title): "name",
    str(HRG.country): "country",
    str(HRG.countryCode): "country",
    str(HRG.region): "region",
    str(HRG.governmentType): "government_type",
    str(HRG.memberType): "government_type",
    str(RDF.type): "government_type",
    str(HRG.populationRange): "population",
    str(HRG.joinedYear): "joined",
    str(HRG.leader): "leader",
    str(HRG.leaderTitle): "leader",
    str(HRG.mandateOf): "leader",
    str(HRG.startYear): "mandate",
    str(HRG.endYear): "mandate",
    str(HRG.durationYears): "mandate",
}
SOURCE_LINE = HRG.sourceLine
TEXT_SUFFIXES = (".ttl", ".trig", ".n3", ".nt", ".nq")


def _iri(term: str | None) -> str | None:
    return term[1:-1] if term and term.startswith("<") and term.endswith(">") else None


def predicates_of(path: str | None) -> list[str]:
    """The predicate IRIs a result path string can stand for (one, or alternatives)."""
    if not path:
        return []
    return re.findall(r"<([^>]+)>", path) if not path.startswith("^") else []


@dataclass
class Locator:
    loaded: Loaded
    data_dir: Path | None = None
    _text: dict = field(default_factory=dict)

    @cached_property
    def sources(self) -> dict:
        return self.loaded.release.sources() if self.loaded.release else {}

    @cached_property
    def units(self) -> dict:
        return {u.name: u for u in self.loaded.units}

    @cached_property
    def _index(self) -> dict:
        """unit name -> {subject n3: {predicate iri: [object n3, ...]}}."""
        out = {}
        for u in self.loaded.units:
            idx: dict = {}
            for s, p, o in u.triples:
                idx.setdefault(s.n3(), {}).setdefault(str(p), []).append(o.n3())
            out[u.name] = idx
        return out

    @cached_property
    def _mentions(self) -> dict:
        """unit name -> {object n3: [(subject n3, predicate iri), ...] naming it}."""
        out = {}
        for u in self.loaded.units:
            idx: dict = {}
            for s, p, o in u.triples:
                idx.setdefault(o.n3(), []).append((s.n3(), str(p)))
            out[u.name] = idx
        return out

    def locate(self, focus: str, path: str | None, value: str | None, units) -> tuple:
        """Locations of a result computed in ``units`` (unit names), best first.

        A focus node a graph only names as a value is placed on a statement naming it
        (the first in the file that has a line).
        """
        if units and all(focus not in self._index.get(n, {}) for n in units):
            places = [self._named_in(name, focus) for name in units]
            return tuple(sorted(set(places), key=lambda loc: (loc.file or "", loc.line or 0)))
        preds = predicates_of(path)
        found = []
        for name in units:
            triples = self._index.get(name, {}).get(focus, {})
            if not path and value:  # a node-level result: the value says which triple
                preds = sorted(p for p, objects in triples.items() if value in objects)
            holding = [p for p in preds if p in triples and (value is None or value in triples[p])]
            if preds and not holding and any(p in triples for p in preds):
                holding = [p for p in preds if p in triples]
            found.append((0 if holding else 1, name, holding or preds))
        # prefer the graphs that hold the offending triple
        ranked = sorted(found, key=lambda f: f[0])
        best = [f for f in ranked if f[0] == ranked[0][0]] if ranked else []
        locations = [self._in_unit(name, focus, preds_) for _, name, preds_ in best]
        return tuple(sorted(set(locations), key=lambda loc: (loc.file or "", loc.line or 0)))

    def _named_in(self, name: str, focus: str) -> Location:
        places = [
            self._in_unit(name, subject, [predicate])
            for subject, predicate in sorted(self._mentions.get(name, {}).get(focus, ()))[:100]
        ]  # a node named by thousands of statements: the first hundred are enough
        with_line = [p for p in places if p.line]
        if with_line:
            return min(with_line, key=lambda loc: loc.line)
        return places[0] if places else self._in_unit(name, focus, [])

    def locate_support(self, focus: str) -> tuple:
        """Where a vocabulary or ontology node is written, if in one of the ontology files."""
        iri = _iri(focus)
        for path in sorted(set(self.loaded.support_files.values())):
            line = self._text_index(path).line(iri) if iri else None
            if line:
                return (Location(display_path(path), line),)
        return ()

    def _in_unit(self, name: str, focus: str, preds: list[str]) -> Location:
        unit = self.units[name]
        if name in self.sources:
            return self._in_profile(name, focus, preds)
        if unit.file:
            graph = None if unit.name == unit.file else unit.name
            iri = _iri(focus)
            line = None
            if iri and unit.file.endswith(TEXT_SUFFIXES):
                text = self._text_index(unit.file)
                line = next((x for p in preds if (x := text.line(iri, p, graph))), None)
                line = line or text.line(iri, None, graph)
            return Location(display_path(unit.file), line, graph)
        return Location(None, None, name)

    def _in_profile(self, name: str, focus: str, preds: list[str]) -> Location:
        record = self.sources[name]
        file = record["file"]
        shown = display_path(self.data_dir / file) if self.data_dir else file
        lines = record.get("lines", {}).get(_iri(focus) or "", {})
        for p in preds:
            if p in lines:
                return Location(shown, lines[p], name)
        for p in preds:
            if FIELD_OF.get(p) in record.get("fields", {}):
                return Location(shown, record["fields"][FIELD_OF[p]], name)
        own = self._index[name].get(focus, {}).get(str(SOURCE_LINE))
        if own:
            return Location(shown, int(own[0].split('"')[1]), name)
        if lines:
            return Location(shown, min(lines.values()), name)
        return Location(shown, None, name)

    def _text_index(self, path: str) -> TextIndex:
        if path not in self._text:
            self._text[path] = TextIndex.read(Path(path))
        return self._text[path]


_PREFIX = re.compile(r"^\s*(?:@prefix|PREFIX)\s+([\w.-]*):\s*<([^>]*)>", re.IGNORECASE)
_TOKEN = re.compile(r"<[^>]*>|[^\s;,]+")


@dataclass
class TextIndex:
    """Where statements start in a pretty-printed RDF text file, per graph.

    Keys are ``(graph token, subject token)`` and ``(graph token, subject token,
    predicate token)``; the graph token is ``None`` outside a TriG graph block or for
    N-Quads without a graph. Turtle, TriG, N-Triples and N-Quads as tools write them.
    """

    prefixes: dict = field(default_factory=dict)
    subjects: dict = field(default_factory=dict)
    pairs: dict = field(default_factory=dict)

    @classmethod
    def read(cls, path: Path) -> TextIndex:
        index = cls()
        try:
            text = path.read_text(encoding="utf-8", errors="replace")
        except OSError:
            return index
        line_based = path.suffix in (".nt", ".nq")
        graph, subject, expect_subject = None, None, True
        for n, raw in enumerate(text.splitlines(), 1):
            line = raw.strip()
            if not line or line.startswith("#"):
                continue
            if m := _PREFIX.match(line):
                index.prefixes[m.group(1)] = m.group(2)
                continue
            tokens = _TOKEN.findall(line)
            if not tokens:
                continue
            if tokens[-1] == "{" or tokens[0] == "}":
                graph = tokens[-2] if tokens[-1] == "{" and len(tokens) > 1 else None
                if tokens[0] == "GRAPH" and len(tokens) > 2:
                    graph = tokens[1]
                expect_subject = True
                continue
            if line_based:
                graph = (
                    tokens[-2]
                    if len(tokens) >= 5 and tokens[-1] == "." and tokens[-2].startswith("<")
                    else None
                )
            if expect_subject or line_based:
                subject = tokens[0]
                index._add(graph, subject, None, n)
                if len(tokens) > 1:
                    index._add(graph, subject, tokens[1], n)
            elif subject and tokens[0] not in ('"', ")"):
                index._add(graph, subject, tokens[0], n)
            expect_subject = line.endswith((".", "{", "}")) and not line.endswith("..")
        return index

    def _add(self, graph, subject, predicate, n: int) -> None:
        table = self.subjects if predicate is None else self.pairs
        for g in {graph, "*"}:  # "*": the first place in any graph
            table.setdefault((g, subject) if predicate is None else (g, subject, predicate), n)

    def spellings(self, iri: str) -> list[str]:
        out = [f"<{iri}>"]
        for prefix, ns in self.prefixes.items():  # every prefix of the file that fits
            if ns and (short := curie(iri, {prefix: ns})):
                out.append(short)
        if iri == str(RDF.type):
            out.append("a")
        return out

    def line(self, subject: str, predicate: str | None = None, graph: str | None = None):
        """The line of ``subject`` (and ``predicate``), in ``graph`` when it is given."""
        graphs = [*self.spellings(graph), "*"] if graph else [None, "*"]
        for g in graphs:
            for s in self.spellings(subject):
                if predicate is None:
                    if (g, s) in self.subjects:
                        return self.subjects[(g, s)]
                    continue
                for p in self.spellings(predicate):
                    if (g, s, p) in self.pairs:
                        return self.pairs[(g, s, p)]
        return None
