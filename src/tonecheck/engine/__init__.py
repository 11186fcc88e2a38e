"""The detection engine: the spaCy pipeline, the tonecheck component, rule matching, signals and conditions."""
