"""A page's HTML to the profile text layout (see :mod:`hrgraph.profile.reader`).

The site's markup is not documented, so nothing here depends on class names: the main
content is found by the document's structure (``<main>``, ``role=main``, the largest
``<article>``, else ``<body>``), noise is dropped by element kind (navigation, header,
footer, dialogs and cookie notices, scripts, styles, forms, comments), and the text keeps
the block structure the reader needs:

- headings, labels and other short blocks (``div``, ``dt``, ``dd``, ``h2``-``h6``) on lines
  of their own; paragraphs (``p``, ``li``, ``h1``, ``blockquote``) between blank lines;
- list items as ``  • `` bullets, paragraphs inside them indented;
- ``<br>`` as a line break; entities decoded and non-breaking spaces made plain spaces;
- what comes before the first ``<h1>`` (breadcrumbs, tabs, "back" links) is dropped:
  a profile's text starts with the member's name;
- a paragraph that is blank on the page (``<p>&nbsp;</p>``) stays a blank-looking line,
  so line numbers match the page as the campaign writes it.
"""

from __future__ import annotations

import re

import lxml.html
from lxml import etree

# Elements whose content is never page text.
_DROP = {
    "script", "style", "noscript", "template", "iframe", "svg", "canvas", "object",
    "embed", "nav", "header", "footer", "aside", "form", "button", "select", "input",
    "textarea", "dialog", "head", "link", "meta",
}  # fmt: skip
_DROP_ROLES = {"navigation", "banner", "contentinfo", "dialog", "alertdialog", "search"}
# Cookie and consent notices: recognised by what they say they are, in any attribute.
_NOTICE_RE = re.compile(r"cookie|consent|gdpr|rgpd", re.I)
_PARAGRAPHS = {"p", "li", "h1", "blockquote", "pre", "figure", "figcaption", "address"}
_BLOCKS = {
    "div", "section", "article", "main", "dl", "dt", "dd", "ul", "ol", "table", "tr",
    "thead", "tbody", "tfoot", "h2", "h3", "h4", "h5", "h6", "hr", "details", "summary",
    "fieldset", "legend", "center",
}  # fmt: skip
_CELLS = {"td", "th"}
_SPACES = re.compile(r"[ \t\n\r\f\v\u00a0\u2000-\u200b\u202f\u205f\u3000]+")
BULLET = "  • "
INDENT = "    "


_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?([A-Za-z0-9_.:-]+)""", re.I)


def decode(html: bytes, encoding: str | None = None) -> str:
    """Bytes to text: the HTTP charset, else a BOM, else ``<meta charset>``, else UTF-8
    (and Windows-1252 for bytes that are not UTF-8)."""
    if html.startswith(b"\xef\xbb\xbf"):
        return html[3:].decode("utf-8", "replace")
    m = _META_CHARSET.search(html[:4096])
    for name in (encoding, m.group(1).decode("ascii") if m else None):
        if name:
            try:
                return html.decode(name, "replace")
            except LookupError:
                continue
    try:
        return html.decode("utf-8")
    except UnicodeDecodeError:
        return html.decode("cp1252", "replace")


def parse(html: bytes | str, encoding: str | None = None) -> etree._Element:
    """The document tree; an empty one for a page with no markup at all (lxml refuses
    an empty document), so such a page reads as "not a profile", not as a crash."""
    if isinstance(html, bytes):
        html = decode(html, encoding)
    try:
        return lxml.html.document_fromstring(html)
    except (etree.ParserError, ValueError):
        return lxml.html.document_fromstring("<html><body></body></html>")


def alternates(doc: etree._Element, base_url: str = "") -> dict[str, str]:
    """{lang: url} of the page's other editions: ``<link rel=alternate hreflang>`` in the
    head and links carrying ``hreflang`` (a language switcher) anywhere in the page."""
    from urllib.parse import urljoin

    found: dict[str, str] = {}
    for el in doc.iter("link", "a"):
        lang = (el.get("hreflang") or "").strip().lower()
        href = (el.get("href") or "").strip()
        if el.tag == "link" and "alternate" not in (el.get("rel") or "").lower().split():
            continue
        if not lang or not href or lang == "x-default":
            continue
        found.setdefault(lang.split("-")[0], urljoin(base_url, href))
    return found


def page_language(doc: etree._Element) -> str | None:
    lang = (doc.get("lang") or doc.get("{http://www.w3.org/XML/1998/namespace}lang") or "").strip()
    return lang.split("-")[0].lower() or None


def canonical(doc: etree._Element) -> str | None:
    for el in doc.iter("link"):
        if "canonical" in (el.get("rel") or "").lower().split() and el.get("href"):
            return el.get("href").strip()
    for el in doc.iter("meta"):
        if el.get("property") == "og:url" and el.get("content"):
            return el.get("content").strip()
    return None


def _is_noise(el: etree._Element) -> bool:
    if el.tag in _DROP:
        return True
    if el.tag == "a" and el.get("hreflang"):  # a language switcher's link
        return True
    if (el.get("role") or "").lower() in _DROP_ROLES:
        return True
    if el.get("hidden") is not None or (el.get("aria-hidden") or "").lower() == "true":
        return True
    words = " ".join(el.get(a) or "" for a in ("id", "class", "aria-label", "data-nosnippet"))
    return bool(_NOTICE_RE.search(words)) and el.tag not in ("main", "article", "body")


def _strip(root: etree._Element) -> None:
    for el in list(root.iter(etree.Comment, etree.ProcessingInstruction)):
        _remove(el)
    for el in list(root.iter()):
        if isinstance(el.tag, str) and el.getparent() is not None and _is_noise(el):
            _remove(el)


def _remove(el: etree._Element) -> None:
    """Remove ``el`` but keep the text that follows it (its tail)."""
    parent = el.getparent()
    if parent is None:
        return
    tail = el.tail or ""
    prev = el.getprevious()
    if tail:
        if prev is not None:
            prev.tail = (prev.tail or "") + tail
        else:
            parent.text = (parent.text or "") + tail
    parent.remove(el)


def _text_size(el: etree._Element) -> int:
    return len(_SPACES.sub("", el.text_content()))


def main_content(doc: etree._Element) -> etree._Element:
    """The element holding the page's own content, noise removed."""
    body = doc.find("body")
    body = body if body is not None else doc
    title = next(iter(body.iter("h1")), None)
    title_text = _SPACES.sub(" ", title.text_content()).strip() if title is not None else ""
    _strip(body)
    candidates = [el for el in body.iter("main")]
    candidates += [el for el in body.iter() if (el.get("role") or "").lower() == "main"]
    if not candidates:
        candidates = list(body.iter("article"))
    root = max(candidates, key=_text_size) if candidates else body
    if title_text and next(iter(root.iter("h1")), None) is None:
        h1 = etree.Element("h1")
        h1.text = title_text
        root.insert(0, h1)
        h1.tail = root.text
        root.text = None
    return root


class _Writer:
    def __init__(self) -> None:
        self.lines: list[str] = []
        self.words: list[str] = []
        self.prefix: str | None = None  # a bullet waiting for its first line
        self.indent = ""
        self.separated = True  # the last line written is a separating blank line
        self.blank_wanted = False
        self.title_at: int | None = None  # where the first h1 starts: the page's own text

    def text(self, s: str | None) -> None:
        if s:
            self.words.append(_SPACES.sub(" ", s))

    def _emit(self, line: str) -> None:
        if self.blank_wanted and self.lines and not self.separated:
            self.lines.append("")
        self.blank_wanted = False
        self.lines.append(line)
        self.separated = False

    def flush(self, keep_empty: bool = False) -> bool:
        line = "".join(self.words).strip()
        self.words = []
        if not line and not keep_empty:
            return False
        if self.prefix is not None:
            line, self.prefix = self.prefix + line, None
        elif line:
            line = self.indent + line
        self._emit(line.rstrip())
        return True

    def blank(self) -> None:
        self.blank_wanted = True

    def text_lines(self) -> str:
        lines = self.lines[self.title_at or 0 :]
        return "\n".join(lines).strip("\n") + "\n"


def _walk(el: etree._Element, w: _Writer, depth: int = 0) -> None:
    tag = el.tag if isinstance(el.tag, str) else ""
    if tag == "br":
        w.flush()
        w.text(el.tail)
        return
    if tag in _PARAGRAPHS or tag in _BLOCKS:
        paragraph = tag in _PARAGRAPHS
        w.flush()
        if paragraph:
            w.blank()
        saved = w.indent
        if tag == "h1" and w.title_at is None:
            w.title_at = len(w.lines)
        if tag == "li":
            w.prefix = BULLET
            w.indent = INDENT
        written_before = len(w.lines)
        w.text(el.text)
        for child in el:
            _walk(child, w, depth + 1)
        wrote = w.flush()
        if tag == "p" and not wrote and len(w.lines) == written_before:
            w.flush(keep_empty=True)  # a blank-looking paragraph keeps its line
        if tag == "li" and w.prefix is not None:
            w.prefix = None
        w.indent = saved
        if paragraph:
            w.blank()
        w.text(el.tail)
        return
    if tag in _CELLS:
        w.text(" ")
    w.text(el.text)
    for child in el:
        _walk(child, w, depth + 1)
    if tag in _CELLS:
        w.text(" ")
    w.text(el.tail)


def html_to_text(html: bytes | str, encoding: str | None = None) -> str:
    """The page's main content in the profile text layout."""
    return element_text(main_content(parse(html, encoding)))


def element_text(root: etree._Element) -> str:
    w = _Writer()
    w.text(root.text)
    for child in root:
        _walk(child, w)
    w.flush()
    return w.text_lines()
