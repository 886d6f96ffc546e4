"""The ``hrgraph`` command: one verb per pipeline stage, one module per verb, each a thin
wrapper over library functions.

Exit codes are :class:`hrgraph.exits.Exit` and never mean two things: 0 success, 1 the
input was checked and found wanting, 2 the command could not do its job (bad usage or
settings, unreadable files). Settings errors (an unknown key in ``hrgraph.toml``,
``HRGRAPH_PORT=abc``) are reported by name, exit 2, for every verb.
"""

from __future__ import annotations

import click

from hrgraph import __version__
from hrgraph.cli.build import build_cmd
from hrgraph.cli.export_site import export_site_cmd
from hrgraph.cli.harvest import harvest_cmd, import_cmd
from hrgraph.cli.link import link_cmd
from hrgraph.cli.parse import parse_cmd
from hrgraph.cli.publish import publish_cmd
from hrgraph.cli.query import query_cmd
from hrgraph.cli.serve import serve_cmd
from hrgraph.cli.validate import validate_cmd
from hrgraph.exits import Exit
from hrgraph.settings import SettingsError


class Group(click.Group):
    """A click group that turns a bad setting into a message and exit 2."""

    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except SettingsError as e:
            click.echo(f"error: setting: {e}", err=True)
            ctx.exit(Exit.FAILED)


@click.group(cls=Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="hrgraph")
def main() -> None:
    """hrgraph: human rights cities profiles as a linked-data knowledge graph."""


VERBS = (
    harvest_cmd,
    import_cmd,
    parse_cmd,
    build_cmd,
    validate_cmd,
    query_cmd,
    serve_cmd,
    link_cmd,
    publish_cmd,
    export_site_cmd,
)
for command in VERBS:
    main.add_command(command)

__all__ = ["main"]
