"""Find the profile pages: the three index pages, their pager, the profile links.

An index page is ``/{lang}/{folder}``; its pager links are the same path with a
``page`` query parameter, followed until no new one appears. A profile link is any link
whose path is ``/{lang}/{folder}/{slug}``, on the site's host with or without ``www.``.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import parse_qs, urljoin, urlsplit, urlunsplit

from hrgraph.campaign import PAGE_FOLDERS

_SLUG_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._~%-]*$")


@dataclass(frozen=True)
class ProfileLink:
    lang: str
    slug: str
    url: str


def _bare(host: str) -> str:
    host = host.lower()
    return host[4:] if host.startswith("www.") else host


def on_site(url: str, site: str) -> str | None:
    """``url`` with the site's scheme and host when it is on the site (www. or not)."""
    parts, home = urlsplit(url), urlsplit(site)
    if parts.scheme not in ("http", "https") or _bare(parts.netloc) != _bare(home.netloc):
        return None
    return urlunsplit((home.scheme, home.netloc, parts.path, parts.query, ""))


def index_url(site: str, lang: str) -> str:
    return f"{site.rstrip('/')}/{lang}/{PAGE_FOLDERS[lang]}"


def profile_path(path: str) -> tuple[str, str] | None:
    """(lang, slug) when ``path`` is a profile path."""
    parts = [p for p in path.split("/") if p]
    if len(parts) != 3:
        return None
    lang, folder, slug = parts
    if PAGE_FOLDERS.get(lang) != folder or not _SLUG_RE.match(slug):
        return None
    return lang, slug


def profile_link(url: str, site: str) -> ProfileLink | None:
    local = on_site(url, site)
    if local is None:
        return None
    found = profile_path(urlsplit(local).path)
    if found is None:
        return None
    lang, slug = found
    return ProfileLink(lang, slug, index_url(site, lang) + "/" + slug)


def links(doc, base: str) -> list[str]:
    return [urljoin(base, a.get("href").strip()) for a in doc.iter("a") if a.get("href")]


def pager_link(url: str, site: str, lang: str) -> str | None:
    """The index page ``url`` normalised (``?page=N`` kept), or None if it is not one."""
    local = on_site(url, site)
    if local is None:
        return None
    parts = urlsplit(local)
    if parts.path.rstrip("/") != f"/{lang}/{PAGE_FOLDERS[lang]}":
        return None
    page = parse_qs(parts.query).get("page", [""])[0]
    base = index_url(site, lang)
    return f"{base}?page={page}" if page.isdigit() and page != "0" else base


def discover(
    site: str, langs: list[str], get_html: Callable[[str], object | None]
) -> tuple[list[ProfileLink], list[str], list[str]]:
    """(profile links, index pages read, index pages that failed).

    ``get_html(url)`` returns the parsed document (an lxml element) or None on failure.
    """
    found: dict[tuple[str, str], ProfileLink] = {}
    read, failed = [], []
    for lang in langs:
        queue, seen = [index_url(site, lang)], {index_url(site, lang)}
        while queue:
            url = queue.pop(0)
            doc = get_html(url)
            if doc is None:
                failed.append(url)
                continue
            read.append(url)
            for href in links(doc, url):
                link = profile_link(href, site)
                if link is not None and link.lang in langs:
                    found.setdefault((link.lang, link.slug), link)
                    continue
                pager = pager_link(href, site, lang)
                if pager is not None and pager not in seen:
                    seen.add(pager)
                    queue.append(pager)
    return sorted(found.values(), key=lambda p: (p.lang, p.slug)), read, failed
