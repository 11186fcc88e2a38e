"""Turning findings and signals into a gentleness score and a verdict."""
