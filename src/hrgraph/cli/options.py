"""What the verbs share: options whose type, help and shown default come from the
settings table, and the one way a command gives up."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import NoReturn

import click

from hrgraph import settings
from hrgraph.exits import Exit

_CLICK_TYPES = {Path: click.Path(path_type=Path), int: int, float: float, str: str}


def setting_option(
    *decls: str, setting: str, dest: str | None = None, help: str | None = None, **kw
):
    """A click option that overrides setting ``setting`` (passed as ``dest``, by default
    the setting's name).

    Its value is None when not given, so the file and environment still apply; the
    help shows the setting's default as the settings table states it.
    """
    kw.setdefault("type", _CLICK_TYPES.get(settings.kind(setting), str))
    text = f"{help or _field_help(setting)}  [default: {settings.shown(setting)}]"
    return click.option(*decls, dest or setting, help=text, **kw)


def _field_help(name: str) -> str:
    return next(h for n, _, _, h in settings.Settings.help() if n == name)


def fail(message: str) -> NoReturn:
    """Say why the command could not do its job, and exit 2."""
    click.echo(f"error: {message}", err=True)
    sys.exit(Exit.FAILED)
