"""Importers: spreadsheet exports (HR CSV, UK government organograms) to W3C ORG RDF."""
