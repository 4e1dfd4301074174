"""Putting records into the index and taking them out: the record's row, its parents, its
search text, its run's order, which record its image is listed with, and its spend.

A record indexed alone (just stored) updates all of these at once; a bulk load (a new or
rebuilt index) inserts rows only and :func:`settle` orders them once at the end. Finding
records again is :mod:`imagewidgets.store.queries`.

Example:
    >>> from imagewidgets.store import schema
    >>> db = schema.connect(":memory:"); _ = schema.prepare(db)
    >>> record = Record(sha256="ab" * 32, format="png", width=8, height=8, request_id="req_1")
    >>> insert(db, record, record.file_name), insert(db, record, record.file_name)
    (True, False)
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Sequence

from imagewidgets.store import runs
from imagewidgets.store.record import Record
from imagewidgets.store.schema import has_fts

__all__ = ["Entry", "insert", "insert_many", "remove", "settle"]

Entry = tuple[Record, str, str | None]
"""A record to index, its file in ``records/`` and its JSON text as read (None: written anew)."""


def insert(
    db: sqlite3.Connection, record: Record, file: str, *, rebuilt: bool = False,
    alone: bool = True, text: str | None = None,
) -> bool:  # fmt: skip
    """Index ``record``, read from ``records/<file>`` (its JSON ``text`` as read, if given), or
    ``rebuilt`` from its image (``file`` is then where a repair writes it); False when that file
    is indexed already. ``alone``: its run order, listing and spend follow now; a bulk load
    leaves them to :func:`settle` and a recount, once, at the end."""
    if not rebuilt:
        _forget_rebuilt(db, [record.sha256])
    cursor = db.execute(_INSERT, _row(record, file, rebuilt, text))
    if cursor.rowcount == 0:
        return False
    _link_many(db, [(int(cursor.lastrowid or 0), record)])
    if alone:
        _order(db, "WHERE run_key = ?", (record.run_key,), "WHERE sha256 = ?", (record.sha256,))
        if record.kind == "generated":
            runs.fold(db, record)
    return True


def insert_many(
    db: sqlite3.Connection, entries: Sequence[Entry], *, rebuilt: bool = False
) -> list[tuple[int, Record]]:
    """Index many records at once, as :func:`insert` does each in a bulk load (a statement per
    table, not per record); the records indexed (not there yet) are returned with their row
    ids, in order."""
    if not rebuilt:
        _forget_rebuilt(db, [record.sha256 for record, _, _ in entries])
    before = db.execute("SELECT COALESCE(MAX(id), 0) FROM records").fetchone()[0]
    db.executemany(_INSERT, [_row(record, file, rebuilt, text) for record, file, text in entries])
    rows = dict(db.execute("SELECT file, id FROM records WHERE id > ?", (before,)).fetchall())
    added = [(rows.pop(file), record) for record, file, _ in entries if file in rows]
    _link_many(db, added)
    return added


def settle(db: sqlite3.Connection) -> None:
    """Set every run's order and every image's listed record (after a bulk load); rows that are
    right already are not written again."""
    _order(db, "", (), "", ())


def _link_many(db: sqlite3.Connection, rows: list[tuple[int, Record]]) -> None:
    """The parents and the search text that come with new rows."""
    parents = [(parent, row) for row, record in rows for parent in dict.fromkeys(record.parents)]
    db.executemany("INSERT OR IGNORE INTO parents VALUES (?, ?)", parents)
    texts = [(row, f"{r.prompt or ''}\n{r.revised_prompt or ''}".casefold()) for row, r in rows
             if r.kind == "generated"]  # fmt: skip
    db.executemany("INSERT INTO search (id, text) VALUES (?, ?)", texts)
    if texts and has_fts(db):
        db.executemany("INSERT INTO prompts (rowid, text) VALUES (?, ?)", texts)


def _row(record: Record, file: str, rebuilt: bool, text: str | None) -> tuple[object, ...]:
    """The ``records`` row of a record: its run starts with it, and it is its image's listed
    record, until :func:`_order` says otherwise."""
    text = text or json.dumps(record.to_json())
    return (file, record.sha256, record.kind, record.model or "", record.run_key, record.index,
            record.stored_at, record.stored_at, True, rebuilt, text)  # fmt: skip


_INSERT = (
    "INSERT OR IGNORE INTO records (file, sha256, kind, model, run_key, idx, stored_at,"
    " run_started, latest, rebuilt, json) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
)


def _order(
    db: sqlite3.Connection, runs_where: str, run: tuple[str, ...], images_where: str,
    image: tuple[str, ...],
) -> None:  # fmt: skip
    """A run is ordered by its first image; an image is listed with its newest record. Only the
    rows that change are written (``_FIRST`` and ``_NEWEST`` read covering indexes)."""
    where = "WHERE" if not runs_where else f"{runs_where} AND"
    db.execute(f"UPDATE records SET run_started = {_FIRST} {where} run_started != {_FIRST}", run)
    listed = f"(id = {_NEWEST})"
    where = "WHERE" if not images_where else f"{images_where} AND"
    db.execute(f"UPDATE records SET latest = {listed} {where} latest != {listed}", image)


_FIRST = "(SELECT MIN(r.stored_at) FROM records r WHERE r.run_key = records.run_key)"
_NEWEST = (
    "(SELECT r.id FROM records r WHERE r.sha256 = records.sha256"
    " ORDER BY r.kind = 'generated' DESC, r.stored_at DESC, r.id DESC LIMIT 1)"
)


def _forget_rebuilt(db: sqlite3.Connection, shas: list[str]) -> None:
    """Drop the records rebuilt from these images once a real record of them is indexed."""
    for start in range(0, len(shas), _MOST):
        chosen = shas[start : start + _MOST]
        marks = ", ".join("?" * len(chosen))
        rows = db.execute(
            f"SELECT id FROM records WHERE rebuilt = 1 AND sha256 IN ({marks})", chosen
        ).fetchall()
        remove(db, [row for (row,) in rows])


_MOST = 500
"""The most values one statement is given (old SQLite takes at most 999)."""


def remove(db: sqlite3.Connection, rows: list[int]) -> None:
    """Take the records with these row ids out of the index (not their spend: recount it)."""
    fts = has_fts(db)
    for row in rows:
        db.execute("DELETE FROM records WHERE id = ?", (row,))
        db.execute("DELETE FROM parents WHERE child = ?", (row,))
        for (text,) in db.execute("SELECT text FROM search WHERE id = ?", (row,)).fetchall():
            if fts:  # an external-content index forgets a row given what it held
                db.execute("INSERT INTO prompts (prompts, rowid, text) VALUES ('delete', ?, ?)",
                           (row, text))  # fmt: skip
            db.execute("DELETE FROM search WHERE id = ?", (row,))
