"""Numbers in profile text: thousands separators, year ranges, figures, population bounds.

Pages write ``50.000``, ``35,000``, ``50 000`` and ``1.000.000`` for the same kind of
number, ranges with hyphens or en dashes, and figures inside running prose
("plus de 2000 jeunes et 200 parents par an"). Everything here is a plain function.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from hrgraph.profile.model import Figure, Mandate, Population
from hrgraph.text import DASHES, key

# A number: grouped thousands (1.000.000 / 35,000 / 50 000) or plain digits with an
# optional decimal part (2,5 / 3.75).
NUMBER = r"\d{1,3}(?:[., ]\d{3})+(?![\d])|\d+(?:[.,]\d+)?"
_NUMBER_RE = re.compile(rf"(?<![\w.,])({NUMBER})(?![\w])")
_DASH = f"[{DASHES}]"
YEAR = r"(?:19|20)\d\d"

_RANGE_RE = re.compile(
    rf"\b(?:entre|between|from|de|desde|del|du)\s+({YEAR})\s+(?:et|and|to|à|a|al|y|hasta|au)\s+({YEAR})\b"
    rf"|\b({YEAR})\s*{_DASH}\s*({YEAR})\b",
    re.IGNORECASE,
)
# "par an", "per month", "por día", "chaque semaine"... -> the unit of a rate.
_RATE_RE = re.compile(
    r"\b(?:par|per|por|a|an|al|each|every|chaque|cada)\s+"
    r"(an|année|year|año|mois|month|mes|jour|day|día|semaine|week|semana)\b"
    r"|\b(annually|annuellement|anualmente|monthly|mensuellement|mensualmente|daily|weekly)\b",
    re.IGNORECASE,
)
_RATE_UNITS = {
    "an": "year", "année": "year", "year": "year", "año": "year", "annually": "year",
    "annuellement": "year", "anualmente": "year", "mois": "month", "month": "month",
    "mes": "month", "monthly": "month", "mensuellement": "month", "mensualmente": "month",
    "jour": "day", "day": "day", "día": "day", "daily": "day", "semaine": "week",
    "week": "week", "semana": "week", "weekly": "week",
}  # fmt: skip
_SINCE_RE = re.compile(rf"\b(?:since|depuis|desde)\s+({YEAR})\b", re.IGNORECASE)
_IN_YEAR_RE = re.compile(rf"\b(?:en|in|during|durant|durante|pendant)\s+({YEAR})\b", re.IGNORECASE)
_DURATION_RE = re.compile(r"^(\d{1,2})\s*(?:years?|ans?|années?|años?|yrs?)\b", re.IGNORECASE)
_MULTIPLIERS = {
    "million": 1_000_000,
    "millions": 1_000_000,
    "millones": 1_000_000,
    "millón": 1_000_000,
    "mille": 1_000,
    "mil": 1_000,
    "thousand": 1_000,
    "milliard": 1_000_000_000,
    "milliards": 1_000_000_000,
    "billion": 1_000_000_000,
}
# Words after a number that are not what the number counts.
_STOPWORDS = frozenset(
    """a à au aux avec d de des du en et ou le la les l un une pour par sur dans entre
    and or of the in on at for to by from with per since until between
    y o el los las lo del al con por para sobre desde hasta entre un una unos unas
    que qui quoi that which who whom whose quien cuyo dont où where when
    et/ou janvier février mars avril mai juin juillet août septembre octobre novembre
    décembre january february march april may june july august september october
    november december enero febrero marzo abril mayo junio julio agosto septiembre
    octubre noviembre diciembre ans an years year años año""".split()
)
_COUNTED_RE = re.compile(r"\s*([%€$£]|(?:d['’]|de |of )?([^\W\d_][\w'’-]*))", re.UNICODE)
_SYMBOLS = "%€$£"


def parse_number(text: str) -> int | float | None:
    """``"50.000"``, ``"35,000"``, ``"50 000"`` -> 50000...; ``"2,5"`` -> 2.5."""
    t = text.strip().replace("\u00a0", " ")
    if re.fullmatch(r"\d{1,3}(?:[., ]\d{3})+", t):
        return int(re.sub(r"[., ]", "", t))
    if re.fullmatch(r"\d+", t):
        return int(t)
    if re.fullmatch(r"\d+[.,]\d+", t):
        return float(t.replace(",", "."))
    return None


def numbers(text: str) -> list[int | float]:
    return [n for m in _NUMBER_RE.finditer(text) if (n := parse_number(m.group(1))) is not None]


def parse_mandate(text: str) -> Mandate | None:
    """``"2020 - 2026"`` / ``"2020–2026"`` -> start/end; ``"6 years"`` / ``"6 ans"`` -> years.

    The mandate keeps ``text`` as its label; None when the text is neither form.
    """
    t = text.strip()
    m = re.fullmatch(rf"({YEAR})\s*(?:{_DASH}|to|à|a|al|au|hasta)\s*({YEAR})", t, re.IGNORECASE)
    if m:
        start, end = int(m.group(1)), int(m.group(2))
        return Mandate(start, end, end - start, label=text)
    m = _DURATION_RE.match(t)
    if m:
        return Mandate(years=int(m.group(1)), label=text)
    m = re.fullmatch(rf"({YEAR})\s*{_DASH}?", t)
    if m:  # an open mandate: "2021 -"
        return Mandate(start=int(m.group(1)), label=text)
    return None


_LESS = ("less than", "fewer than", "under", "below", "moins de", "menos de", "hasta", "up to")
_MORE = ("more than", "over", "above", "plus de", "mas de", "superior")


def parse_population(text: str) -> Population | None:
    """Integer bounds of a population range (an open bound is None), labelled ``text``.

    None when the text states no number.
    """
    values = [int(n) for n in numbers(text)]
    if not values:
        return None
    k = " " + key(text) + " "
    if len(values) >= 2:  # as stated: an inverted range is reported, never swapped
        low, high = values[0], values[1]
    elif any(f" {w} " in k for w in _LESS):
        low, high = None, values[0]
    elif any(f" {w} " in k for w in _MORE):
        low, high = values[0], None
    else:
        low = high = values[0]
    return Population(low, high, label=text)


def _sentence_after(text: str, pos: int) -> str:
    m = re.search(r"[.;!?](?:\s|$)", text[pos:])
    return text[pos : pos + m.start()] if m else text[pos:]


def _time_spans(text: str) -> list[tuple[int, int]]:
    """Where the text states a date or period: numbers there are years, not figures."""
    found = [*_RANGE_RE.finditer(text), *_SINCE_RE.finditer(text), *_IN_YEAR_RE.finditer(text)]
    return [m.span() for m in found]


def _counted_word(match: re.Match | None) -> str | None:
    if match is None:
        return None
    return match.group(1) if match.group(1) in _SYMBOLS else match.group(2)


def _is_counted(word: str | None) -> bool:
    return bool(word) and (
        word in _SYMBOLS or (word.lower() not in _STOPWORDS and word[0].islower())
    )


def find_figures(text: str, lang: str | None = None, line: int = 0) -> list[Figure]:
    """Figures stated in a line of prose (source line ``line``): the number, what it
    counts, and its period.

    What is counted is the word after the number ("2000 jeunes"); in English, where
    the noun comes last, up to two words ("3 safe houses").
    """
    spans: list[tuple] = []
    time_spans = _time_spans(text)
    for m in _NUMBER_RE.finditer(text):
        if any(a <= m.start() < b for a, b in time_spans):
            continue
        raw = m.group(1)
        value = parse_number(raw)
        if value is None:
            continue
        rest = text[m.end() :]
        counted = None
        cm = _COUNTED_RE.match(rest)
        end = m.end()
        word = _counted_word(cm)
        if word and word.lower() in _MULTIPLIERS:
            value = value * _MULTIPLIERS[word.lower()]
            end += cm.end()
            cm = _COUNTED_RE.match(text[end:])
            word = _counted_word(cm)
        if _is_counted(word):
            counted = word
            end += cm.end()
            if lang == "en" and word not in _SYMBOLS:
                nm = _COUNTED_RE.match(text[end:])
                if _is_counted(second := _counted_word(nm)) and second not in _SYMBOLS:
                    counted = f"{word} {second}"
                    end += nm.end()
        if counted is not None:
            spans.append((value, counted, m.start(), end))
    return _with_periods(text, spans, line)


_CONJUNCTIONS = frozenset({"et", "and", "y", "e", "ou", "or", "o", ",", "&"})


def _with_periods(text: str, spans: list[tuple], line: int) -> list[Figure]:
    """Attach to each figure the period stated after it, up to the next figure.

    Figures joined by a bare conjunction share what follows the last of them:
    "2000 jeunes et 200 parents par an" is per year for both.
    """
    found: list[Figure] = []
    scope_end = None
    for i in range(len(spans) - 1, -1, -1):
        value, counted, begin, end = spans[i]
        sentence_end = end + len(_sentence_after(text, end))
        if i + 1 < len(spans):
            between = text[end : spans[i + 1][2]].strip().lower()
            if between not in _CONJUNCTIONS:
                scope_end = spans[i + 1][2]
        else:
            scope_end = sentence_end
        scope = text[end : min(scope_end, sentence_end)]
        period, start, stop, per_year = None, None, None, False
        if r := _RANGE_RE.search(scope):
            a, b = (r.group(1), r.group(2)) if r.group(1) else (r.group(3), r.group(4))
            start, stop = int(a), int(b)
            period = f"{start}-{stop}"
        elif s := _SINCE_RE.search(scope):
            start = int(s.group(1))
            period = f"{start}-"
        elif s := _IN_YEAR_RE.search(scope):
            start = stop = int(s.group(1))
            period = str(start)
        if rate := _RATE_RE.search(scope):
            unit = _RATE_UNITS[(rate.group(1) or rate.group(2)).lower()]
            per_year = unit == "year"
            period = f"{period}, per {unit}" if period else f"per {unit}"
        found.append(
            Figure(
                value=value,
                counts=counted,
                text=text[begin:end].strip(),
                line=line,
                period=period,
                period_start=start,
                period_end=stop,
                per_year=per_year,
            )
        )
    return found[::-1]


@dataclass
class RangeStatement:
    start: int
    end: int
    subject: str
    text: str
    line: int


def range_statements(lines: list[tuple[int, str]]) -> list[RangeStatement]:
    """Every "between YEAR and YEAR" in some text, with the two words before it as subject."""
    out = []
    for line, text in lines:
        for r in _RANGE_RE.finditer(text):
            a, b = (r.group(1), r.group(2)) if r.group(1) else (r.group(3), r.group(4))
            before = [
                w
                for w in re.findall(r"[^\W\d_][\w'’-]*", text[: r.start()])
                if w.lower() not in _STOPWORDS
            ]
            subject = " ".join(before[-2:]).lower()
            lead = text[: r.start()].rstrip()
            head = lead.rsplit(" ", 3)[-3:] if lead else []
            quote = (" ".join(head) + " " + r.group(0)).strip()
            out.append(RangeStatement(int(a), int(b), subject, quote, line))
    return out


def contradictions(lines: list[tuple[int, str]]) -> list[tuple[RangeStatement, RangeStatement]]:
    """Pairs of statements giving one subject two different periods."""
    pairs = []
    stated = range_statements(lines)
    for i, first in enumerate(stated):
        for second in stated[i + 1 :]:
            differ = (first.start, first.end) != (second.start, second.end)
            same_subject = first.subject and first.subject == second.subject
            if differ and (same_subject or first.start == second.start):
                pairs.append((first, second))
    return pairs
