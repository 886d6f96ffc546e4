"""Every name a client may reconcile against, gathered once from a release's store.

An :class:`Index` holds the members (territories and organisations), their programmes
and the themes, each an :class:`Entity` with its labels in the three languages, its
``skos:altLabel`` names, the properties a query may filter by (country code, region,
joining year) and the values data extension returns. It is built once per release
(web/state.py keeps it on the live release; ``hrgraph link`` builds it once per run)
and never changes, so it is shared by threads without locks.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

import pyoxigraph as ox

from hrgraph.languages import LANGUAGES, fallbacks
from hrgraph.rdf.namespaces import HRG, THEMES
from hrgraph.reconcile.names import key

SKOS = "http://www.w3.org/2004/02/skos/core#"
RDFS = "http://www.w3.org/2000/01/rdf-schema#"
SCHEMA = "http://schema.org/"
DCT = "http://purl.org/dc/terms/"
OWL_SAME_AS = "http://www.w3.org/2002/07/owl#sameAs"


@dataclass(frozen=True)
class Kind:
    """A type a query may ask for: its short name, its IRI and its labels."""

    name: str
    iri: str
    labels: dict[str, str]

    def label(self, lang: str | None = None) -> str:
        return next(self.labels[x] for x in fallbacks(lang) if x in self.labels)


KINDS: dict[str, Kind] = {
    k.name: k
    for k in (
        Kind(
            "territory",
            str(HRG.Territory),
            {"en": "Territory", "fr": "Territoire", "es": "Territorio"},
        ),
        Kind(
            "organisation",
            str(HRG.Organisation),
            {"en": "Organisation", "fr": "Organisation", "es": "Organización"},
        ),
        Kind(
            "programme",
            str(HRG.Programme),
            {"en": "Programme", "fr": "Programme", "es": "Programa"},
        ),
        Kind("theme", SKOS + "Concept", {"en": "Theme", "fr": "Thème", "es": "Tema"}),
    )
}
MEMBER_KINDS = ("territory", "organisation")


def kind_named(word: str) -> Kind | None:
    """The kind a query's type stands for: its short name or IRI (any case), or None."""
    found = KINDS.get(word.strip().lower())
    return found or next((k for k in KINDS.values() if k.iri == word.strip()), None)


@dataclass(frozen=True)
class Value:
    """One value of an extended property: an entity (``iri`` and ``name``) or a literal."""

    name: str
    iri: str | None = None
    number: int | None = None


@dataclass
class Entity:
    iri: str
    kind: str
    labels: dict[str, str] = field(default_factory=dict)  # language -> preferred label
    alt: list[str] = field(default_factory=list)  # other names, any language
    country_code: str | None = None
    joined: int | None = None
    values: dict[str, list[Value]] = field(default_factory=lambda: defaultdict(list))
    description: dict[str, str] = field(default_factory=dict)  # language -> one line

    def label(self, lang: str | None = None) -> str:
        for x in fallbacks(lang):
            if x in self.labels:
                return self.labels[x]
        return next(iter(self.labels.values()), None) or (self.alt[0] if self.alt else self.iri)

    def names(self) -> list[str]:
        """Every name it is known by, preferred labels first."""
        seen: dict[str, None] = {}
        for text in [*self.labels.values(), *self.alt]:
            seen.setdefault(text, None)
        return list(seen)

    def describe(self, lang: str | None = None) -> str:
        return next((self.description[x] for x in fallbacks(lang) if x in self.description), "")


# Properties a query may filter by and data extension may return: id -> labels.
PROPERTIES: dict[str, dict[str, str]] = {
    "countryCode": {"en": "country code", "fr": "code pays", "es": "código de país"},
    "country": {"en": "country", "fr": "pays", "es": "país"},
    "region": {"en": "region", "fr": "région", "es": "región"},
    "joinedYear": {"en": "year of joining", "fr": "année d'adhésion", "es": "año de adhesión"},
    "leader": {"en": "leader", "fr": "dirigeant·e", "es": "líder"},
    "governmentType": {
        "en": "government type",
        "fr": "type de gouvernement",
        "es": "tipo de gobierno",
    },
    "populationRange": {
        "en": "population range",
        "fr": "tranche de population",
        "es": "rango de población",
    },
    "theme": {"en": "themes", "fr": "thèmes", "es": "temas"},
    "sameAs": {"en": "same as", "fr": "identique à", "es": "igual a"},
}
# Those a reconciliation query may carry (the others are extension only).
QUERY_PROPERTIES = ("countryCode", "country", "region", "joinedYear")


def property_named(word: str) -> str | None:
    """A property id from its id, its ontology IRI or its CURIE (``hrg:region``)."""
    local = word.strip().rsplit("#", 1)[-1].rsplit("/", 1)[-1].split(":")[-1]
    return next((p for p in PROPERTIES if p.lower() == local.lower()), None)


class Index:
    """The entities of one release and the keys their names fold to."""

    def __init__(self, entities: list[Entity]):
        self.entities = entities
        self.by_iri = {e.iri: e for e in entities}
        # Parallel lists for rapidfuzz: the folded key of each name, and whose it is.
        self.keys: list[str] = []
        self.owners: list[int] = []
        for n, entity in enumerate(entities):
            for k in dict.fromkeys(key(name) for name in entity.names()):
                if k:
                    self.keys.append(k)
                    self.owners.append(n)

    def __len__(self) -> int:
        return len(self.entities)

    @classmethod
    def from_store(cls, store: ox.Store) -> Index:
        return cls(_entities(store))


def _select(store: ox.Store, query: str):
    return store.query(query, use_default_graph_as_union=True)


def _text(term) -> str:
    return term.value


def _lang(term) -> str | None:
    return getattr(term, "language", None) or None


def _entities(store: ox.Store) -> list[Entity]:
    found: dict[str, Entity] = {}
    members = _select(
        store,
        f"""SELECT DISTINCT ?m WHERE {{ ?m a <{HRG.Member}> }}""",
    )
    for row in members:
        iri = row["m"].value
        kind = "organisation" if "/id/organisation/" in iri else "territory"
        found[iri] = Entity(iri, kind)
    for row in _select(store, f"SELECT DISTINCT ?p WHERE {{ ?p a <{HRG.Programme}> }}"):
        found[row["p"].value] = Entity(row["p"].value, "programme")
    themes = f"SELECT DISTINCT ?t WHERE {{ ?t <{SKOS}inScheme> <{str(THEMES).rstrip('/')}> }}"
    for row in _select(store, themes):
        found[row["t"].value] = Entity(row["t"].value, "theme")

    preferred = (f"{RDFS}label", f"{SKOS}prefLabel", f"{SCHEMA}name", f"{DCT}title")
    for row in _select(
        store,
        f"""SELECT DISTINCT ?s ?p ?l WHERE {{
              VALUES ?p {{ {" ".join(f"<{p}>" for p in preferred)} <{SKOS}altLabel>
                          <{SCHEMA}alternateName> }}
              ?s ?p ?l FILTER(isLiteral(?l)) }}""",
    ):
        entity = found.get(row["s"].value)
        if entity is None:
            continue
        text, lang = _text(row["l"]), _lang(row["l"])
        if row["p"].value in preferred and (lang in LANGUAGES or lang is None):
            entity.labels.setdefault(lang or LANGUAGES[0], text)
        elif text not in entity.alt:
            entity.alt.append(text)

    _member_values(store, found)
    _descriptions(found)
    return sorted(found.values(), key=lambda e: (list(KINDS).index(e.kind), e.iri))


def _labels_of(store: ox.Store) -> dict[str, dict[str, str]]:
    """Preferred labels of the vocabulary concepts and people, by language."""
    labels: dict[str, dict[str, str]] = defaultdict(dict)
    for row in _select(
        store,
        f"""SELECT DISTINCT ?s ?l WHERE {{ VALUES ?p {{ <{SKOS}prefLabel> <{SCHEMA}name> }}
              ?s ?p ?l FILTER(isLiteral(?l)) }}""",
    ):
        labels[row["s"].value].setdefault(_lang(row["l"]) or LANGUAGES[0], row["l"].value)
    return labels


def _member_values(store: ox.Store, found: dict[str, Entity]) -> None:
    labels = _labels_of(store)

    def named(iri: str) -> Value:
        names = labels.get(iri, {})
        name = next((names[x] for x in LANGUAGES if x in names), None)
        return Value(name or next(iter(names.values()), iri.rsplit("/", 1)[-1]), iri)

    links = {
        "country": HRG.country,
        "region": HRG.region,
        "governmentType": HRG.governmentType,
        "populationRange": HRG.populationRange,
        "memberType": HRG.memberType,
    }
    for name, predicate in links.items():
        for row in _select(store, f"SELECT DISTINCT ?m ?o WHERE {{ ?m <{predicate}> ?o }}"):
            entity = found.get(row["m"].value)
            if (
                entity is not None
                and entity.kind in MEMBER_KINDS
                and isinstance(row["o"], ox.NamedNode)
            ):
                value = named(row["o"].value)
                if value not in entity.values[name]:
                    entity.values[name].append(value)
    for row in _select(store, f"SELECT DISTINCT ?m ?o WHERE {{ ?m <{HRG.countryCode}> ?o }}"):
        if (entity := found.get(row["m"].value)) is not None:
            entity.country_code = row["o"].value.upper()
            entity.values["countryCode"] = [Value(entity.country_code)]
    for row in _select(
        store, f"SELECT DISTINCT ?m ?o WHERE {{ ?m a <{HRG.Member}> ; <{HRG.joinedYear}> ?o }}"
    ):
        if (entity := found.get(row["m"].value)) is not None and row["o"].value.isdigit():
            entity.joined = int(row["o"].value)
            entity.values["joinedYear"] = [Value(row["o"].value, number=entity.joined)]
    for row in _select(
        store, f"SELECT DISTINCT ?m ?o WHERE {{ ?m <{OWL_SAME_AS}> ?o }} ORDER BY ?o"
    ):
        if (entity := found.get(row["m"].value)) is not None:
            entity.values["sameAs"].append(Value(row["o"].value))
    leaders = f"""SELECT DISTINCT ?m ?p WHERE {{ ?m <{HRG.mandate}> ?x . ?x <{HRG.leader}> ?p }}"""
    for row in _select(store, leaders):
        if (entity := found.get(row["m"].value)) is not None:
            value = named(row["p"].value)
            if value not in entity.values["leader"]:
                entity.values["leader"].append(value)
    themes = f"""SELECT DISTINCT ?m ?t WHERE {{ ?m <{HRG.programme}> ?p . ?p <{HRG.theme}> ?t }}
                 ORDER BY ?t"""
    for row in _select(store, themes):
        if (entity := found.get(row["m"].value)) is not None:
            entity.values["theme"].append(named(row["t"].value))
    runs = f"SELECT DISTINCT ?p ?m WHERE {{ ?p a <{HRG.Programme}> ; <{HRG.runBy}> ?m }}"
    for row in _select(store, runs):
        programme, member = found.get(row["p"].value), found.get(row["m"].value)
        if programme is not None and member is not None:
            programme.values["runBy"].append(Value(member.label(), member.iri))


def _descriptions(found: dict[str, Entity]) -> None:
    """One line that tells namesakes apart: kind, country, joining year / who runs it."""
    for entity in found.values():
        for lang in LANGUAGES:
            parts: list[str] = []
            if entity.kind in MEMBER_KINDS:
                for name in ("memberType", "country"):
                    parts += [v.name for v in entity.values.get(name, [])[:1]]
                if entity.joined:
                    parts.append(str(entity.joined))
            elif entity.kind == "programme":
                parts.append(KINDS["programme"].label(lang))
                parts += [v.name for v in entity.values.get("runBy", [])[:1]]
            else:
                parts.append(KINDS["theme"].label(lang))
            entity.description[lang] = " · ".join(parts)
