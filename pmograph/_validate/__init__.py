"""Validation: SHACL shapes and graph checks, returned as a report."""
