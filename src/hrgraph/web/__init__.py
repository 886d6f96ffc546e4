"""Stage 6: the web face of the graph: SPARQL endpoint and query page (Flask)."""
