"""Charts of the graph, each the answer of one SPARQL query, drawn as SVG on the server.

A chart is its query: the values drawn are the rows that query gives on the release's
store (the same text the page shows and the query page opens), in the visitor's
language (the query asks for labels in it). The SVG has a title and a description
for assistive technology, and the figure carries the values as a table too. No script
is involved, so the charts show everywhere, printed pages included.
"""

from __future__ import annotations

import textwrap
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from markupsafe import Markup

from hrgraph.store.query import rows, run


@dataclass(frozen=True)
class Chart:
    key: str  # "region": also the message keys chart_<key>, chart_<key>_desc
    query: str  # SPARQL; {lang} stands for the visitor's language
    label: str  # the variable read as the bar's label
    value: str  # the variable read as the bar's length (a number)
    link: str | None  # the variable holding the IRI a label links to, if any
    head: str  # message key of the label column

    def text(self, lang: str) -> str:
        """The query as run and shown, for one language."""
        return self.query.replace("{lang}", lang)


CHARTS: tuple[Chart, ...] = (
    Chart(
        "region",
        """# Members by region
SELECT ?region ?label (COUNT(DISTINCT ?member) AS ?members)
WHERE {
  ?member a hrg:Member ;
          hrg:region ?region .
  ?region skos:prefLabel ?label .
  FILTER (lang(?label) = "{lang}")
}
GROUP BY ?region ?label
ORDER BY DESC(?members) ?label
""",
        "label",
        "members",
        "region",
        "region",
    ),
    Chart(
        "year",
        """# Members by year of joining the campaign
SELECT ?year (COUNT(DISTINCT ?member) AS ?members)
WHERE {
  ?member a hrg:Member ;
          hrg:joinedYear ?year .
}
GROUP BY ?year
ORDER BY ?year
""",
        "year",
        "members",
        None,
        "year",
    ),
    Chart(
        "theme",
        """# Programmes by human-rights theme
SELECT ?theme ?label (COUNT(DISTINCT ?programme) AS ?programmes)
WHERE {
  ?programme a hrg:Programme ;
             hrg:theme ?theme .
  ?theme skos:prefLabel ?label .
  FILTER (lang(?label) = "{lang}")
}
GROUP BY ?theme ?label
ORDER BY DESC(?programmes) ?label
""",
        "label",
        "programmes",
        "theme",
        "theme",
    ),
    Chart(
        "figures",
        """# Figures stated by the programmes of each member
SELECT ?member ?name (COUNT(DISTINCT ?figure) AS ?figures)
WHERE {
  ?programme a hrg:Programme ;
             hrg:runBy ?member ;
             hrg:figure ?figure .
  ?member schema:name ?name .
}
GROUP BY ?member ?name
ORDER BY DESC(?figures) ?name
""",
        "name",
        "figures",
        "member",
        "member",
    ),
)
BY_KEY = {c.key: c for c in CHARTS}

# The numbers of the home page, one query for all of them.
COUNTS = """# The dataset in numbers
SELECT ?members ?pages ?programmes ?themes ?countries
WHERE {
  { SELECT (COUNT(DISTINCT ?m) AS ?members) WHERE { ?m a hrg:Member } }
  { SELECT (COUNT(DISTINCT ?p) AS ?pages) WHERE { ?p a hrg:Profile } }
  { SELECT (COUNT(DISTINCT ?g) AS ?programmes) WHERE { ?g a hrg:Programme } }
  { SELECT (COUNT(DISTINCT ?t) AS ?themes) WHERE { ?g2 a hrg:Programme ; hrg:theme ?t } }
  { SELECT (COUNT(DISTINCT ?c) AS ?countries) WHERE { ?m2 a hrg:Member ; hrg:countryCode ?c } }
}
"""


def number(text: str) -> int | float | None:
    try:
        value = Decimal(text)
    except InvalidOperation:
        return None
    return int(value) if value == value.to_integral_value() else float(value)


def counts(store) -> dict[str, int]:
    """The home page's numbers: the one row of COUNTS."""
    found = rows(run(store, COUNTS))
    return {k: number(v) or 0 for k, v in (found[0] if found else {}).items()}


def values(store, chart: Chart, lang: str) -> list[dict]:
    """The chart's bars: {label, value, iri} for each row of its query, in order."""
    bars = []
    for row in rows(run(store, chart.text(lang))):
        value = number(row.get(chart.value, ""))
        if value is None:
            continue
        bars.append(
            {
                "label": row.get(chart.label, ""),
                "value": value,
                "iri": row.get(chart.link) if chart.link else None,
            }
        )
    return bars


# Drawing ----------------------------------------------------------------------------
#
# Each label is written whole on its own line(s) above its bar, not in a column beside
# it: a phone (390 px, about 310 px for the figure) shows the picture at 0.85 of its
# size, so the 15 px text stays about 13 px, and no label is cut to fit a column. On
# wide screens the CSS caps the picture's width, so the text stays near the page's 16 px.

WIDTH = 360
PAD = 2  # left margin of labels and bars
LINE = 18  # height of one line of label
BAR = 14  # height of a bar
GAP = 10  # space under a bar
VALUE_W = 40  # room for the value after the longest bar
LABEL_CHARS = 42  # a line of label, in characters (at 15 px, about 7.5 px each)
LABEL_LINES = 2  # longer labels are cut after this many lines (the table has them whole)


def label_lines(text: str, width: int = LABEL_CHARS, most: int = LABEL_LINES) -> list[str]:
    """The label as drawn: a capital first, wrapped on spaces into at most ``most``
    lines, the last one cut with "…" when the label is longer still."""
    text = text[:1].upper() + text[1:]
    lines = textwrap.wrap(text, width, break_long_words=True, break_on_hyphens=False) or [""]
    if len(lines) > most:
        last = " ".join(lines[most - 1 :])
        lines = lines[: most - 1] + [last[: width - 1].rstrip() + "…"]
    return lines


def svg(bars: list[dict], title: str, desc: str, ident: str) -> Markup:
    """A horizontal bar chart; every text escaped (labels come from profiles)."""
    top = max((b["value"] for b in bars), default=0) or 1
    span = WIDTH - PAD - VALUE_W
    rows, y = [], 0
    for bar in bars:
        lines = label_lines(bar["label"])
        length = max(1.0, span * bar["value"] / top)
        by = y + len(lines) * LINE + 2
        text = Markup("").join(
            Markup('<tspan x="{x}" y="{ty}">{line}</tspan>').format(
                x=PAD, ty=y + (i + 1) * LINE - 4, line=line
            )
            for i, line in enumerate(lines)
        )
        rows.append(
            Markup(
                '<g class="row" data-label="{label}" data-value="{value}">'
                "<title>{label}: {value}</title>"
                '<text class="label">{text}</text>'
                '<rect class="bar" x="{bx}" y="{by}" width="{bw:.1f}" height="{bh}" rx="2"/>'
                '<text class="value" x="{vx:.1f}" y="{vy}">{value}</text></g>'
            ).format(
                label=bar["label"],
                text=text,
                value=bar["value"],
                bx=PAD,
                by=by,
                bw=length,
                bh=BAR,
                vx=PAD + length + 6,
                vy=by + BAR - 2,
            )
        )
        y = by + BAR + GAP
    height = max(y, 1)
    out = [
        Markup(
            '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {w} {h}" role="img" '
            'aria-labelledby="{i}-title {i}-desc" data-chart="{i}">'
            '<title id="{i}-title">{t}</title><desc id="{i}-desc">{d}</desc>'
        ).format(w=WIDTH, h=height, i=ident, t=title, d=desc),
        *rows,
        Markup("</svg>"),
    ]
    return Markup("").join(out)
