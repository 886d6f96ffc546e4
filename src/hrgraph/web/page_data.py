"""What the HTML pages show, read from the store: cards, indexes, search.

The pages (pages.py) render these plain dicts; the RDF documents use the
:mod:`description` of the same resource, so a page and its Turtle tell the same story.
Values that need the whole graph (the member list by language, the search index, the
count of programmes per theme) are built once per release and process: pages.py keeps
them on the live release (:meth:`LiveRelease.index`).
"""

from __future__ import annotations

import difflib
import heapq
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from itertools import chain, islice

import pyoxigraph as ox

from hrgraph.languages import fallbacks
from hrgraph.rdf.namespaces import (
    DCTERMS,
    HRG,
    ONTOLOGY,
    OWL,
    PROV,
    RDF,
    RDFS,
    SCHEMA,
    SKOS,
    THEMES,
    VOID,
    curie,
)
from hrgraph.web.description import DEFAULT, Description, N, outgoing

LABEL_PROPS = (str(SKOS.prefLabel), str(RDFS.label), str(SCHEMA.name), str(DCTERMS.title))
THEME_SCHEME = str(THEMES).rstrip("/")
RELATED_SHOWN = 12  # members a member's page lists as sharing its region, and its themes


def pick(values: list, lang: str) -> str | None:
    """The literal in the visitor's language, else in the fallback order, else any."""
    literals = [v for v in values if isinstance(v, ox.Literal)]
    for wanted in (*fallbacks(lang), None):
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


def own_properties(description: Description) -> dict[str, list]:
    """predicate IRI -> objects of the described resource itself, from its description."""
    found: dict[str, list] = defaultdict(list)
    for t in description.triples:
        if t.subject.value == description.iri:
            found[t.predicate.value].append(t.object)
    return found


def _props(store: ox.Store, iri: str, description: Description | None) -> dict[str, list]:
    if description is not None and description.iri == iri and not description.is_graph:
        return own_properties(description)
    return outgoing(store, iri)


def member_card(
    store: ox.Store, iri: str, lang: str, description: Description | None = None
) -> dict:
    """Everything a member's page shows, in the visitor's language where possible: its
    own facts from its description (when given), the rest (labels of what it links to,
    its profiles and programmes) from the store."""
    p = _props(store, iri, description)
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


def programme(
    store: ox.Store,
    iri: str,
    lang: str,
    files: dict[str, str] | None = None,
    description: Description | None = None,
) -> dict:
    p = _props(store, iri, description)
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


def _by_name(members) -> list[dict]:
    return sorted(members, key=lambda m: (m["name"].casefold(), m["iri"]))


@dataclass
class MemberIndex:
    """Every member in one language, with what the index filters on, and lookups."""

    members: list[dict]  # sorted by name
    by_iri: dict[str, dict] = field(default_factory=dict)
    by_region: dict[str, list[dict]] = field(default_factory=dict)
    by_theme: dict[str, list[dict]] = field(default_factory=dict)
    place: dict[str, int] = field(default_factory=dict)  # IRI -> index in ``members``

    def __post_init__(self):
        by_region, by_theme = defaultdict(list), defaultdict(list)
        for i, m in enumerate(self.members):
            self.by_iri[m["iri"]] = m
            self.place[m["iri"]] = i
            if m["region"]:
                by_region[m["region"]["iri"]].append(m)
            for theme in m["themes"]:
                by_theme[theme].append(m)
        self.by_region, self.by_theme = dict(by_region), dict(by_theme)

    @property
    def countries(self) -> list[str]:
        return sorted({m["country_code"] for m in self.members if m["country_code"]})

    def filter(self, region=None, country=None, theme=None) -> list[dict]:
        """Members filtered by region/theme concept IRI or country code."""
        found = self.members
        if region:
            found = self.by_region.get(region, [])
        if theme:
            found = [m for m in found if theme in m["themes"]]
        if country:
            found = [m for m in found if m["country_code"].upper() == country.upper()]
        return found

    def related(self, iri: str, shown: int | None = None) -> dict:
        """Members sharing the region or a theme with this one: the ``shown`` closest of
        each (same country first in the region; most themes in common first), and how
        many there are in all. With thousands of members, a page listing every one of
        them would be a directory, not a member's page: the index lists them all."""
        shown = RELATED_SHOWN if shown is None else shown
        me = self.by_iri.get(iri)
        if me is None:
            return {"region": [], "theme": [], "region_total": 0, "theme_total": 0}
        region = self.by_region.get(me["region"]["iri"], []) if me["region"] else []
        region = [m for m in region if m["iri"] != iri]
        # Members by their place in name order, with how many of my themes each shares.
        place = self.place
        shared = Counter(place[m["iri"]] for t in me["themes"] for m in self.by_theme.get(t, ()))
        del shared[place[iri]]
        country = me["country_code"]
        same = (m for m in region if m["country_code"] == country)  # each in name order
        others = (m for m in region if m["country_code"] != country)
        closest_region = list(islice(chain(same, others), shown))
        closest = heapq.nsmallest(shown, shared.items(), key=lambda item: (-item[1], item[0]))
        return {
            "region": closest_region,
            "theme": [self.members[i] for i, _ in closest],
            "region_total": len(region),
            "theme_total": len(shared),
        }

    def using(self, store: ox.Store, iri: str) -> list[dict]:
        """Members with ``iri`` as the value of one of their properties."""
        found = {q.subject.value for q in store.quads_for_pattern(None, None, N(iri), DEFAULT)}
        return [m for m in self.members if m["iri"] in found]


def member_index(store: ox.Store, lang: str) -> MemberIndex:
    """Every member with what the index shows and filters on (made once per language
    and release: see pages.members_of)."""
    # Each programme's themes from one scan, not one lookup per programme (60,000 of
    # them at 10,000 profiles: 5 of the 7 seconds this took).
    themes: dict[str, set[str]] = defaultdict(set)
    for q in store.quads_for_pattern(None, N(HRG.theme), None, DEFAULT):
        themes[q.subject.value].add(q.object.value)
    programme = str(HRG.programme)
    regions: dict[str, dict | None] = {}  # a few regions, each labelled once
    out = []
    for q in store.quads_for_pattern(None, N(RDF.type), N(HRG.Member), DEFAULT):
        iri = q.subject.value
        p = outgoing(store, iri)
        region = _first(p, HRG.region)
        key = region.value if region is not None else None
        if key not in regions:
            regions[key] = _concept(store, region, lang)
        out.append(
            {
                "iri": iri,
                "name": pick(p.get(str(SCHEMA.name), []), lang) or iri,
                "country_code": (_first(p, HRG.countryCode) or ox.Literal("")).value,
                "region": regions[key],
                "joined": _int(_first(p, HRG.joinedYear)),
                "programmes": len(p.get(programme, [])),
                "themes": {t for prog in p.get(programme, []) for t in themes.get(prog.value, ())},
            }
        )
    return MemberIndex(_by_name(out))


def concepts(store: ox.Store, scheme: str, lang: str) -> list[dict]:
    out = []
    for q in store.quads_for_pattern(None, N(SKOS.inScheme), N(scheme), DEFAULT):
        out.append({"iri": q.subject.value, "label": label(store, q.subject.value, lang)})
    return sorted(out, key=lambda c: c["label"].casefold())


def theme_counts(store: ox.Store) -> dict[str, int]:
    """Theme concept IRI -> how many programmes have it."""
    counts: dict[str, int] = defaultdict(int)
    for q in store.quads_for_pattern(None, N(HRG.theme), None, DEFAULT):
        counts[q.object.value] += 1
    return dict(counts)


def theme_page(
    store: ox.Store, iri: str, lang: str, description: Description | None = None
) -> dict:
    p = _props(store, iri, description)
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


def ontology(store: ox.Store, lang: str) -> dict:
    """The ontology's terms, for its document page."""
    graph = N(ONTOLOGY)
    terms = {"classes": [], "properties": []}
    kinds = {
        str(OWL.Class): "classes",
        str(OWL.ObjectProperty): "properties",
        str(OWL.DatatypeProperty): "properties",
        str(OWL.AnnotationProperty): "properties",
    }
    seen = set()
    for q in store.quads_for_pattern(None, N(RDF.type), None, graph):
        kind = kinds.get(q.object.value)
        term = q.subject.value
        if not kind or not term.startswith(str(HRG)) or term in seen:
            continue
        seen.add(term)
        props = outgoing(store, term)
        terms[kind].append(
            {
                "iri": term,
                "name": term[len(str(HRG)) :],
                "label": pick(props.get(str(RDFS.label), []), lang),
                "comment": pick(props.get(str(RDFS.comment), []), lang),
                "parents": sorted(
                    o.value
                    for p in (RDFS.subClassOf, RDFS.subPropertyOf)
                    for o in props.get(str(p), [])
                    if isinstance(o, ox.NamedNode)
                ),
                "matches": sorted(
                    o.value
                    for p in (SKOS.exactMatch, SKOS.closeMatch, SKOS.relatedMatch)
                    for o in props.get(str(p), [])
                ),
            }
        )
    for kind in terms:
        terms[kind].sort(key=lambda t: t["name"].casefold())
    head = outgoing(store, ONTOLOGY)
    return {
        "title": pick(head.get(str(DCTERMS.title), []), lang) or "hrgraph ontology",
        "description": pick(head.get(str(DCTERMS.description), []), lang),
        "version": (head.get(str(OWL.versionInfo)) or [ox.Literal("")])[0].value,
        "version_iri": (head.get(str(OWL.versionIRI)) or [ox.Literal("")])[0].value,
        **terms,
    }


# Search -----------------------------------------------------------------------------
#
# Labels are indexed once per release by their trigrams, so a search (and every
# suggestion on a 404 page) looks at the labels that share letters with the text, not
# at every label of the graph.

FUZZY_CUTOFF = 0.75  # difflib ratio from which a label counts as a typo of the text
MAX_CANDIDATES = 400  # labels compared closely, at most, per search


def _grams(text: str) -> set[str]:
    padded = f" {text} "
    return {padded[i : i + 3] for i in range(len(padded) - 2)}


def _inner_grams(text: str) -> set[str]:
    return {text[i : i + 3] for i in range(len(text) - 2)}


class SearchIndex:
    """Every label (casefolded) and its words, by trigram, with the IRIs they label."""

    def __init__(self, store: ox.Store):
        self.texts: dict[str, set[str]] = defaultdict(set)  # label -> IRIs
        self.words: dict[str, set[str]] = defaultdict(set)  # word of a label -> IRIs
        for prop in LABEL_PROPS:
            for q in store.quads_for_pattern(None, N(prop), None, DEFAULT):
                if isinstance(q.object, ox.Literal) and isinstance(q.subject, ox.NamedNode):
                    text = q.object.value.casefold()
                    self.texts[text].add(q.subject.value)
                    for word in text.split():
                        self.words[word].add(q.subject.value)
        self.text_grams: dict[str, set[str]] = defaultdict(set)
        for text in self.texts:
            for g in _grams(text):
                self.text_grams[g].add(text)
        self.word_grams: dict[str, set[str]] = defaultdict(set)
        for key in (*self.texts, *self.words):
            for g in _grams(key):
                self.word_grams[g].add(key)
        self.members = {
            q.subject.value
            for q in store.quads_for_pattern(None, N(RDF.type), N(HRG.Member), DEFAULT)
        }

    def _containing(self, needle: str) -> list[str]:
        grams = _inner_grams(needle)
        if not grams:  # one or two letters: labels that start with them
            return [t for t in self.texts if t.startswith(needle) or f" {needle}" in t]
        posting = sorted((self.text_grams.get(g, set()) for g in grams), key=len)
        found = set.intersection(*posting) if posting else set()
        return [t for t in found if needle in t]

    def _close(self, needle: str) -> dict[str, float]:
        grams = _grams(needle)
        shared: dict[str, int] = defaultdict(int)
        for g in grams:
            for key in self.word_grams.get(g, ()):
                shared[key] += 1
        need = max(2, len(grams) // 3)
        candidates = sorted((k for k, n in shared.items() if n >= need), key=lambda k: -shared[k])
        scores = {}
        for key in candidates[:MAX_CANDIDATES]:
            ratio = difflib.SequenceMatcher(None, needle, key).ratio()
            if ratio >= FUZZY_CUTOFF:
                scores[key] = ratio
        return scores

    def search(self, text: str, limit: int = 20) -> list[str]:
        """IRIs whose label contains the text (case-insensitive), then those with a
        label close to it (typos: "genevilier" finds Gennevilliers); members first."""
        needle = text.casefold().strip()
        if not needle:
            return []
        scores: dict[str, float] = {}
        for key, ratio in self._close(needle).items():
            for iri in self.texts.get(key, set()) | self.words.get(key, set()):
                scores[iri] = max(scores.get(iri, 0.0), ratio)
        for label_text in self._containing(needle):
            score = 2.0 if label_text.startswith(needle) else 1.5
            for iri in self.texts[label_text]:
                scores[iri] = max(scores.get(iri, 0.0), score)
        ranked = sorted(scores, key=lambda iri: (-scores[iri], iri not in self.members, iri))
        return ranked[:limit]


def search(store: ox.Store, index: SearchIndex, text: str, lang: str, limit: int = 20):
    """Search hits as {iri, label} in the visitor's language."""
    return [{"iri": iri, "label": label(store, iri, lang)} for iri in index.search(text, limit)]


# The dataset's description -----------------------------------------------------------


def dataset(store: ox.Store, iri: str, graph: str, lang: str) -> dict:
    """What the VoID page shows: the description the build wrote, in ``lang``."""
    g = N(graph)

    def props(subject: str) -> dict[str, list]:
        found: dict[str, list] = defaultdict(list)
        for q in store.quads_for_pattern(N(subject), None, None, g):
            found[q.predicate.value].append(q.object)
        return found

    p = props(iri)

    def one(prop) -> str | None:
        term = _first(p, prop)
        return term.value if term is not None else None

    classes = []
    for part in p.get(str(VOID.classPartition), []):
        pp = props(part.value)
        cls = _first(pp, VOID["class"])
        if cls is not None:
            classes.append(
                {
                    "iri": cls.value,
                    "name": curie(cls.value) or cls.value,
                    "entities": _int(_first(pp, VOID.entities)),
                }
            )
    return {
        "iri": iri,
        "title": pick(p.get(str(DCTERMS.title), []), lang),
        "description": pick(p.get(str(DCTERMS.description), []), lang),
        "publisher": one(DCTERMS.publisher),
        "rights": one(DCTERMS.rights),
        "license": one(DCTERMS.license),
        "triples": _int(_first(p, VOID.triples)),
        "subjects": _int(_first(p, VOID.distinctSubjects)),
        "properties": _int(_first(p, VOID.properties)),
        "uri_space": one(VOID.uriSpace),
        "endpoint": one(VOID.sparqlEndpoint),
        "dumps": sorted(o.value for o in p.get(str(VOID.dataDump), [])),
        "examples": sorted(o.value for o in p.get(str(VOID.exampleResource), [])),
        "subsets": sorted(o.value for o in p.get(str(VOID.subset), [])),
        "classes": sorted(classes, key=lambda c: c["name"].casefold()),
    }
