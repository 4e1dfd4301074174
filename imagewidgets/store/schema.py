"""The index's tables, and opening, laying out and writing to the SQLite file.

==========  ===============================================================================
records     one row per record file (or per record rebuilt from an image's provenance): its
            JSON and what listing sorts and filters by; ``latest`` marks the record an image
            is listed with (its newest delivery)
parents     which records name which image as an input (lineage, children)
search      the text searched (prompt and revised prompt, case-folded) per generated record:
            short and common words are found in it
prompts     its full-text index (FTS5 trigram: any part of a word of 3 letters or more), for
            the rarer words of a search
runs        per request (run): its images and usage (and its SVG author's, ``svg_usage``)
totals      per kernel (``scope`` = its session) and for the whole store (``"store"``): runs,
            images and summed usage by model, quality, size and SVG author, kept up to date as
            records are indexed, so spend is read, never re-summed
seen        every file name of ``records/`` and ``images/`` the index has looked at
skipped     the files there that are no record or image of this store, and why
meta        ``stamps``: the folders' modification stamps when the index last matched them
==========  ===============================================================================

Example:
    >>> db = connect(":memory:")
    >>> prepare(db), prepare(db)        # laid out once; the second look finds it ready
    (True, False)
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from typing import TypeVar

__all__ = ["LAYOUT", "connect", "damaged", "has_fts", "layout", "prepare", "transaction"]

LAYOUT = 6
"""The layout version (``PRAGMA user_version``): an index of another layout is rebuilt."""

T = TypeVar("T")

_TABLES = """
CREATE TABLE records(
    id INTEGER PRIMARY KEY, file TEXT NOT NULL UNIQUE, sha256 TEXT NOT NULL,
    kind TEXT NOT NULL, model TEXT NOT NULL, run_key TEXT NOT NULL, idx INTEGER NOT NULL,
    stored_at REAL NOT NULL, run_started REAL NOT NULL, latest INTEGER NOT NULL DEFAULT 0,
    rebuilt INTEGER NOT NULL DEFAULT 0, json TEXT NOT NULL);
CREATE INDEX records_by_sha ON records(sha256, kind, stored_at);
CREATE INDEX records_by_run ON records(run_key, stored_at);
CREATE INDEX records_listed ON records(kind, latest, run_started DESC, run_key, idx);
CREATE INDEX records_by_model ON records(kind, latest, model, run_started DESC, run_key, idx);
CREATE INDEX records_shown ON records(latest, kind, model);
CREATE TABLE parents(
    parent TEXT NOT NULL, child INTEGER NOT NULL, PRIMARY KEY (parent, child)) WITHOUT ROWID;
CREATE INDEX parents_by_child ON parents(child);
CREATE TABLE search(id INTEGER PRIMARY KEY, text TEXT NOT NULL);
CREATE VIRTUAL TABLE prompts USING fts5(
    text, content='search', content_rowid='id', tokenize='trigram');
CREATE TABLE runs(
    run_key TEXT PRIMARY KEY, session TEXT NOT NULL, model TEXT NOT NULL,
    quality TEXT NOT NULL, size TEXT NOT NULL, streamed INTEGER NOT NULL,
    started REAL NOT NULL, images INTEGER NOT NULL, usage TEXT, svg_usage TEXT,
    batch INTEGER NOT NULL);
CREATE INDEX runs_by_session ON runs(session, started DESC);
CREATE INDEX runs_by_shape ON runs(model, quality, size, started DESC);
CREATE TABLE totals(
    scope TEXT NOT NULL, model TEXT NOT NULL, quality TEXT NOT NULL, size TEXT NOT NULL,
    by_tokens INTEGER NOT NULL, detailed INTEGER NOT NULL, author TEXT NOT NULL,
    batch INTEGER NOT NULL, runs INTEGER NOT NULL, images INTEGER NOT NULL, usage TEXT NOT NULL,
    svg_usage TEXT, PRIMARY KEY (scope, model, quality, size, by_tokens, detailed, author, batch));
CREATE TABLE seen(folder TEXT NOT NULL, name TEXT NOT NULL, PRIMARY KEY (folder, name))
    WITHOUT ROWID;
CREATE TABLE skipped(
    folder TEXT NOT NULL, name TEXT NOT NULL, problem TEXT NOT NULL,
    PRIMARY KEY (folder, name)) WITHOUT ROWID;
CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT NOT NULL);
"""
_NAMES = ("prompts_vocab", "prompts", "search", "records", "parents", "runs", "totals", "seen",
          "skipped", "meta")  # fmt: skip
"""The tables dropped before laying out anew (``prompts_vocab``: of layouts before 5)."""


def connect(path: str) -> sqlite3.Connection:
    """Open the index (WAL mode: readers never wait for a writer; a writer waits up to 30 s
    for another). Raises ``sqlite3.DatabaseError`` when the file is no database."""
    db = sqlite3.connect(path, timeout=30.0, isolation_level=None, check_same_thread=False)
    try:
        if path != ":memory:":
            db.execute("PRAGMA journal_mode=WAL")
            db.execute("PRAGMA synchronous=NORMAL")
        db.execute("SELECT COUNT(*) FROM sqlite_master").fetchone()
    except sqlite3.Error:
        db.close()
        raise
    return db


def prepare(db: sqlite3.Connection) -> bool:
    """Lay out the tables unless they are there already, in this layout; True when it did (the
    index is then empty and must be filled from the files)."""
    if layout(db) == LAYOUT:
        return False

    def lay_out(db: sqlite3.Connection) -> bool:
        if layout(db) == LAYOUT:  # another kernel did it while this one waited
            return False
        for name in _NAMES:
            db.execute(f"DROP TABLE IF EXISTS {name}")
        for statement in _TABLES.split(";"):
            if statement.strip():
                _create(db, statement)
        db.execute(f"PRAGMA user_version = {LAYOUT}")
        return True

    return transaction(db, lay_out)


def transaction(db: sqlite3.Connection, work: Callable[[sqlite3.Connection], T]) -> T:
    """``work(db)`` as one write transaction: all of it is written, or none."""
    db.execute("BEGIN IMMEDIATE")
    try:
        result = work(db)
    except BaseException:
        db.execute("ROLLBACK")
        raise
    db.execute("COMMIT")
    return result


def damaged(error: sqlite3.DatabaseError) -> bool:
    """Whether ``error`` says the index file is damaged (rather than busy or read-only)."""
    name = getattr(error, "sqlite_errorname", "")
    if name.startswith("SQLITE_CORRUPT") or name == "SQLITE_NOTADB":
        return True
    words = ("malformed", "not a database", "no such table", "no such column", "no such index")
    return any(word in str(error) for word in words)


def _create(db: sqlite3.Connection, statement: str) -> None:
    try:
        db.execute(statement)
    except sqlite3.OperationalError:
        if "fts5" not in statement:
            raise  # without FTS5 (or trigrams) the ``search`` table is scanned with LIKE


def has_fts(db: sqlite3.Connection) -> bool:
    """Whether ``prompts`` is a full-text table (SQLite without FTS5 gets a plain one)."""
    row = db.execute("SELECT sql FROM sqlite_master WHERE name = 'prompts'").fetchone()
    return row is not None and "fts5" in str(row[0]).lower()


def layout(db: sqlite3.Connection) -> int:
    """The layout version of the index file (0 for an empty file)."""
    return int(db.execute("PRAGMA user_version").fetchone()[0])
