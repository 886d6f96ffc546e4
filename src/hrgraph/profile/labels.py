"""How the page's labels and headings are recognised, in French, English and Spanish.

Labels are matched by stems on a folded key (no accents, no case), never by exact
wording: real pages mix languages ("ANNÉE D'ADHESIÓN") and have typos.
"""

from __future__ import annotations

from hrgraph.text import key

# The seven header fields, in the order pages print them.
HEADER_FIELDS = (
    "region",
    "country",
    "joined",
    "leader",
    "mandate",
    "government_type",
    "population",
)

# field -> stems; a label matches a field when one of its words starts with a stem
# (several words for a stem with a space: all must be present).
HEADER_STEMS: dict[str, tuple[str, ...]] = {
    "region": ("region",),
    "country": ("country", "pays", "pais"),
    "joined": ("year", "annee", "ano", "adhes", "joining", "adhesion", "incorpor"),
    "leader": ("leader", "lider", "dirigeant", "alcald", "maire", "mayor"),
    "mandate": ("mandat", "duration", "duree", "duracion"),
    "government_type": ("government", "gouvernement", "gobierno"),
    "population": ("population", "poblacion", "habitants"),
}

# Section headings after the header.
SECTION_STEMS: dict[str, tuple[str, ...]] = {
    "vision": ("vision",),
    "motivations": ("motivation", "motivacion"),
    "programmes": ("politic", "polici", "mecanism", "mechanism", "program"),
}

# Words that tell a label's language; used when the path does not say.
LANGUAGE_HINTS: dict[str, tuple[str, ...]] = {
    "fr": ("pays", "annee", "duree", "gouvernement", "etendue", "maire"),
    "en": ("country", "year", "duration", "government", "range", "mayor"),
    "es": ("pais", "ano", "duracion", "gobierno", "poblacion", "alcalde", "alcaldesa"),
}

# Leader titles whose language is recognisable, to tag them correctly.
TITLE_LANG: dict[str, str] = {
    "mayor": "en",
    "lord mayor": "en",
    "governor": "en",
    "president": "en",
    "chair": "en",
    "maire": "fr",
    "mairesse": "fr",
    "president du conseil departemental": "fr",
    "presidente du conseil departemental": "fr",
    "prefet": "fr",
    "alcalde": "es",
    "alcaldesa": "es",
    "intendente": "es",
    "intendenta": "es",
    "gobernador": "es",
    "gobernadora": "es",
    "presidente": "es",
    "presidenta": "es",
}

# Words in a population value that betray a government level rather than a head count.
GOVERNMENT_WORDS = ("government", "gouvernement", "gobierno", "supralocal", "provinc", "regional")


def _matches(words: list[str], stem: str) -> bool:
    return all(any(w.startswith(part) for w in words) for part in stem.split())


# Most specific first: "LOCAL / REGIONAL LEADER" names the leader, not the region;
# "DURACIÓN DEL MANDATO (AÑOS)" names the mandate, not the year of joining.
_MATCH_ORDER = ("leader", "mandate", "government_type", "population", "country", "joined", "region")


def header_field(label: str) -> str | None:
    """The header field a label names, or None if it names none."""
    words = key(label).split()
    for name in _MATCH_ORDER:
        if any(_matches(words, s) for s in HEADER_STEMS[name]):
            return name
    return None


def section(heading: str) -> str | None:
    """The section a heading opens, or None."""
    words = key(heading).split()
    for name, stems in SECTION_STEMS.items():
        if any(_matches(words, s) for s in stems):
            return name
    return None


def guess_language(labels: list[str]) -> str | None:
    """The language most label words point to (None when nothing points anywhere)."""
    scores = dict.fromkeys(LANGUAGE_HINTS, 0)
    for label in labels:
        words = key(label).split()
        for lang, hints in LANGUAGE_HINTS.items():
            scores[lang] += sum(1 for w in words if w in hints)
    best = max(scores, key=lambda lang: scores[lang])
    return best if scores[best] else None


def title_language(title: str) -> str | None:
    return TITLE_LANG.get(key(title))
