"""Algorithms over networkx views and plain values only: they never see the store."""
