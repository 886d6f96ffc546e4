"""Content negotiation: the one place that reads ``Accept`` and ``format=``.

Every view that can answer in several media types asks :func:`choose` which one to
send. The rules (RFC 9110, section 12.5.1):

* each media range in ``Accept`` carries a weight ``q`` (default 1); ``q=0`` means
  "not this", and it wins over a wildcard that would otherwise allow the type;
* a type is weighed by the most specific range that matches it: ``text/csv`` beats
  ``text/*``, which beats ``*/*``;
* among equally weighted types, the one named by a more specific range wins, then
  the one the server lists first;
* a ``charset`` parameter other than UTF-8 makes its range match nothing (we only
  write UTF-8); other parameters are ignored;
* no ``Accept`` header (or an empty one) means the server's default;
* a ``format`` parameter (a short name such as ``csv`` or a full media type)
  overrides ``Accept`` entirely, so links and forms can ask for a format.

The answer is a media type from the offered list, or ``None`` when nothing offered is
acceptable (the caller answers 406).

Why not Werkzeug's ``MIMEAccept.best_match``, which Flask already ships: run against
the table in tests/web/test_conneg.py it fails four rows that SPARQL clients send —
a malformed header gives no answer instead of the default, ``text/csv;charset=utf-8``
does not match ``text/csv``, ``q=2`` and ``*/csv`` are not treated as the RFC says.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field


@dataclass(frozen=True)
class MediaRange:
    type: str
    subtype: str
    q: float = 1.0
    params: dict[str, str] = field(default_factory=dict)

    @property
    def specificity(self) -> int:
        """0 for ``*/*``, 1 for ``type/*``, 2 for ``type/subtype``, 3 with parameters."""
        if self.type == "*":
            return 0
        if self.subtype == "*":
            return 1
        return 3 if self.params else 2

    def matches(self, media_type: str) -> bool:
        kind, _, sub = media_type.partition("/")
        if self.params.get("charset", "utf-8").lower() not in ("utf-8", "utf8"):
            return False
        if self.type == "*":
            return True
        if self.type != kind:
            return False
        return self.subtype in ("*", sub)


def _split_outside_quotes(text: str, sep: str) -> list[str]:
    parts, current, quoted, escaped = [], [], False, False
    for ch in text:
        if escaped:
            escaped = False
        elif ch == "\\" and quoted:
            escaped = True
        elif ch == '"':
            quoted = not quoted
        elif ch == sep and not quoted:
            parts.append("".join(current))
            current = []
            continue
        current.append(ch)
    parts.append("".join(current))
    return parts


def parse_accept(header: str | None) -> list[MediaRange]:
    """The media ranges of an ``Accept`` header; malformed entries are skipped."""
    ranges = []
    for item in _split_outside_quotes(header or "", ","):
        pieces = _split_outside_quotes(item, ";")
        kind, slash, sub = pieces[0].strip().lower().partition("/")
        if not slash or not kind or not sub or (kind == "*" and sub != "*"):
            continue
        q, params = 1.0, {}
        for piece in pieces[1:]:
            name, eq, value = piece.strip().partition("=")
            name, value = name.strip().lower(), value.strip().strip('"')
            if not eq:
                continue
            if name == "q":
                try:
                    q = min(max(float(value), 0.0), 1.0)
                except ValueError:
                    q = 0.0
                break  # what follows q are accept-extensions, not media type parameters
            params[name] = value
        ranges.append(MediaRange(kind, sub, q, params))
    return ranges


def negotiate(
    accept_header: str | None, offered: Sequence[str], default: str | None = None
) -> str | None:
    """The best of ``offered`` for ``accept_header``, or None when none is acceptable.

    ``offered`` lists media types in the server's order of preference; ``default``
    (or the first offered type) answers a request with no ``Accept`` header.
    """
    if not offered:
        return None
    if not (accept_header or "").strip():
        return default or offered[0]
    ranges = parse_accept(accept_header)
    if not ranges:
        return default or offered[0]
    best, best_key = None, None
    for rank, media_type in enumerate(offered):
        matching = [r for r in ranges if r.matches(media_type.lower())]
        if not matching:
            continue
        top = max(r.specificity for r in matching)
        # The most specific ranges decide; several at that level: the most generous q.
        q = max(r.q for r in matching if r.specificity == top)
        if q <= 0:
            continue
        key = (q, top, -rank)
        if best_key is None or key > best_key:
            best, best_key = media_type, key
    return best


def choose(
    accept_header: str | None,
    format_value: str | Sequence[str] | None,
    offered: Sequence[str],
    aliases: Mapping[str, str] | None = None,
    default: str | None = None,
) -> str | None:
    """:func:`negotiate`, unless ``format_value`` names a type (short name or media type).

    Several ``format`` values (some clients send a short name and a media type) are
    tried in order; when none names an offered type the answer is None.
    """
    values = [format_value] if isinstance(format_value, str) else list(format_value or [])
    values = [v.strip().lower() for v in values if v and v.strip()]
    if values:
        for wanted in values:
            wanted = (aliases or {}).get(wanted, wanted)
            found = next((t for t in offered if t.lower() == wanted), None)
            if found is not None:
                return found
        return None
    return negotiate(accept_header, offered, default)
