"""Opening input files within a size limit: regular files, pipes, devices and standard input.

Every file pmograph reads (``--data``, ``load FILE``, ``validate FILE``) is opened here first:

* The **size limit** is ``max_input_bytes`` where the library takes it, else the
  ``PMOGRAPH_MAX_INPUT_BYTES`` environment variable (``500MB``, ``8GiB``, a number of bytes, or
  ``unlimited``), else :data:`DEFAULT_MAX_INPUT_BYTES` (4 GiB).  A regular file over the limit
  is refused before a byte is read; anything else stops being read at the limit.
* A **regular file** (a symlink is followed) is left for the parser to read by path.
* A **pipe, a device or standard input** (``-``) is read once, in 1 MiB chunks, into memory:
  a named pipe with no writer waits for one (as ``cat`` does), a process substitution
  (``--data <(…)``, ``/dev/fd/63``) works, and a source of NUL bytes or random bytes
  (``/dev/zero``, ``/dev/urandom``) is refused at its first chunk, since RDF and CSV text never
  hold NUL bytes.
* A **folder** or a missing file is refused with a message saying so.
"""

from __future__ import annotations

import hashlib
import os
import re
import stat
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from pmograph._errors import InputTooLargeError, LoadError, ParseError
from pmograph._formats import RDF_FORMATS, TABULAR_SUFFIXES, rdf_format_for

#: The environment variable that sets the input size limit.
LIMIT_VARIABLE = "PMOGRAPH_MAX_INPUT_BYTES"
#: The default input size limit: 4 GiB, more than any organisation chart or role catalog.
DEFAULT_MAX_INPUT_BYTES = 4 * 1024**3
#: How much is read from a pipe or device at a time.
CHUNK_BYTES = 1 << 20
#: The name that means standard input (as on the command line).
STDIN = "-"

_UNITS = {"": 1, "b": 1, "k": 1024, "kb": 1000, "kib": 1024, "m": 1024**2, "mb": 1000**2,
          "mib": 1024**2, "g": 1024**3, "gb": 1000**3, "gib": 1024**3, "t": 1024**4,
          "tb": 1000**4, "tib": 1024**4}
_SIZE = re.compile(r"\s*(\d+(?:\.\d+)?)\s*([a-z]*)\s*", re.IGNORECASE)


def parse_size(text: str, *, source: str = LIMIT_VARIABLE) -> int | None:
    """A size in bytes from ``text`` (``4GiB``, ``500MB``, ``1048576``); ``None`` for
    ``unlimited``.  ``KB``/``MB``/``GB`` are powers of 1000, ``KiB``/``MiB``/``GiB`` (and a bare
    ``K``/``M``/``G``) powers of 1024.

    Examples
    --------
    >>> parse_size("4GiB"), parse_size("500 MB"), parse_size("1024"), parse_size("unlimited")
    (4294967296, 500000000, 1024, None)
    >>> parse_size("lots")
    Traceback (most recent call last):
    ...
    pmograph._errors.LoadError: PMOGRAPH_MAX_INPUT_BYTES='lots' is not a size: ...
    """
    if text.strip().lower() in ("unlimited", "none", "inf"):
        return None
    match = _SIZE.fullmatch(text)
    unit = match.group(2).lower() if match else ""
    if match is None or unit not in _UNITS or float(match.group(1)) * _UNITS[unit] < 1:
        raise LoadError(f"{source}={text!r} is not a size: write bytes (1048576), a size with "
                        "a unit (500MB, 8GiB) or 'unlimited'")
    return int(float(match.group(1)) * _UNITS[unit])


def input_limit(max_input_bytes: int | None = None) -> int | None:
    """The input size limit in bytes (``None``: no limit): ``max_input_bytes`` if given, else
    ``PMOGRAPH_MAX_INPUT_BYTES``, else :data:`DEFAULT_MAX_INPUT_BYTES`.

    Examples
    --------
    >>> input_limit(1000)
    1000
    >>> input_limit() == DEFAULT_MAX_INPUT_BYTES or LIMIT_VARIABLE in os.environ
    True
    """
    if max_input_bytes is not None:
        if max_input_bytes < 1:
            raise LoadError(f"max_input_bytes must be at least 1, not {max_input_bytes}")
        return max_input_bytes
    text = os.environ.get(LIMIT_VARIABLE, "").strip()
    return parse_size(text) if text else DEFAULT_MAX_INPUT_BYTES


def human_size(size: int) -> str:
    """``size`` bytes for a person.

    Examples
    --------
    >>> human_size(4 * 1024**3), human_size(1536), human_size(12)
    ('4 GiB', '1.5 KiB', '12 bytes')
    """
    value = float(size)
    for unit in ("bytes", "KiB", "MiB", "GiB", "TiB"):
        if value < 1024 or unit == "TiB":
            return f"{int(value)} bytes" if unit == "bytes" else f"{value:.3g} {unit}"
        value /= 1024
    raise AssertionError("unreachable")  # pragma: no cover


def named_format(source: str | os.PathLike[str]) -> bool:
    """Whether the name of ``source`` tells its format (a known suffix; ``-`` never does).

    Examples
    --------
    >>> named_format("org.TTL"), named_format("staff.csv"), named_format("/dev/fd/63")
    (True, True, False)
    """
    if isinstance(source, str) and source == STDIN:
        return False
    suffix = Path(source).suffix.lower()
    return suffix in RDF_FORMATS or suffix in TABULAR_SUFFIXES


def input_format(source: str | os.PathLike[str], given: str | None = None) -> str:
    """The format to read ``source`` as: ``given`` if any, else from its suffix.

    The answer is an rdflib parser name (``turtle``, ``nt``, ``json-ld``, ``xml``, ``trig``,
    ``nquads``, ``n3``), or ``csv``/``tsv`` for a spreadsheet export.  ``given`` is a
    suffix without its dot (``ttl``, ``nt``, ``jsonld``, ``rdf``, ``trig``, ``nq``, ``csv``)
    or an rdflib parser name.

    Examples
    --------
    >>> input_format("org.ttl"), input_format("/dev/fd/63", "nt"), input_format("-", "CSV")
    ('turtle', 'nt', 'csv')
    >>> input_format("/dev/fd/63")
    Traceback (most recent call last):
    ...
    pmograph._errors.LoadError: /dev/fd/63: cannot tell the format ...; or give the format: ...
    """
    if given:
        name = given.strip().lower().lstrip(".")
        if f".{name}" in TABULAR_SUFFIXES:
            return name
        if f".{name}" in RDF_FORMATS:
            return RDF_FORMATS[f".{name}"]
        if name in RDF_FORMATS.values():
            return name
        known = sorted({suffix.lstrip(".") for suffix in (*RDF_FORMATS, *TABULAR_SUFFIXES)})
        raise LoadError(f"unknown input format {given!r}; use one of: {', '.join(known)}")
    if isinstance(source, str) and source == STDIN:
        raise LoadError("standard input ('-') has no name to tell its format by; give the "
                        "format: --data-format FORMAT (format= in the library), e.g. ttl")
    suffix = Path(source).suffix.lower()
    if suffix in TABULAR_SUFFIXES:
        return suffix.lstrip(".")
    try:
        return rdf_format_for(Path(source))
    except LoadError as err:
        raise LoadError(f"{err}; or give the format: --data-format FORMAT (format= in the "
                        "library)") from None


@dataclass
class InputFile:
    """An input opened within the size limit.

    :attr:`data` holds the bytes of a pipe, device or standard input (read once, here); a
    regular file is read when asked (:meth:`read`), or by a parser that takes :attr:`path`.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "org.ttl"
    >>> _ = path.write_text("<urn:a> <urn:b> <urn:c> .")
    >>> opened = open_input(path)
    >>> opened.regular, opened.size, opened.read()[:7]
    (True, 25, b'<urn:a>')
    """

    name: str
    path: Path | None
    regular: bool
    size: int | None
    limit: int | None
    data: bytes | None = None

    def read(self) -> bytes:
        """All the bytes, never more than the limit."""
        if self.data is not None:
            return self.data
        assert self.path is not None
        with _open(self.path, self.name) as handle:
            return _read_all(handle, self.name, self.limit, stream=False)

    def digest(self) -> str:
        """``sha256:…`` of the bytes: a data file is loaded into a persistent store once per
        content."""
        digest = hashlib.sha256()
        if self.data is not None:
            digest.update(self.data)
        else:
            assert self.path is not None
            with _open(self.path, self.name) as handle:
                for block in _chunks(handle, self.name, self.limit, stream=False):
                    digest.update(block)
        return "sha256:" + digest.hexdigest()

    @property
    def base_iri(self) -> str:
        """The base IRI of relative IRIs in the input: the file's own ``file:`` IRI."""
        if self.path is None:
            return "urn:pmograph:stdin"
        return (self.path.resolve() if self.regular else self.path.absolute()).as_uri()


def open_input(source: str | os.PathLike[str], *,
               max_input_bytes: int | None = None) -> InputFile:
    """Open ``source`` as an input: check it exists, is not a folder, and is within the limit.

    ``"-"`` (the string) is standard input.  A pipe, a device or standard input is read
    here, once; see the module documentation.

    Examples
    --------
    >>> open_input("no/such/file.ttl")
    Traceback (most recent call last):
    ...
    pmograph._errors.LoadError: no/such/file.ttl: no such file
    """
    limit = input_limit(max_input_bytes)
    if isinstance(source, str) and source == STDIN:
        data = _read_all(sys.stdin.buffer, "standard input", limit, stream=True)
        return InputFile("standard input", None, False, len(data), limit, data)
    name = os.fspath(source)
    path = Path(source)
    try:
        status = os.stat(path)
    except FileNotFoundError:
        what = "a symbolic link to a missing file" if path.is_symlink() else "no such file"
        raise LoadError(f"{name}: {what}") from None
    except OSError as err:
        raise LoadError(f"{name}: cannot read the file: {err.strerror or err}") from err
    if stat.S_ISDIR(status.st_mode):
        raise LoadError(f"{name}: is a folder; name the RDF files inside it")
    if stat.S_ISREG(status.st_mode) and status.st_size > 0:
        if limit is not None and status.st_size > limit:
            raise InputTooLargeError(
                f"{name}: the file is {human_size(status.st_size)}, over the input size limit "
                f"of {human_size(limit)}; if you trust it, raise the limit with "
                f"{LIMIT_VARIABLE}=SIZE (e.g. 16GiB, or 'unlimited') or max_input_bytes=")
        return InputFile(name, path, True, status.st_size, limit)
    # A pipe, a device, a socket, or a "regular" file that does not know its size (/proc).
    with _open(path, name) as handle:
        data = _read_all(handle, name, limit, stream=True)
    return InputFile(name, path, False, len(data), limit, data)


def _open(path: Path, name: str) -> BinaryIO:
    try:
        return path.open("rb")  # a named pipe with no writer waits here, as cat does
    except FileNotFoundError:
        raise LoadError(f"{name}: no such file") from None
    except OSError as err:
        raise LoadError(f"{name}: cannot read the file: {err.strerror or err}") from err


def _read_all(handle: BinaryIO, name: str, limit: int | None, *, stream: bool) -> bytes:
    return b"".join(_chunks(handle, name, limit, stream=stream))


def _chunks(handle: BinaryIO, name: str, limit: int | None, *, stream: bool
            ) -> Iterator[bytes]:
    """The bytes of ``handle`` in chunks, stopping with an error past ``limit``.

    From a pipe or device (``stream``), a chunk with NUL bytes is refused at once.
    """
    total = 0
    lines = 0
    while True:
        try:
            block = handle.read(CHUNK_BYTES)
        except OSError as err:
            raise LoadError(f"{name}: cannot read the file: {err.strerror or err}") from err
        if not block:
            return
        total += len(block)
        if limit is not None and total > limit:
            kind = "input" if stream else "file (it grew while being read)"
            raise InputTooLargeError(
                f"{name}: the {kind} goes on past the input size limit of {human_size(limit)}; "
                f"if you trust it, raise the limit with {LIMIT_VARIABLE}=SIZE (e.g. 16GiB, or "
                "'unlimited') or max_input_bytes=")
        if stream and b"\x00" in block:
            line = lines + block[:block.index(b"\x00")].count(b"\n") + 1
            raise ParseError(
                f"{name}, line {line}: NUL bytes, which RDF and CSV text never hold: is this a "
                "device such as /dev/zero, a binary file, or text saved as UTF-16 (re-save it "
                "as UTF-8)?", path=name, line=line)
        lines += block.count(b"\n") if stream else 0
        yield block
