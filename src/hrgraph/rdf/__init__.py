"""Stage 2 of the pipeline: Profile records -> RDF graphs."""
