"""Map one :class:`Profile` to the triples of its named graph.

Every triple says where it came from: :class:`MappedProfile.sources` maps
``(subject, predicate)`` to the profile line that produced it, so validation reports
can name ``file:line``. Text that matches no concept in a vocabulary becomes a
warning naming the file and line; no concept is invented.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache

from rdflib import Graph, Literal, URIRef

from hrgraph.campaign import PAGE_FOLDERS, page_url
from hrgraph.countries import alpha_3, country_name
from hrgraph.languages import DEFAULT, LANGUAGES
from hrgraph.profile.model import ParseWarning, Profile
from hrgraph.rdf.namespaces import (
    COUNTRIES,
    DCTERMS,
    EU_COUNTRY,
    FOAF,
    HRG,
    ORG,
    OWL,
    PROV,
    RDF,
    RDFS,
    SCHEMA,
    SKOS,
    TIME,
    XSD,
    bind_prefixes,
)
from hrgraph.rdf.uris import Minter, segment
from hrgraph.rdf.vocabularies import Vocabularies


class _Terms:
    """A namespace whose terms are made once each: rdflib makes a new URIRef at every
    attribute access, and a build asks for the same few dozen terms millions of times."""

    def __init__(self, namespace) -> None:
        self._namespace = namespace

    def __getattr__(self, name: str) -> URIRef:
        term = self._namespace[name]
        setattr(self, name, term)
        return term

    def __getitem__(self, name: str) -> URIRef:
        return self._namespace[name]


DCTERMS, FOAF, HRG, ORG, OWL, PROV, RDF, RDFS, SCHEMA, SKOS, TIME, XSD = (
    _Terms(ns) for ns in (DCTERMS, FOAF, HRG, ORG, OWL, PROV, RDF, RDFS, SCHEMA, SKOS, TIME, XSD)
)

CAMPAIGN = HRG.HumanRightsCities2030
COUNTRY_SCHEME = URIRef(str(COUNTRIES).rstrip("/"))
COUNTRY_SCHEME_LABELS = {"en": "Countries", "fr": "Pays", "es": "Países"}
KIND_SEGMENT = {True: "territory", False: "organisation"}


@dataclass
class MemberIdentity:
    """Who a profile describes: the member's key (shared by its language editions)."""

    key: str
    same_as: list[URIRef] = field(default_factory=list)
    pages: list[URIRef] = field(default_factory=list)  # its pages on the campaign site
    # The name every edition that states one agrees on (a proper name: one
    # schema:name, tagged with the first such edition's language in fallback order);
    # None where editions differ, and each then states its own.
    name: str | None = None
    name_lang: str | None = None


class Triples(dict):
    """A page's triples as a set that keeps their order: all a build does with them is
    add, iterate and count, which an rdflib Graph does tens of times slower (its indexes
    and namespace bindings serve queries a build never asks)."""

    def add(self, triple: tuple) -> None:
        self[triple] = None

    def graph(self) -> Graph:
        """The same triples as an rdflib Graph, for whoever wants to query them."""
        g = Graph()
        bind_prefixes(g)
        for t in self:
            g.add(t)
        return g


@dataclass
class MappedProfile:
    profile: Profile
    graph_name: URIRef
    member: URIRef
    graph: Triples
    warnings: list[ParseWarning] = field(default_factory=list)
    sources: dict[tuple[str, str], int] = field(default_factory=dict)
    page: URIRef | None = None  # the profile page's IRI (hrg:Profile)


class _Builder:
    """Collects triples and the line each came from."""

    def __init__(self) -> None:
        self.graph = Triples()
        self.sources: dict[tuple[str, str], int] = {}

    def add(self, s, p, o, line: int | None = None) -> None:
        if o is None:
            return
        self.graph[(s, p, o)] = None
        if line:
            self.sources.setdefault((str(s), str(p)), line)


def member_kind_is_territory(vocab: Vocabularies, cls: URIRef) -> bool:
    territory = {HRG.Territory, HRG.City, HRG.RegionalGovernment}
    return cls in territory or vocab.answer(
        ("territory", cls), lambda: (cls, RDFS.subClassOf, HRG.Territory) in vocab.graph
    )


@cache  # years and line numbers: the same few hundred integers over and over
def _integer(value: int) -> Literal:
    return Literal(value, datatype=XSD.integer)


def decimal(value: int | float) -> Literal:
    """An xsd:decimal in canonical form ("35000.0"), which every RDF syntax keeps as is."""
    text = f"{value:f}".rstrip("0") if isinstance(value, float) else str(value)
    return Literal(
        text + "0" if text.endswith(".") else text if "." in text else text + ".0",
        datatype=XSD.decimal,
    )


def map_profile(
    profile: Profile,
    identity: MemberIdentity,
    vocab: Vocabularies,
    minter: Minter,
    source_file: str,
) -> MappedProfile:
    """The named graph of one profile page."""
    b = _Builder()
    warnings: list[ParseWarning] = []
    lang = profile.lang or DEFAULT
    lines = profile.lines
    cc = profile.country_code

    def warn(line: int | None, message: str, fieldname: str, rule=None, value=None) -> None:
        warnings.append(ParseWarning(line, message, fieldname, rule, value))

    def text(value: str | None, language: str = lang) -> Literal | None:
        return Literal(value, lang=language) if value else None

    def integer(value: int | None) -> Literal | None:
        return _integer(value) if value is not None else None

    # -- what kind of member ------------------------------------------------------
    government_type = vocab.government_types.lookup(profile.government_type)
    if profile.government_type and government_type is None:
        warn(
            lines.get("government_type"),
            f"government type {profile.government_type!r} matches no concept in "
            f"{vocab.government_types.iri}",
            "government_type",
            "Reader-governmentTypeUnknown",
            profile.government_type,
        )
    member_type, member_class = vocab.member_class(government_type)
    territory = member_kind_is_territory(vocab, member_class) or member_type is None
    member = minter.member(KIND_SEGMENT[territory], cc, identity.key)
    page = minter.profile(lang, profile.slug or identity.key)
    graph_name = minter.graph(lang, profile.slug or identity.key)

    # -- the member -----------------------------------------------------------------
    b.add(member, RDF.type, HRG.Member)
    if member_class != HRG.Member:
        b.add(member, RDF.type, member_class, lines.get("government_type"))
    name = Literal(identity.name, lang=identity.name_lang) if identity.name else None
    b.add(member, SCHEMA.name, name or text(profile.name), lines.get("name"))
    b.add(member, RDFS.label, text(profile.name), lines.get("name"))
    if cc:
        b.add(member, HRG.countryCode, Literal(cc), lines.get("country"))
        b.add(member, HRG.country, COUNTRIES[cc], lines.get("country"))
    region = vocab.regions.lookup(profile.region)
    if profile.region and region is None:
        warn(
            lines.get("region"),
            f"region {profile.region!r} matches no concept",
            "region",
            "Reader-regionUnknown",
            profile.region,
        )
    b.add(member, HRG.region, region, lines.get("region"))
    b.add(member, HRG.governmentType, government_type, lines.get("government_type"))
    b.add(member, HRG.memberType, member_type, lines.get("government_type"))
    pop = profile.population
    if pop.min is not None or pop.max is not None:
        population_range = vocab.population_range(pop.min, pop.max)
        if population_range is None:
            population_range = vocab.population_ranges.lookup(pop.label)
        if population_range is None:
            warn(
                lines.get("population"),
                f"population range {pop.label!r} ({pop.min}-{pop.max}) matches no concept",
                "population",
                "Reader-populationUnknown",
                pop.label,
            )
        b.add(member, HRG.populationRange, population_range, lines.get("population"))
    b.add(member, HRG.joinedYear, integer(profile.joined), lines.get("joined"))
    for iri in identity.same_as:
        b.add(member, OWL.sameAs, iri)
        b.add(member, SCHEMA.sameAs, iri)
    own_page = (
        {URIRef(page_url(lang, profile.slug))} if profile.slug and lang in PAGE_FOLDERS else set()
    )
    for iri in sorted({*identity.pages, *own_page}):
        b.add(member, FOAF.page, iri)
    b.add(member, HRG.profile, page, lines.get("name"))

    # -- campaign membership ------------------------------------------------------------
    if profile.joined is not None:
        membership = minter.membership(cc, identity.key)
        b.add(member, HRG.campaignMembership, membership, lines.get("joined"))
        b.add(membership, RDF.type, HRG.CampaignMembership)
        b.add(membership, ORG.member, member)
        b.add(membership, ORG.organization, CAMPAIGN)
        b.add(membership, HRG.joinedYear, integer(profile.joined), lines.get("joined"))

    # -- the leader's mandate -------------------------------------------------------------
    leader = profile.leader
    if leader.name:
        line = lines.get("leader")
        mandate = minter.mandate(cc, identity.key, leader.name)
        person = minter.person(cc, identity.key, leader.name)
        b.add(member, HRG.mandate, mandate, line)
        b.add(mandate, RDF.type, HRG.Mandate)
        b.add(mandate, HRG.mandateOf, member, line)
        b.add(mandate, HRG.leader, person, line)
        b.add(mandate, HRG.describedIn, page)
        b.add(mandate, HRG.leaderTitle, text(leader.title, leader.title_lang or lang), line)
        b.add(person, RDF.type, SCHEMA.Person)
        b.add(person, SCHEMA.name, Literal(leader.name), line)
        b.add(person, RDFS.label, Literal(leader.name), line)
        m, mline = profile.mandate, lines.get("mandate")
        b.add(mandate, HRG.startYear, integer(m.start), mline)
        b.add(mandate, HRG.endYear, integer(m.end), mline)
        b.add(mandate, HRG.durationYears, integer(m.years), mline)
        if m.start is not None or m.end is not None:
            interval = URIRef(f"{mandate}/interval")
            b.add(mandate, ORG.memberDuring, interval, mline)
            b.add(interval, RDF.type, TIME.Interval)
            for prop, value, name in (
                (TIME.hasBeginning, m.start, "start"),
                (TIME.hasEnd, m.end, "end"),
            ):
                if value is not None:
                    instant = URIRef(f"{interval}/{name}")
                    b.add(interval, prop, instant, mline)
                    b.add(instant, RDF.type, TIME.Instant)
                    b.add(instant, TIME.inXSDgYear, Literal(str(value), datatype=XSD.gYear), mline)

    # -- the profile page itself --------------------------------------------------------
    b.add(page, RDF.type, HRG.Profile)
    b.add(page, HRG.about, member)
    b.add(page, HRG.lang, Literal(lang))
    b.add(page, SCHEMA.inLanguage, Literal(lang))
    if profile.slug:
        b.add(page, HRG.slug, Literal(profile.slug))
        if lang in PAGE_FOLDERS:
            b.add(page, PROV.hadPrimarySource, URIRef(page_url(lang, profile.slug)))
    b.add(page, DCTERMS.title, text(profile.name), lines.get("name"))
    b.add(page, RDFS.label, text(f"{profile.name} ({lang})" if profile.name else None))
    b.add(page, HRG.sourceFile, Literal(source_file))
    for motivation in profile.motivations:
        b.add(page, HRG.motivation, text(motivation), lines.get("motivations"))
    for n, answer in enumerate(profile.vision, 1):
        node = URIRef(f"{page}/vision/{n}")
        b.add(page, HRG.vision, node, answer.line)
        b.add(node, RDF.type, HRG.VisionAnswer)
        b.add(node, HRG.question, text(answer.question), answer.line)
        b.add(node, HRG.answer, text(answer.answer), answer.line)
        b.add(node, HRG.describedIn, page)
        b.add(node, HRG.sourceLine, integer(answer.line))

    # -- programmes ---------------------------------------------------------------------
    used: set[str] = set()
    for programme in profile.programmes:
        seg = segment(programme.title)
        n = 2
        while seg in used:
            seg, n = f"{segment(programme.title)}-{n}", n + 1
        used.add(seg)
        node = minter.programme(cc, identity.key, seg)
        line = programme.line
        b.add(member, HRG.programme, node, line)
        b.add(node, RDF.type, HRG.Programme)
        b.add(node, HRG.runBy, member, line)
        b.add(node, DCTERMS.title, text(programme.title), line)
        b.add(node, RDFS.label, text(programme.title), line)
        b.add(node, DCTERMS.description, text(programme.description), programme.description_line)
        b.add(node, HRG.describedIn, page)
        b.add(node, HRG.sourceLine, integer(line))
        b.add(node, HRG.themeLabel, text(programme.theme), line)
        theme = vocab.themes.lookup(programme.theme)
        if programme.theme and theme is None:
            warn(
                line,
                f"theme {programme.theme!r} matches no concept in {vocab.themes.iri}",
                "theme",
                "Reader-themeUnknown",
                programme.theme,
            )
        b.add(node, HRG.theme, theme, line)
        for i, figure in enumerate(programme.figures, 1):
            f = URIRef(f"{node}/figure/{i}")
            b.add(node, HRG.figure, f, figure.line)
            b.add(f, RDF.type, HRG.Figure)
            b.add(f, HRG.value, decimal(figure.value), figure.line)
            b.add(f, HRG.counts, text(figure.counts), figure.line)
            b.add(f, RDFS.label, text(figure.text), figure.line)
            b.add(f, HRG.period, Literal(figure.period) if figure.period else None, figure.line)
            b.add(f, HRG.periodStart, integer(figure.period_start), figure.line)
            b.add(f, HRG.periodEnd, integer(figure.period_end), figure.line)
            if figure.per_year:
                b.add(f, HRG.perYear, Literal(True), figure.line)
            b.add(f, HRG.sourceLine, integer(figure.line))

    return MappedProfile(profile, graph_name, member, b.graph, warnings, b.sources, page)


def country_concepts(codes: set[str]) -> Graph:
    """SKOS concepts for the countries the profiles name, labelled from CLDR."""
    g = Graph()
    bind_prefixes(g)
    g.add((COUNTRY_SCHEME, RDF.type, SKOS.ConceptScheme))
    for lang in LANGUAGES:
        g.add((COUNTRY_SCHEME, SKOS.prefLabel, Literal(COUNTRY_SCHEME_LABELS[lang], lang=lang)))
    for code in sorted(codes):
        c = COUNTRIES[code]
        g.add((c, RDF.type, SKOS.Concept))
        g.add((c, SKOS.inScheme, COUNTRY_SCHEME))
        g.add((c, SKOS.notation, Literal(code)))
        for lang in LANGUAGES:
            g.add((c, SKOS.prefLabel, Literal(country_name(code, lang), lang=lang)))
        if a3 := alpha_3(code):
            g.add((c, SKOS.exactMatch, EU_COUNTRY[a3]))
    return g
