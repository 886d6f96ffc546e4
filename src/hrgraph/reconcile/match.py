"""Scoring candidates for a name, and saying when one is a match.

The score (0-100) says how alike the best of an entity's names is to the query once
both are folded (names.key): the best of rapidfuzz's plain ratio (spelling slips),
token-sort ratio (words in another order) and, discounted, token-set ratio (words
left out). Properties the query carries move it: each that agrees adds a little, each
that disagrees takes much away.

``match`` is a promise a client may act on without a person looking (OpenRefine
auto-matches on it): only the first candidate may have it, and only when its name
alone is at least MATCH_MIN alike (agreeing properties never make a weak name a
match), no other candidate comes within MATCH_GAP of it and no property of the query
contradicts it.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from rapidfuzz import fuzz, process

from hrgraph.reconcile.index import KINDS, Entity, Index, kind_named, property_named
from hrgraph.reconcile.names import fold, key

MATCH_MIN = 87.0  # tuned by bench/reconcile_bench.py: 85 lets subset names (token-set 85) match
MATCH_GAP = 10.0
CUTOFF = 60.0  # names less alike than this are no candidates at all
AGREE, DISAGREE = 5.0, 30.0
SET_DISCOUNT = 0.85
DEFAULT_LIMIT = 5


@dataclass(frozen=True)
class Candidate:
    entity: Entity
    score: float  # what a client is shown: 0-100
    name_score: float  # how alike the best name is, before properties
    match: bool = False
    agreed: int = 0
    disagreed: int = 0

    @property
    def rank(self) -> float:
        """The score before it is capped at 100, which orders candidates."""
        return self.name_score + AGREE * self.agreed - DISAGREE * self.disagreed


def _alike(index: Index, folded: str) -> dict[int, float]:
    """Position of each name of the index at least CUTOFF alike -> how alike (0-100):
    the best of three scorers, each run over all names in rapidfuzz's C code."""
    scores: dict[int, float] = {}
    for scorer, weight in (
        (fuzz.ratio, 1.0),
        (fuzz.token_sort_ratio, 1.0),
        (fuzz.token_set_ratio, SET_DISCOUNT),
    ):
        found = process.extract(
            folded, index.keys, scorer=scorer, score_cutoff=CUTOFF / weight, limit=None
        )
        for _, score, position in found:
            if weight * score > scores.get(position, 0.0):
                scores[position] = weight * score
    return {p: s for p, s in scores.items() if s >= CUTOFF}


def kinds_of(types: Iterable[str] | str | None) -> set[str]:
    """The kinds a query's ``type`` names (unknown ones are ignored)."""
    if isinstance(types, str):
        types = [types]
    return {k.name for t in types or () if (k := kind_named(str(t)))}


def reconcile(
    index: Index,
    query: str,
    *,
    types: Iterable[str] | str | None = None,
    properties: Iterable[tuple[str, object]] = (),
    limit: int = DEFAULT_LIMIT,
) -> list[Candidate]:
    """The best candidates for ``query``, best first; the first may be a match."""
    wanted = kinds_of(types)
    props = [(p, v) for pid, v in properties if (p := property_named(str(pid)))]
    best: dict[int, float] = {}
    folded = key(query)
    if folded:
        for position, score in _alike(index, folded).items():
            owner = index.owners[position]
            if score > best.get(owner, 0.0):
                best[owner] = score
    elif props:  # a query of properties only: every entity is a candidate
        best = dict.fromkeys(range(len(index.entities)), 0.0)
    candidates = []
    for owner, name_score in best.items():
        entity = index.entities[owner]
        if wanted and entity.kind not in wanted:
            continue
        agreed = disagreed = 0
        for pid, value in props:
            verdict = agrees(entity, pid, value)
            agreed += verdict is True
            disagreed += verdict is False
        if not folded and agreed == 0:
            continue
        raw = name_score + AGREE * agreed - DISAGREE * disagreed
        score = round(min(100.0, max(raw, 0.0)), 2)
        candidates.append(Candidate(entity, score, name_score, False, agreed, disagreed))
    candidates.sort(key=lambda c: (-c.rank, c.entity.label(), c.entity.iri))
    candidates = candidates[: max(limit, 1)]
    if candidates and _unambiguous(candidates):
        first = candidates[0]
        candidates[0] = Candidate(
            first.entity, first.score, first.name_score, True, first.agreed, first.disagreed
        )
    return candidates


def _unambiguous(candidates: list[Candidate]) -> bool:
    first = candidates[0]
    if first.name_score < MATCH_MIN or first.disagreed:
        return False
    return len(candidates) == 1 or first.rank - candidates[1].rank >= MATCH_GAP


def agrees(entity: Entity, pid: str, value: object) -> bool | None:
    """Whether ``entity`` has ``value`` for property ``pid``: True, False, or None when
    the entity has no value for it (which neither helps nor hurts)."""
    values = value if isinstance(value, list) else [value]
    mine = entity.values.get(pid) or []
    if pid == "countryCode" and entity.country_code is None:
        return None
    if not mine:
        return None
    for v in values:
        if isinstance(v, dict):
            v = v.get("id") or v.get("name") or ""
        text = str(v).strip()
        for have in mine:
            if have.iri and text == have.iri:
                return True
            if have.number is not None and text.isdigit() and int(text) == have.number:
                return True
            if fold(text) and fold(text) == fold(have.name):
                return True
            if pid == "country" and text.upper() == (entity.country_code or ""):
                return True
    return False


def suggest(
    index: Index, prefix: str, *, kinds: Iterable[str] = (), limit: int = 10
) -> list[Entity]:
    """Entities whose names start with ``prefix`` (word by word), then those alike."""
    wanted = set(kinds) & set(KINDS)
    words = fold(prefix).split()
    if not words:
        return []
    starts: list[Entity] = []
    for entity in index.entities:
        if wanted and entity.kind not in wanted:
            continue
        if any(_starts(fold(name).split(), words) for name in entity.names()):
            starts.append(entity)
    if len(starts) < limit:
        seen = {e.iri for e in starts}
        for c in reconcile(index, prefix, types=wanted or None, limit=limit):
            if c.entity.iri not in seen:
                starts.append(c.entity)
    return starts[:limit]


def _starts(name: list[str], words: list[str]) -> bool:
    """Whether the name's words begin with ``words`` (the last one as a prefix), from
    any word of the name on ("seine" finds "Val-de-Seine")."""
    for i in range(len(name)):
        window = name[i : i + len(words)]
        if (
            len(window) == len(words)
            and window[:-1] == words[:-1]
            and window[-1].startswith(words[-1])
        ):
            return True
    return False
