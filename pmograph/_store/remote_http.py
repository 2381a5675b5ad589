"""HTTP for a SPARQL server: every request bounded in total time and bytes, credentials kept
out of every message.

* **Time.**  A socket timeout bounds each *read*; a server that sends one byte a second never
  trips it.  Each request therefore has a :class:`Deadline`: when it passes, a timer shuts the
  request's socket down, which ends any read in progress (the connection, the headers, the
  body, an error page), and the request fails with :class:`~pmograph.StoreError`.  Inside a
  time-limited query (:func:`~pmograph._store.sparql_limits.current_limits`) the earlier of
  the two deadlines applies.  Name lookup (DNS) is the one step a deadline cannot cut.
* **Bytes.**  An answer is read in blocks and refused as soon as it passes ``max_bytes``
  (before reading at all when ``Content-Length`` says so); readers stop earlier still, at the
  row cap (:mod:`~pmograph._store.remote_results`).
* **Credentials.**  From ``user:password@`` in the URL (as curl takes them) they are sent up
  front as HTTP Basic ``Authorization``, a Digest challenge is answered too; from ``--auth`` or
  the environment they answer the server's challenge (Basic or Digest).  The password, its
  percent-encoded forms and the Basic token are replaced by ``***`` in every message, server
  error pages included, and a URL shows ``user:***@``.
"""

from __future__ import annotations

import base64
import contextlib
import http.client
import socket
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from typing import Any
from urllib.parse import quote, quote_plus, urlencode

from pmograph._errors import StoreError
from pmograph._store.sparql_limits import current_limits
from pmograph._store.spec import with_user

#: Bytes asked of the socket at a time while reading an answer.
BLOCK = 1 << 16
#: Seconds a request inside a time-limited query may outlive the query's deadline.
_AFTER_QUERY = 0.25
_ACTIVE = threading.local()


class Deadline:
    """The end of one request: sockets :meth:`watch`-ed are shut down when it passes.

    Examples
    --------
    >>> deadline = Deadline(30)
    >>> 29 < deadline.remaining() <= 30, deadline.cut
    (True, False)
    >>> deadline.close()
    """

    def __init__(self, seconds: float) -> None:
        self.end = time.monotonic() + seconds
        self.cut = False
        self._sockets: list[socket.socket] = []
        self._lock = threading.Lock()
        self._closed = False
        self._timer = threading.Timer(seconds, self._cut)
        self._timer.daemon = True
        self._timer.start()

    def remaining(self) -> float:
        return max(0.0, self.end - time.monotonic())

    def watch(self, sock: socket.socket | None) -> None:
        """Shut ``sock`` down when the deadline passes (at once if it has passed)."""
        if sock is None:
            return
        with self._lock:
            self._sockets.append(sock)
            if self.cut:
                _shut(sock)

    def close(self) -> None:
        """The request is over: stop the timer; nothing is cut after this."""
        self._timer.cancel()
        with self._lock:
            self._closed = True
            self._sockets.clear()

    def _cut(self) -> None:
        with self._lock:
            if self._closed:
                return
            self.cut = True
            for sock in self._sockets:
                _shut(sock)


def _shut(sock: socket.socket) -> None:
    # The plain socket's own method: an SSL socket's would drop its TLS state under the
    # thread that is reading.  A closed socket has no descriptor left to shut: nothing to do.
    with contextlib.suppress(OSError):
        socket.socket.shutdown(sock, socket.SHUT_RDWR)


def _connected(connection: http.client.HTTPConnection) -> None:
    deadline: Deadline | None = getattr(_ACTIVE, "deadline", None)
    if deadline is not None:
        deadline.watch(connection.sock)


class _BoundedHTTPConnection(http.client.HTTPConnection):
    def connect(self) -> None:
        super().connect()
        _connected(self)


class _BoundedHTTPSConnection(http.client.HTTPSConnection):
    def connect(self) -> None:
        super().connect()
        _connected(self)


class _HTTPHandler(urllib.request.HTTPHandler):
    def do_open(self, http_class: Any, req: urllib.request.Request,
                **http_conn_args: Any) -> http.client.HTTPResponse:
        return super().do_open(_BoundedHTTPConnection, req, **http_conn_args)


class _HTTPSHandler(urllib.request.HTTPSHandler):
    def do_open(self, http_class: Any, req: urllib.request.Request,
                **http_conn_args: Any) -> http.client.HTTPResponse:
        return super().do_open(_BoundedHTTPSConnection, req, **http_conn_args)


class Redactor:
    """Replaces a password, in every form it travels, by ``***`` (and shows URLs redacted).

    Examples
    --------
    >>> redact = Redactor(("ann", "s3cr/t pw"), in_url=True)
    >>> redact("denied: s3cr%2Ft%20pw, Basic " + basic_token(("ann", "s3cr/t pw")))
    'denied: ***, Basic ***'
    >>> redact.url("http://127.0.0.1:8890/sparql")
    'http://ann:***@127.0.0.1:8890/sparql'
    """

    def __init__(self, auth: tuple[str, str] | None, *, in_url: bool = False) -> None:
        self.user = auth[0] if auth and in_url else None
        secrets: set[str] = set()
        if auth is not None:
            user, password = auth
            token = basic_token(auth)
            secrets = {token, f"{user}:{password}"}
            if len(password) >= 3:  # shorter ones would match ordinary words
                secrets |= {password, quote(password, safe=""), quote(password),
                            quote_plus(password)}
        # Longest first: a form that contains another is replaced whole.
        self._secrets = sorted((s for s in secrets if s), key=len, reverse=True)

    def __call__(self, text: str) -> str:
        for secret in self._secrets:
            text = text.replace(secret, "***")
        return text

    def url(self, url: str) -> str:
        """``url`` as messages show it: ``user:***@`` when the credentials came from a URL."""
        return with_user(url, self.user)


def basic_token(auth: tuple[str, str]) -> str:
    """The HTTP Basic credentials token (RFC 7617, UTF-8).

    Examples
    --------
    >>> basic_token(("Aladdin", "open sesame"))
    'QWxhZGRpbjpvcGVuIHNlc2FtZQ=='
    """
    return base64.b64encode(f"{auth[0]}:{auth[1]}".encode()).decode("ascii")


class Answer:
    """An HTTP answer being read: its type, headers and body in bounded blocks."""

    def __init__(self, response: Any, client: HttpClient, url: str,
                 deadline: Deadline) -> None:
        self.response, self.client, self.url, self.deadline = response, client, url, deadline
        self.headers = response.headers
        self.content_type: str = response.headers.get("Content-Type", "")
        self.read = 0

    def blocks(self) -> Iterator[bytes]:
        """The body, block by block; a :class:`StoreError` past the time or byte limit."""
        cap = self.client.max_bytes
        length = self.headers.get("Content-Length", "")
        if length.strip().isdigit() and int(length) > cap:
            raise self.client.too_large(self.url)
        while True:
            try:
                block = self.response.read1(BLOCK)
            except (OSError, http.client.HTTPException, ValueError) as err:
                raise self.client.failure(self.url, err, self.deadline) from None
            if self.deadline.cut:  # a cut socket reads as the end of the answer
                raise self.client.too_slow(self.url)
            if not block:
                return
            self.read += len(block)
            if self.read > cap:
                raise self.client.too_large(self.url)
            yield block

    def body(self) -> bytes:
        """The whole body (bounded like :meth:`blocks`)."""
        return b"".join(self.blocks())


class HttpClient:
    """POSTs forms to one SPARQL server with the bounds and credentials above."""

    def __init__(self, urls: list[str], *, auth: tuple[str, str] | None, auth_in_url: bool,
                 timeout: float, max_bytes: int) -> None:
        self.timeout, self.max_bytes = timeout, max_bytes
        handlers: list[Any] = [urllib.request.ProxyHandler({}), _HTTPHandler(),
                               _HTTPSHandler()]
        if auth is not None:
            passwords = urllib.request.HTTPPasswordMgrWithDefaultRealm()
            for url in urls:
                passwords.add_password(None, url, auth[0], auth[1])
            handlers += [urllib.request.HTTPBasicAuthHandler(passwords),
                         urllib.request.HTTPDigestAuthHandler(passwords)]
        self._opener = urllib.request.build_opener(*handlers)
        self._upfront = f"Basic {basic_token(auth)}" if auth is not None and auth_in_url \
            else None
        self.redact = Redactor(auth, in_url=auth_in_url)
        self.requests = 0

    @contextlib.contextmanager
    def post(self, url: str, form: dict[str, Any], accept: str) -> Iterator[Answer]:
        """Send ``form`` to ``url``; the answer is readable inside the ``with`` block only."""
        limit = current_limits().remaining()
        # Just after the query's own deadline: its caller has the query's error by then.
        seconds = self.timeout if limit is None else min(self.timeout, limit + _AFTER_QUERY)
        request = urllib.request.Request(url, data=urlencode(form, doseq=True).encode(),
                                         headers={"Accept": accept, "Content-Type":
                                                  "application/x-www-form-urlencoded"})
        if self._upfront is not None:  # unredirected: never sent on to another host
            request.add_unredirected_header("Authorization", self._upfront)
        self.requests += 1
        deadline = Deadline(seconds)
        _ACTIVE.deadline = deadline
        try:
            try:
                response = self._opener.open(request, timeout=max(seconds, 0.001))
            except urllib.error.HTTPError as err:
                raise self.refused(url, err, deadline) from None
            except (OSError, http.client.HTTPException, ValueError) as err:
                raise self.failure(url, err, deadline) from None
            with response:
                yield Answer(response, self, url, deadline)
        finally:
            _ACTIVE.deadline = None
            deadline.close()

    # ------------------------------------------------------------------ messages
    def shown(self, url: str) -> str:
        """``url`` as every message shows it (``user:***@`` for credentials from a URL)."""
        return self.redact.url(url)

    def refused(self, url: str, err: urllib.error.HTTPError, deadline: Deadline) -> StoreError:
        try:
            detail = " ".join(err.read(600).decode("utf-8", "replace").split())
        except (OSError, http.client.HTTPException, ValueError):
            detail = ""
        if deadline.cut:
            return self.too_slow(url)
        return StoreError(self.redact(f"the SPARQL server at {self.shown(url)} answered HTTP "
                                      f"{err.code}: {detail or err.reason}"))

    def failure(self, url: str, err: BaseException, deadline: Deadline) -> StoreError:
        cause = getattr(err, "reason", None) or err
        if deadline.cut or (isinstance(cause, TimeoutError) and deadline.remaining() <= 0):
            return self.too_slow(url)
        reason = str(cause) or type(cause).__name__
        return StoreError(self.redact(f"cannot reach the SPARQL server at {self.shown(url)}: "
                                      f"{reason} (timeout {self.timeout:g} s)"))

    def too_slow(self, url: str) -> StoreError:
        return StoreError(f"the SPARQL server at {self.shown(url)} did not answer in full "
                          f"within the time limit (timeout {self.timeout:g} s for a whole "
                          "request; raise it with timeout=… or PMOGRAPH_SPARQL_TIMEOUT)")

    def too_large(self, url: str) -> StoreError:
        return StoreError(f"the answer of the SPARQL server at {self.shown(url)} is larger "
                          f"than {_size(self.max_bytes)}, the cap on one answer; ask for less "
                          "(add LIMIT, fewer variables) or raise the cap with max_bytes=… or "
                          "PMOGRAPH_SPARQL_MAX_BYTES")


def _size(count: int) -> str:
    """A byte count as people read it.

    Examples
    --------
    >>> _size(256 << 20), _size(1500)
    ('256 MiB (268,435,456 bytes)', '1,500 bytes')
    """
    if count >= 1 << 20 and count % (1 << 20) == 0:
        return f"{count >> 20} MiB ({count:,} bytes)"
    return f"{count:,} bytes"

