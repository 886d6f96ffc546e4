"""What a validation run produces: results, their locations, and the report around them.

These are plain records, independent of pySHACL's report graph, so each output format
is a small writer over the same data.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import asdict, dataclass, field

from hrgraph.exits import Exit

SEVERITIES = ("violation", "warning", "info")
FAIL_ON = {
    "violation": {"violation"},
    "warning": {"violation", "warning"},
    "info": {"violation", "warning", "info"},  # any result: exit 1 unless sh:conforms
}


@dataclass(frozen=True)
class Location:
    """Where a result comes from: a source file and line, or at least a graph."""

    file: str | None = None
    line: int | None = None
    graph: str | None = None

    def __str__(self) -> str:
        if self.file and self.line:
            return f"{self.file}:{self.line}"
        return self.file or self.graph or ""


@dataclass(frozen=True)
class Result:
    """One SHACL validation result, with terms written as N-Triples-like strings.

    ``focus``, ``value`` and ``path`` keep the exact term (``<iri>``, ``_:b``, or a
    literal in N-Triples syntax) so two results can be compared; ``shape`` is the
    source shape's IRI (or blank node label) and ``component`` the constraint
    component's IRI. ``severity`` is the level (violation, warning, info);
    ``severity_iri`` keeps a shape's own ``sh:severity`` IRI when it is none of SHACL's
    three (such a result counts as a violation).
    """

    severity: str
    focus: str
    shape: str
    component: str
    path: str | None = None
    value: str | None = None
    messages: tuple[tuple[str, str], ...] = ()  # (language, text), "" for no language
    locations: tuple[Location, ...] = ()
    scope: str = "graph"  # "graph" (one profile), "cross" (several), "support"
    severity_iri: str | None = None  # "<iri>" of a custom severity

    @property
    def key(self) -> tuple:
        """What makes two results the same, wherever they were computed."""
        severity = self.severity_iri or self.severity
        return (severity, self.focus, self.shape, self.component, self.path, self.value)

    def message(self, lang: str = "en") -> str:
        by_lang = dict(self.messages)
        for candidate in (lang, "en", ""):
            if candidate in by_lang:
                return by_lang[candidate]
        component = self.component.strip("<>").rsplit("#", 1)[-1].rsplit("/", 1)[-1]
        return next(iter(by_lang.values()), f"{component} failed")

    @property
    def location(self) -> Location | None:
        return self.locations[0] if self.locations else None

    def to_json(self) -> dict:
        data = asdict(self)
        data["messages"] = [list(m) for m in self.messages]
        data["locations"] = [asdict(loc) for loc in self.locations]
        return data

    @classmethod
    def from_json(cls, data: dict) -> Result:
        return cls(
            severity=data["severity"],
            focus=data["focus"],
            shape=data["shape"],
            component=data["component"],
            path=data.get("path"),
            value=data.get("value"),
            messages=tuple(tuple(m) for m in data.get("messages", ())),
            locations=tuple(Location(**loc) for loc in data.get("locations", ())),
            scope=data.get("scope", "graph"),
            severity_iri=data.get("severity_iri"),
        )


@dataclass(frozen=True)
class UnitSummary:
    """One validated graph: a profile's named graph, or a data file's graph."""

    name: str
    label: str
    triples: int


@dataclass
class Report:
    results: list[Result] = field(default_factory=list)
    units: list[UnitSummary] = field(default_factory=list)
    source: str = ""  # what was validated: a build release or the data files
    shapes: list[str] = field(default_factory=list)
    stats: dict = field(default_factory=dict)

    def counts(self) -> dict[str, int]:
        c = Counter(r.severity for r in self.results)
        return {s: c.get(s, 0) for s in SEVERITIES}

    def failing(self, fail_on: str = "violation") -> list[Result]:
        return [r for r in self.results if r.severity in FAIL_ON[fail_on]]

    def conforms(self, fail_on: str = "violation") -> bool:
        return not self.failing(fail_on)

    def exit_code(self, fail_on: str = "violation") -> int:
        return int(Exit.OK if self.conforms(fail_on) else Exit.FOUND_WANTING)
