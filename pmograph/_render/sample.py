"""Generated organisations of any size, for benchmarks, tests and demonstrations.

The graphs have the shape of the reporting views (:mod:`._views`): IRI-like string keys,
``label``, ``holders``, ``vacant``, ``unit`` node attributes, edges superior → subordinate.
The same ``posts`` and ``seed`` always give the same organisation.
"""

from __future__ import annotations

import random

import networkx as nx

from pmograph._typing import StrDiGraph

_TITLES = ("Chief Executive", "Director", "Head of Practice", "Programme Manager",
           "Project Manager", "Project Officer", "Analyst")
_UNITS = ("Finance", "Delivery", "Technology", "People", "Operations", "Portfolio Office",
          "Strategy", "Customer Service")
_SPANS = (0, 0, 0, 0, 2, 3, 4, 5, 6, 7, 8, 10, 30)


def synthetic_org(posts: int, *, seed: int = 0, base: str = "https://example.org/post/"
                  ) -> tuple[StrDiGraph, StrDiGraph]:
    """A generated organisation of ``posts`` posts: (solid lines, dotted lines).

    About 8% of posts are vacant, 3% job shares; some managers have 30 reports; about 1%
    of posts have a dotted line to a post elsewhere.

    Examples
    --------
    >>> solid, dotted = synthetic_org(50)
    >>> solid.number_of_nodes(), nx.is_tree(solid)
    (50, True)
    >>> synthetic_org(50)[0].nodes(data=True)["https://example.org/post/0"]["label"]
    'Chief Executive'
    """
    rng = random.Random(seed)
    solid: nx.DiGraph[int] = nx.DiGraph()
    depth_of = {0: 0}
    unit_of: dict[int, str | None] = {0: None}
    queue = [0]
    made = 1
    head = 0
    while made < posts:
        if head >= len(queue):  # everyone drew a span of 0: give the last post reports
            queue.append(queue[-1])
        parent = queue[head]
        head += 1
        span = rng.choice(_SPANS) if parent else min(8, posts - 1)
        if head == len(queue) and span == 0:
            span = 2
        for _ in range(min(span, posts - made)):
            child = made
            made += 1
            solid.add_edge(parent, child)
            depth_of[child] = depth_of[parent] + 1
            unit_of[child] = unit_of[parent] or _UNITS[(child - 1) % len(_UNITS)]
            queue.append(child)
    solid.add_nodes_from(range(posts))
    graph: StrDiGraph = nx.DiGraph()
    for number in range(posts):
        holders: list[str] = [] if rng.random() < 0.08 else [f"Person {number}"]
        if holders and rng.random() < 0.03:
            holders.append(f"Person {number}b")
        title = _TITLES[min(depth_of.get(number, 0), len(_TITLES) - 1)]
        unit = unit_of.get(number)
        graph.add_node(f"{base}{number}", label=title if number == 0 else f"{title} {number}",
                       kind="post", holders=holders, vacant=not holders, unit=unit, role=None)
    graph.add_edges_from((f"{base}{a}", f"{base}{b}") for a, b in solid.edges())
    dotted: StrDiGraph = nx.DiGraph()
    dotted.add_nodes_from(graph.nodes(data=True))
    for number in range(1, posts):
        if rng.random() < 0.01:
            other = rng.randrange(posts)
            if other != number:
                dotted.add_edge(f"{base}{other}", f"{base}{number}")
    return graph, dotted
