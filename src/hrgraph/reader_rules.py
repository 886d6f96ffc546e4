# ruff: noqa: E501  (each message stays on one line, to be read and translated whole)
"""What the reader (and the mapping) notice on a page, as rules with ids and messages.

Every warning the reader gives has a rule: an id in the shapes namespace
(``hrgsh:Reader-countryUnknown``), a severity, a name and a message in each campaign
language. The build keeps the findings in the release; ``hrgraph validate`` reports
them beside the SHACL results, each with its file, line and the value the page prints,
so a validator sees what the reader saw and ``--fail-on warning`` fails on it.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Rule:
    id: str  # local name in the shapes namespace
    severity: str  # "violation", "warning", or "info" (a page's habit, nothing lost)
    names: dict[str, str]  # language -> short name
    messages: dict[str, str]  # language -> message; {value} is the quoted page text

    def message(self, lang: str, value: str | None) -> str:
        quoted = QUOTES.get(lang, '"{}"').format(value) if value is not None else ""
        return " ".join(self.messages[lang].replace("{value}", quoted).split())


QUOTES = {"en": '"{}"', "fr": "« {} »", "es": "«{}»"}


def _rule(id: str, severity: str, en: tuple[str, str], fr: tuple[str, str], es: tuple[str, str]):
    return Rule(
        id,
        severity,
        {"en": en[0], "fr": fr[0], "es": es[0]},
        {"en": en[1], "fr": fr[1], "es": es[1]},
    )


W, V, N = "warning", "violation", "info"
RULES: dict[str, Rule] = {
    r.id: r
    for r in (
        _rule(
            "Reader-notAProfile", V,
            ("Not a profile page", "The file cannot be read as a profile page: {value}"),
            ("Pas une page de profil", "Le fichier ne peut être lu comme une page de profil : {value}"),
            ("No es una página de perfil", "El archivo no puede leerse como una página de perfil: {value}"),
        ),
        _rule(
            "Reader-titleMissing", W,
            ("No title line", "The page starts with a header label, not the member's name: {value}"),
            ("Pas de ligne de titre", "La page commence par une étiquette d'en-tête et non par le nom du membre : {value}"),
            ("Sin línea de título", "La página empieza con una etiqueta de encabezado y no con el nombre del miembro: {value}"),
        ),
        _rule(
            "Reader-titleLikeLabel", W,
            ("Title looks like a label", "The title line looks like a header label: {value}"),
            ("Titre semblable à une étiquette", "La ligne de titre ressemble à une étiquette d'en-tête : {value}"),
            ("Título parecido a una etiqueta", "La línea de título parece una etiqueta de encabezado: {value}"),
        ),
        _rule(
            "Reader-labelUnknown", W,
            ("Label not recognised", "The label {value} is not recognised; it was read by its place in the header"),
            ("Étiquette non reconnue", "L'étiquette {value} n'est pas reconnue ; elle a été lue d'après sa place dans l'en-tête"),
            ("Etiqueta no reconocida", "La etiqueta {value} no se reconoce; se leyó según su lugar en el encabezado"),
        ),
        _rule(
            "Reader-fieldTwice", W,
            ("Field given twice", "A header field is given a second time, as {value}; the first value is kept"),
            ("Champ donné deux fois", "Un champ d'en-tête est donné une seconde fois, {value} ; la première valeur est gardée"),
            ("Campo dado dos veces", "Un campo del encabezado se da por segunda vez, {value}; se conserva el primer valor"),
        ),
        _rule(
            "Reader-valueMissing", W,
            ("Label without a value", "The label {value} has no value"),
            ("Étiquette sans valeur", "L'étiquette {value} n'a pas de valeur"),
            ("Etiqueta sin valor", "La etiqueta {value} no tiene valor"),
        ),
        _rule(
            "Reader-fieldMissing", W,
            ("Header field missing", "The header field {value} is missing"),
            ("Champ d'en-tête absent", "Le champ d'en-tête {value} est absent"),
            ("Falta un campo del encabezado", "Falta el campo del encabezado {value}"),
        ),
        _rule(
            "Reader-countryUnknown", W,
            ("Unknown country", "The country {value} matches no ISO 3166-1 country"),
            ("Pays inconnu", "Le pays {value} ne correspond à aucun pays de l'ISO 3166-1"),
            ("País desconocido", "El país {value} no corresponde a ningún país de ISO 3166-1"),
        ),
        _rule(
            "Reader-joinedNotAYear", W,
            ("Year of joining not a year", "The year of joining {value} is not a year of the campaign"),
            ("Année d'adhésion invalide", "L'année d'adhésion {value} n'est pas une année de la campagne"),
            ("Año de adhesión no válido", "El año de adhesión {value} no es un año de la campaña"),
        ),
        _rule(
            "Reader-mandateUnreadable", W,
            ("Mandate not understood", "The mandate {value} is neither a range of years nor a duration"),
            ("Mandat incompris", "Le mandat {value} n'est ni une période d'années ni une durée"),
            ("Mandato no comprendido", "El mandato {value} no es ni un rango de años ni una duración"),
        ),
        _rule(
            "Reader-mandateInverted", W,
            ("Mandate ends before it starts", "The mandate {value} ends before it starts"),
            ("Mandat inversé", "Le mandat {value} finit avant de commencer"),
            ("Mandato invertido", "El mandato {value} termina antes de empezar"),
        ),
        _rule(
            "Reader-titleLanguage", N,
            ("Leader's title in another language", "The leader's title {value} is in another language than the page"),
            ("Titre dans une autre langue", "Le titre {value} du dirigeant est dans une autre langue que la page"),
            ("Título en otro idioma", "El título {value} del líder está en otro idioma que la página"),
        ),
        _rule(
            "Reader-leaderNoTitle", W,
            ("Leader without a title", "The leader {value} has no title (expected 'Name, Title')"),
            ("Dirigeant sans titre", "Le dirigeant {value} n'a pas de titre (attendu : « Nom, Titre »)"),
            ("Líder sin título", "El líder {value} no tiene título (se espera «Nombre, Título»)"),
        ),
        _rule(
            "Reader-populationWrongField", W,
            ("A government level as population", "The population range {value} names a government level, not a population; no bounds are read"),
            ("Un niveau de gouvernement comme population", "L'étendue de la population {value} nomme un niveau de gouvernement, pas une population ; aucune borne n'est lue"),
            ("Un nivel de gobierno como población", "El rango de población {value} nombra un nivel de gobierno, no una población; no se leen límites"),
        ),
        _rule(
            "Reader-populationNoNumber", W,
            ("Population without a number", "The population range {value} states no number"),
            ("Population sans nombre", "L'étendue de la population {value} ne donne aucun nombre"),
            ("Población sin número", "El rango de población {value} no indica ningún número"),
        ),
        _rule(
            "Reader-populationInverted", W,
            ("Population bounds inverted", "The population range {value} gives its lower bound above its upper bound; neither is chosen"),
            ("Bornes de population inversées", "L'étendue de la population {value} donne sa borne inférieure au-dessus de la supérieure ; aucune n'est choisie"),
            ("Límites de población invertidos", "El rango de población {value} da su límite inferior por encima del superior; no se elige ninguno"),
        ),
        _rule(
            "Reader-populationUnknown", W,
            ("Population range not in the scheme", "The population range {value} matches no concept of the population-range scheme"),
            ("Étendue hors du schéma", "L'étendue de la population {value} ne correspond à aucun concept du schéma des étendues"),
            ("Rango fuera del esquema", "El rango de población {value} no corresponde a ningún concepto del esquema de rangos"),
        ),
        _rule(
            "Reader-regionUnknown", W,
            ("Unknown region", "The region {value} matches no concept of the region scheme"),
            ("Région inconnue", "La région {value} ne correspond à aucun concept du schéma des régions"),
            ("Región desconocida", "La región {value} no corresponde a ningún concepto del esquema de regiones"),
        ),
        _rule(
            "Reader-governmentTypeUnknown", W,
            ("Unknown government type", "The government type {value} matches no concept of the government-type scheme"),
            ("Type de gouvernement inconnu", "Le type de gouvernement {value} ne correspond à aucun concept du schéma des types"),
            ("Tipo de gobierno desconocido", "El tipo de gobierno {value} no corresponde a ningún concepto del esquema de tipos"),
        ),
        _rule(
            "Reader-sectionTwice", N,
            ("Section given twice", "The section {value} appears twice; both are read"),
            ("Rubrique en double", "La rubrique {value} apparaît deux fois ; les deux sont lues"),
            ("Sección repetida", "La sección {value} aparece dos veces; se leen ambas"),
        ),
        _rule(
            "Reader-sectionMissing", N,
            ("Section missing", "The section {value} is missing"),
            ("Rubrique absente", "La rubrique {value} est absente"),
            ("Falta una sección", "Falta la sección {value}"),
        ),
        _rule(
            "Reader-textOutside", W,
            ("Text outside any section", "Text outside any section: {value}"),
            ("Texte hors rubrique", "Texte en dehors de toute rubrique : {value}"),
            ("Texto fuera de sección", "Texto fuera de toda sección: {value}"),
        ),
        _rule(
            "Reader-visionNoAnswer", W,
            ("Question without an answer", "The vision question {value} has no answer"),
            ("Question sans réponse", "La question de vision {value} n'a pas de réponse"),
            ("Pregunta sin respuesta", "La pregunta de visión {value} no tiene respuesta"),
        ),
        _rule(
            "Reader-textBeforeProgramme", W,
            ("Text before the first programme", "Text before the first programme: {value}"),
            ("Texte avant le premier programme", "Texte avant le premier programme : {value}"),
            ("Texto antes del primer programa", "Texto antes del primer programa: {value}"),
        ),
        _rule(
            "Reader-programmeNoDescription", W,
            ("Programme without a description", "The programme {value} has no description"),
            ("Programme sans description", "Le programme {value} n'a pas de description"),
            ("Programa sin descripción", "El programa {value} no tiene descripción"),
        ),
        _rule(
            "Reader-programmeNoTheme", W,
            ("Programme without a theme", "The programme {value} has no theme in parentheses"),
            ("Programme sans thème", "Le programme {value} n'a pas de thème entre parenthèses"),
            ("Programa sin tema", "El programa {value} no tiene tema entre paréntesis"),
        ),
        _rule(
            "Reader-themeUnknown", W,
            ("Theme matching no concept", "The theme {value} matches no concept of the theme scheme"),
            ("Thème sans concept", "Le thème {value} ne correspond à aucun concept du schéma des thèmes"),
            ("Tema sin concepto", "El tema {value} no corresponde a ningún concepto del esquema de temas"),
        ),
        _rule(
            "Reader-twoPeriods", W,
            ("Two periods for one figure", "A programme states two periods for the same thing: {value}; both are kept, none chosen"),
            ("Deux périodes pour un chiffre", "Un programme donne deux périodes pour la même chose : {value} ; les deux sont gardées, aucune choisie"),
            ("Dos periodos para una cifra", "Un programa da dos periodos para lo mismo: {value}; se conservan ambos, no se elige ninguno"),
        ),
        _rule(
            "Reader-datasetLicence", W,
            ("No licence", "The dataset states no licence: {value} is empty; set it to the licence's IRI"),
            ("Pas de licence", "Le jeu de données n'indique aucune licence : {value} est vide ; y mettre l'IRI de la licence"),
            ("Sin licencia", "El conjunto de datos no indica licencia: {value} está vacío; poner el IRI de la licencia"),
        ),
        _rule(
            "Reader-other", W,
            ("Reader warning", "The reader noticed: {value}"),
            ("Avertissement de lecture", "La lecture a relevé : {value}"),
            ("Aviso de lectura", "La lectura observó: {value}"),
        ),
    )
}  # fmt: skip
OTHER = "Reader-other"
NOT_A_PROFILE = "Reader-notAProfile"
