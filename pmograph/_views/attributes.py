"""The node attributes every reporting view gives a post or an agent, in one place."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any


def post_attributes(label: str, holders: Sequence[str], units: Sequence[str],
                    roles: Sequence[str], fte: float | None) -> dict[str, Any]:
    """The attributes of a post node from its label, holder and unit labels, roles and FTE.

    An aggregated row of junior staff (an FTE count) names no holders but is not vacant.

    Examples
    --------
    >>> post_attributes("CTO", ["Ada"], ["Tech"], [], None)["vacant"]
    False
    >>> post_attributes("Analysts", [], [], [], 3.0)["vacant"]
    False
    """
    names = sorted(holders)
    unit_labels = sorted(units)
    return {"label": label, "kind": "post", "holders": names,
            "vacant": not names and fte is None, "fte": fte,
            "unit": unit_labels[0] if unit_labels else None,
            "role": min(roles) if roles else None}


def agent_attributes(label: str, kind: str) -> dict[str, Any]:
    """The attributes of a person (or an untyped resource) that reports, or is reported to,
    directly."""
    return {"label": label, "kind": kind, "holders": [], "vacant": False, "fte": None,
            "unit": None, "role": None}
