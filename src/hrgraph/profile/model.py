"""Typed records for one profile page.

Every value is kept as the page prints it (whitespace normalised) next to what
was derived from it, and every field remembers the source line it came from, so
later stages (mapping, validation reports) can point back at ``file:line``.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field


class ProfileError(Exception):
    """The file is not a profile page at all (empty, binary, no header...)."""

    def __init__(self, source: str, line: int | None, message: str):
        self.source = source
        self.line = line
        self.message = message
        where = f"{source}:{line}" if line else source
        super().__init__(f"{where}: {message}")

    def __reduce__(self):  # sent back whole from the processes that read profiles
        return (type(self), (self.source, self.line, self.message))


@dataclass
class ParseWarning:
    """Something on the page is off; the value was kept or set to null."""

    line: int | None
    message: str
    field: str | None = None
    rule: str | None = None  # the rule of hrgraph.reader_rules it breaks
    value: str | None = None  # the text the page prints, quoted in reports


@dataclass
class Leader:
    name: str | None = None
    title: str | None = None
    # language the title is written in, when recognisable ("Mayor" on a French page is "en")
    title_lang: str | None = None


@dataclass
class Mandate:
    start: int | None = None
    end: int | None = None
    years: int | None = None
    label: str | None = None


@dataclass
class Population:
    min: int | None = None
    max: int | None = None
    label: str | None = None


@dataclass
class Figure:
    """A number stated in a description: 2000 (jeunes) per year, 35000 (paniers) 2020-2025."""

    value: float | int
    counts: str | None
    text: str
    line: int
    period: str | None = None
    period_start: int | None = None
    period_end: int | None = None
    per_year: bool = False


@dataclass
class VisionAnswer:
    question: str | None
    answer: str
    line: int


@dataclass
class Programme:
    title: str
    theme: str | None
    description: str
    line: int
    description_line: int | None = None
    figures: list[Figure] = field(default_factory=list)


@dataclass
class Profile:
    source: str
    lang: str | None
    slug: str | None
    name: str | None = None
    region: str | None = None
    country: str | None = None
    country_code: str | None = None
    joined: int | None = None
    leader: Leader = field(default_factory=Leader)
    mandate: Mandate = field(default_factory=Mandate)
    government_type: str | None = None
    population: Population = field(default_factory=Population)
    vision: list[VisionAnswer] = field(default_factory=list)
    motivations: list[str] = field(default_factory=list)
    programmes: list[Programme] = field(default_factory=list)
    warnings: list[ParseWarning] = field(default_factory=list)
    # field name -> 1-based source line of its value
    lines: dict[str, int] = field(default_factory=dict)
    # header field name -> 1-based line of its label (where a missing value is reported)
    label_lines: dict[str, int] = field(default_factory=dict)

    def warn(
        self,
        line: int | None,
        message: str,
        field_name: str | None = None,
        rule: str | None = None,
        value: str | None = None,
    ) -> None:
        self.warnings.append(ParseWarning(line, message, field_name, rule, value))

    def to_json(self) -> dict:
        """The record as the ``hrgraph parse`` JSON object."""
        data = asdict(self)
        data["warnings"] = [
            {k: v for k, v in w.items() if v is not None or k in ("line", "message")}
            for w in data["warnings"]
        ]
        return data
