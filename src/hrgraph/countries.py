"""Country names (as pages print them, in any of our languages) -> ISO 3166-1 codes.

Names come from maintained data, never a hand list:

* CLDR's territory names through Babel (common names: "South Korea", "Maroc",
  "Corea del Sur"), and CLDR's alternative forms Babel leaves out ("Ivory Coast",
  "UK", "Congo (RDC)", "EE. UU."), generated into :mod:`hrgraph.cldr_territories`;
* the ISO 3166-1 names, official names and common names pycountry ships, with their
  French and Spanish translations ("Korea, Republic of", "Corée, République de").

Each name is then read the ways pages write it: an inverted ISO name put back in order
("Republic of Korea", the UN's name, "République de Corée"), the parts of a name in
parentheses ("Congo (RDC)" -> "RDC"), with or without a leading article ("The Gambia",
"les Pays-Bas"), accents and punctuation ignored ("U.K.", "Cote d'Ivoire"), and the
initials of a long name ("RDC", "DRC", "USA", "RD Congo"). A derived form that two
countries share, or that is another country's ISO code, is left out: it would guess.
"""

from __future__ import annotations

import gettext
import json
import re
import sys
from functools import cache
from pathlib import Path

import pycountry
from babel import Locale

from hrgraph.cldr_territories import ALTERNATIVES
from hrgraph.languages import LANGUAGES
from hrgraph.text import key

# leading articles of country names in our languages, as folded keys
ARTICLES = ("the ", "le ", "la ", "les ", "l ", "el ", "los ", "las ")
# words initials skip ("Democratic Republic of the Congo" -> "DRC")
_SMALL_WORDS = frozenset("of the and de du des la le les l d del el los las y et e".split())


def _without_article(k: str) -> str:
    for article in ARTICLES:
        if k.startswith(article):
            return k[len(article) :]
    return k


def _letters_joined(k: str) -> str:
    """``"u k"`` (from "U.K.") -> ``"uk"``, ``"ee uu"`` -> ``"eeuu"``; other keys as is."""
    words = k.split()
    if len(words) > 1 and all(len(w) <= 2 for w in words):
        return "".join(words)
    return k


def normal(name: str) -> str:
    """The key a name is looked up by: folded, no article, spelled-out letters joined."""
    return _letters_joined(_without_article(key(name)))


def _ordered(name: str) -> list[str]:
    """ISO's inverted names put back in order: "Korea, Republic of" -> "Republic of Korea"."""
    head, sep, tail = name.partition(", ")
    return [f"{tail} {head}"] if sep and tail and "," not in tail else []


def _parts(name: str) -> list[str]:
    """ "Bolivia (Plurinational State of)" -> "Bolivia", "Plurinational State of Bolivia";
    "Congo (RDC)" -> "Congo", "RDC", "Congo RDC"."""
    m = re.fullmatch(r"\s*(.+?)\s*\((.+)\)\s*", name)
    if not m:
        return []
    outer, inner = m.groups()
    out = [outer, f"{outer} {inner}"]
    if inner.rstrip().endswith(("of", "de", "del", "du")):
        out.append(f"{inner} {outer}")
    if re.fullmatch(r"[A-ZÉ.\-]{2,6}", inner):  # an abbreviation in parentheses
        out.append(inner)
    return out


def _initials(k: str) -> list[str]:
    """A long name's initials, and its initials before its last word: "rdc", "rd congo"."""
    words = [w for w in k.split() if w not in _SMALL_WORDS]
    if len(words) < 3:
        return []
    out = ["".join(w[0] for w in words)]
    out.append("".join(w[0] for w in words[:-1]) + " " + words[-1])
    return out


@cache
def _iso_codes() -> dict[str, str]:
    """Every alpha-2 and alpha-3 code, as a folded key -> the alpha-2 code."""
    codes = {}
    for c in pycountry.countries:
        codes[c.alpha_2.lower()] = c.alpha_2
        codes[c.alpha_3.lower()] = c.alpha_2
    return codes


def names_by_code() -> dict[str, set[str]]:
    """Every name of each country our sources give, before any derivation."""
    translations = [
        gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=[lang], fallback=True)
        for lang in LANGUAGES
    ]
    names: dict[str, set[str]] = {}
    for country in pycountry.countries:
        code = country.alpha_2
        for attr in ("name", "official_name", "common_name"):
            if name := getattr(country, attr, None):
                names.setdefault(code, set()).update(t.gettext(name) for t in translations)
                names[code].add(name)
    for lang in LANGUAGES:
        for code, name in Locale(lang).territories.items():
            if code in names:
                names[code].add(name)
        for code, alternatives in ALTERNATIVES.get(lang, {}).items():
            if code in names:
                names[code].update(alternatives)
    return names


@cache
def _index() -> dict[str, str]:
    direct: dict[str, set[str]] = {}  # key -> codes, from the names as the sources give them
    derived: dict[str, set[str]] = {}
    for code, names in names_by_code().items():
        for name in names:
            direct.setdefault(normal(name), set()).add(code)
            for form in [*_ordered(name), *_parts(name)]:
                derived.setdefault(normal(form), set()).add(code)
                for more in _parts(form):
                    derived.setdefault(normal(more), set()).add(code)
            for form in [name, *_ordered(name)]:
                for initials in _initials(_without_article(key(form))):
                    derived.setdefault(initials, set()).add(code)
    index: dict[str, str] = {}
    codes = _iso_codes()
    for table in (direct, derived):
        for k, found in table.items():
            if not k or k in index or len(found) != 1:
                continue  # unknown, known already, or shared by two countries
            (code,) = found
            if codes.get(k, code) != code:
                continue  # another country's ISO code ("RU" is Russia, not "R.-U.")
            index[k] = code
    # CLDR's own name of a country wins where two sources disagree
    for lang in LANGUAGES:
        for code, name in Locale(lang).territories.items():
            if len(code) == 2 and code.isalpha() and pycountry.countries.get(alpha_2=code):
                index[normal(name)] = code
    return index


def country_code(name: str) -> str | None:
    """ISO 3166-1 alpha-2 code for a country name or code, or None when unknown."""
    k = normal(name)
    if not k:
        return None
    if code := _index().get(k):
        return code
    return _iso_codes().get(k) if len(k) in (2, 3) else None


def country_name(code: str, lang: str) -> str:
    """The CLDR name of a country in one of our languages."""
    return Locale(lang).territories.get(code.upper(), code.upper())


def alpha_3(code: str) -> str | None:
    country = pycountry.countries.get(alpha_2=code.upper())
    return country.alpha_3 if country else None


# -- the generated module of CLDR's alternative names ---------------------------------------

GENERATED = Path(__file__).with_name("cldr_territories.py")
_HEADER = '''"""CLDR's alternative country names (``-alt-short``, ``-alt-variant``) per language.

Generated by ``python -m hrgraph.countries --cldr DIR`` from the Unicode CLDR JSON package
``cldr-localenames-full`` (``DIR/main/<lang>/territories.json``); do not edit by hand.
Babel reads the same CLDR release but keeps only the standard names, so these forms
("Ivory Coast", "UK", "Congo (RDC)", "EE. UU.") come from here. CLDR data: Copyright
Unicode, Inc., under the Unicode License v3 (https://www.unicode.org/license.txt).
"""
'''


def render_alternatives(cldr: Path) -> str:
    """The text of :mod:`hrgraph.cldr_territories` from an unpacked CLDR JSON package."""
    version = json.loads((cldr / "package.json").read_text("utf-8"))["version"]
    lines = [_HEADER, f'CLDR_VERSION = "{version}"']
    lines.append("ALTERNATIVES: dict[str, dict[str, tuple[str, ...]]] = {")
    for lang in LANGUAGES:
        data = json.loads((cldr / "main" / lang / "territories.json").read_text("utf-8"))
        territories = data["main"][lang]["localeDisplayNames"]["territories"]
        alternatives: dict[str, list[str]] = {}
        for k, name in sorted(territories.items()):
            code, sep, _ = k.partition("-alt-")
            if sep and len(code) == 2 and code.isalpha():
                alternatives.setdefault(code, []).append(name)
        lines.append(f'    "{lang}": {{')
        for code, names in alternatives.items():
            quoted = ", ".join(json.dumps(n, ensure_ascii=False) for n in names)
            lines.append(f'        "{code}": ({quoted},),')
        lines.append("    },")
    lines.append("}")
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    if len(args) != 2 or args[0] != "--cldr":
        print("usage: python -m hrgraph.countries --cldr DIR (cldr-localenames-full)")
        return 2
    GENERATED.write_text(render_alternatives(Path(args[1])), encoding="utf-8")
    print(f"{GENERATED}: written")
    return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
