"""Language editions the site links together, written into ``members.csv``.

Each page names its other editions (``hreflang`` alternates, a language switcher). The
editions linked together (directly or through each other) form one member; the harvest
writes them as one row of ``DIR/members.csv``, the file the build already reads to join
editions whose names and slugs differ (Barcelona / Barcelone, Rouen / Ruan). Curated
rows are kept: an empty language cell is filled, a filled cell is never changed; a group
touching two rows, or whose country is unknown, is reported and left alone.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

from hrgraph.datadir import MEMBER_COLUMNS
from hrgraph.harvest.sources import write_atomic
from hrgraph.languages import LANGUAGES


def groups(pages: dict[tuple[str, str], dict[str, tuple[str, str]]]) -> list[set[tuple[str, str]]]:
    """Connected groups of (lang, slug) from each page's {lang: (lang, slug)} alternates,
    keeping only editions that were harvested."""
    parent = {p: p for p in pages}

    def find(p):
        while parent[p] != p:
            parent[p] = parent[parent[p]]
            p = parent[p]
        return p

    for page, alternates in pages.items():
        for other in alternates.values():
            if other in parent and other != page:
                parent[find(other)] = find(page)
    out: dict[tuple[str, str], set] = {}
    for p in pages:
        out.setdefault(find(p), set()).add(p)
    return [g for g in out.values() if len(g) > 1]


def update_members(
    path: Path, linked: list[set[tuple[str, str]]], countries: dict[tuple[str, str], str | None]
) -> tuple[int, list[str]]:
    """Write the linked groups into ``path``; (rows added or filled, problems)."""
    rows: list[dict[str, str]] = []
    if path.exists():
        with path.open(encoding="utf-8", newline="") as f:
            rows = [dict(r) for r in csv.DictReader(f)]
    problems, changed = [], 0
    for group in sorted(linked, key=sorted):
        names = ", ".join(f"{lang}/{slug}" for lang, slug in sorted(group))
        langs = [lang for lang, _ in group]
        if len(set(langs)) != len(langs):
            problems.append(f"{names}: two editions in one language; not joined")
            continue
        codes = {countries.get(p) for p in group} - {None}
        touching = [r for r in rows if any(r.get(lang) == slug for lang, slug in group)]
        if len(touching) > 1:
            problems.append(f"{names}: the editions are in {len(touching)} rows; not joined")
            continue
        if touching:
            row = touching[0]
            conflict = [lang for lang, slug in group if row.get(lang) not in ("", None, slug)]
            if conflict:
                problems.append(f"{names}: row {row['key']!r} names other editions; not joined")
                continue
            if any(not row.get(lang) for lang, _ in group):
                for lang, slug in group:
                    row[lang] = slug
                changed += 1
            continue
        if len(codes) != 1:
            problems.append(f"{names}: no single country ({', '.join(sorted(codes)) or 'none'})")
            continue
        slugs = dict(group)
        first = next(slugs[lang] for lang in LANGUAGES if lang in slugs)
        keys = {r["key"] for r in rows}
        key = first if first not in keys else f"{first}-{codes.copy().pop().lower()}"
        rows.append({c: "" for c in MEMBER_COLUMNS} | slugs | {"key": key, "country": codes.pop()})
        changed += 1
    if changed:
        buffer = io.StringIO()
        writer = csv.DictWriter(buffer, fieldnames=MEMBER_COLUMNS, lineterminator="\n")
        writer.writeheader()
        for row in rows:
            writer.writerow({c: row.get(c) or "" for c in MEMBER_COLUMNS})
        write_atomic(path, buffer.getvalue().encode("utf-8"))
    return changed, problems
