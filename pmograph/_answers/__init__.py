"""Answers by name, shared by the library and the CLI: resolve, fetch, run, shape."""
