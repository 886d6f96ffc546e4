"""What answers SPARQL for the endpoint: one interface, two implementations.

:class:`EmbeddedBackend` evaluates on the release's pyoxigraph store, in the server's
own process (so the server bounds it in time: see web/time_limit.py); the remote one
(:mod:`hrgraph.store.remote`) sends the query to a SPARQL 1.1 server over HTTP and
bounds the wait itself. Both hand back the same :class:`~hrgraph.store.query.Capped`
result, written out by the same writers, so nothing downstream knows which answered.
"""

from __future__ import annotations

from typing import Protocol

import pyoxigraph as ox

from hrgraph.store.query import Capped, run, take


class BackendError(Exception):
    """The backend could not answer: ``status`` is 502 (unreachable, refused, invalid
    answer) or 504 (no answer in time)."""

    def __init__(self, status: int, message: str):
        super().__init__(message)
        self.status = status


class Backend(Protocol):
    # True: evaluation runs in this process (the caller bounds it in time);
    # False: the backend enforces the time limit itself.
    in_process: bool
    name: str

    def answer(
        self,
        query: str,
        max_rows: int | None,
        *,
        form: str | None = None,
        base_iri: str | None = None,
        default_graph: list[ox.NamedNode] | None = None,
        named_graphs: list[ox.NamedNode] | None = None,
    ) -> Capped:
        """At most ``max_rows`` items of the query's result, and whether it was cut.

        ``form`` is SELECT, ASK, CONSTRUCT or DESCRIBE when known. Without graphs the
        default graph is hrgraph's merge of all graphs. QueryError for a bad query,
        BackendError when the backend fails."""
        ...


class EmbeddedBackend:
    """The release's own pyoxigraph store (the default)."""

    in_process = True
    name = "embedded"

    def __init__(self, store: ox.Store):
        self.store = store

    def answer(self, query, max_rows, *, form=None, base_iri=None, **graphs) -> Capped:
        options = {k: v for k, v in graphs.items() if v is not None}
        return take(run(self.store, query, base_iri=base_iri, **options), max_rows)
