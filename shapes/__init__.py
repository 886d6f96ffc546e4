"""The SHACL shapes (*.ttl), installed with the package as hrgraph.shapes; hrgraph.settings
finds them with importlib.resources."""
