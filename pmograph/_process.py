"""Processes: whether one that left a file behind is still running, and children that die
with pmograph.

A temporary output file is named after the process writing it
(:func:`pmograph._atomic.atomic_write`); :func:`is_running` tells a file a live writer is still
filling from one a killed process left behind.  :func:`die_with_parent` is given to
:mod:`subprocess` as ``preexec_fn`` for the programs pmograph runs (Graphviz's ``dot``), so that
on Linux a child is killed when pmograph is, even by ``kill -9``.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import os
import signal
import sys
from collections.abc import Callable
from functools import cache

#: ``prctl`` option: the signal a child receives when its parent dies (linux/prctl.h).
_PR_SET_PDEATHSIG = 1


def is_running(pid: int, *, since: float | None = None) -> bool:
    """Whether process ``pid`` is running — and, given ``since`` (a time), was already running
    then, so that a new process that reused the number does not count.

    Examples
    --------
    >>> is_running(os.getpid())
    True
    >>> import time
    >>> is_running(os.getpid(), since=time.time() - 3600 * 24 * 365 * 100)
    False
    """
    if pid <= 0:
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # someone else's process: it exists
        pass
    if since is None:
        return True
    started = _start_time(pid)
    return started is None or started <= since + 1.0  # clock ticks are coarse


def _start_time(pid: int) -> float | None:
    """When ``pid`` started (seconds since the epoch), from ``/proc``; ``None`` elsewhere."""
    try:
        with open(f"/proc/{pid}/stat", "rb") as handle:
            fields = handle.read().rsplit(b")", 1)[1].split()
        with open("/proc/stat", "rb") as handle:
            boot = next(float(line.split()[1]) for line in handle if line.startswith(b"btime"))
        return boot + int(fields[19]) / os.sysconf("SC_CLK_TCK")
    except (OSError, IndexError, ValueError, StopIteration):
        return None


@cache
def _prctl() -> Callable[..., int] | None:
    if not sys.platform.startswith("linux"):
        return None
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or None, use_errno=True)
        function: Callable[..., int] = libc.prctl
    except (OSError, AttributeError):
        return None
    return function


def child_setup() -> Callable[[], None] | None:
    """A ``preexec_fn`` that makes the child die with this process (Linux); ``None`` elsewhere.

    Everything it needs is looked up here, in the parent, so the child only makes one system
    call between ``fork`` and ``exec``.

    Examples
    --------
    >>> import subprocess
    >>> setup = child_setup()
    >>> subprocess.run(["true"], preexec_fn=setup, check=True).returncode
    0
    """
    prctl = _prctl()
    if prctl is None:
        return None
    parent = os.getpid()

    def die_with_parent() -> None:
        prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
        if os.getppid() != parent:  # the parent died before prctl took effect
            os._exit(1)

    return die_with_parent
