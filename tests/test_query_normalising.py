"""The query guard's one text: escapes expanded once; what engines read differently refused
(issue #19)."""

from __future__ import annotations

import pytest

import pmograph
from pmograph import QueryError, UnsafeQueryError
from pmograph._store.query_guard import check_query, normalise


# ------------------------------------------------------------------ normalising
@pytest.mark.parametrize(("text", "words"), [
    (r"SELECT * WHERE { ?s ?p '\uD800' }", ["'\\\\uD800'", "not a Unicode character"]),
    (r"SELECT * WHERE { ?s ?p '\UFFFFFFFF' }", ["beyond U+10FFFF"]),
    (r"SELECT * WHERE { ?s ?p '\u005Cu0041' }", ["'\\\\u0041'", "write the characters"]),
    (r"SELECT * WHERE { ?s ?p '\U0041' }", ["'\\\\U0041'", "eight hex digits"]),
    ("SELECT * WHERE {\n ?s ?p ?o # x\r}", ["carriage return (line 2)", "CR LF"]),
])
def test_texts_engines_read_differently_are_refused(text: str, words: list[str]) -> None:
    with pytest.raises(QueryError) as refused:
        normalise(text)
    assert not isinstance(refused.value, UnsafeQueryError)  # no opt-in makes them safe
    for word in words:
        assert word in str(refused.value)


def test_normalising_is_done_once_and_keeps_plain_text() -> None:
    plain = "SELECT ?s WHERE { ?s ?p \"a \\\\ b \\\" c\" } # comment\r\n"
    assert normalise(plain) == plain
    once = normalise(r"SELECT * WHERE { ?s ?p '\U0001F600' }")
    assert once == "SELECT * WHERE { ?s ?p '\U0001F600' }" and normalise(once) == once


def test_a_syntax_error_after_escapes_explains_them() -> None:
    with pytest.raises(QueryError) as refused:
        check_query(r'SELECT * WHERE { ?s ?p "say \u0022hi\u0022" }')
    assert "syntax error" in str(refused.value) and "§19.2" in str(refused.value)


def test_an_escaped_update_is_recognised_as_sparql() -> None:
    kg = pmograph.load(catalog=False)
    with pytest.raises(QueryError, match="allow_update"):
        kg.query(r"\u0044ROP ALL")
    with pytest.raises(UnsafeQueryError, match="LOAD"):
        kg.query(r"\u004cOAD <http://127.0.0.1:9/x.ttl>", allow_update=True)


def test_xsd_casts_are_not_extension_functions() -> None:
    checked = check_query("SELECT ?n WHERE { BIND(xsd:integer('7') AS ?n) }",
                          namespaces={"xsd": "http://www.w3.org/2001/XMLSchema#"})
    assert not checked.is_update
    with pytest.raises(UnsafeQueryError, match="<urn:x-ext:f>"):
        check_query("SELECT ?n WHERE { BIND(<urn:x-ext:f>(1) AS ?n) }")
    assert check_query("SELECT ?n WHERE { BIND(<urn:x-ext:f>(1) AS ?n) }",
                       allow_network=True).query is not None
