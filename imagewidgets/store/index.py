"""The store's index: a SQLite cache of its records, for listing, search, lineage and spend.

The files are the truth: ``images/`` (provenance inside each image) and ``records/`` (the same
as JSON beside it). ``index.sqlite3`` is built from them and rebuilt by itself when it is
missing, of another layout, or damaged; each first use in a process checks it against the files
and catches up with files it has not seen (see :mod:`imagewidgets.store.sync`). Every kernel
that stores an image also indexes it, in WAL mode with short transactions, so several kernels on
one machine share one index. Where the folder cannot be written (a read-only mount), the index
is built in memory instead. All use goes through one lock per store folder and process, so the
index can be read from worker threads (it must be: queries never run on the event loop).

Building the index of a large store takes a while (about 15 s for 100,000 images), and catching
up lists every file: :meth:`Index.state` says at once, without waiting or listing, whether a read
would have to do either, and :meth:`Index.as_is` reads the index as it is meanwhile, so a gallery
shows its first page at once and catches up in a worker thread.

This module holds the lock and answers what a read would do; the connection and its check
against the files are :mod:`imagewidgets.store.index_check`'s, the file
:mod:`imagewidgets.store.index_file`'s.

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
from collections.abc import Callable, Iterator
from functools import partial
from pathlib import Path
from typing import Literal, TypeVar

from imagewidgets.store import schema, sync
from imagewidgets.store.index_check import Checked, NotReady
from imagewidgets.store.index_file import FILE, IndexFile

__all__ = ["FILE", "HOUSEKEEPING_DELAY", "SMALL", "Index", "NotReady", "State", "index_for"]

HOUSEKEEPING_DELAY = 5.0
"""Seconds between the first use of a store folder in a process and its housekeeping (a look at
every file, which would otherwise compete with the first page for the interpreter)."""

SMALL = 64
"""A store with at most this many record and image files has its index built or caught up at
once when asked for its :meth:`Index.state` (a few milliseconds)."""

State = Literal["ready", "behind", "missing", "busy"]
"""What a read of the index would have to do first (see :meth:`Index.state`)."""

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
        self._file = IndexFile(folder)
        self._db = Checked(self._file)
        self._lock = threading.RLock()
        self._housekept = False
        self._local = threading.local()

    @property
    def in_memory(self) -> bool:
        """True when the folder cannot hold the index file (it is then rebuilt per process)."""
        return self._file.in_memory

    def read(self, work: Callable[[sqlite3.Connection], T]) -> T:
        """``work(db)``, with the index caught up with the files first (once per process)."""
        return self._use(work, write=False)

    def write(self, work: Callable[[sqlite3.Connection], T]) -> T:
        """``work(db)`` in one write transaction (other kernels wait for it, briefly)."""
        return self._use(work, write=True)

    def state(self) -> State:
        """What a read would do first, found at once (without waiting for another thread or
        listing a folder): ``"ready"``: nothing, it answers; ``"behind"``: catch up with files
        it has not seen (the folders changed since the index last matched them); ``"missing"``:
        build the index from every file (none yet, of another layout, damaged, or being built
        by another thread); ``"busy"``: wait for another thread reading or writing it."""
        if not self._lock.acquire(blocking=False):
            return "missing" if self._db.building else "busy"
        try:
            return self._state()
        finally:
            self._lock.release()

    @contextlib.contextmanager
    def as_is(self) -> Iterator[None]:
        """Within it, this thread's reads answer from the index as it is, without catching up
        with the files first, and never wait: :class:`NotReady` when they cannot."""
        self._local.as_is = True
        try:
            yield
        finally:
            self._local.as_is = False

    def images_on_disk(self) -> int:
        """How many image files the store holds (what building its index reads, about): a
        listing of ``images/``, so not for the event loop at 100,000 images."""
        return sync.count_images(self.folder)

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
            self._db.checked = False

    def rebuild(self) -> None:
        """Throw the index away and build it again from the files (at its next use)."""
        with self._lock:
            self._file.delete()
            self._db.checked = False

    def close(self) -> None:
        """Close the index file (the next use opens it again and checks it against the files)."""
        with self._lock:
            self._file.close()

    def _use(self, work: Callable[[sqlite3.Connection], T], *, write: bool) -> T:
        as_is = getattr(self._local, "as_is", False)
        if not self._lock.acquire(blocking=not as_is):
            raise NotReady("the index is in use by another thread")
        try:
            for attempt in (1, 2):
                try:
                    db = self._db.as_is() if as_is else self._db.ready()
                    return schema.transaction(db, work) if write else work(db)
                except sqlite3.DatabaseError as error:
                    if as_is:
                        raise NotReady(f"the index cannot be read as it is ({error})") from error
                    if attempt == 2 or not schema.damaged(error):
                        raise
                    self.rebuild()
            raise AssertionError("unreachable")
        finally:
            self._lock.release()

    def _state(self) -> State:
        try:
            db = self._db.open()
            if self._db.checked:
                return "ready"
            if schema.layout(db) != schema.LAYOUT:
                return self._at_once_if_small("missing")
            if not sync.up_to_date(db, self.folder):
                return self._at_once_if_small("behind")
        except sqlite3.DatabaseError:
            return "missing"
        self._db.checked = True  # it matches the folders: there is nothing to catch up with
        return "ready"

    def _at_once_if_small(self, state: State) -> State:
        """``"ready"`` once the index is built or caught up at once, if the store holds so few
        files that it takes no time (a new store, a test's); else ``state``."""
        if not sync.few_files(self.folder, SMALL):
            return state
        self._db.ready()
        return "ready"
