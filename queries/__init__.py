"""The example SPARQL queries (*.rq), installed with the package as hrgraph.queries;
hrgraph.settings finds them with importlib.resources."""
