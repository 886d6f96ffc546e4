"""Stage 4: where the built graph lives and how it is queried."""
