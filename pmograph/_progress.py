"""Progress of long stages — parsing a file, building a view, laying out a chart.

Progress is shown only where someone is watching: standard error is a terminal, or the code
runs in a Jupyter kernel (a widget when ipywidgets is installed — ``pip install
'pmograph[notebook]'`` — else text in the cell's output).  Pipes, logs, CI and ``--quiet``
stay clean.  A stage shorter than half a second shows nothing, so quick commands print no
bars; set ``PMOGRAPH_PROGRESS_DELAY`` (seconds, ``0`` for every stage) to change that.

`tqdm <https://tqdm.github.io>`_ draws the bars (``tqdm.auto`` in Jupyter); it is imported
only when progress is shown.  Code that reports a stage does not care whether anyone sees it::

    with stage(kg.progress, "building the reporting view", total=4) as step:
        ...
        step.advance(note="reading labels")
"""

from __future__ import annotations

import os
import sys
import threading
import warnings
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, BinaryIO, TextIO

#: Environment variable: how long (seconds) a stage runs before it is shown.
DELAY_VARIABLE = "PMOGRAPH_PROGRESS_DELAY"
DEFAULT_DELAY = 0.5
#: How often (seconds) a running stage's clock is redrawn while nothing else moves it.
TICK = 0.25

Report = Callable[[str], None]


class Stage:
    """One stage as it runs: :meth:`advance` it and :meth:`note` what it is doing.

    A stage nobody watches (no progress was asked for, or nobody would see it) does nothing,
    so code reports stages unconditionally.

    Examples
    --------
    >>> quiet = Stage()
    >>> quiet.advance(3, note="reading labels")
    >>> quiet.shown
    False
    """

    def __init__(self, bar: Any = None) -> None:
        self._bar = bar
        self._lock = threading.Lock()

    @property
    def shown(self) -> bool:
        """Whether this stage is drawn anywhere."""
        return self._bar is not None

    def advance(self, amount: float = 1, *, note: str | None = None) -> None:
        """Count ``amount`` more steps (or bytes) done; ``note`` says what comes next."""
        if self._bar is None:
            return
        with self._lock:
            if note is not None:
                self._bar.set_postfix_str(visible(note), refresh=False)
            self._bar.update(amount)

    def restart(self, description: str, *, total: float | None = None,
                unit: str = "step") -> None:
        """Go on as another stage on the same line (after parsing, uploading)."""
        if self._bar is None:
            return
        with self._lock:
            self._bar.unit, self._bar.unit_scale = unit, unit == "B"
            self._bar.bar_format = _bar_format(total, unit)
            self._bar.set_description_str(visible(description), refresh=False)
            self._bar.set_postfix_str("", refresh=False)
            self._bar.reset(total=total)

    def note(self, text: str) -> None:
        """Show ``text`` beside the stage (what it is doing, or what it found)."""
        self.advance(0, note=text)

    def tick(self) -> None:
        """Redraw the stage's clock (once it has run longer than the delay)."""
        self.advance(0)

    def close(self) -> None:
        if self._bar is not None:
            with self._lock:
                self._bar.close()


class Progress:
    """Draws stages with tqdm: bars on ``stream`` in a terminal, ``tqdm.auto`` in Jupyter.

    Calling it prints a one-line message above any bar.  Make one with :func:`reporter`, which
    returns ``None`` when nobody would see progress.

    Examples
    --------
    >>> import io
    >>> out = io.StringIO()
    >>> progress = Progress(out, delay=0)
    >>> with progress.stage("counting", total=2, unit="step") as step:
    ...     step.advance(2, note="done")
    >>> "counting: 100%" in out.getvalue() and "2/2" in out.getvalue()
    True
    >>> progress("a message"); out.getvalue().splitlines()[-1]
    'a message'
    """

    def __init__(self, stream: TextIO, *, notebook: bool = False,
                 delay: float = DEFAULT_DELAY) -> None:
        self.stream = stream
        self.notebook = notebook
        self.delay = delay

    def _bar_class(self) -> Any:
        if self.notebook:
            with warnings.catch_warnings():  # no ipywidgets: text bars, without a warning
                warnings.simplefilter("ignore")
                from tqdm.auto import tqdm as auto_tqdm
            return auto_tqdm
        from tqdm.std import tqdm as text_tqdm

        return text_tqdm

    def _width(self) -> dict[str, Any]:
        """Bars follow the terminal's size, or assume 80 × 24 when it reports none (a fresh
        pseudo-terminal says 0 × 0, and tqdm would then draw nothing)."""
        if self.notebook:
            return {}
        try:
            size = os.get_terminal_size(self.stream.fileno())
            known = size.columns > 0 and size.lines > 0
        except (AttributeError, ValueError, OSError):
            known = False
        return {"dynamic_ncols": True} if known else {"ncols": 80, "nrows": 24}

    def __call__(self, message: str) -> None:
        self._bar_class().write(visible(message), file=self.stream)

    @contextmanager
    def stage(self, description: str, *, total: float | None = None,
              unit: str = "step") -> Iterator[Stage]:
        """Show one stage while the block runs; ``total`` ``None`` means indeterminate (a
        running clock), ``unit="B"`` counts bytes (shown as kB, MB ...)."""
        bar = self._bar_class()(
            desc=visible(description), total=total, unit=unit, unit_scale=unit == "B",
            bar_format=_bar_format(total, unit), file=self.stream, leave=True, delay=self.delay,
            miniters=0, disable=False, **self._width())
        current = Stage(bar)
        done = threading.Event()
        clock = threading.Thread(target=_keep_time, args=(current, done), daemon=True,
                                 name="pmograph-progress")
        clock.start()
        try:
            yield current
        except BaseException:
            current.note("failed")
            raise
        finally:
            done.set()
            clock.join()
            current.close()


def visible(text: str) -> str:
    r"""``text`` with control characters and bidi overrides as escapes: a file name shown in
    a bar cannot move the cursor, clear the screen or reverse what follows.

    Examples
    --------
    >>> print(visible("parsing a\x1b[2Jb\u202ec.ttl"))
    parsing a\x1b[2Jb\u202ec.ttl
    """
    return "".join(_ESCAPED.get(char) or char for char in text) \
        if any(char in _ESCAPED for char in text) else text


_ESCAPED = {char: f"\\x{ord(char):02x}" for char in map(chr, [*range(32), *range(127, 160)])}
_ESCAPED.update({char: f"\\u{ord(char):04x}" for char in map(chr, [
    *range(0x202A, 0x202F), *range(0x2066, 0x206A), 0x200E, 0x200F, 0x061C])})


def _bar_format(total: float | None, unit: str) -> str | None:
    if total is None:  # indeterminate: a running clock
        return "{desc}: [{elapsed}{postfix}]"
    if unit == "B":
        return None  # tqdm's own: size, rate and time left
    return "{desc}: {percentage:3.0f}%|{bar}| {n_fmt}/{total_fmt} [{elapsed}{postfix}]"


def _keep_time(current: Stage, done: threading.Event) -> None:
    while not done.wait(TICK):
        current.tick()


@contextmanager
def stage(progress: Report | None, description: str, *, total: float | None = None,
          unit: str = "step") -> Iterator[Stage]:
    """A stage of ``progress`` (a :class:`Progress`), or one that shows nothing.

    ``progress`` may also be any function of one string (``print``): it is told when the stage
    starts and when it ends.

    Examples
    --------
    >>> with stage(None, "building the view", total=3) as step:
    ...     step.advance()
    >>> with stage(print, "laying out the chart"):
    ...     pass
    laying out the chart ...
    laying out the chart: done
    """
    if isinstance(progress, Progress):
        with progress.stage(description, total=total, unit=unit) as current:
            yield current
        return
    if progress is not None:
        progress(f"{description} ...")
    yield Stage()
    if progress is not None:
        progress(f"{description}: done")


class CountingReader:
    """A binary file whose reads advance a stage by the bytes read (for parsers that read a
    file object themselves, such as Oxigraph's).

    Examples
    --------
    >>> import io
    >>> reader = CountingReader(io.BytesIO(b"abcdef"), Stage())
    >>> reader.read(4), reader.read(), reader.count
    (b'abcd', b'ef', 6)
    """

    def __init__(self, handle: BinaryIO, current: Stage) -> None:
        self._handle = handle
        self._stage = current
        self.count = 0

    def read(self, size: int = -1) -> bytes:
        data = self._handle.read(size)
        self.count += len(data)
        self._stage.advance(len(data))
        return data


@contextmanager
def counted(path: Path, current: Stage) -> Iterator[CountingReader]:
    """``path`` opened for reading, each read counted on ``current``."""
    with path.open("rb") as handle:
        yield CountingReader(handle, current)


def in_notebook() -> bool:
    """Whether this code runs in a Jupyter kernel (IPython is asked only if already loaded).

    Examples
    --------
    >>> in_notebook()  # the test run is not a kernel
    False
    """
    ipython = sys.modules.get("IPython")
    if ipython is None:
        return False
    shell = ipython.get_ipython()
    return shell is not None and getattr(shell, "kernel", None) is not None


def reporter(enabled: bool, stream: TextIO | None = None) -> Progress | None:
    """A :class:`Progress` for long stages, or ``None`` when nobody would see it.

    Progress goes to ``stream`` (standard error by default) if ``enabled`` and the stream is a
    terminal, or into the notebook when running in Jupyter; otherwise (pipes, logs,
    ``--quiet``) there is none.

    Examples
    --------
    >>> import io
    >>> reporter(True, io.StringIO()) is None  # not a terminal, not a notebook
    True
    >>> reporter(False) is None
    True
    """
    out = stream if stream is not None else sys.stderr
    if not enabled:
        return None
    notebook = stream is None and in_notebook()
    if not notebook and not _is_terminal(out):
        return None
    return Progress(out, notebook=notebook, delay=_delay())


def _is_terminal(stream: TextIO) -> bool:
    try:
        return bool(stream.isatty())
    except (AttributeError, ValueError):  # no isatty, or a closed stream
        return False


def _delay() -> float:
    text = os.environ.get(DELAY_VARIABLE, "").strip()
    try:
        value = float(text) if text else DEFAULT_DELAY
    except ValueError:
        return DEFAULT_DELAY
    return max(0.0, value) if value == value else DEFAULT_DELAY  # NaN: the default
