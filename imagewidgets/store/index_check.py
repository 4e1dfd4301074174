"""The index's connection, checked against the files once per process and connection.

:class:`Checked` opens the index file (:mod:`imagewidgets.store.index_file`) and, the first time
it is used (or after the file was made anew), builds the index or catches it up with the files
(:mod:`imagewidgets.store.sync`); it remembers whether it is building, so that
:meth:`Index.state <imagewidgets.store.index.Index.state>` can say so. Not safe across threads:
the :class:`~imagewidgets.store.index.Index` uses it under its lock.

Example:
    >>> import tempfile
    >>> from pathlib import Path
    >>> checked = Checked(IndexFile(Path(tempfile.mkdtemp())))
    >>> checked.checked, checked.ready().execute("SELECT COUNT(*) FROM records").fetchone()[0]
    (False, 0)
    >>> checked.checked
    True
"""

from __future__ import annotations

import sqlite3

from imagewidgets.store import schema, sync
from imagewidgets.store.index_file import IndexFile

__all__ = ["Checked", "NotReady"]


class NotReady(Exception):
    """The index cannot answer at once, as it is (:meth:`Index.as_is
    <imagewidgets.store.index.Index.as_is>`): there is none of this layout yet, or another thread
    is using it."""


class Checked:
    """The connection to the index in ``file``, checked against the store's files once."""

    def __init__(self, file: IndexFile) -> None:
        self.file = file
        self.checked = False
        """Whether the index has been checked against the files since it was opened."""
        self.building = False
        """Whether the index is being built from every file just now."""

    def ready(self) -> sqlite3.Connection:
        """The connection, checked against the files (once per process and connection)."""
        db = self.open()
        if not self.checked:
            self.checked = True
            try:
                self._check(db)
            except sqlite3.OperationalError as error:
                if self.file.in_memory or schema.damaged(error):
                    raise
                db = self.file.to_memory()  # the disk is full, or became read-only
                self._check(db)
        return db

    def as_is(self) -> sqlite3.Connection:
        """The connection as it is, unchecked: :class:`NotReady` without an index of this
        layout."""
        db = self.open()
        if not self.checked and schema.layout(db) != schema.LAYOUT:
            raise NotReady("the index is not built yet")
        return db

    def open(self) -> sqlite3.Connection:
        """The connection (to be checked again when it was opened anew)."""
        db, new = self.file.open()
        if new:
            self.checked = False
        return db

    def _check(self, db: sqlite3.Connection) -> None:
        fresh = schema.prepare(db)
        self.building = fresh
        try:
            sync.catch_up(db, self.file.folder, thorough=fresh)
        finally:
            self.building = False
