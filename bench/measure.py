"""Measuring tools of the benchmark: whole processes (wall time and peak RSS), in-process timers,
the process-tree memory sampler, and the worker launcher.

Nothing here knows pmograph: :mod:`workers` does the work, :mod:`run` decides what to measure.
"""

from __future__ import annotations

import hashlib
import json
import os
import resource
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

HERE = Path(__file__).resolve().parent


def made_by(*generators: str) -> str:
    """A short digest of the generator modules ``generators`` (file names in ``bench/``), for
    the names of the generated files kept between runs: a changed generator makes new files
    instead of reusing ones it would no longer write."""
    digest = hashlib.sha256()
    for name in generators:
        digest.update((HERE / name).read_bytes())
    return digest.hexdigest()[:8]
T = TypeVar("T")

#: The environment of every measured process (``None``: this process's own).
CHILD_ENV: dict[str, str] | None = None


def cache_bytecode(folder: Path | None) -> dict[str, str]:
    """Let measured processes keep compiled bytecode in ``folder`` (``None``: leave as is).

    With ``PYTHONDONTWRITEBYTECODE`` set and no ``__pycache__`` in the source tree, every
    process would compile pmograph's modules from source again (tens of milliseconds a
    command), which no installed copy does.  ``PYTHONPYCACHEPREFIX`` keeps the bytecode of
    every module, of every engine alike, outside the source tree.  Returns what was set.
    """
    global CHILD_ENV
    if folder is None:
        CHILD_ENV = None
        return {key: value for key, value in os.environ.items() if key in
                ("PYTHONDONTWRITEBYTECODE", "PYTHONPYCACHEPREFIX")}
    folder.mkdir(parents=True, exist_ok=True)
    CHILD_ENV = {key: value for key, value in os.environ.items()
                 if key != "PYTHONDONTWRITEBYTECODE"}
    CHILD_ENV["PYTHONPYCACHEPREFIX"] = str(folder)
    return {"PYTHONPYCACHEPREFIX": str(folder)}


def digest(value: Any) -> str:
    """A short, stable fingerprint of a JSON-able answer, to compare engines."""
    return hashlib.sha256(json.dumps(value, sort_keys=True).encode()).hexdigest()[:12]


def peak_mib() -> float:
    """This process's peak resident memory so far (``ru_maxrss``, KiB on Linux), in MiB."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def timed(function: Callable[[], T]) -> tuple[T, float]:
    """``function()`` and its wall time in seconds."""
    start = time.perf_counter()
    value = function()
    return value, time.perf_counter() - start


class TreePeak:
    """Peak resident memory of this process *and its children* while a stage runs (Linux).

    A thread samples ``VmRSS`` of this process plus every child every 20 ms; :attr:`mib` is
    the larger of that sum and this process's own ``ru_maxrss`` (which also catches a peak
    shorter than the sampling period).  pmograph no longer starts a checking process while
    it loads, but if a child ever appears again it is counted.
    """

    def __init__(self) -> None:
        self.mib = 0.0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._sample, daemon=True)

    def __enter__(self) -> TreePeak:
        self._thread.start()
        return self

    def __exit__(self, *_: object) -> None:
        self._stop.set()
        self._thread.join()
        self.mib = max(self.mib, peak_mib())

    @staticmethod
    def _rss_kib(pid: str) -> int:
        try:
            with open(f"/proc/{pid}/status", encoding="ascii") as status:
                return next(int(line.split()[1]) for line in status if line.startswith("VmRSS"))
        except (OSError, StopIteration):
            return 0

    def _sample(self) -> None:
        me = str(os.getpid())
        while not self._stop.wait(0.02):
            children: list[str] = []
            for task in os.listdir(f"/proc/{me}/task"):
                try:
                    with open(f"/proc/{me}/task/{task}/children", encoding="ascii") as found:
                        children += found.read().split()
                except OSError:
                    pass
            total = self._rss_kib(me) + sum(self._rss_kib(child) for child in children)
            self.mib = max(self.mib, total / 1024)


@dataclass
class Run:
    """One finished process: its wall time, peak RSS and CPU time (``wait4``), exit code and
    output.  CPU time (user + system) beside wall time shows how busy the machine was: on a
    quiet machine a single-threaded process's wall time is about its CPU time."""

    argv: list[str]
    wall: float
    peak_mib: float
    returncode: int
    stdout: str = field(repr=False)
    stderr: str = field(repr=False)
    cpu: float = 0.0

    def json(self) -> Any:
        """Its standard output parsed as JSON (a failed process stops the benchmark)."""
        if self.returncode != 0:
            raise SystemExit(f"{' '.join(self.argv)} exited {self.returncode}:\n"
                             f"{self.stderr[-3000:]}")
        return json.loads(self.stdout)

    def figures(self) -> dict[str, Any]:
        return {"wall": self.wall, "peak_mib": self.peak_mib, "returncode": self.returncode,
                "cpu": self.cpu}


def run_process(argv: Sequence[str]) -> Run:
    """Run ``argv`` as a fresh process: wall time from start to reaped, and its peak RSS.

    The peak is ``ru_maxrss`` of the rusage ``os.wait4`` returns for this child alone (Linux
    folds in the children it waited for).  Output goes to temporary files, not pipes, so a
    large answer can never block the child while it is being timed.
    """
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        start = time.perf_counter()
        child = subprocess.Popen(list(argv), stdout=out, stderr=err, stdin=subprocess.DEVNULL,
                                 env=CHILD_ENV)
        _, status, usage = os.wait4(child.pid, 0)
        wall = time.perf_counter() - start
        child.returncode = os.waitstatus_to_exitcode(status)  # reaped here, not by Popen
        out.seek(0)
        err.seek(0)
        return Run(list(argv), wall, usage.ru_maxrss / 1024, child.returncode,
                   out.read().decode("utf-8", "replace"), err.read().decode("utf-8", "replace"),
                   usage.ru_utime + usage.ru_stime)


def best_of(repeat: int, argv: Sequence[str]) -> tuple[Run, dict[str, Any]]:
    """Run ``argv`` ``repeat`` times; the fastest run, and figures of all of them.

    The wall time reported is the best (the machine is shared: one slow run says little),
    with that run's CPU time; the peak memory reported is the worst.
    """
    runs = [run_process(argv) for _ in range(max(1, repeat))]
    for run in runs:
        if run.returncode != 0:
            run.json()  # stops the benchmark with the error
    best = min(runs, key=lambda run: run.wall)
    return best, {"wall": best.wall, "peak_mib": max(run.peak_mib for run in runs),
                  "runs": [run.wall for run in runs], "cpu": best.cpu}


def run_worker(*args: str) -> dict[str, Any]:
    """Run one in-process measurement of :mod:`workers` in a fresh interpreter."""
    done = run_process([sys.executable, str(HERE / "workers.py"), *args])
    result: dict[str, Any] = done.json()
    result["process_peak_mib"] = done.peak_mib
    return result
