"""Reading the store's files into the index: record files, and images whose records are missing
(rebuilt from the provenance inside them); a file that is neither is skipped, and why is kept.

A few new files are indexed one by one, each with its run's order, its listing and its spend at
once (:func:`~imagewidgets.store.catalog.insert`). Many (a new index, thousands of files copied
in) are a *bulk* load: each batch goes in with one statement per table
(:func:`~imagewidgets.store.catalog.insert_many`), and the order and spend follow once, at the
end (:meth:`Load.finish`). Into an empty index, spend is counted while the records are read, so
that no record is read twice.

Example:
    >>> import tempfile
    >>> from imagewidgets.store import schema
    >>> db = schema.connect(":memory:"); _ = schema.prepare(db)
    >>> folder = Path(tempfile.mkdtemp()); (folder / "records").mkdir()
    >>> _ = (folder / "records" / "x.json").write_text("[1, 2]")
    >>> Load(folder, bulk=False, empty=True).records(db, ["x.json"])
    Changes(added=0, removed=0, skipped=1)
"""

from __future__ import annotations

import json
import os
import sqlite3
from dataclasses import dataclass
from pathlib import Path

from imagewidgets.imaging.metadata import read_provenance
from imagewidgets.store import catalog, runs
from imagewidgets.store.catalog import Entry
from imagewidgets.store.record import Record

__all__ = ["Changes", "Load", "recount", "skip"]


@dataclass(frozen=True)
class Changes:
    """What a catch-up found: records indexed, records taken out, files skipped."""

    added: int = 0
    removed: int = 0
    skipped: int = 0

    def __add__(self, other: Changes) -> Changes:
        return Changes(
            self.added + other.added, self.removed + other.removed, self.skipped + other.skipped
        )


class Load:
    """Indexes new files of the store in ``folder``: one by one, or in ``bulk``; ``empty`` says
    the index held no record when the load began (its spend is then counted as it reads)."""

    def __init__(self, folder: Path, *, bulk: bool, empty: bool) -> None:
        self.folder = folder
        self.bulk = bulk
        self._recount = runs.Recount() if bulk and empty else None
        self._counted = (0, 0)
        """How many generated records the recount holds, and the sum of their row ids."""

    def records(self, db: sqlite3.Connection, names: list[str]) -> Changes:
        """Index the record files ``names`` (each marked seen; one that is no record skipped)."""
        db.executemany("INSERT OR IGNORE INTO seen VALUES ('records', ?)", [(n,) for n in names])
        entries: list[Entry] = []
        changes = Changes()
        directory = os.path.join(self.folder, "records")
        for name in names:
            found = _read_record(os.path.join(directory, name))
            if isinstance(found, str):
                changes += skip(db, "records", name, found)
            else:
                entries.append((found[0], name, found[1]))
        return changes + self._index(db, entries, rebuilt=False)

    def orphans(self, db: sqlite3.Connection) -> Changes:
        """Index the images seen whose records are all gone (or were never readable), rebuilt
        from their provenance if they can be."""
        entries: list[Entry] = []
        changes = Changes()
        for (name,) in db.execute(_ORPHANS).fetchall():
            found = _rebuilt(self.folder / "images" / name)
            if isinstance(found, str):
                changes += skip(db, "images", name, found)
            else:
                entries.append((found, found.file_name, None))
        return changes + self._index(db, entries, rebuilt=True)

    def finish(self, db: sqlite3.Connection, changes: Changes) -> None:
        """Order every run and listing after a bulk load, and count spend again if it changed
        (from the records read, unless another kernel indexed or removed some meanwhile)."""
        if self.bulk:
            catalog.settle(db)
        if self._recount is not None and self._counted == _generated(db):
            self._recount.write(db)
        elif changes.removed or (changes.added and self.bulk):
            recount(db)

    def _index(self, db: sqlite3.Connection, entries: list[Entry], *, rebuilt: bool) -> Changes:
        if not self.bulk:
            added = [catalog.insert(db, r, file, rebuilt=rebuilt, text=t) for r, file, t in entries]
            return Changes(added=sum(added))
        indexed = catalog.insert_many(db, entries, rebuilt=rebuilt)
        for row, record in indexed:
            if self._recount is not None and record.kind == "generated":
                self._recount.add(record)
                self._counted = (self._counted[0] + 1, self._counted[1] + row)
        return Changes(added=len(indexed))


def recount(db: sqlite3.Connection) -> None:
    """Count the spend of every indexed record again."""
    rows = db.execute("SELECT json FROM records WHERE kind = 'generated' ORDER BY id")
    runs.rebuild(db, (Record.from_json(json.loads(text)) for (text,) in rows.fetchall()))


def skip(db: sqlite3.Connection, folder: str, name: str, problem: str) -> Changes:
    """Keep the file ``folder/name`` out of the index, with its ``problem`` (for ``problems()``)."""
    db.execute("INSERT OR REPLACE INTO skipped VALUES (?, ?, ?)", (folder, name, problem))
    return Changes(skipped=1)


def _read_record(path: str) -> tuple[Record, str] | str:
    """The record in the file ``path`` and its text, or what is wrong with the file."""
    try:
        with open(path, "rb") as file:
            text = file.read().decode("utf-8")
        return Record.from_json(json.loads(text)), text
    except (OSError, ValueError) as error:
        return f"not a record ({_reason(error)})"


def _rebuilt(path: Path) -> Record | str:
    """The record of an image without one, from the provenance inside it (stored when the file
    was written), or why it cannot be rebuilt."""
    try:
        provenance = read_provenance(path.read_bytes())
        record = None if provenance is None else Record.from_json(provenance)
        stored_at = path.stat().st_mtime
    except (OSError, ValueError) as error:
        return f"no record, and its provenance is unreadable ({_reason(error)})"
    if record is None:
        return "no record, and no provenance inside to rebuild one from"
    if not path.name.startswith(record.sha256):
        return "its provenance names another image"
    return Record.from_json({**record.to_json(), "stored_at": stored_at})


def _generated(db: sqlite3.Connection) -> tuple[int, int]:
    row = db.execute("SELECT COUNT(*), COALESCE(SUM(id), 0) FROM records WHERE kind = 'generated'")
    count, ids = row.fetchone()
    return int(count), int(ids)


_ORPHANS = (
    "SELECT name FROM seen WHERE folder = 'images' AND substr(name, 1, 64) NOT IN"
    " (SELECT sha256 FROM records) AND name NOT IN (SELECT name FROM skipped"
    " WHERE folder = 'images')"
)


def _reason(error: BaseException) -> str:
    if isinstance(error, OSError):
        return error.strerror or type(error).__name__
    return str(error).split("\n")[0][:120]
