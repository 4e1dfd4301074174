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
"""

from __future__ import annotations

import dataclasses
import json
import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from imagewidgets.api.usage import SvgUsage, Usage
from imagewidgets.store.record import Record

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
    svg_usage: SvgUsage | None = None
    """The SVG author's usage (SVG output makes one image per request: one copy)."""
    batch: bool = False
    """Whether the request went through the Batch API (priced lower)."""

    @classmethod
    def first(cls, record: Record) -> Run:
        """The run as its first record shows it."""
        quality, size = record.params.get("quality"), record.params.get("size")
        streamed = bool(record.params.get("stream")) or "partial_images" in record.params
        return cls(record.run_key, record.session, record.model or "", str(quality or ""),
                   str(size or ""), streamed, record.stored_at, 1, record.usage,
                   record.svg_usage, bool(record.response.get("batch_id")))  # fmt: skip

    def grown(self, record: Record) -> Run:
        """The run with one more of its images: a stream's usage adds up, a copy does not."""
        usage = self.usage
        if record.usage is not None:
            usage = record.usage if usage is None else usage + record.usage
            usage = usage if self.streamed else (self.usage or record.usage)
        started = min(self.started, record.stored_at)
        svg = self.svg_usage or record.svg_usage
        return dataclasses.replace(
            self, images=self.images + 1, usage=usage, started=started, svg_usage=svg
        )


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
    svg_usage: SvgUsage | None = None
    """The summed usage of the SVG authoring model these runs used (``None``: no SVG)."""
    batch: bool = False
    """Whether these runs went through the Batch API."""


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
    recount = Recount()
    for record in records:
        recount.add(record)
    recount.write(db)


class Recount:
    """Runs gathered from records one by one (oldest indexed first), then written as the whole
    of ``runs`` and ``totals`` at once: what :func:`rebuild` does, and what a bulk load does as
    it reads, so that a new index does not read every record twice."""

    def __init__(self) -> None:
        self._made: dict[str, Run] = {}

    def add(self, record: Record) -> None:
        """Count ``record`` (a generated image) in its run."""
        known = self._made.get(record.run_key)
        self._made[record.run_key] = Run.first(record) if known is None else known.grown(record)

    def write(self, db: sqlite3.Connection) -> None:
        """Replace the index's runs and totals with those of the records added."""
        db.execute("DELETE FROM runs")
        db.execute("DELETE FROM totals")
        groups: dict[tuple[object, ...], list[Run]] = {}
        for run in self._made.values():
            for scope in (STORE, run.session):
                groups.setdefault(_group(scope, run), []).append(run)
        db.executemany(
            f"INSERT INTO runs VALUES ({_MARKS[:-3]})", map(_run_row, self._made.values())
        )
        db.executemany(f"INSERT INTO totals VALUES ({_MARKS})",
                       [(*key, *_summed_row(runs)) for key, runs in groups.items()])  # fmt: skip


def _summed_row(runs: list[Run]) -> tuple[object, ...]:
    """A group's ``runs``, ``images``, ``usage`` and ``svg_usage``, summed field by field."""
    usages = [run.usage for run in runs if run.usage is not None]
    usage = Usage(*(sum(getattr(u, name) for u in usages) for name in _USAGE_FIELDS))
    authors = [run.svg_usage for run in runs if run.svg_usage is not None]
    svg = sum(authors[1:], authors[0]) if authors else None
    return len(runs), sum(run.images for run in runs), _text(usage), _svg_text(svg)


def totals(db: sqlite3.Connection, scope: str) -> list[Total]:
    """The totals of a kernel (its session) or of the store (:data:`STORE`)."""
    rows = db.execute(
        "SELECT model, quality, size, by_tokens, runs, images, usage, svg_usage, batch "
        "FROM totals WHERE scope = ?",
        (scope,),
    )
    return [
        Total(m, q, s, bool(t), r, i, _usage(u) or Usage(), _svg(svg), bool(batch))
        for m, q, s, t, r, i, u, svg, batch in rows
    ]


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
    "SELECT run_key, session, model, quality, size, streamed, started, images, usage, svg_usage, "
    "batch FROM runs"
)
_USAGE_FIELDS = tuple(field.name for field in dataclasses.fields(Usage))
_MARKS = ", ".join("?" * 12)
"""The placeholders of a totals row (a runs row has one fewer)."""


def _run(db: sqlite3.Connection, run_key: str) -> Run | None:
    rows = db.execute(f"{_SELECT_RUN} WHERE run_key = ?", (run_key,))
    return next((_as_run(values) for values in rows), None)


def _as_run(values: tuple[Any, ...]) -> Run:
    key, session, model, quality, size, streamed, started, images, usage, svg, batch = values
    return Run(key, session, model, quality, size, bool(streamed), started, images, _usage(usage),
               _svg(svg), bool(batch))  # fmt: skip


def _put_run(db: sqlite3.Connection, run: Run) -> None:
    db.execute(f"INSERT OR REPLACE INTO runs VALUES ({_MARKS[:-3]})", _run_row(run))


def _run_row(run: Run) -> tuple[object, ...]:
    return (run.run_key, run.session, run.model, run.quality, run.size, run.streamed,
            run.started, run.images, _text(run.usage), _svg_text(run.svg_usage),
            run.batch)  # fmt: skip


def _group(scope: str, run: Run) -> tuple[object, ...]:
    """The totals row ``run`` counts in: alike for pricing, in one kernel (or the store)."""
    usage = run.usage
    detailed = usage is not None and usage.text_tokens + usage.image_tokens > 0
    author = run.svg_usage.model if run.svg_usage is not None else ""
    return (scope, run.model, run.quality, run.size, usage is not None, detailed, author,
            run.batch)  # fmt: skip


def _add_total(db: sqlite3.Connection, scope: str, run: Run, sign: int) -> None:
    """Add (``sign`` 1) or take out (-1) ``run``'s part of its group's total."""
    key = _group(scope, run)
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
        db.execute(f"INSERT INTO totals VALUES ({_MARKS})",
                   (*key, total.runs, total.images, _text(total.usage),
                    _svg_text(total.svg_usage)))  # fmt: skip


def _summed(runs: int, images: int, usage: object, svg: object) -> Total:
    """A totals row's sums (what groups it is in the key)."""
    return Total("", "", "", False, runs, images, _usage(usage) or Usage(), _svg(svg))


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


def _usage(text: object) -> Usage | None:
    return Usage.from_record(json.loads(text)) if isinstance(text, str) else None


def _text(usage: Usage | None) -> str | None:
    return None if usage is None else json.dumps(usage.to_record(), separators=(",", ":"))


def _svg(text: object) -> SvgUsage | None:
    return SvgUsage.from_json(json.loads(text)) if isinstance(text, str) else None


def _svg_text(usage: SvgUsage | None) -> str | None:
    return None if usage is None else json.dumps(usage.to_record(), separators=(",", ":"))
