"""The generated blocks of the shapes file, and their check.

``shapes/hrgraph-shapes.ttl`` is a static Turtle file that people read and run with
plain pyshacl, yet some of its values are facts another module owns. Those values are
written into it between marker lines, each block generated from its owner:

* ``ISO 3166-1``: the assigned alpha-2 codes (``sh:in`` lists), from pycountry, the
  source the reader uses to recognise countries;
* ``LANGUAGES``: ``sh:languageIn`` and ``sh:in`` of the campaign's languages, from
  :mod:`hrgraph.languages`;
* ``JOINING YEAR``: the bounds of the year of joining, and the texts that state them,
  from :data:`hrgraph.campaign.JOINED_MIN` and ``JOINED_MAX``.

A Turtle subject may be described in several statements, so a shape written in full
elsewhere in the file gets these values from its block. ``python -m
hrgraph.validate.generated`` rewrites the blocks in place; with ``--check`` it exits 1
when one is out of date, and a test does the same.
"""

from __future__ import annotations

import sys
from importlib.metadata import version
from pathlib import Path

import pycountry

from hrgraph.campaign import JOINED_MAX, JOINED_MIN
from hrgraph.languages import LANGUAGES

# the shapes that take the campaign's languages: (shape, SHACL parameter)
LANGUAGE_SHAPES = (
    *(
        (f"hrgsh:{name}", "sh:languageIn")
        for name in (
            "Member-name", "Member-label", "Mandate-leaderTitle", "Programme-title",
            "Programme-description", "Programme-themeLabel", "Programme-label",
            "Figure-counts", "Profile-title", "Profile-motivation", "VisionAnswer-answer",
            "VisionAnswer-question",
        )
    ),
    ("hrgsh:Profile-lang", "sh:in"),
)  # fmt: skip

JOINING_TEXTS = {
    "sh:description": {
        "en": "The year of joining is an integer within the campaign's life, {lo} to {hi}.",
        "fr": "L'année d'adhésion est un entier compris dans la durée de la campagne, "
        "de {lo} à {hi}.",
        "es": "El año de adhesión es un entero dentro de la vida de la campaña, de {lo} a {hi}.",
    },
    "sh:message": {
        "en": "The year of joining must be an integer between {lo} and {hi}",
        "fr": "L'année d'adhésion doit être un entier entre {lo} et {hi}",
        "es": "El año de adhesión debe ser un entero entre {lo} y {hi}",
    },
}


def codes() -> list[str]:
    return sorted(c.alpha_2 for c in pycountry.countries)


def pycountry_version() -> str:
    return version("pycountry")


def _rows(items: list[str], per_line: int) -> list[str]:
    return ["    " + " ".join(items[i : i + per_line]) for i in range(0, len(items), per_line)]


def iso_block() -> str:
    cs = codes()
    return "\n".join([
        f"# {len(cs)} codes, pycountry {pycountry_version()}.",
        "hrgsh:Member-countryCode sh:in (",
        *_rows([f'"{c}"' for c in cs], 12),
        ") .",
        "",
        "hrgsh:Member-country sh:in (",
        *_rows([f"country:{c}" for c in cs], 8),
        ") .",
    ])  # fmt: skip


def languages_block() -> str:
    listed = " ".join(f'"{lang}"' for lang in LANGUAGES)
    return "\n".join(f"{shape} {param} ( {listed} ) ." for shape, param in LANGUAGE_SHAPES)


def joining_block() -> str:
    lines = ["hrgsh:Member-joinedYear", f"    sh:minInclusive {JOINED_MIN} ;"]
    lines.append(f"    sh:maxInclusive {JOINED_MAX} ;")
    for n, (prop, texts) in enumerate(JOINING_TEXTS.items()):
        lines.append(f"    {prop}")
        for i, (lang, text) in enumerate(texts.items()):
            end = " ," if i < len(texts) - 1 else (" ;" if n < len(JOINING_TEXTS) - 1 else " .")
            quoted = text.format(lo=JOINED_MIN, hi=JOINED_MAX).replace('"', '\\"')
            lines.append(f'        "{quoted}"@{lang}{end}')
    return "\n".join(lines)


BLOCKS = {"ISO 3166-1": iso_block, "LANGUAGES": languages_block, "JOINING YEAR": joining_block}


def markers(name: str) -> tuple[str, str]:
    return f"# BEGIN GENERATED {name}", f"# END GENERATED {name}"


def recorded(text: str, name: str) -> str:
    """The block ``name`` as it stands in ``text``."""
    begin, end = markers(name)
    _, sep, rest = text.partition(begin + "\n")
    body, sep2, _ = rest.partition(end)
    if not sep or not sep2:
        raise ValueError(f"markers {begin!r} and {end!r} not found")
    return body


def render(text: str, names=tuple(BLOCKS)) -> str:
    """``text`` with the blocks ``names`` replaced by fresh ones."""
    for name in names:
        begin, end = markers(name)
        head, _, rest = text.partition(begin + "\n")
        _, _, tail = rest.partition(end)
        recorded(text, name)  # both markers present
        text = head + begin + "\n" + BLOCKS[name]() + "\n" + end + tail
    return text


def main(argv: list[str] | None = None) -> int:
    from hrgraph.settings import load

    args = list(sys.argv[1:] if argv is None else argv)
    check = "--check" in args
    path = Path(load().shapes_dir) / "hrgraph-shapes.ttl"
    current = path.read_text(encoding="utf-8")
    fresh = render(current)
    if current == fresh:
        return 0
    if check:
        print(f"{path}: a generated block is out of date", file=sys.stderr)
        return 1
    path.write_text(fresh, encoding="utf-8")
    print(f"{path}: generated blocks rewritten")
    return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
