"""What a SPARQL request is allowed to do: read, and call only allowlisted SERVICEs.

pyoxigraph parses a query inside ``Store.query`` and evaluates it at once; it exposes
no syntax tree to inspect first. So the query is read here by a tokenizer that knows
SPARQL's lexical grammar (strings in four quotings, comments, IRIs, prefixed names with
escapes, variables), which tells a real ``SERVICE`` keyword from the same word in a
comment, a string or a name. A text search would refuse harmless queries and, worse,
could be fooled by one. What the tokenizer cannot make sense of, pyoxigraph's parser
rejects before anything runs.

pyoxigraph does evaluate ``SERVICE`` over HTTP, so without this check the endpoint
could be made to send requests to any host, including ones only it can reach.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from urllib.parse import urljoin, urlsplit

QUERY_FORMS = ("SELECT", "CONSTRUCT", "DESCRIBE", "ASK")
UPDATE_WORDS = frozenset(
    "INSERT DELETE LOAD CLEAR CREATE DROP COPY MOVE ADD WITH".split()
)  # fmt: skip


# pyoxigraph's parser recurses once per level of nesting and overflows its stack (the
# process dies on SIGSEGV, no error) somewhere past 200 nested collections or 1000
# nested groups; real queries nest a dozen levels at most.
MAX_NESTING = 64
_OPENERS, _CLOSERS, _PREFIX_OPS = frozenset("([{"), frozenset(")]}"), frozenset("!-+^")


class Refused(Exception):
    """The request asks for something this endpoint does not do (answer 403)."""


def nesting(text: str) -> int:
    """The deepest nesting of brackets, or longest run of prefix operators, in a query
    (strings, IRIs and comments do not count). Cheap when the query could not be deep."""
    if sum(text.count(c) for c in "([{!-+^") <= MAX_NESTING:
        return 0
    depth = deepest = run = 0
    for token in tokenize(text):
        t = token.text
        if token.kind != "punct":
            run = 0
            continue
        if t in _OPENERS:
            depth += 1
            deepest = max(deepest, depth)
        elif t in _CLOSERS:
            depth = max(0, depth - 1)
        run = run + 1 if t in _PREFIX_OPS or t in _OPENERS else 0
        deepest = max(deepest, run)
    return deepest


_PN_CHARS_BASE = (
    "A-Za-z\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u02ff\u0370-\u037d\u037f-\u1fff"
    "\u200c-\u200d\u2070-\u218f\u2c00-\u2fef\u3001-\ud7ff\uf900-\ufdcf\ufdf0-\ufffd"
    "\U00010000-\U000effff"
)
_PN_CHARS = _PN_CHARS_BASE + "_0-9\u00b7\u0300-\u036f\u203f-\u2040\\-"
_PLX = r"%[0-9A-Fa-f]{2}|\\[_~.\-!$&'()*+,;=/?#@%]"
_PREFIX = rf"(?:[{_PN_CHARS_BASE}](?:[{_PN_CHARS}.]*[{_PN_CHARS}])?)?"
_LOCAL_CHAR = rf"(?:[{_PN_CHARS}:]|{_PLX})"
_LOCAL = rf"(?:{_LOCAL_CHAR}(?:(?:[{_PN_CHARS}.:]|{_PLX})*{_LOCAL_CHAR})?)?"

_TOKEN = re.compile(
    rf"""
    (?P<ws>\s+)
  | (?P<comment>\#[^\n\r]*)
  | (?P<string>'''(?:[^'\\]|\\.|'(?!''))*'''
             |\"\"\"(?:[^"\\]|\\.|"(?!""))*\"\"\"
             |'(?:[^'\\\n\r]|\\.)*'
             |"(?:[^"\\\n\r]|\\.)*")
  | (?P<iri><(?:[^<>"{{}}|^`\\\x00-\x20]|\\u[0-9A-Fa-f]{{4}}|\\U[0-9A-Fa-f]{{8}})*>)
  | (?P<var>[?$][{_PN_CHARS_BASE}_0-9][{_PN_CHARS_BASE}_0-9\u00b7\u0300-\u036f\u203f-\u2040]*)
  | (?P<bnode>_:[{_PN_CHARS_BASE}_0-9](?:[{_PN_CHARS}.]*[{_PN_CHARS}])?)
  | (?P<lang>@[a-zA-Z]+(?:-[a-zA-Z0-9]+)*)
  | (?P<pname>{_PREFIX}:{_LOCAL})
  | (?P<word>[A-Za-z_][A-Za-z0-9_]*)
  | (?P<number>[0-9]*\.?[0-9]+(?:[eE][+-]?[0-9]+)?)
  | (?P<punct>\^\^|&&|\|\||!=|<=|>=|.)
    """,
    re.VERBOSE | re.DOTALL,
)


@dataclass(frozen=True)
class Token:
    kind: str
    text: str
    pos: int


def tokenize(text: str) -> Iterator[Token]:
    """Significant tokens (no whitespace or comments); anything odd becomes ``punct``."""
    pos = 0
    while pos < len(text):
        m = _TOKEN.match(text, pos)
        kind = m.lastgroup
        if kind not in ("ws", "comment"):
            yield Token(kind, m.group(), pos)
        pos = m.end()


@dataclass
class QueryShape:
    """What the tokenizer learnt: the operation's form and the SERVICE endpoints."""

    form: str | None  # SELECT, CONSTRUCT, DESCRIBE, ASK, UPDATE, or None (unknown)
    services: list[str | None] = field(default_factory=list)  # None: not a fixed IRI

    @property
    def kind(self) -> str | None:
        """``select`` (SELECT, ASK), ``graph`` (CONSTRUCT, DESCRIBE), ``update``, or None."""
        if self.form in ("SELECT", "ASK"):
            return "select"
        if self.form in ("CONSTRUCT", "DESCRIBE"):
            return "graph"
        return "update" if self.form == "UPDATE" else None


def _unescape_iri(body: str) -> str:
    return re.sub(
        r"\\u([0-9A-Fa-f]{4})|\\U([0-9A-Fa-f]{8})",
        lambda m: chr(int(m.group(1) or m.group(2), 16)),
        body,
    )


def _unescape_local(local: str) -> str:
    return re.sub(r"\\(.)", r"\1", local)


def inspect(
    query: str, prefixes: Mapping[str, str] | None = None, base: str | None = None
) -> QueryShape:
    """Read the prologue, the form and every ``SERVICE`` endpoint of ``query``.

    ``base`` resolves relative IRIs until the query's own ``BASE`` replaces it.
    """
    # A SERVICE keyword is spelt out (SPARQL has no escapes in keywords), so a query
    # without the letters needs only its prologue read.
    scan_all = "service" in query.lower()
    tokens = list(tokenize(query) if scan_all else _head(tokenize(query)))
    known = dict(prefixes or {})
    i = 0
    while i < len(tokens) and tokens[i].kind == "word":
        word = tokens[i].text.upper()
        if word == "BASE" and i + 1 < len(tokens) and tokens[i + 1].kind == "iri":
            base = _resolve(_unescape_iri(tokens[i + 1].text[1:-1]), base)
            i += 2
        elif (
            word == "PREFIX"
            and i + 2 < len(tokens)
            and tokens[i + 1].kind == "pname"
            and tokens[i + 1].text.endswith(":")
            and tokens[i + 2].kind == "iri"
        ):
            known[tokens[i + 1].text[:-1]] = _resolve(_unescape_iri(tokens[i + 2].text[1:-1]), base)
            i += 3
        else:
            break
    form = None
    if i < len(tokens) and tokens[i].kind == "word":
        word = tokens[i].text.upper()
        form = word if word in QUERY_FORMS else "UPDATE" if word in UPDATE_WORDS else None
    return QueryShape(form, list(_services(tokens[i:], known, base)))


def _head(tokens: Iterator[Token]) -> Iterator[Token]:
    """Tokens up to the first word that is not part of the prologue."""
    pending = 0
    for token in tokens:
        yield token
        if pending:
            pending -= 1
        elif token.kind == "word" and token.text.upper() in ("BASE", "PREFIX"):
            pending = 2 if token.text.upper() == "PREFIX" else 1
        else:
            return


def _services(tokens: list[Token], prefixes: dict[str, str], base: str | None):
    for n, token in enumerate(tokens):
        if token.kind != "word" or token.text.upper() != "SERVICE":
            continue
        rest = tokens[n + 1 : n + 3]
        if rest and rest[0].kind == "word" and rest[0].text.upper() == "SILENT":
            rest = rest[1:]
        target = rest[0] if rest else None
        if target is not None and target.kind == "iri":
            yield _resolve(_unescape_iri(target.text[1:-1]), base)
        elif target is not None and target.kind == "pname":
            prefix, _, local = target.text.partition(":")
            namespace = prefixes.get(prefix)
            yield None if namespace is None else namespace + _unescape_local(local)
        else:
            yield None  # a variable, or something the parser will reject anyway


def _resolve(iri: str, base: str | None) -> str:
    return urljoin(base, iri) if base else iri


def host_allowed(iri: str | None, allowlist: Iterable[str]) -> bool:
    if not iri:
        return False
    parts = urlsplit(iri)
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
        return False
    allowed = {h.strip().lower().rstrip(".") for h in allowlist if h.strip()}
    return parts.hostname.lower().rstrip(".") in allowed


def check(
    query: str,
    allowlist: Iterable[str],
    prefixes: Mapping[str, str] | None = None,
    base: str | None = None,
):
    """The query's shape, or :class:`Refused` for an update, a SERVICE not allowed or a
    query nested deeper than the parser can take."""
    if nesting(query) > MAX_NESTING:
        raise Refused(f"the query nests deeper than {MAX_NESTING} levels")
    shape = inspect(query, prefixes, base)
    if shape.form == "UPDATE":
        raise Refused("this endpoint is read-only: SPARQL Update is not accepted")
    allowlist = tuple(allowlist)
    for endpoint in shape.services:
        if endpoint is None:
            raise Refused("SERVICE needs a fixed http(s) IRI whose host is allowed")
        if not host_allowed(endpoint, allowlist):
            host = urlsplit(endpoint).hostname or endpoint
            raise Refused(f"SERVICE to {host} is not allowed (see setting service_allowlist)")
    return shape
