"""Charts of the graph, each the answer of one SPARQL query, drawn as SVG on the server.

A chart is its query: the values drawn are the rows that query gives on the release's
store (the same text the page shows and the query page opens), in the visitor's
language (the query asks for labels in it). The SVG has a title and a description
for assistive technology, and the figure carries the values as a table too. No script
is involved, so the charts show everywhere, printed pages included.
"""

from __future__ import annotations

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

WIDTH = 480
ROW = 28  # height of one bar's row
LABEL_W = 190  # room for labels, right-aligned against the bars
VALUE_W = 44  # room for the value after the longest bar
LABEL_CHARS = 21  # longer labels are cut (the full one is in the table and the tooltip)


def _short(text: str) -> str:
    """The label as drawn: a capital first, cut to fit (the full one is in the table)."""
    text = text[:1].upper() + text[1:]
    return text if len(text) <= LABEL_CHARS else text[: LABEL_CHARS - 1].rstrip() + "…"


def svg(bars: list[dict], title: str, desc: str, ident: str) -> Markup:
    """A horizontal bar chart; every text escaped (labels come from profiles)."""
    height = max(1, len(bars)) * ROW + 8
    top = max((b["value"] for b in bars), default=0) or 1
    span = WIDTH - LABEL_W - VALUE_W
    out = [
        Markup(
            '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {w} {h}" role="img" '
            'aria-labelledby="{i}-title {i}-desc" data-chart="{i}">'
            '<title id="{i}-title">{t}</title><desc id="{i}-desc">{d}</desc>'
        ).format(w=WIDTH, h=height, i=ident, t=title, d=desc),
        Markup('<line class="axis" x1="{x}" y1="0" x2="{x}" y2="{h}"/>').format(
            x=LABEL_W, h=height - 4
        ),
    ]
    for n, bar in enumerate(bars):
        y = 4 + n * ROW
        length = max(1.0, span * bar["value"] / top)
        out.append(
            Markup(
                '<g class="row" data-label="{label}" data-value="{value}">'
                "<title>{label}: {value}</title>"
                '<text class="label" x="{lx}" y="{ty}" text-anchor="end">{short}</text>'
                '<rect class="bar" x="{bx}" y="{by}" width="{bw:.1f}" height="{bh}" rx="2"/>'
                '<text class="value" x="{vx:.1f}" y="{ty}">{value}</text></g>'
            ).format(
                label=bar["label"],
                short=_short(bar["label"]),
                value=bar["value"],
                lx=LABEL_W - 8,
                ty=y + ROW / 2 + 4,
                bx=LABEL_W,
                by=y + 4,
                bw=length,
                bh=ROW - 8,
                vx=LABEL_W + length + 6,
            )
        )
    out.append(Markup("</svg>"))
    return Markup("").join(out)
