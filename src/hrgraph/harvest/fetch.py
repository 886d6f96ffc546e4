"""A polite HTTP client for the campaign site.

- robots.txt is read first and obeyed (and its Crawl-delay, when longer than ours);
- every request names hrgraph, its version and a contact in its User-Agent;
- requests start at least ``delay`` seconds apart, and at most two are in flight;
- 429 and 503 are retried after their ``Retry-After``; other 5xx answers, timeouts and
  dropped connections are retried with exponential back-off;
- a page larger than ``max_bytes`` or that is not HTML is refused;
- ``timeout`` bounds a whole response, not only each read: a site that trickles its
  answer a byte at a time is cut off like one that does not answer; a body cut short
  (fewer bytes than its Content-Length) is a dropped connection, retried; a redirect
  loop is refused at once (retrying cannot mend it);
- conditional GET: ``If-None-Match`` / ``If-Modified-Since`` from the last harvest.
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass, field
from email.utils import parsedate_to_datetime
from urllib.parse import urlsplit
from urllib.robotparser import RobotFileParser

import httpx

from hrgraph import __version__

HTML_TYPES = ("text/html", "application/xhtml+xml")
RETRY_AFTER_STATUSES = (429, 503)
MAX_RETRY_AFTER_S = 120.0
AGENT_TOKEN = "hrgraph"
MAX_REDIRECTS = 5


def user_agent(contact: str) -> str:
    return f"{AGENT_TOKEN}/{__version__} (+{contact})"


class FetchError(Exception):
    """A page could not be fetched (after retries), or was refused."""


@dataclass
class Page:
    url: str  # the final URL, after redirects
    status: int
    body: bytes = b""
    etag: str | None = None
    last_modified: str | None = None
    encoding: str | None = None
    redirected_from: str | None = None

    @property
    def not_modified(self) -> bool:
        return self.status == 304


@dataclass
class Gate:
    """Requests start ``delay`` seconds apart, at most ``slots`` at once."""

    delay: float
    slots: int = 2
    _lock: threading.Lock = field(default_factory=threading.Lock)
    _next: float = 0.0

    def __post_init__(self) -> None:
        self._sem = threading.BoundedSemaphore(self.slots)

    def __enter__(self) -> Gate:
        self._sem.acquire()
        with self._lock:
            now = time.monotonic()
            wait = max(0.0, self._next - now)
            self._next = max(now, self._next) + self.delay
        if wait:
            time.sleep(wait)
        return self

    def __exit__(self, *exc) -> None:
        self._sem.release()


def retry_after(value: str | None, default: float) -> float:
    """Seconds to wait from a ``Retry-After`` header (seconds or an HTTP date)."""
    if not value:
        return default
    value = value.strip()
    if value.isdigit():
        return min(float(value), MAX_RETRY_AFTER_S)
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return default
    return min(max(0.0, when.timestamp() - time.time()), MAX_RETRY_AFTER_S)


class Client:
    def __init__(
        self,
        contact: str,
        delay: float = 1.0,
        timeout: float = 30.0,
        retries: int = 4,
        max_bytes: int = 5_000_000,
        backoff: float = 1.0,
    ) -> None:
        self.gate = Gate(delay)
        self.timeout = timeout
        self.retries = retries
        self.max_bytes = max_bytes
        self.backoff = backoff
        self.requests = 0
        self._count = threading.Lock()
        self.agent = user_agent(contact)
        self.http = httpx.Client(
            headers={"User-Agent": self.agent, "Accept": "text/html,application/xhtml+xml"},
            timeout=timeout,
            follow_redirects=True,
            max_redirects=MAX_REDIRECTS,
        )
        self.robots: dict[str, RobotFileParser] = {}
        self.unreachable: str | None = None  # why robots.txt could not be fetched at all

    def close(self) -> None:
        self.http.close()

    def __enter__(self) -> Client:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    # robots.txt ---------------------------------------------------------------
    def load_robots(self, site: str) -> RobotFileParser:
        """Read the site's robots.txt (a missing one allows all; 401/403 or a server
        error forbids all, as RFC 9309 says)."""
        parts = urlsplit(site)
        origin = f"{parts.scheme}://{parts.netloc}"
        parser = RobotFileParser(origin + "/robots.txt")
        try:
            response = self._send("GET", origin + "/robots.txt", {}, html=False)
        except FetchError as e:
            self.unreachable = str(e)
            parser.disallow_all = True
        else:
            if response.status_code in (401, 403) or response.status_code >= 500:
                parser.disallow_all = True
            elif response.status_code >= 400:
                parser.allow_all = True
            else:
                parser.parse(response.text.splitlines())
        crawl = parser.crawl_delay(AGENT_TOKEN)
        if crawl and float(crawl) > self.gate.delay:
            self.gate.delay = float(crawl)
        self.robots[origin] = parser
        return parser

    def allowed(self, url: str) -> bool:
        parts = urlsplit(url)
        parser = self.robots.get(f"{parts.scheme}://{parts.netloc}")
        return parser is None or parser.can_fetch(AGENT_TOKEN, url)

    # pages --------------------------------------------------------------------
    def get(self, url: str, etag: str | None = None, last_modified: str | None = None) -> Page:
        """GET an HTML page; 304 when unchanged since ``etag``/``last_modified``.

        404 and 410 come back as pages with that status; other failures raise FetchError.
        """
        if not self.allowed(url):
            raise FetchError(f"{url}: robots.txt forbids it")
        headers = {}
        if etag:
            headers["If-None-Match"] = etag
        if last_modified:
            headers["If-Modified-Since"] = last_modified
        response = self._send("GET", url, headers, html=True)
        final = str(response.url)
        page = Page(
            url=final,
            status=response.status_code,
            etag=response.headers.get("ETag"),
            last_modified=response.headers.get("Last-Modified"),
            encoding=response.charset_encoding,
            redirected_from=url if final != url else None,
        )
        if response.status_code in (304, 404, 410):
            return page
        if response.status_code != 200:
            raise FetchError(f"{url}: HTTP {response.status_code}")
        page.body = response.content
        return page

    def _send(self, method: str, url: str, headers: dict, html: bool) -> httpx.Response:
        attempt = 0
        while True:
            wait = self.backoff * (2**attempt)
            try:
                with self.gate:
                    with self._count:
                        self.requests += 1
                    response = self._read(method, url, headers, html)
            except httpx.TooManyRedirects:
                loop = f"redirect loop (more than {MAX_REDIRECTS} redirects)"
                raise FetchError(f"{url}: {loop}") from None
            except httpx.DecodingError as e:
                raise FetchError(f"{url}: undecodable body: {e}") from None
            except (httpx.TimeoutException, httpx.TransportError) as e:
                if attempt >= self.retries:
                    raise FetchError(f"{url}: {type(e).__name__}: {e}") from None
            else:
                status = response.status_code
                if status in RETRY_AFTER_STATUSES:
                    wait = retry_after(response.headers.get("Retry-After"), wait)
                elif status < 500:
                    return response
                if attempt >= self.retries:
                    return response
            attempt += 1
            time.sleep(wait)

    def _read(self, method: str, url: str, headers: dict, html: bool) -> httpx.Response:
        deadline = time.monotonic() + self.timeout
        with self.http.stream(method, url, headers=headers) as response:
            if html and response.status_code == 200:
                kind = response.headers.get("Content-Type", "").split(";")[0].strip().lower()
                if kind not in HTML_TYPES:
                    raise FetchError(f"{url}: not HTML ({kind or 'no Content-Type'})")
                declared = response.headers.get("Content-Length")
                if declared and declared.isdigit() and int(declared) > self.max_bytes:
                    raise FetchError(f"{url}: {declared} bytes, over the {self.max_bytes} limit")
            chunks, size = [], 0
            for chunk in response.iter_bytes():
                size += len(chunk)
                if size > self.max_bytes:
                    raise FetchError(f"{url}: over the {self.max_bytes}-byte limit")
                if time.monotonic() > deadline:
                    raise httpx.ReadTimeout(f"the whole response took over {self.timeout:g} s")
                chunks.append(chunk)
            response._content = b"".join(chunks)
        return response
