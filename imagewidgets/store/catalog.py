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

from imagewidgets.store import runs
from imagewidgets.store.record import Record
from imagewidgets.store.schema import has_fts

__all__ = ["insert", "remove", "settle"]


def insert(
    db: sqlite3.Connection, record: Record, file: str, *, rebuilt: bool = False,
    alone: bool = True, text: str | None = None,
) -> bool:  # fmt: skip
    """Index ``record``, read from ``records/<file>`` (its JSON ``text`` as read, if given), or
    ``rebuilt`` from its image (``file`` is then where a repair writes it); False when that file
    is indexed already. ``alone``: its run order, listing and spend follow now; a bulk load
    leaves them to :func:`settle` and a recount, once, at the end."""
    if not rebuilt:
        _forget_rebuilt(db, record.sha256)
    cursor = db.execute(
        "INSERT OR IGNORE INTO records (file, sha256, kind, model, run_key, idx, stored_at,"
        " run_started, rebuilt, json) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (file, record.sha256, record.kind, record.model or "", record.run_key, record.index,
         record.stored_at, record.stored_at, rebuilt, text or json.dumps(record.to_json())),
    )  # fmt: skip
    if cursor.rowcount == 0:
        return False
    _link(db, int(cursor.lastrowid or 0), record)
    if alone:
        _order(db, "WHERE run_key = ?", (record.run_key,), "WHERE sha256 = ?", (record.sha256,))
        if record.kind == "generated":
            runs.fold(db, record)
    return True


def settle(db: sqlite3.Connection) -> None:
    """Set every run's order and every image's listed record (after a bulk load)."""
    _order(db, "", (), "", ())


def _link(db: sqlite3.Connection, row: int, record: Record) -> None:
    """The parents and the search text that come with a new row."""
    parents = [(parent, row) for parent in dict.fromkeys(record.parents)]
    db.executemany("INSERT OR IGNORE INTO parents VALUES (?, ?)", parents)
    if record.kind == "generated":
        text = f"{record.prompt or ''}\n{record.revised_prompt or ''}"
        db.execute("INSERT INTO search (id, text) VALUES (?, ?)", (row, text))
        if has_fts(db):
            db.execute("INSERT INTO prompts (rowid, text) VALUES (?, ?)", (row, text))


def _order(
    db: sqlite3.Connection, runs_where: str, run: tuple[str, ...], images_where: str,
    image: tuple[str, ...],
) -> None:  # fmt: skip
    """A run is ordered by its first image; an image is listed with its newest record."""
    db.execute(
        "UPDATE records SET run_started = (SELECT MIN(r.stored_at) FROM records r"
        f" WHERE r.run_key = records.run_key) {runs_where}",
        run,
    )
    newest = "SELECT r.id FROM records r WHERE r.sha256 = records.sha256"
    newest += " ORDER BY r.kind = 'generated' DESC, r.stored_at DESC, r.id DESC LIMIT 1"
    db.execute(f"UPDATE records SET latest = (id = ({newest})) {images_where}", image)


def _forget_rebuilt(db: sqlite3.Connection, sha256: str) -> None:
    """Drop the records rebuilt from an image once a real record of it is indexed."""
    rows = [row for (row,) in db.execute(
        "SELECT id FROM records WHERE sha256 = ? AND rebuilt = 1", (sha256,))]  # fmt: skip
    remove(db, rows)


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
