"""Synthetic campaign profiles for the benchmarks, deterministic from a seed.

N profile files in the layout the reader reads (``profiles/<lang>/<slug>.txt``, the
header of seven label/value pairs, vision questions, motivations, programmes as
bullets ``Title (theme)`` with figures in their text), in French, English and Spanish,
plus ``members.csv`` linking the editions whose slugs differ and ``dataset.toml``.
Labels of regions, government types, population ranges and themes come from the
vocabularies in ``ontology/`` (their prefLabels in the page's language), country names
from CLDR (``hrgraph.countries``), so every profile maps without a warning.

About a fifth of the members have two or three language editions; half of those have
a different slug per language and are linked through ``members.csv``.

    .venv/bin/python bench/generate.py --profiles 1000 --out /tmp/data [--seed 15]
"""

from __future__ import annotations

import argparse
import random
import sys
from dataclasses import dataclass
from pathlib import Path

from hrgraph.countries import country_name
from hrgraph.languages import LANGUAGES
from hrgraph.rdf.namespaces import SKOS
from hrgraph.rdf.vocabularies import Vocabularies, load_vocabularies
from hrgraph.settings import load as load_settings
from hrgraph.text import key

TIERS = (100, 1000, 10000)

HEADER_LABELS = {
    "fr": (
        "RÉGION",
        "PAYS",
        "ANNÉE D'ADHESIÓN À LA CAMPAGNE MONDIALE",
        "LEADER LOCAL / RÉGIONAL",
        "DURÉE DU MANDAT",
        "TYPE DE GOUVERNEMENT",
        "ÉTENDUE DE LA POPULATION",
    ),
    "en": (
        "REGION",
        "COUNTRY",
        "YEAR OF JOINING THE GLOBAL CAMPAIGN",
        "LOCAL / REGIONAL LEADER",
        "MANDATE DURATION",
        "TYPE OF GOVERNMENT",
        "POPULATION RANGE",
    ),
    "es": (
        "REGIÓN",
        "PAÍS",
        "AÑO DE ADHESIÓN A LA CAMPAÑA MUNDIAL",
        "LÍDER LOCAL / REGIONAL",
        "DURACIÓN DEL MANDATO",
        "TIPO DE GOBIERNO",
        "RANGO DE POBLACIÓN",
    ),
}
SECTIONS = {
    "fr": (
        "VISION EN TANT QUE VILLES / TERRITOIRE DES DROITS HUMAINS",
        "MOTIVATIONS POUR REJOINDRE LA CAMPAGNE",
        "POLITIQUES, MÉCANISMES ET PROGRAMMES LOCAUX DES DROITS HUMAINS",
    ),
    "en": (
        "VISION AS A HUMAN RIGHTS CITY / TERRITORY",
        "MOTIVATIONS TO JOIN THE CAMPAIGN",
        "LOCAL HUMAN RIGHTS POLICIES, MECHANISMS AND PROGRAMMES",
    ),
    "es": (
        "VISIÓN COMO CIUDAD / TERRITORIO DE DERECHOS HUMANOS",
        "MOTIVACIONES PARA UNIRSE A LA CAMPAÑA",
        "POLÍTICAS, MECANISMOS Y PROGRAMAS LOCALES DE DERECHOS HUMANOS",
    ),
}
QUESTIONS = {
    "fr": (
        "Pourquoi le rôle des collectivités territoriales est essentiel pour promouvoir, "
        "réaliser et respecter les droits humains ?",
        "Pourquoi les droits humains sont des valeurs pertinentes et un cadre utile pour "
        "guider l'action locale ?",
    ),
    "en": (
        "Why is the role of local and regional governments essential to promote, fulfil "
        "and respect human rights?",
        "Why are human rights relevant values and a useful framework to guide local action?",
    ),
    "es": (
        "¿Por qué el papel de los gobiernos locales es esencial para promover, realizar y "
        "respetar los derechos humanos?",
        "¿Por qué los derechos humanos son valores pertinentes y un marco útil para guiar "
        "la acción local?",
    ),
}
SENTENCES = {
    "fr": (
        "La ville agit au plus près des habitants et de leurs besoins.",
        "Les services publics locaux sont le premier levier pour rendre les droits effectifs.",
        "Le conseil municipal associe les associations de quartier à chaque décision.",
        "L'expérience des réseaux de villes montre la force de l'action collective.",
        "Nous voulons réduire les inégalités territoriales et sociales.",
        "La solidarité avec les habitants guide notre politique locale.",
    ),
    "en": (
        "The city acts close to its residents and their needs.",
        "Local public services are the first lever to make rights real.",
        "The council involves neighbourhood associations in every decision.",
        "The experience of city networks shows the strength of collective action.",
        "We want to reduce territorial and social inequalities.",
        "Solidarity with residents guides our local policy.",
    ),
    "es": (
        "La ciudad actúa cerca de sus habitantes y de sus necesidades.",
        "Los servicios públicos locales son la primera palanca para hacer efectivos los derechos.",
        "El ayuntamiento asocia a las asociaciones vecinales a cada decisión.",
        "La experiencia de las redes de ciudades muestra la fuerza de la acción colectiva.",
        "Queremos reducir las desigualdades territoriales y sociales.",
        "La solidaridad con los habitantes guía nuestra política local.",
    ),
}
PROGRAMME_WORDS = {
    "fr": ("Maison", "Observatoire", "Plan", "Réseau", "Conseil", "Espace", "Centre", "Programme"),
    "en": ("House", "Observatory", "Plan", "Network", "Council", "Space", "Centre", "Programme"),
    "es": ("Casa", "Observatorio", "Plan", "Red", "Consejo", "Espacio", "Centro", "Programa"),
}
# figure sentences: {n} a number, {c} what it counts, {a} {b} years
FIGURES = {
    "fr": (
        "Au total, ce sont environ {n} {c} accompagnés entre {a} et {b}.",
        "Le dispositif accueille plus de {n} {c} par an.",
        "Depuis {a}, {n} {c} ont été reçus.",
    ),
    "en": (
        "In total, about {n} {c} were supported between {a} and {b}.",
        "The service welcomes more than {n} {c} per year.",
        "Since {a}, {n} {c} have been received.",
    ),
    "es": (
        "En total, unas {n} {c} fueron acompañadas entre {a} y {b}.",
        "El servicio recibe a más de {n} {c} por año.",
        "Desde {a}, {n} {c} han sido atendidas.",
    ),
}
COUNTED = {
    "fr": ("habitants", "familles", "jeunes", "femmes", "personnes", "repas"),
    "en": ("residents", "families", "young people", "women", "people", "meals"),
    "es": ("personas", "familias", "jóvenes", "mujeres", "vecinas", "comidas"),
}
TITLES = {
    "fr": ("Maire", "Mairesse", "Président du Conseil départemental"),
    "en": ("Mayor", "Governor", "President"),
    "es": ("Alcalde", "Alcaldesa", "Gobernadora"),
}
DURATION = {"fr": "{n} ans", "en": "{n} years", "es": "{n} años"}
FIRST = (
    "Ana Amina Carlos Chen Fatou Hana Ines Jorge Karim Lucia Mamadou Marie Nadia Omar "
    "Paulo Rania Sofia Tomas Yuki Zeynep Ahmed Beatriz Dmitri Elena Farid Grace Hugo Leila"
).split()
LAST = (
    "Alvarez Benali Costa Diallo Eriksen Fernandes Garcia Haddad Ito Jansen Kamara Leclerc "
    "Moreau Nakamura Okafor Perez Quispe Rossi Santos Traore Usman Vargas Wang Yilmaz Zapata"
).split()
SYLLABLES = (
    "ba bel ca cor da del fa gar ha i ka la lo ma mon na nor o pa por ra ro sa san "
    "ta tor u va ver vi za"
).split()
# country -> the region concept's English prefLabel
COUNTRIES = {
    "FR": "Europe", "ES": "Europe", "PT": "Europe", "IT": "Europe", "DE": "Europe",
    "BE": "Europe", "NL": "Europe", "SE": "Europe", "GR": "Europe", "PL": "Europe",
    "MA": "Africa", "SN": "Africa", "CM": "Africa", "KE": "Africa", "ZA": "Africa",
    "CD": "Africa", "ML": "Africa", "TN": "Middle East and West Asia",
    "TR": "Middle East and West Asia", "JO": "Middle East and West Asia",
    "KR": "Asia Pacific", "JP": "Asia Pacific", "ID": "Asia Pacific", "PH": "Asia Pacific",
    "AU": "Asia Pacific", "RU": "Eurasia", "KZ": "Eurasia", "MX": "Latin America",
    "BR": "Latin America", "AR": "Latin America", "CO": "Latin America", "CL": "Latin America",
    "PE": "Latin America", "EC": "Latin America", "CA": "North America", "US": "North America",
}  # fmt: skip


@dataclass
class Labels:
    """Each concept's prefLabel per language, from the vocabularies."""

    regions: dict[str, dict[str, str]]  # English label -> {lang: label}
    government_types: list[dict[str, str]]
    population_ranges: list[dict[str, str]]
    themes: list[dict[str, str]]


def _labels(vocab: Vocabularies) -> Labels:
    def scheme(iri) -> list[dict[str, str]]:
        concepts = sorted(vocab.graph.subjects(SKOS.inScheme, iri))
        found = [vocab.labels(c) for c in concepts]
        return [labels for labels in found if all(lang in labels for lang in LANGUAGES)]

    return Labels(
        regions={labels["en"]: labels for labels in scheme(vocab.regions.iri)},
        government_types=scheme(vocab.government_types.iri),
        population_ranges=scheme(vocab.population_ranges.iri),
        themes=scheme(vocab.themes.iri),
    )


def _number(rng: random.Random, lang: str) -> str:
    n = rng.choice((rng.randint(12, 999), rng.randint(1000, 90000)))
    if n < 1000:
        return str(n)
    sep = {"fr": rng.choice((".", "")), "en": ",", "es": "."}[lang]
    return f"{n:,}".replace(",", sep)


class Generator:
    def __init__(self, seed: int, vocab: Vocabularies) -> None:
        self.rng = random.Random(seed)
        self.labels = _labels(vocab)
        self.names: set[str] = set()

    def name(self) -> str:
        rng = self.rng
        while True:
            word = "".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 4)))
            name = word.capitalize()
            if rng.random() < 0.15:
                name = f"{rng.choice(('San', 'Nova', 'Port', 'Villa'))} {name}"
            if key(name) not in self.names:
                self.names.add(key(name))
                return name

    def member(self, n: int) -> dict:
        rng = self.rng
        country = rng.choice(sorted(COUNTRIES))
        joined = rng.randint(2019, 2026)
        start = rng.randint(2014, 2024)
        return {
            "name": self.name(),
            "country": country,
            "region": self.labels.regions[COUNTRIES[country]],
            "joined": joined,
            "leader": f"{rng.choice(FIRST)} {rng.choice(LAST)}",
            "title": rng.randrange(3),
            "mandate": (start, start + rng.choice((4, 5, 6))) if rng.random() < 0.7 else None,
            "years": rng.choice((4, 5, 6)),
            "government": rng.choice(self.labels.government_types),
            "population": rng.choice(self.labels.population_ranges),
            "programmes": [
                {
                    "theme": rng.choice(self.labels.themes),
                    "word": rng.randrange(len(PROGRAMME_WORDS["en"])),
                    "figures": rng.randint(0, 3),
                    "seed": rng.random(),
                }
                for _ in range(int(rng.triangular(1, 12.99, 1)))
            ],
            "seed": n,
        }

    def page(self, m: dict, lang: str) -> str:
        rng = random.Random(f"{m['seed']}/{lang}")
        labels = HEADER_LABELS[lang]
        mandate = (
            f"{m['mandate'][0]} - {m['mandate'][1]}"
            if m["mandate"]
            else DURATION[lang].format(n=m["years"])
        )
        values = (
            m["region"][lang],
            country_name(m["country"], lang),
            str(m["joined"]),
            f"{m['leader']}, {TITLES[lang][m['title']]}",
            mandate,
            m["government"][lang],
            m["population"][lang],
        )
        out = [m["name"], ""]
        for label, value in zip(labels, values, strict=True):
            out += [label, value]
        vision, motivations, programmes = SECTIONS[lang]
        out += [vision, "", "\u00a0", ""]
        for question in QUESTIONS[lang]:
            out += [question, "", " ".join(rng.sample(SENTENCES[lang], 3)), "", "\u00a0", ""]
        out += [motivations, "", " ".join(rng.sample(SENTENCES[lang], 2)), "", programmes, ""]
        for p in m["programmes"]:
            prng = random.Random(f"{p['seed']}/{lang}")
            title = f"{PROGRAMME_WORDS[lang][p['word']]} {m['name']} {prng.randint(1, 99)}"
            text = [rng.choice(SENTENCES[lang])]
            a = prng.randint(2010, 2022)  # one period per programme
            for _ in range(p["figures"]):
                text.append(
                    prng.choice(FIGURES[lang]).format(
                        n=_number(prng, lang), c=prng.choice(COUNTED[lang]), a=a, b=a + 3
                    )
                )
            out += [f"  • {title} ({p['theme'][lang]})", "", "    " + " ".join(text), "", "\u00a0"]
        return "\n".join(out) + "\n"


def generate(profiles: int, out: Path, seed: int = 15, ontology_dir: Path | None = None) -> Path:
    """Write ``profiles`` profile files and the curated files into ``out``; return it."""
    ontology = ontology_dir or load_settings(environ={}).ontology_dir
    gen = Generator(seed, load_vocabularies(Path(ontology)))
    rng = gen.rng
    csv = ["key,country,en,fr,es,wikidata,geonames"]
    written, n = 0, 0
    while written < profiles:
        m = gen.member(n)
        n += 1
        editions = min(rng.choice((1, 1, 1, 1, 2, 3)) if n > 1 else 1, profiles - written)
        langs = rng.sample(LANGUAGES, editions) if editions > 1 else [rng.choice(LANGUAGES)]
        slug = key(m["name"]).replace(" ", "-")
        slugs = {lang: slug for lang in langs}
        if editions > 1 and rng.random() < 0.5:  # a slug of its own per language
            slugs = {lang: f"{slug}-{lang}" if i else slug for i, lang in enumerate(langs)}
            cells = [slugs.get(lang, "") for lang in ("en", "fr", "es")]
            csv.append(f"{slug},{m['country']},{','.join(cells)},Q{9000000 + n},{3000000 + n}")
        for lang, s in slugs.items():
            path = out / "profiles" / lang / f"{s}.txt"
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(gen.page(m, lang), encoding="utf-8")
            written += 1
    (out / "members.csv").write_text("\n".join(csv) + "\n", encoding="utf-8")
    (out / "dataset.toml").write_text(
        'title.en = "Synthetic profiles (benchmark)"\n'
        'license = "https://creativecommons.org/licenses/by/4.0/"\n',
        encoding="utf-8",
    )
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--profiles", type=int, default=100)
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--seed", type=int, default=15)
    args = parser.parse_args()
    generate(args.profiles, args.out, args.seed)
    return 0


if __name__ == "__main__":
    sys.exit(main())
