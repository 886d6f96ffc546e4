"""Property tests: whatever text arrives, the reader returns a Profile or its own error."""

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from helpers import FIXTURE_PROFILES, SEED
from hrgraph.profile import Profile, ProfileError, read_profile_text
from hrgraph.profile.quantities import find_figures, parse_number

PAGES = [SEED.read_text("utf-8")] + [
    p.read_text("utf-8") for p in sorted(FIXTURE_PROFILES.rglob("*.txt"))
]
PAGE_LINES = [line for page in PAGES for line in page.splitlines()]


def read_or_error(text):
    try:
        profile = read_profile_text(text, "prop.txt")
    except ProfileError as e:
        assert e.source == "prop.txt"
        assert e.message
        return None
    assert isinstance(profile, Profile)
    profile.to_json()  # serialisable
    return profile


@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow])
@given(st.text())
def test_random_text(text):
    read_or_error(text)


@st.composite
def mutated_pages(draw):
    lines = draw(st.sampled_from(PAGES)).splitlines()
    for _ in range(draw(st.integers(0, 8))):
        op = draw(st.sampled_from(["drop", "dup", "swap", "insert", "garble", "upper"]))
        if not lines:
            break
        i = draw(st.integers(0, len(lines) - 1))
        if op == "drop":
            del lines[i]
        elif op == "dup":
            lines.insert(i, lines[i])
        elif op == "swap":
            j = draw(st.integers(0, len(lines) - 1))
            lines[i], lines[j] = lines[j], lines[i]
        elif op == "insert":
            lines.insert(i, draw(st.sampled_from(PAGE_LINES) | st.text(max_size=40)))
        elif op == "garble":
            lines[i] = draw(st.text(max_size=80))
        else:
            lines[i] = lines[i].upper()
    return "\n".join(lines)


@settings(max_examples=400, suppress_health_check=[HealthCheck.too_slow])
@given(mutated_pages())
def test_mutated_pages(text):
    profile = read_or_error(text)
    if profile is not None:
        for w in profile.warnings:
            assert w.line is None or 1 <= w.line <= len(text.splitlines())
        for field, line in profile.lines.items():
            assert 1 <= line <= len(text.splitlines()), field


@given(st.integers(0, 10**9))
def test_grouped_numbers_round_trip(n):
    for sep in [".", ",", " ", "\u00a0"]:
        grouped = f"{n:,}".replace(",", sep)
        assert parse_number(grouped) == n


@given(st.integers(1, 99_999), st.sampled_from(["jeunes", "paniers", "families", "personas"]))
def test_a_stated_figure_is_found(n, noun):
    figures = find_figures(f"Nous aidons {n:,} {noun} chaque année.".replace(",", "."))
    assert [(f.value, f.counts, f.per_year) for f in figures] == [(n, noun, True)]
