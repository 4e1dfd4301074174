"""Finding records in the index: pages of a listing or search, one image, its children.

Listing shows each image once, with its newest record (``latest``), newest run first and the
images of one run in batch order. Search finds every word of the query anywhere in the prompt or
the revised prompt, any case: rare words through the FTS5 trigram index, common and short ones
in the search text itself (kept case-folded), so that no search reads a long list whole.

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

_COMMON = 20_000
"""A word this many records hold is common: it is found by reading the search text of the
records walked, not through the text index (whose lists for it are long)."""
_PAGE_FEW = 2_000
"""A page of a search whose rarest word at most this many records hold is sorted from the
records the text index finds; with more, walking the listing fills the page sooner."""


@dataclass(frozen=True)
class Query:
    """Which records to list: of ``kind`` (None: all), every word in the prompts, of ``model``."""

    kind: str | None = "generated"
    words: tuple[str, ...] = ()
    model: str = ""


def page(db: sqlite3.Connection, query: Query, offset: int = 0, limit: int = -1) -> list[Record]:
    """The records ``query`` lists, from ``offset`` (``limit`` of them; -1: all).

    Only the rows of the page are read whole: the listing is ordered and cut first."""
    found, values = _found(db, query, "records.id, run_started, run_key, idx", page=True)
    rows = db.execute(
        f"SELECT r.json FROM ({found} ORDER BY run_started DESC, run_key, idx LIMIT ? OFFSET ?)"
        " AS f JOIN records r ON r.id = f.id ORDER BY f.run_started DESC, f.run_key, f.idx",
        (*values, limit, offset),
    )
    return [_record(text) for (text,) in rows]


def count(db: sqlite3.Connection, query: Query) -> int:
    """How many images ``query`` lists."""
    found, values = _found(db, query, "COUNT(*)", page=False)
    return int(db.execute(found, values).fetchone()[0])


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


def _found(
    db: sqlite3.Connection, query: Query, columns: str, *, page: bool
) -> tuple[str, list[object]]:
    """The ``SELECT`` of ``columns`` of the records ``query`` lists, and its values.

    A search with a rare word finds its records through the text index and fetches them by the
    rows it finds (the ``+`` keeps SQLite from walking an index of records instead): for a
    count, or for a page when few records hold that word. Otherwise the records are walked,
    each word looked for in their search text: for a page in listing order (it stops once the
    page is full), for a count in row order through ``records_shown``."""
    rare, scanned = _search(db, query.words)
    driven = bool(rare) and (not page or rare[0][0] <= _PAGE_FEW)
    if not driven:
        scanned = [word for word in _words(query) if word not in scanned] + scanned
    plus = "+" if driven else ""
    clauses, values = [f"{plus}records.latest = 1"], list[object]()
    if query.kind is not None:
        clauses.append(f"{plus}records.kind = ?")
        values.append(query.kind)
    if query.model:
        clauses.append(f"{plus}records.model = ?")
        values.append(query.model)
    if driven:
        clauses.append("records.id IN (SELECT rowid FROM prompts WHERE prompts MATCH ?)")
        values.append(" AND ".join('"' + word.replace('"', '""') + '"' for _, word in rare))
    clauses += ["instr(search.text, ?) > 0"] * len(scanned)
    values += scanned
    walked = "" if driven or query.kind is None else f" INDEXED BY {_walk(query, page)}"
    joined = " CROSS JOIN search ON search.id = records.id" if scanned else ""
    return f"SELECT {columns} FROM records{walked}{joined} WHERE {' AND '.join(clauses)}", values


def _walk(query: Query, page: bool) -> str:
    if not page:
        return "records_shown"
    return "records_by_model" if query.model else "records_listed"


def _words(query: Query) -> list[str]:
    """The words of a search as they are looked for: case-folded, each once."""
    return list(dict.fromkeys(word.casefold() for word in query.words))


def _search(
    db: sqlite3.Connection, words: tuple[str, ...]
) -> tuple[list[tuple[int, str]], list[str]]:
    """The words that fewer than :data:`_COMMON` records hold (of three letters or more, for
    the trigram index), each with how many hold it, fewest first; and the other words, to look
    for in the search text itself."""
    folded = _words(Query(words=words))
    rare = []
    if folded and has_fts(db):
        held = [(_holders(db, word), word) for word in folded if len(word) >= 3]
        rare = sorted(found for found in held if found[0] < _COMMON)
    looked_up = {word for _, word in rare}
    return rare, [word for word in folded if word not in looked_up]


def _holders(db: sqlite3.Connection, word: str) -> int:
    """How many records hold ``word``, counted up to :data:`_COMMON` (a common word's lists
    are read no further)."""
    phrase = '"' + word.replace('"', '""') + '"'
    found = db.execute(
        "SELECT COUNT(*) FROM (SELECT rowid FROM prompts WHERE prompts MATCH ? LIMIT ?)",
        (phrase, _COMMON),
    )
    return int(found.fetchone()[0])


def _record(text: str) -> Record:
    return Record.from_json(json.loads(text))
