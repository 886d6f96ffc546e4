"""How a name is folded before it is compared: the same on both sides of a match.

``"Ayuntamiento de Ciudad de México"``, ``"ciudad de mexico"`` and ``"CIUDAD DE
MÉXICO"`` all fold to ``"ciudad mexico"``: accents transliterated (unidecode), case
and punctuation dropped, administrative prefixes and suffixes ("Ville de",
"Municipality of", "City Council") and articles and prepositions of the three
languages removed. What is left is what distinguishes one member from another.
"""

from __future__ import annotations

import re

from unidecode import unidecode

# Words that say what kind of body holds the name, not which one: removed at the start
# ("Ville de Rabat") or the end ("Gwangju Metropolitan City"), after articles are gone.
PREFIXES = (
    "ville",
    "commune",
    "mairie",
    "municipalite",
    "municipality",
    "city",
    "town",
    "township",
    "municipio",
    "ayuntamiento",
    "alcaldia",
    "gobierno",
    "government",
    "council",
    "city council",
    "town council",
    "gouvernement",
    "intendencia",
    "prefeitura",
    "conseil departemental",
    "departement",
    "province",
    "provincia",
    "region",
)
SUFFIXES = (
    "city council",
    "town council",
    "metropolitan city",
    "metropolitan government",
    "municipality",
    "municipal council",
    "council",
)
# Articles and prepositions of English, French and Spanish (after transliteration).
STOPWORDS = frozenset("the of a an and le la les l de du des d et el los las del y al en".split())
_NON_WORD = re.compile(r"[^a-z0-9]+")


def fold(text: str) -> str:
    """Lower-case ASCII words separated by single spaces ("Val-d'Oise" -> "val d oise")."""
    return " ".join(_NON_WORD.split(unidecode(text or "").lower())).strip()


def key(text: str) -> str:
    """The form a name is matched by: folded, with prefixes, suffixes and stop words
    removed (unless nothing would be left)."""
    words = fold(text).split()
    core = _strip(words)
    kept = [w for w in core if w not in STOPWORDS]
    return " ".join(kept or core or words)


def _strip(words: list[str]) -> list[str]:
    changed = True
    while changed and words:
        changed = False
        while words and words[0] in STOPWORDS:
            words = words[1:]
        for affix in PREFIXES:
            parts = affix.split()
            rest = words[len(parts) :]
            if words[: len(parts)] == parts and _rest_of(rest):
                words, changed = rest, True
                break
        for affix in SUFFIXES:
            parts = affix.split()
            rest = words[: -len(parts)]
            if words[-len(parts) :] == parts and _rest_of(rest):
                words, changed = rest, True
                break
    return words


def _rest_of(rest: list[str]) -> bool:
    """Whether removing an affix leaves a name (not only articles)."""
    return any(w not in STOPWORDS for w in rest)
