"""What the index has seen of the store's folders: the ``seen`` and ``skipped`` file names and the
folders' stamps it last matched (in ``meta``), and taking out the records of files gone.

:mod:`imagewidgets.store.sync` lists the folders and compares them with these rows; this module
is the SQL it reads and writes them with.

Example:
    >>> from imagewidgets.store import schema
    >>> db = schema.connect(":memory:"); _ = schema.prepare(db)
    >>> see(db, "images", ["a.png"]); stamp(db, "records:- images:-")
    >>> seen_names(db, "images"), stamped(db), is_empty(db)
    ({'a.png'}, 'records:- images:-', True)
"""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

from imagewidgets.store import catalog
from imagewidgets.store.loading import Changes

__all__ = [
    "forget",
    "is_empty",
    "see",
    "seen_names",
    "stamp",
    "stamped",
    "unsee_changed",
    "unskip",
]


def forget(db: sqlite3.Connection, where: str, gone: set[str]) -> Changes:
    removed = 0
    for name in gone:
        db.execute("DELETE FROM seen WHERE folder = ? AND name = ?", (where, name))
        db.execute("DELETE FROM skipped WHERE folder = ? AND name = ?", (where, name))
        if where == "records":
            rows = db.execute("SELECT id FROM records WHERE file = ? AND rebuilt = 0", (name,))
            found = [row for (row,) in rows]
            catalog.remove(db, found)
            removed += len(found)
    return Changes(removed=removed)


def unsee_changed(db: sqlite3.Connection, folder: Path) -> Changes:
    """Forget the record files whose contents are not what the index holds (read again next;
    their spend is counted again)."""
    rows = db.execute("SELECT id, file, json FROM records WHERE rebuilt = 0").fetchall()
    removed = 0
    for row, file, text in rows:
        try:
            same = json.loads((folder / "records" / file).read_bytes()) == json.loads(text)
        except (OSError, ValueError):
            same = False
        if not same:
            db.execute("DELETE FROM seen WHERE folder = 'records' AND name = ?", (file,))
            catalog.remove(db, [row])
            removed += 1
    return Changes(removed=removed)


def unskip(db: sqlite3.Connection) -> None:
    """Look at skipped files again: they may have been mended since."""
    db.execute("DELETE FROM seen WHERE (folder, name) IN (SELECT folder, name FROM skipped)")
    db.execute("DELETE FROM skipped")


def see(db: sqlite3.Connection, where: str, names: list[str]) -> None:
    db.executemany("INSERT OR IGNORE INTO seen VALUES (?, ?)", [(where, name) for name in names])


def is_empty(db: sqlite3.Connection) -> bool:
    return db.execute("SELECT 1 FROM records LIMIT 1").fetchone() is None


def seen_names(db: sqlite3.Connection, where: str) -> set[str]:
    return {name for (name,) in db.execute("SELECT name FROM seen WHERE folder = ?", (where,))}


def stamped(db: sqlite3.Connection) -> str | None:
    row = db.execute("SELECT value FROM meta WHERE key = 'stamps'").fetchone()
    return None if row is None else str(row[0])


def stamp(db: sqlite3.Connection, value: str) -> None:
    db.execute("INSERT OR REPLACE INTO meta VALUES ('stamps', ?)", (value,))
