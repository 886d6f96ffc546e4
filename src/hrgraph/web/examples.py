"""Example queries from ``queries/*.rq``, offered in the query page.

A file's leading ``#`` lines describe it: the first is its title, the others its
description. The folder may be empty or missing; the page then has no examples.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import asdict, dataclass
from pathlib import Path

from hrgraph.web.guard import tokenize


@dataclass(frozen=True)
class Example:
    name: str  # file stem, e.g. members-by-country
    title: str
    description: str
    query: str  # the file's text

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
        description = " ".join(c for c in comments[1:] if c)
        examples.append(Example(path.stem, title, description, text))
    return examples


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
