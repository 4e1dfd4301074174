"""Spend counted again from scratch: runs gathered from records one by one, then written as the
whole of the index's ``runs`` and ``totals`` at once.

What :func:`imagewidgets.store.runs.rebuild` does (records removed), and what a bulk load does
as it reads (:mod:`imagewidgets.store.loading`), so that a new index does not read every record
twice; a record indexed on its own is folded in instead (:func:`imagewidgets.store.runs.fold`).

Example:
    >>> from imagewidgets.store import schema
    >>> db = schema.connect(":memory:"); _ = schema.prepare(db)
    >>> Recount().write(db)
    >>> db.execute("SELECT COUNT(*) FROM totals").fetchone()[0]
    0
"""

from __future__ import annotations

import sqlite3

from imagewidgets.api.usage import Usage
from imagewidgets.store.record import Record
from imagewidgets.store.run_rows import MARKS, USAGE_FIELDS, group, run_row, svg_text, usage_text
from imagewidgets.store.run_types import STORE, Run

__all__ = ["Recount"]


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
                groups.setdefault(group(scope, run), []).append(run)
        db.executemany(f"INSERT INTO runs VALUES ({MARKS[:-3]})", map(run_row, self._made.values()))
        db.executemany(f"INSERT INTO totals VALUES ({MARKS})",
                       [(*key, *_summed_row(runs)) for key, runs in groups.items()])  # fmt: skip


def _summed_row(runs: list[Run]) -> tuple[object, ...]:
    """A group's ``runs``, ``images``, ``usage`` and ``svg_usage``, summed field by field."""
    usages = [run.usage for run in runs if run.usage is not None]
    usage = Usage(*(sum(getattr(u, name) for u in usages) for name in USAGE_FIELDS))
    authors = [run.svg_usage for run in runs if run.svg_usage is not None]
    svg = sum(authors[1:], authors[0]) if authors else None
    return len(runs), sum(run.images for run in runs), usage_text(usage), svg_text(svg)
