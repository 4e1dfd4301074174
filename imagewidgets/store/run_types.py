"""What the index counts spend in: a :class:`Run` (one request) and a :class:`Total` (runs alike
for pricing, of one kernel or of the whole store).

A run's records share a run key (the Studio's run, else the request id). The service reports
usage once per plain request, a copy riding on each image, and per image for a streamed one
(``stream`` or ``partial_images`` among the parameters): :meth:`Run.grown` keeps the one copy of
a plain run and sums a streamed one. These are the types only; :mod:`imagewidgets.store.runs`
folds records into them and :mod:`imagewidgets.store.run_rows` keeps them in the index.

Example:
    >>> from imagewidgets.api.usage import Usage
    >>> Total("gpt-image-2", "low", "1024x1024", True, 2, 3, Usage()).runs
    2
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass

from imagewidgets.api.usage import SvgUsage, Usage
from imagewidgets.store.record import Record

__all__ = ["STORE", "Run", "Total"]

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
