"""Stable URIs: the list of every URI the data mints, and the changes recorded to it.

The URIs a build mints are a promise to whoever links to them. ``data/uris.txt`` lists
them, sorted, one per line, relative to the base (so a build for another base compares
the same list). A build that would no longer mint a listed URI fails, naming it, unless
``data/uri-changes.csv`` records what became of it::

    uri,replaced_by,reason
    id/territory/fr/ruan,id/territory/fr/rouen,Both editions now share the French slug.
    id/programme/fr/x/old-title,,The programme ended in 2024.

A row with ``replaced_by`` is a replacement (the server answers 301 to the new URI,
``dct:isReplacedBy``); one without is a deprecation (410 Gone with the reason,
``owl:deprecated``). Both become triples of their own named graph, ``{base}graph/changes``.
``hrgraph build --update-uris`` adds newly minted URIs to the list; a URI once listed
stays listed, so a change record cannot be dropped without the build noticing.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from rdflib import Graph, Literal, URIRef

from hrgraph.datadir import read_table
from hrgraph.rdf.namespaces import DCTERMS, OWL, SKOS, XSD, bind_prefixes
from hrgraph.rdf.uris import DATA_ROOTS

CHANGE_COLUMNS = ("uri", "replaced_by", "reason")
HEADER = (
    "# Every URI the data mints, relative to the base. Written by `hrgraph build --update-uris`.\n"
)


class StableUriError(ValueError):
    """The URI list or the change records cannot be read."""


@dataclass(frozen=True)
class Change:
    uri: str  # relative to the base
    replaced_by: str | None
    reason: str
    line: int

    @property
    def deprecated(self) -> bool:
        return self.replaced_by is None


@dataclass
class UriCheck:
    dropped: list[str] = field(default_factory=list)  # listed, not minted, not recorded
    unlisted: list[str] = field(default_factory=list)  # minted, not yet listed
    problems: list[str] = field(default_factory=list)  # change records that do not hold
    checked: bool = False  # a list file exists

    @property
    def failed(self) -> bool:
        return bool(self.dropped or self.problems)


def minted(graphs: Iterable[tuple[URIRef, Graph]], base: str) -> set[str]:
    """The data URIs (relative to ``base``) that profile graphs mint: their names and
    every IRI under the base they use."""
    found: set[str] = set()
    for name, graph in graphs:
        found.add(str(name))
        for s, _, o in graph:
            found.update(str(t) for t in (s, o) if isinstance(t, URIRef))
    return {
        iri[len(base) :]
        for iri in found
        if iri.startswith(base) and iri[len(base) :].split("/", 1)[0] in DATA_ROOTS
    }


def read_list(path: Path) -> set[str] | None:
    """The listed URIs, or None when there is no list (nothing is checked)."""
    if not path.exists():
        return None
    lines = path.read_text(encoding="utf-8").splitlines()
    return {line.strip() for line in lines if line.strip() and not line.startswith("#")}


def write_list(path: Path, uris: Iterable[str]) -> None:
    path.write_text(HEADER + "".join(f"{u}\n" for u in sorted(set(uris))), encoding="utf-8")


def _relative(value: str, where: str) -> str:
    value = value.strip().lstrip("/")
    if "://" in value or value.split("/", 1)[0] not in DATA_ROOTS or "/" not in value:
        raise StableUriError(
            f"{where}: {value!r} is not a data URI relative to the base (id/... or graph/...)"
        )
    return value


def read_changes(path: Path) -> list[Change]:
    if not path.exists():
        return []
    changes, seen = [], {}
    for n, row in read_table(path, CHANGE_COLUMNS, StableUriError):
        uri = _relative(row["uri"] or "", f"{path}:{n}")
        new = (row["replaced_by"] or "").strip()
        reason = (row["reason"] or "").strip()
        if not reason:
            raise StableUriError(f"{path}:{n}: 'reason' is required (the 410/301 page says it)")
        if uri in seen:
            raise StableUriError(f"{path}:{n}: {uri} is already recorded on line {seen[uri]}")
        seen[uri] = n
        replaced_by = _relative(new, f"{path}:{n}") if new else None
        if replaced_by == uri:
            raise StableUriError(f"{path}:{n}: {uri} cannot replace itself")
        changes.append(Change(uri, replaced_by, reason, n))
    return changes


def check(listed: set[str] | None, now: set[str], changes: list[Change]) -> UriCheck:
    """Compare what is minted now with the list and the change records."""
    result = UriCheck(checked=listed is not None)
    recorded = {c.uri for c in changes}
    for c in changes:
        if c.uri in now:
            result.problems.append(
                f"line {c.line}: {c.uri} is recorded as changed but the data still mints it"
            )
        if c.replaced_by and c.replaced_by not in now:
            result.problems.append(
                f"line {c.line}: {c.uri} is replaced by {c.replaced_by}, "
                "which the data does not mint"
            )
    if listed is not None:
        result.dropped = sorted(listed - now - recorded)
        result.unlisted = sorted(now - listed)
    return result


def updated_list(listed: set[str] | None, now: set[str], changes: list[Change]) -> set[str]:
    """What ``--update-uris`` writes: every URI ever listed, the new ones, the recorded ones."""
    return (listed or set()) | now | {c.uri for c in changes}


def changes_graph(changes: list[Change], base: str) -> Graph:
    g = Graph()
    bind_prefixes(g)
    for c in changes:
        old = URIRef(base + c.uri)
        g.add((old, OWL.deprecated, Literal(True, datatype=XSD.boolean)))
        g.add((old, SKOS.changeNote, Literal(c.reason, lang="en")))
        if c.replaced_by:
            g.add((old, DCTERMS.isReplacedBy, URIRef(base + c.replaced_by)))
    return g


def explain(result: UriCheck, list_path: Path, changes_path: Path) -> str:
    """The message of a failed check: what went wrong and how to record the change."""
    lines = []
    if result.dropped:
        lines.append(
            f"{len(result.dropped)} URI(s) listed in {list_path} would no longer be minted:"
        )
        lines += [f"  {u}" for u in result.dropped]
        lines.append(
            f"record each in {changes_path} (columns {','.join(CHANGE_COLUMNS)}): "
            "with replaced_by when it was renamed (answered 301), "
            "without when it is withdrawn (answered 410 with the reason)"
        )
    lines += [f"{changes_path}: {p}" for p in result.problems]
    return "\n".join(lines)
