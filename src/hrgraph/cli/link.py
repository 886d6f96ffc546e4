"""``hrgraph link``: reconcile a CSV of names against the built graph, without OpenRefine.

Each row gets the best candidate's IRI, its label, its score and whether it is a
confident match (the service's ``match``), in four columns added at the end.
"""

from __future__ import annotations

import csv

import click

from hrgraph.cli.options import fail, setting_option

COLUMNS = ("hrgraph_uri", "hrgraph_label", "hrgraph_score", "hrgraph_match")


@click.command("link")
@click.argument("names", type=click.File("r", encoding="utf-8-sig"))
@setting_option("--build", setting="build_dir")
@click.option(
    "--name-column",
    default="name",
    show_default=True,
    help="The column holding the names (a header, or a 1-based number).",
)
@click.option(
    "--country-column",
    default=None,
    help="A column of ISO 3166 country codes or country names, which must agree.",
)
@click.option(
    "--type",
    "kind",
    type=click.Choice(["territory", "organisation", "programme", "theme", "member"]),
    default="member",
    show_default=True,
    help="What the names are names of (member: a territory or an organisation).",
)
@click.option(
    "--out",
    type=click.File("w", encoding="utf-8"),
    default="-",
    help="Where to write the CSV  [default: standard output]",
)
def link_cmd(names, build_dir, name_column, country_column, kind, out) -> None:
    """Add the best-matching graph IRI to every row of the CSV file NAMES."""
    from hrgraph.reconcile.index import MEMBER_KINDS, Index
    from hrgraph.reconcile.match import reconcile
    from hrgraph.release import ReleaseError
    from hrgraph.settings import load
    from hrgraph.store.embedded import open_store

    try:
        rows = list(csv.reader(names))
    except (csv.Error, UnicodeDecodeError) as e:
        fail(f"{names.name}: not a readable CSV file: {e}")
    if not rows:
        fail(f"{names.name}: empty file")
    header, body = rows[0], rows[1:]
    name_at = _column(header, name_column, "--name-column")
    country_at = _column(header, country_column, "--country-column") if country_column else None
    settings = load(build_dir=build_dir)
    try:
        store, _ = open_store(settings.build_dir)
        index = Index.from_store(store)
    except ReleaseError as e:
        fail(str(e))
    types = MEMBER_KINDS if kind == "member" else (kind,)
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow([*header, *COLUMNS])
    confident = 0
    for row in body:
        name = row[name_at] if name_at < len(row) else ""
        country = (
            row[country_at].strip() if country_at is not None and country_at < len(row) else ""
        )
        prop = "countryCode" if len(country) == 2 else "country"
        found = name.strip() and reconcile(
            index, name, types=types, properties=[(prop, country)] if country else [], limit=2
        )
        best = found[0] if found else None
        confident += bool(best and best.match)
        writer.writerow(
            [
                *row,
                best.entity.iri if best else "",
                best.entity.label() if best else "",
                f"{best.score:.1f}" if best else "",
                "true" if best and best.match else "false",
            ]
        )
    out.flush()
    click.echo(f"{confident} of {len(body)} rows matched with confidence", err=True)


def _column(header: list[str], wanted: str, option: str) -> int:
    if wanted in header:
        return header.index(wanted)
    folded = [h.strip().lower() for h in header]
    if wanted.strip().lower() in folded:
        return folded.index(wanted.strip().lower())
    if wanted.isdigit() and 1 <= int(wanted) <= len(header):
        return int(wanted) - 1
    fail(f"{option} {wanted!r}: no such column (the header has {', '.join(header)})")


__all__ = ["link_cmd"]
