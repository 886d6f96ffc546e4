"""A build of the corpus and the fixture profiles, with the alternative names of
tests/fixtures/reconcile/alt-labels.ttl added to its store; the reconciliation index
and the application over it."""

from __future__ import annotations

import gc
import json
from pathlib import Path

import pyoxigraph as ox
import pytest

from helpers import FIXTURE_PROFILES, FIXTURES, build_into
from hrgraph.reconcile.index import Index
from hrgraph.release import current_release
from hrgraph.store.embedded import open_store

HERE = FIXTURES / "reconcile"
SCHEMAS = HERE / "schemas-0.2"
ALT_LABELS = HERE / "alt-labels.ttl"
ALT_GRAPH = "https://w3id.org/hrgraph/graph/test-alt-labels"


@pytest.fixture(scope="session")
def reconcile_build(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("reconcile-build") / "build"
    report = build_into(out, extra_profiles=sorted(FIXTURE_PROFILES.rglob("*.txt")))
    assert report.exit_code == 0
    store = ox.Store(str(current_release(out).store_path))
    store.load(path=str(ALT_LABELS), format=ox.RdfFormat.TURTLE, to_graph=ox.NamedNode(ALT_GRAPH))
    store.flush()
    del store
    gc.collect()
    return out


@pytest.fixture(scope="session")
def index(reconcile_build) -> Index:
    store, _ = open_store(reconcile_build)
    return Index.from_store(store)


@pytest.fixture(scope="session")
def app_client(reconcile_build):
    from hrgraph.settings import load
    from hrgraph.web.app import create_app

    return create_app(load(environ={}, build_dir=reconcile_build)).test_client()


def _inline(node, type_schema):
    """The schema with ``{"$ref": "type.json"}`` replaced by type.json itself (whose own
    recursive reference, ``broader``, becomes any object), so any jsonschema validates it."""
    if isinstance(node, dict):
        if node.get("$ref") == "type.json":
            return type_schema
        return {k: _inline(v, type_schema) for k, v in node.items()}
    if isinstance(node, list):
        return [_inline(v, type_schema) for v in node]
    return node


def schema(name: str) -> dict:
    type_schema = json.loads((SCHEMAS / "type.json").read_text())
    type_schema["properties"]["broader"]["items"] = {"type": "object"}
    type_schema.pop("$id")
    return _inline(json.loads((SCHEMAS / f"{name}.json").read_text()), type_schema)


class Schemas:
    """The 0.2 schemas, by file name without .json."""

    def check(self, name: str, instance) -> None:
        """Raise unless ``instance`` is valid by the schema ``name``."""
        import jsonschema

        jsonschema.Draft7Validator(schema(name)).validate(instance)

    def valid(self, name: str, instance) -> bool:
        import jsonschema

        return jsonschema.Draft7Validator(schema(name)).is_valid(instance)


@pytest.fixture(scope="session")
def schemas() -> Schemas:
    return Schemas()
