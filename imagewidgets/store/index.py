"""The store's index: a SQLite cache of its records, for listing, search, lineage and spend.

The files are the truth: ``images/`` (provenance inside each image) and ``records/`` (the same
as JSON beside it). ``index.sqlite3`` is built from them and rebuilt by itself when it is
missing, of another layout, or damaged; each first use in a process checks it against the files
and catches up with files it has not seen (see :mod:`imagewidgets.store.sync`). Every kernel
that stores an image also indexes it, in WAL mode with short transactions, so several kernels on
one machine share one index. Where the folder cannot be written (a read-only mount), the index
is built in memory instead. All use goes through one lock per store folder and process, so the
index can be read from worker threads (it must be: queries never run on the event loop).

Example:
    >>> import tempfile
    >>> index = index_for(Path(tempfile.mkdtemp()))
    >>> index.read(lambda db: db.execute("SELECT COUNT(*) FROM records").fetchone()[0])
    0
"""

from __future__ import annotations

import contextlib
import sqlite3
import threading
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import TypeVar

from imagewidgets.store import schema, sync

__all__ = ["FILE", "HOUSEKEEPING_DELAY", "Index", "index_for"]

FILE = "index.sqlite3"
"""The index's file in the store folder (with ``-wal`` and ``-shm`` beside it while in use)."""

HOUSEKEEPING_DELAY = 5.0
"""Seconds between the first use of a store folder in a process and its housekeeping (a look at
every file, which would otherwise compete with the first page for the interpreter)."""

T = TypeVar("T")
_indexes: dict[Path, Index] = {}
_registry = threading.Lock()


def index_for(folder: Path) -> Index:
    """The one :class:`Index` of ``folder`` in this process (made on first use)."""
    key = folder.expanduser().absolute()
    with _registry:
        if key not in _indexes:
            _indexes[key] = Index(key)
        return _indexes[key]


class Index:
    """The index of the store in ``folder``; :meth:`read` and :meth:`write` run SQL on it."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.in_memory = False
        """True when the folder cannot hold the index file (it is then rebuilt per process)."""
        self._db: sqlite3.Connection | None = None
        self._lock = threading.RLock()
        self._checked = False
        self._waiting = False
        self._housekept = False

    def read(self, work: Callable[[sqlite3.Connection], T]) -> T:
        """``work(db)``, with the index caught up with the files first (once per process)."""
        return self._use(work, write=False)

    def write(self, work: Callable[[sqlite3.Connection], T]) -> T:
        """``work(db)`` in one write transaction (other kernels wait for it, briefly)."""
        return self._use(work, write=True)

    def catch_up(self, *, verify: bool = False) -> sync.Changes:
        """Look at every file name of the store again and index what changed (another kernel's
        files, files copied in, damaged ones); ``verify`` reads every record file again too.
        What changed is returned."""
        with self._lock:
            look = partial(sync.catch_up, folder=self.folder, thorough=True, verify=verify)
            return self._use(look, write=False)

    def once(self, work: Callable[[], object]) -> None:
        """Run ``work`` in a background thread, :data:`HOUSEKEEPING_DELAY` seconds after the
        first time this is asked in this process (housekeeping of the folder: it looks at every
        file, so it waits until the first page is shown)."""
        with self._lock:
            if self._housekept:
                return
            self._housekept = True
        timer = threading.Timer(HOUSEKEEPING_DELAY, work)
        timer.name, timer.daemon = "imagewidgets store housekeeping", True
        timer.start()

    def forget_check(self) -> None:
        """Check the index against the files again at its next use (a write to it failed)."""
        with self._lock:
            self._checked = False

    def rebuild(self) -> None:
        """Throw the index away and build it again from the files."""
        with self._lock:
            self._close()
            for suffix in ("", "-wal", "-shm"):
                with contextlib.suppress(OSError):
                    (self.folder / f"{FILE}{suffix}").unlink()
            self._checked = False

    def _use(self, work: Callable[[sqlite3.Connection], T], *, write: bool) -> T:
        with self._lock:
            for attempt in (1, 2):
                try:
                    db = self._ready()
                    return schema.transaction(db, work) if write else work(db)
                except sqlite3.DatabaseError as error:
                    if attempt == 2 or not schema.damaged(error):
                        raise
                    self.rebuild()
            raise AssertionError("unreachable")

    def _ready(self) -> sqlite3.Connection:
        if self._db is None or self._gone():
            self._close()
            self._db = self._connect()
            self._checked = False
        if not self._checked:
            self._checked = True
            try:
                self._check(self._db)
            except sqlite3.OperationalError as error:
                if self.in_memory or schema.damaged(error):
                    raise
                self._db = self._in_memory()  # the disk is full, or became read-only
                self._check(self._db)
        return self._db

    def _gone(self) -> bool:
        """Whether the folder appeared since the index went to memory for want of it, or the
        index file was deleted under this process."""
        if self._waiting:
            return self.folder.is_dir()
        return not self.in_memory and not (self.folder / FILE).exists()

    def _check(self, db: sqlite3.Connection) -> None:
        fresh = schema.prepare(db)
        sync.catch_up(db, self.folder, thorough=fresh)

    def _in_memory(self) -> sqlite3.Connection:
        self._close()
        self.in_memory = True
        return schema.connect(":memory:")

    def _connect(self) -> sqlite3.Connection:
        """The index file; in memory while the folder does not exist (nothing is created
        before the first image) or when it cannot hold the file."""
        self._waiting = not self.folder.is_dir()
        self.in_memory = True
        if self._waiting:
            return schema.connect(":memory:")
        try:
            db = schema.connect(str(self.folder / FILE))
        except sqlite3.DatabaseError as error:
            if not schema.damaged(error):  # a read-only mount, a folder without permission
                return schema.connect(":memory:")
            self.rebuild()
            db = schema.connect(str(self.folder / FILE))
        self.in_memory = False
        return db

    def close(self) -> None:
        """Close the index file (the next use opens it again and checks it against the files)."""
        with self._lock:
            self._close()

    def _close(self) -> None:
        if self._db is not None:
            with contextlib.suppress(sqlite3.Error):
                self._db.close()
            self._db = None
