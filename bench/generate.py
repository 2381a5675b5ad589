"""Seeded generators of benchmark data: W3C ORG organisations and role catalogs (N-Triples).

``organisation(posts, seed)`` writes one organisation: post 0 is the root; every other post
``org:reportsTo`` one earlier post chosen at random from a window, so spans vary (1 to about
a dozen) and depth grows with the logarithm of the size.  Posts have a label, an ``org:role``
(a bundled catalog role), an ``org:postIn`` unit and, for most, a holder (``org:heldBy``; a few
posts are vacant, a few are job shares).  About 1 % of posts have a dotted line
(``pmo:dottedLineTo``), never a second solid line.  Everything is an IRI: no blank nodes.

``role_catalog(roles, seed)`` writes a career framework of ``roles`` roles in a few tracks with
levels, promotions (never downward) and lateral moves, in the bundled catalog's vocabulary.

Usage: ``python bench/generate.py org OUT.nt POSTS [SEED]`` or
``python bench/generate.py catalog OUT.nt ROLES [SEED]``.
"""

from __future__ import annotations

import random
import sys
from collections.abc import Iterator
from pathlib import Path

ORG = "http://www.w3.org/ns/org#"
PMO = "https://w3id.org/pmograph/ns#"
PMOC = "https://w3id.org/pmograph/catalog/"
RDF_TYPE = "<http://www.w3.org/1999/02/22-rdf-syntax-ns#type>"
PREF_LABEL = "<http://www.w3.org/2004/02/skos/core#prefLabel>"
FOAF = "http://xmlns.com/foaf/0.1/"
BASE = "https://example.org/bench/"

#: Catalog roles the generated posts point at (local names in the bundled catalog).
ROLES = ("ProjectSupportOfficer", "PMOCoordinator", "PMOAnalyst", "ProjectManager",
         "SeniorProjectManager", "PMOManager", "ProgramManager", "PMODirector",
         "PortfolioManager", "ProgramDirector")


def parent_of(post: int, rng: random.Random) -> int:
    """The manager of ``post`` (> 0): an earlier post near ``post / 5``."""
    low = max(0, (post - 1) // 7)
    high = max(low, (post - 1) // 3)
    return rng.randint(low, high)


def organisation_lines(posts: int, seed: int = 1) -> Iterator[str]:
    """N-Triples lines of a generated organisation of ``posts`` posts."""
    rng = random.Random(seed)
    units = max(1, posts // 25)
    post_type, unit_type, person_type = f"<{ORG}Post>", f"<{ORG}OrganizationalUnit>", \
        f"<{FOAF}Person>"
    reports, role_p, post_in, held_by = (f"<{ORG}reportsTo>", f"<{ORG}role>", f"<{ORG}postIn>",
                                         f"<{ORG}heldBy>")
    dotted, name = f"<{PMO}dottedLineTo>", f"<{FOAF}name>"
    yield f"<{BASE}org> {RDF_TYPE} <{ORG}FormalOrganization> ."
    for unit in range(units):
        yield f"<{BASE}unit/{unit}> {RDF_TYPE} {unit_type} ."
        yield f'<{BASE}unit/{unit}> {PREF_LABEL} "Unit {unit}" .'
        yield f"<{BASE}unit/{unit}> <{ORG}unitOf> <{BASE}org> ."
    person = 0
    for post in range(posts):
        iri = f"<{BASE}post/{post}>"
        yield f"{iri} {RDF_TYPE} {post_type} ."
        yield f'{iri} {PREF_LABEL} "Post {post}" .'
        yield f"{iri} {role_p} <{PMOC}{ROLES[min(len(ROLES) - 1, rng.randrange(len(ROLES)))]}> ."
        yield f"{iri} {post_in} <{BASE}unit/{post % units}> ."
        if post:
            boss = parent_of(post, rng)
            yield f"{iri} {reports} <{BASE}post/{boss}> ."
            if rng.random() < 0.01:
                yield f"{iri} {dotted} <{BASE}post/{rng.randrange(post)}> ."
        holders = 0 if rng.random() < 0.04 else (2 if rng.random() < 0.02 else 1)
        for _ in range(holders):
            who = f"<{BASE}person/{person}>"
            yield f"{who} {RDF_TYPE} {person_type} ."
            yield f'{who} {name} "Person {person}" .'
            yield f"{iri} {held_by} {who} ."
            person += 1


def role_catalog_lines(roles: int, seed: int = 1, *, tracks: int = 4,
                       levels: int = 10) -> Iterator[str]:
    """N-Triples lines of a generated career framework of ``roles`` roles."""
    rng = random.Random(seed)
    role_type, level_p, track_p = f"<{PMO}Role>", f"<{PMO}level>", f"<{PMO}track>"
    integer = "<http://www.w3.org/2001/XMLSchema#integer>"
    level_of: dict[int, int] = {}
    by_level: dict[int, list[int]] = {level: [] for level in range(1, levels + 1)}
    for track in range(tracks):
        yield f"<{BASE}track/{track}> {RDF_TYPE} <{PMO}Track> ."
        yield f'<{BASE}track/{track}> {PREF_LABEL} "Track {track}"@en .'
    for role in range(roles):
        level = 1 + role * levels // roles
        level_of[role] = level
        by_level[level].append(role)
        iri = f"<{BASE}role/{role}>"
        yield f"{iri} {RDF_TYPE} {role_type} ."
        yield f'{iri} {PREF_LABEL} "Generated role {role}"@en .'
        yield f'{iri} {level_p} "{level}"^^{integer} .'
        yield f"{iri} {track_p} <{BASE}track/{role % tracks}> ."
    move = 0
    for role in range(roles):
        level = level_of[role]
        for kind, choices in (("Promotion", by_level.get(level + 1, [])),
                              ("LateralMove", by_level[level])):
            count = 2 if kind == "Promotion" else 1
            for target in rng.sample(choices, min(count, len(choices))):
                if target == role:
                    continue
                iri = f"<{BASE}move/{move}>"
                move += 1
                yield f"{iri} {RDF_TYPE} <{PMO}{kind}> ."
                yield f"{iri} <{PMO}fromRole> <{BASE}role/{role}> ."
                yield f"{iri} <{PMO}toRole> <{BASE}role/{target}> ."


def write(lines: Iterator[str], path: str | Path) -> int:
    """Write N-Triples lines to ``path``; return the number of triples."""
    count = 0
    with open(path, "w", encoding="utf-8") as handle:
        for line in lines:
            handle.write(line)
            handle.write("\n")
            count += 1
    return count


if __name__ == "__main__":
    kind, out, size = sys.argv[1], sys.argv[2], int(sys.argv[3])
    seed = int(sys.argv[4]) if len(sys.argv) > 4 else 1
    generator = organisation_lines if kind == "org" else role_catalog_lines
    print(f"{write(generator(size, seed), out)} triples -> {out}")
