"""The index's ``runs`` and ``totals`` rows: reading them as :class:`Run` and :class:`Total`,
and writing them back (usage stored as compact JSON).

Totals are grouped by what pricing needs (model, quality, size, whether usage was reported and
whether it came with details, the SVG author model, and whether the request went through the
Batch API): :func:`group` is that key, one source of truth for the incremental fold
(:mod:`imagewidgets.store.runs`) and the bulk recount (:mod:`imagewidgets.store.recount`).

Example:
    >>> usage_text(None) is None, usage_of(usage_text(Usage(total_tokens=5))).total_tokens
    (True, 5)
"""

from __future__ import annotations

import dataclasses
import json
import sqlite3
from typing import Any

from imagewidgets.api.usage import SvgUsage, Usage
from imagewidgets.store.run_types import Run, Total

__all__ = [
    "MARKS",
    "USAGE_FIELDS",
    "as_run",
    "group",
    "last_run",
    "put_run",
    "recent_runs",
    "run_of",
    "run_row",
    "svg_of",
    "svg_text",
    "totals",
    "usage_of",
    "usage_text",
]


def totals(db: sqlite3.Connection, scope: str) -> list[Total]:
    """The totals of a kernel (its session) or of the store (:data:`STORE`)."""
    rows = db.execute(
        "SELECT model, quality, size, by_tokens, runs, images, usage, svg_usage, batch "
        "FROM totals WHERE scope = ?",
        (scope,),
    )
    return [
        Total(m, q, s, bool(t), r, i, usage_of(u) or Usage(), svg_of(svg), bool(batch))
        for m, q, s, t, r, i, u, svg, batch in rows
    ]


def last_run(db: sqlite3.Connection, session: str) -> Run | None:
    """The newest run of a kernel."""
    row = db.execute(f"{_SELECT_RUN} WHERE session = ? ORDER BY started DESC LIMIT 1", (session,))
    return next((as_run(values) for values in row), None)


def recent_runs(
    db: sqlite3.Connection, model: str, quality: str, size: str, limit: int = 20
) -> list[Run]:
    """The newest runs of this shape that reported usage (what the next one may cost)."""
    rows = db.execute(
        f"{_SELECT_RUN} WHERE model = ? AND quality = ? AND size = ? AND usage IS NOT NULL "
        "ORDER BY started DESC LIMIT ?",
        (model, quality, size, limit),
    )
    return [as_run(values) for values in rows]


_SELECT_RUN = (
    "SELECT run_key, session, model, quality, size, streamed, started, images, usage, svg_usage, "
    "batch FROM runs"
)
USAGE_FIELDS = tuple(field.name for field in dataclasses.fields(Usage))
MARKS = ", ".join("?" * 12)
"""The placeholders of a totals row (a runs row has one fewer)."""


def run_of(db: sqlite3.Connection, run_key: str) -> Run | None:
    rows = db.execute(f"{_SELECT_RUN} WHERE run_key = ?", (run_key,))
    return next((as_run(values) for values in rows), None)


def as_run(values: tuple[Any, ...]) -> Run:
    key, session, model, quality, size, streamed, started, images, usage, svg, batch = values
    return Run(key, session, model, quality, size, bool(streamed), started, images, usage_of(usage),
               svg_of(svg), bool(batch))  # fmt: skip


def put_run(db: sqlite3.Connection, run: Run) -> None:
    db.execute(f"INSERT OR REPLACE INTO runs VALUES ({MARKS[:-3]})", run_row(run))


def run_row(run: Run) -> tuple[object, ...]:
    return (run.run_key, run.session, run.model, run.quality, run.size, run.streamed,
            run.started, run.images, usage_text(run.usage), svg_text(run.svg_usage),
            run.batch)  # fmt: skip


def group(scope: str, run: Run) -> tuple[object, ...]:
    """The totals row ``run`` counts in: alike for pricing, in one kernel (or the store)."""
    usage = run.usage
    detailed = usage is not None and usage.text_tokens + usage.image_tokens > 0
    author = run.svg_usage.model if run.svg_usage is not None else ""
    return (scope, run.model, run.quality, run.size, usage is not None, detailed, author,
            run.batch)  # fmt: skip


def usage_of(text: object) -> Usage | None:
    return Usage.from_record(json.loads(text)) if isinstance(text, str) else None


def usage_text(usage: Usage | None) -> str | None:
    return None if usage is None else json.dumps(usage.to_record(), separators=(",", ":"))


def svg_of(text: object) -> SvgUsage | None:
    return SvgUsage.from_json(json.loads(text)) if isinstance(text, str) else None


def svg_text(usage: SvgUsage | None) -> str | None:
    return None if usage is None else json.dumps(usage.to_record(), separators=(",", ":"))
