"""Paths and small helpers shared by the tests."""

import shutil
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"
# The corpus the tests build: never the shipped data/, so they pass whatever it holds.
DATA = FIXTURES / "corpus"
PROFILES = DATA / "profiles"
FIXTURE_PROFILES = FIXTURES / "profiles"
SEED = PROFILES / "fr" / "gennevilliers.txt"


def corpus_with_fixture_profiles(root: Path) -> Path:
    """A data folder under ``root``: the corpus plus every fixture profile."""
    data = root / "data"
    shutil.copytree(DATA, data)
    for path in FIXTURE_PROFILES.rglob("*.txt"):
        target = data / "profiles" / path.parent.name / path.name
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(path, target)
    return data


def corpus_files(data: Path = DATA) -> list[Path]:
    """Every profile file of a data folder, in build order."""
    return sorted((Path(data) / "profiles").rglob("*.txt"))


def source_name(path: Path, data: Path = DATA) -> str:
    """How a build names a profile file: relative to its data folder."""
    return Path(path).relative_to(data).as_posix()


def line_of(text: str | Path, needle: str, after: int = 0) -> int:
    """The 1-based number of the first line after line ``after`` that contains ``needle``."""
    if isinstance(text, Path):
        text = text.read_text(encoding="utf-8")
    for n, line in enumerate(text.splitlines(), 1):
        if n > after and needle in line:
            return n
    raise AssertionError(f"{needle!r} is on no line (after line {after})")


def build_into(out, data=DATA, base_uri=None, extra_profiles=()):
    """Build a real release from ``data`` (plus extra profile files) into ``out``."""
    import shutil

    from hrgraph.build import build
    from hrgraph.settings import load

    if extra_profiles:
        merged = out.parent / f"{out.name}-data"
        shutil.copytree(data, merged, dirs_exist_ok=True)
        for path in extra_profiles:
            target = merged / "profiles" / path.parent.name / path.name
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy(path, target)
        data = merged
    return build(load(environ={}, data_dir=data, build_dir=out, base_uri=base_uri))


def pyoxigraph_serialization(result, name: str) -> bytes:
    """pyoxigraph's own serialization of a whole, live query result: the reference the
    result writers of hrgraph.store.query are compared against."""
    import io

    import pyoxigraph as ox

    from hrgraph import formats
    from hrgraph.rdf.namespaces import PREFIXES
    from hrgraph.store.query import check_format

    check_format(result.kind, name)
    if result.kind == "graph":
        buffer = io.BytesIO()
        ox.serialize(result.value, buffer, formats.get(name).ox, prefixes=dict(PREFIXES))
        return buffer.getvalue()
    return result.value.serialize(format=formats.get(name).ox)
