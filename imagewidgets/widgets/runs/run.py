"""``Run``: one request of a widget, observable (state, status line, error card) and awaitable.

A :class:`~imagewidgets.widgets.runs.queue.RunQueue` makes runs and drives them; the work a run does
reports through it: :meth:`Run.progress` as frames arrive, :meth:`Run.skipped` for a frame that
arrived damaged and was left out, :meth:`Run.retrying` while the client waits to retry,
:meth:`Run.check` between steps so a cancel always stops it.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable, Generator
from typing import Any

from traitlets import HasTraits, Instance, Unicode

from imagewidgets.api.events import DamagedFrame
from imagewidgets.api.results import GeneratedImage, ImageList
from imagewidgets.api.retry import RetryNotice
from imagewidgets.widgets.runs.cards import ErrorCard, error_card, retry_card
from imagewidgets.widgets.runs.status import (
    cancelled_text,
    done_text,
    failed_text,
    sending_text,
    streaming_text,
    waiting_text,
    working_text,
)

__all__ = ["Run"]


class Run(HasTraits):
    """One request: its task, its state, the status line and error card it shows."""

    state = Unicode("waiting")
    """waiting, running, done, failed or cancelled."""
    status = Unicode("starting")
    """The status line a person reads ("streaming · frame 2 of 3 · 4.1 s")."""
    card = Instance(ErrorCard, allow_none=True)
    """The error card (or retry warning) to show, if any."""

    def __init__(self, number: int, label: str, clock: Callable[[], float] = time.monotonic):
        super().__init__()
        self.number, self.label = number, label
        self.results: list[GeneratedImage] = []
        """The images made so far, in the order they completed."""
        self.damaged: list[DamagedFrame] = []
        """Frames that arrived damaged and were left out (the status line counts them)."""
        self.error: BaseException | None = None
        """What made the run fail (it is also shown as :attr:`card`)."""
        self.task: asyncio.Task[None] | None = None
        self.cancel_requested = False
        """Whether :meth:`cancel` was called (the run stops at its next step at the latest)."""
        self.doing = ""
        """What the request is busy with while no frame can come back ("drawing 9 frames"):
        said in the status line instead of "sending"."""
        self._clock = clock
        self._started: float | None = None
        self._frames: tuple[int, int] | None = None

    def __repr__(self) -> str:
        return f"<Run {self.number} {self.state}: {self.status}>"

    @property
    def elapsed(self) -> float:
        """Seconds since the run left the queue (0 while it waits)."""
        return 0.0 if self._started is None else self._clock() - self._started

    @property
    def active(self) -> bool:
        """Whether the run waits or runs."""
        return self.state in ("waiting", "running")

    def cancel(self) -> bool:
        """Stop the run (waiting or running); ``False`` when it had already ended."""
        if self.task is None or self.task.done():
            return False
        self.cancel_requested = True
        return self.task.cancel()

    def check(self) -> None:
        """Raise ``CancelledError`` if :meth:`cancel` was called.

        Work calls it between steps: on Python < 3.12 ``asyncio.wait_for`` in a library can
        swallow a cancellation that lands as its inner future completes, and the run must still
        stop.
        """
        if self.cancel_requested:
            raise asyncio.CancelledError

    def add(self, image: GeneratedImage) -> None:
        """Record a finished image of this run."""
        if not any(image is kept for kept in self.results):
            self.results.append(image)

    def progress(self, frame: int, total: int) -> None:
        """Frame ``frame`` of ``total`` arrived: say so, and drop a retry warning."""
        self._frames = (frame, total)
        if self.card is not None and self.card.kind == "warning":
            self.card = None
        self.refresh()

    def skipped(self, frame: DamagedFrame) -> None:
        """A frame arrived damaged and was left out: count it in the status line."""
        self.damaged.append(frame)
        self.refresh()

    def retrying(self, notice: RetryNotice) -> None:
        """The client waits to retry (its ``on_retry`` callback): warn in the card and status."""
        self.card = retry_card(notice)
        self.status = self.card.title

    def refresh(self) -> None:
        """Redraw the status line of a running run (the time moves on)."""
        if self.state != "running" or (self.card and self.card.kind == "warning"):
            return
        if self._frames is None:
            doing = self.doing
            self.status = working_text(doing, self.elapsed) if doing else sending_text(self.elapsed)
        else:
            self.status = streaming_text(*self._frames, self.elapsed, skipped=len(self.damaged))

    def __await__(self) -> Generator[Any, None, ImageList]:
        return self._outcome().__await__()

    async def _outcome(self) -> ImageList:
        if self.task is not None:
            await self.task
        if self.error is not None:
            raise self.error
        return ImageList(self.results)

    def _wait(self, ahead: int, limit: int) -> None:
        self.status = waiting_text(ahead, limit)

    def _begin(self) -> None:
        self._started = self._clock()
        self.state = "running"
        self.refresh()

    def _finish(self) -> None:
        self.card = None
        self.status = done_text(ImageList(self.results), self.elapsed, skipped=len(self.damaged))
        self.state = "done"

    def _fail(self, exc: BaseException) -> None:
        self.error = exc
        self.card = error_card(exc)
        self.status = failed_text(self.elapsed)
        self.state = "failed"

    def _cancelled(self) -> None:
        if self.card is not None and self.card.kind == "warning":
            self.card = None
        self.status = cancelled_text(self.elapsed, len(self.results))
        self.state = "cancelled"
