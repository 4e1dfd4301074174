"""The index's records: putting one in, and finding them again (pages, search, lineage).

Listing shows each image once, with its newest record (``latest``), newest run first and the
images of one run in batch order. Search finds every word of the query anywhere in the prompt or
the revised prompt, any case (FTS5 trigram; words shorter than three letters by ``LIKE``).

Example:
    >>> from imagewidgets.store import schema
    >>> db = schema.connect(":memory:"); _ = schema.prepare(db)
    >>> record = Record(sha256="ab" * 32, format="png", width=8, height=8, model="gpt-image-2",
    ...                 prompt="a red fox in the snow", request_id="req_1")
    >>> insert(db, record, record.file_name)
    True
    >>> [r.prompt for r in page(db, Query(words=("FOX", "sno")))]
    ['a red fox in the snow']
"""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass

from imagewidgets.store import runs
from imagewidgets.store.record import Record
from imagewidgets.store.schema import has_fts

__all__ = ["Query", "children", "count", "deliveries", "get", "insert", "models", "page"]


@dataclass(frozen=True)
class Query:
    """Which records to list: of ``kind`` (None: all), every word in the prompts, of ``model``."""

    kind: str | None = "generated"
    words: tuple[str, ...] = ()
    model: str = ""


def insert(db: sqlite3.Connection, record: Record, file: str, *, rebuilt: bool = False,
           tally: bool = True) -> bool:  # fmt: skip
    """Index ``record``, read from ``records/<file>`` (or ``rebuilt`` from its image: then
    ``file`` is where a repair writes it); False when that file is indexed already. With
    ``tally`` its spend is counted now (a whole rebuild counts once at the end instead)."""
    if not rebuilt:
        _forget_rebuilt(db, record.sha256)
    cursor = db.execute(
        "INSERT OR IGNORE INTO records (file, sha256, kind, model, run_key, idx, stored_at,"
        " run_started, rebuilt, json) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (file, record.sha256, record.kind, record.model or "", record.run_key, record.index,
         record.stored_at, record.stored_at, rebuilt, json.dumps(record.to_json())),
    )  # fmt: skip
    if cursor.rowcount == 0:
        return False
    _link(db, int(cursor.lastrowid or 0), record)
    if tally and record.kind == "generated":
        runs.fold(db, record)
    return True


def _link(db: sqlite3.Connection, row: int, record: Record) -> None:
    """The parents, search text, run order and listed record that come with a new row."""
    parents = [(parent, row) for parent in dict.fromkeys(record.parents)]
    db.executemany("INSERT OR IGNORE INTO parents VALUES (?, ?)", parents)
    if record.kind == "generated":
        text = f"{record.prompt or ''}\n{record.revised_prompt or ''}"
        db.execute("INSERT INTO prompts (rowid, text) VALUES (?, ?)", (row, text))
    db.execute(
        "UPDATE records SET run_started = (SELECT MIN(stored_at) FROM records WHERE run_key = ?)"
        " WHERE run_key = ?",
        (record.run_key, record.run_key),
    )
    newest = "SELECT id FROM records WHERE sha256 = ? ORDER BY kind = 'generated' DESC, "
    newest += "stored_at DESC, id DESC LIMIT 1"
    db.execute(
        f"UPDATE records SET latest = (id = ({newest})) WHERE sha256 = ?",
        (record.sha256, record.sha256),
    )


def _forget_rebuilt(db: sqlite3.Connection, sha256: str) -> None:
    """Drop the records rebuilt from an image once a real record of it is indexed."""
    rows = [row for (row,) in db.execute(
        "SELECT id FROM records WHERE sha256 = ? AND rebuilt = 1", (sha256,))]  # fmt: skip
    remove(db, rows)


def remove(db: sqlite3.Connection, rows: list[int]) -> None:
    """Take the records with these row ids out of the index (not their spend: recount it)."""
    for row in rows:
        db.execute("DELETE FROM records WHERE id = ?", (row,))
        db.execute("DELETE FROM parents WHERE child = ?", (row,))
        db.execute("DELETE FROM prompts WHERE rowid = ?", (row,))


def page(db: sqlite3.Connection, query: Query, offset: int = 0, limit: int = -1) -> list[Record]:
    """The records ``query`` lists, from ``offset`` (``limit`` of them; -1: all)."""
    where, values = _where(db, query)
    order = "ORDER BY run_started DESC, run_key, idx"
    rows = db.execute(
        f"SELECT json FROM records WHERE {where} {order} LIMIT ? OFFSET ?",
        (*values, limit, offset),
    )
    return [_record(text) for (text,) in rows]


def count(db: sqlite3.Connection, query: Query) -> int:
    """How many images ``query`` lists."""
    where, values = _where(db, query)
    return int(db.execute(f"SELECT COUNT(*) FROM records WHERE {where}", values).fetchone()[0])


def models(db: sqlite3.Connection) -> list[str]:
    """The models of the generated images, sorted."""
    rows = db.execute(
        "SELECT DISTINCT model FROM records WHERE kind = 'generated' AND latest = 1 AND model != ''"
    )
    return sorted(model for (model,) in rows)


def get(db: sqlite3.Connection, sha256: str) -> Record | None:
    """The listed (newest) record of an image, by its hash or a unique start of it."""
    if len(sha256) < 64:
        found = db.execute(
            "SELECT DISTINCT sha256 FROM records WHERE sha256 >= ? AND sha256 < ? LIMIT 2",
            (sha256, sha256 + "g"),
        ).fetchall()
        if len(found) != 1:
            return None
        sha256 = found[0][0]
    rows = db.execute("SELECT json FROM records WHERE sha256 = ? AND latest = 1", (sha256,))
    return next((_record(text) for (text,) in rows), None)


def deliveries(db: sqlite3.Connection, sha256: str) -> list[tuple[str, bool, Record]]:
    """Every record of an image, oldest first: its file, whether it was rebuilt, the record."""
    rows = db.execute(
        "SELECT file, rebuilt, json FROM records WHERE sha256 = ? ORDER BY stored_at, id",
        (sha256,),
    )
    return [(file, bool(rebuilt), _record(text)) for file, rebuilt, text in rows]


def children(db: sqlite3.Connection, sha256: str) -> list[Record]:
    """The images made from this one (edits, variations), oldest first."""
    rows = db.execute(
        "SELECT r.json FROM parents p JOIN records r ON r.id = p.child"
        " WHERE p.parent = ? AND r.latest = 1 ORDER BY r.stored_at, r.idx",
        (sha256,),
    )
    return [_record(text) for (text,) in rows]


def _where(db: sqlite3.Connection, query: Query) -> tuple[str, list[object]]:
    clauses: list[str] = ["latest = 1"]
    values: list[object] = []
    if query.kind is not None:
        clauses.insert(0, "kind = ?")
        values.insert(0, query.kind)
    if query.model:
        clauses.append("model = ?")
        values.append(query.model)
    if query.words:
        search, words = _search(db, query.words)
        clauses.append(f"id IN (SELECT rowid FROM prompts WHERE {search})")
        values += words
    return " AND ".join(clauses), values


def _search(db: sqlite3.Connection, words: tuple[str, ...]) -> tuple[str, list[object]]:
    """Every word somewhere in the text: long words through the trigram index, short by LIKE."""
    long = [word for word in words if len(word) >= 3] if has_fts(db) else []
    clauses: list[str] = []
    values: list[object] = []
    if long:
        clauses.append("prompts MATCH ?")
        values.append(" AND ".join('"' + word.replace('"', '""') + '"' for word in long))
    for word in words:
        if word not in long:
            escaped = word.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
            clauses.append("text LIKE ? ESCAPE '\\'")
            values.append(f"%{escaped}%")
    return " AND ".join(clauses), values


def _record(text: str) -> Record:
    return Record.from_json(json.loads(text))
