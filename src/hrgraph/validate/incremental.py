"""One changed profile validated against a build, without validating the whole graph.

A SHACL shape of hrgraph reads a focus node's own triples and, through ``sh:class``
and RDFS inference, the types of its values: what the ontology, the vocabularies and
the graphs describing those nodes say. So a member's results need only:

* the changed profile, read and mapped as the build does (``profile.read_profile``,
  ``rdf.links.resolve_identities``, ``rdf.mapping.map_profile``);
* the member's other language editions (found in the build's store, read and mapped
  again, so an identity the change moves is worked out as the build would);
* what the build's other graphs say about the nodes these graphs mention (an
  organisation two members name, a country concept), as support;
* the ontology and vocabularies, as ``hrgraph validate`` adds them.

At 10,000 profiles this takes about 0.2 s once the shapes and vocabularies are read
(``hrgraph validate --profile`` spends about a second more starting: imports, shapes,
vocabularies, the country-name index).

The results kept are those whose focus node the member's graphs describe: the results
a whole validation of the rebuilt data gives for those nodes (a test compares them).
A result on a node other members' graphs describe too counts here as the member's
alone (scope ``graph``, not ``cross``). Not seen: a change of name that makes the
profile join another member's editions, and the reader's findings on other files.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox
from rdflib import URIRef

from hrgraph import datadir
from hrgraph.profile import ProfileError, read_profile
from hrgraph.rdf import links
from hrgraph.rdf.mapping import country_concepts, map_profile
from hrgraph.rdf.namespaces import HRG, PROV, RDF, ROOT
from hrgraph.rdf.uris import Minter
from hrgraph.rdf.vocabularies import load_vocabularies
from hrgraph.release import Release, current_release
from hrgraph.store.embedded import open_release_store
from hrgraph.validate.inputs import InputError, Loaded, Unit, _Terms
from hrgraph.validate.model import Report
from hrgraph.validate.shapes import Shapes, load_shapes


@dataclass(frozen=True)
class _Revised(Release):
    """The build's release, with the source records of the graphs validated here (as
    the build would write them) in place of its whole ``sources.json``."""

    revised: dict = field(default_factory=dict, compare=False, hash=False)

    def sources(self) -> dict:
        return self.revised


def validate_profile(
    build_dir: Path,
    profile: Path,
    shapes: Shapes | Path,
    ontology_dir: Path,
    data_dir: Path | None = None,
) -> Report:
    """The results for the member of ``profile`` (a file of the build's data folder,
    changed or new), as a whole validation of the rebuilt data would give them."""
    from hrgraph.validate import report_for

    started = time.perf_counter()
    shapes = shapes if isinstance(shapes, Shapes) else load_shapes(shapes)
    release = current_release(build_dir)
    folders = [f for f in (release.data_dir(), data_dir) if f is not None and Path(f).is_dir()]
    data_dir, source = _placed(Path(profile), [Path(f) for f in folders])
    changed = _read(Path(data_dir), source)
    store = open_release_store(release)
    editions, old_graphs = _editions(store, source)
    others = [_read(Path(data_dir), s) for s in editions if s != source]
    profiles = [changed, *others]
    identities = links.resolve_identities(
        profiles, links.read_links(Path(data_dir) / datadir.MEMBERS)
    )
    base = release.manifest().get("base_uri") or ROOT
    vocab = load_vocabularies(ontology_dir)
    minter = Minter(base)
    mapped = [
        map_profile(p, identity, vocab, minter, p.source)
        for p, identity in zip(profiles, identities, strict=True)
    ]
    units = [Unit(str(m.graph_name), m.profile.source, list(m.graph)) for m in mapped]
    support = _neighbours(store, units, {u.name for u in units} | old_graphs)
    codes = {p.country_code for p in profiles if p.country_code}
    support.extend(country_concepts(codes))
    # The ontology folder as ``validate`` adds it, from the vocabularies the mapping
    # read already (no result on their own nodes is kept, so they need no file names).
    support.extend(t for g in vocab.graphs.values() for t in g)
    revised = _Revised(release.path, {str(m.graph_name): _source_record(m) for m in mapped})
    loaded = Loaded(units, support, f"{source} against build {release.path}", revised)
    report = report_for(loaded, shapes, Path(data_dir))
    described = {s.n3() for u in units for s, _, _ in u.triples}
    report.results = [r for r in report.results if r.focus in described]
    report.stats = {**report.stats, "seconds": round(time.perf_counter() - started, 3)}
    return report


def _placed(profile: Path, folders: list[Path]) -> tuple[Path, str]:
    """The data folder holding ``profile`` (the one the build read first, else the one
    given), and the profile's name in it, as the build names its sources."""
    for folder in folders:
        try:
            return folder, profile.resolve().relative_to(folder.resolve()).as_posix()
        except ValueError:
            continue
    where = " or ".join(str(f) for f in folders) or "(none recorded)"
    raise InputError(profile, f"not a file of the build's data folder {where}")


def _read(data_dir: Path, source: str):
    try:
        return read_profile(data_dir / source, source=source)
    except ProfileError as e:
        raise InputError(data_dir / source, str(e)) from None
    except OSError as e:
        raise InputError(data_dir / source, f"cannot read: {e.strerror or e}") from None


_SOURCE_FILE = ox.NamedNode(str(HRG.sourceFile))
_DERIVED_FROM = ox.NamedNode(str(PROV.wasDerivedFrom))
_TYPE, _MEMBER = ox.NamedNode(str(RDF.type)), ox.NamedNode(str(HRG.Member))


def _editions(store: ox.Store, source: str) -> tuple[list[str], set[str]]:
    """The files of the profiles the build took for the same member as ``source``, and
    their graphs (from its provenance: each page's file and the graph derived from it)."""
    graphs = {
        q.object
        for page in store.quads_for_pattern(None, _SOURCE_FILE, ox.Literal(source))
        for q in store.quads_for_pattern(page.subject, _DERIVED_FROM, None)
    }
    members = {q.subject for g in graphs for q in store.quads_for_pattern(None, _TYPE, _MEMBER, g)}
    files, named = set(), {g.value for g in graphs}
    for member in members:
        for q in store.quads_for_pattern(member, _TYPE, _MEMBER):
            if isinstance(q.graph_name, ox.NamedNode):
                named.add(q.graph_name.value)
                for page in store.quads_for_pattern(None, _DERIVED_FROM, q.graph_name):
                    files |= {
                        f.object.value
                        for f in store.quads_for_pattern(page.subject, _SOURCE_FILE, None)
                    }
    return sorted(files | {source}), named


def _neighbours(store: ox.Store, units: list[Unit], replaced: set[str]) -> list[tuple]:
    """What the build's other named graphs say about the nodes the units mention."""
    term = _Terms()
    nodes = {str(t) for u in units for s, _, o in u.triples for t in (s, o) if type(t) is URIRef}
    out = []
    for iri in sorted(nodes):
        for q in store.quads_for_pattern(ox.NamedNode(iri), None, None):
            g = q.graph_name
            if isinstance(g, ox.NamedNode) and g.value not in replaced:
                out.append((term(q.subject), term(q.predicate), term(q.object)))
    return out


def _source_record(m) -> dict:
    """What ``sources.json`` holds for a mapped profile: its file, the line behind each
    (subject, predicate), and the line of each field."""
    lines: dict[str, dict[str, int]] = {}
    for (s, p), line in sorted(m.sources.items()):
        lines.setdefault(s, {})[p] = line
    return {
        "file": m.profile.source,
        "lines": lines,
        "fields": {**m.profile.label_lines, **m.profile.lines},
    }
