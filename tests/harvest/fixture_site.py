"""A fixture campaign site on localhost: index pages in three languages with a pager,
profile pages rendered from profile texts in two markup styles, with the noise real
pages carry; robots.txt, a redirect, a 404, a 429 with Retry-After, ETag and
Last-Modified with 304s. Every request is logged."""

from __future__ import annotations

import hashlib
import html
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from email.utils import format_datetime, parsedate_to_datetime
from pathlib import Path

from flask import Flask, Response, request
from werkzeug.serving import make_server

from helpers import FIXTURE_PROFILES, PROFILES
from hrgraph.campaign import PAGE_FOLDERS
from hrgraph.profile import labels

SITE_PROFILES = Path(__file__).parent / "site" / "profiles"
# (lang, slug) of every profile the site publishes, and the source text it renders
CORPUS = {
    (p.parent.name, p.stem): p
    for folder in (PROFILES, FIXTURE_PROFILES, SITE_PROFILES)
    for p in sorted(folder.rglob("*.txt"))
}
# the site's own address of a page, where it differs from the file name
MOVED = {("fr", "val-de-seine"): "val-de-seine-ancien"}
EDITIONS = [
    {("en", "rabat"), ("fr", "rabat")},
    {("en", "mexico-city"), ("es", "ciudad-mexico"), ("fr", "mexico")},
]
GONE = ("en", "closed-member")
FORBIDDEN = ("es", "privado")
BROKEN = ("en", "not-a-profile")
THROTTLED = ("fr", "gennevilliers")  # answers 429 once
PER_PAGE = 2
MODIFIED = datetime(2025, 3, 4, 5, 6, 7, tzinfo=UTC)

STYLE_CSS = "dt, .label { text-transform: uppercase } body { font: 16px sans-serif }"


def _is_heading(line: str) -> bool:
    return line.isupper() and labels.section(line) is not None


def _inline(text: str, noise: bool) -> str:
    """Escaped text; with noise, emphasis and a link on some words, &nbsp; kept."""
    words = text.split(" ")
    out = [html.escape(w, quote=False).replace("\xa0", "&nbsp;") for w in words]
    if noise and len(out) > 4:
        out[1] = f"<em>{out[1]}</em>"
        out[3] = f'<a href="/fr/glossary#{len(out)}">{out[3]}</a>'
    return " ".join(out)


def parse_layout(text: str):
    """(title, [(label, value)], [(heading, [blocks])]) from a profile text, where a block
    is ("p", [lines]) or ("li", title, [[lines], ...]); a blank-looking line is ("p", [])."""
    lines = text.splitlines()
    title, i = lines[0], 1
    while i < len(lines) and not lines[i].strip():
        i += 1
    header = []
    while i + 1 < len(lines) and not _is_heading(lines[i]) and lines[i].strip():
        header.append((lines[i], lines[i + 1]))
        i += 2
    sections: list[tuple[str, list]] = []
    para: list[str] | None = None
    for raw in lines[i:]:
        stripped = raw.strip()
        if _is_heading(raw):
            sections.append((raw, []))
            para = None
            continue
        blocks = sections[-1][1]
        if raw == "":
            para = None
        elif stripped.startswith("•"):
            blocks.append(("li", stripped[1:].strip(), []))
            para = None
        elif not stripped:  # a blank-looking line (non-breaking spaces)
            target = (
                blocks[-1][2]
                if blocks and blocks[-1][0] == "li" and raw.startswith("    ")
                else blocks
            )
            target.append(("p", []))
            para = None
        else:
            in_item = blocks and blocks[-1][0] == "li" and raw.startswith("    ")
            target = blocks[-1][2] if in_item else blocks
            if para is None:
                para = []
                target.append(("p", para))
            para.append(stripped)
    return title, header, sections


def _paragraph(lines: list[str], noise: bool) -> str:
    if not lines:
        return "<p>&nbsp;</p>"
    return "<p>" + "<br>\n".join(_inline(x, noise) for x in lines) + "</p>"


def _blocks(blocks, noise: bool) -> str:
    out, items = [], []
    for block in [*blocks, None]:
        if block is not None and block[0] == "li":
            inner = "".join(_paragraph(b[1], noise) for b in block[2])
            items.append(f"<li><strong>{_inline(block[1], False)}</strong>\n{inner}</li>")
            continue
        if items:
            out.append('<ul class="programmes">' + "\n".join(items) + "</ul>")
            items = []
        if block is not None:
            out.append(_paragraph(block[1], noise))
    return "\n".join(out)


def render_drupal(title, header, sections) -> str:
    """Fields with labels and items, labels in capitals as the page writes them."""
    fields = "\n".join(
        f'<div class="field field--label-above"><div class="field__label">{html.escape(k)}</div>'
        f'<div class="field__item">{html.escape(v)}</div></div>'
        for k, v in header
    )
    body = "\n".join(
        f'<div class="field field--type-text-long"><h2 class="field__label">{html.escape(h)}</h2>'
        f'<div class="field__item">{_blocks(b, True)}</div></div>'
        for h, b in sections
    )
    return (
        f'<article class="node node--type-city"><h1 class="page-title"><span>{html.escape(title)}'
        f"</span></h1>\n<!-- field group: header -->\n{fields}\n{body}\n</article>"
    )


def render_dl(title, header, sections) -> str:
    """A definition list, labels in lower case (a stylesheet capitalises them)."""
    facts = "\n".join(
        f"<dt>{html.escape(k.capitalize())}</dt>\n<dd>{html.escape(v)}</dd>" for k, v in header
    )
    body = "\n".join(
        f'<section><h3 class="label">{html.escape(h.capitalize())}</h3>\n{_blocks(b, True)}</section>'
        for h, b in sections
    )
    return (
        f'<div class="hero"><h1>{html.escape(title)}</h1></div>\n<dl class="facts">\n{facts}\n</dl>'
        f"\n{body}\n<aside><h2>Other members</h2><p>REGION Europe</p></aside>"
    )


class FixtureSite:
    def __init__(self) -> None:
        self.log: list[tuple[str, int, dict]] = []
        self.lock = threading.Lock()
        self.throttled = False
        self.broken = False  # publish a page that is not a profile
        self.forbid_all = False  # robots.txt: Disallow: /
        self.changed: dict[tuple[str, str], str] = {}  # (lang, slug) -> replacement text
        self.pages = {key: self._url_slug(key) for key in CORPUS}
        self.url = ""

    @staticmethod
    def _url_slug(key):
        return MOVED.get(key, key[1])

    def path(self, lang: str, slug: str) -> str:
        return f"/{lang}/{PAGE_FOLDERS[lang]}/{slug}"

    def editions(self, key) -> list[tuple[str, str]]:
        return sorted(next((g for g in EDITIONS if key in g), {key}))

    def listed(self, lang: str) -> list[str]:
        slugs = [self._url_slug(k) for k in CORPUS if k[0] == lang]
        slugs += [s for lg, s in (GONE, FORBIDDEN) if lg == lang]
        if self.broken and lang == BROKEN[0]:
            slugs.append(BROKEN[1])
        return sorted(slugs)

    def page(self, body: str, lang: str, title: str, alternates=()) -> str:
        links = "".join(
            f'<link rel="alternate" hreflang="{lg}" href="{self.url}{self.path(lg, s)}">\n'
            for lg, s in alternates
        )
        switcher = "".join(
            f'<li><a href="{self.path(lg, s)}" hreflang="{lg}">{lg.upper()}</a></li>'
            for lg, s in alternates
        )
        return f"""<!DOCTYPE html>
<html lang="{lang}" dir="ltr"><head><meta charset="utf-8">
<title>{html.escape(title)} | UCLG CISDP</title>
{links}<style>{STYLE_CSS} .region::before {{ content: "REGION" }}</style>
<script>window.dataLayer = [{{"page": "COUNTRY"}}]; document.title += " REGION";</script>
</head><body>
<div id="cookie-banner" class="eu-cookie-compliance"><p>We use cookies to improve your visit. REGION</p>
<button>Accept</button></div>
<header role="banner"><a href="/{lang}">UCLG Committee on Social Inclusion</a>
<nav><ul><li><a href="/{lang}/{PAGE_FOLDERS[lang]}">Cities</a></li><li>About&nbsp;us</li></ul></nav>
<ul class="language-switcher">{switcher}</ul></header>
<nav class="breadcrumb"><a href="/">Home</a> › {html.escape(title)}</nav>
<main role="main">
<!-- REGION: this comment must not leak -->
{body}
</main>
<footer role="contentinfo"><p>UCLG – CISDP<br>Carrer Avinyó 15<br>Barcelona</p></footer>
<script>console.log("POPULATION RANGE")</script>
</body></html>
"""

    def profile_html(self, key) -> str:
        source = self.changed.get(key) or CORPUS[key].read_text(encoding="utf-8")
        layout = parse_layout(source)
        style = render_drupal if sorted(CORPUS).index(key) % 2 == 0 else render_dl
        alternates = [(lg, self._url_slug((lg, s))) for lg, s in self.editions(key)]
        return self.page(
            style(*layout), key[0], layout[0], alternates if len(alternates) > 1 else ()
        )

    def index_html(self, lang: str, page: int) -> str:
        slugs = self.listed(lang)
        pages = max(1, -(-len(slugs) // PER_PAGE))
        base = f"/{lang}/{PAGE_FOLDERS[lang]}"
        host = self.url.replace("//", "//www.", 1)
        items = []
        for n, slug in enumerate(slugs[page * PER_PAGE : (page + 1) * PER_PAGE]):
            href = self.path(lang, slug) if n % 2 == 0 else host + self.path(lang, slug)
            items.append(f'<li><a href="{href}">{html.escape(slug)}</a></li>')
        pager = []
        if page + 1 < pages:
            pager.append(f'<a href="?page={page + 1}" rel="next">next ›</a>')
        pager += [f'<a href="{base}?page={k}">{k + 1}</a>' for k in range(pages)]
        return self.page(
            f"<h1>Members</h1><ul>{''.join(items)}</ul><nav class='pager'>{' '.join(pager)}</nav>",
            lang,
            "Members",
        )

    def app(self) -> Flask:
        app = Flask("fixture-site")
        site = self

        @app.after_request
        def log(response):
            with site.lock:
                site.log.append(
                    (request.full_path.rstrip("?"), response.status_code, dict(request.headers))
                )
            return response

        @app.get("/robots.txt")
        def robots():
            forbidden = "/" if site.forbid_all else site.path(*FORBIDDEN)
            return Response(
                f"User-agent: *\nDisallow: {forbidden}\nDisallow: /admin/\n", mimetype="text/plain"
            )

        @app.get("/<lang>/<folder>")
        def index(lang, folder):
            if PAGE_FOLDERS.get(lang) != folder:
                return Response("not found", 404)
            page = request.args.get("page", "0")
            return Response(
                site.index_html(lang, int(page) if page.isdigit() else 0), mimetype="text/html"
            )

        @app.get("/<lang>/<folder>/<slug>")
        def profile(lang, folder, slug):
            if PAGE_FOLDERS.get(lang) != folder:
                return Response("not found", 404)
            key = next((k for k, s in site.pages.items() if k[0] == lang and s == slug), None)
            if key is not None and key in MOVED and slug == key[1]:
                key = None
            moved_to = next((k for k in MOVED if k[0] == lang and MOVED[k] == slug), None)
            if moved_to is not None:
                return Response("", 301, headers={"Location": site.path(*moved_to)})
            if key is None and (lang, slug) in MOVED:
                key = (lang, slug)
            if key is None and (lang, slug) in CORPUS:
                key = (lang, slug)
            if (lang, slug) == BROKEN and site.broken:
                return Response(
                    site.page("<h1>Page</h1><p>Coming soon.</p>", lang, "Page"),
                    mimetype="text/html",
                )
            if key is None:
                return Response(
                    site.page("<h1>Page not found</h1>", lang, "Not found"),
                    404,
                    mimetype="text/html",
                )
            if key == THROTTLED and not site.throttled:
                site.throttled = True
                return Response("slow down", 429, headers={"Retry-After": "1"})
            body = site.profile_html(key).encode("utf-8")
            etag = '"' + hashlib.sha256(body).hexdigest()[:20] + '"'
            modified = MODIFIED if key not in site.changed else datetime(2026, 1, 1, tzinfo=UTC)
            headers = {"ETag": etag, "Last-Modified": format_datetime(modified, usegmt=True)}
            inm = request.headers.get("If-None-Match")
            ims = request.headers.get("If-Modified-Since")
            if inm is not None:
                if etag in [t.strip() for t in inm.split(",")]:
                    return Response(status=304, headers=headers)
            elif ims and parsedate_to_datetime(ims) >= modified:
                return Response(status=304, headers=headers)
            return Response(body, mimetype="text/html", headers=headers)

        return app

    def profile_requests(self) -> list[tuple[str, int, dict]]:
        folders = tuple(f"/{lg}/{f}/" for lg, f in PAGE_FOLDERS.items())
        return [e for e in self.log if e[0].startswith(folders)]


@contextmanager
def served(site: FixtureSite, wrap: Callable | None = None) -> Iterator[FixtureSite]:
    """``site`` on a free localhost port for the block; ``wrap`` may wrap its WSGI app."""
    app = site.app() if wrap is None else wrap(site.app())
    server = make_server("127.0.0.1", 0, app, threaded=True)
    server.daemon_threads = True  # a trickling answer never holds up the shutdown
    site.url = f"http://localhost:{server.server_port}"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield site
    finally:
        server.shutdown()
        thread.join(5)
