"""hrgraph: the human rights cities campaign as a linked-data knowledge graph."""

__version__ = "0.1.0"
