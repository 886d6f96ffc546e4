"""``hrgraph harvest``: the campaign's profile pages from its website into ``data/``;
``hrgraph import``: pages saved from a browser, converted the same way."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from hrgraph.cli.options import fail, setting_option
from hrgraph.languages import LANGUAGES


def _langs(value: str) -> list[str]:
    langs = [v.strip() for v in value.split(",") if v.strip()]
    bad = [v for v in langs if v not in LANGUAGES]
    if bad or not langs:
        raise click.BadParameter(f"languages are {', '.join(LANGUAGES)}, not {value!r}")
    return langs


def _report(report) -> None:
    for problem in report.problems:
        click.echo(f"error: {problem}", err=True)
    for note in report.notes:
        click.echo(f"note: {note}", err=True)
    if report.fatal:
        click.echo(f"error: {report.fatal}", err=True)
    click.echo(report.summary())


@click.command("harvest")
@setting_option("--site", setting="harvest_site")
@setting_option("--data", setting="data_dir")
@click.option("--lang", "langs", default=",".join(LANGUAGES), show_default=True,
              help="Languages to harvest (comma-separated).")  # fmt: skip
@setting_option("--delay", setting="harvest_delay_s")
@click.option("--prune", is_flag=True, help="Remove the files of pages that are gone.")
def harvest_cmd(harvest_site, data_dir, langs, harvest_delay_s, prune) -> None:
    """Harvest every profile page of the campaign site into DIR/profiles/<lang>/<slug>.txt.

    Obeys robots.txt, waits between requests, sends conditional requests so unchanged
    pages are not downloaded again, records each page in DIR/sources.json and the
    editions the pages link together in DIR/members.csv. Exit 0 when every page was
    harvested, 1 when some failed (the others are written), 2 when nothing could be.
    """
    from hrgraph.harvest.fetch import Client
    from hrgraph.harvest.run import harvest
    from hrgraph.settings import load

    languages = _langs(langs)
    s = load(data_dir=data_dir, harvest_site=harvest_site, harvest_delay_s=harvest_delay_s)
    if s.harvest_delay_s < 0:
        fail("--delay must not be negative")
    tty = sys.stderr.isatty()

    def progress(done: int, total: int, name: str) -> None:
        if tty:
            click.echo(f"\r[{done}/{total}] {name[:60]:<60}", err=True, nl=done == total)

    client = Client(
        s.harvest_contact,
        delay=s.harvest_delay_s,
        timeout=s.harvest_timeout_s,
        retries=s.harvest_retries,
        max_bytes=s.harvest_max_page_bytes,
    )
    with client:
        report = harvest(s.harvest_site, s.data_dir, languages, client, prune, progress)
    _report(report)
    sys.exit(report.exit_code)


@click.command("import")
@click.argument("files", nargs=-1, required=True, type=click.Path(exists=True, path_type=Path))
@setting_option("--data", setting="data_dir")
@click.option("--lang", type=click.Choice(LANGUAGES),
              help="Language of pages whose address does not say it.")  # fmt: skip
def import_cmd(files, data_dir, lang) -> None:
    """Convert profile pages saved from a browser (FILE.html...) into DIR/profiles.

    Language and slug come from the page's canonical address, else from --lang or the
    page's lang attribute and the file name. Exit 0, 1 when some failed, 2 when all did.
    """
    from hrgraph.harvest.run import import_pages
    from hrgraph.settings import load

    s = load(data_dir=data_dir)
    report = import_pages(list(files), s.data_dir, lang)
    _report(report)
    sys.exit(report.exit_code)
