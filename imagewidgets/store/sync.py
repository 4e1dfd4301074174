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

The listing and comparing is here; the rows that say what the index has seen (file names,
skipped files, stamps) are read and written by :mod:`imagewidgets.store.seen_files`.

Example:
    >>> import tempfile
    >>> from pathlib import Path
    >>> from imagewidgets.store import schema
    >>> db = schema.connect(":memory:"); _ = schema.prepare(db)
    >>> catch_up(db, Path(tempfile.mkdtemp()), thorough=True)
    Changes(added=0, removed=0, skipped=0)
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
from collections.abc import Iterator
from functools import partial
from pathlib import Path

from imagewidgets.store import catalog
from imagewidgets.store.atomic import is_temporary
from imagewidgets.store.loading import Changes, Load
from imagewidgets.store.record import Record
from imagewidgets.store.schema import transaction
from imagewidgets.store.seen_files import (
    forget,
    is_empty,
    see,
    seen_names,
    stamp,
    stamped,
    unsee_changed,
    unskip,
)

__all__ = [
    "FOLDERS",
    "Changes",
    "catch_up",
    "count_images",
    "few_files",
    "stamps",
    "up_to_date",
    "written",
]

FOLDERS = ("records", "images")
"""The folders whose files the index follows."""
_BATCH = 2000
"""New files read per write transaction (another kernel's writes wait for one at most: a
fraction of a second; fewer, larger transactions make a bulk load faster)."""
_FEW = 1000
"""Up to this many new files are indexed one by one; more are a bulk load (see
:mod:`imagewidgets.store.loading`)."""


def catch_up(
    db: sqlite3.Connection, folder: Path, *, thorough: bool, verify: bool = False
) -> Changes:
    """Index what changed in ``folder`` since the index last looked: files added or gone (all of
    them when ``thorough``, skipped files included: they may have been mended). ``verify``
    also reads every record file again, for one changed in place (slow: ``problems()``)."""
    before = stamps(folder)
    if not thorough and stamped(db) == before:  # up_to_date
        return Changes()
    listing = {name: _names(folder / name) for name in FOLDERS}
    if thorough:
        transaction(db, unskip)
    changes = Changes()
    if verify:
        changes += transaction(db, partial(unsee_changed, folder=folder))
    seen = {name: seen_names(db, name) for name in FOLDERS}
    new = {name: sorted(listing[name] - seen[name]) for name in FOLDERS}
    load = Load(folder, bulk=len(new["records"]) + len(new["images"]) > _FEW, empty=is_empty(db))
    for name in FOLDERS:
        changes += transaction(db, partial(forget, where=name, gone=seen[name] - listing[name]))
    for batch in _batches(new["records"]):
        changes += transaction(db, partial(load.records, names=batch))
    for batch in _batches(new["images"]):
        transaction(db, partial(see, where="images", names=batch))
    changes += transaction(db, load.orphans)
    transaction(db, partial(load.finish, changes=changes))
    transaction(db, partial(stamp, value=before))  # what was listed, and no later change
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


def up_to_date(db: sqlite3.Connection, folder: Path) -> bool:
    """Whether the index matched the folders when they were last as they are now (then a
    catch-up that is not ``thorough`` has nothing to do)."""
    return stamped(db) == stamps(folder)


def few_files(folder: Path, most: int) -> bool:
    """Whether ``folder`` holds at most ``most`` record and image files (a look at no more than
    that many names, however many there are)."""
    seen = 0
    for name in FOLDERS:
        with contextlib.suppress(OSError), os.scandir(folder / name) as entries:
            for entry in entries:
                seen += not is_temporary(entry.name)
                if seen > most:
                    return False
    return True


def count_images(folder: Path) -> int:
    """How many image files ``folder`` holds (a listing of ``images/``)."""
    return len(_names(folder / "images"))


def written(
    db: sqlite3.Connection, record: Record, image_file: str, folder: Path, before: str
) -> None:
    """Index a record this kernel has just written (with its image file); ``before`` are the
    folders' stamps from before the writing: if the index matched them, it matches the folders
    now (only this kernel's files changed)."""
    if stamped(db) == before:
        stamp(db, stamps(folder))
    db.executemany(
        "INSERT OR IGNORE INTO seen VALUES (?, ?)",
        [("records", record.file_name), ("images", image_file)],
    )
    db.execute("DELETE FROM skipped WHERE folder = 'records' AND name = ?", (record.file_name,))
    catalog.insert(db, record, record.file_name)


def _names(directory: Path) -> set[str]:
    try:
        return {name for name in os.listdir(directory) if not is_temporary(name)}
    except (FileNotFoundError, NotADirectoryError):
        return set()


def _batches(names: list[str]) -> Iterator[list[str]]:
    for start in range(0, len(names), _BATCH):
        yield names[start : start + _BATCH]
