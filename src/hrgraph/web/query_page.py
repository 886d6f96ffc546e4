"""The query page at ``/`` (and at ``/sparql`` for browsers): YASGUI, served locally.

The page carries its configuration inline: the endpoint's address, our prefixes and
the example queries from ``queries/``. The editor's files come from
``static/vendor/`` (see assets.py); without them the page falls back to a plain form.
"""

from __future__ import annotations

import json

from flask import Blueprint, Response, render_template, url_for

from hrgraph import __version__
from hrgraph.rdf.namespaces import PREFIXES
from hrgraph.web import assets
from hrgraph.web.examples import load_examples, with_prologue
from hrgraph.web.state import current

blueprint = Blueprint("query_page", __name__)

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


def page_config() -> dict:
    settings = current().settings
    examples = [
        {**e.to_json(), "query": with_prologue(e.query, PREFIXES)}
        for e in load_examples(settings.queries_dir)
    ]
    return {
        "endpoint": url_for("sparql.sparql"),
        "prefixes": PREFIXES,
        "defaultQuery": with_prologue(WELCOME, PREFIXES),
        "examples": examples,
        "limits": {
            "timeoutSeconds": settings.query_timeout_s,
            "maxRows": settings.max_rows,
        },
        "version": __version__,
    }


def page() -> Response:
    config = page_config()
    html = render_template(
        "query.html",
        config=config,
        config_json=json.dumps(config, ensure_ascii=False).replace("</", "<\\/"),
        editor=assets.installed(),
        version=__version__,
    )
    response = Response(html, mimetype="text/html")
    # The page is tiny and changes with the examples: always revalidate it.
    response.cache_control.no_cache = True
    return response


@blueprint.route("/")
def index() -> Response:
    return page()
