"""Text for a person: fitting output to the terminal, tables, footnote markers and plurals.

Everything here measures text as a terminal shows it: East Asian wide characters take two
columns, combining marks none, and control characters count as the escapes
:func:`terminal_safe` prints for them.  Wrapping never breaks a word (an IRI stays whole, so it
can be copied): a line goes past the width only when one word alone is wider than the line.
"""

from __future__ import annotations

import os
import shutil
import sys
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from typing import Any, Literal

#: The narrowest width anything is fitted to: below it, lines are too short to read.
MIN_WIDTH = 20
#: A table column is never cut below this many columns of text (unless its text is shorter).
MIN_COLUMN = 6
ELLIPSIS = "…"
_GAP = "  "  # between table columns


#: Characters that can rewrite a terminal (escape sequences, carriage returns, C1 controls)
#: or reorder what it shows (bidirectional overrides), mapped to a visible escape.
_TERMINAL_UNSAFE = {code: f"\\x{code:02x}" for code in [*range(0x00, 0x09), *range(0x0B, 0x20),
                                                       0x7F, *range(0x80, 0xA0)]}
_TERMINAL_UNSAFE.update({code: f"\\u{code:04x}" for code in
                         [0x200E, 0x200F, *range(0x202A, 0x202F), *range(0x2066, 0x206A)]})


def terminal_safe(text: str) -> str:
    """Show control characters and bidi overrides in ``text`` as visible escapes.

    Names in user data may hold them; printed raw they could recolour, move or hide what the
    terminal shows.  Newlines and tabs are kept.

    Examples
    --------
    >>> terminal_safe("Eve\\x1b[2J\\u202eevil\\tok\\n")
    'Eve\\\\x1b[2J\\\\u202eevil\\tok\\n'
    """
    return text.translate(_TERMINAL_UNSAFE)


def output_width(fallback: int | None = 80) -> int | None:
    """The width to fit human output to: ``COLUMNS`` if set, else the terminal's width.

    When standard output is not a terminal (a pipe, a file) and ``COLUMNS`` is not set,
    ``fallback``: text is wrapped at 80 columns (wrapping loses nothing), while tables pass
    ``None`` so that nothing is cut from what a script reads.

    Examples
    --------
    >>> import os
    >>> os.environ["COLUMNS"] = "72"
    >>> output_width()
    72
    >>> del os.environ["COLUMNS"]
    """
    columns = os.environ.get("COLUMNS", "").strip()
    if columns.isdigit() and int(columns) > 0:
        return max(MIN_WIDTH, int(columns))
    try:
        terminal = sys.stdout.isatty()
    except (AttributeError, ValueError):  # no stdout, or a closed one
        terminal = False
    if not terminal:
        return fallback
    return max(MIN_WIDTH, shutil.get_terminal_size((80, 24)).columns)


def display_width(text: str) -> int:
    """How many terminal columns ``text`` takes (wide characters 2, combining marks 0).

    Examples
    --------
    >>> display_width("PMO"), display_width("项目经理"), display_width("e\\u0301")
    (3, 8, 1)
    >>> display_width("Eve\\x1b")  # printed as the escape Eve\\x1b
    7
    """
    width = 0
    for char in terminal_safe(text):
        if unicodedata.combining(char) or unicodedata.category(char) == "Cf":
            continue
        width += 2 if unicodedata.east_asian_width(char) in ("W", "F") else 1
    return width


def wrap(text: str, width: int, *, indent: str = "", subsequent: str | None = None) -> list[str]:
    """Wrap ``text`` at white space into lines of at most ``width`` columns.

    ``indent`` starts the first line, ``subsequent`` (default: ``indent``) every other line.
    Words are never broken: a word wider than the line gets a line of its own.

    Examples
    --------
    >>> wrap("Leads PMO work across the enterprise", 16, indent="- ", subsequent="  ")
    ['- Leads PMO work', '  across the', '  enterprise']
    >>> wrap("see https://w3id.org/pmograph/catalog/PMODirector now", 20)
    ['see', 'https://w3id.org/pmograph/catalog/PMODirector', 'now']
    """
    rest = indent if subsequent is None else subsequent
    text = terminal_safe(text)  # a carriage return in the data shows, as \x0d, not as a break
    lines: list[str] = []
    line, used = indent, display_width(indent)
    fresh = True  # nothing but the indent on the line yet
    for word in text.split():
        size = display_width(word)
        if not fresh and used + 1 + size > width:
            lines.append(line)
            line, used, fresh = rest, display_width(rest), True
        if fresh:
            line, used, fresh = line + word, used + size, False
        else:
            line, used = f"{line} {word}", used + 1 + size
    if not fresh or not lines:
        lines.append(line.rstrip())
    return lines


def markers(numbers: Iterable[int]) -> str:
    """Footnote markers for source numbers: ``[2]``, ``[2,3]``, runs of three or more as ``[1-4]``.

    Examples
    --------
    >>> markers([3]), markers([3, 2]), markers([1, 2, 3, 4, 6]), markers([])
    ('[3]', '[2,3]', '[1-4,6]', '')
    """
    ordered = sorted(set(numbers))
    if not ordered:
        return ""
    runs: list[list[int]] = []
    for number in ordered:
        if runs and number == runs[-1][-1] + 1:
            runs[-1].append(number)
        else:
            runs.append([number])
    parts = [f"{run[0]}-{run[-1]}" if len(run) >= 3 else ",".join(map(str, run)) for run in runs]
    return "[" + ",".join(parts) + "]"


def plural(count: float, singular: str, plural_form: str | None = None) -> str:
    """``count`` and the noun, singular for exactly one: ``1 post``, ``2 posts``, ``1,200 posts``.

    The plural is ``plural_form`` when given, else the regular English one.

    Examples
    --------
    >>> plural(1, "job share"), plural(2, "vacancy"), plural(0, "box"), plural(1200, "post")
    ('1 job share', '2 vacancies', '0 boxes', '1,200 posts')
    >>> plural(1, "person", "people"), plural(3, "person", "people"), plural(1.5, "FTE", "FTE")
    ('1 person', '3 people', '1.5 FTE')
    """
    whole = not isinstance(count, float) or count.is_integer()
    number = f"{int(count):,}" if whole else f"{count:,g}"
    if count == 1:
        return f"{number} {singular}"
    if plural_form is None:
        head, _, last = singular.rpartition(" ")
        plural_form = (head + " " if head else "") + _plural_word(last)
    return f"{number} {plural_form}"


#: Count keys that are not regular English plurals.
_IRREGULAR = {"people": "person", "fte": "FTE", "FTE": "FTE"}


def count_phrase(count: float, key: str) -> str:
    """One entry of a ``counts`` dict as text: its key read as a plural noun phrase.

    Examples
    --------
    >>> count_phrase(1, "job_shares"), count_phrase(2, "job_shares"), count_phrase(1, "vacant")
    ('1 job share', '2 job shares', '1 vacant')
    >>> count_phrase(1, "roles_assigned"), count_phrase(1, "summaries"), count_phrase(3, "people")
    ('1 role assigned', '1 summary', '3 people')
    """
    words = key.replace("_", " ").split()
    index = next((i for i in range(len(words) - 1, -1, -1)
                  if words[i] in _IRREGULAR or _singular_word(words[i]) != words[i]), None)
    if index is None:  # an adjective or participle: "3 shown", "1 vacant"
        return plural(count, " ".join(words), " ".join(words))
    noun = words[index]
    singular_noun = _IRREGULAR.get(noun, _singular_word(noun))
    plural_noun = "FTE" if singular_noun == "FTE" else noun
    before, after = words[:index], words[index + 1:]
    return plural(count, " ".join([*before, singular_noun, *after]),
                  " ".join([*before, plural_noun, *after]))


def counts_text(counts: Mapping[str, float]) -> str:
    """A ``counts`` dict as one phrase, e.g. ``15 posts, 1 job share, 2 vacant``.

    Examples
    --------
    >>> counts_text({"posts": 15, "job_shares": 1, "triples": 1})
    '15 posts, 1 job share, 1 triple'
    """
    return ", ".join(count_phrase(value, key) for key, value in counts.items())


def _plural_word(word: str) -> str:
    if word.endswith("y") and word[-2:-1] not in ("a", "e", "i", "o", "u", ""):
        return word[:-1] + "ies"
    if word.endswith(("s", "x", "z", "ch", "sh")):
        return word + "es"
    return word + "s"


def _singular_word(word: str) -> str:
    if word.endswith("ies") and len(word) > 3:
        return word[:-3] + "y"
    if word.endswith(("sses", "xes", "ches", "shes")):
        return word[:-2]
    if word.endswith("s") and not word.endswith(("ss", "us", "is")):
        return word[:-1]
    return word


# ------------------------------------------------------------------------------------- tables
def table_lines(headers: Sequence[str], rows: Sequence[Sequence[Any]], *, width: int | None,
                overflow: Literal["truncate", "wrap"] = "truncate") -> tuple[list[str], bool]:
    """An aligned plain-text table fitted to ``width`` columns, and whether any cell was cut.

    Columns keep their natural width when everything fits (always, when ``width`` is
    ``None``); otherwise the widest columns give way first.  A cell too wide for its column
    is cut with ``…`` (an IRI keeps its end, which names the thing), or with
    ``overflow="wrap"`` continued on the next lines (a column then keeps its longest word
    whole while the table can).

    Examples
    --------
    >>> lines, cut = table_lines(["role", "level"], [["PMO Director", 7]], width=40)
    >>> print("\\n".join(lines)); cut
    role          level
    ------------  -----
    PMO Director  7
    False
    >>> lines, cut = table_lines(["role", "definition"],
    ...                          [["PMO Director", "Leads PMO work across the enterprise"]],
    ...                          width=30)
    >>> print("\\n".join(lines)); cut
    role          definition
    ------------  ----------------
    PMO Director  Leads PMO work…
    True
    """
    cells = [[_cell(value) for value in row] for row in rows]
    natural = [max([display_width(header)] + [display_width(row[i]) for row in cells])
               for i, header in enumerate(headers)]
    room = None if width is None else width - len(_GAP) * (len(headers) - 1)
    if room is None or sum(natural) <= room:
        widths = natural
    elif overflow == "wrap":  # a column keeps its longest word whole while it can
        words = [max([display_width(word) for row in cells for word in row[i].split()] or [0])
                 for i in range(len(headers))]
        least = [min(n, max(w, MIN_COLUMN)) for n, w in zip(natural, words, strict=True)]
        if sum(least) > room:
            least = [min(n, max(MIN_COLUMN, room // len(headers))) for n in least]
        widths = _fit(natural, room, least)
    else:
        widths = _fit(natural, room, [min(n, MIN_COLUMN) for n in natural])
    cut = False
    lines = [_joined([_fit_cell(h, w)[0] for h, w in zip(headers, widths, strict=True)], widths),
             _GAP.join("-" * w for w in widths)]
    for row in cells:
        if overflow == "wrap":
            pieces = [_wrap_cell(value, w) for value, w in zip(row, widths, strict=True)]
            for index in range(max(len(piece) for piece in pieces)):
                lines.append(_joined([piece[index] if index < len(piece) else ""
                                      for piece in pieces], widths))
            continue
        fitted = [_fit_cell(value, w) for value, w in zip(row, widths, strict=True)]
        cut = cut or any(was_cut for _, was_cut in fitted)
        lines.append(_joined([text for text, _ in fitted], widths))
    return lines, cut


def _cell(value: Any) -> str:
    if value is None:
        return ""
    return " ".join(terminal_safe(str(value)).split())


def _fit(natural: list[int], room: int, least: list[int]) -> list[int]:
    """Column widths that fit ``room``: each column at least ``least``, and what is left
    shared evenly, so narrow columns keep their width and wide ones give way (the table is
    wider than ``room`` only when even ``least`` does not fit)."""
    widths = list(least)
    left = room - sum(least)
    order = sorted(range(len(natural)), key=lambda i: natural[i] - least[i])
    for done, column in enumerate(order):
        extra = min(natural[column] - least[column], max(0, left // (len(order) - done)))
        widths[column] += extra
        left -= extra
    return widths


def _fit_cell(text: str, width: int) -> tuple[str, bool]:
    if display_width(text) <= width:
        return text, False
    if "://" in text or text.startswith("urn:"):  # an IRI: its end names the thing
        return ELLIPSIS + _take(text[::-1], width - 1)[::-1], True
    return _take(text, width - 1).rstrip() + ELLIPSIS, True


def _take(text: str, width: int) -> str:
    """The longest start of ``text`` that fits in ``width`` columns."""
    taken = ""
    for char in text:
        if display_width(taken + char) > width:
            break
        taken += char
    return taken


def _wrap_cell(text: str, width: int) -> list[str]:
    lines: list[str] = []
    for line in wrap(text, width) or [""]:
        while display_width(line) > width:  # one word wider than its column: break it
            piece = _take(line, width)
            lines.append(piece)
            line = line[len(piece):]
        lines.append(line)
    return lines


def _joined(texts: list[str], widths: list[int]) -> str:
    return _GAP.join(text + " " * (width - display_width(text))
                     for text, width in zip(texts, widths, strict=True)).rstrip()
