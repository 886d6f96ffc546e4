"""``python -m hrgraph.cli``: the same command as ``hrgraph``."""

from hrgraph.cli import main

main(prog_name="hrgraph")
