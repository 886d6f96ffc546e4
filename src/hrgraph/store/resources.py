"""What the server needs to dereference a URI: existence, description, page data.

Everything here reads the store's default graph (the merge of all pages) through
pyoxigraph's quad index, which is faster than SPARQL for one-resource lookups. The
web layer turns these plain dicts into HTML or RDF; it never sees the store.
"""

from __future__ import annotations

import difflib
from collections import defaultdict
from dataclasses import dataclass

import pyoxigraph as ox

from hrgraph.rdf.namespaces import (
    DCTERMS,
    HRG,
    OWL,
    PROV,
    RDF,
    RDFS,
    SCHEMA,
    SKOS,
    THEMES,
)

DEFAULT = ox.DefaultGraph()
LANG_ORDER = ("en", "fr", "es")
LABEL_PROPS = (str(SKOS.prefLabel), str(RDFS.label), str(SCHEMA.name), str(DCTERMS.title))
THEME_SCHEME = str(THEMES).rstrip("/")


def N(iri) -> ox.NamedNode:  # noqa: N802 - reads like the RDF term it builds
    return ox.NamedNode(str(iri))


@dataclass
class Description:
    """A resource's own triples plus those of the resources it owns (IRIs below it)."""

    iri: str
    triples: list[ox.Triple]


def outgoing(store: ox.Store, iri: str) -> dict[str, list]:
    """predicate IRI -> objects, for one subject."""
    found: dict[str, list] = defaultdict(list)
    for q in store.quads_for_pattern(N(iri), None, None, DEFAULT):
        found[q.predicate.value].append(q.object)
    return found


def exists(store: ox.Store, iri: str) -> bool:
    node = N(iri)
    for _ in store.quads_for_pattern(node, None, None, DEFAULT):
        return True
    for _ in store.quads_for_pattern(None, None, node, DEFAULT):
        return True
    return False


def describe(store: ox.Store, iri: str) -> Description:
    """The resource's triples, and those of resources minted below its IRI (figures,
    intervals, vision answers), so one document tells the whole story."""
    triples, todo, seen = [], [iri], set()
    while todo:
        current = todo.pop()
        if current in seen:
            continue
        seen.add(current)
        for q in store.quads_for_pattern(N(current), None, None, DEFAULT):
            triples.append(ox.Triple(q.subject, q.predicate, q.object))
            o = q.object
            if isinstance(o, ox.NamedNode) and o.value.startswith(iri + "/"):
                todo.append(o.value)
    triples.sort(key=lambda t: (t.subject.value, t.predicate.value, str(t.object)))
    return Description(iri, triples)


def pick(values: list, lang: str) -> str | None:
    """The literal in the visitor's language, else English, French, Spanish, else any."""
    literals = [v for v in values if isinstance(v, ox.Literal)]
    for wanted in (lang, *LANG_ORDER, None):
        for v in literals:
            if (v.language or None) == wanted or (wanted is None):
                return v.value
    return None


def by_language(values: list) -> dict[str, str]:
    return {(v.language or ""): v.value for v in values if isinstance(v, ox.Literal)}


def label(store: ox.Store, iri: str, lang: str) -> str:
    props = outgoing(store, iri)
    for p in LABEL_PROPS:
        if text := pick(props.get(p, []), lang):
            return text
    return iri.rstrip("/").rsplit("/", 1)[-1].rsplit("#", 1)[-1]


def _first(props: dict[str, list], prop) -> ox.NamedNode | ox.Literal | None:
    values = props.get(str(prop), [])
    return sorted(values, key=str)[0] if values else None


def _int(term) -> int | None:
    try:
        return int(term.value) if term is not None else None
    except ValueError:
        return None


def _concept(store, term, lang) -> dict | None:
    if term is None:
        return None
    return {"iri": term.value, "label": label(store, term.value, lang)}


def member_card(store: ox.Store, iri: str, lang: str) -> dict:
    """Everything a member's page shows, in the visitor's language where possible."""
    p = outgoing(store, iri)
    card: dict = {
        "iri": iri,
        "name": pick(p.get(str(SCHEMA.name), []), lang) or label(store, iri, lang),
        "names": by_language(p.get(str(SCHEMA.name), [])),
        "types": sorted(t.value for t in p.get(str(RDF.type), [])),
        "country_code": (_first(p, HRG.countryCode) or ox.Literal("")).value or None,
        "country": _concept(store, _first(p, HRG.country), lang),
        "region": _concept(store, _first(p, HRG.region), lang),
        "government_type": _concept(store, _first(p, HRG.governmentType), lang),
        "member_type": _concept(store, _first(p, HRG.memberType), lang),
        "population_range": _concept(store, _first(p, HRG.populationRange), lang),
        "joined": _int(_first(p, HRG.joinedYear)),
        "same_as": sorted(o.value for o in p.get(str(OWL.sameAs), [])),
        "mandates": [],
        "profiles": [],
        "themes": [],
        "vision": [],
        "motivations": [],
    }
    for m in sorted(p.get(str(HRG.mandate), []), key=str):
        mp = outgoing(store, m.value)
        leader = _first(mp, HRG.leader)
        card["mandates"].append(
            {
                "iri": m.value,
                "leader": label(store, leader.value, lang) if leader else None,
                "leader_iri": leader.value if leader else None,
                "title": pick(mp.get(str(HRG.leaderTitle), []), lang),
                "titles": by_language(mp.get(str(HRG.leaderTitle), [])),
                "start": _int(_first(mp, HRG.startYear)),
                "end": _int(_first(mp, HRG.endYear)),
                "years": _int(_first(mp, HRG.durationYears)),
            }
        )
    for page in sorted(p.get(str(HRG.profile), []), key=str):
        pp = outgoing(store, page.value)
        edition = {
            "iri": page.value,
            "lang": (_first(pp, HRG.lang) or ox.Literal("")).value,
            "file": (_first(pp, HRG.sourceFile) or ox.Literal("")).value,
            "source": (_first(pp, PROV.hadPrimarySource) or ox.Literal("")).value or None,
            "graph": (_first(pp, PROV.wasDerivedFrom) or ox.Literal("")).value or None,
        }
        card["profiles"].append(edition)
        answers = []
        for v in pp.get(str(HRG.vision), []):
            vp = outgoing(store, v.value)
            answers.append(
                {
                    "iri": v.value,
                    "question": pick(vp.get(str(HRG.question), []), lang),
                    "answer": pick(vp.get(str(HRG.answer), []), lang),
                    "line": _int(_first(vp, HRG.sourceLine)),
                    "file": edition["file"],
                    "lang": edition["lang"],
                }
            )
        card["vision"] += sorted(answers, key=lambda a: a["line"] or 0)
        card["motivations"] += [
            {"text": m.value, "lang": m.language, "file": edition["file"]}
            for m in pp.get(str(HRG.motivation), [])
        ]
    # show the visitor's language edition first
    card["profiles"].sort(key=lambda e: (e["lang"] != lang, e["lang"]))
    card["vision"].sort(key=lambda a: (a["lang"] != lang, a["lang"], a["line"] or 0))
    card["motivations"].sort(key=lambda m: (m["lang"] != lang, m["lang"] or ""))
    files = {e["iri"]: e["file"] for e in card["profiles"]}
    groups: dict[str, dict] = {}
    for prog in sorted(p.get(str(HRG.programme), []), key=str):
        item = programme(store, prog.value, lang, files)
        key = item["theme"]["iri"] if item["theme"] else ""
        group = groups.setdefault(key, {"theme": item["theme"], "programmes": []})
        group["programmes"].append(item)
    card["themes"] = sorted(
        groups.values(),
        key=lambda g: (g["theme"] is None, g["theme"]["label"] if g["theme"] else ""),
    )
    return card


def programme(store: ox.Store, iri: str, lang: str, files: dict[str, str] | None = None) -> dict:
    p = outgoing(store, iri)
    page = _first(p, HRG.describedIn)
    if files is None or page is None or page.value not in files:
        file = (
            (_first(outgoing(store, page.value), HRG.sourceFile) or ox.Literal("")).value
            if page
            else ""
        )
    else:
        file = files[page.value]
    figures = []
    for f in sorted(p.get(str(HRG.figure), []), key=str):
        fp = outgoing(store, f.value)
        figures.append(
            {
                "iri": f.value,
                "text": pick(fp.get(str(RDFS.label), []), lang),
                "value": (_first(fp, HRG.value) or ox.Literal("")).value,
                "counts": pick(fp.get(str(HRG.counts), []), lang),
                "period": (_first(fp, HRG.period) or ox.Literal("")).value or None,
                "line": _int(_first(fp, HRG.sourceLine)),
            }
        )
    theme = _first(p, HRG.theme)
    runner = _first(p, HRG.runBy)
    return {
        "iri": iri,
        "title": pick(p.get(str(DCTERMS.title), []), lang) or label(store, iri, lang),
        "description": pick(p.get(str(DCTERMS.description), []), lang),
        "theme": _concept(store, theme, lang),
        "theme_label": pick(p.get(str(HRG.themeLabel), []), lang),
        "figures": figures,
        "line": _int(_first(p, HRG.sourceLine)),
        "file": file,
        "member": _concept(store, runner, lang),
    }


def _themes_of(store: ox.Store, props: dict[str, list]) -> set[str]:
    return {
        t.value
        for prog in props.get(str(HRG.programme), [])
        for t in outgoing(store, prog.value).get(str(HRG.theme), [])
    }


def all_members(store: ox.Store, lang: str) -> list[dict]:
    """Every member with what the index shows and filters on, read in one pass."""
    out = []
    for q in store.quads_for_pattern(None, N(RDF.type), N(HRG.Member), DEFAULT):
        iri = q.subject.value
        p = outgoing(store, iri)
        region = _first(p, HRG.region)
        out.append(
            {
                "iri": iri,
                "name": pick(p.get(str(SCHEMA.name), []), lang) or iri,
                "country_code": (_first(p, HRG.countryCode) or ox.Literal("")).value,
                "region": _concept(store, region, lang),
                "joined": _int(_first(p, HRG.joinedYear)),
                "programmes": len(p.get(str(HRG.programme), [])),
                "themes": _themes_of(store, p),
            }
        )
    return sorted(out, key=lambda m: (m["name"].casefold(), m["iri"]))


def members(store: ox.Store, lang: str, region=None, country=None, theme=None) -> list[dict]:
    """Members for the index, filtered by region/theme concept IRI or country code."""
    return [
        m
        for m in all_members(store, lang)
        if (not region or (m["region"] or {}).get("iri") == region)
        and (not country or m["country_code"].upper() == country.upper())
        and (not theme or theme in m["themes"])
    ]


def concepts(store: ox.Store, scheme: str, lang: str) -> list[dict]:
    out = []
    for q in store.quads_for_pattern(None, N(SKOS.inScheme), N(scheme), DEFAULT):
        out.append({"iri": q.subject.value, "label": label(store, q.subject.value, lang)})
    return sorted(out, key=lambda c: c["label"].casefold())


def theme_page(store: ox.Store, iri: str, lang: str) -> dict:
    p = outgoing(store, iri)
    programmes = [
        programme(store, q.subject.value, lang)
        for q in store.quads_for_pattern(None, N(HRG.theme), N(iri), DEFAULT)
    ]
    programmes.sort(key=lambda x: ((x["member"] or {}).get("label", ""), x["title"]))
    return {
        "iri": iri,
        "label": label(store, iri, lang),
        "labels": by_language(p.get(str(SKOS.prefLabel), [])),
        "alt_labels": sorted(v.value for v in p.get(str(SKOS.altLabel), [])),
        "definition": pick(p.get(str(SKOS.definition), []), lang),
        "matches": sorted(
            o.value for prop in (SKOS.closeMatch, SKOS.exactMatch) for o in p.get(str(prop), [])
        ),
        "programmes": programmes,
    }


def related(store: ox.Store, iri: str, lang: str) -> dict[str, list[dict]]:
    """Members sharing the region or a theme with this one."""
    others = [m for m in all_members(store, lang) if m["iri"] != iri]
    card = outgoing(store, iri)
    region = _first(card, HRG.region)
    themes = _themes_of(store, card)
    return {
        "region": [m for m in others if region and (m["region"] or {}).get("iri") == region.value],
        "theme": [m for m in others if m["themes"] & themes],
    }


def search(store: ox.Store, text: str, lang: str, limit: int = 20) -> list[dict]:
    """Resources whose label contains the text (case-insensitive), then labels that
    are close to it (typos: "genevilier" finds Gennevilliers)."""
    needle = text.casefold().strip()
    if not needle:
        return []
    labelled: dict[str, set[str]] = defaultdict(set)
    for prop in LABEL_PROPS:
        for q in store.quads_for_pattern(None, N(prop), None, DEFAULT):
            if isinstance(q.object, ox.Literal) and isinstance(q.subject, ox.NamedNode):
                labelled[q.subject.value].add(q.object.value.casefold())
    scores: dict[str, float] = {}
    for iri, texts in labelled.items():
        best = 0.0
        for t in texts:
            if needle in t:
                best = max(best, 2.0 if t.startswith(needle) else 1.5)
                continue
            for candidate in (t, *t.split()):
                ratio = difflib.SequenceMatcher(None, needle, candidate).ratio()
                if ratio >= 0.75:
                    best = max(best, ratio)
        if best:
            scores[iri] = best
    members = {
        q.subject.value for q in store.quads_for_pattern(None, N(RDF.type), N(HRG.Member), DEFAULT)
    }
    ranked = sorted(scores, key=lambda iri: (-scores[iri], iri not in members, iri))[:limit]
    return [{"iri": iri, "label": label(store, iri, lang)} for iri in ranked]
