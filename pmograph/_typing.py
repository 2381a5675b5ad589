"""Type aliases for networkx graphs that work both for mypy and at run time.

networkx's graph classes are generic only in their stubs (``types-networkx``): ``nx.DiGraph[str]``
is what mypy checks, but it raises ``TypeError`` at run time, which would break
``typing.get_type_hints`` (Sphinx, pydantic, typeguard ...) on pmograph's public functions.
pmograph's graphs have IRIs (strings) as nodes.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import networkx as nx

if TYPE_CHECKING:
    from typing import TypeAlias

    StrDiGraph: TypeAlias = nx.DiGraph[str]
    StrMultiDiGraph: TypeAlias = nx.MultiDiGraph[str]
else:
    StrDiGraph = nx.DiGraph
    StrMultiDiGraph = nx.MultiDiGraph

__all__ = ["StrDiGraph", "StrMultiDiGraph"]
