"""The rules ``hrgraph validate`` applies, as a document at the shapes' own IRI.

Reports name each rule by its IRI in the shapes namespace (``{root}shapes#Member-name``),
and SARIF gives that IRI to CI dashboards as the rule's help link. ``/shapes`` is the
document those links open: for people an HTML page with one section per rule, its
``id`` the IRI's fragment (its target, path, constraints, severity, and its name,
description and message in each language side by side); for programs, by content
negotiation, the shapes files as the server's settings name them, with the reader's
rules (:mod:`hrgraph.reader_rules`) stated in RDF beside them.

Both representations come from the same triples, read once per process for as long
as the files do not change.
"""

from __future__ import annotations

import hashlib
import logging
from collections import defaultdict
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

import pyoxigraph as ox
from flask import Blueprint, Response, render_template, request
from markupsafe import Markup

from hrgraph import formats
from hrgraph.languages import LANGUAGES
from hrgraph.rdf.namespaces import PREFIXES, RDF, RDFS, ROOT, SH, SHAPES, curie
from hrgraph.reader_rules import RULES
from hrgraph.web import conneg, pages, representations
from hrgraph.web.http import cacheable, html, plain
from hrgraph.web.i18n import visitor_language
from hrgraph.web.state import current

blueprint = Blueprint("shapes", __name__)

DOCUMENT = str(SHAPES).rstrip("#")  # the shapes' document IRI
PATH = "/" + DOCUMENT.removeprefix(ROOT)  # where this server answers for it
SHAPES_PREFIXES = {"hrgsh": str(SHAPES), **PREFIXES}
READER_RULE = SHAPES.ReaderRule  # the class of the reader's rules, stated here
READER_RULE_LABELS = {"en": "reader rule", "fr": "règle de lecture", "es": "regla de lectura"}
LIST_SHOWN = 12  # longer lists (sh:in of 249 countries) show their first items, then all

# Said of a shape, not checked on its values: shown apart from its constraints.
ABOUT = {
    str(p)
    for p in (
        RDF.type, SH.name, SH.description, SH.message, SH.severity, SH.path, SH.property,
        SH.targetClass, SH.targetNode, SH.targetSubjectsOf, SH.targetObjectsOf, SH.order,
        SH.group, SH.deactivated, RDFS.label, RDFS.comment, RDFS.isDefinedBy,
    )
}  # fmt: skip
TARGETS = tuple(
    str(p) for p in (SH.targetClass, SH.targetNode, SH.targetSubjectsOf, SH.targetObjectsOf)
)
SEVERITIES = {str(SH.Violation): "violation", str(SH.Warning): "warning", str(SH.Info): "info"}
PATH_OPERATORS = {
    str(SH.zeroOrMorePath): "*",
    str(SH.oneOrMorePath): "+",
    str(SH.zeroOrOnePath): "?",
}


# -- the triples -----------------------------------------------------------------------------


def shape_files(folder: Path) -> list[Path]:
    folder = Path(folder)
    return sorted(p for p in folder.glob("*.ttl") if p.is_file()) if folder.is_dir() else [folder]


def reader_triples() -> list[ox.Triple]:
    """The reader's rules in RDF: severity, name and message (``{value}`` stands for
    the text the page prints) in each language."""
    N, L = ox.NamedNode, ox.Literal
    out = [
        ox.Triple(N(str(READER_RULE)), N(str(RDF.type)), N(str(RDFS.Class))),
        ox.Triple(N(str(READER_RULE)), N(str(RDFS.isDefinedBy)), N(DOCUMENT)),
    ]
    out += [
        ox.Triple(N(str(READER_RULE)), N(str(RDFS.label)), L(text, language=lang))
        for lang, text in READER_RULE_LABELS.items()
    ]
    severity = {"violation": SH.Violation, "warning": SH.Warning, "info": SH.Info}
    for rule in RULES.values():
        s = N(str(SHAPES[rule.id]))
        out.append(ox.Triple(s, N(str(RDF.type)), N(str(READER_RULE))))
        out.append(ox.Triple(s, N(str(RDFS.isDefinedBy)), N(DOCUMENT)))
        out.append(ox.Triple(s, N(str(SH.severity)), N(str(severity[rule.severity]))))
        for lang in LANGUAGES:
            out.append(ox.Triple(s, N(str(SH.name)), L(rule.names[lang], language=lang)))
            out.append(ox.Triple(s, N(str(SH.message)), L(rule.messages[lang], language=lang)))
    return out


def document_triples(folder: Path) -> tuple[tuple[ox.Triple, ...], str]:
    """The document's triples and a digest of the files they were read from."""
    files = shape_files(folder)
    stamp = tuple((str(f), f.stat().st_mtime_ns, f.stat().st_size) for f in files)
    return _read(stamp)


@cache
def _read(stamp: tuple) -> tuple[tuple[ox.Triple, ...], str]:
    triples: list[ox.Triple] = []
    digest = hashlib.sha256()
    for name, _, _ in stamp:
        data = Path(name).read_bytes()
        digest.update(data)
        for q in ox.parse(data, format=ox.RdfFormat.TURTLE, base_iri=DOCUMENT):
            triples.append(ox.Triple(q.subject, q.predicate, q.object))
    return tuple(triples + reader_triples()), digest.hexdigest()[:16]


# -- the rules, as the page shows them ---------------------------------------------------------


@dataclass
class Graph:
    """The triples indexed by subject, predicates and objects kept in file order."""

    triples: tuple[ox.Triple, ...]
    by_subject: dict = field(default_factory=lambda: defaultdict(lambda: defaultdict(list)))
    subjects: list = field(default_factory=list)

    def __post_init__(self):
        for t in self.triples:
            if t.subject not in self.by_subject:
                self.subjects.append(t.subject)
            self.by_subject[t.subject][t.predicate.value].append(t.object)

    def values(self, node, prop) -> list:
        return self.by_subject[node][str(prop)] if node in self.by_subject else []

    def value(self, node, prop):
        found = self.values(node, prop)
        return found[0] if found else None

    def items(self, node) -> list | None:
        """The members of an RDF list, or None when ``node`` is not one."""
        out, seen = [], set()
        while node != ox.NamedNode(str(RDF.nil)):
            first = self.value(node, RDF.first)
            if first is None or node in seen:
                return None
            seen.add(node)
            out.append(first)
            node = self.value(node, RDF.rest)
            if node is None:
                return None
        return out


def fragment(node) -> str | None:
    """The fragment of a rule's IRI in the shapes namespace (the page's anchor)."""
    if isinstance(node, ox.NamedNode) and node.value.startswith(str(SHAPES)):
        return node.value[len(str(SHAPES)) :]
    return None


def term(node, local) -> Markup:
    """One value: a rule of this document links to its section, an IRI shows as a CURIE
    (its page here when this server has one), a literal as written."""
    if isinstance(node, ox.NamedNode):
        if (anchor := fragment(node)) is not None:
            return Markup('<a href="#{a}"><code>hrgsh:{a}</code></a>').format(a=anchor)
        short = curie(node.value, SHAPES_PREFIXES) or node.value
        href = local(node.value)
        if href != node.value:
            return Markup('<a href="{h}" title="{i}"><code>{s}</code></a>').format(
                h=href, i=node.value, s=short
            )
        return Markup('<code title="{i}">{s}</code>').format(i=node.value, s=short)
    if isinstance(node, ox.Literal):
        tag = Markup(" <small>@{}</small>").format(node.language) if node.language else ""
        return Markup('<code class="literal">{v}</code>{t}').format(v=node.value, t=tag)
    return Markup("<code>[ ]</code>")


def path_text(graph: Graph, node) -> str:
    """A property path in SPARQL's syntax: ``schema:name``, ``^hrg:about``, ``(a|b)``."""
    if isinstance(node, ox.NamedNode):
        return curie(node.value, SHAPES_PREFIXES) or f"<{node.value}>"
    if (seq := graph.items(node)) is not None:
        return "/".join(path_text(graph, p) for p in seq)
    if (inverse := graph.value(node, SH.inversePath)) is not None:
        return "^" + path_text(graph, inverse)
    if (alternatives := graph.value(node, SH.alternativePath)) is not None:
        return "(" + "|".join(path_text(graph, p) for p in graph.items(alternatives) or []) + ")"
    for prop, operator in PATH_OPERATORS.items():
        if (inner := graph.value(node, prop)) is not None:
            return path_text(graph, inner) + operator
    return "?"


def constraint_value(graph: Graph, node, local, t, depth: int = 0) -> Markup:
    """A constraint's value: a term, a list of them, or an unnamed shape written out
    (``t``: the page's translator, for the words around long lists)."""
    if isinstance(node, ox.BlankNode) and depth < 4:
        if (listed := graph.items(node)) is not None:
            shown = [constraint_value(graph, v, local, t, depth + 1) for v in listed]
            if len(shown) <= LIST_SHOWN:
                return Markup("( {} )").format(Markup(" ").join(shown))
            return Markup(
                '( {first} … ) <details class="list"><summary>{n}</summary>{all}</details>'
            ).format(
                first=Markup(" ").join(shown[:LIST_SHOWN]),
                n=t("all_values", n=len(shown)),
                all=Markup(" ").join(shown),
            )
        parts = []
        for prop, values in graph.by_subject[node].items():
            if prop == str(SH.path):
                parts.append(Markup("<code>sh:path {}</code>").format(path_text(graph, values[0])))
                continue
            for v in values:
                parts.append(
                    Markup("<code>{p}</code> {v}").format(
                        p=curie(prop, SHAPES_PREFIXES) or prop,
                        v=constraint_value(graph, v, local, t, depth + 1),
                    )
                )
        return Markup("[ {} ]").format(Markup(" ; ").join(parts))
    return term(node, local)


def texts(graph: Graph, node, prop) -> dict[str, list[str]]:
    """language -> texts of ``prop`` on ``node`` (untagged texts under "")."""
    found: dict[str, list[str]] = defaultdict(list)
    for v in graph.values(node, prop):
        if isinstance(v, ox.Literal):
            found[v.language or ""].append(v.value)
    return found


def rule_view(graph: Graph, node, local, t, used_by: dict) -> dict:
    kinds = {v.value for v in graph.values(node, RDF.type)}
    if str(READER_RULE) in kinds:
        kind = "reader"
    elif str(SH.PropertyShape) in kinds or graph.value(node, SH.path) is not None:
        kind = "property"
    else:
        kind = "node"
    severity = graph.value(node, SH.severity)
    constraints, sparql, nested = [], [], []
    for prop, values in graph.by_subject[node].items():
        if prop in ABOUT:
            continue
        for v in values:
            if prop == str(SH.sparql):
                sparql.append(
                    {
                        "select": str(graph.value(v, SH.select).value)
                        if graph.value(v, SH.select)
                        else "",
                        "messages": texts(graph, v, SH.message),
                    }
                )
                continue
            constraints.append(
                {
                    "param": prop.removeprefix(str(SH)) if prop.startswith(str(SH)) else None,
                    "curie": curie(prop, SHAPES_PREFIXES) or prop,
                    "value": constraint_value(graph, v, local, t),
                }
            )
    for prop in graph.values(node, SH.property):
        if isinstance(prop, ox.BlankNode):
            nested.append(constraint_value(graph, prop, local, t))
    path = graph.value(node, SH.path)
    return {
        "id": fragment(node),
        "iri": node.value,
        "kind": kind,
        "severity": SEVERITIES.get(severity.value if severity else str(SH.Violation), "violation"),
        "severity_iri": curie(severity.value if severity else str(SH.Violation)),
        "names": texts(graph, node, SH.name),
        "descriptions": texts(graph, node, SH.description),
        "messages": texts(graph, node, SH.message),
        "path": path_text(graph, path) if path is not None else None,
        "targets": [
            (curie(target, SHAPES_PREFIXES), [term(v, local) for v in graph.values(node, target)])
            for target in TARGETS
            if graph.values(node, target)
        ],
        "used_by": [term(s, local) for s in used_by.get(node, [])],
        "properties": [term(p, local) for p in graph.values(node, SH.property) if fragment(p)],
        "nested": nested,
        "constraints": constraints,
        "sparql": sparql,
    }


def rules(triples: tuple[ox.Triple, ...], local, t) -> dict[str, list[dict]]:
    """The named rules by kind (node shapes, property shapes, reader rules), in the order
    the files state them."""
    graph = Graph(triples)
    used_by: dict = defaultdict(list)
    for s in graph.subjects:
        for node in (*graph.values(s, SH.property), *graph.values(s, SH.node)):
            used_by[node].append(s)
    shapes = {str(SH.NodeShape), str(SH.PropertyShape), str(READER_RULE)}
    out: dict[str, list[dict]] = {"node": [], "property": [], "reader": []}
    for s in graph.subjects:
        if fragment(s) in (None, "") or s.value == str(READER_RULE):
            continue
        kinds = {v.value for v in graph.values(s, RDF.type)}
        is_shape = kinds & shapes or any(graph.values(s, target) for target in TARGETS)
        if is_shape or graph.value(s, SH.path) is not None:
            view = rule_view(graph, s, local, t, used_by)
            out[view["kind"]].append(view)
    return out


def rdf_body(folder: Path, triples: tuple[ox.Triple, ...], media: str) -> bytes:
    """The document in ``media``. In Turtle, a single shapes file is sent as it is
    written, its comments kept for people reading it, the reader's rules after it."""
    rdf = representations.rdf_format(media).ox
    files = shape_files(folder)
    if rdf == ox.RdfFormat.TURTLE and len(files) == 1:
        rules = ox.serialize(reader_triples(), format=rdf, prefixes=SHAPES_PREFIXES)
        note = b"\n# The reader's rules: what hrgraph validate reports of the profile pages.\n"
        return files[0].read_bytes().rstrip(b"\n") + b"\n" + note + rules
    return ox.serialize(triples, format=rdf, prefixes=SHAPES_PREFIXES)


# -- the view ------------------------------------------------------------------------------------


@blueprint.route(PATH)
def shapes_document() -> Response:
    live = current().live()
    offered = [*representations.RDF_OFFERED, representations.HTML]  # RDF unless HTML is preferred
    media = conneg.choose(
        request.headers.get("Accept"),
        request.args.getlist("format"),
        offered,
        {**representations.RDF_ALIASES, "html": representations.HTML},
        formats.get("turtle").media_type,
    )
    if media is None:
        listed = ", ".join(offered)
        return plain(406, f"406 Not Acceptable: the shapes are available as {listed}")
    folder = current().settings.shapes_dir
    try:
        triples, tag = document_triples(folder)
    except (OSError, SyntaxError) as e:  # the reason names server paths: to the log
        logging.getLogger("hrgraph.web").warning("shapes unreadable: %s", e)
        return plain(503, "503 Service Unavailable: the shapes cannot be read")
    if media == representations.HTML:
        lang = visitor_language()
        page = pages.context(live, lang)
        found = live.index(f"shapes:{tag}:{lang}", lambda: rules(triples, page["local"], page["t"]))
        body = render_template(
            "pages/shapes.html",
            rules=found,
            languages=LANGUAGES,
            document=DOCUMENT,
            rdf=representations.downloads(),
            **page,
        )
        response = html(body)
        cacheable(response, live.etag("shapes", tag, lang), live.built_at)
        response.vary.add("Accept")
        return response.make_conditional(request)
    body = live.cache.get_or_make(("shapes", tag, media), lambda: rdf_body(folder, triples, media))
    response = Response(body, mimetype=media)
    response.charset = "utf-8"
    response.headers["Vary"] = "Accept"
    cacheable(response, live.etag("shapes", tag, media), live.built_at)
    return response.make_conditional(request)
