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

from pmograph._errors import LoadError

#: Files smaller than this are loaded strictly: starting the checker would cost what it saves.
PARALLEL_MIN_BYTES = 8 << 20

#: Formats whose lenient and strict parsers give the same triples for a valid file.
CHECKED_FORMATS = frozenset({"N_TRIPLES", "TURTLE"})

_CHECKER = """\
import json, os, sys
sys.path.insert(0, sys.argv[4])
import pyoxigraph as ox
path, rdf_format, base = sys.argv[1:4]
with open(path, "rb") as handle:
    seen = os.fstat(handle.fileno())
    found = None
    try:
        for _ in ox.parse(input=handle, format=getattr(ox.RdfFormat, rdf_format), base_iri=base):
            pass
    except SyntaxError as err:
        found = {"msg": err.msg, "lineno": err.lineno, "offset": err.offset}
print(json.dumps({"file": [seen.st_dev, seen.st_ino, seen.st_size, seen.st_mtime_ns],
                  "error": found}))
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
            and _cpus() > 1 and _is_python(sys.executable) and not getattr(sys, "frozen", False))


def _is_python(executable: str) -> bool:
    # Embedded or frozen programs (uwsgi, PyInstaller) set sys.executable to themselves.
    name = Path(executable).name.lower() if executable else ""
    return name.startswith(("python", "pypy"))


def _identity(stat: os.stat_result) -> list[int]:
    return [stat.st_dev, stat.st_ino, stat.st_size, stat.st_mtime_ns]


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
        checked, error = verdict_of(self._checker, timeout=_patience(self._stat.st_size))
        mine = _identity(self._stat)
        if checked != mine or _identity(os.stat(self._path)) != mine:
            raise LoadError(f"{self._path}: the file changed while it was being loaded; "
                            "load it again once it is complete")
        if error is not None:
            raise error

    def close(self) -> None:
        self._file.close()
        super().close()


def _patience(size: int) -> float:
    """Seconds to wait for the checker at the end of the file: it parses at over 50 MB/s."""
    return 120 + size / 2e6


def verdict_of(checker: subprocess.Popen[str], *, timeout: float | None = None
               ) -> tuple[list[int], SyntaxError | None]:
    """Wait for the checker: which file it read, and its :class:`SyntaxError` if any.

    Raises :class:`_CheckUnavailable` when it gives no verdict (it failed, or took too long).
    """
    try:
        out, _err = checker.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        checker.kill()
        checker.communicate()
        raise _CheckUnavailable("the strict check took too long") from None
    try:
        if checker.returncode != 0:
            raise ValueError("no verdict")
        verdict = json.loads(out.strip().splitlines()[-1])
        checked, found = list(verdict["file"]), verdict["error"]
        error = None if found is None else SyntaxError(
            found["msg"], (None, found["lineno"], found["offset"], None))
    except (IndexError, ValueError, TypeError, KeyError):
        raise _CheckUnavailable(f"the strict check exited with {checker.returncode}") from None
    return checked, error


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
                    strict = verdict_of(checker, timeout=_patience(path.stat().st_size))[1]
                except (_CheckUnavailable, OSError):
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
