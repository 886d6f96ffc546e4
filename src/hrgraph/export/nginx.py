"""An nginx configuration that serves an exported site as ``hrgraph serve`` does.

Two files in ``SITE/nginx/``: ``hrgraph.conf``, the ``http``-level part (types, the
content negotiation maps, one ``server``), to ``include`` in an existing nginx; and
``nginx.conf``, a whole configuration around it for ``nginx -p SITE/nginx -c
nginx.conf`` (pid, logs and temporary files under that folder).

What it does, as the application does it:

* a thing's URI (``/id/``, ``/vocab/``, ``/graph/``, ``/ontology``) answers 303 to
  its document (``maps/see-other.map``), 301 when replaced, 410 when withdrawn, with
  ``Vary: Accept``;
* ``/doc/<path>`` picks a file by ``?format=`` (the same short names), else by
  ``Accept``, else HTML; the HTML in the language of ``?lang=``, else of
  ``Accept-Language``; it names the choice in ``Content-Location`` and the other
  representations in ``Link``, with ``Vary: Accept, Accept-Language``;
  ``/doc/<path>.ttl`` (``.jsonld``, ``.rdf``, ``.nt``, ``.html``) asks explicitly;
* ETag and Last-Modified (nginx's own, from the files' size and time: the build time),
  304 on revalidation, ``Cache-Control: public, max-age=60``, CORS;
* ``/sparql``, ``/search``, ``/reconcile``, ``/healthz`` and filtered ``/members`` go
  to the running application (``--upstream``), which keeps every limit and the
  read-only rule of the endpoint.

Content negotiation in nginx is by regular expressions, not q-values: the media type
a client lists first wins (clients list their preference first); the application
weighs q-values. docs/deploy.md says where the two can differ.
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import quote

from hrgraph.export.site import MAPS, PAGES, PUBLIC, ExportReport, html_name
from hrgraph.languages import DEFAULT, LANGUAGES
from hrgraph.web import representations
from hrgraph.web.http import EXPOSED_HEADERS, MAX_AGE_S

FOLDER = "nginx"
SITE_CONF = "hrgraph.conf"
MAIN_CONF = "nginx.conf"
STATIC_MAX_AGE_S = 3600  # as the application's static files (SEND_FILE_MAX_AGE_DEFAULT)
NONE = "none"  # a map's answer when nothing offered is acceptable (406)


def _q(text: str) -> str:
    """An nginx string literal."""
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _regex(media_type: str) -> str:
    return media_type.replace("+", "\\+").replace(".", "\\.")


def _accept_map() -> list[str]:
    """Accept -> suffix: the first listed offered type wins, then any offered type named,
    then wildcards; an empty header means HTML; nothing acceptable means 406."""
    offered = list(representations.SUFFIXES.items())  # HTML first, as the app offers
    lines = [f'    "" {offered[0][0]};']
    for suffix, media in offered:
        lines.append(f"    {_q('~*^[[:space:]]*' + _regex(media))} {suffix};")
    for suffix, media in offered:
        lines.append(f"    {_q('~*' + _regex(media))} {suffix};")
    seen_kinds = set()
    for suffix, media in offered:
        kind = media.split("/")[0]
        if kind not in seen_kinds:
            seen_kinds.add(kind)
            lines.append(f"    {_q('~*' + kind + '/[*]')} {suffix};")
    lines.append(f"    {_q('~*[*]/[*]')} {offered[0][0]};")
    lines.append(f"    default {NONE};")
    return lines


def _format_map() -> list[str]:
    """``?format=`` -> suffix (short names and media types, plain or percent-encoded)."""
    lines = ['    "" "";']
    suffix_of = representations.SUFFIX_OF
    for alias, media in sorted(representations.ALIASES.items()):
        for form in {alias, quote(alias, safe="")}:
            lines.append(f"    {_q('~*^' + _regex(form) + '$')} {suffix_of[media]};")
    lines.append(f"    default {NONE};")
    return lines


def _lang_maps() -> list[str]:
    first = [f"    {_q('~*^[[:space:]]*' + lang)} {lang};" for lang in LANGUAGES]
    anywhere = [
        f"    {_q('~*(^|,)[[:space:]]*' + lang + '([-;,]|$)')} {lang};" for lang in LANGUAGES
    ]
    asked = [f"    {_q('~*^' + lang + '$')} {lang};" for lang in LANGUAGES]
    return [
        "map $http_accept_language $hrgraph_accept_lang {",
        f"    default {DEFAULT};",
        *first,
        *anywhere,
        "}",
        "map $arg_lang $hrgraph_lang {",
        "    default $hrgraph_accept_lang;",
        *asked,
        "}",
    ]


def _links_map() -> list[str]:
    """Chosen suffix -> the Link header naming the other representations."""
    lines = ["map $hrgraph_chosen $hrgraph_links {", '    default "";']
    for chosen in representations.SUFFIXES:
        others = ", ".join(
            f'<$hrgraph_doc.{suffix}>; rel="alternate"; type="{media}"'
            for suffix, media in representations.SUFFIXES.items()
            if suffix != chosen
        )
        lines.append(f"    {chosen} {_q(others)};")
    lines.append("}")
    return lines


def _headers(*extra: str, cache: str = f"public, max-age={MAX_AGE_S}") -> list[str]:
    """add_header lines for a location (nginx drops inherited ones once a location adds any)."""
    lines = [
        'add_header Access-Control-Allow-Origin "*" always;',
        f"add_header Access-Control-Expose-Headers {_q(EXPOSED_HEADERS)} always;",
    ]
    if cache:
        lines.append(f"add_header Cache-Control {_q(cache)};")
    lines += list(extra)
    return lines


def _block(head: str, body: list[str], indent: str = "    ") -> list[str]:
    return [f"{indent}{head} {{", *(f"{indent}    {line}" for line in body), f"{indent}}}"]


def _types() -> list[str]:
    return [
        "types {",
        *(
            f"    {media} {suffix};"
            for suffix, media in {
                **representations.SUFFIXES,
                "nq": "application/n-quads",
                "trig": "application/trig",
                "json": "application/json",
                "css": "text/css",
                "js": "text/javascript",
                "xml": "application/xml",
                "txt": "text/plain",
                "svg": "image/svg+xml",
                "png": "image/png",
                "woff2": "font/woff2",
            }.items()
        ),
        "}",
        "default_type text/plain;",
        "charset utf-8;",
        "charset_types text/turtle application/ld+json application/rdf+xml "
        "application/n-triples application/n-quads application/trig application/json "
        "text/css text/javascript application/xml text/plain;",
    ]


def site_conf(site: Path, listen: str, upstream: str, timeout_s: float) -> str:
    public, maps = site / PUBLIC, site / MAPS
    proxy = [
        f"proxy_pass {upstream.rstrip('/')};",
        "proxy_set_header Host $http_host;",
        "proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;",
        "proxy_set_header X-Forwarded-Proto $scheme;",
        f"proxy_read_timeout {int(timeout_s) + 30}s;",
        "proxy_buffering off;",
    ]
    retired = [
        "if ($hrgraph_moved) { return 301 $hrgraph_moved$is_args$args; }",
        "if ($hrgraph_gone) { return 410; }",
    ]
    retired_suffixed = [
        "if ($hrgraph_moved_doc) { return 301 $hrgraph_moved_doc.$hrgraph_chosen$is_args$args; }",
        "if ($hrgraph_gone_doc) { return 410; }",
    ]
    doc_headers = _headers(
        'add_header Vary "Accept, Accept-Language";', "add_header Link $hrgraph_links;"
    )
    lines = [
        "# Serves an exported hrgraph site (hrgraph export-site); written by hrgraph.",
        "map_hash_max_size 1048576;",
        "map_hash_bucket_size 512;",
        "map $http_accept $hrgraph_accept {",
        *_accept_map(),
        "}",
        "map $arg_format $hrgraph_format {",
        *_format_map(),
        "}",
        "map $hrgraph_format $hrgraph_pick {",
        '    "" $hrgraph_accept;',
        "    default $hrgraph_format;",
        "}",
        # the VoID description: its page in the visitor's language for a browser
        "map $hrgraph_pick $hrgraph_void {",
        "    html $hrgraph_lang.html;",
        "    default $hrgraph_pick;",
        "}",
        "map $hrgraph_pick $hrgraph_file {",
        "    html $hrgraph_lang.html;",
        "    default $hrgraph_pick;",
        "}",
        "map $http_accept $hrgraph_dumps_index {",
        f"    {_q('~*^[[:space:]]*application/json')} index.json;",
        "    default index.$hrgraph_lang.html;",
        "}",
        *_lang_maps(),
        *_links_map(),
        f"map $uri $hrgraph_see_other {{ include {maps / 'see-other.map'}; }}",
        f"map $uri $hrgraph_moved {{ include {maps / 'moved.map'}; }}",
        f"map $uri $hrgraph_gone {{ include {maps / 'gone.map'}; }}",
        # the same for /doc/<path>.<suffix>, keyed on the document's path
        f"map $hrgraph_doc $hrgraph_moved_doc {{ include {maps / 'moved.map'}; }}",
        f"map $hrgraph_doc $hrgraph_gone_doc {{ include {maps / 'gone.map'}; }}",
        "server {",
        f"    listen {listen};",
        # types here, not at http level, so an nginx that includes this file keeps its own
        *(f"    {line}" for line in _types()),
        f"    root {public};",
        "    absolute_redirect off;",
        "    server_tokens off;",
        "    etag on;",
        "    index index.html;",
        f"    error_page 404 /{html_name('404', '$hrgraph_lang')};",
        *_block(
            f"location ~ ^/{html_name('404', '(en|fr|es)')}$".replace(".(en", "[.](en"),
            ["internal;", *_headers(cache="no-cache")],
        ),
        # things: 303 to their document
        *_block(
            "location ~ ^/(id|vocab|graph)/|^/ontology(/|$)",
            [
                *_headers('add_header Vary "Accept";', cache=""),
                *retired,
                "if ($hrgraph_see_other) { return 303 $hrgraph_see_other$is_args$args; }",
                "return 404;",
            ],
        ),
        # documents, one representation asked for by its suffix
        *_block(
            "location ~ ^(?<hrgraph_doc>/doc/.+)[.](?<hrgraph_chosen>ttl|jsonld|rdf|nt)$",
            [*doc_headers, *retired_suffixed, "try_files $uri =404;"],
        ),
        *_block(
            "location ~ ^(?<hrgraph_doc>/doc/.+)[.](?<hrgraph_chosen>html)$",
            [*doc_headers, *retired_suffixed, "try_files $hrgraph_doc.$hrgraph_lang.html =404;"],
        ),
        # documents by content negotiation
        *_block(
            "location ~ ^(?<hrgraph_doc>/doc/.+)$",
            [
                *doc_headers,
                "add_header Content-Location $hrgraph_doc.$hrgraph_chosen;",
                *retired,
                f"if ($hrgraph_pick = {NONE}) {{ return 406; }}",
                "set $hrgraph_chosen $hrgraph_pick;",
                "try_files $uri.$hrgraph_file =404;",
            ],
        ),
        *_block(
            "location ~ ^/(void|[.]well-known/void)$",
            [
                *_headers('add_header Vary "Accept, Accept-Language";'),
                f"if ($hrgraph_void = {NONE}) {{ return 406; }}",
                "try_files /void.$hrgraph_void =404;",
            ],
        ),
        *_block(
            "location = /dumps/",
            [
                *_headers('add_header Vary "Accept, Accept-Language";'),
                "try_files /dumps/$hrgraph_dumps_index =404;",
            ],
        ),
        *_block("location /dumps/", [*_headers(), "try_files $uri =404;"]),
        *_block(
            f"location ~ ^/(?<hrgraph_page>{'|'.join(PAGES)})$",
            [
                *_headers('add_header Vary "Accept, Accept-Language";'),
                'if ($args ~ "(^|&)(region|country|theme)=") { return 418; }',
                "error_page 418 = @app;",
                "try_files /$hrgraph_page.$hrgraph_lang.html =404;",
            ],
        ),
        *_block(
            "location = /",
            [
                *_headers('add_header Vary "Accept-Language";', cache="no-cache"),
                "if ($arg_query) { return 418; }",  # an old query link: the app redirects it
                "error_page 418 = @app;",
                "try_files /index.$hrgraph_lang.html =404;",
            ],
        ),
        *_block(
            "location /static/",
            [*_headers(cache=f"public, max-age={STATIC_MAX_AGE_S}"), "try_files $uri =404;"],
        ),
        *_block("location = /sitemap.xml", [*_headers(), "try_files $uri =404;"]),
        *_block("location = /robots.txt", [*_headers(), "try_files $uri =404;"]),
        # what needs the application: queries (and the query page), search, reconciliation
        *_block("location ~ ^/(sparql|query|search|reconcile|healthz)(/|$)", proxy),
        *_block("location @app", proxy),
        "}",
    ]
    return "\n".join(lines) + "\n"


def main_conf() -> str:
    """A whole nginx configuration around hrgraph.conf, for ``nginx -p SITE/nginx``."""
    return "\n".join(
        [
            "# nginx -p SITE/nginx -c nginx.conf -g 'daemon off;'",
            "worker_processes 1;",
            "pid nginx.pid;",
            "error_log stderr warn;",
            "events { worker_connections 512; }",
            "http {",
            "    access_log off;",
            "    sendfile on;",
            "    client_body_temp_path tmp/body;",
            "    proxy_temp_path tmp/proxy;",
            "    fastcgi_temp_path tmp/fastcgi;",
            "    uwsgi_temp_path tmp/uwsgi;",
            "    scgi_temp_path tmp/scgi;",
            f"    include {SITE_CONF};",
            "}",
            "",
        ]
    )


def writer(listen: str, upstream: str, timeout_s: float):
    """The ``write_config`` export_site calls: both files into ``SITE/nginx/``."""

    def write(site: Path, report: ExportReport, final: Path) -> None:
        folder = site / FOLDER
        (folder / "tmp").mkdir(parents=True)
        (folder / "logs").mkdir()
        (folder / MAIN_CONF).write_text(main_conf(), "utf-8")
        (folder / SITE_CONF).write_text(site_conf(final, listen, upstream, timeout_s), "utf-8")

    return write
