"""The words of the resource pages in English, French and Spanish.

Profile text is shown in the language it was written in; only the interface is
translated here. The visitor's language comes from ``?lang=``, else from
``Accept-Language``, else the default; the languages themselves are named once, in
:mod:`hrgraph.languages`.
"""

from __future__ import annotations

from urllib.parse import urlencode

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
    "region_all": {"en": "All {n} other members in this region", "fr": "Les {n} autres membres de la région", "es": "Los {n} otros miembros de la región"},
    "theme_others": {"en": "and {n} more on these themes (the theme pages list them)", "fr": "et {n} autres sur ces thèmes (les pages des thèmes les listent)", "es": "y {n} más en estos temas (las páginas de los temas los listan)"},
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
    "count": {"en": "Programmes", "fr": "Programmes", "es": "Programas"},
    # the site's frame
    "site_nav": {"en": "Site", "fr": "Site", "es": "Sitio"},
    "language": {"en": "Language", "fr": "Langue", "es": "Idioma"},
    "home": {"en": "Home", "fr": "Accueil", "es": "Inicio"},
    "map": {"en": "Map", "fr": "Carte", "es": "Mapa"},
    "charts": {"en": "Charts", "fr": "Graphiques", "es": "Gráficos"},
    "query": {"en": "Query", "fr": "Requêtes", "es": "Consultas"},
    "void": {"en": "VoID", "fr": "VoID", "es": "VoID"},
    "ontology": {"en": "Ontology", "fr": "Ontologie", "es": "Ontología"},
    "release": {"en": "Release", "fr": "Version publiée", "es": "Versión publicada"},
    "footer_about": {"en": "Linked data of the UCLG-CISDP campaign", "fr": "Données liées de la campagne de CGLU-CISDP", "es": "Datos enlazados de la campaña de CGLU-CISDP"},
    "skip": {"en": "Skip to the content", "fr": "Aller au contenu", "es": "Ir al contenido"},
    # home page
    "home_title": {"en": "Human rights cities and territories, as linked data", "fr": "Villes et territoires des droits humains, en données liées", "es": "Ciudades y territorios de derechos humanos, como datos enlazados"},
    "home_campaign": {"en": "The campaign “10, 100, 1000 Human Rights Cities and Territories by 2030” of UCLG's Committee on Social Inclusion, Participatory Democracy and Human Rights (CISDP) gathers local and regional governments and civil society organisations that commit to human rights at home. Each member has a profile page on the campaign's site, in English, French or Spanish: who governs it, when it joined, its vision, and the local policies and programmes it runs.", "fr": "La campagne « 10, 100, 1000 villes et territoires des droits humains d'ici 2030 » de la Commission Inclusion sociale, démocratie participative et droits humains de CGLU (CISDP) réunit des gouvernements locaux et régionaux et des organisations de la société civile qui s'engagent pour les droits humains sur leur territoire. Chaque membre a une page de profil sur le site de la campagne, en anglais, en français ou en espagnol : qui le gouverne, quand il a adhéré, sa vision, et les politiques et programmes locaux qu'il mène.", "es": "La campaña «10, 100, 1000 ciudades y territorios de derechos humanos para 2030» de la Comisión de Inclusión Social, Democracia Participativa y Derechos Humanos de CGLU (CISDP) reúne a gobiernos locales y regionales y a organizaciones de la sociedad civil que se comprometen con los derechos humanos en su territorio. Cada miembro tiene una página de perfil en el sitio de la campaña, en inglés, francés o español: quién lo gobierna, cuándo se adhirió, su visión y las políticas y programas locales que lleva a cabo."},
    "home_dataset": {"en": "This site publishes those profiles as a knowledge graph: every member, mandate, programme and figure has a stable address, a page for people and RDF for programs, linked to human-rights themes, regions and countries. Query it in SPARQL, download it whole, or browse it from here.", "fr": "Ce site publie ces profils sous forme de graphe de connaissances : chaque membre, mandat, programme et chiffre a une adresse stable, une page pour les personnes et du RDF pour les programmes informatiques, reliés aux thèmes des droits humains, aux régions et aux pays. Interrogez-le en SPARQL, téléchargez-le en entier, ou parcourez-le d'ici.", "es": "Este sitio publica esos perfiles como un grafo de conocimiento: cada miembro, mandato, programa y cifra tiene una dirección estable, una página para las personas y RDF para los programas informáticos, enlazados con los temas de derechos humanos, las regiones y los países. Consúltelo en SPARQL, descárguelo entero o recórralo desde aquí."},
    "in_numbers": {"en": "In numbers", "fr": "En chiffres", "es": "En cifras"},
    "n_members": {"en": "members", "fr": "membres", "es": "miembros"},
    "n_pages": {"en": "profile pages", "fr": "pages de profil", "es": "páginas de perfil"},
    "n_programmes": {"en": "programmes", "fr": "programmes", "es": "programas"},
    "n_themes": {"en": "themes addressed", "fr": "thèmes abordés", "es": "temas abordados"},
    "n_countries": {"en": "countries", "fr": "pays", "es": "países"},
    "newest": {"en": "Newest members", "fr": "Derniers membres", "es": "Miembros más recientes"},
    "explore": {"en": "Explore", "fr": "Explorer", "es": "Explorar"},
    "door_members": {"en": "Every member, filtered by region, country or theme", "fr": "Tous les membres, par région, pays ou thème", "es": "Todos los miembros, por región, país o tema"},
    "door_map": {"en": "Where the members are", "fr": "Où sont les membres", "es": "Dónde están los miembros"},
    "door_themes": {"en": "Human-rights themes and the programmes on each", "fr": "Les thèmes des droits humains et les programmes de chacun", "es": "Los temas de derechos humanos y los programas de cada uno"},
    "door_charts": {"en": "Who joined when and where, and on which themes", "fr": "Qui a adhéré, quand, où, et sur quels thèmes", "es": "Quién se adhirió, cuándo, dónde y sobre qué temas"},
    "door_query": {"en": "Ask the graph anything in SPARQL", "fr": "Interrogez le graphe en SPARQL", "es": "Pregunte al grafo en SPARQL"},
    "door_dumps": {"en": "The whole graph in Turtle, N-Triples, TriG, JSON-LD", "fr": "Le graphe entier en Turtle, N-Triples, TriG, JSON-LD", "es": "El grafo entero en Turtle, N-Triples, TriG, JSON-LD"},
    "door_void": {"en": "The description of the dataset", "fr": "La description du jeu de données", "es": "La descripción del conjunto de datos"},
    "door_ontology": {"en": "The classes and properties the graph uses", "fr": "Les classes et propriétés du graphe", "es": "Las clases y propiedades del grafo"},
    "all_charts": {"en": "All charts", "fr": "Tous les graphiques", "es": "Todos los gráficos"},
    # VoID page
    "dataset": {"en": "Dataset", "fr": "Jeu de données", "es": "Conjunto de datos"},
    "statistics": {"en": "Statistics", "fr": "Statistiques", "es": "Estadísticas"},
    "n_triples": {"en": "Triples", "fr": "Triplets", "es": "Tripletas"},
    "n_subjects": {"en": "Distinct subjects", "fr": "Sujets distincts", "es": "Sujetos distintos"},
    "n_properties": {"en": "Properties", "fr": "Propriétés", "es": "Propiedades"},
    "classes_entities": {"en": "Entities by class", "fr": "Entités par classe", "es": "Entidades por clase"},
    "class": {"en": "Class", "fr": "Classe", "es": "Clase"},
    "entities": {"en": "Entities", "fr": "Entités", "es": "Entidades"},
    "endpoint": {"en": "SPARQL endpoint", "fr": "Point d'accès SPARQL", "es": "Punto de acceso SPARQL"},
    "uri_space": {"en": "URI space", "fr": "Espace d'URI", "es": "Espacio de URI"},
    "publisher": {"en": "Publisher", "fr": "Éditeur", "es": "Editor"},
    "rights": {"en": "Rights", "fr": "Droits", "es": "Derechos"},
    "license": {"en": "Licence", "fr": "Licence", "es": "Licencia"},
    "subsets": {"en": "Named graphs", "fr": "Graphes nommés", "es": "Grafos nombrados"},
    "as_rdf": {"en": "This description as RDF", "fr": "Cette description en RDF", "es": "Esta descripción en RDF"},
    "built_at": {"en": "Built", "fr": "Construit le", "es": "Construido el"},
    # charts
    "chart_query": {"en": "The SPARQL query behind this chart", "fr": "La requête SPARQL de ce graphique", "es": "La consulta SPARQL de este gráfico"},
    "open_query": {"en": "Open in the query page", "fr": "Ouvrir dans la page de requêtes", "es": "Abrir en la página de consultas"},
    "chart_data": {"en": "The values as a table", "fr": "Les valeurs en tableau", "es": "Los valores en una tabla"},
    "chart_empty": {"en": "No value to show.", "fr": "Aucune valeur à montrer.", "es": "Ningún valor que mostrar."},
    "chart_region": {"en": "Members by region", "fr": "Membres par région", "es": "Miembros por región"},
    "chart_region_desc": {"en": "How many members each world region of the campaign has.", "fr": "Le nombre de membres de chaque région du monde de la campagne.", "es": "Cuántos miembros tiene cada región del mundo de la campaña."},
    "chart_year": {"en": "Members by year of joining", "fr": "Membres par année d'adhésion", "es": "Miembros por año de adhesión"},
    "chart_year_desc": {"en": "How many members joined the campaign each year.", "fr": "Le nombre de membres qui ont adhéré à la campagne chaque année.", "es": "Cuántos miembros se adhirieron a la campaña cada año."},
    "chart_theme": {"en": "Programmes by theme", "fr": "Programmes par thème", "es": "Programas por tema"},
    "chart_theme_desc": {"en": "How many programmes the profiles list on each human-rights theme.", "fr": "Le nombre de programmes que les profils citent pour chaque thème des droits humains.", "es": "Cuántos programas citan los perfiles para cada tema de derechos humanos."},
    "chart_figures": {"en": "Figures stated by programmes", "fr": "Chiffres cités par les programmes", "es": "Cifras citadas por los programas"},
    "chart_figures_desc": {"en": "How many figures (people reached, baskets, places…) each member's programmes state.", "fr": "Le nombre de chiffres (personnes touchées, paniers, places…) que citent les programmes de chaque membre.", "es": "Cuántas cifras (personas atendidas, cestas, plazas…) citan los programas de cada miembro."},
    "year": {"en": "Year", "fr": "Année", "es": "Año"},
    "n_figures": {"en": "Figures", "fr": "Chiffres", "es": "Cifras"},
    "member": {"en": "Member", "fr": "Membre", "es": "Miembro"},
    # map
    "map_title": {"en": "Map of the members", "fr": "Carte des membres", "es": "Mapa de los miembros"},
    "map_desc": {"en": "A point for each member whose place is known (its GeoNames coordinates), otherwise its country; each point links to the member's card.", "fr": "Un point par membre dont le lieu est connu (ses coordonnées GeoNames), sinon son pays ; chaque point mène à la fiche du membre.", "es": "Un punto por cada miembro cuyo lugar se conoce (sus coordenadas de GeoNames), si no su país; cada punto lleva a la ficha del miembro."},
    "map_place": {"en": "place", "fr": "lieu", "es": "lugar"},
    "map_country": {"en": "country", "fr": "pays", "es": "país"},
    "map_unplaced": {"en": "Not on the map", "fr": "Absents de la carte", "es": "Fuera del mapa"},
    "map_legend_place": {"en": "Member at its GeoNames coordinates", "fr": "Membre à ses coordonnées GeoNames", "es": "Miembro en sus coordenadas de GeoNames"},
    "map_legend_country": {"en": "Member placed in its country", "fr": "Membre placé dans son pays", "es": "Miembro situado en su país"},
    # downloads
    "bytes": {"en": "bytes", "fr": "octets", "es": "bytes"},
    # query page
    "query_title": {"en": "SPARQL query", "fr": "Requête SPARQL", "es": "Consulta SPARQL"},
    "query_intro": {"en": "Send SPARQL 1.1 queries to {endpoint} (GET or POST). The default graph is the merge of all named graphs; our prefixes (hrg:, schema:, skos:…) are declared for you. Queries stop after {seconds} s and return at most {rows} rows.", "fr": "Envoyez des requêtes SPARQL 1.1 à {endpoint} (GET ou POST). Le graphe par défaut est l'union de tous les graphes nommés ; nos préfixes (hrg:, schema:, skos:…) sont déclarés pour vous. Les requêtes s'arrêtent après {seconds} s et renvoient au plus {rows} lignes.", "es": "Envíe consultas SPARQL 1.1 a {endpoint} (GET o POST). El grafo por defecto es la unión de todos los grafos nombrados; nuestros prefijos (hrg:, schema:, skos:…) están declarados. Las consultas se detienen tras {seconds} s y devuelven como máximo {rows} filas."},
    "examples": {"en": "Examples", "fr": "Exemples", "es": "Ejemplos"},
    "no_editor": {"en": "The query editor's files are not installed on this server (python -m hrgraph.web.assets installs them); this plain form still works.", "fr": "Les fichiers de l'éditeur de requêtes ne sont pas installés sur ce serveur (python -m hrgraph.web.assets les installe) ; ce formulaire simple fonctionne quand même.", "es": "Los archivos del editor de consultas no están instalados en este servidor (python -m hrgraph.web.assets los instala); este formulario sencillo funciona igualmente."},
    "format": {"en": "Format", "fr": "Format", "es": "Formato"},
    "tab_name": {"en": "Name of the tab", "fr": "Nom de l'onglet", "es": "Nombre de la pestaña"},
    "page_size": {"en": "Rows per page", "fr": "Lignes par page", "es": "Filas por página"},
    "filter_results": {"en": "Filter the results", "fr": "Filtrer les résultats", "es": "Filtrar los resultados"},
    "run": {"en": "Run", "fr": "Exécuter", "es": "Ejecutar"},
    "q_members": {"en": "Who are the members?", "fr": "Qui sont les membres ?", "es": "¿Quiénes son los miembros?"},
    "q_leaders": {"en": "Who governs them, and until when?", "fr": "Qui les gouverne, et jusqu'à quand ?", "es": "¿Quién los gobierna y hasta cuándo?"},
    "q_programmes": {"en": "What do they do, on which themes?", "fr": "Que font-ils, sur quels thèmes ?", "es": "¿Qué hacen y sobre qué temas?"},
    "q_sources": {"en": "Where does the data come from?", "fr": "D'où viennent les données ?", "es": "¿De dónde vienen los datos?"},
    "q_other": {"en": "Other questions", "fr": "Autres questions", "es": "Otras preguntas"},
    "all_values": {"en": "All {n} values", "fr": "Les {n} valeurs", "es": "Los {n} valores"},
    "map_tiles_credit": {"en": "Map tiles", "fr": "Fond de carte", "es": "Teselas del mapa"},
    "shapes": {"en": "Validation rules", "fr": "Règles de validation", "es": "Reglas de validación"},
    "shapes_title": {"en": "The rules hrgraph validate applies", "fr": "Les règles qu'applique hrgraph validate", "es": "Las reglas que aplica hrgraph validate"},
    "shapes_lead": {"en": "Each rule a validation report names, with its anchor here: the SHACL shapes checked against the graph, and the rules of what the reader notices on the profile pages. Each states what it applies to, what it checks, how serious a failure is, and its messages in the three languages.", "fr": "Chaque règle que nomme un rapport de validation, avec son ancre ici : les formes SHACL vérifiées sur le graphe et les règles de ce que la lecture relève sur les pages de profil. Chacune dit à quoi elle s'applique, ce qu'elle vérifie, la gravité d'un échec et ses messages dans les trois langues.", "es": "Cada regla que nombra un informe de validación, con su ancla aquí: las formas SHACL comprobadas en el grafo y las reglas de lo que la lectura observa en las páginas de perfil. Cada una dice a qué se aplica, qué comprueba, la gravedad de un fallo y sus mensajes en los tres idiomas."},
    "shapes_contents": {"en": "Kinds of rules", "fr": "Sortes de règles", "es": "Tipos de reglas"},
    "rules_node": {"en": "Node shapes", "fr": "Formes de nœuds", "es": "Formas de nodos"},
    "rules_property": {"en": "Property shapes", "fr": "Formes de propriétés", "es": "Formas de propiedades"},
    "rules_reader": {"en": "Reader rules", "fr": "Règles de lecture", "es": "Reglas de lectura"},
    "severity": {"en": "Severity", "fr": "Gravité", "es": "Gravedad"},
    "severity_violation": {"en": "violation", "fr": "violation", "es": "infracción"},
    "severity_warning": {"en": "warning", "fr": "avertissement", "es": "aviso"},
    "severity_info": {"en": "information", "fr": "information", "es": "información"},
    "target": {"en": "Applies to", "fr": "S'applique à", "es": "Se aplica a"},
    "used_by": {"en": "Used by", "fr": "Utilisée par", "es": "Usada por"},
    "shape_path": {"en": "Values at", "fr": "Valeurs en", "es": "Valores en"},
    "reader_target": {"en": "each profile page, as the reader reads it", "fr": "chaque page de profil, telle que la lecture la lit", "es": "cada página de perfil, tal como la lectura la lee"},
    "constraint": {"en": "Constraint", "fr": "Contrainte", "es": "Restricción"},
    "shape_name": {"en": "Name", "fr": "Nom", "es": "Nombre"},
    "shape_message": {"en": "Message", "fr": "Message", "es": "Mensaje"},
    "sparql_constraint": {"en": "SPARQL constraint", "fr": "Contrainte SPARQL", "es": "Restricción SPARQL"},
    "sh_class": {"en": "Instance of", "fr": "Instance de", "es": "Instancia de"},
    "sh_datatype": {"en": "Datatype", "fr": "Type de données", "es": "Tipo de datos"},
    "sh_nodeKind": {"en": "Kind of node", "fr": "Sorte de nœud", "es": "Tipo de nodo"},
    "sh_minCount": {"en": "At least", "fr": "Au moins", "es": "Al menos"},
    "sh_maxCount": {"en": "At most", "fr": "Au plus", "es": "Como máximo"},
    "sh_minInclusive": {"en": "Lowest value", "fr": "Valeur minimale", "es": "Valor mínimo"},
    "sh_maxInclusive": {"en": "Highest value", "fr": "Valeur maximale", "es": "Valor máximo"},
    "sh_minExclusive": {"en": "Greater than", "fr": "Supérieur à", "es": "Mayor que"},
    "sh_maxExclusive": {"en": "Less than", "fr": "Inférieur à", "es": "Menor que"},
    "sh_minLength": {"en": "Shortest length", "fr": "Longueur minimale", "es": "Longitud mínima"},
    "sh_maxLength": {"en": "Longest length", "fr": "Longueur maximale", "es": "Longitud máxima"},
    "sh_pattern": {"en": "Matches the pattern", "fr": "Suit le motif", "es": "Sigue el patrón"},
    "sh_flags": {"en": "Pattern flags", "fr": "Options du motif", "es": "Opciones del patrón"},
    "sh_languageIn": {"en": "Languages", "fr": "Langues", "es": "Idiomas"},
    "sh_uniqueLang": {"en": "One per language", "fr": "Un par langue", "es": "Uno por idioma"},
    "sh_in": {"en": "One of", "fr": "L'une des valeurs", "es": "Uno de"},
    "sh_hasValue": {"en": "Has the value", "fr": "A la valeur", "es": "Tiene el valor"},
    "sh_node": {"en": "Conforms to", "fr": "Conforme à", "es": "Conforme a"},
    "sh_or": {"en": "Any of", "fr": "L'une des formes", "es": "Alguna de"},
    "sh_and": {"en": "All of", "fr": "Toutes les formes", "es": "Todas las formas"},
    "sh_not": {"en": "Not", "fr": "Pas", "es": "No"},
    "sh_xone": {"en": "Exactly one of", "fr": "Exactement une des formes", "es": "Exactamente una de"},
    "sh_equals": {"en": "Equal to", "fr": "Égal à", "es": "Igual a"},
    "sh_disjoint": {"en": "Never equal to", "fr": "Jamais égal à", "es": "Nunca igual a"},
    "sh_lessThan": {"en": "Less than the values of", "fr": "Inférieur aux valeurs de", "es": "Menor que los valores de"},
    "sh_lessThanOrEquals": {"en": "At most the values of", "fr": "Au plus les valeurs de", "es": "Como máximo los valores de"},
    "sh_closed": {"en": "Closed", "fr": "Fermée", "es": "Cerrada"},
    "sh_ignoredProperties": {"en": "Properties allowed besides", "fr": "Propriétés admises en plus", "es": "Propiedades admitidas además"},
    "sh_qualifiedValueShape": {"en": "Values conforming to", "fr": "Valeurs conformes à", "es": "Valores conformes a"},
    "sh_qualifiedMinCount": {"en": "At least, of those", "fr": "Au moins, parmi elles", "es": "Al menos, de esos"},
    "sh_qualifiedMaxCount": {"en": "At most, of those", "fr": "Au plus, parmi elles", "es": "Como máximo, de esos"},
    "sh_property": {"en": "Property shapes", "fr": "Formes de propriétés", "es": "Formas de propiedades"},
}  # fmt: skip


def visitor_language() -> str:
    wanted = request.args.get("lang", "").lower()
    if wanted in LANGUAGES:
        return wanted
    return request.accept_languages.best_match(LANGUAGES) or DEFAULT


def switcher() -> list[tuple[str, str]]:
    """(code, name in itself) of each language, for the pages' language switch."""
    return [(code, NAMES[code]) for code in LANGUAGES]


def language_links() -> list[tuple[str, str, str]]:
    """(code, name in itself, address) of each language: this page, with its other
    parameters (filters, search text) kept and ``lang`` set."""
    kept = [(k, v) for k, v in request.args.items(multi=True) if k != "lang"]
    return [
        (code, name, request.path + "?" + urlencode([*kept, ("lang", code)]))
        for code, name in switcher()
    ]


def translator(lang: str):
    """``t(key, **values)``: the message in ``lang``, its ``{name}`` fields filled in."""

    def t(key: str, **values) -> str:
        entry = MESSAGES.get(key)
        text = entry.get(lang, entry[DEFAULT]) if entry else key
        return text.format(**values) if values else text

    return t
