"""Where a store's index lives: ``index.sqlite3`` in the store folder, or else in memory.

In memory while the folder does not exist (nothing is created before the first image: the
index goes to the file once it does), and where the folder cannot hold the file (a read-only
mount, a folder without permission, a full disk): the index is then built again in each process.
A damaged file is deleted and made anew; a file deleted under the process is made again.

Example:
    >>> import tempfile
    >>> place = IndexFile(Path(tempfile.mkdtemp()))
    >>> db, new = place.open()
    >>> new, place.in_memory, place.open()[1]
    (True, False, False)
"""

from __future__ import annotations

import contextlib
import sqlite3
from pathlib import Path

from imagewidgets.store import schema

__all__ = ["FILE", "IndexFile"]

FILE = "index.sqlite3"
"""The index's file in the store folder (with ``-wal`` and ``-shm`` beside it while in use)."""


class IndexFile:
    """The connection to the index of the store in ``folder`` (not safe across threads: the
    :class:`~imagewidgets.store.index.Index` holds it under its lock)."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.in_memory = False
        """True when the folder cannot hold the index file (it is then rebuilt per process)."""
        self._db: sqlite3.Connection | None = None
        self._waiting = False

    def open(self) -> tuple[sqlite3.Connection, bool]:
        """The connection, and whether it was opened just now (it must then be checked against
        the files): again when the index file went away, or the folder came."""
        if self._db is not None and not self._gone():
            return self._db, False
        self.close()
        self._db = self._connect()
        return self._db, True

    def to_memory(self) -> sqlite3.Connection:
        """Leave the file for an index in memory (the disk is full, or became read-only)."""
        self.close()
        self.in_memory = True
        self._db = schema.connect(":memory:")
        return self._db

    def delete(self) -> None:
        """Close the index and delete its files (the next :meth:`open` makes a new one)."""
        self.close()
        for suffix in ("", "-wal", "-shm"):
            with contextlib.suppress(OSError):
                (self.folder / f"{FILE}{suffix}").unlink()

    def close(self) -> None:
        """Close the connection (the next :meth:`open` opens it again)."""
        if self._db is not None:
            with contextlib.suppress(sqlite3.Error):
                self._db.close()
            self._db = None

    def _gone(self) -> bool:
        """Whether the folder appeared since the index went to memory for want of it, or the
        index file was deleted under this process."""
        if self._waiting:
            return self.folder.is_dir()
        return not self.in_memory and not (self.folder / FILE).exists()

    def _connect(self) -> sqlite3.Connection:
        self._waiting = not self.folder.is_dir()
        self.in_memory = True
        if self._waiting:
            return schema.connect(":memory:")
        try:
            db = schema.connect(str(self.folder / FILE))
        except sqlite3.DatabaseError as error:
            if not schema.damaged(error):  # a read-only mount, a folder without permission
                return schema.connect(":memory:")
            self.delete()
            db = schema.connect(str(self.folder / FILE))
        self.in_memory = False
        return db

    @property
    def waiting(self) -> bool:
        """Whether the index is in memory because the folder does not exist yet."""
        return self._waiting
