"""The reader's findings, kept in a release, as results of ``hrgraph validate``.

The build keeps every warning the reader and the mapping gave (``findings.json`` of
the release layout): its rule, the profile file and line, and the text the page
prints. Here each becomes a :class:`Result` like a SHACL one (scope ``reader``), its
source shape the rule's IRI in the shapes namespace, so every output format reports it
with file, line and value, and ``--fail-on warning`` fails on it.
"""

from __future__ import annotations

from pathlib import Path

from rdflib import Literal

from hrgraph.display import display_path
from hrgraph.languages import LANGUAGES
from hrgraph.rdf.namespaces import SHAPES
from hrgraph.reader_rules import OTHER, RULES
from hrgraph.release import Release
from hrgraph.validate.model import Location, Result

# the constraint component a reader finding names (SHACL reports need one)
COMPONENT = f"<{SHAPES}ReaderConstraintComponent>"


def rule_iri(rule_id: str) -> str:
    return f"<{SHAPES}{rule_id}>"


def rule_of(shape: str):
    """The reader rule a result's shape label names, or None for a SHACL shape."""
    prefix = f"<{SHAPES}"
    if shape.startswith(prefix) and shape.endswith(">"):
        return RULES.get(shape[len(prefix) : -1])
    return None


def finding_results(release: Release, data_dir: Path | None) -> list[Result]:
    out = []
    for f in release.findings():
        rule = RULES.get(f.get("rule")) or RULES[OTHER]
        value = f.get("value")
        file = f["file"]
        shown = display_path(Path(data_dir) / file) if data_dir else file
        focus = f"<{f['graph']}>" if f.get("graph") else Literal(file).n3()
        out.append(
            Result(
                severity=rule.severity,
                focus=focus,
                shape=rule_iri(rule.id),
                component=COMPONENT,
                value=Literal(value).n3() if value is not None else None,
                messages=tuple((lang, rule.message(lang, value)) for lang in LANGUAGES),
                locations=(Location(shown, f.get("line"), f.get("graph")),),
                scope="reader",
            )
        )
    return out
