"""Catching the index up with the files: what another kernel, a copy or a crash left on disk.

On its first use in a process the index compares the modification stamps of ``records/`` and
``images/`` with those it last matched (two ``stat`` calls, whatever the size; a kernel that
stores an image and indexes it keeps them current); when they differ, or when asked to be
``thorough``, it lists both folders and reads what changed:

- a new record file is indexed; one that is no record (damaged, truncated, not JSON, not an
  object, another program's file) is *skipped*: reported by ``problems()``, never fatal;
- an image without a readable record is indexed all the same, *rebuilt* from the provenance
  inside it (``Store.repair()`` writes the record back); an image without provenance is skipped;
- a file that is gone takes its records out of the index, and spend is counted again.

Example:
    >>> import tempfile
    >>> from pathlib import Path
    >>> from imagewidgets.store import schema
    >>> db = schema.connect(":memory:"); _ = schema.prepare(db)
    >>> catch_up(db, Path(tempfile.mkdtemp()), thorough=True)
    Changes(added=0, removed=0, skipped=0)
"""

from __future__ import annotations

import json
import os
import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass
from functools import partial
from pathlib import Path

from imagewidgets.imaging.metadata import read_provenance
from imagewidgets.store import catalog, runs
from imagewidgets.store.atomic import is_temporary
from imagewidgets.store.record import Record
from imagewidgets.store.schema import transaction

__all__ = ["FOLDERS", "Changes", "catch_up", "recount", "stamps", "written"]

FOLDERS = ("records", "images")
"""The folders whose files the index follows."""
_BATCH = 500
_FEW = 1000
"""Up to this many new files are counted in spend one by one; more, and it is recounted once."""


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


def catch_up(
    db: sqlite3.Connection, folder: Path, *, thorough: bool, verify: bool = False
) -> Changes:
    """Index what changed in ``folder`` since the index last looked: files added or gone (all of
    them when ``thorough``, skipped files included: they may have been mended). ``verify``
    also reads every record file again, for one changed in place (slow: ``problems()``)."""
    before = stamps(folder)
    if not thorough and _stamped(db) == before:
        return Changes()
    listing = {name: _names(folder / name) for name in FOLDERS}
    if thorough:
        transaction(db, _unskip)
    if verify:
        transaction(db, partial(_unsee_changed, folder=folder))
    new = {name: sorted(listing[name] - _seen(db, name)) for name in FOLDERS}
    one_by_one = len(new["records"]) + len(new["images"]) <= _FEW
    changes = Changes()
    for name in FOLDERS:
        gone = _seen(db, name) - listing[name]
        changes += transaction(db, partial(_forget, where=name, gone=gone))
        for batch in _batches(new[name]):
            read = partial(_read, folder=folder, where=name, names=batch, alone=one_by_one)
            changes += transaction(db, read)
    changes += transaction(db, partial(_orphans, folder=folder, alone=one_by_one))
    if not one_by_one:
        transaction(db, catalog.settle)
    if changes.removed or (changes.added and not one_by_one):
        transaction(db, recount)
    transaction(db, partial(_stamp, value=before))  # what was listed, and no later change
    return changes


def stamps(folder: Path) -> str:
    """The modification stamps of the folders the index follows (any change to their files
    changes them)."""
    found = []
    for name in FOLDERS:
        try:
            info = os.stat(folder / name)
        except OSError:
            found.append(f"{name}:-")
            continue
        found.append(f"{name}:{info.st_mtime_ns}:{info.st_ino}")
    return " ".join(found)


def written(
    db: sqlite3.Connection, record: Record, image_file: str, folder: Path, before: str
) -> None:
    """Index a record this kernel has just written (with its image file); ``before`` are the
    folders' stamps from before the writing: if the index matched them, it matches the folders
    now (only this kernel's files changed)."""
    if _stamped(db) == before:
        _stamp(db, stamps(folder))
    db.executemany(
        "INSERT OR IGNORE INTO seen VALUES (?, ?)",
        [("records", record.file_name), ("images", image_file)],
    )
    db.execute("DELETE FROM skipped WHERE folder = 'records' AND name = ?", (record.file_name,))
    catalog.insert(db, record, record.file_name)


def recount(db: sqlite3.Connection) -> None:
    """Count the spend of every indexed record again."""
    rows = db.execute("SELECT json FROM records WHERE kind = 'generated' ORDER BY id")
    runs.rebuild(db, [Record.from_json(json.loads(text)) for (text,) in rows])


def _read(db: sqlite3.Connection, folder: Path, where: str, names: list[str], alone: bool
          ) -> Changes:  # fmt: skip
    changes = Changes()
    db.executemany("INSERT OR IGNORE INTO seen VALUES (?, ?)", [(where, name) for name in names])
    for name in names:
        if where == "records":
            changes += _read_record(db, folder / where / name, alone)
        elif not _has_record(db, name.split(".")[0]):
            changes += _rebuild(db, folder / where / name, alone)
    return changes


def _read_record(db: sqlite3.Connection, path: Path, alone: bool) -> Changes:
    try:
        text = path.read_text(encoding="utf-8")
        record = Record.from_json(json.loads(text))
    except (OSError, ValueError) as error:
        return _skip(db, path, f"not a record ({_reason(error)})")
    return Changes(added=int(catalog.insert(db, record, path.name, alone=alone, text=text)))


def _rebuild(db: sqlite3.Connection, path: Path, alone: bool) -> Changes:
    """Index an image without a record from the provenance inside it."""
    try:
        provenance = read_provenance(path.read_bytes())
        record = None if provenance is None else Record.from_json(provenance)
        stored_at = path.stat().st_mtime
    except (OSError, ValueError) as error:
        return _skip(db, path, f"no record, and its provenance is unreadable ({_reason(error)})")
    if record is None:
        return _skip(db, path, "no record, and no provenance inside to rebuild one from")
    if not path.name.startswith(record.sha256):
        return _skip(db, path, "its provenance names another image")
    record = Record.from_json({**record.to_json(), "stored_at": stored_at})
    return Changes(
        added=int(catalog.insert(db, record, record.file_name, rebuilt=True, alone=alone))
    )


def _orphans(db: sqlite3.Connection, folder: Path, alone: bool) -> Changes:
    """Images whose records are all gone (or were never readable): rebuilt, if they can be."""
    rows = db.execute(
        "SELECT name FROM seen WHERE folder = 'images' AND substr(name, 1, 64) NOT IN "
        "(SELECT sha256 FROM records) AND name NOT IN (SELECT name FROM skipped"
        " WHERE folder = 'images')"
    ).fetchall()
    changes = Changes()
    for (name,) in rows:
        changes += _rebuild(db, folder / "images" / name, alone)
    return changes


def _forget(db: sqlite3.Connection, where: str, gone: set[str]) -> Changes:
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


def _unsee_changed(db: sqlite3.Connection, folder: Path) -> None:
    """Forget the record files whose contents are not what the index holds (read again next)."""
    rows = db.execute("SELECT id, file, json FROM records WHERE rebuilt = 0").fetchall()
    for row, file, text in rows:
        try:
            same = json.loads((folder / "records" / file).read_bytes()) == json.loads(text)
        except (OSError, ValueError):
            same = False
        if not same:
            db.execute("DELETE FROM seen WHERE folder = 'records' AND name = ?", (file,))
            catalog.remove(db, [row])


def _unskip(db: sqlite3.Connection) -> None:
    """Look at skipped files again: they may have been mended since."""
    db.execute("DELETE FROM seen WHERE (folder, name) IN (SELECT folder, name FROM skipped)")
    db.execute("DELETE FROM skipped")


def _skip(db: sqlite3.Connection, path: Path, problem: str) -> Changes:
    db.execute(
        "INSERT OR REPLACE INTO skipped VALUES (?, ?, ?)", (path.parent.name, path.name, problem)
    )
    return Changes(skipped=1)


def _has_record(db: sqlite3.Connection, sha256: str) -> bool:
    row = db.execute("SELECT 1 FROM records WHERE sha256 = ? LIMIT 1", (sha256,)).fetchone()
    return row is not None


def _seen(db: sqlite3.Connection, where: str) -> set[str]:
    return {name for (name,) in db.execute("SELECT name FROM seen WHERE folder = ?", (where,))}


def _stamped(db: sqlite3.Connection) -> str | None:
    row = db.execute("SELECT value FROM meta WHERE key = 'stamps'").fetchone()
    return None if row is None else str(row[0])


def _stamp(db: sqlite3.Connection, value: str) -> None:
    db.execute("INSERT OR REPLACE INTO meta VALUES ('stamps', ?)", (value,))


def _names(directory: Path) -> set[str]:
    try:
        return {name for name in os.listdir(directory) if not is_temporary(name)}
    except (FileNotFoundError, NotADirectoryError):
        return set()


def _batches(names: list[str]) -> Iterator[list[str]]:
    for start in range(0, len(names), _BATCH):
        yield names[start : start + _BATCH]


def _reason(error: BaseException) -> str:
    if isinstance(error, OSError):
        return error.strerror or type(error).__name__
    return str(error).split("\n")[0][:120]
