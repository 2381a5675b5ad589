"""Every public function that takes a node accepts what ``kg.resolve`` returns (an rdflib
``URIRef``) and the plain IRI string, and gives the same answer (issue #13, first item)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from rdflib import URIRef

import pmograph

ROOT = Path(__file__).resolve().parent.parent
KG = pmograph.load(ROOT / "examples" / "sample-org.ttl")
G = pmograph.reporting_view(KG)
P = pmograph.promotion_view(KG)
CEO = KG.resolve("post:Chief Executive Officer")
PM_POST = URIRef(pmograph.posts_held(KG, KG.resolve("person:Priya Natarajan"))[0])
ANALYST, PM, PMO_MANAGER = (KG.resolve(name) for name in
                            ("PMO Analyst", "Project Manager", "PMO Manager"))

CALLS: dict[str, tuple[Any, tuple[Any, ...]]] = {
    "chain_of_command": (pmograph.chain_of_command, (G, PM_POST)),
    "depth": (pmograph.depth, (G, PM_POST)),
    "direct_reports": (pmograph.direct_reports, (G, CEO)),
    "all_reports": (pmograph.all_reports, (G, CEO)),
    "span_of_control": (pmograph.span_of_control, (G, CEO)),
    "layers": (pmograph.layers, (G, CEO)),
    "lowest_common_manager": (pmograph.lowest_common_manager, (G, PM_POST, CEO)),
    "seniority_path": (pmograph.seniority_path, (G, CEO, PM_POST)),
    "is_senior": (pmograph.is_senior, (G, CEO, PM_POST)),
    "promotion_paths": (pmograph.promotion_paths, (P, ANALYST, PM)),
    "next_roles": (pmograph.next_roles, (P, PM)),
    "skill_gap": (pmograph.skill_gap, (P, PM, PMO_MANAGER)),
    "move_cost": (pmograph.move_cost, (P, ANALYST, PM)),
}


@pytest.mark.parametrize("name", sorted(CALLS))
def test_terms_and_strings_give_the_same_answer(name: str) -> None:
    function, arguments = CALLS[name]
    assert any(isinstance(a, URIRef) for a in arguments)
    as_terms = function(*arguments)
    as_strings = function(*(a if not isinstance(a, URIRef) else str(a) for a in arguments))
    assert as_terms == as_strings
    assert as_terms not in (None, [], 0) or name == "depth"


def test_roles_above_takes_a_term() -> None:
    R = pmograph.role_reporting_view(KG)
    assert pmograph.roles_above(R, ANALYST) == pmograph.roles_above(R, str(ANALYST)) != []


def test_an_unknown_term_is_still_an_error() -> None:
    with pytest.raises(pmograph.UnknownNameError, match="nobody"):
        pmograph.chain_of_command(G, URIRef("https://example.org/nobody"))
    with pytest.raises(pmograph.UnknownNameError, match="promotion graph"):
        pmograph.next_roles(P, URIRef("https://example.org/nobody"))
