"""Local HTTP servers for the remote-store tests: a real SPARQL endpoint over a pyoxigraph store
(optionally behind HTTP Basic authentication), and servers that misbehave on purpose.

Each runs in a thread on 127.0.0.1 with a free port; use them as context managers.
"""

from __future__ import annotations

import base64
import threading
from collections.abc import Callable, Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import TracebackType
from typing import Any
from urllib.parse import parse_qs

import pyoxigraph as ox

Handler = Callable[["Request"], None]


class Request(BaseHTTPRequestHandler):
    """One request; the server's ``respond`` function answers it."""

    server: Server
    protocol_version = "HTTP/1.1"

    def do_POST(self) -> None:  # http.server's naming
        length = int(self.headers.get("Content-Length") or 0)
        self.form = {key: values[0] for key, values in
                     parse_qs(self.rfile.read(length).decode("utf-8")).items()}
        self.server.seen.append(self.headers.get("Authorization"))
        try:
            self.server.respond(self)
        except (BrokenPipeError, ConnectionResetError):  # the client stopped reading
            self.server.disconnected.set()
        self.close_connection = True

    def send(self, status: int, body: bytes, content_type: str = "text/plain",
             headers: dict[str, str] | None = None) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: Any) -> None:  # quiet
        pass


class Server(ThreadingHTTPServer):
    """A threaded HTTP server on 127.0.0.1 answering with ``respond(request)``."""

    daemon_threads = True

    def __init__(self, respond: Handler) -> None:
        super().__init__(("127.0.0.1", 0), Request)
        self.respond = respond
        self.seen: list[str | None] = []  # the Authorization header of each request
        self.disconnected = threading.Event()
        self.sent = 0  # bytes of body written by streaming handlers
        self._thread = threading.Thread(target=self.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}"

    def __enter__(self) -> Server:
        self._thread.start()
        return self

    def __exit__(self, kind: type[BaseException] | None, value: BaseException | None,
                 traceback: TracebackType | None) -> None:
        self.shutdown()
        self.server_close()


def endpoint(store: ox.Store | None = None, *,
             credentials: tuple[str, str] | None = None) -> Server:
    """A SPARQL 1.1 endpoint (query and update at any path) over ``store``.

    With ``credentials``, every request must carry them as HTTP Basic; a request without them
    gets a 401 whose page repeats the header and the password it received, as a careless
    server might, so that tests see pmograph redact them.
    """
    store = store if store is not None else ox.Store()
    expected = None if credentials is None else "Basic " + base64.b64encode(
        f"{credentials[0]}:{credentials[1]}".encode()).decode()

    def respond(request: Request) -> None:
        received = request.headers.get("Authorization")
        if expected is not None and received != expected:
            sent = base64.b64decode((received or "Basic ").split()[-1]).decode("utf-8",
                                                                                "replace")
            request.send(401, f"denied {received} (password {sent.partition(':')[2]})".encode(),
                         headers={"WWW-Authenticate": 'Basic realm="sparql"'})
            return
        try:
            if "update" in request.form:
                store.update(request.form["update"])
                request.send(204, b"")
                return
            graph = request.form.get("default-graph-uri")
            answer = store.query(request.form.get("query", ""),
                                 default_graph=[ox.NamedNode(graph)] if graph else None)
        except (SyntaxError, OSError, ValueError) as err:
            request.send(400, str(err).encode())
            return
        if isinstance(answer, ox.QueryTriples):
            request.send(200, answer.serialize(format=ox.RdfFormat.N_TRIPLES),
                         "application/n-triples")
        else:
            request.send(200, answer.serialize(format=ox.QueryResultsFormat.XML),
                         "application/sparql-results+xml")

    return Server(respond)


def rows_xml(count: int | None, *, label: str = "x") -> Iterator[bytes]:
    """A SPARQL XML SELECT answer of ``count`` rows (``None``: without end), in blocks."""
    yield (b'<?xml version="1.0"?><sparql xmlns="http://www.w3.org/2005/sparql-results#">'
           b'<head><variable name="s"/><variable name="l"/></head><results>')
    number = 0
    while count is None or number < count:
        yield b"".join(f'<result><binding name="s"><uri>urn:x:{number + i}</uri></binding>'
                       f'<binding name="l"><literal>{label}</literal></binding></result>'
                       .encode() for i in range(100))
        number += 100
    yield b"</results></sparql>"
