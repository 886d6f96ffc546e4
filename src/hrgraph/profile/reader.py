"""Read a campaign profile page (fr/en/es) into a :class:`Profile`.

The reader works from the page's structure, not from any example's wording:

1. a title line (the member's name);
2. a header of label/value line pairs, labels in capitals, in a fixed order
   (region, country, year of joining, leader, mandate, government type, population);
3. sections opened by capitalised headings: vision (questions ending in "?" and their
   answers), motivations (paragraphs), and programmes (bullets ``Title (theme)`` each
   followed by a description).

It is tolerant (typos, mixed-language labels, missing sections) yet honest: anything
it cannot read cleanly becomes a warning with a line number, never a silent guess.
Only a file that is not a profile at all raises :class:`ProfileError`.
"""

from __future__ import annotations

import re
from pathlib import Path

from hrgraph.campaign import JOINED_MAX, JOINED_MIN
from hrgraph.countries import country_code
from hrgraph.languages import LANGUAGES
from hrgraph.profile import labels, quantities
from hrgraph.profile.model import (
    Leader,
    Mandate,
    Population,
    Profile,
    ProfileError,
    Programme,
    VisionAnswer,
)
from hrgraph.text import clean, key

_BULLET_RE = re.compile(r"^[•●▪◦·*\-–—]\s*(.+)$")
_TITLE_THEME_RE = re.compile(r"^(.*?)\s*\(([^()]*)\)\s*[.:;]?$")

Line = tuple[int, str]  # (1-based line number, cleaned text)
# Control characters other than whitespace (tab, newline, CR, form feed, vertical tab).
_CONTROL = re.compile("[\x00-\x08\x0e-\x1f]")


def decode(data: bytes, source: str) -> str:
    """Bytes -> text, refusing what is not UTF-8 text (naming the line of the bad byte)."""
    if not data.strip():
        raise ProfileError(source, None, "empty file: not a profile page")
    if b"\x00" in data:
        line = data[: data.index(b"\x00")].count(b"\n") + 1
        raise ProfileError(source, line, "binary content (NUL byte): not a profile page")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        line = data[: e.start].count(b"\n") + 1
        raise ProfileError(
            source, line, f"not UTF-8 text (byte 0x{data[e.start]:02x} at offset {e.start})"
        ) from None
    bad = _CONTROL.findall(text)
    if len(bad) > 8:
        line = text[: text.index(bad[0])].count("\n") + 1
        raise ProfileError(source, line, "control characters: not a text profile page")
    return text


def path_identity(path: Path) -> tuple[str | None, str | None]:
    """(lang, slug) from ``<lang>/<slug>.txt`` or ``<slug>.<lang>.txt``."""
    stem = path.name.removesuffix(".txt")
    if path.parent.name in LANGUAGES:
        return path.parent.name, stem
    head, _, tail = stem.rpartition(".")
    if head and tail in LANGUAGES:
        return tail, head
    return None, stem or None


def read_profile(path: str | Path, source: str | None = None) -> Profile:
    """Read one profile file. ``source`` is the name reports use (default: the path)."""
    path = Path(path)
    source = source or str(path)
    try:
        data = path.read_bytes()
    except OSError as e:
        raise ProfileError(source, None, f"cannot read file: {e.strerror or e}") from None
    lang, slug = path_identity(path)
    return read_profile_text(decode(data, source), source, lang=lang, slug=slug)


def _is_caps(text: str) -> bool:
    letters = sum(map(str.isalpha, text))  # map and filter: no Python loop per character
    return letters >= 3 and sum(map(str.isupper, filter(str.isalpha, text))) >= 0.8 * letters


def _may_be_title(text: str) -> bool:
    """In capitals, or a short unpunctuated line: pages may write labels and headings in
    any case and capitalise them with a stylesheet, so a label's place and words decide."""
    if _is_caps(text):
        return True
    words = text.split()
    return (
        0 < len(words) <= 12
        and not text.rstrip().endswith((".", "?", "!", ";", ",", ":"))
        and "(" not in text
        and not _BULLET_RE.match(text)
    )


def _is_label(text: str) -> bool:
    return _is_caps(text) and labels.header_field(text) is not None


def _is_heading(text: str) -> bool:
    return _is_caps(text) and labels.section(text) is not None


def read_profile_text(
    text: str, source: str, lang: str | None = None, slug: str | None = None
) -> Profile:
    """Read a profile from its text."""
    lines: list[Line] = [(i, clean(raw)) for i, raw in enumerate(text.splitlines(), 1)]
    content = [(n, t) for n, t in lines if t]
    if not content:
        raise ProfileError(source, None, "empty file: not a profile page")

    profile = Profile(source=source, lang=lang, slug=slug)
    pos = _read_title(content, profile)
    pos = _read_header(content, pos, profile, source)
    if profile.lang is None:
        profile.lang = labels.guess_language([t for _, t in content[:20] if _is_caps(t)])
    _read_sections(lines, content[pos][0] if pos < len(content) else None, profile)
    _check_header(profile)
    return profile


def _read_title(content: list[Line], profile: Profile) -> int:
    n, first = content[0]
    if _is_label(first):
        profile.warn(
            n,
            "no title line: the page starts with a header label",
            "name",
            rule="Reader-titleMissing",
            value=first,
        )
        return 0
    profile.name = first
    profile.lines["name"] = n
    return 1


def _read_header(content: list[Line], pos: int, profile: Profile, source: str) -> int:
    """Consume label/value pairs; returns the index of the first line after the header."""
    seen: set[str] = set()
    order = iter(labels.HEADER_FIELDS)
    while pos < len(content) and len(seen) < len(labels.HEADER_FIELDS):
        n, label = content[pos]
        if _is_heading(label):
            break
        field = labels.header_field(label) if _may_be_title(label) else None
        if field is None:
            if not _is_caps(label) or pos + 1 >= len(content):
                break
            # An unknown capitalised label: take it by its place in the fixed order.
            field = next((f for f in order if f not in seen), None)
            if field is None:
                break
            profile.warn(
                n,
                f"label {label!r} not recognised; read as {field} by position",
                field,
                rule="Reader-labelUnknown",
                value=label,
            )
        nxt = content[pos + 1] if pos + 1 < len(content) else None
        if field in seen:
            given = f"{label} {nxt[1]}" if nxt and not _is_label(nxt[1]) else label
            profile.warn(
                n,
                f"{field} given twice; the first value is kept",
                field,
                rule="Reader-fieldTwice",
                value=given,
            )
        profile.label_lines.setdefault(field, n)
        if nxt is None or _is_label(nxt[1]) or _is_heading(nxt[1]):
            profile.warn(
                n, f"label {label!r} has no value", field, rule="Reader-valueMissing", value=label
            )
            seen.add(field)
            pos += 1
            continue
        if field not in seen:
            _set_header_value(profile, field, nxt[1], nxt[0])
        seen.add(field)
        pos += 2
    if not seen:
        where = content[pos][0] if pos < len(content) else content[-1][0]
        raise ProfileError(
            source,
            where,
            "no recognisable profile header (expected capitalised labels such as "
            "REGION / PAYS / PAÍS followed by their values)",
        )
    for i, field in enumerate(labels.HEADER_FIELDS):
        if field not in seen:
            # where it should stand: at the label that follows it on the page
            after = (profile.label_lines.get(f) for f in labels.HEADER_FIELDS[i + 1 :])
            line = next((x for x in after if x), content[pos][0] if pos < len(content) else None)
            profile.warn(
                line,
                f"header field {field} is missing",
                field,
                rule="Reader-fieldMissing",
                value=field,
            )
    return pos


def _set_header_value(profile: Profile, field: str, value: str, n: int) -> None:
    profile.lines[field] = n
    if field == "region":
        profile.region = value
    elif field == "country":
        profile.country = value
        profile.country_code = country_code(value)
        if profile.country_code is None:
            profile.warn(
                n,
                f"country {value!r} matches no ISO 3166-1 country",
                field,
                rule="Reader-countryUnknown",
                value=value,
            )
    elif field == "joined":
        m = re.fullmatch(r"(\d{4})", value.strip())
        if m and JOINED_MIN <= int(m.group(1)) <= JOINED_MAX:
            profile.joined = int(m.group(1))
        else:
            profile.warn(
                n,
                f"year of joining {value!r} is not a year",
                field,
                rule="Reader-joinedNotAYear",
                value=value,
            )
    elif field == "leader":
        _set_leader(profile, value, n)
    elif field == "mandate":
        mandate = quantities.parse_mandate(value)
        profile.mandate = mandate or Mandate(label=value)
        if mandate is None:
            profile.warn(
                n,
                f"mandate {value!r} is neither a year range nor a duration",
                field,
                rule="Reader-mandateUnreadable",
                value=value,
            )
        elif mandate.start and mandate.end and mandate.end < mandate.start:
            profile.warn(
                n,
                f"mandate {value!r} ends before it starts",
                field,
                rule="Reader-mandateInverted",
                value=value,
            )
    elif field == "government_type":
        profile.government_type = value
    elif field == "population":
        _set_population(profile, value, n)


def _set_leader(profile: Profile, value: str, n: int) -> None:
    name, sep, title = value.rpartition(",")
    if not sep:
        name, title = value, ""
    name, title = name.strip() or None, title.strip() or None
    if title and labels.title_language(name or "") and not labels.title_language(title):
        name, title = title, name  # "Mayor, Jane Doe"
    profile.leader = Leader(name=name, title=title)
    if title:
        tl = labels.title_language(title)
        profile.leader.title_lang = tl or profile.lang
        if tl and profile.lang and tl != profile.lang:
            profile.warn(
                n,
                f"leader title {title!r} is in {tl} on a {profile.lang} page",
                "leader",
                rule="Reader-titleLanguage",
                value=title,
            )
    else:
        profile.warn(
            n,
            f"leader {value!r} has no title (expected 'Name, Title')",
            "leader",
            rule="Reader-leaderNoTitle",
            value=value,
        )


def _set_population(profile: Profile, value: str, n: int) -> None:
    bounds = quantities.parse_population(value)
    profile.population = bounds or Population(label=value)
    if bounds is None:
        if any(w in key(value) for w in labels.GOVERNMENT_WORDS):
            profile.warn(
                n,
                f"population range {value!r} names a government level, not a population; "
                "bounds left empty",
                "population",
                rule="Reader-populationWrongField",
                value=value,
            )
        else:
            profile.warn(
                n,
                f"population range {value!r} states no number",
                "population",
                rule="Reader-populationNoNumber",
                value=value,
            )
        return
    if bounds.min is not None and bounds.max is not None and bounds.min > bounds.max:
        profile.warn(
            n,
            f"population range {value!r}: lower bound above upper",
            "population",
            rule="Reader-populationInverted",
            value=value,
        )


def _read_sections(lines: list[Line], start: int | None, profile: Profile) -> None:
    sections: dict[str, list[Line]] = {}
    current: str | None = None
    for n, t in lines:
        if start is None or n < start or not t:
            if start is not None and n >= start and current:
                sections[current].append((n, ""))
            continue
        name = labels.section(t) if _may_be_title(t) else None
        if name:
            if name in sections:
                profile.warn(
                    n,
                    f"section {name} appears twice; both are read",
                    name,
                    rule="Reader-sectionTwice",
                    value=t,
                )
            current = name
            sections.setdefault(name, [])
            profile.lines.setdefault(name, n)
            continue
        if current is None:
            profile.warn(
                n, f"text outside any section: {t[:60]!r}", rule="Reader-textOutside", value=t[:60]
            )
            continue
        sections[current].append((n, t))
    # a missing section is placed where the sections start (the end of the header)
    after_header = start or next((n for n, t in reversed(lines) if t), None)
    for name in ("vision", "motivations", "programmes"):
        if name not in sections:
            profile.warn(
                after_header,
                f"section {name} is missing",
                name,
                rule="Reader-sectionMissing",
                value=name,
            )
    _read_vision(sections.get("vision", []), profile)
    profile.motivations = [text for _, text in _paragraphs(sections.get("motivations", []))]
    _read_programmes(sections.get("programmes", []), profile)


def _paragraphs(lines: list[Line]) -> list[Line]:
    """Consecutive non-blank lines joined; each paragraph keeps its first line number."""
    out: list[Line] = []
    block: list[Line] = []
    for n, t in [*lines, (0, "")]:
        if t:
            block.append((n, t))
        elif block:
            out.append((block[0][0], " ".join(x for _, x in block)))
            block = []
    return out


def _is_question(text: str) -> bool:
    return text.rstrip().endswith("?") or text.lstrip().startswith("¿")


def _read_vision(lines: list[Line], profile: Profile) -> None:
    question: str | None = None
    answer: list[str] = []
    line = 0
    for n, text in _paragraphs(lines):
        if _is_question(text):
            if question is not None or answer:
                _add_answer(profile, question, answer, line)
            question, answer, line = text, [], n
        else:
            answer.append(text)
            line = line or n
    if question is not None or answer:
        _add_answer(profile, question, answer, line)


def _add_answer(profile: Profile, question: str | None, answer: list[str], line: int) -> None:
    if not answer:
        profile.warn(
            line,
            f"vision question has no answer: {question!r}",
            "vision",
            rule="Reader-visionNoAnswer",
            value=question,
        )
    profile.vision.append(VisionAnswer(question, "\n\n".join(answer), line))


def _read_programmes(lines: list[Line], profile: Profile) -> None:
    has_bullets = any(_BULLET_RE.match(t) for _, t in lines if t)
    current: Programme | None = None
    description: list[Line] = []

    def finish() -> None:
        if current is None:
            return
        current.description = "\n\n".join(t for _, t in _paragraphs(description))
        current.description_line = next((n for n, t in description if t), None)
        if not current.description:
            profile.warn(
                current.line,
                f"programme {current.title!r} has no description",
                "programmes",
                rule="Reader-programmeNoDescription",
                value=current.title,
            )
        _read_figures(current, description, profile)
        profile.programmes.append(current)

    for n, t in lines:
        m = _BULLET_RE.match(t) if t else None
        title_line = m.group(1) if m else None
        if not has_bullets and t and _TITLE_THEME_RE.match(t) and len(t) < 200:
            title_line = t
        if title_line is None:
            if current is None and t:
                profile.warn(
                    n,
                    f"text before the first programme: {t[:60]!r}",
                    "programmes",
                    rule="Reader-textBeforeProgramme",
                    value=t[:60],
                )
            elif current is not None:
                description.append((n, t))
            continue
        finish()
        description = []
        tm = _TITLE_THEME_RE.match(title_line)
        if tm and tm.group(1):
            current = Programme(
                title=tm.group(1).strip(), theme=clean(tm.group(2)) or None, description="", line=n
            )
        else:
            current = Programme(title=title_line.strip(), theme=None, description="", line=n)
        if current.theme is None:
            profile.warn(
                n,
                f"programme {current.title!r} has no theme in parentheses",
                "theme",
                rule="Reader-programmeNoTheme",
                value=current.title,
            )
    finish()


def _read_figures(programme: Programme, description: list[Line], profile: Profile) -> None:
    for n, text in description:
        programme.figures += quantities.find_figures(text, profile.lang, n)
    for first, second in quantities.contradictions([(n, t) for n, t in description if t]):
        profile.warn(
            second.line,
            f"programme {programme.title!r} states two periods: {first.text!r} (line "
            f"{first.line}) and {second.text!r} (line {second.line}); both kept, none chosen",
            "figures",
            rule="Reader-twoPeriods",
            value=f"{first.text} (line {first.line}) / {second.text} (line {second.line})",
        )


def _check_header(profile: Profile) -> None:
    if profile.name and _is_caps(profile.name) and labels.header_field(profile.name):
        profile.warn(
            profile.lines.get("name"),
            "title line looks like a label",
            "name",
            rule="Reader-titleLikeLabel",
            value=profile.name,
        )
