"""Views and the name index of a persistent Oxigraph store, kept in its folder between runs.

Every command on a stored organisation needs the reporting view and the name index, and
building them is most of a command's time (100,000 posts: about 10 s; a million: minutes).  After
the first build they are written as JSON to ``PATH/pmograph-cache/`` and a later process whose
store is in the same state reads them back instead.

*The same state* means: the same snapshot format and pmograph version, the same number of quads,
and the same *generation*, a token pmograph renews in the store before every change it makes —
loads, the catalog, SPARQL updates, and triples added or removed through ``kg.graph``.  A program
other than pmograph that changes the folder (pyoxigraph itself, the Oxigraph server) is noticed
only if it changes the number of quads; after such a change, delete ``PATH/pmograph-cache``.

The files are JSON, never pickle, so a store folder received from someone else cannot run code;
a damaged or unreadable file is ignored (and rebuilt), and a folder that cannot be written to only
means the views are rebuilt next time.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Any, Protocol, TypeVar

from pmograph._atomic import write_text_atomic
from pmograph._errors import OutputError

#: Changes whenever what a snapshot holds, or how, changes.
FORMAT = 1
FOLDER = "pmograph-cache"
T = TypeVar("T")


class SnapshotStore(Protocol):
    """What a store offers to keep snapshots (:class:`pmograph._store.oxigraph.OxigraphBackend`)."""

    @property
    def snapshot_folder(self) -> Path | None: ...
    def generation(self) -> str: ...
    def quad_count(self) -> int: ...
    def snapshot_taken(self) -> None: ...


def new_generation() -> str:
    """A fresh generation token."""
    return uuid.uuid4().hex


def _path(store: SnapshotStore, folder: Path, name: str) -> Path:
    from pmograph import __version__  # the package

    state = f"{FORMAT}|{__version__}|{store.generation()}|{store.quad_count()}"
    return folder / f"{name}-{hashlib.sha256(state.encode()).hexdigest()[:24]}.json"


def locate(store: SnapshotStore, name: str) -> Path | None:
    """Where snapshot ``name`` of the store's current state is (or would be) kept."""
    folder = store.snapshot_folder
    return None if folder is None else _path(store, folder, name)


def read(path: Path, decode: Callable[[Any], T]) -> T | None:
    """The decoded snapshot at ``path``, or ``None`` when there is none or it is damaged."""
    try:
        return decode(json.loads(path.read_text(encoding="utf-8")))
    except Exception:  # missing, unreadable, cut short, nested too deep, of the wrong shape:
        return None    # whatever it is, the value is built again


def write(store: SnapshotStore, path: Path, data: Any) -> None:
    """Keep ``data`` (JSON-able) at ``path`` (from :func:`locate`); drop older ones."""
    name = path.name.rsplit("-", 1)[0]
    try:
        path.parent.mkdir(exist_ok=True)
        write_text_atomic(path, json.dumps(data, separators=(",", ":"), ensure_ascii=False))
    except (OSError, OutputError):  # a read-only store folder: rebuild next time
        return
    for old in path.parent.glob(f"{name}-*.json"):
        if old != path:
            with contextlib.suppress(OSError):
                old.unlink()
    store.snapshot_taken()
