"""Writing output files whole or not at all.

Every file pmograph writes (diagrams, imports, exports) goes to a temporary file in the same
folder, is flushed to disk, and is then renamed over the target.  A failure at any point
removes the temporary file and leaves an existing target untouched.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any, Literal, overload

from pmograph._errors import OutputError


@overload
def atomic_write(path: str | os.PathLike[str], *, binary: Literal[False] = False,
                 encoding: str = "utf-8") -> contextlib.AbstractContextManager[IO[str]]: ...
@overload
def atomic_write(path: str | os.PathLike[str], *, binary: Literal[True],
                 encoding: str = "utf-8") -> contextlib.AbstractContextManager[IO[bytes]]: ...
@contextlib.contextmanager
def atomic_write(path: str | os.PathLike[str], *, binary: bool = False,
                 encoding: str = "utf-8") -> Iterator[IO[Any]]:
    """Open a temporary file next to ``path``; on success rename it to ``path``.

    Any :class:`OSError` (no such folder, permission denied, disk full ...) becomes an
    :class:`~pmograph.OutputError` naming ``path``.

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
    >>> with atomic_write(target.parent / "gone" / "out.txt") as handle:
    ...     pass
    Traceback (most recent call last):
    ...
    pmograph._errors.OutputError: ...out.txt: the folder ...gone does not exist; create it first
    """
    target = Path(path)
    folder = target.parent if str(target.parent) else Path(".")
    if not folder.is_dir():
        raise OutputError(f"{target}: the folder {folder} does not exist; create it first",
                          path=str(target))
    try:
        fd, temp_name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=folder)
    except OSError as err:
        raise _output_error(target, err) from err
    temp = Path(temp_name)
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


def _output_error(target: Path, err: OSError) -> OutputError:
    reason = err.strerror or str(err)
    return OutputError(f"{target}: cannot write the file: {reason}; no file was changed",
                       path=str(target))


def write_bytes_atomic(path: str | os.PathLike[str], data: bytes) -> None:
    """Write ``data`` to ``path`` atomically."""
    with atomic_write(path, binary=True) as handle:
        handle.write(data)


def write_text_atomic(path: str | os.PathLike[str], text: str) -> None:
    """Write ``text`` (UTF-8) to ``path`` atomically."""
    with atomic_write(path) as handle:
        handle.write(text)
