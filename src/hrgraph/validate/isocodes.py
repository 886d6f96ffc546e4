"""The generated block of ISO 3166-1 codes in the shapes file, and its check.

SHACL Core can only say "one of these values" with ``sh:in``, so the assigned alpha-2
codes are written into ``shapes/hrgraph-shapes.ttl`` between two marker lines. The list
comes from pycountry, the source the reader uses to recognise countries; a test fails
when the checked-in block differs from what this module generates.

Run ``python -m hrgraph.validate.isocodes`` to rewrite the block in place, or with
``--check`` to exit 1 when it is out of date.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pycountry

BEGIN = "# BEGIN GENERATED ISO 3166-1"
END = "# END GENERATED ISO 3166-1"


def codes() -> list[str]:
    return sorted(c.alpha_2 for c in pycountry.countries)


def _rows(items: list[str], per_line: int) -> list[str]:
    return ["    " + " ".join(items[i : i + per_line]) for i in range(0, len(items), per_line)]


def block() -> str:
    """The Turtle between the markers: the two ``sh:in`` lists."""
    cs = codes()
    lines = [
        f"# {len(cs)} codes.",
        "hrgsh:Member-countryCode sh:in (",
        *_rows([f'"{c}"' for c in cs], 12),
        ") .",
        "",
        "hrgsh:Member-country sh:in (",
        *_rows([f"country:{c}" for c in cs], 8),
        ") .",
    ]
    return "\n".join(lines) + "\n"


def render(text: str) -> str:
    """``text`` with the generated block replaced by a fresh one."""
    head, sep, rest = text.partition(BEGIN + "\n")
    _, sep2, tail = rest.partition(END)
    if not sep or not sep2:
        raise ValueError(f"markers {BEGIN!r} and {END!r} not found")
    return head + BEGIN + "\n" + block() + END + tail


def main(argv: list[str] | None = None) -> int:
    from hrgraph.settings import load

    args = list(sys.argv[1:] if argv is None else argv)
    check = "--check" in args
    path = Path(load().shapes_dir) / "hrgraph-shapes.ttl"
    current = path.read_text(encoding="utf-8")
    fresh = render(current)
    if current == fresh:
        return 0
    if check:
        print(f"{path}: generated ISO 3166-1 block is out of date", file=sys.stderr)
        return 1
    path.write_text(fresh, encoding="utf-8")
    print(f"{path}: generated ISO 3166-1 block rewritten")
    return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
