"""Stage 3: every profile -> named graphs, dumps, VoID and the embedded store.

A build is written into a fresh release folder beside the live one and published by
swapping the ``current`` symlink in one ``rename``; readers never see half a build.
A profile that cannot be read is reported and skipped; the others are built.
"""

from __future__ import annotations

import gc
import hashlib
import json
import multiprocessing
import os
import queue
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from functools import partial
from itertools import islice
from pathlib import Path

import pyoxigraph as ox
from rdflib import Graph, Literal, URIRef

from hrgraph import __version__, datadir, faults, formats
from hrgraph import release as layout
from hrgraph.profile import ProfileError, read_profile
from hrgraph.profile.model import ParseWarning, Profile
from hrgraph.rdf import links, stable, void
from hrgraph.rdf.mapping import (
    COUNTRY_SCHEME,
    MappedProfile,
    Triples,
    country_concepts,
    map_profile,
)
from hrgraph.rdf.namespaces import DCTERMS, HRG, PROV, RDF, SPDX, XSD, bind_prefixes
from hrgraph.rdf.serialize import write_dumps, write_graph
from hrgraph.rdf.uris import Minter
from hrgraph.rdf.vocabularies import load_vocabularies
from hrgraph.reader_rules import NOT_A_PROFILE, OTHER
from hrgraph.release import Release
from hrgraph.settings import Settings

STEM = layout.DUMP_STEM


class BuildError(Exception):
    """The build could not be done at all; nothing was published."""


class UriCheckError(BuildError):
    """The data was checked and found wanting: it would drop or rename a listed URI
    without recording the change. Nothing was published."""

    def __init__(self, message: str, check: stable.UriCheck) -> None:
        super().__init__(message)
        self.check = check


@dataclass
class BuildReport:
    release: Release | None = None
    built: list[str] = field(default_factory=list)
    errors: list[ProfileError] = field(default_factory=list)
    warnings: list[tuple[str, ParseWarning]] = field(default_factory=list)
    triples: int = 0
    base_uri: str = ""
    uris: stable.UriCheck = field(default_factory=stable.UriCheck)
    uris_written: Path | None = None  # the list --update-uris wrote

    @property
    def exit_code(self) -> int:
        return 1 if self.errors else 0


def build(settings: Settings, update_uris: bool = False) -> BuildReport:
    """Build the graph from ``settings.data_dir`` and publish it in ``settings.build_dir``.

    The minted URIs are compared with ``data/uris.txt`` (see :mod:`hrgraph.rdf.stable`):
    a listed URI no longer minted and not recorded as changed raises
    :class:`UriCheckError` before anything is written. ``update_uris`` adds the newly
    minted URIs to the list."""
    with _no_cycle_collection():
        return _build(settings, update_uris)


@contextmanager
def _no_cycle_collection() -> Iterator[None]:
    """A build makes millions of terms and tuples that live until it ends and form no
    cycles: the cyclic collector would only walk them over and over (a quarter of the
    time of a large build)."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def _build(settings: Settings, update_uris: bool) -> BuildReport:
    data_dir, out = Path(settings.data_dir), Path(settings.build_dir)
    report = BuildReport(base_uri=settings.base_uri)
    files = datadir.profile_files(data_dir)
    if not files:
        raise BuildError(f"{data_dir / datadir.PROFILES}: no profile files (*.txt)")
    try:
        vocab = load_vocabularies(settings.ontology_dir)
        link_rows = links.read_links(data_dir / datadir.MEMBERS)
    except (OSError, ValueError, SyntaxError) as e:
        raise BuildError(str(e)) from None
    minter = Minter(settings.base_uri)

    profiles, sources = [], []
    for path, read in zip(files, _read_profiles(files, data_dir), strict=True):
        if isinstance(read, ProfileError):
            report.errors.append(read)
        else:
            profiles.append(read)
            sources.append(path)
    if not profiles:
        raise BuildError("no profile could be read")
    identities = links.resolve_identities(profiles, link_rows)

    mapped: list[MappedProfile] = []
    for profile, identity in zip(profiles, identities, strict=True):
        m = map_profile(profile, identity, vocab, minter, profile.source)
        mapped.append(m)
        report.built.append(profile.source)
        report.warnings += [(profile.source, w) for w in profile.warnings + m.warnings]

    graphs: dict[URIRef, Graph | Triples] = {m.graph_name: m.graph for m in mapped}
    if len(graphs) != len(mapped):
        raise BuildError("two profiles map to the same named graph (same language and slug)")
    graphs.update(vocab.graphs)
    codes = {p.country_code for p in profiles if p.country_code}
    graphs[COUNTRY_SCHEME] = country_concepts(codes)
    harvested = _harvested(data_dir / datadir.SOURCES)
    graphs[minter.provenance_graph()] = _provenance(mapped, sources, minter, harvested)
    changes = _check_uris(data_dir, mapped, settings.base_uri, report, update_uris)
    if changes:
        graphs[minter.changes_graph()] = stable.changes_graph(changes, settings.base_uri)

    # The merge as a set of triples (in first-seen order): a triple two graphs state
    # counts once, as in the store's default graph.
    merged: dict[tuple, None] = {}
    for g in graphs.values():
        merged.update(dict.fromkeys(g))
    members = sorted({m.member for m in mapped})
    metadata = void.read_metadata(data_dir / datadir.DATASET)
    if not metadata.get("license"):
        report.warnings.append((datadir.DATASET, void.NO_LICENSE))
    description = void.describe(merged, graphs, minter, metadata, STEM, members[:3])
    report.triples = len(merged)
    try:
        report.release = _publish(
            out, graphs, merged, (minter.void_graph(), description), mapped, report, data_dir
        )
    except OSError as e:  # a full disk, no permission: the release folder is discarded
        why = e.strerror or str(e)
        raise BuildError(f"{out}: cannot write the release: {why}") from None
    return report


def _check_uris(data_dir, mapped, base, report: BuildReport, update: bool) -> list:
    list_path, changes_path = data_dir / datadir.URIS, data_dir / datadir.URI_CHANGES
    try:
        listed = stable.read_list(list_path)
        changes = stable.read_changes(changes_path)
    except (OSError, UnicodeDecodeError, stable.StableUriError) as e:
        raise BuildError(str(e)) from None
    now = stable.minted(((m.graph_name, m.graph) for m in mapped), base)
    report.uris = stable.check(listed, now, changes)
    if report.uris.failed:
        raise UriCheckError(stable.explain(report.uris, list_path, changes_path), report.uris)
    if update and (listed is None or report.uris.unlisted):
        stable.write_list(list_path, stable.updated_list(listed, now, changes))
        report.uris_written = list_path
    return changes


def _harvested(path: Path) -> dict[str, dict]:
    """The records ``hrgraph harvest`` keeps of the pages it fetched (none if absent)."""
    try:
        return json.loads(path.read_text(encoding="utf-8")) if path.exists() else {}
    except (OSError, ValueError) as e:
        raise BuildError(f"{path}: not a sources file: {e}") from None


def _http_date(value: str | None) -> Literal | None:
    from email.utils import parsedate_to_datetime

    try:
        when = parsedate_to_datetime(value) if value else None
    except (TypeError, ValueError):
        return None
    return Literal(when.astimezone(UTC).isoformat(), datatype=XSD.dateTime) if when else None


def _provenance(
    mapped: list[MappedProfile], paths: list[Path], minter: Minter, harvested: dict[str, dict]
) -> Graph:
    """Which file each page came from, and its checksum: deterministic, no build time.

    A harvested page also says which URL its graph was derived from, when it was
    retrieved and last modified, and the SHA-256 of the HTML, all from the sources
    file (never the clock)."""
    g = Graph()
    bind_prefixes(g)
    for m, path in zip(mapped, paths, strict=True):
        page = m.page
        digest = hashlib.sha256(path.read_bytes()).hexdigest()
        checksum = URIRef(f"{page}/checksum")
        g.add((page, HRG.sourceFile, Literal(m.profile.source)))
        g.add((page, PROV.wasDerivedFrom, m.graph_name))
        g.add((page, SPDX.checksum, checksum))
        g.add((checksum, RDF.type, SPDX.Checksum))
        g.add((checksum, SPDX.algorithm, SPDX.checksumAlgorithm_sha256))
        g.add((checksum, SPDX.checksumValue, Literal(digest)))
        record = harvested.get(m.profile.source) or {}
        if not str(record.get("url") or "").startswith(("http://", "https://")):
            continue
        url = URIRef(record["url"])
        g.add((m.graph_name, PROV.wasDerivedFrom, url))
        if retrieved := record.get("retrieved"):
            retrieval = URIRef(f"{page}/retrieval")
            g.add((m.graph_name, PROV.wasGeneratedBy, retrieval))
            g.add((retrieval, RDF.type, PROV.Activity))
            g.add((retrieval, PROV.used, url))
            g.add((retrieval, PROV.endedAtTime, Literal(retrieved, datatype=XSD.dateTime)))
        if modified := _http_date(record.get("last_modified")):
            g.add((url, DCTERMS.modified, modified))
        if html := record.get("html_sha256"):
            html_checksum = URIRef(f"{page}/html-checksum")
            g.add((url, SPDX.checksum, html_checksum))
            g.add((html_checksum, RDF.type, SPDX.Checksum))
            g.add((html_checksum, SPDX.algorithm, SPDX.checksumAlgorithm_sha256))
            g.add((html_checksum, SPDX.checksumValue, Literal(html)))
    return g


# From this many profiles on, they are read by one process per core: reading is a
# fifth of a build, and each file is read on its own.
PARALLEL_READ_MIN = 200


def _read_one(path: Path, data_dir: Path) -> Profile | ProfileError:
    try:
        return read_profile(path, source=path.relative_to(data_dir).as_posix())
    except ProfileError as e:
        return e


def _read_profiles(files: list[Path], data_dir: Path) -> list[Profile | ProfileError]:
    """Each file's profile, or the error that stopped its reading, in the files' order.

    Children are forked, so they start with everything imported; only from a process
    with no other thread (the command line's), before the build opens its store, since
    a fork copies a lock another thread holds but not the thread that would free it."""
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    read = partial(_read_one, data_dir=data_dir)
    alone = threading.active_count() == 1
    forks = "fork" in multiprocessing.get_all_start_methods()  # not on Windows
    if len(files) < PARALLEL_READ_MIN or (cores or 1) < 2 or not (alone and forks):
        return [read(path) for path in files]
    with multiprocessing.get_context("fork").Pool(cores) as pool:
        return pool.map(read, files, chunksize=max(1, len(files) // (cores * 8)))


def _publish(out, graphs, merged, void_graph, mapped, report: BuildReport, data_dir) -> Release:
    void_name, description = void_graph
    tmp = layout.start(out)
    try:
        faults.step("started")
        dumps = tmp / layout.DUMPS
        store = ox.Store(str(tmp / layout.STORE))
        # Named graphs keep each page's own triples (the N-Quads); the default graph
        # holds their merge (the N-Triples), so queries get set semantics (a triple
        # stated by two language editions is one triple) without GRAPH clauses or
        # DISTINCT. The store loads each as soon as it is written, while the other
        # dumps are: the loader runs outside the GIL.
        with _Loader(store) as loader:
            files = write_dumps(graphs, merged, dumps, STEM, written=loader.take)
            void_dump = write_graph(description, dumps / layout.VOID_DUMP, formats.get("turtle"))
            faults.step("dumps")
            graph_count = len(graphs)
            _release(graphs, merged)
            # while the loader finishes: what the release says beside its dumps
            written = [*files, void_dump]
            checksums = {f.name: _file_sha256(f) for f in written}
            (dumps / layout.CHECKSUMS).write_text(
                "".join(f"{h}  {n}\n" for n, h in sorted(checksums.items())), encoding="utf-8"
            )
            _write_sources(tmp / layout.SOURCES, mapped)
            findings = json.dumps(_findings(mapped, report, data_dir), indent=1, ensure_ascii=False)
            (tmp / layout.FINDINGS).write_text(findings, "utf-8")
        store.bulk_load(
            path=str(void_dump), format=formats.get("turtle").ox, to_graph=ox.NamedNode(void_name)
        )
        store.flush()
        store.optimize()
        del store
        faults.step("store")
        release_id = checksums[layout.dump_name(STEM, formats.get("nquads").suffix)][:12]
        manifest = {
            "release": release_id,
            "base_uri": report.base_uri,
            "built_at": datetime.now(UTC).isoformat(timespec="seconds"),
            "hrgraph": __version__,
            layout.MANIFEST_DATA_DIR: str(Path(data_dir).resolve()),
            "triples": report.triples,
            "graphs": graph_count,
            "profiles": report.built,
            "errors": [str(e) for e in report.errors],
            "warnings": [f"{s}:{w.line or ''}: {w.message}" for s, w in report.warnings],
            "checksums": checksums,
        }
        (tmp / layout.MANIFEST).write_text(json.dumps(manifest, indent=1), encoding="utf-8")
        faults.step("manifest")
    except BaseException:
        layout.discard(tmp)
        raise
    return layout.publish(out, tmp, release_id)


def _write_sources(path: Path, mapped: list[MappedProfile]) -> None:
    """Where each graph's triples came from: file, lines, and the line of each field
    (a field without a value is placed on its label's line)."""
    sources = {
        str(m.graph_name): {
            "file": m.profile.source,
            "lines": _nest(m.sources),
            "fields": {**m.profile.label_lines, **m.profile.lines},
        }
        for m in mapped
    }
    path.write_text(json.dumps(sources, indent=1, sort_keys=True), "utf-8")


# Statements per bulk load: the loader holds a whole batch (every index of it) in memory,
# a gigabyte for a million statements. It runs while the dumps are written, so a tenth
# of that, which costs no more time.
LOAD_LINES = 100_000


class _Loader:
    """Loads the line dumps (N-Quads, N-Triples) into the store on a thread of its own,
    each once written, while the build writes the others. Leaving the ``with`` waits
    for the loads, and raises the error one of them met."""

    def __init__(self, store: ox.Store):
        self.store = store
        self.inbox: queue.SimpleQueue = queue.SimpleQueue()
        self.error: BaseException | None = None
        self.thread = threading.Thread(target=self._run, name="hrgraph-store-load", daemon=True)

    def take(self, fmt: formats.Format, path: Path) -> None:
        if fmt.line_based:
            self.inbox.put((path, fmt.ox))

    def _run(self) -> None:
        while (job := self.inbox.get()) is not None:
            if self.error is None:
                try:
                    _load_lines(self.store, *job)
                except BaseException as e:  # noqa: BLE001 - raised on the build's thread
                    self.error = e

    def __enter__(self) -> _Loader:
        self.thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.inbox.put(None)
        self.thread.join()
        if self.error is not None and exc[0] is None:
            raise self.error


def _load_lines(store: ox.Store, path: Path, fmt: ox.RdfFormat) -> None:
    """Bulk-load an N-Triples or N-Quads dump (one statement a line) in batches of
    :data:`LOAD_LINES`. The dump was written by pyoxigraph from checked terms a moment
    ago, so the loader need not check its IRIs again (``lenient``)."""
    with path.open("rb") as f:
        while batch := list(islice(f, LOAD_LINES)):
            store.bulk_load(b"".join(batch), format=fmt, lenient=True)


def _file_sha256(path: Path) -> str:
    """A dump's SHA-256, read in pieces (the N-Quads of 10,000 profiles are 341 MB)."""
    with path.open("rb") as f:
        return hashlib.file_digest(f, "sha256").hexdigest()


def _release(graphs: dict, merged: dict) -> None:
    """Empty the profiles' triples and the merge once the dumps hold them (the
    vocabularies' graphs are shared, and kept)."""
    for graph in graphs.values():
        if isinstance(graph, Triples):
            graph.clear()
    merged.clear()


def _line_of(path: Path, key: str) -> int | None:
    """The line of a TOML file where ``key`` is set, if it is."""
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError):
        return None
    return next((n for n, t in enumerate(lines, 1) if t.split("=")[0].strip() == key), None)


def _findings(mapped: list[MappedProfile], report: BuildReport, data_dir: Path) -> list[dict]:
    """Every warning and error of the build as a finding ``hrgraph validate`` reports."""
    graphs = {m.profile.source: str(m.graph_name) for m in mapped}
    licence = _line_of(data_dir / datadir.DATASET, "license")
    out = [
        {
            "rule": w.rule or OTHER,
            "file": source,
            "line": w.line or (licence if source == datadir.DATASET else None),
            "field": w.field,
            "value": w.value if w.rule else w.message,
            "message": w.message,
            "graph": graphs.get(source),
        }
        for source, w in report.warnings
    ]
    for e in report.errors:
        out.append(
            {
                "rule": NOT_A_PROFILE,
                "file": e.source,
                "line": e.line,
                "field": None,
                "value": e.message,
                "message": e.message,
                "graph": None,
            }
        )
    return sorted(out, key=lambda f: (f["file"], f["line"] or 0, f["rule"]))


def _nest(sources: dict[tuple[str, str], int]) -> dict[str, dict[str, int]]:
    nested: dict[str, dict[str, int]] = {}
    for (s, p), line in sorted(sources.items()):
        nested.setdefault(s, {})[p] = line
    return nested
