"""Rendering: Graphviz diagrams of networkx views; it never sees the store."""
