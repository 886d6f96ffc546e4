"""Facts about the campaign itself, named once: its site, its pages, its years.

The campaign "10, 100, 1000 Human Rights Cities and Territories by 2030" publishes one
profile page per member and language on the UCLG-CISDP site. The reader, the mapping
(``prov:hadPrimarySource``), the shapes' generated blocks and the harvester all take
these from here.
"""

from __future__ import annotations

from hrgraph.languages import LANGUAGES

SITE = "https://uclg-cisdp.org"
# the folder of the profile pages on the site, per language
PAGE_FOLDERS: dict[str, str] = {
    "en": "cities-territories-human-rights-2030",
    "fr": "villes-territoires-droits-humains-2030",
    "es": "ciudades-territorios-derechos-2030",
}
assert tuple(PAGE_FOLDERS) == LANGUAGES

# The years a member may have joined in: the campaign runs until 2030, and no page
# claims a year before the network's first human-rights cities work.
JOINED_MIN, JOINED_MAX = 2000, 2030


def page_url(lang: str, slug: str, site: str = SITE) -> str:
    """The address of a profile page on the campaign site."""
    return f"{site.rstrip('/')}/{lang}/{PAGE_FOLDERS[lang]}/{slug}"
