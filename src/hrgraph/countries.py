"""Country names (as pages print them, in any of our languages) -> ISO 3166-1 codes.

Names come from maintained data, never a hand list: CLDR territory names through
Babel (common names: "South Korea", "Maroc", "Corea del Sur") and the ISO 3166
names and their translations shipped by pycountry.
"""

from __future__ import annotations

import gettext
from functools import cache

import pycountry
from babel import Locale

from hrgraph.languages import LANGUAGES
from hrgraph.text import key


@cache
def _index() -> dict[str, str]:
    names: dict[str, str] = {}
    translations = {
        lang: gettext.translation(
            "iso3166-1", pycountry.LOCALES_DIR, languages=[lang], fallback=True
        )
        for lang in LANGUAGES
    }
    for country in pycountry.countries:
        code = country.alpha_2
        english = [
            getattr(country, attr, None) for attr in ("name", "official_name", "common_name")
        ]
        for name in filter(None, english):
            names.setdefault(key(name), code)
            for t in translations.values():
                names.setdefault(key(t.gettext(name)), code)
    for lang in LANGUAGES:
        for code, name in Locale(lang).territories.items():
            if len(code) == 2 and code.isalpha() and pycountry.countries.get(alpha_2=code):
                names[key(name)] = code  # CLDR common names win over ISO's formal ones
    return names


def country_code(name: str) -> str | None:
    """ISO 3166-1 alpha-2 code for a country name or code, or None when unknown."""
    k = key(name)
    if not k:
        return None
    if code := _index().get(k):
        return code
    if len(k) in (2, 3) and (c := pycountry.countries.get(**{f"alpha_{len(k)}": k.upper()})):
        return c.alpha_2
    return None


def country_name(code: str, lang: str) -> str:
    """The CLDR name of a country in one of our languages."""
    return Locale(lang).territories.get(code.upper(), code.upper())


def alpha_3(code: str) -> str | None:
    country = pycountry.countries.get(alpha_2=code.upper())
    return country.alpha_3 if country else None
