"""The site as static files: every document the server negotiates, rendered by the server.

The application itself (Flask's test client over the build) renders each file, so
the static site and ``hrgraph serve`` share one code path: same bodies, same links.
Laid out for a web server that picks a file by content negotiation (nginx.py writes
one for nginx)::

    SITE/
      public/
        doc/<path>.ttl .jsonld .rdf .nt       each RDF representation of a document
        doc/<path>.en.html .fr.html .es.html  its page in each language
        void.ttl .jsonld .rdf .nt             the VoID description
        void.<lang>.html, index.<lang>.html   VoID's page and the home page per language
        dumps/<files>, dumps/index.json, dumps/index.<lang>.html
        static/...                            the pages' and the query page's assets
        <page>.<lang>.html, 404.<lang>.html   members, themes, map, charts, shapes (PAGES)
        sitemap.xml, robots.txt
      maps/see-other.map                      thing path -> its document (303)
      maps/moved.map, maps/gone.map           replaced (301) and withdrawn (410) URIs
      nginx/                                  see nginx.py
      export.json                             release, site URL, counts

Every file's modification time is the build time, so a web server's Last-Modified and
ETag change with the release, not with the day it was exported. The folder is written
beside ``SITE`` and swapped in whole.
"""

from __future__ import annotations

import json
import os
import shutil
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import pyoxigraph as ox

from hrgraph import release as layout
from hrgraph.languages import LANGUAGES
from hrgraph.rdf.uris import path_for_iri
from hrgraph.settings import Settings
from hrgraph.web import representations
from hrgraph.web.app import HERE, create_app

PUBLIC = "public"
MAPS = "maps"
MANIFEST = "export.json"
THING_ROOTS = ("id/", "vocab/", "graph/", "ontology")


class ExportError(Exception):
    """The site could not be exported (no build, a page that does not render)."""


@dataclass
class ExportReport:
    documents: int = 0
    files: int = 0
    see_other: dict[str, str] = field(default_factory=dict)
    moved: dict[str, str] = field(default_factory=dict)
    gone: list[str] = field(default_factory=list)


# the site's pages written once per language (with filters, /members goes to the app)
PAGES = ("members", "themes", "map", "charts", "shapes")


def html_name(stem: str, lang: str) -> str:
    return f"{stem}.{lang}.html"


def known_paths(store: ox.Store, base: str) -> list[str]:
    """Local paths of every IRI of ours the store knows (subject, object or graph)."""
    found: set[str] = set()

    def add(term) -> None:
        if isinstance(term, ox.NamedNode):
            path = path_for_iri(term.value, base)
            if path is not None and path.startswith(THING_ROOTS):
                found.add(path)

    for quad in store:
        add(quad.subject)
        add(quad.object)
        add(quad.graph_name)
    return sorted(found)


class _Renderer:
    """GET requests to the application, as a client at ``site_url`` would send them."""

    def __init__(self, settings: Settings, site_url: str):
        self.app = create_app(settings)
        self.client = self.app.test_client()
        self.site_url = site_url

    def get(self, path: str, **headers: str):
        return self.client.get(path, base_url=self.site_url, headers=headers)

    def body(self, path: str, expected: int = 200, **headers: str) -> bytes:
        response = self.get(path, **headers)
        if response.status_code != expected:
            raise ExportError(f"{path}: the server answers {response.status_code}, not {expected}")
        return response.get_data()


def export_site(settings: Settings, out: Path, site_url: str, write_config) -> ExportReport:
    """Render the current build of ``settings.build_dir`` into the folder ``out``.

    ``write_config(folder, report, final)`` adds the web server's configuration to the
    folder being written, which becomes ``final`` once complete."""
    from hrgraph.store.embedded import open_store

    store, release = open_store(settings.build_dir)
    manifest = release.manifest()
    base = manifest.get("base_uri") or settings.base_uri
    site_url = site_url.rstrip("/") + "/"
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{out.name}.tmp-", dir=out.parent))
    os.chmod(tmp, 0o755)  # a web server's workers read it as another user
    try:
        report = _export(settings, store, release, base, site_url, tmp)
        (tmp / MANIFEST).write_text(
            json.dumps(
                {
                    "release": manifest.get("release", release.id),
                    "built_at": manifest.get("built_at"),
                    "site_url": site_url,
                    "documents": report.documents,
                    "files": report.files,
                },
                indent=1,
            )
            + "\n",
            "utf-8",
        )
        write_config(tmp, report, out.resolve())
        _stamp(tmp / PUBLIC, release)
        _swap(tmp, out)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    return report


def _export(settings, store, release, base, site_url, folder: Path) -> ExportReport:
    public = folder / PUBLIC
    report = ExportReport()
    render = _Renderer(settings, site_url)

    def write(relative: str, data: bytes) -> None:
        target = public / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
        report.files += 1

    documents: list[str] = []
    for path in known_paths(store, base):
        answer = render.get("/" + path)
        if answer.status_code == 303:
            location = answer.headers["Location"].split("?", 1)[0]
            report.see_other["/" + path] = location
            if location == representations.doc_path(path):
                documents.append(path)
        elif answer.status_code == 301:
            report.moved["/" + path] = answer.headers["Location"]
            doc = render.get(representations.doc_path(path))
            if doc.status_code == 301:
                report.moved[representations.doc_path(path)] = doc.headers["Location"]
        elif answer.status_code == 410:
            report.gone += ["/" + path, representations.doc_path(path)]
    for path in documents:
        doc = representations.doc_path(path)[1:]
        for suffix, media in representations.SUFFIXES.items():
            if media == representations.HTML:
                for lang in LANGUAGES:
                    page = render.body(f"/{doc}?lang={lang}", Accept=media)
                    write(html_name(doc, lang), page)
            else:
                write(f"{doc}.{suffix}", render.body(f"/{doc}.{suffix}"))
        report.documents += 1
    for fmt in representations.RDF:
        write(f"void.{fmt.suffix}", render.body("/void", Accept=fmt.media_type))
    for lang in LANGUAGES:  # the home page and VoID's page, for browsers
        for stem, path in (("index", "/"), ("void", "/void")):
            page = render.body(f"{path}?lang={lang}", Accept=representations.HTML)
            write(html_name(stem, lang), page)
    for name in [*sorted(release.manifest().get("checksums", {})), layout.CHECKSUMS]:
        write(f"{layout.DUMPS}/{name}", (release.dumps / name).read_bytes())
    write(f"{layout.DUMPS}/index.json", render.body("/dumps/", Accept="application/json"))
    for lang in LANGUAGES:
        write(html_name(f"{layout.DUMPS}/index", lang), render.body(f"/dumps/?lang={lang}"))
        for page in PAGES:
            write(html_name(page, lang), render.body(f"/{page}?lang={lang}"))
        write(html_name("404", lang), render.body(f"/nothing-here?lang={lang}", expected=404))
    static = HERE / "static"
    for file in sorted(p for p in static.rglob("*") if p.is_file()):
        write(f"static/{file.relative_to(static).as_posix()}", file.read_bytes())
    write("sitemap.xml", _sitemap(site_url, documents))
    write("robots.txt", f"User-agent: *\nAllow: /\nSitemap: {site_url}sitemap.xml\n".encode())
    maps = folder / MAPS
    maps.mkdir()
    _write_map(maps / "see-other.map", report.see_other)
    _write_map(maps / "moved.map", report.moved)
    _write_map(maps / "gone.map", {p: "1" for p in report.gone})
    return report


def _sitemap(site_url: str, documents: list[str]) -> bytes:
    from xml.sax.saxutils import escape

    root = site_url.rstrip("/")
    urls = ["/", "/members", "/themes", "/dumps/"]
    urls += [representations.doc_path(p) for p in documents]
    lines = [f"  <url><loc>{escape(root + u)}</loc></url>" for u in urls]
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n'
        + "\n".join(lines)
        + "\n</urlset>\n"
    ).encode()


def _write_map(path: Path, entries: dict[str, str]) -> None:
    """An nginx ``map`` include: one ``key value;`` per line, both quoted."""

    def quoted(text: str) -> str:
        return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'

    lines = [f"{quoted(k)} {quoted(v)};\n" for k, v in sorted(entries.items())]
    path.write_text("".join(lines), "utf-8")


def _stamp(folder: Path, release) -> None:
    """Every file's mtime := the build time (Last-Modified and ETags follow the release)."""
    from datetime import datetime

    built = release.manifest().get("built_at")
    when = datetime.fromisoformat(built).timestamp() if built else release.path.stat().st_mtime
    for path in folder.rglob("*"):
        os.utime(path, (when, when))


def _swap(tmp: Path, out: Path) -> None:
    old = None
    if out.exists():
        old = out.with_name(f".{out.name}.old-{os.getpid()}")
        os.rename(out, old)
    os.rename(tmp, out)
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)


def host_port(url: str) -> tuple[str, int]:
    parts = urlsplit(url)
    return parts.hostname or "127.0.0.1", parts.port or (443 if parts.scheme == "https" else 80)
