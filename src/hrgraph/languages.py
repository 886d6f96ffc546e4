"""The three languages of the campaign's pages, named once.

Profile pages, labels of the ontology and vocabularies, SHACL messages and the web
pages all come in English, French and Spanish. The order is the fallback order: a
text missing in the visitor's language is shown in the first of these that has it.
"""

from __future__ import annotations

LANGUAGES: tuple[str, ...] = ("en", "fr", "es")
DEFAULT = LANGUAGES[0]
# each language's name in itself, for language switchers
NAMES: dict[str, str] = {"en": "English", "fr": "Français", "es": "Español"}


def fallbacks(lang: str | None) -> tuple[str, ...]:
    """``lang`` first (when it is one of ours), then the others in fallback order."""
    first = (lang,) if lang in LANGUAGES else ()
    return first + tuple(x for x in LANGUAGES if x != lang)
