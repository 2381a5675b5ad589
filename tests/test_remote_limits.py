"""Remote stores: each request bounded in total time and in bytes, answers read while they
arrive and no further than the row cap — against local servers that misbehave on purpose."""

from __future__ import annotations

import time
from collections.abc import Iterator
from io import BytesIO
from typing import Any

import pytest
from rdflib.query import Result
from sparql_http import Request, Server, rows_xml

import pmograph
from pmograph._store.remote_results import XmlResultsReader

#: Slow: the edit loop skips these (`pytest -m "not slow"`); CI runs them.
pytestmark = pytest.mark.slow

#: Generous: the machine running the tests may be loaded.
MARGIN = 4.0


def trickle(request: Request, body: bytes, *, headers_too: bool = False) -> None:
    """Answer one byte a second (the status line and headers too, with ``headers_too``)."""
    head = (b"HTTP/1.1 200 OK\r\nContent-Type: application/sparql-results+xml\r\n"
            b"Content-Length: " + str(len(body)).encode() + b"\r\n\r\n")
    if not headers_too:
        request.wfile.write(head)
        request.wfile.flush()
        head = b""
    for byte in head + body:
        request.wfile.write(bytes([byte]))
        request.wfile.flush()
        time.sleep(1.0)


def stream(request: Request, blocks: Iterator[bytes], *, length: int | None = None) -> None:
    """Answer with ``blocks`` as they come (chunked unless ``length`` is given)."""
    request.send_response(200)
    request.send_header("Content-Type", "application/sparql-results+xml")
    if length is None:
        request.send_header("Transfer-Encoding", "chunked")
    else:
        request.send_header("Content-Length", str(length))
    request.end_headers()
    for block in blocks:
        request.wfile.write(b"%x\r\n%s\r\n" % (len(block), block) if length is None else block)
        request.server.sent += len(block)
    if length is None:
        request.wfile.write(b"0\r\n\r\n")


@pytest.fixture
def slow() -> Iterator[Server]:
    body = b"".join(rows_xml(100))
    with Server(lambda request: trickle(request, body)) as server:
        yield server


def timed(call: Any) -> tuple[Any, float]:
    start = time.monotonic()
    try:
        return call(), time.monotonic() - start
    except pmograph.PmographError as err:
        return err, time.monotonic() - start


# ------------------------------------------------------------------ time
@pytest.mark.parametrize("command", [["roles"], ["chain", "PMO Manager"]])
def test_one_byte_a_second_stops_at_the_request_timeout(
        slow: Server, cli: Any, monkeypatch: pytest.MonkeyPatch, command: list[str]) -> None:
    monkeypatch.setenv("PMOGRAPH_SPARQL_TIMEOUT", "2")
    done, elapsed = timed(lambda: cli("--store", slow.url + "/sparql", *command))
    assert done.code == 2 and done.err.startswith("Error: ") and done.err.count("\n") == 1
    assert "did not answer in full within the time limit (timeout 2 s" in done.err
    assert elapsed < 2 + MARGIN


def test_headers_sent_one_byte_a_second_stop_too() -> None:
    with Server(lambda request: trickle(request, b"", headers_too=True)) as server:
        failed, elapsed = timed(lambda: pmograph.load(store=server.url, timeout=1.5,
                                                      catalog=False).query("ASK {}"))
    assert isinstance(failed, pmograph.StoreError) and "timeout 1.5 s" in str(failed)
    assert elapsed < 1.5 + MARGIN


def test_a_query_time_limit_ends_the_request_as_well(slow: Server) -> None:
    kg = pmograph.load(store=slow.url, catalog=False, timeout=60)
    failed, elapsed = timed(lambda: kg.query("SELECT * WHERE { ?s ?p ?o }", timeout=1))
    assert isinstance(failed, pmograph.QueryError) and "longer than 1 s" in str(failed)
    assert elapsed < 1 + MARGIN
    # The worker's request ended at the query's deadline too: nothing is left reading.
    assert slow.disconnected.wait(MARGIN)


# ------------------------------------------------------------------ bytes and rows
def test_reading_stops_at_the_row_cap() -> None:
    with Server(lambda request: stream(request, rows_xml(None))) as server:
        kg = pmograph.load(store=server.url, catalog=False)
        failed, elapsed = timed(lambda: kg.query("SELECT * WHERE { ?s ?p ?o }", max_rows=250))
        assert server.disconnected.wait(MARGIN)  # the answer had no end: the client hung up
    assert isinstance(failed, pmograph.QueryError) and "more than 250 rows" in str(failed)
    assert elapsed < MARGIN
    assert server.sent < 4 << 20  # a few blocks, not the endless answer


def test_an_answer_past_the_byte_cap_is_refused_while_reading(
        cli: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PMOGRAPH_SPARQL_MAX_BYTES", "1M")
    with Server(lambda request: stream(request, rows_xml(None, label="x" * 500))) as server:
        done = cli("--store", server.url, "roles")
        assert server.disconnected.wait(MARGIN)
    assert done.code == 2 and done.err.count("\n") == 1
    assert "larger than 1 MiB (1,048,576 bytes)" in done.err
    assert "PMOGRAPH_SPARQL_MAX_BYTES" in done.err
    assert server.sent < 8 << 20


def test_a_content_length_past_the_cap_is_refused_before_reading() -> None:
    size = 300 << 20  # announced, never sent
    with Server(lambda request: stream(request, iter([b"<sparql"]), length=size)) as server:
        failed, elapsed = timed(lambda: pmograph.load(store=server.url, catalog=False,
                                                      max_bytes="256M").query("ASK {}"))
    assert isinstance(failed, pmograph.StoreError) and "larger than 256 MiB" in str(failed)
    assert elapsed < MARGIN


@pytest.mark.parametrize(("value", "expected"), [("512M", 512 << 20), ("1GiB", 1 << 30),
                                                 ("1000", 1000), (2048, 2048)])
def test_the_byte_cap_is_settable(value: Any, expected: int) -> None:
    kg = pmograph.load(store="http://127.0.0.1:9/sparql", catalog=False, max_bytes=value)
    assert kg.spec.max_bytes == expected


@pytest.mark.parametrize("value", ["lots", "-1", "0", "1T"])
def test_a_bad_byte_cap_is_a_clear_error(value: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PMOGRAPH_SPARQL_MAX_BYTES", value)
    with pytest.raises(pmograph.StoreError, match="PMOGRAPH_SPARQL_MAX_BYTES must be a number"):
        pmograph.load(store="http://127.0.0.1:9/sparql", catalog=False)


@pytest.mark.parametrize("value", ["soon", "0", "-3", "nan"])
def test_a_bad_timeout_is_a_clear_error(value: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PMOGRAPH_SPARQL_TIMEOUT", value)
    with pytest.raises(pmograph.StoreError, match="PMOGRAPH_SPARQL_TIMEOUT must be a number"):
        pmograph.load(store="http://127.0.0.1:9/sparql", catalog=False)


# ------------------------------------------------------------------ the streaming reader
RESULTS = """<?xml version="1.0"?>
<sparql xmlns="http://www.w3.org/2005/sparql-results#">
  <head><variable name="a"/><variable name="b"/><variable name="unbound"/></head>
  <results>
    <result>
      <binding name="a"><uri>https://example.org/é?x=1&amp;y=2</uri></binding>
      <binding name="b"><literal xml:lang="en-GB">Zoë  &lt;PMO&gt;\n lead</literal></binding>
    </result>
    <result>
      <binding name="a"><bnode>b0</bnode></binding>
      <binding name="b"><literal datatype="http://www.w3.org/2001/XMLSchema#decimal">1.50</literal></binding>
    </result>
    <result>
      <binding name="b"><literal></literal></binding>
      <binding name="a"><literal datatype="http://www.w3.org/2001/XMLSchema#string">s</literal></binding>
    </result>
  </results>
</sparql>""".encode()


def test_the_streaming_reader_makes_the_terms_rdflib_makes() -> None:
    expected = Result.parse(BytesIO(RESULTS), content_type="application/sparql-results+xml")
    reader = XmlResultsReader("u", max_rows=None, convert=lambda term: term)
    for i in range(len(RESULTS)):  # block boundaries anywhere, even inside a character
        reader.feed(RESULTS[i:i + 1])
    got = reader.close()
    assert got.vars == expected.vars
    assert got.bindings == expected.bindings
    for ours, theirs in zip(got.bindings, expected.bindings, strict=True):
        for name in theirs:  # same term kinds, languages and datatypes, not just equal
            assert type(ours[name]) is type(theirs[name]) and repr(ours[name]) == repr(theirs[name])


def test_the_streaming_reader_refuses_a_document_type() -> None:
    bomb = (b'<?xml version="1.0"?><!DOCTYPE sparql [<!ENTITY a "aaaaaaaaaa">]>'
            b'<sparql xmlns="http://www.w3.org/2005/sparql-results#"><boolean>true</boolean>'
            b'</sparql>')
    reader = XmlResultsReader("u", max_rows=None, convert=lambda term: term)
    with pytest.raises(pmograph.StoreError, match="declares a document type"):
        reader.feed(bomb)


def test_malformed_results_are_a_store_error() -> None:
    reader = XmlResultsReader("http://h/sparql", max_rows=None, convert=lambda term: term)
    reader.feed(b"<sparql xmlns='http://www.w3.org/2005/sparql-results#'><results><result>")
    with pytest.raises(pmograph.StoreError, match="could not read the answer of http://h/"):
        reader.close()
