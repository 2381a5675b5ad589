"""Writing outputs whole or not at all, to files, pipes, devices and standard output.

Where an output goes decides how it is written (:func:`atomic_write`):

* **A regular file** (new or existing): to a temporary file in the same folder, flushed to
  disk, then renamed over the target.  A failure at any point removes the temporary file and
  leaves an existing target untouched.  A symbolic link is followed: the file it points to is
  replaced and the link stays.  The temporary file is named
  ``.NAME.pmograph-HOST-PID-RANDOM.tmp``; one left behind by a process that was killed
  (``kill -9`` cannot be caught) is removed the next time anything is written to ``NAME``
  (:func:`remove_stale_temporaries`).
* **Standard output**: ``"-"`` (the string; ``Path("-")`` is a file named ``-``),
  ``/dev/stdout``, ``/dev/fd/1`` or a link to one of them.
* **Anything else that exists and is not a regular file** — a named pipe, a terminal, a
  character device such as ``/dev/null``, ``/dev/stderr``, ``/dev/fd/N`` — is written into,
  never replaced (the old code renamed a regular file over it: run as root, ``-o /dev/null``
  replaced ``/dev/null``).  A named pipe with no reader waits for one, as ``cat > FIFO`` does.
  Block devices (disks) are refused.

In every case the content is produced first and written only when it is complete, so a
failure writes nothing anywhere.  Any :class:`OSError` becomes an :class:`OutputError` naming
the target; a closed pipe on standard output stays a :class:`BrokenPipeError`, which the
command line ends quietly on (``pmograph export -o - | head``).
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import os
import re
import socket
import stat
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any, Literal, overload

from pmograph._errors import OutputError
from pmograph._process import is_running

#: The name that means standard output.
STDOUT = "-"
#: Standard output's descriptor.
STDOUT_DESCRIPTOR = 1
_DESCRIPTOR = re.compile(r"/(?:dev/fd|proc/self/fd|proc/(\d+)/fd)/(\d+)")
_STANDARD = {"/dev/stdin": 0, "/dev/stdout": 1, "/dev/stderr": 2}
#: Where ``-`` writes while the command line has moved its own messages to standard error.
_reserved_stdout: Any = None


@overload
def atomic_write(path: str | os.PathLike[str], *, binary: Literal[False] = False,
                 encoding: str = "utf-8") -> contextlib.AbstractContextManager[IO[str]]: ...
@overload
def atomic_write(path: str | os.PathLike[str], *, binary: Literal[True],
                 encoding: str = "utf-8") -> contextlib.AbstractContextManager[IO[bytes]]: ...
@contextlib.contextmanager
def atomic_write(path: str | os.PathLike[str], *, binary: bool = False,
                 encoding: str = "utf-8") -> Iterator[IO[Any]]:
    """Give a handle to write the output for ``path`` into; write it there on success.

    See the module documentation for where each kind of ``path`` goes.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> target = pathlib.Path(tempfile.mkdtemp()) / "out.txt"
    >>> with atomic_write(target) as handle:
    ...     _ = handle.write("whole")
    >>> target.read_text()
    'whole'
    >>> try:
    ...     with atomic_write(target) as handle:
    ...         _ = handle.write("half")
    ...         raise RuntimeError("disk full")
    ... except RuntimeError:
    ...     pass
    >>> target.read_text()  # the old content survives a failed write
    'whole'
    >>> with atomic_write("-") as handle:  # standard output
    ...     _ = handle.write("to stdout")
    to stdout
    >>> with atomic_write(target.parent / "gone" / "out.txt") as handle:
    ...     pass
    Traceback (most recent call last):
    ...
    pmograph._errors.OutputError: ...out.txt: the folder ...gone does not exist; create it first
    """
    name = os.fspath(path)
    descriptor = STDOUT_DESCRIPTOR if isinstance(path, str) and path == STDOUT else \
        descriptor_of(name)
    if descriptor is None:
        try:
            status = os.stat(name)
        except OSError:
            status = None  # a new file (or a link to one)
        if status is None or stat.S_ISREG(status.st_mode):
            with _replace(Path(path), binary=binary, encoding=encoding) as handle:
                yield handle
            return
        if stat.S_ISDIR(status.st_mode):
            raise OutputError(f"{name}: is a folder; name a file inside it", path=name)
        if stat.S_ISBLK(status.st_mode):
            raise OutputError(f"{name}: is a block device (a disk); pmograph does not write "
                              "onto disks", path=name)
    spool: io.BytesIO | io.StringIO = io.BytesIO() if binary else io.StringIO(newline="")
    yield spool
    value = spool.getvalue()
    data = value.encode(encoding) if isinstance(value, str) else value
    if descriptor is None:
        _write_into(name, data)
    else:
        _write_descriptor(descriptor, data, name)


def descriptor_of(name: str) -> int | None:
    """The descriptor number ``name`` stands for (``/dev/stdout``, ``/dev/fd/3``,
    ``/proc/self/fd/1``, or a symbolic link to one of them), else ``None``.

    Examples
    --------
    >>> descriptor_of("/dev/stdout"), descriptor_of("/dev/fd/3"), descriptor_of("out.svg")
    (1, 3, None)
    """
    current = os.path.abspath(name)
    for _ in range(40):  # the most links the kernel follows
        if current in _STANDARD:
            return _STANDARD[current]
        match = _DESCRIPTOR.fullmatch(current)
        if match and (match.group(1) is None or int(match.group(1)) == os.getpid()):
            return int(match.group(2))
        try:
            link = os.readlink(current)
        except OSError:
            return None
        current = os.path.normpath(os.path.join(os.path.dirname(current), link))
    return None


def names_stdout(path: str | os.PathLike[str]) -> bool:
    """Whether writing to ``path`` writes to standard output (``-``, ``/dev/stdout`` ...).

    Examples
    --------
    >>> names_stdout("-"), names_stdout("/dev/fd/1"), names_stdout("chart.svg")
    (True, True, False)
    """
    if isinstance(path, str) and path == STDOUT:
        return True
    return descriptor_of(os.fspath(path)) == STDOUT_DESCRIPTOR


@contextlib.contextmanager
def stdout_for_data() -> Iterator[None]:
    """Keep standard output for the data: while this runs, ``print`` goes to standard error
    and only what is written to ``-`` (or ``/dev/stdout``) reaches standard output.

    The command line uses this for ``-o -``, so a summary line or ``--json`` report never
    mixes with the RDF or the picture.
    """
    global _reserved_stdout
    saved, _reserved_stdout = _reserved_stdout, sys.stdout
    sys.stdout = sys.stderr
    try:
        yield
    finally:
        sys.stdout, _reserved_stdout = _reserved_stdout, saved


def _write_descriptor(descriptor: int, data: bytes, name: str) -> None:
    """Write ``data`` to an open descriptor: 1 and 2 through Python's own streams."""
    if descriptor in (1, 2):
        stream = (_reserved_stdout or sys.stdout) if descriptor == 1 else sys.stderr
        _refuse_binary_on_terminal(stream, data, name)
        buffer = getattr(stream, "buffer", None)
        stream.flush()
        if buffer is None:  # a text-only stream (a notebook, a test's StringIO)
            stream.write(data.decode("utf-8", "replace"))
        else:
            buffer.write(data)
            buffer.flush()
        return
    try:
        with os.fdopen(os.dup(descriptor), "wb") as handle:
            handle.write(data)
    except OSError as err:
        raise _output_error(Path(name), err, replaced=False) from err


def _write_into(name: str, data: bytes) -> None:
    """Write ``data`` into an existing pipe or device, without replacing it."""
    try:
        fd = os.open(name, os.O_WRONLY | getattr(os, "O_NOCTTY", 0))
    except OSError as err:
        raise _output_error(Path(name), err, replaced=False) from err
    try:
        with os.fdopen(fd, "wb") as handle:
            if os.isatty(fd) and b"\x00" in data:
                raise OutputError(f"{name}: is a terminal, and this output is binary; write "
                                  "it to a file or a pipe", path=name)
            handle.write(data)
    except OSError as err:
        raise _output_error(Path(name), err, replaced=False) from err


def _refuse_binary_on_terminal(stream: Any, data: bytes, name: str) -> None:
    try:
        terminal = stream.isatty()
    except (AttributeError, ValueError):
        terminal = False
    if terminal and b"\x00" in data:
        raise OutputError(f"{name}: standard output is a terminal, and this output is binary "
                          "(PNG, PDF); redirect it to a file (> chart.png) or a pipe",
                          path=name)


@contextlib.contextmanager
def _replace(target: Path, *, binary: bool, encoding: str) -> Iterator[IO[Any]]:
    """Write a regular file through a temporary file and a rename."""
    if target.is_symlink():  # replace the file the link points to, and keep the link
        target = Path(os.path.realpath(target))
    folder = target.parent if str(target.parent) else Path(".")
    if not folder.is_dir():
        raise OutputError(f"{target}: the folder {folder} does not exist; create it first",
                          path=str(target))
    remove_stale_temporaries(target)
    try:
        fd, temp_name = tempfile.mkstemp(prefix=_temp_prefix(target.name) + f"{os.getpid()}-",
                                         suffix=".tmp", dir=folder)
    except OSError as err:
        raise _output_error(target, err) from err
    temp = Path(temp_name)
    _unfinished.add(temp)
    try:
        handle: IO[str] | IO[bytes] = (os.fdopen(fd, "wb") if binary else
                                       os.fdopen(fd, "w", encoding=encoding, newline=""))
        with handle:
            yield handle
            handle.flush()
            os.fsync(handle.fileno())
        if target.exists():
            # Keep the permissions of the file being replaced.
            os.chmod(temp, target.stat().st_mode & 0o7777)
        else:
            umask = os.umask(0)
            os.umask(umask)
            os.chmod(temp, 0o666 & ~umask)
        os.replace(temp, target)
    except BaseException as err:
        with contextlib.suppress(OSError):
            temp.unlink()
        if isinstance(err, OSError):
            raise _output_error(target, err) from err
        raise
    finally:
        _unfinished.discard(temp)


#: Temporary files being written now, in this process (set operations need no lock).
_unfinished: set[Path] = set()


def remove_unfinished_outputs() -> list[Path]:
    """Remove the temporary files of outputs still being written; return them.

    For a process about to end at once (``os._exit``), which skips the clean-up above: the
    command line's ``--timeout`` ends the process this way.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> target = pathlib.Path(tempfile.mkdtemp()) / "out.txt"
    >>> try:
    ...     with atomic_write(target) as handle:
    ...         _ = handle.write("half")
    ...         removed = remove_unfinished_outputs()
    ... except OutputError:  # the rename finds nothing to rename
    ...     pass
    >>> [path.name.startswith(".out.txt.") for path in removed], list(target.parent.iterdir())
    ([True], [])
    """
    removed = []
    for temp in list(_unfinished):
        with contextlib.suppress(OSError):
            temp.unlink()
            removed.append(temp)
    return removed


def _temp_prefix(name: str) -> str:
    """``.NAME.pmograph-HOST-``: the start of every temporary file written for ``NAME``.

    ``HOST`` (a digest of the host name) keeps a process on another machine sharing the
    folder from being judged by this machine's process numbers.  Long names are cut so the
    whole name stays within the 255 bytes file systems allow.
    """
    short = name.encode("utf-8")[:160].decode("utf-8", "ignore")
    return f".{short}.pmograph-{_host_tag()}-"


def _host_tag() -> str:
    return hashlib.sha256(socket.gethostname().encode("utf-8")).hexdigest()[:8]


def remove_stale_temporaries(target: str | os.PathLike[str]) -> list[Path]:
    """Remove the temporary files a killed pmograph left beside ``target``; return them.

    A temporary file is stale when the process named in it is no longer running, or is a
    newer process that reused its number (it started after the file was last written).
    Files of running writers, and files written on other machines, are left alone.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> target = pathlib.Path(tempfile.mkdtemp()) / "org.ttl"
    >>> dead = 2**22 + 1  # above Linux's largest process number
    >>> left = target.parent / f"{_temp_prefix('org.ttl')}{dead}-x1y2.tmp"
    >>> _ = left.write_text("half an export")
    >>> [p.name == left.name for p in remove_stale_temporaries(target)], left.exists()
    ([True], False)
    """
    target = Path(target)
    folder = target.parent if str(target.parent) else Path(".")
    prefix = _temp_prefix(target.name)
    removed = []
    try:
        candidates = [entry for entry in os.scandir(folder)
                      if entry.name.startswith(prefix) and entry.name.endswith(".tmp")]
    except OSError:
        return []
    for entry in candidates:
        pid_text = entry.name[len(prefix):].split("-", 1)[0]
        try:
            modified = entry.stat(follow_symlinks=False).st_mtime
        except OSError:
            continue
        if not pid_text.isdigit() or is_running(int(pid_text), since=modified):
            continue
        with contextlib.suppress(OSError):
            os.unlink(entry.path)
            removed.append(Path(entry.path))
    return removed


def _output_error(target: Path, err: OSError, *, replaced: bool = True) -> OutputError:
    reason = err.strerror or str(err)
    if isinstance(err, BrokenPipeError):
        reason = "the reader closed it before everything was written (broken pipe)"
    changed = "no file was changed" if replaced else "nothing was replaced"
    return OutputError(f"{target}: cannot write the file: {reason}; {changed}",
                       path=str(target))


def write_bytes_atomic(path: str | os.PathLike[str], data: bytes) -> None:
    """Write ``data`` to ``path`` whole or not at all (see :func:`atomic_write`)."""
    with atomic_write(path, binary=True) as handle:
        handle.write(data)


def write_text_atomic(path: str | os.PathLike[str], text: str) -> None:
    """Write ``text`` (UTF-8) to ``path`` whole or not at all (see :func:`atomic_write`)."""
    with atomic_write(path) as handle:
        handle.write(text)
