"""Query time limit: an evaluation past its deadline is answered 503 and really stopped.

pyoxigraph's Python API cannot cancel a running query (oxigraph issue #1926: the
cancellation token exists in Rust and in Oxigraph's own server only). It does release
the GIL while it evaluates, so another thread of the same process can still act:

* under gunicorn (``hrgraph serve``), the request thread evaluates the query itself
  while a :class:`Watchdog` thread keeps the deadline. Past it, the watchdog writes a
  complete 503 response on the client's socket (nothing else has been written yet:
  the response only starts once evaluation is over) and ends the worker process. The
  runaway evaluation dies with it; gunicorn forks a fresh worker while the others go
  on answering. Arming the watchdog costs two uncontended lock operations;
* under the development server (``--dev``), which must not exit, the :class:`Evaluator`
  runs the query on a helper thread and the request answers 503 when it gives up
  waiting; the abandoned evaluation runs on until it ends. Fine on a laptop only.

Everything that can take long, parsing, evaluation and reading up to ``max_rows + 1``
solutions, happens under the deadline; what is left for the response is writing out at
most ``max_rows`` results already in memory.
"""

from __future__ import annotations

import logging
import os
import queue
import socket
import sys
import threading
import time
from collections.abc import Callable
from typing import Any

log = logging.getLogger("hrgraph.web")


class QueryTimeout(Exception):
    """The query ran past ``query_timeout_s``; its evaluation was abandoned."""

    def __init__(self, seconds: float):
        super().__init__(
            f"query stopped after {seconds:g} s (the time limit, setting query_timeout_s); "
            "narrow it down or add a LIMIT"
        )
        self.seconds = seconds


class _Job:
    __slots__ = ("fn", "done", "lock", "finished", "abandoned", "value", "error")

    def __init__(self, fn: Callable[[], Any]):
        self.fn = fn
        self.done = threading.Lock()  # held until the job is over (cheaper than an Event)
        self.done.acquire()
        self.lock = threading.Lock()  # decides, once, between "finished" and "abandoned"
        self.finished = self.abandoned = False
        self.value = None
        self.error: BaseException | None = None


class _Helper:
    """A daemon thread that runs the jobs handed to it, one at a time."""

    def __init__(self, pool: Evaluator):
        self.inbox: queue.SimpleQueue[_Job] = queue.SimpleQueue()
        self.pool = pool
        threading.Thread(target=self._loop, name="hrgraph-query", daemon=True).start()

    def _loop(self) -> None:
        while True:
            job = self.inbox.get()
            try:
                job.value = job.fn()
            except BaseException as e:  # handed to the request thread, which re-raises it
                job.error = e
            with job.lock:
                job.finished = True
                abandoned = job.abandoned
            job.done.release()
            if abandoned:
                return  # its request gave up on it; a new helper takes its place


class Evaluator:
    """Runs callables on helper threads, giving up on them at a deadline.

    Helpers are reused (handing a job to a waiting thread costs a few microseconds, far
    less than starting one); a helper whose job was abandoned is never reused. Helper
    threads belong to the process that made them, so a forked worker makes its own.
    """

    def __init__(self):
        self._lock = threading.Lock()
        self._idle: list[_Helper] = []
        self._pid = os.getpid()

    def call(self, fn: Callable[[], Any], timeout: float | None) -> Any:
        helper = self._checkout()
        job = _Job(fn)
        helper.inbox.put(job)
        if not job.done.acquire(timeout=-1 if timeout is None else timeout):
            with job.lock:
                job.abandoned = not job.finished
            if job.abandoned:
                raise QueryTimeout(timeout)
            job.done.acquire()
        with self._lock:
            self._idle.append(helper)
        if job.error is not None:
            raise job.error
        return job.value

    def _checkout(self) -> _Helper:
        with self._lock:
            if self._pid != os.getpid():  # forked: the parent's threads are not here
                self._idle, self._pid = [], os.getpid()
            if self._idle:
                return self._idle.pop()
        return _Helper(self)


def exit_worker() -> None:
    """End this gunicorn worker now, taking any abandoned evaluation with it.

    Called once the timeout response has been written. ``os._exit`` skips the
    interpreter's shutdown, which would otherwise wait on (or tear down under) the
    thread still inside pyoxigraph. gunicorn's arbiter notices and starts a new worker.
    """
    log.warning("worker %s: a query ran past the time limit; restarting the worker", os.getpid())
    for handler in logging.getLogger().handlers + log.handlers:
        handler.flush()
    sys.stderr.flush()
    os._exit(0)


class Watchdog:
    """Keeps the deadline of the query this (single-threaded) worker is evaluating.

    The watching thread wakes every ``poll_s``; a request arms and disarms it under a
    lock, so an expiry and a query that just finished cannot both answer the client.
    """

    def __init__(self, poll_s: float = 0.05):
        self.poll_s = poll_s
        self._lock = threading.Lock()
        self._deadline: float | None = None
        self._on_expire: Callable[[], None] | None = None
        self._pid = 0

    def run(self, fn: Callable[[], Any], seconds: float, on_expire: Callable[[], None]) -> Any:
        """``fn()``, unless ``seconds`` pass first: then ``on_expire()``, which must not return."""
        if self._pid != os.getpid():  # first use in this (forked) worker
            self._pid = os.getpid()
            threading.Thread(target=self._watch, name="hrgraph-watchdog", daemon=True).start()
        with self._lock:
            self._deadline, self._on_expire = time.monotonic() + seconds, on_expire
        try:
            return fn()
        finally:
            with self._lock:  # blocks for good if the watchdog is answering 503 already
                self._deadline = self._on_expire = None

    def _watch(self) -> None:
        while True:
            time.sleep(self.poll_s)
            deadline = self._deadline
            if deadline is None or time.monotonic() < deadline:
                continue
            with self._lock:
                if self._deadline is not None and time.monotonic() >= self._deadline:
                    self._on_expire()


def answer_and_exit(client: socket.socket, status: str, message: str, headers: dict) -> None:
    """Write a whole text response on ``client`` (nothing was sent yet), then exit."""
    body = (message.rstrip("\n") + "\n").encode("utf-8")
    head = [f"HTTP/1.1 {status}", "Content-Type: text/plain; charset=utf-8"]
    head += [f"Content-Length: {len(body)}", "Connection: close"]
    head += [f"{k}: {v}" for k, v in headers.items()]
    try:
        client.settimeout(5)
        client.sendall(("\r\n".join(head) + "\r\n\r\n").encode("latin-1") + body)
        client.shutdown(socket.SHUT_WR)
    except OSError:
        pass  # the client left; the worker still has to go
    exit_worker()
