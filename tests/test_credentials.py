"""Credentials in a store URL (``http://user:password@host/…``): taken as curl takes them, sent
as HTTP Basic, and never shown — in output, messages, reprs or the errors under them."""

from __future__ import annotations

import base64
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pytest
from sparql_http import Server, endpoint

import pmograph
from pmograph._store.spec import parse_store, redact_url, split_credentials

USER = "ann.o'neil"
PASSWORD = "p@ss:w/rd%-Zoë-§12"  # every character a URL must percent-encode
TOKEN = base64.b64encode(f"{USER}:{PASSWORD}".encode()).decode()
SECRETS = (PASSWORD, quote(PASSWORD, safe=""), quote(PASSWORD), TOKEN)
DATA = Path(__file__).resolve().parent / "data"


def url_for(server: Server, path: str, password: str = PASSWORD) -> str:
    return f"http://{quote(USER, safe='')}:{quote(password, safe='')}@" \
           f"{server.url.removeprefix('http://')}{path}"


def assert_no_secret(*texts: str) -> None:
    for text in texts:
        for secret in SECRETS:
            assert secret not in text, (secret, text)


def chain_texts(err: BaseException) -> Iterator[str]:
    """``str`` and ``repr`` of an exception and of every exception under it."""
    seen: set[int] = set()
    pending: list[BaseException | None] = [err]
    while pending:
        current = pending.pop()
        if current is None or id(current) in seen:
            continue
        seen.add(id(current))
        yield str(current)
        yield repr(current)
        pending += [current.__cause__, current.__context__]


@pytest.fixture
def server() -> Iterator[Server]:
    with endpoint(credentials=(USER, PASSWORD)) as running:
        yield running


# ------------------------------------------------------------------ reading the URL
def test_credentials_are_percent_decoded_and_taken_out_of_the_url() -> None:
    url = f"https://{quote(USER, safe='')}:{quote(PASSWORD, safe='')}@example.org:8890/sparql"
    assert split_credentials(url) == ("https://example.org:8890/sparql", (USER, PASSWORD))
    spec = parse_store(url)
    assert spec.location == "https://example.org:8890/sparql"
    assert spec.auth == (USER, PASSWORD) and spec.auth_in_url
    assert spec.name == "https://ann.o%27neil:***@example.org:8890/sparql"
    assert_no_secret(spec.name, repr(spec), str(spec))


def test_an_explicit_auth_wins_and_the_environment_comes_last(
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PMOGRAPH_SPARQL_USER", "env-user")
    monkeypatch.setenv("PMOGRAPH_SPARQL_PASSWORD", "env-pass")
    url = "http://ann:secret@127.0.0.1:1/sparql"
    explicit = parse_store(url, auth="bob:other")
    assert explicit.auth == ("bob", "other") and not explicit.auth_in_url
    assert explicit.location == "http://127.0.0.1:1/sparql"  # still taken out of the URL
    assert parse_store(url).auth == ("ann", "secret")
    assert parse_store("http://127.0.0.1:1/sparql").auth == ("env-user", "env-pass")
    # A user alone in the URL takes the password from the environment (off the command line).
    assert parse_store("http://ann@127.0.0.1:1/sparql").auth == ("ann", "env-pass")


def test_the_update_url_may_carry_them_but_not_different_ones() -> None:
    spec = parse_store("http://127.0.0.1:1/sparql", update_url="http://ann:pw1@127.0.0.1:1/up")
    assert spec.auth == ("ann", "pw1") and spec.update_url == "http://127.0.0.1:1/up"
    with pytest.raises(pmograph.StoreError, match="different credentials") as caught:
        parse_store("http://ann:pw1@127.0.0.1:1/sparql",
                    update_url="http://ann:pw2@127.0.0.1:1/up")
    assert "pw1" not in str(caught.value) and "pw2" not in str(caught.value)


def test_bad_urls_are_reported_without_the_password() -> None:
    for bad, expected in (("ftp://ann:hunter22@x/sparql", "unknown store"),
                          ("http://:hunter22@x/sparql", "no user name"),
                          ("http://ann:hunter22@x:port/sparql", "not a valid URL")):
        with pytest.raises(pmograph.StoreError, match=expected) as caught:
            parse_store(bad)
        assert "hunter22" not in str(caught.value) and ":***@x" in str(caught.value)
    assert redact_url("see http://a:b@h/ and http://h/") == "see http://a:***@h/ and http://h/"


# ------------------------------------------------------------------ talking to a server
def test_the_library_sends_them_as_basic_auth(server: Server) -> None:
    kg = pmograph.load(store=url_for(server, "/sparql"),
                       update_url=url_for(server, "/update"))
    assert kg.resolve("PMO Manager")  # the catalog went up and comes back
    assert server.seen and all(header == f"Basic {TOKEN}" for header in server.seen)
    assert "ann.o%27neil:***@" in kg.store
    assert_no_secret(kg.store, repr(kg), repr(kg.spec), repr(kg.backend.spec))


def test_the_command_line_works_and_never_prints_them(server: Server, cli: Any) -> None:
    store = ["--store", url_for(server, "/sparql"), "--update-url", url_for(server, "/update")]
    loaded = cli(*store, "load", str(DATA / "tiny-org.ttl"), "--json")
    assert loaded.code == 0, loaded.err
    roles = cli(*store, "roles", "--json")
    assert roles.code == 0, roles.err
    assert any(role["label"] == "PMO Manager" for role in roles.json())
    shown = cli(*store, "show", "PMO Manager")
    assert shown.code == 0, shown.err
    assert_no_secret(loaded.out, loaded.err, roles.out, roles.err, shown.out, shown.err)
    assert all(header == f"Basic {TOKEN}" for header in server.seen)


def test_a_refusal_names_the_server_but_not_the_password(server: Server, cli: Any) -> None:
    wrong = url_for(server, "/sparql", password=PASSWORD[::-1])
    with pytest.raises(pmograph.StoreError, match="HTTP 401") as caught:
        pmograph.load(store=wrong, catalog=False).query("ASK {}")
    texts = list(chain_texts(caught.value))
    assert "ann.o%27neil:***@127.0.0.1" in texts[0]
    # The server's page repeated the header and the password it got: both redacted.
    assert "denied Basic *** (password ***)" in texts[0]
    wrong_token = base64.b64encode(f"{USER}:{PASSWORD[::-1]}".encode()).decode()
    for text in texts:
        assert_no_secret(text)
        assert PASSWORD[::-1] not in text and wrong_token not in text
    failed = cli("--store", wrong, "--no-catalog", "roles")
    assert failed.code == 2 and failed.err.startswith("Error: ") and "HTTP 401" in failed.err
    assert failed.err.count("\n") == 1
    assert_no_secret(failed.out, failed.err)
    assert PASSWORD[::-1] not in failed.err


def test_an_unreachable_server_is_named_without_the_password(cli: Any) -> None:
    url = f"http://{quote(USER, safe='')}:{quote(PASSWORD, safe='')}@127.0.0.1:9/sparql"
    failed = cli("--store", url, "--no-catalog", "roles")
    assert failed.code == 2 and "cannot reach the SPARQL server at http://ann.o%27neil:***@" \
        "127.0.0.1:9/sparql" in failed.err
    assert "Name or service not known" not in failed.err  # the user name is not a host
    assert_no_secret(failed.out, failed.err)
