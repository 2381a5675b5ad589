"""One validation finding, and the entity shape of any node a finding names."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from rdflib import BNode, URIRef
from rdflib.term import Node

from pmograph._entities import Entity
from pmograph._store.graph import KnowledgeGraph


@dataclass(frozen=True)
class ValidationResult:
    """One problem: which check found it, how bad it is, where, who is involved, in words."""

    check: str
    severity: str
    focus: Entity | None
    members: tuple[Entity, ...]
    message: str

    def as_dict(self) -> dict[str, Any]:
        """The JSON shape of DESIGN.md §4 (``validate`` → ``results`` items)."""
        return {"check": self.check, "severity": self.severity, "focus": self.focus,
                "members": list(self.members), "message": self.message}


def entity_iri(node: Node) -> str:
    """The ``iri`` of a node in results: the IRI, or ``_:id`` for a blank node."""
    return f"_:{node}" if isinstance(node, BNode) else str(node)


def entity(kg: KnowledgeGraph, node: Node) -> Entity:
    """The entity shape of any node, blank nodes included."""
    if isinstance(node, URIRef):
        return kg.entity(node)
    if isinstance(node, BNode):
        return {"iri": entity_iri(node), "label": f"_:{node}", "kind": "resource"}
    return {"iri": "", "label": str(node), "kind": "literal"}
