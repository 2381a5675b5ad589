"""A seeded fuzz of the query guard (issue #19): disguised SERVICE/LOAD/FROM never connect."""

from __future__ import annotations

import contextlib
import os

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_query_guard import Listener, open_store

import pmograph
from pmograph import QueryError

#: Slow: the edit loop skips these (`pytest -m "not slow"`); CI runs them.
pytestmark = pytest.mark.slow

# ------------------------------------------------------------------ fuzz
EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "150"))
# Derandomised in CI, so a CI run is reproducible; random locally, to keep finding new cases.
FUZZ = settings(max_examples=EXAMPLES, deadline=None, database=None,
                derandomize=bool(os.environ.get("CI")),
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large,
                                       HealthCheck.function_scoped_fixture])

#: Between tokens: whitespace of every kind, comments ended every way, and escaped forms of them.
SEPARATORS = st.lists(st.sampled_from([
    " ", "\t", "\n", "\r\n", "\r", "\x0b", "\x0c", "\u00a0", "\u2028", "# c\n", "# c\r", "#\r\n",
    "# SERVICE\n", r"\u0020", r"\u000A", r"\u000D", r"\u0009", r"# c\u000A", r"# c\u000D",
    r"\u0023 c" + "\n", "#\\\n", "\u0085",
]), min_size=1, max_size=3).map("".join)
#: Ways to write one character: itself (either case), a \u or \U escape, an escaped escape.
WRITINGS = ["plain", "swapcase", "u4", "u4-lower", "U8", "U4", "double"]


def disguise(word: str, choices: list[str]) -> str:
    out = []
    for ch, how in zip(word, choices, strict=False):
        if how == "swapcase":
            out.append(ch.swapcase())
        elif how == "u4":
            out.append(f"\\u{ord(ch):04X}")
        elif how == "u4-lower":
            out.append(f"\\u{ord(ch):04x}")
        elif how == "U8":
            out.append(f"\\U{ord(ch):08X}")
        elif how == "U4":
            out.append(f"\\U{ord(ch):04X}")
        elif how == "double":
            out.append(f"\\u005Cu{ord(ch):04X}")
        else:
            out.append(ch)
    out.extend(word[len(choices):])
    return "".join(out)


#: Comment starts that hide the rest of the line from one reader but not from another.
COMMENT_OPENERS = ["# c\r", r"# c\u000D", r"# c\u000A", r"\u0023 c", "# c\u2028", "# c\u0085",
                   "# c\x0c", "# c\x0b", "# c\\", r"# c\u005C"]
#: Filters around a clause that one reader takes for one long string and another not.
STRING_TRICKS = [(r'FILTER(?o != "A\u005C")', 'FILTER(?o != ")} #")'),
                 (r"FILTER(?o != 'A\u005C')", "FILTER(?o != ')} #')"),
                 (r'FILTER(?o != "x\u0022)', 'FILTER(?o != "y")'),
                 (r"FILTER(?o != '''x\u0027''')", "FILTER(?o != ''' ''')"),
                 (r'FILTER(?o != "x\\")', 'FILTER(?o != "y")')]
#: Mostly one space, so that the tricks that need the rest of a line plain are found too.
GAP = st.one_of(st.just(" "), st.just(" "), st.just(" "), SEPARATORS)


@st.composite
def hidden_texts(draw: st.DrawFn, url: str) -> tuple[str, bool]:
    """A query or update with SERVICE, LOAD, FROM, USING or WITH disguised; (text, update).

    The clause is written with escapes or not, character by character, then hidden — or not —
    behind a comment or inside what one reader takes for a string, and every gap between
    tokens gets a separator.
    """
    keyword = draw(st.sampled_from(["SERVICE", "LOAD", "FROM", "USING", "WITH"]))
    plainly = st.just([])
    word = disguise(keyword, draw(st.one_of(plainly, st.lists(st.sampled_from(WRITINGS),
                                                                 max_size=len(keyword)))))
    iri = "<" + disguise(url, draw(st.one_of(plainly, st.lists(
        st.sampled_from(["plain", "u4", "U8"]), max_size=len(url))))) + "x>"
    clause = [word, iri, "{ ?a ?b ?c }"] if keyword == "SERVICE" else [word, iri]
    hiding = draw(st.sampled_from(["none", "comment", "string"] if keyword == "SERVICE"
                                  else ["none", "comment"]))
    if hiding == "comment":
        clause = [draw(st.sampled_from(COMMENT_OPENERS)), *clause, "\n"]
    elif hiding == "string":
        lead, tail = draw(st.sampled_from(STRING_TRICKS))
        clause = [lead, *clause, tail]
    where = ["WHERE", "{", "?s ?p ?o"]
    if keyword == "SERVICE":
        update = draw(st.booleans())
        head = ["INSERT { <urn:x> <urn:y> ?c }"] if update else ["SELECT", "*"]
        tokens = [*head, *where, *clause, "}"]
    elif keyword == "FROM":
        tokens, update = ["SELECT", "*", *clause, *where, "}"], False
    elif keyword == "LOAD":
        tokens, update = ['INSERT DATA { <urn:x> <urn:y> "z" }', ";", *clause], True
    elif keyword == "USING":
        tokens, update = ["INSERT { <urn:x> <urn:y> ?o }", *clause, *where, "}"], True
    else:
        tokens, update = [*clause, "INSERT { <urn:x> <urn:y> ?o }", *where, "}"], True
    gaps = [draw(GAP) for _ in tokens]
    return "".join(gap + token for gap, token in zip(gaps, tokens, strict=True)), update


@pytest.fixture(scope="module")
def fuzz_stores(tmp_path_factory: pytest.TempPathFactory) -> dict[str, pmograph.KnowledgeGraph]:
    folder = tmp_path_factory.mktemp("fuzz")
    return {name: open_store(name, folder) for name in ("memory", "rdflib")}


@FUZZ
@given(data=st.data())
def test_fuzzed_disguises_never_connect(data: st.DataObject, listener: Listener,
                                        fuzz_stores: dict[str, pmograph.KnowledgeGraph]) -> None:
    text, update = data.draw(hidden_texts(listener.url))
    before = listener.settled()
    for kg in fuzz_stores.values():
        with contextlib.suppress(QueryError):
            kg.query(text, allow_update=update)
    assert listener.settled() == before, text
