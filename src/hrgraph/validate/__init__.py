"""Stage 4: check a graph against hrgraph's SHACL shapes and report where it breaks.

``validate_build`` checks the current release of a build (its profile graphs, results
placed on profile file and line); ``validate_files`` checks RDF files from anywhere.
Both return a :class:`Report`; :mod:`hrgraph.validate.reports` writes it out.
"""

from __future__ import annotations

from pathlib import Path

from hrgraph.display import display_path
from hrgraph.validate.engine import reference, run, to_result
from hrgraph.validate.findings import finding_results
from hrgraph.validate.inputs import InputError, Loaded, Ontology, load_build, load_files
from hrgraph.validate.model import Location, Report, Result, UnitSummary
from hrgraph.validate.shapes import Shapes, ShapesError, load_shapes
from hrgraph.validate.sources import Locator

INFERENCE = ("none", "rdfs")

__all__ = [
    "INFERENCE",
    "InputError",
    "Location",
    "Report",
    "Result",
    "Shapes",
    "ShapesError",
    "load_shapes",
    "reference",
    "report_for",
    "validate_build",
    "validate_files",
]


def validate_build(
    build_dir: Path,
    shapes: Shapes | Path,
    ontology: Ontology,
    data_dir: Path | None = None,
    findings: bool = True,
    inference: str = "rdfs",
) -> Report:
    """The current release of ``build_dir``; results carry profile file and line.

    The files named are the ones the build read: the release records its data folder;
    ``data_dir`` only stands in for a release that does not (or whose folder moved).
    ``findings``: also report what the reader noticed on the pages (scope ``reader``).
    """
    shapes = shapes if isinstance(shapes, Shapes) else load_shapes(shapes)
    loaded = load_build(build_dir, ontology)
    recorded = loaded.release.data_dir()
    if recorded is not None and recorded.is_dir():
        data_dir = recorded
    report = report_for(loaded, shapes, data_dir, inference)
    if not findings:
        return report
    report.results = sorted(
        [*report.results, *finding_results(loaded.release, data_dir)], key=_order
    )
    return report


def validate_files(
    paths: list[Path], shapes: Shapes | Path, ontology: Ontology = None, inference: str = "rdfs"
) -> Report:
    """RDF files in any format rdflib reads; the ontology (a folder or files, or none)
    is the extra graph. ``inference``: ``rdfs`` or ``none``."""
    shapes = shapes if isinstance(shapes, Shapes) else load_shapes(shapes)
    return report_for(load_files([Path(p) for p in paths], ontology), shapes, None, inference)


def report_for(
    loaded: Loaded, shapes: Shapes, data_dir: Path | None = None, inference: str = "rdfs"
) -> Report:
    outcome = run(loaded, shapes, inference)
    locator = Locator(loaded, data_dir)
    names = [u.name for u in loaded.units]
    results = []
    for raw, scope, units in outcome.results:
        if scope == "support":
            where = locator.locate_support(raw.focus)
        else:
            where = locator.locate(raw.focus, raw.path, raw.value, [names[i] for i in units])
        results.append(to_result(raw, shapes, scope, where))
    results.sort(key=_order)
    units = [UnitSummary(u.name, _label(u, loaded, locator), len(u.triples)) for u in loaded.units]
    return Report(
        results=results,
        units=units,
        source=loaded.source,
        shapes=[display_path(f) for f in shapes.files],
        stats=outcome.stats,
    )


def _label(unit, loaded: Loaded, locator: Locator) -> str:
    if loaded.release is not None and locator.data_dir is not None:
        return display_path(locator.data_dir / unit.label)
    return unit.label


def _order(r: Result) -> tuple:
    loc = r.location or Location()
    return (loc.file or "~", loc.line or 0, r.focus, r.shape, r.value or "")
