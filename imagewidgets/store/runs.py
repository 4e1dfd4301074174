"""Spend in the index: each request's images and usage, summed per kernel and for the store.

A *run* is one request: its records share a run key (the Studio's run, else the request id).
The service reports usage once per plain request, a copy riding on each image, and per image
for a streamed one (``stream`` or ``partial_images`` among the parameters): a plain run keeps
the one copy, a streamed run sums. Each record is folded in once, when it is indexed (the index
holds each record file once), into its run (``runs``) and into the totals of its kernel and of
the store (``totals``), so every billed request counts once in its run, its kernel and its
store, whatever the store deduplicates; the spend line reads a few rows, never re-sums.

Totals are grouped by what pricing needs (model, quality, size, whether usage was reported and
whether it came with details, the SVG author model, and whether the request went through the
Batch API, at its lower price: its images carry the ``batch_id``), so a price table applied to
a group's summed usage (and its SVG author's, ``svg_usage``, at that model's rates) gives the sum
of its runs' costs.

This module folds one record in (:func:`fold`) and is where the spend line finds every name; the
types are in :mod:`imagewidgets.store.run_types`, the SQL of the rows in
:mod:`imagewidgets.store.run_rows`, the bulk path in :mod:`imagewidgets.store.recount`.
"""

from __future__ import annotations

import dataclasses
import sqlite3
from collections.abc import Iterable

from imagewidgets.api.usage import Usage
from imagewidgets.store.record import Record
from imagewidgets.store.recount import Recount
from imagewidgets.store.run_rows import (
    MARKS,
    group,
    last_run,
    put_run,
    recent_runs,
    run_of,
    svg_of,
    svg_text,
    totals,
    usage_of,
    usage_text,
)
from imagewidgets.store.run_types import STORE, Run, Total

__all__ = [
    "STORE",
    "Recount",
    "Run",
    "Total",
    "fold",
    "last_run",
    "rebuild",
    "recent_runs",
    "totals",
]


def fold(db: sqlite3.Connection, record: Record) -> None:
    """Count ``record`` (a generated image just indexed) in its run and in the totals."""
    old = run_of(db, record.run_key)
    new = Run.first(record) if old is None else old.grown(record)
    put_run(db, new)
    for scope in (STORE, new.session):
        if old is not None:
            _add_total(db, scope, old, -1)
        _add_total(db, scope, new, 1)


def rebuild(db: sqlite3.Connection, records: Iterable[Record]) -> None:
    """Count every record again from scratch (after a bulk load, or records removed)."""
    recount = Recount()
    for record in records:
        recount.add(record)
    recount.write(db)


def _add_total(db: sqlite3.Connection, scope: str, run: Run, sign: int) -> None:
    """Add (``sign`` 1) or take out (-1) ``run``'s part of its group's total."""
    key = group(scope, run)
    where = (
        "scope = ? AND model = ? AND quality = ? AND size = ? AND by_tokens = ? AND detailed = ? "
        "AND author = ? AND batch = ?"
    )
    found = db.execute(
        f"SELECT runs, images, usage, svg_usage FROM totals WHERE {where}", key
    ).fetchone()
    before = None if found is None else _summed(*found)
    total = _plus(before, run, sign)
    db.execute(f"DELETE FROM totals WHERE {where}", key)
    if total.runs > 0:
        db.execute(f"INSERT INTO totals VALUES ({MARKS})",
                   (*key, total.runs, total.images, usage_text(total.usage),
                    svg_text(total.svg_usage)))  # fmt: skip


def _summed(runs: int, images: int, usage: object, svg: object) -> Total:
    """A totals row's sums (what groups it is in the key)."""
    return Total("", "", "", False, runs, images, usage_of(usage) or Usage(), svg_of(svg))


def _plus(total: Total | None, run: Run, sign: int) -> Total:
    """``total`` with ``run`` added (``sign`` 1) or taken out (-1); a new total when None."""
    before = total or Total("", "", "", False, 0, 0, Usage())
    usage = before.usage + _scaled(run.usage or Usage(), sign)
    svg = before.svg_usage
    if run.svg_usage is not None:
        added = run.svg_usage.scaled(sign)
        svg = added if svg is None else svg + added
    return dataclasses.replace(before, runs=before.runs + sign,
                               images=before.images + sign * run.images, usage=usage,
                               svg_usage=svg)  # fmt: skip


def _scaled(usage: Usage, sign: int) -> Usage:
    return Usage.from_record({name: sign * value for name, value in usage.to_record().items()})
