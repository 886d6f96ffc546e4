"""What one server process holds: its settings, the release it serves, the evaluator.

A leaf of the web layer: views reach the :class:`ServerState` through Flask's
``current_app`` (:func:`current`), never by importing the application factory.

The :class:`LiveRelease` is the release being served, opened in the process that uses
it. Whatever a view would otherwise recompute from the whole graph on every request
(the member list, the search index, the service description) is made once per release
and process, and kept on it; caches keyed by anything a client sends are bounded.
"""

from __future__ import annotations

import hashlib
import os
import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Hashable
from datetime import datetime
from pathlib import Path
from typing import Any

import pyoxigraph as ox
from flask import current_app

from hrgraph import __version__
from hrgraph.rdf.namespaces import ROOT
from hrgraph.rdf.uris import Minter
from hrgraph.release import Release, current_release
from hrgraph.settings import Settings
from hrgraph.store.backend import Backend, EmbeddedBackend
from hrgraph.store.embedded import in_memory, open_release_store
from hrgraph.store.remote import RemoteBackend
from hrgraph.web.http import CORS_HEADERS
from hrgraph.web.time_limit import Evaluator, QueryTimeout, Watchdog, answer_and_exit

RECHECK_S = 1.0  # how often a worker looks whether build/current moved
EXTENSION = "hrgraph"  # the key of the ServerState in app.extensions


class BoundedCache:
    """A small least-recently-used mapping: at most ``size`` entries, thread-safe."""

    def __init__(self, size: int):
        self.size = size
        self._items: OrderedDict[Hashable, Any] = OrderedDict()
        self._lock = threading.Lock()

    def get_or_make(self, key: Hashable, make: Callable[[], Any]) -> Any:
        with self._lock:
            if key in self._items:
                self._items.move_to_end(key)
                return self._items[key]
        value = make()
        with self._lock:
            self._items[key] = value
            while len(self._items) > self.size:
                self._items.popitem(last=False)
        return value

    def __len__(self) -> int:
        return len(self._items)


class LiveRelease:
    """The release being served in this process: its store, manifest and indexes."""

    def __init__(
        self,
        release: Release,
        store: ox.Store,
        manifest: dict,
        backend: Backend | None = None,
        *,
        in_memory: bool = False,
    ):
        self.path: Path = release.path
        self.dumps: Path = release.dumps
        self.store = store
        self.in_memory = in_memory  # ``store`` is this process's copy, not the one on disk
        self.manifest = manifest
        self.release: str = manifest.get("release", release.id)
        self.built_at: datetime | None = _parse_time(manifest.get("built_at"))
        # The base the build minted data IRIs under; paths are mapped to it.
        self.base: str = manifest.get("base_uri") or ROOT
        # What answers /sparql (documents and pages read ``store``, the local build).
        self.backend: Backend = backend or EmbeddedBackend(store)
        # Made from client input (Host, media type): bounded.
        self.cache = BoundedCache(64)
        self._indexes: dict[str, Any] = {}
        self._lock = threading.Lock()

    def etag(self, *parts: object) -> str:
        """An entity tag (unquoted) for one representation of this release."""
        digest = hashlib.sha1("|".join(map(str, (__version__, *parts))).encode()).hexdigest()
        return f"{self.release}-{digest[:12]}"

    def index(self, name: str, make: Callable[[], Any]) -> Any:
        """A value derived from the whole release, made on first use, then kept.

        ``name`` comes from the code, never from a request, so these stay few.
        """
        found = self._indexes.get(name)
        if found is None:
            with self._lock:
                found = self._indexes.get(name)
                if found is None:
                    found = self._indexes[name] = make()
        return found

    def checksums(self) -> dict[str, str]:
        """Dump file name -> SHA-256 (hex), as the build recorded them."""
        return self.manifest.get("checksums", {})


def _parse_time(text: str | None) -> datetime | None:
    try:
        return datetime.fromisoformat(text).replace(microsecond=0) if text else None
    except ValueError:
        return None


class ServerState:
    """What the views share in one process: settings, the live release, the evaluator."""

    def __init__(self, settings: Settings, *, exit_on_timeout: bool = False):
        self.settings = settings
        self.exit_on_timeout = exit_on_timeout
        self.evaluator = Evaluator()
        self.watchdog = Watchdog()
        # What a request's own text decides, kept across releases (bounded: client input):
        # the guard's verdict per query, the negotiated type, the endpoint's address.
        self.verdicts = BoundedCache(1024)
        self.negotiated = BoundedCache(256)
        self.addresses = BoundedCache(64)
        self._lock = threading.Lock()
        self._live: LiveRelease | None = None
        self._pid = 0
        self._checked = 0.0

    def evaluate(self, fn, environ: dict):
        """``fn()`` within the time limit (QueryTimeout past it; see time_limit.py)."""
        seconds = self.settings.query_timeout_s
        client = environ.get("gunicorn.socket") if self.exit_on_timeout else None
        if client is None:
            return self.evaluator.call(fn, seconds)

        def expire():
            message = f"503 Service Unavailable: {QueryTimeout(seconds)}"
            answer_and_exit(client, "503 Service Unavailable", message, CORS_HEADERS)

        return self.watchdog.run(fn, seconds, expire)

    def live(self) -> LiveRelease:
        """The current release, reopened when ``build/current`` has moved.

        The store is opened in the process that uses it (never before a fork), and the
        symlink is looked at no more than once a second. ReleaseError without a build.
        """
        now = time.monotonic()
        live = self._live
        if live is not None and self._pid == os.getpid() and now - self._checked < RECHECK_S:
            return live
        with self._lock:
            release = current_release(self.settings.build_dir)
            if self._live is None or self._pid != os.getpid() or self._live.path != release.path:
                store, manifest = open_release_store(release), release.manifest()
                copied = _fits_in_memory(self.settings, manifest)
                if copied:
                    store = in_memory(store)
                backend = choose_backend(self.settings, store, manifest)
                self._live = LiveRelease(release, store, manifest, backend, in_memory=copied)
                self._pid = os.getpid()
            self._checked = now
            return self._live


def _fits_in_memory(settings: Settings, manifest: dict) -> bool:
    """Whether the release is small enough to serve from memory (its triples, as the
    manifest counts them, against the ``memory_store_max_triples`` setting)."""
    triples = manifest.get("triples")
    limit = settings.memory_store_max_triples
    return isinstance(triples, int) and 0 < triples <= limit


def choose_backend(settings: Settings, store: ox.Store, manifest: dict) -> Backend:
    """The embedded store, or the SPARQL server the ``backend`` setting names."""
    if not settings.backend:
        return EmbeddedBackend(store)
    merged = str(Minter(manifest.get("base_uri") or ROOT).merged_graph())
    return RemoteBackend(settings.backend, settings.query_timeout_s, merged)


def current() -> ServerState:
    """The state of the application handling this request."""
    return current_app.extensions[EXTENSION]
