"""The harvest: discover, fetch (conditionally), convert, check, write, record.

Per page: GET with the last ETag / Last-Modified; 304 leaves the file untouched; a 200
is converted to text and read with the profile reader; a page that does not read as a
profile is reported with its URL and kept out of ``DIR``; a text equal to the file's is
not rewritten (content and mtime kept); otherwise the file is written atomically, then
its record in the sources file. 404/410 report the page gone (its file is kept unless
``prune``). Pages recorded by an earlier harvest are asked for again even when the index
no longer links them, so a page that went is noticed.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import urlsplit

from hrgraph.datadir import MEMBERS, SOURCES, profile_key
from hrgraph.exits import Exit
from hrgraph.harvest import discover as disc
from hrgraph.harvest import editions, html2text
from hrgraph.harvest.fetch import Client, FetchError
from hrgraph.harvest.sources import (
    clean_temporaries,
    read_sources,
    sha256,
    write_atomic,
    write_sources,
)

OUTCOMES = ("new", "changed", "unchanged", "gone", "failed")


class DataWriteError(Exception):
    """``DIR`` could not be written (a full disk, no permission): the harvest stops
    there, since every page after would fail the same way; each file is written whole
    or not at all, so what ``DIR`` held stays as it was."""


@dataclass
class Report:
    outcomes: dict[str, list[str]] = field(default_factory=lambda: {k: [] for k in OUTCOMES})
    problems: list[str] = field(default_factory=list)  # (url: why), for failed pages
    notes: list[str] = field(default_factory=list)  # editions not joined, pruned files
    requests: int = 0
    seconds: float = 0.0
    fatal: str | None = None

    def add(self, outcome: str, name: str, problem: str | None = None) -> None:
        self.outcomes[outcome].append(name)
        if problem:
            self.problems.append(problem)

    @property
    def exit_code(self) -> Exit:
        harvested = sum(len(self.outcomes[k]) for k in ("new", "changed", "unchanged", "gone"))
        if self.fatal or not harvested:
            return Exit.FAILED
        return Exit.FOUND_WANTING if self.outcomes["failed"] else Exit.OK

    def summary(self) -> str:
        counts = ", ".join(f"{len(self.outcomes[k])} {k}" for k in OUTCOMES)
        return f"{counts} ({self.requests} requests, {self.seconds:.1f} s)"


def _now() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def convert(html: bytes, url: str, lang: str, slug: str, encoding: str | None = None):
    """(text, alternates, None) or (None, {}, why) for a page that is not a profile."""
    from hrgraph.profile import ProfileError
    from hrgraph.profile.reader import read_profile_text

    doc = html2text.parse(html, encoding)
    alternates = html2text.alternates(doc, url)
    text = html2text.element_text(html2text.main_content(doc))
    try:
        profile = read_profile_text(text, url, lang=lang, slug=slug)
    except ProfileError as e:
        return None, alternates, e.message if hasattr(e, "message") else str(e)
    if not profile.name:
        return None, alternates, "no member name"
    return text, alternates, profile


class _State:
    """The sources records, saved after every page (under a lock: two workers)."""

    def __init__(self, data_dir: Path) -> None:
        self.data_dir = data_dir
        self.records = read_sources(data_dir)
        self.lock = threading.Lock()

    def save(self, name: str, record: dict | None) -> None:
        with self.lock:
            records = dict(self.records)
            if record is None:
                records.pop(name, None)
            else:
                records[name] = record
            try:
                write_sources(self.data_dir, records)
            except OSError as e:
                raise DataWriteError(_cannot_write(self.data_dir / SOURCES, e)) from None
            self.records = records


def _cannot_write(path: Path, error: OSError) -> str:
    return f"{path}: cannot write: {error.strerror or error}"


def write_page(
    state: _State, lang: str, slug: str, url: str, html: bytes, text: str, meta: dict
) -> str:
    """Write one converted page and its record; 'new', 'changed' or 'unchanged'."""
    name = profile_key(lang, slug)
    path = state.data_dir / name
    data = text.encode("utf-8")
    old = path.read_bytes() if path.exists() else None
    outcome = "new" if old is None else ("unchanged" if old == data else "changed")
    if outcome != "unchanged":
        try:
            write_atomic(path, data)
        except OSError as e:
            raise DataWriteError(_cannot_write(path, e)) from None
    record = dict(state.records.get(name, {}))
    record.update(meta, url=url, html_sha256=sha256(html), text_sha256=sha256(data))
    state.save(name, record)
    return outcome


def harvest(
    site: str,
    data_dir: Path,
    langs: list[str],
    client: Client,
    prune: bool = False,
    progress: Callable[[int, int, str], None] | None = None,
) -> Report:
    started = time.monotonic()
    report = Report()
    data_dir = Path(data_dir)
    try:
        data_dir.mkdir(parents=True, exist_ok=True)
        clean_temporaries(data_dir)
    except OSError as e:
        report.fatal = _cannot_write(data_dir, e)
        return report
    state = _State(data_dir)
    try:
        _harvest(site, langs, client, prune, progress, state, report)
    finally:
        report.requests = client.requests
        report.seconds = time.monotonic() - started
    return report


def _harvest(site, langs, client, prune, progress, state: _State, report: Report) -> None:
    robots = client.load_robots(site)
    if client.unreachable:
        report.fatal = f"site unreachable: {client.unreachable}"
        return
    if robots.disallow_all or not any(client.allowed(disc.index_url(site, lang)) for lang in langs):
        report.fatal = f"{site}: robots.txt forbids the index pages"
        return

    def get_html(url: str):
        try:
            page = client.get(url)
        except FetchError as e:
            report.problems.append(str(e))
            return None
        if page.status != 200:
            report.problems.append(f"{url}: HTTP {page.status}")
            return None
        return html2text.parse(page.body, page.encoding)

    links, read, failed = disc.discover(site, langs, get_html)
    if not read:
        report.fatal = f"{site}: no index page could be read"
        return
    # a link that redirected last time is asked for where it led, conditionally
    moved = {r["requested"]: n for n, r in state.records.items() if r.get("requested")}
    wanted: dict[tuple[str, str], str] = {}
    for p in links:
        name = moved.get(p.url)
        parts = name.removesuffix(".txt").split("/") if name else None
        if parts and len(parts) == 3:
            wanted[(parts[1], parts[2])] = state.records[name]["url"]
        else:
            wanted[(p.lang, p.slug)] = p.url
    for name, record in state.records.items():
        parts = name.removesuffix(".txt").split("/")
        if len(parts) == 3 and parts[1] in langs and record.get("url"):
            wanted.setdefault((parts[1], parts[2]), record["url"])
    for (lang, slug), url in sorted(wanted.items()):
        if not client.allowed(url):
            report.notes.append(f"{url}: robots.txt forbids it; not harvested")
            del wanted[(lang, slug)]
    todo = sorted(wanted.items())
    done = [0]
    done_lock = threading.Lock()
    written: dict[tuple[str, str], dict] = {}
    stop = threading.Event()  # DIR cannot be written: the pages left are not asked for

    def one(item) -> None:
        (lang, slug), url = item
        name = profile_key(lang, slug)
        if stop.is_set():
            return
        try:
            _one(lang, slug, url, name)
        except DataWriteError as e:
            stop.set()
            report.add("failed", name)  # the reason is the harvest's, said once
            with done_lock:
                report.fatal = report.fatal or f"{e}; harvest stopped (no file is half-written)"
            return
        except Exception as e:  # one page's failure never stops the others
            report.add("failed", name, f"{url}: {type(e).__name__}: {e}")
        with done_lock:
            done[0] += 1
            if progress:
                progress(done[0], len(todo), name)

    def _one(lang: str, slug: str, url: str, name: str) -> None:
        record = state.records.get(name, {})
        path = state.data_dir / name
        has_file = path.exists()
        etag = record.get("etag") if has_file else None
        modified = record.get("last_modified") if has_file else None
        try:
            page = client.get(url, etag=etag, last_modified=modified)
        except FetchError as e:
            report.add("failed", name, str(e))
            return
        if page.status in (404, 410):
            report.add("gone", name)
            kept = "file kept" if path.exists() and not prune else "no file"
            if prune and (path.exists() or record):
                path.unlink(missing_ok=True)
                state.save(name, None)
                kept = "file removed"
            report.notes.append(f"{url}: HTTP {page.status}, gone ({kept})")
            return
        if page.not_modified:
            report.add("unchanged", name)
            written[(lang, slug)] = record
            return
        final = disc.profile_link(page.url, site) if page.redirected_from else None
        if final is not None and (final.lang, final.slug) != (lang, slug):
            if final.lang != lang:
                report.add("failed", name, f"{url}: redirected to another language ({page.url})")
                return
            lang, slug, name = final.lang, final.slug, profile_key(final.lang, final.slug)
            with done_lock:
                if (
                    (lang, slug) in written
                    or (lang, slug) in wanted
                    and url != wanted[(lang, slug)]
                ):
                    report.notes.append(f"{url}: redirected to {page.url}, harvested there")
                    return
        text, alternates, profile = convert(page.body, page.url, lang, slug, page.encoding)
        if text is None:
            report.add("failed", name, f"{page.url}: not a readable profile: {profile}")
            return
        meta = {
            "etag": page.etag,
            "last_modified": page.last_modified,
            "retrieved": _now(),
            "alternates": dict(sorted(alternates.items())),
            "requested": url if url != page.url else None,
        }
        outcome = write_page(state, lang, slug, page.url, page.body, text, meta)
        report.add(outcome, name)
        written[(lang, slug)] = state.records[name] | {"country": profile.country_code}

    with ThreadPoolExecutor(max_workers=2) as pool:
        list(pool.map(one, todo))
    if stop.is_set():
        return
    try:
        _join_editions(state, site, report)
    except OSError as e:
        report.fatal = f"{_cannot_write(state.data_dir / MEMBERS, e)} (left as it was)"


def _join_editions(state: _State, site: str, report: Report) -> None:
    """Editions linked by every harvested page (also the unchanged ones) into members.csv."""
    from hrgraph.profile import ProfileError, read_profile

    pages: dict[tuple[str, str], dict[str, tuple[str, str]]] = {}
    countries: dict[tuple[str, str], str | None] = {}
    for name, record in state.records.items():
        parts = name.removesuffix(".txt").split("/")
        path = state.data_dir / name
        if len(parts) != 3 or not path.exists():
            continue
        page = (parts[1], parts[2])
        alternates = {}
        for lang, url in (record.get("alternates") or {}).items():
            link = disc.profile_link(url, site) or disc.profile_link(
                url, f"{urlsplit(url).scheme}://{urlsplit(url).netloc}"
            )
            if link is not None:
                alternates[lang] = (link.lang, link.slug)
        pages[page] = alternates
        try:
            countries[page] = read_profile(path).country_code
        except ProfileError:
            countries[page] = None
    linked = editions.groups(pages)
    _, problems = editions.update_members(state.data_dir / MEMBERS, linked, countries)
    report.notes += problems


def import_pages(files: list[Path], data_dir: Path, lang: str | None = None) -> Report:
    """Convert pages saved from a browser, as the harvest does (no network)."""
    report = Report()
    state = _State(Path(data_dir))
    for file in files:
        html = file.read_bytes()
        doc = html2text.parse(html)
        url = html2text.canonical(doc) or ""
        link = (
            disc.profile_link(url, f"{urlsplit(url).scheme}://{urlsplit(url).netloc}")
            if url
            else None
        )
        page_lang = link.lang if link else (lang or html2text.page_language(doc))
        slug = link.slug if link else file.name.split(".")[0]
        if page_lang not in disc.PAGE_FOLDERS:
            report.add("failed", file.name, f"{file}: language unknown (give --lang)")
            continue
        text, alternates, profile = convert(html, url or file.as_uri(), page_lang, slug)
        if text is None:
            report.add("failed", file.name, f"{file}: not a readable profile: {profile}")
            continue
        meta = {
            "retrieved": None,
            "etag": None,
            "last_modified": None,
            "alternates": dict(sorted(alternates.items())),
        }
        outcome = write_page(state, page_lang, slug, url or file.as_uri(), html, text, meta)
        report.add(outcome, profile_key(page_lang, slug))
    from hrgraph.campaign import SITE

    _join_editions(state, SITE, report)
    return report
