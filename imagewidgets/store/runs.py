"""Spend in the index: each request's images and usage, summed per kernel and for the store.

A *run* is one request: its records share a run key (the Studio's run, else the request id).
The service reports usage once per plain request, a copy riding on each image, and per image
for a streamed one (``stream`` or ``partial_images`` among the parameters): a plain run keeps
the one copy, a streamed run sums. Each record is folded in once, when it is indexed (the index
holds each record file once), into its run (``runs``) and into the totals of its kernel and of
the store (``totals``), so every billed request counts once in its run, its kernel and its
store, whatever the store deduplicates; the spend line reads a few rows, never re-sums.

Totals are grouped by what pricing needs (model, quality, size, whether usage was reported and
whether it came with details), so a price table applied to a group's summed usage gives the
sum of its runs' costs.
"""

from __future__ import annotations

import dataclasses
import json
import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from imagewidgets.api.usage import Usage
from imagewidgets.store.record import Record

__all__ = ["STORE", "Run", "Total", "fold", "last_run", "rebuild", "recent_runs", "totals"]

STORE = "store"
"""The ``totals`` scope of the whole store (a kernel's scope is its session)."""


@dataclass(frozen=True)
class Run:
    """One request: who made it, its shape for pricing, its images and its usage."""

    run_key: str
    session: str
    model: str
    quality: str
    size: str
    streamed: bool
    started: float
    images: int = 1
    usage: Usage | None = None

    @classmethod
    def first(cls, record: Record) -> Run:
        """The run as its first record shows it."""
        quality, size = record.params.get("quality"), record.params.get("size")
        streamed = bool(record.params.get("stream")) or "partial_images" in record.params
        return cls(record.run_key, record.session, record.model or "", str(quality or ""),
                   str(size or ""), streamed, record.stored_at, 1, record.usage)  # fmt: skip

    def grown(self, record: Record) -> Run:
        """The run with one more of its images: a stream's usage adds up, a copy does not."""
        usage = self.usage
        if record.usage is not None:
            usage = record.usage if usage is None else usage + record.usage
            usage = usage if self.streamed else (self.usage or record.usage)
        started = min(self.started, record.stored_at)
        return dataclasses.replace(self, images=self.images + 1, usage=usage, started=started)


@dataclass(frozen=True)
class Total:
    """Runs of one kernel (or of the store) alike for pricing, and what they add up to."""

    model: str
    quality: str
    size: str
    by_tokens: bool
    runs: int
    images: int
    usage: Usage


def fold(db: sqlite3.Connection, record: Record) -> None:
    """Count ``record`` (a generated image just indexed) in its run and in the totals."""
    old = _run(db, record.run_key)
    new = Run.first(record) if old is None else old.grown(record)
    _put_run(db, new)
    for scope in (STORE, new.session):
        if old is not None:
            _add_total(db, scope, old, -1)
        _add_total(db, scope, new, 1)


def rebuild(db: sqlite3.Connection, records: Iterable[Record]) -> None:
    """Count every record again from scratch (after a bulk load, or records removed)."""
    db.execute("DELETE FROM runs")
    db.execute("DELETE FROM totals")
    made: dict[str, Run] = {}
    for record in records:
        known = made.get(record.run_key)
        made[record.run_key] = Run.first(record) if known is None else known.grown(record)
    summed: dict[tuple[object, ...], tuple[int, int, Usage]] = {}
    for run in made.values():
        for scope in (STORE, run.session):
            key = _group(scope, run)
            runs, images, usage = summed.get(key, (0, 0, Usage()))
            summed[key] = (runs + 1, images + run.images, usage + (run.usage or Usage()))
    db.executemany(
        "INSERT INTO runs VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", map(_run_row, made.values())
    )
    db.executemany(
        "INSERT INTO totals VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [(*key, runs, images, _text(usage)) for key, (runs, images, usage) in summed.items()],
    )


def totals(db: sqlite3.Connection, scope: str) -> list[Total]:
    """The totals of a kernel (its session) or of the store (:data:`STORE`)."""
    rows = db.execute(
        "SELECT model, quality, size, by_tokens, runs, images, usage FROM totals WHERE scope = ?",
        (scope,),
    )
    return [Total(m, q, s, bool(t), r, i, _usage(u) or Usage()) for m, q, s, t, r, i, u in rows]


def last_run(db: sqlite3.Connection, session: str) -> Run | None:
    """The newest run of a kernel."""
    row = db.execute(f"{_SELECT_RUN} WHERE session = ? ORDER BY started DESC LIMIT 1", (session,))
    return next((_as_run(values) for values in row), None)


def recent_runs(
    db: sqlite3.Connection, model: str, quality: str, size: str, limit: int = 20
) -> list[Run]:
    """The newest runs of this shape that reported usage (what the next one may cost)."""
    rows = db.execute(
        f"{_SELECT_RUN} WHERE model = ? AND quality = ? AND size = ? AND usage IS NOT NULL "
        "ORDER BY started DESC LIMIT ?",
        (model, quality, size, limit),
    )
    return [_as_run(values) for values in rows]


_SELECT_RUN = (
    "SELECT run_key, session, model, quality, size, streamed, started, images, usage FROM runs"
)


def _run(db: sqlite3.Connection, run_key: str) -> Run | None:
    rows = db.execute(f"{_SELECT_RUN} WHERE run_key = ?", (run_key,))
    return next((_as_run(values) for values in rows), None)


def _as_run(values: tuple[Any, ...]) -> Run:
    key, session, model, quality, size, streamed, started, images, usage = values
    return Run(key, session, model, quality, size, bool(streamed), started, images, _usage(usage))


def _put_run(db: sqlite3.Connection, run: Run) -> None:
    db.execute("INSERT OR REPLACE INTO runs VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", _run_row(run))


def _run_row(run: Run) -> tuple[object, ...]:
    return (run.run_key, run.session, run.model, run.quality, run.size, run.streamed,
            run.started, run.images, _text(run.usage))  # fmt: skip


def _group(scope: str, run: Run) -> tuple[object, ...]:
    """The totals row ``run`` counts in: alike for pricing, in one kernel (or the store)."""
    usage = run.usage
    detailed = usage is not None and usage.text_tokens + usage.image_tokens > 0
    return (scope, run.model, run.quality, run.size, usage is not None, detailed)


def _add_total(db: sqlite3.Connection, scope: str, run: Run, sign: int) -> None:
    """Add (``sign`` 1) or take out (-1) ``run``'s part of its group's total."""
    usage, key = run.usage, _group(scope, run)
    where = (
        "scope = ? AND model = ? AND quality = ? AND size = ? AND by_tokens = ? AND detailed = ?"
    )
    found = db.execute(f"SELECT runs, images, usage FROM totals WHERE {where}", key).fetchone()
    runs, images, summed = found if found is not None else (0, 0, None)
    runs, images = runs + sign, images + sign * run.images
    total = _scaled(_usage(summed) or Usage(), 1) + _scaled(usage or Usage(), sign)
    db.execute(f"DELETE FROM totals WHERE {where}", key)
    if runs > 0:
        db.execute("INSERT INTO totals VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                   (*key, runs, images, _text(total)))  # fmt: skip


def _scaled(usage: Usage, sign: int) -> Usage:
    return Usage.from_record({name: sign * value for name, value in usage.to_record().items()})


def _usage(text: object) -> Usage | None:
    return Usage.from_record(json.loads(text)) if isinstance(text, str) else None


def _text(usage: Usage | None) -> str | None:
    return None if usage is None else json.dumps(usage.to_record(), separators=(",", ":"))
