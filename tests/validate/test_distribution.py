"""What another registry uses to run the shapes: the pre-commit hook and the docs."""

import re

from validate_support import VALIDATE_FIXTURES, run_validate

from helpers import ROOT

HOOKS = (ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8")
DOC = (ROOT / "docs" / "validate.md").read_text(encoding="utf-8")


def test_pre_commit_hook_runs_hrgraph_validate_on_rdf_files():
    assert re.search(r"^- id: hrgraph-validate$", HOOKS, re.M)
    assert re.search(r"^  entry: hrgraph validate$", HOOKS, re.M)
    assert re.search(r"^  language: python$", HOOKS, re.M)
    files = re.search(r"^  files: (.+)$", HOOKS, re.M).group(1)
    assert re.search(files, "data/members.ttl") and not re.search(files, "README.md")


def test_pre_commit_passes_file_names_as_arguments():
    """pre-commit appends the changed files to the entry: they are validated as --data."""
    registry = VALIDATE_FIXTURES / "registry.ttl"
    assert run_validate(registry).exit_code == 0
    other = run_validate(registry, ROOT / "README.md")
    assert other.exit_code == 2 and "README.md" in other.stderr  # not RDF: named, exit 2


def test_docs_cover_formats_exit_codes_and_ci():
    for fmt in ("text", "json", "turtle", "junit", "github", "sarif"):
        assert f"`{fmt}`" in DOC, fmt
    for code in ("0", "1", "2"):
        assert f"| {code} |" in DOC, code
    assert "runs-on:" in DOC and "hrgraph validate" in DOC and "upload-sarif" in DOC
