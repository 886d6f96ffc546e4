"""Exit codes of every ``hrgraph`` command; they never mean two things."""

from __future__ import annotations

from enum import IntEnum


class Exit(IntEnum):
    OK = 0  # the command did its job and the input is fine
    FOUND_WANTING = 1  # the input was checked and found wanting (some of it)
    FAILED = 2  # the command could not do its job (bad usage, settings, files)
