"""The words of the resource pages in English, French and Spanish.

Profile text is shown in the language it was written in; only the interface is
translated here. The visitor's language comes from ``?lang=``, else from
``Accept-Language``, else the default; the languages themselves are named once, in
:mod:`hrgraph.languages`.
"""

from __future__ import annotations

from flask import request

from hrgraph.languages import DEFAULT, LANGUAGES, NAMES

MESSAGES: dict[str, dict[str, str]] = {
    "members": {"en": "Members", "fr": "Membres", "es": "Miembros"},
    "themes": {"en": "Themes", "fr": "Thèmes", "es": "Temas"},
    "sparql": {"en": "SPARQL", "fr": "SPARQL", "es": "SPARQL"},
    "dumps": {"en": "Downloads", "fr": "Téléchargements", "es": "Descargas"},
    "search": {"en": "Search", "fr": "Rechercher", "es": "Buscar"},
    "search_placeholder": {"en": "Name of a city, a programme, a theme…", "fr": "Nom d'une ville, d'un programme, d'un thème…", "es": "Nombre de una ciudad, un programa, un tema…"},
    "region": {"en": "Region", "fr": "Région", "es": "Región"},
    "country": {"en": "Country", "fr": "Pays", "es": "País"},
    "joined": {"en": "Joined the campaign", "fr": "Adhésion à la campagne", "es": "Adhesión a la campaña"},
    "government_type": {"en": "Type of government", "fr": "Type de gouvernement", "es": "Tipo de gobierno"},
    "member_type": {"en": "Kind of member", "fr": "Catégorie de membre", "es": "Categoría de miembro"},
    "population": {"en": "Population range", "fr": "Étendue de la population", "es": "Rango de población"},
    "leader": {"en": "Leader and mandate", "fr": "Élu et mandat", "es": "Líder y mandato"},
    "years": {"en": "years", "fr": "ans", "es": "años"},
    "programmes": {"en": "Local policies, mechanisms and programmes", "fr": "Politiques, mécanismes et programmes locaux", "es": "Políticas, mecanismos y programas locales"},
    "no_programmes": {"en": "The profile lists no programme.", "fr": "Le profil ne cite aucun programme.", "es": "El perfil no menciona ningún programa."},
    "no_theme": {"en": "Without a recognised theme", "fr": "Sans thème reconnu", "es": "Sin tema reconocido"},
    "figures": {"en": "Figures stated", "fr": "Chiffres cités", "es": "Cifras citadas"},
    "vision": {"en": "Vision", "fr": "Vision", "es": "Visión"},
    "motivations": {"en": "Motivations", "fr": "Motivations", "es": "Motivaciones"},
    "profiles": {"en": "Profile pages", "fr": "Pages de profil", "es": "Páginas de perfil"},
    "source": {"en": "source", "fr": "source", "es": "fuente"},
    "line": {"en": "line", "fr": "ligne", "es": "línea"},
    "same_region": {"en": "Other members in this region", "fr": "Autres membres de la région", "es": "Otros miembros de la región"},
    "same_theme": {"en": "Members working on the same themes", "fr": "Membres actifs sur les mêmes thèmes", "es": "Miembros que trabajan en los mismos temas"},
    "links_out": {"en": "Same resource elsewhere", "fr": "La même ressource ailleurs", "es": "El mismo recurso en otros sitios"},
    "triples": {"en": "All statements", "fr": "Toutes les déclarations", "es": "Todas las declaraciones"},
    "subject": {"en": "Subject", "fr": "Sujet", "es": "Sujeto"},
    "property": {"en": "Property", "fr": "Propriété", "es": "Propiedad"},
    "value": {"en": "Value", "fr": "Valeur", "es": "Valor"},
    "download": {"en": "This resource as data", "fr": "Cette ressource en données", "es": "Este recurso como datos"},
    "run_by": {"en": "Run by", "fr": "Mis en œuvre par", "es": "Llevado a cabo por"},
    "theme": {"en": "Theme", "fr": "Thème", "es": "Tema"},
    "theme_as_printed": {"en": "Theme as printed on the page", "fr": "Thème tel qu'imprimé sur la page", "es": "Tema tal como aparece en la página"},
    "description": {"en": "Description", "fr": "Description", "es": "Descripción"},
    "labels": {"en": "Labels", "fr": "Libellés", "es": "Etiquetas"},
    "alt_labels": {"en": "Also written", "fr": "Aussi écrit", "es": "También escrito"},
    "matches": {"en": "Matches", "fr": "Correspondances", "es": "Correspondencias"},
    "programmes_on_theme": {"en": "Programmes on this theme", "fr": "Programmes sur ce thème", "es": "Programas sobre este tema"},
    "members_with": {"en": "Members with this value", "fr": "Membres avec cette valeur", "es": "Miembros con este valor"},
    "concepts": {"en": "Concepts", "fr": "Concepts", "es": "Conceptos"},
    "all": {"en": "all", "fr": "tous", "es": "todos"},
    "filter": {"en": "Filter", "fr": "Filtrer", "es": "Filtrar"},
    "not_found": {"en": "Nothing here", "fr": "Rien ici", "es": "Nada aquí"},
    "not_found_text": {"en": "No resource has this address. Perhaps one of these?", "fr": "Aucune ressource n'a cette adresse. Peut-être l'une de celles-ci ?", "es": "Ningún recurso tiene esta dirección. ¿Quizás uno de estos?"},
    "no_results": {"en": "No match.", "fr": "Aucun résultat.", "es": "Sin resultados."},
    "classes": {"en": "Classes", "fr": "Classes", "es": "Clases"},
    "properties": {"en": "Properties", "fr": "Propriétés", "es": "Propiedades"},
    "version": {"en": "Version", "fr": "Version", "es": "Versión"},
    "file": {"en": "File", "fr": "Fichier", "es": "Archivo"},
    "size": {"en": "Size", "fr": "Taille", "es": "Tamaño"},
    "graph": {"en": "Named graph", "fr": "Graphe nommé", "es": "Grafo nombrado"},
    "count": {"en": "programmes", "fr": "programmes", "es": "programas"},
}  # fmt: skip


def visitor_language() -> str:
    wanted = request.args.get("lang", "").lower()
    if wanted in LANGUAGES:
        return wanted
    return request.accept_languages.best_match(LANGUAGES) or DEFAULT


def switcher() -> list[tuple[str, str]]:
    """(code, name in itself) of each language, for the pages' language switch."""
    return [(code, NAMES[code]) for code in LANGUAGES]


def translator(lang: str):
    def t(key: str) -> str:
        entry = MESSAGES.get(key)
        return entry.get(lang, entry[DEFAULT]) if entry else key

    return t
