"""Oxigraph's fast (lenient) loader, checked by a strict parse running on another core.

Oxigraph's strict loader validates every IRI and language tag as it inserts; its lenient
loader skips that and is about a fifth faster, but on its own it would let in IRIs that every
other pmograph store refuses (a space inside an IRI, a relative IRI in N-Triples).  A strict
parse alone (no inserting) takes about a third of a strict load.  So for a big file
:func:`load_checked` runs both at once:

* a child Python process parses the file strictly and reports its first error, if any;
* this process loads the same file leniently, through a reader that, at the end of the file,
  waits for that verdict and raises the strict parser's error when there is one.

Raising from the reader aborts Oxigraph's load, so the store is left as it was whenever the
file is not valid: the same answer, the same error message (line and column) and, for the
transactional ``load``, the same atomicity as a strict load, in the time of a lenient one.
A process, not a thread: a thread's parse would hold the GIL that the loader's reader needs.

Whenever the check cannot run — one CPU, a small file, no way to start a process, a child
that dies — :func:`load_checked` simply loads strictly.
"""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

from ._errors import LoadError

#: Files smaller than this are loaded strictly: starting the checker would cost what it saves.
PARALLEL_MIN_BYTES = 8 << 20

#: Formats whose lenient and strict parsers give the same triples for a valid file.
CHECKED_FORMATS = frozenset({"N_TRIPLES", "TURTLE"})

_CHECKER = """\
import json, sys
sys.path.insert(0, sys.argv[4])
import pyoxigraph as ox
path, rdf_format, base = sys.argv[1:4]
try:
    for _ in ox.parse(path=path, format=getattr(ox.RdfFormat, rdf_format), base_iri=base):
        pass
except SyntaxError as err:
    print(json.dumps({"msg": err.msg, "lineno": err.lineno, "offset": err.offset}))
else:
    print(json.dumps(None))
"""


class _CheckUnavailable(Exception):
    """The strict check could not give a verdict; the load is aborted and done strictly."""


def _cpus() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not Linux
        return os.cpu_count() or 1


def can_check(path: Path, oxigraph_format: str) -> bool:
    """Whether :func:`load_checked` would load ``path`` leniently with a parallel strict check.

    Examples
    --------
    >>> can_check(Path("tiny.nt"), "N_TRIPLES")  # no such file: too small to be worth it
    False
    """
    try:
        size = path.stat().st_size
    except OSError:
        return False
    return (oxigraph_format in CHECKED_FORMATS and size >= PARALLEL_MIN_BYTES
            and _cpus() > 1 and bool(sys.executable))


class _GatedReader(io.RawIOBase):
    """The file, except that its end waits for the checker and raises its error if any."""

    def __init__(self, path: Path, checker: subprocess.Popen[str]) -> None:
        self._file = path.open("rb")
        self._stat = os.fstat(self._file.fileno())
        self._checker = checker
        self._path = path

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        count = self._file.readinto(buffer)
        if not count and self._checker.returncode is None:
            self._raise_verdict()
        return count

    def _raise_verdict(self) -> None:
        verdict = verdict_of(self._checker)
        if verdict is not None:
            raise verdict
        now = os.stat(self._path)
        if (now.st_size, now.st_mtime_ns) != (self._stat.st_size, self._stat.st_mtime_ns):
            raise LoadError(f"{self._path}: the file changed while it was being loaded; "
                            "load it again once it is complete")

    def close(self) -> None:
        self._file.close()
        super().close()


def verdict_of(checker: subprocess.Popen[str]) -> SyntaxError | None:
    """Wait for the checker: its :class:`SyntaxError`, ``None`` if the file is valid."""
    out, _err = checker.communicate()
    try:
        found = json.loads(out.strip().splitlines()[-1]) if checker.returncode == 0 else ...
    except (IndexError, ValueError):
        found = ...
    if found is ...:
        raise _CheckUnavailable(f"the strict check exited with {checker.returncode}")
    if found is None:
        return None
    return SyntaxError(found["msg"], (None, found["lineno"], found["offset"], None))


def load_checked(store: Any, path: Path, oxigraph_format: str, base_iri: str) -> None:
    """Load ``path`` into the pyoxigraph ``store`` in one transaction, strictly checked.

    Big files load leniently beside a strict parse in a child process (see the module
    docstring); others load strictly.  Either way a :class:`SyntaxError` raised here is the
    strict parser's, and the store is unchanged after any error.

    Examples
    --------
    >>> import pyoxigraph as ox, tempfile
    >>> folder = Path(tempfile.mkdtemp())
    >>> _ = (folder / "a.nt").write_text("<urn:a> <urn:b> <urn:c> .\\n")
    >>> store = ox.Store()
    >>> load_checked(store, folder / "a.nt", "N_TRIPLES", "urn:base")
    >>> len(store)
    1
    """
    import pyoxigraph as ox

    rdf_format = getattr(ox.RdfFormat, oxigraph_format)
    checker = _start_checker(path, oxigraph_format, base_iri, ox) \
        if can_check(path, oxigraph_format) else None
    if checker is not None:
        try:
            with _GatedReader(path, checker) as reader:
                store.load(input=reader, format=rdf_format, base_iri=base_iri, lenient=True)
            return
        except SyntaxError as err:  # the lenient parser's own: report the strict one
            if checker.returncode is None:
                try:
                    strict = verdict_of(checker)
                except _CheckUnavailable:
                    strict = None
                raise (strict or err) from None
            raise
        except _CheckUnavailable:
            pass  # the transaction was aborted, nothing written: load strictly below
        finally:
            if checker.returncode is None:
                checker.kill()
                checker.communicate()
    store.load(path=str(path), format=rdf_format, base_iri=base_iri)


def _start_checker(path: Path, oxigraph_format: str, base_iri: str,
                   ox: Any) -> subprocess.Popen[str] | None:
    site = str(Path(ox.__file__).resolve().parent.parent)
    try:
        return subprocess.Popen(
            [sys.executable, "-I", "-c", _CHECKER, str(path), oxigraph_format, base_iri, site],
            stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
            text=True)
    except OSError:  # no way to start a process here: load strictly
        return None
