"""Finding records in the index: pages of a listing or search, one image, its children.

Listing shows each image once, with its newest record (``latest``), newest run first and the
images of one run in batch order. Search finds every word of the query anywhere in the prompt or
the revised prompt, any case (FTS5 trigram; words shorter than three letters by ``LIKE``).

Example:
    >>> from imagewidgets.store import catalog, schema
    >>> from imagewidgets.store.record import Record
    >>> db = schema.connect(":memory:"); _ = schema.prepare(db)
    >>> record = Record(sha256="ab" * 32, format="png", width=8, height=8, model="gpt-image-2",
    ...                 prompt="a red fox in the snow", request_id="req_1")
    >>> catalog.insert(db, record, record.file_name)
    True
    >>> [r.prompt for r in page(db, Query(words=("FOX", "sno")))]
    ['a red fox in the snow']
"""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass

from imagewidgets.store.record import Record
from imagewidgets.store.schema import has_fts

__all__ = ["Query", "children", "count", "deliveries", "get", "models", "page"]

_FEW = 5000
"""A search the text index answers for at most this many records is looked up, not walked."""


@dataclass(frozen=True)
class Query:
    """Which records to list: of ``kind`` (None: all), every word in the prompts, of ``model``."""

    kind: str | None = "generated"
    words: tuple[str, ...] = ()
    model: str = ""


def page(db: sqlite3.Connection, query: Query, offset: int = 0, limit: int = -1) -> list[Record]:
    """The records ``query`` lists, from ``offset`` (``limit`` of them; -1: all).

    A search that few records match is looked up through the text index and sorted; one that
    many match is found walking the listing order until the page is full."""
    where, values = _where(db, query, few=_FEW)
    order = "ORDER BY run_started DESC, run_key, idx"
    rows = db.execute(
        f"SELECT json FROM records WHERE {where} {order} LIMIT ? OFFSET ?",
        (*values, limit, offset),
    )
    return [_record(text) for (text,) in rows]


def count(db: sqlite3.Connection, query: Query) -> int:
    """How many images ``query`` lists (a search counts what the text index finds)."""
    where, values = _where(db, query, few=None)
    return int(db.execute(f"SELECT COUNT(*) FROM records WHERE {where}", values).fetchone()[0])


def models(db: sqlite3.Connection) -> list[str]:
    """The models of the generated images, sorted: each found by one step along the index of
    listed records by model, from the one before (a few steps, not a walk of every record)."""
    rows = db.execute(_MODELS)
    return [model for (model,) in rows if model is not None]


_NEXT_MODEL = "SELECT MIN(model) FROM records WHERE kind = 'generated' AND latest = 1 AND model > "
_MODELS = (
    f"WITH RECURSIVE found(model) AS (SELECT ({_NEXT_MODEL}'') UNION ALL"
    f" SELECT ({_NEXT_MODEL}found.model) FROM found WHERE found.model IS NOT NULL)"
    " SELECT model FROM found"
)


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


def _where(db: sqlite3.Connection, query: Query, few: int | None) -> tuple[str, list[object]]:
    """The ``WHERE`` of ``query``. With a search that the text index answers for at most
    ``few`` records (any number when None), the records are looked up by the rows it finds
    (the ``+`` keeps SQLite from walking the listing index instead)."""
    search, words, matches = _search(db, query.words)
    driven = "+" if matches is not None and (few is None or matches <= few) else ""
    clauses = [f"{driven}latest = 1"]
    values: list[object] = []
    if query.kind is not None:
        clauses.insert(0, f"{driven}kind = ?")
        values.insert(0, query.kind)
    if query.model:
        clauses.append(f"{driven}model = ?")
        values.append(query.model)
    return " AND ".join(clauses + search), values + words


def _search(
    db: sqlite3.Connection, words: tuple[str, ...]
) -> tuple[list[str], list[object], int | None]:
    """Every word somewhere in the text: words of three letters or more through the trigram
    index, the rarest first (it reads the shortest lists first), shorter ones by LIKE. Also
    about how many records the index finds (None when it is not used)."""
    long = [word for word in words if len(word) >= 3] if words and has_fts(db) else []
    ranked = sorted((_holders(db, word), word) for word in long)
    clauses: list[str] = []
    values: list[object] = []
    if ranked:
        clauses.append("id IN (SELECT rowid FROM prompts WHERE prompts MATCH ?)")
        values.append(" AND ".join('"' + word.replace('"', '""') + '"' for _, word in ranked))
    for word in words:
        if word not in long:
            escaped = word.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
            clauses.append("id IN (SELECT id FROM search WHERE text LIKE ? ESCAPE '\\')")
            values.append(f"%{escaped}%")
    return clauses, values, ranked[0][0] if ranked else None


def _holders(db: sqlite3.Connection, word: str) -> int:
    """How many records hold the rarest trigram of ``word`` (at least as many hold it)."""
    grams = {word[i : i + 3].casefold() for i in range(len(word) - 2)}
    marks = ", ".join("?" * len(grams))
    rows = db.execute(f"SELECT MIN(doc) FROM prompts_vocab WHERE term IN ({marks})", [*grams])
    found = rows.fetchone()[0]
    return int(found) if found is not None else 0


def _record(text: str) -> Record:
    return Record.from_json(json.loads(text))
