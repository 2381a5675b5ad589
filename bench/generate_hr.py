"""Seeded generator of HR exports (CSV) for the import benchmark, messy the way real ones are.

``hr_export_lines(rows, seed)`` writes what an HR system's "all workers" report looks like: one
row per person in a post, sorted by employee id (ids are handed out at random, so about half
the rows name a manager that comes *later* in the file), with the columns the generic importer
reads (``Employee ID``, ``First Name``, ``Last Name``, ``Job Title``, ``Manager ID``,
``Department``, ``Work Email``) and some it ignores (``FTE``, ``Location``, ``Hire Date``).

Messiness, each at a stated rate, all of it valid input (an import of it succeeds):

* cells padded with spaces (5 %), Windows line endings throughout, a UTF-8 byte-order mark;
* names with accents, apostrophes, CJK characters and commas (quoted cells: ``"Smith, Jr."``);
* job titles in mixed case and spacing, ``Acting``/``Interim`` prefixes, titles that name a
  catalog role, titles that name none, and ``Project Coordinator`` (which names several);
* vacant posts (no name, 3 %), people holding two posts (the same name again, 1 %), no e-mail
  (10 %); managers that are not in the file (left the company: 0.1 %, each one a warning);
* departments in two spellings (``PMO`` and ``pmo``), and a blank line now and then (0.1 %).

Usage: ``python bench/generate_hr.py OUT.csv ROWS [SEED]``.
"""

from __future__ import annotations

import random
import sys
from collections.abc import Iterator
from pathlib import Path

HEADER = ("Employee ID", "First Name", "Last Name", "Job Title", "Manager ID", "Department",
          "FTE", "Work Email", "Location", "Hire Date")
FIRST = ("Ada", "Grace", "Alan", "Zoë", "José", "Søren", "Aoife", "Chloé", "Mohammed", "Priya",
         "Wei", "Yuki", "Olusegun", "Siobhán", "Björn", "Li", "Ana María", "Jean-Luc", "Mary",
         "John", "Fatima", "Chidi", "Élodie", "Łukasz", "Dmitri", "Ngozi", "Hana", "Rahul")
LAST = ("Lovelace", "Hopper", "Turing", "O'Brien", "García Márquez", "Kierkegaard", "Ní Bhriain",
        "Smith, Jr.", "Nakamura", "王", "Okafor", "Müller", "Dubois", "Kowalski", "Ivanova",
        "Patel", "Nguyen", "van der Berg", "Smith", "Jones", "Brown", "Taylor", "Wilson", "Khan")
#: Titles: some name a catalog role (by label or synonym), one names several, most name none.
TITLES = ("Project Manager", "project manager", "PROJECT MANAGER", "Senior Project Manager",
          "PMO Analyst", "Acting Project Manager", "Interim PMO Manager", "Programme Manager",
          "Head of PMO", "Project Coordinator", "Portfolio Manager", "Software Engineer",
          "Senior Software Engineer", "HR Business Partner", "Accountant", "Sales Manager",
          "Customer Service Advisor", "Data Analyst", "Office Manager", "Team Leader",
          "  Project  Support Officer ", "Nurse", "Teacher", "Warehouse Operative")
DEPARTMENTS = ("PMO", "pmo", "Finance", "Human Resources", "IT & Digital", "Sales",
               "Operations", "Customer Service", "Research & Development", "Legal",
               "Estates, Facilities & Security", "Delivery")
LOCATIONS = ("London", "Manchester", "Edinburgh", "Cardiff", "Belfast", "Remote", "")
FTES = ("1", "1.0", "0.8", "0.6", "0.5", "1", "1")
#: Syllables of made-up surnames: with the list above, millions of distinct names, so that
#: two rows name one person about as rarely as in a real company.
SYLLABLES = ("ka", "lo", "mi", "ra", "ten", "vo", "shi", "an", "ber", "dor", "el", "fan", "gu",
             "har", "is", "jo", "kel", "lin", "mor", "nu", "ok", "pra", "qui", "ros", "sa",
             "tor", "ul", "ven", "wes", "yam", "zi", "bro", "chen", "da", "ek", "fi")


def manager_of(position: int, rng: random.Random) -> int:
    """The manager of the ``position``-th worker in the tree (> 0): an earlier one near a fifth
    of the way up, so spans vary and depth grows with the logarithm of the size."""
    low = max(0, (position - 1) // 7)
    return rng.randint(low, max(low, (position - 1) // 3))


def quoted(cell: str) -> str:
    """``cell`` as CSV writes it (quoted when it holds a comma, a quote or a line break)."""
    if any(char in cell for char in ',"\r\n'):
        return '"' + cell.replace('"', '""') + '"'
    return cell


def hr_export_lines(rows: int, seed: int = 1) -> Iterator[str]:
    """The lines of a generated HR export of ``rows`` rows (a header line first)."""
    rng = random.Random(seed)
    # Employee ids in hiring order are random: the tree's positions, shuffled, then sorted.
    width = len(str(rows * 10))
    ids = [f"E{number:0{width}d}" for number in rng.sample(range(1, rows * 10), rows)]
    managers = [-1] + [manager_of(position, rng) for position in range(1, rows)]
    order = sorted(range(rows), key=ids.__getitem__)
    yield ",".join(HEADER)
    previous_name = ("Ada", "Lovelace")
    for position in order:
        ident = ids[position]
        first = rng.choice(FIRST)
        last = rng.choice(LAST) if rng.random() < 0.02 else "".join(
            rng.choice(SYLLABLES) for _ in range(rng.choice((3, 4)))).capitalize()
        if rng.random() < 0.7:
            first += f" {rng.choice('ABCDEFGHIJKLMNOPRSTW')}."
        roll = rng.random()
        if roll < 0.03:
            first = last = ""  # a vacant post
        elif roll < 0.04:
            first, last = previous_name  # one person, two posts
        else:
            previous_name = (first, last)
        boss = managers[position]
        if boss < 0:
            manager = ""
        elif rng.random() < 0.001:
            manager = f"X{rng.randrange(10**6):06d}"  # left the company: not in the file
        else:
            manager = ids[boss]
        email = "" if not first or rng.random() < 0.1 else \
            f"{first[0]}.{last.split(',')[0].split()[-1]}{position}@example.org".lower()
        cells = [ident, first, last, rng.choice(TITLES), manager, rng.choice(DEPARTMENTS),
                 rng.choice(FTES), email, rng.choice(LOCATIONS),
                 f"{rng.randint(1990, 2026)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"]
        if rng.random() < 0.05:
            column = rng.randrange(len(cells))
            cells[column] = f"  {cells[column]} "
        if rng.random() < 0.001:
            yield ""
        yield ",".join(quoted(cell) for cell in cells)


def write_export(rows: int, path: str | Path, seed: int = 1) -> int:
    """Write a generated HR export (UTF-8 with a byte-order mark, CRLF); return its data rows."""
    count = -1  # the header is not a data row
    with open(path, "w", encoding="utf-8-sig", newline="") as handle:
        for line in hr_export_lines(rows, seed):
            handle.write(line + "\r\n")
            count += 1 if line else 0
    return count


if __name__ == "__main__":
    out, size = sys.argv[1], int(sys.argv[2])
    seed = int(sys.argv[3]) if len(sys.argv) > 3 else 1
    print(f"{write_export(size, out, seed):,} rows -> {out}")
