"""The hrgraph ontology and SKOS vocabularies (*.ttl), installed with the package as
hrgraph.ontology; hrgraph.settings finds them with importlib.resources."""
