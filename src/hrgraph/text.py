"""Text normalisation shared by the reader and the vocabulary lookups."""

from __future__ import annotations

import re
import unicodedata

# Characters real pages use where a plain space or hyphen is meant.
_SPACES = dict.fromkeys(map(ord, "\u00a0\u2007\u202f\u2009\u200a\u2002\u2003\u3000"), " ")
_SPACES.update(dict.fromkeys(map(ord, "\u200b\ufeff\u200e\u200f"), ""))
DASHES = "-\u2010\u2011\u2012\u2013\u2014\u2015\u2212"


def clean(text: str) -> str:
    """Normalise spaces (non-breaking, thin, zero-width) and collapse runs of whitespace."""
    return re.sub(r"\s+", " ", text.translate(_SPACES)).strip()


def fold(text: str) -> str:
    """A matching key: no accents, no case, apostrophes and dashes unified, single spaces."""
    text = unicodedata.normalize("NFKD", clean(text))
    text = "".join(c for c in text if not unicodedata.combining(c))
    text = text.replace("\u2019", "'").replace("\u2018", "'")
    text = re.sub(f"[{DASHES}]", "-", text)
    return re.sub(r"\s+", " ", text).casefold().strip()


def key(text: str) -> str:
    """A looser key than :func:`fold`: letters and digits only, single spaces."""
    return re.sub(r"[^0-9a-z]+", " ", fold(text)).strip()
