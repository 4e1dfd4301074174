"""Batches kept in the store, so a kernel restart loses none: ``batches/<batch id>.json``.

Each file holds the batch's id, the grid it runs (its :class:`GridSpec` as JSON, and key), what
each request (``custom_id``) asked for and whether its results were collected. Written
atomically as soon as the batch exists, read back by ``iw.Grid.resume()`` or by the same grid
run again. The files are the store's, beside ``images/`` and ``records/``.

Example:
    >>> import tempfile
    >>> from imagewidgets.store import Store
    >>> store = Store(tempfile.mkdtemp())
    >>> saved = SavedBatch("batch_1", "file-1", {"prompt": "a fox"}, "k1", {"c-0-0-0": {}})
    >>> save_batch(store, saved); [b.batch_id for b in saved_batches(store)]
    ['batch_1']
    >>> pending(store, "k1").batch_id, pending(store, "k2")
    ('batch_1', None)
"""

from __future__ import annotations

import dataclasses
import json
import time
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from imagewidgets.store import Store
from imagewidgets.store.atomic import is_temporary, write_atomic

__all__ = ["FOLDER", "SavedBatch", "collected", "pending", "save_batch", "saved_batches"]

FOLDER = "batches"
"""The store's folder of batch files."""


@dataclass(frozen=True)
class SavedBatch:
    """A batch as the store remembers it.

    ``requests`` maps each ``custom_id`` to its cell (``key``), ``prompt`` and ``params``;
    ``collected`` is true once its results are in the store.
    """

    batch_id: str
    input_file_id: str
    grid: Mapping[str, Any]
    grid_key: str
    requests: Mapping[str, Mapping[str, Any]]
    created: float = field(default_factory=time.time)
    collected: bool = False
    status: str = "validating"

    def to_json(self) -> dict[str, Any]:
        """The file's content."""
        return dataclasses.asdict(self)

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> SavedBatch:
        """Read a batch file's content (``TypeError`` or ``KeyError`` when it is none)."""
        names = {f.name for f in dataclasses.fields(cls)}
        return cls(**{name: value for name, value in data.items() if name in names})


def save_batch(store: Store, saved: SavedBatch) -> None:
    """Write (or rewrite) a batch's file."""
    text = json.dumps(saved.to_json(), indent=1, sort_keys=True, default=repr)
    write_atomic(_path(store, saved.batch_id), text.encode("utf-8"))


def saved_batches(store: Store) -> list[SavedBatch]:
    """Every batch the store remembers, newest first (unreadable files are passed over)."""
    folder = store.path / FOLDER
    found = []
    for path in sorted(folder.glob("*.json")) if folder.is_dir() else []:
        if is_temporary(path.name):
            continue
        try:
            found.append(SavedBatch.from_json(json.loads(path.read_text("utf-8"))))
        except (OSError, ValueError, TypeError, KeyError):
            continue
    return sorted(found, key=lambda saved: saved.created, reverse=True)


def pending(store: Store, grid_key: str | None = None) -> SavedBatch | None:
    """The newest batch not yet collected (of the grid ``grid_key``, when given)."""
    for saved in saved_batches(store):
        if not saved.collected and grid_key in (None, saved.grid_key):
            return saved
    return None


def collected(store: Store, saved: SavedBatch, status: str) -> SavedBatch:
    """Remember that a batch's results are in the store; returns the new state."""
    done = dataclasses.replace(saved, collected=True, status=status)
    save_batch(store, done)
    return done


def _path(store: Store, batch_id: str) -> Path:
    if not batch_id or any(char in batch_id for char in "/\\"):
        raise ValueError(f"not a batch id: {batch_id!r}")
    return store.path / FOLDER / f"{batch_id}.json"
