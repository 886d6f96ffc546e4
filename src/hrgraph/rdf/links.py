"""Which profile files describe the same member, and its links to other datasets.

Language editions of one member are matched by country and name; where the slugs
or names differ (rouen / ruan), ``data/members.csv`` says so. That file also carries
curated identifiers: Wikidata and GeoNames ids become ``owl:sameAs`` and ``schema:sameAs``
links, and the slugs of the member's pages on the campaign site ``foaf:page``::

    key,country,en,fr,es,wikidata,geonames
    rouen,FR,rouen,rouen,ruan,,2982652

The member's key (the last segment of its URI) is the CSV key, or else the slug of
its first edition in the languages' fallback order: stable as long as that edition exists.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from rdflib import URIRef

from hrgraph.campaign import page_url
from hrgraph.datadir import MEMBER_COLUMNS, read_table
from hrgraph.languages import DEFAULT, LANGUAGES
from hrgraph.profile.model import Profile
from hrgraph.rdf.mapping import MemberIdentity
from hrgraph.rdf.namespaces import GEONAMES, WD
from hrgraph.text import key as text_key


class LinksError(ValueError):
    pass


@dataclass
class LinkRow:
    key: str
    country: str
    slugs: dict[str, str]
    same_as: list[URIRef]
    line: int
    pages: list[URIRef] = field(default_factory=list)  # foaf:page, one per language slug


WIKIDATA_ID = re.compile(r"Q[1-9][0-9]*")
GEONAMES_ID = re.compile(r"[1-9][0-9]{0,9}")
SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")


def read_links(path: Path) -> list[LinkRow]:
    """The curated rows, checked: identifier patterns (Wikidata Q-ids, GeoNames ids,
    campaign-page slugs), no key or page listed twice, no identifier shared by two
    members. A row that fails is an error naming its line and column."""
    if not path.exists():
        return []
    rows = []
    seen: dict[tuple, int] = {}  # (column, value) -> line that holds it

    def once(column: str, value: str, n: int) -> None:
        if (column, value) in seen:
            raise LinksError(
                f"{path}:{n}: {column} {value!r} is already on line {seen[column, value]}"
                " (two members cannot share one)"
            )
        seen[column, value] = n

    for n, row in read_table(path, MEMBER_COLUMNS, LinksError):
        k, country = (row["key"] or "").strip(), (row["country"] or "").strip().upper()
        if not k or len(country) != 2 or not country.isalpha():
            raise LinksError(f"{path}:{n}: 'key' and a two-letter 'country' are required")
        once("key", f"{country}/{k}", n)
        same_as = []
        if qid := (row["wikidata"] or "").strip():
            if not WIKIDATA_ID.fullmatch(qid):
                raise LinksError(f"{path}:{n}: wikidata {qid!r} is not a Q-identifier")
            once("wikidata", qid, n)
            same_as.append(WD[qid])
        if gid := (row["geonames"] or "").strip():
            if not GEONAMES_ID.fullmatch(gid):
                raise LinksError(f"{path}:{n}: geonames {gid!r} is not a number")
            once("geonames", gid, n)
            same_as.append(URIRef(f"{GEONAMES}{gid}/"))
        slugs = {lang: row[lang].strip() for lang in LANGUAGES if (row[lang] or "").strip()}
        for lang, slug in slugs.items():
            if not SLUG.fullmatch(slug):
                raise LinksError(f"{path}:{n}: {lang} {slug!r} is not a campaign page slug")
            once(lang, slug, n)
        pages = [URIRef(page_url(lang, slug)) for lang, slug in slugs.items()]
        rows.append(LinkRow(k, country, slugs, same_as, n, pages))
    return rows


def resolve_identities(profiles: list[Profile], links: list[LinkRow]) -> list[MemberIdentity]:
    """One identity per profile; editions of the same member share a key."""
    by_slug = {(lang, row.country, slug): row for row in links for lang, slug in row.slugs.items()}
    # group editions not in the CSV by (country, name)
    groups: dict[tuple, list[Profile]] = {}
    for p in profiles:
        row = by_slug.get((p.lang, p.country_code, p.slug))
        group = (
            ("csv", row.key) if row else ("name", p.country_code, text_key(p.name or p.slug or ""))
        )
        groups.setdefault(group, []).append(p)
    identity_of: dict[int, MemberIdentity] = {}
    for group, editions in groups.items():
        if group[0] == "csv":
            row = next(r for r in links if r.key == group[1])
            identity = MemberIdentity(row.key, list(row.same_as), list(row.pages))
        else:
            order = sorted(
                editions,
                key=lambda p: (_rank(p.lang), p.slug or ""),
            )
            identity = MemberIdentity(order[0].slug or text_key(order[0].name or "member"))
        named = sorted((p for p in editions if p.name), key=lambda p: _rank(p.lang))
        if len({p.name for p in named}) == 1:
            identity.name, identity.name_lang = named[0].name, named[0].lang or DEFAULT
        for p in editions:
            identity_of[id(p)] = identity
    return [identity_of[id(p)] for p in profiles]


def _rank(lang: str | None) -> int:
    return LANGUAGES.index(lang) if lang in LANGUAGES else len(LANGUAGES)
