"""RDF file formats by suffix: what every part that reads or writes files agrees on."""

from __future__ import annotations

from pathlib import Path

from pmograph._errors import LoadError

#: File suffix → rdflib parser name.
RDF_FORMATS: dict[str, str] = {
    ".ttl": "turtle",
    ".turtle": "turtle",
    ".nt": "nt",
    ".ntriples": "nt",
    ".n3": "n3",
    ".jsonld": "json-ld",
    ".json-ld": "json-ld",
    ".json": "json-ld",
    ".rdf": "xml",
    ".owl": "xml",
    ".xml": "xml",
    ".trig": "trig",
    ".nq": "nquads",
    ".nquads": "nquads",
}
QUAD_FORMATS = frozenset({"trig", "nquads"})
TABULAR_SUFFIXES = frozenset({".csv", ".tsv"})


def rdf_format_for(path: str | Path) -> str:
    """Return the rdflib format name for a file, from its suffix.

    Examples
    --------
    >>> rdf_format_for("org.ttl"), rdf_format_for("ORG.NT"), rdf_format_for("x.jsonld")
    ('turtle', 'nt', 'json-ld')
    """
    suffix = Path(path).suffix.lower()
    try:
        return RDF_FORMATS[suffix]
    except KeyError:
        known = ", ".join(sorted(RDF_FORMATS) + sorted(TABULAR_SUFFIXES))
        raise LoadError(
            f"{path}: cannot tell the format from the suffix {suffix or '(none)'!r}; "
            f"rename the file to one of: {known}"
        ) from None
