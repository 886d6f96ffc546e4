"""Example queries from ``queries/*.rq``, offered in the query page.

A file's leading ``#`` lines describe it: the first is its title (in English), the
others its description, then the title in the other languages (``fr: … es: …``). The
folder may be empty or missing; the page then has no examples. The page groups them
by the question they answer (QUESTIONS); a file no group names goes under "other".
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import asdict, dataclass, field
from pathlib import Path

from hrgraph.web.guard import tokenize

# (message key of the question, file stems of the examples that answer it), in order
QUESTIONS: tuple[tuple[str, tuple[str, ...]], ...] = (
    (
        "q_members",
        (
            "members-by-country",
            "members-by-type",
            "members-by-population-range",
            "members-per-region-and-year",
            "multilingual-members",
        ),
    ),
    ("q_leaders", ("leaders-and-titles", "mandates-ending-by")),
    (
        "q_programmes",
        (
            "territories-per-theme",
            "programmes-by-sdg",
            "programme-figures",
            "food-programmes-small-cities",
            "theme-labels",
        ),
    ),
    ("q_sources", ("profile-sources",)),
)
OTHER = "q_other"
TRANSLATION = re.compile(r"(?:^|\s)(en|fr|es):\s")


@dataclass(frozen=True)
class Example:
    name: str  # file stem, e.g. members-by-country
    title: str
    description: str
    query: str  # the file's text
    titles: dict[str, str] = field(default_factory=dict)  # language -> title

    def to_json(self) -> dict:
        return asdict(self)


def load_examples(folder: Path | None) -> list[Example]:
    if folder is None or not Path(folder).is_dir():
        return []
    examples = []
    for path in sorted(Path(folder).glob("*.rq")):
        try:
            text = path.read_text("utf-8")
        except (OSError, UnicodeDecodeError):
            continue
        comments = []
        for line in text.splitlines():
            stripped = line.strip()
            if not stripped.startswith("#"):
                break
            comments.append(stripped.lstrip("#").strip())
        title = comments[0] if comments and comments[0] else path.stem.replace("-", " ")
        description, titles = _translations(" ".join(c for c in comments[1:] if c))
        examples.append(Example(path.stem, title, description, text, {"en": title, **titles}))
    return examples


def _translations(text: str) -> tuple[str, dict[str, str]]:
    """The description, and the titles after ``fr:``/``es:`` markers at its end."""
    parts = TRANSLATION.split(text)
    titles = {parts[i]: parts[i + 1].strip().rstrip(".") for i in range(1, len(parts) - 1, 2)}
    return parts[0].strip(), titles


def grouped(examples: list[Mapping]) -> list[tuple[str, list[int]]]:
    """(question key, indexes into ``examples``) for each question that has examples."""
    place = {name: key for key, names in QUESTIONS for name in names}
    order = {name: i for _, names in QUESTIONS for i, name in enumerate(names)}
    groups: dict[str, list[int]] = {key: [] for key, _ in QUESTIONS} | {OTHER: []}
    for i, e in enumerate(examples):
        groups[place.get(e["name"], OTHER)].append(i)
    for indexes in groups.values():
        indexes.sort(key=lambda i: order.get(examples[i]["name"], len(order)))
    return [(key, indexes) for key, indexes in groups.items() if indexes]


def with_prologue(query: str, prefixes: Mapping[str, str]) -> str:
    """``query`` with PREFIX lines for the known prefixes it uses but does not declare.

    The endpoint predeclares them, but a query shown in an editor (or copied to
    another endpoint) reads better when it says what its prefixes mean.
    """
    tokens = list(tokenize(query))
    declared = {
        tokens[i + 1].text[:-1]
        for i, t in enumerate(tokens[:-1])
        if t.kind == "word" and t.text.upper() == "PREFIX" and tokens[i + 1].kind == "pname"
    }
    used = []
    for t in tokens:
        if t.kind == "pname":
            prefix = t.text.partition(":")[0]
            if prefix in prefixes and prefix not in declared and prefix not in used:
                used.append(prefix)
    if not used:
        return query
    lines = [f"PREFIX {p}: <{prefixes[p]}>" for p in prefixes if p in used]
    # Keep the leading comment (title, description) above the prologue.
    head, rest = [], query.splitlines(keepends=True)
    while rest and rest[0].lstrip().startswith("#"):
        head.append(rest.pop(0))
    return "".join(head) + "\n".join(lines) + "\n" + "".join(rest)
