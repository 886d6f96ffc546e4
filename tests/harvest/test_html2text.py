"""HTML to the profile text layout: structure kept, noise dropped, no class names needed."""

from __future__ import annotations

from hrgraph.harvest.html2text import alternates, html_to_text, parse
from hrgraph.profile.reader import read_profile_text

PAGE = """<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">
<link rel="alternate" hreflang="fr" href="/fr/villes-territoires-droits-humains-2030/ruan">
<link rel="alternate" hreflang="x-default" href="/en/cities-territories-human-rights-2030/rouen">
<style>.x { color: red } /* REGION */</style></head>
<body><div role="dialog" aria-label="Cookie consent">We use cookies</div>
<header><nav>Home &amp; news</nav></header>
<div class="whatever"><div class="again">
<h1>Rouen</h1>
<p>Region</p><p>Europe</p>
</div></div>
<span lang="es"><a hreflang="es" href="/es/ciudades-territorios-derechos-2030/ruan">ES</a></span>
<footer>Address<br>Street</footer><script>var a = "COUNTRY";</script></body></html>"""


def test_structure_without_main_or_class_names():
    text = html_to_text(PAGE.encode())
    assert text.startswith("Rouen\n\nRegion\n\nEurope\n")
    for leak in ("cookies", "Home", "color", "COUNTRY", "Address", "ES"):
        assert leak not in text


def test_alternates_from_head_and_switcher():
    found = alternates(parse(PAGE.encode()), "https://uclg-cisdp.org/en/x/rouen")
    assert found == {
        "fr": "https://uclg-cisdp.org/fr/villes-territoires-droits-humains-2030/ruan",
        "es": "https://uclg-cisdp.org/es/ciudades-territorios-derechos-2030/ruan",
    }


def test_br_entities_nbsp_bullets_and_inline_markup():
    html = (
        "<main><p>one&nbsp;two &eacute;t&eacute;<br>three <em>four</em> <a href='#'>five</a></p>"
        "<!-- hidden --><ul><li>Item <b>A</b> (theme)<p>Desc&nbsp;</p></li><li>B</li></ul>"
        "<ol><li>C</li></ol></main>"
    )
    assert html_to_text(html) == (
        "one two été\nthree four five\n\n  • Item A (theme)\n\n    Desc\n\n  • B\n\n  • C\n"
    )


def test_encoding_from_meta_and_cp1252_fallback():
    latin = "<html><head><meta charset='iso-8859-1'></head><body><p>Région</p></body></html>"
    assert html_to_text(latin.encode("latin-1")) == "Région\n"
    assert html_to_text("<p>Région</p>".encode("cp1252")) == "Région\n"


def test_labels_in_any_case_read_as_in_capitals():
    upper = (
        "Rouen\n\nREGION\nEurope\nCOUNTRY\nFrance\nYEAR OF JOINING THE GLOBAL CAMPAIGN\n2023\n"
        "LOCAL / REGIONAL LEADER\nNicolas Mayer-Rossignol, Mayor\nMANDATE DURATION\n2020 - 2026\n"
        "TYPE OF GOVERNMENT\nCity / Municipality\nPOPULATION RANGE\n"
        "Cities between 50,000 and 250,000 inhabitants\nMOTIVATIONS TO JOIN THE CAMPAIGN\n\n"
        "To learn.\n"
    )
    lower = "\n".join(line.capitalize() if line.isupper() else line for line in upper.splitlines())
    first = read_profile_text(upper, "x", "en", "rouen").to_json()
    second = read_profile_text(lower, "x", "en", "rouen").to_json()
    assert first == second and first["country_code"] == "FR" and first["motivations"]


def test_text_starts_at_the_title():
    html = "<main><p>Home › Cities</p><div>Back to the list</div><h1>Rabat</h1><p>Region</p></main>"
    assert html_to_text(html) == "Rabat\n\nRegion\n"
