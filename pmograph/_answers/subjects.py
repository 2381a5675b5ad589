"""What a question is about: a name resolved with the organisation's posts first.

On organisation data a post is often titled like a catalog role ("PMO Coordinator").  A
question about reporting lines (``chain``, ``reports``, a chart's ``--root``) then means the
post: when the best matches of a name are one post (or one person) and catalog roles, the post
is taken and the answer says so in a note.  Two posts of one title stay ambiguous: the error
lists each with its holders and identifier and a name that finds it alone.
"""

from __future__ import annotations

from collections.abc import Collection

from rdflib import URIRef

from pmograph._errors import AmbiguousNameError
from pmograph._store.graph import KnowledgeGraph

#: The kinds a reporting question prefers, in order, over a catalog role of the same name.
ORG_FIRST = ("post", "person")


def resolve_preferring(kg: KnowledgeGraph, name: str | URIRef, *,
                       kinds: Collection[str] | None = None,
                       prefer: Collection[str] = ORG_FIRST) -> tuple[URIRef, str | None]:
    """The IRI ``name`` denotes, and a note when a preferred kind broke a tie.

    Parameters
    ----------
    kg : KnowledgeGraph
    name : str or rdflib.URIRef
        A name, CURIE or IRI; an rdflib term is taken as it is.
    kinds : collection of str, optional
        The kinds the name may denote (all when omitted).
    prefer : collection of str
        When the best matches are exactly one entity of these kinds and otherwise only roles,
        that entity is taken.

    Returns
    -------
    (URIRef, str or None)
        The IRI, and a sentence saying which entity was taken and how to ask for the other,
        or ``None`` when the name was not ambiguous.

    Raises
    ------
    AmbiguousNameError
        The name stays ambiguous (say, two posts of one title).

    Examples
    --------
    >>> from pmograph import load
    >>> iri, note = resolve_preferring(load(), "PMO Coordinator")
    >>> iri.rsplit("/", 1)[-1], note
    ('PMOCoordinator', None)
    """
    if isinstance(name, URIRef):
        return name, None
    try:
        return kg.resolve(name, kinds=kinds), None
    except AmbiguousNameError as err:
        chosen = [iri for iri in err.iris if kg.kind(iri) in prefer]
        others = [(iri, handle) for iri, handle in zip(err.iris, err.candidates, strict=True)
                  if iri not in chosen]
        if len(chosen) != 1 or not others or any(kg.kind(iri) != "role" for iri, _ in others):
            raise
        kind = kg.kind(chosen[0])
        roles = "a role" if len(others) == 1 else f"{len(others)} roles"
        ask = " or ".join(repr(handle) for _, handle in others)
        note = (f"{name!r} names a {kind} and {roles}; this answer is about the {kind} "
                f"(ask for {ask} for the role)")
        return URIRef(chosen[0]), note
