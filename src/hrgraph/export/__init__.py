"""The site as static files and a web server's configuration (``hrgraph export-site``)."""
