"""Checks on untrusted RDF input before rdflib parses it (DESIGN.md §6).

- RDF/XML: external entities are never resolved, and entity declarations that refer to other
  entities (the "billion laughs" pattern) are refused.  A quick expat pass also bounds how
  much text entities may add: rdflib's RDF/XML handler slows down badly on large expansions
  (minutes for a 638-byte file that expat alone rejects in a fraction of a second).
- JSON-LD: a ``@context`` (or ``@import``) given by URL or file name would make rdflib fetch it;
  refused unless the caller opts in with ``allow_network=True``.
"""

from __future__ import annotations

import json
from typing import Any
from xml.parsers import expat

from pmograph._errors import ParseError

#: Entities may add at most this much text beyond the file's own size.
MAX_ENTITY_EXPANSION = 1_000_000


def check_rdfxml(data: bytes, *, source: str) -> None:
    """Refuse RDF/XML with external entities, nested entities, or an oversized expansion.

    Examples
    --------
    >>> check_rdfxml(b'<a xmlns="http://e/">x</a>', source="ok.rdf")
    >>> check_rdfxml(b'<!DOCTYPE a [<!ENTITY e SYSTEM "file:///etc/passwd">]><a>&e;</a>',
    ...              source="x.rdf")
    Traceback (most recent call last):
    ...
    pmograph._errors.ParseError: x.rdf, line 1: external entity 'e' refused: ...
    """
    parser = expat.ParserCreate()
    produced = 0

    def refuse(message: str) -> None:
        line = parser.CurrentLineNumber
        raise ParseError(f"{source}, line {line}: {message}", path=source, line=line)

    def entity_declared(name: str, _parameter: bool, value: str | None, _base: str | None,
                        system_id: str | None, public_id: str | None, _notation: str | None
                        ) -> None:
        if system_id or public_id:
            refuse(f"external entity {name!r} refused: pmograph never reads files or URLs "
                   "named inside input; inline the content instead")
        if value and ("&" in value or "%" in value):
            refuse(f"entity {name!r} refers to other entities (an entity-expansion bomb "
                   "pattern); refused")

    def text(chunk: str) -> None:
        nonlocal produced
        produced += len(chunk)
        if produced > len(data) + MAX_ENTITY_EXPANSION:
            refuse("entities expand to far more text than the file holds; refused as an "
                   "entity-expansion attack")

    def element(_name: str, attributes: dict[str, str]) -> None:
        text("".join(attributes.values()))

    parser.EntityDeclHandler = entity_declared
    parser.CharacterDataHandler = text
    parser.StartElementHandler = element
    parser.SetParamEntityParsing(expat.XML_PARAM_ENTITY_PARSING_NEVER)
    try:
        parser.Parse(data, True)
    except expat.ExpatError as err:
        raise ParseError(f"{source}, line {err.lineno}: {expat.errors.messages[err.code]} "
                         "(RDF/XML syntax)", path=source, line=err.lineno) from err


def check_jsonld(data: bytes, *, source: str, allow_network: bool) -> None:
    """Refuse a JSON-LD document whose ``@context`` or ``@import`` would be fetched.

    Examples
    --------
    >>> check_jsonld(b'{"@context": {"name": "http://schema.org/name"}}', source="ok.jsonld",
    ...              allow_network=False)
    >>> check_jsonld(b'{"@context": "https://schema.org/"}', source="x.jsonld",
    ...              allow_network=False)
    Traceback (most recent call last):
    ...
    pmograph._errors.ParseError: x.jsonld: remote JSON-LD context 'https://schema.org/' ...
    """
    try:
        document = json.loads(data)
    except (json.JSONDecodeError, UnicodeDecodeError):
        return  # the parser reports the syntax error with its line
    if not isinstance(document, dict | list):  # rdflib crashes on a bare number or string
        raise ParseError(f"{source}, line 1: a JSON-LD document must be a JSON object or "
                         f"array, not {type(document).__name__} (JSON-LD syntax)",
                         path=source, line=1)
    if allow_network:
        return
    for reference in _remote_contexts(document):
        raise ParseError(
            f"{source}: remote JSON-LD context {reference!r} refused — pmograph does not fetch "
            "URLs or files named inside input by default; embed the context in the document, "
            "or pass allow_network=True (--allow-network) if you trust it", path=source)


def _remote_contexts(node: Any) -> list[str]:
    found: list[str] = []
    stack = [node]
    while stack:
        item = stack.pop()
        if isinstance(item, dict):
            for key, value in item.items():
                if key in ("@context", "@import"):
                    contexts = value if isinstance(value, list) else [value]
                    found.extend(c for c in contexts if isinstance(c, str))
                stack.append(value)
        elif isinstance(item, list):
            stack.extend(item)
    return found
