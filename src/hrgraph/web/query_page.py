"""The query page at ``/query`` (and at ``/sparql`` for browsers): YASGUI, served locally.

The page carries its configuration in a JSON data block: the endpoint's address, our
prefixes, the example queries from ``queries/`` grouped by the question they answer,
the address pattern of this server's own pages (so result IRIs open them), and a
query to open when the address names one (``/query?query=…``, the charts' links). The
editor's files come from ``static/vendor/`` (see assets.py); without them the page
falls back to a plain form. It has the site's frame, in the visitor's language.
"""

from __future__ import annotations

import json
from urllib.parse import urlencode

from flask import Blueprint, Response, redirect, render_template, request, url_for
from markupsafe import Markup

from hrgraph import __version__
from hrgraph.rdf.namespaces import PREFIXES, ROOT
from hrgraph.rdf.uris import DATA_ROOTS, FIXED_ROOTS
from hrgraph.release import ReleaseError
from hrgraph.web import assets, pages
from hrgraph.web.examples import grouped, load_examples, with_prologue
from hrgraph.web.i18n import translator, visitor_language
from hrgraph.web.state import current

blueprint = Blueprint("query_page", __name__)

PATH = "/query"
WELCOME = """# Members of the campaign, with their country and the year they joined.
# Pick an example above, or write your own; Ctrl-Enter runs the query.
SELECT ?member ?name ?country ?joined
WHERE {
  ?member a hrg:Member ;
          schema:name ?name ;
          hrg:countryCode ?country .
  OPTIONAL { ?member hrg:joinedYear ?joined }
}
ORDER BY ?country ?name
LIMIT 100
"""


def link(query: str, lang: str | None = None) -> str:
    """The address of the query page opened on ``query`` (a chart's "open" link)."""
    params = [("query", query)] + ([("lang", lang)] if lang else [])
    return PATH + "?" + urlencode(params)


def local_roots(base: str | None) -> list[dict]:
    """The roots of the IRIs whose pages this server serves, each with the first path
    segments it mints there (the rule of :func:`hrgraph.rdf.uris.iri_for_path`)."""
    roots = [{"root": ROOT, "paths": list(FIXED_ROOTS)}]
    if base:
        roots.insert(0, {"root": base, "paths": list(DATA_ROOTS)})
    return roots


def page_config(lang: str, base: str | None) -> dict:
    settings = current().settings
    t = translator(lang)
    examples = [
        {**e.to_json(), "query": with_prologue(e.query, PREFIXES)}
        for e in load_examples(settings.queries_dir)
    ]
    opened = request.args.get("query", "")[: settings.max_query_chars]
    return {
        "endpoint": url_for("sparql.sparql"),
        "prefixes": PREFIXES,
        "defaultQuery": with_prologue(WELCOME, PREFIXES),
        "openQuery": opened or None,
        "examples": examples,
        "groups": [{"title": t(key), "examples": indexes} for key, indexes in grouped(examples)],
        # IRIs this server serves, and how: <root><path> is the page /doc/<path>
        "localRoots": local_roots(base),
        "docPrefix": "/doc/",
        "lang": lang,
        "labels": {
            "query": t("query_title"),
            "endpoint": t("endpoint"),
            "tabName": t("tab_name"),
            "pageSize": t("page_size"),
            "filter": t("filter_results"),
        },
        "limits": {
            "timeoutSeconds": settings.query_timeout_s,
            "maxRows": settings.max_rows,
        },
        "version": __version__,
    }


def page() -> Response:
    lang = visitor_language()
    try:
        live = current().live()
        release, base = live.release, live.base
    except ReleaseError:  # the page still loads; queries will say there is no build
        release, base = None, None
    config = page_config(lang, base)
    limits = config["limits"]
    # the message is ours; only the endpoint's address is put in, escaped, as code
    intro = Markup(translator(lang)("query_intro")).format(
        endpoint=Markup('<code id="endpoint-url">{}</code>').format(config["endpoint"]),
        seconds=round(limits["timeoutSeconds"], 1),
        rows=limits["maxRows"],
    )
    html = render_template(
        "query.html",
        config=config,
        intro=intro,
        config_json=json.dumps(config, ensure_ascii=False).replace("</", "<\\/"),
        editor=assets.installed(),
        **pages.frame(lang, release),
    )
    response = Response(html, mimetype="text/html")
    response.headers["Vary"] = "Accept, Accept-Language"
    # The page is tiny and changes with the examples: always revalidate it.
    response.cache_control.no_cache = True
    return response


@blueprint.route(PATH)
def index() -> Response:
    return page()


def legacy_root() -> Response | None:
    """``/`` was the query page: a shared ``/?query=…`` still opens the query."""
    if "query" in request.args:
        return redirect(PATH + "?" + request.query_string.decode("latin-1"), 301)
    return None
