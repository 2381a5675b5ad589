"""Stage 9 of the benchmark (issue #15): ``pmograph.diff`` of two snapshots beside building both
reporting views.

The later snapshot is made from the generated organisation (``bench/generate.py``) by
:func:`changed_lines`, seeded: 1 % of the posts change, in equal shares of every kind the
generated data can show — a post retitled, moved to another (earlier) manager, left by its
holder, given a new holder, whose holder moves to another post, removed (a post with no
reports), or added under a random manager.

In one fresh process (``workers.py diff OLD NEW POSTS``): both files are loaded, both reporting
views built and timed (*views*: the reference, the whole-organisation work every chart and
metric starts from); then, on two fresh loads, ``pmograph.diff`` of the two loaded graphs is
timed (*diff*).  Target (issue #15): the diff within twice the time of the two views.  End to end
(the loads included, as ``pmograph diff OLD.nt NEW.nt`` runs) is shown beside it.  Plain
pyoxigraph, with both files in named graphs of one store, runs the shipped query
``what-changed-between-snapshots``; *same*: its rows equal those of pmograph's diff for the
kinds it lists (the generated posts have no reference, so no post is taken as renamed).
"""

from __future__ import annotations

import random
import sys
from collections import defaultdict
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from generate import BASE, FOAF, ORG, PREF_LABEL, RDF_TYPE
from measure import made_by, run_process, run_worker
from report import Row, at_most, mib, quotient, same, seconds, times

#: The share of posts that change between the two snapshots.
CHANGED = 0.01
#: The largest ratio of the diff to building both reporting views that meets the target.
TARGET = 2.0
KINDS = ("retitled", "moved", "left", "joined", "transferred", "removed", "added")


def changed_lines(lines: list[str], posts: int, seed: int) -> Iterator[str]:
    """The N-Triples of the later snapshot: ``lines`` (the earlier one) with 1 % of its posts
    changed, in equal shares of :data:`KINDS`."""
    rng = random.Random(seed)
    post = f"<{BASE}post/"
    reports, held_by, dotted = f"<{ORG}reportsTo>", f"<{ORG}heldBy>", \
        "<https://w3id.org/pmograph/ns#dottedLineTo>"
    managers = {line.split(" ", 2)[2][:-2] for line in lines if f" {reports} " in line}
    leaves = [number for number in range(1, posts) if f"{post}{number}>" not in managers]
    count = max(len(KINDS), int(posts * CHANGED))
    chosen: dict[str, set[int]] = defaultdict(set)
    taken: set[int] = set()
    for index in range(count - count // len(KINDS)):  # the added posts are new ones
        kind = KINDS[index % (len(KINDS) - 1)]
        pool = leaves if kind == "removed" else range(2, posts)  # post 1 can only report to 0
        number = rng.choice(pool)
        while number in taken:
            number = rng.choice(pool)
        taken.add(number)
        chosen[kind].add(number)
    gone = {f"{post}{number}>" for number in chosen["removed"]}
    for line in lines:
        subject, predicate, rest = line.split(" ", 2)
        obj = rest[:-2]
        number = int(subject[len(post):-1]) if subject.startswith(post) else -1
        if subject in gone or (predicate == dotted and obj in gone):
            continue
        if number in chosen["retitled"] and predicate == PREF_LABEL:
            yield f'{subject} {predicate} "Post {number} (retitled)" .'
        elif number in chosen["moved"] and predicate == reports:
            boss = rng.randrange(number)
            while f"{post}{boss}>" == obj or f"{post}{boss}>" in gone:
                boss = rng.randrange(number)
            yield f"{subject} {predicate} {post}{boss}> ."
        elif number in chosen["left"] and predicate == held_by:
            continue
        elif number in chosen["transferred"] and predicate == held_by:
            other = rng.randrange(1, posts)
            while other in taken:
                other = rng.randrange(1, posts)
            yield f"{post}{other}> {predicate} {obj} ."
        else:
            yield line
    person = 10 * posts  # numbers no generated person has
    for number in sorted(chosen["joined"]):
        yield from _holder(f"{post}{number}>", person)
        person += 1
    for extra in range(count // len(KINDS)):
        number = posts + extra
        iri = f"{post}{number}>"
        boss = rng.randrange(posts)
        while f"{post}{boss}>" in gone:
            boss = rng.randrange(posts)
        yield f"{iri} {RDF_TYPE} <{ORG}Post> ."
        yield f'{iri} {PREF_LABEL} "Post {number}" .'
        yield f"{iri} {reports} {post}{boss}> ."
        yield from _holder(iri, person)
        person += 1


def _holder(post: str, person: int) -> Iterator[str]:
    who = f"<{BASE}person/{person}>"
    yield f"{who} {RDF_TYPE} <{FOAF}Person> ."
    yield f'{who} <{FOAF}name> "Person {person}" .'
    yield f"{post} <{ORG}heldBy> {who} ."


def later_file(folder: Path, earlier: Path, posts: int, seed: int) -> Path:
    """The later snapshot of ``earlier`` (written once, kept in ``folder``), written by a child
    process: it reads the whole earlier file, and a measured process's peak memory would count
    this one's (a child starts from its parent's resident pages)."""
    path = earlier.with_name(f"{earlier.stem}-changed-{made_by('diff_stage.py')}.nt")
    if not path.exists():
        done = run_process([sys.executable, __file__, str(earlier), str(path.with_suffix(".tmp")),
                            str(posts), str(seed)])
        if done.returncode != 0:
            raise SystemExit(f"writing {path} failed: {done.stderr}")
        path.with_suffix(".tmp").rename(path)
    return path


def write_later(earlier: Path, out: Path, posts: int, seed: int) -> None:
    lines = earlier.read_text(encoding="utf-8").splitlines()
    with open(out, "w", encoding="utf-8") as handle:
        for line in changed_lines(lines, posts, seed):
            handle.write(line + "\n")


def measure(folder: Path, earlier: Path, posts: int, seed: int) -> dict[str, Any]:
    """Run the stage on the organisation in ``earlier`` and its changed copy."""
    later = later_file(folder, earlier, posts, seed)
    return {"later": str(later), **run_worker("diff", str(earlier), str(later), str(posts))}


def rows(posts: int, figures: dict[str, Any]) -> list[Row]:
    """The stage's rows for one size (none when the stage was skipped)."""
    fig = figures.get("diff")
    if fig is None:
        return []
    size = f"{posts:,} posts"
    ratio = quotient(fig["diff"], fig["views"])
    diff = Row(size, f"9. diff of two loaded snapshots, 1 % of posts changed "
                     f"({fig['changes']:,} changes)",
               seconds(fig["diff"]), seconds(fig["pyoxigraph_query"]),
               vs_pyoxigraph=times(quotient(fig["diff"], fig["pyoxigraph_query"])),
               same=same(fig["answer_rows"], fig["pyoxigraph_rows"]))
    views = Row(size, "9. both reporting views, for comparison (each on its own load)",
                seconds(fig["views"]))
    ratio_row = Row(size, "9. diff ÷ both reporting views", "" if ratio is None
                    else f"{ratio:.2f}")
    if posts >= 100_000:
        ratio_row.judge([at_most(f"≤ {TARGET:g}× both views", ratio, TARGET)])
    loads = fig["load"]
    end_to_end = Row(size, f"9. end to end, both loads ({seconds(loads)}) included: diff vs "
                     f"views {seconds(loads + fig['views'])}", seconds(loads + fig["diff"]))
    memory = Row(size, "9. peak memory of the process (two loads at a time)",
                 mib(fig["peak_mib"]))
    return [diff, views, ratio_row, end_to_end, memory]


if __name__ == "__main__":  # python bench/diff_stage.py EARLIER OUT POSTS SEED
    write_later(Path(sys.argv[1]), Path(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4]))
