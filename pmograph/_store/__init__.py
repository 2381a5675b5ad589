"""The store: where the graph lives, how files get into it, names and SPARQL over it.

Oxigraph in memory (the default), Oxigraph on disk, rdflib's own memory store, or a SPARQL
server; every part above it reads the data through :class:`~pmograph.KnowledgeGraph`.
"""
