"""Runs: each request is an asyncio task that can be cancelled, reports progress and never fails
silently. At most ``limit`` (4) run at once; further ones wait in line, and say so.

A :class:`Run` is observable (``state``, ``status``, ``card`` are traits) and awaitable (it gives
the run's images, or raises its error). A :class:`RunQueue` starts runs and holds a strong
reference to each task until it ends, so no run is garbage-collected mid-flight::

    queue = RunQueue(limit=4)
    run = queue.submit(lambda run: client.generate("a fox"), label="Run 1")
    run.observe(lambda change: print(change.new), "status")
    images = await run            # or run.cancel()

The Studio and the edit panel share this machinery.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections import deque
from collections.abc import Awaitable, Callable, Generator, Sequence
from functools import partial
from typing import Any

from traitlets import HasTraits, Instance, Unicode

from imagewidgets.api.results import GeneratedImage, ImageList
from imagewidgets.api.retry import RetryNotice
from imagewidgets.widgets.errors import ErrorCard, error_card, retry_card
from imagewidgets.widgets.status import (
    cancelled_text,
    done_text,
    failed_text,
    sending_text,
    streaming_text,
    waiting_text,
)

__all__ = ["MAX_CONCURRENT", "Run", "RunQueue", "Work"]

MAX_CONCURRENT = 4
"""How many runs stream at once by default; the rest wait in line."""

log = logging.getLogger("imagewidgets")

Work = Callable[["Run"], Awaitable[Sequence[GeneratedImage]]]
"""What a run does: given its :class:`Run` (to report progress), return the images it made."""


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
        self.error: BaseException | None = None
        """What made the run fail (it is also shown as :attr:`card`)."""
        self.task: asyncio.Task[None] | None = None
        self.cancel_requested = False
        """Whether :meth:`cancel` was called (the run stops at its next step at the latest)."""
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

    def retrying(self, notice: RetryNotice) -> None:
        """The client waits to retry (its ``on_retry`` callback): warn in the card and status."""
        self.card = retry_card(notice)
        self.status = self.card.title

    def refresh(self) -> None:
        """Redraw the status line of a running run (the time moves on)."""
        if self.state != "running" or (self.card and self.card.kind == "warning"):
            return
        if self._frames is None:
            self.status = sending_text(self.elapsed)
        else:
            self.status = streaming_text(*self._frames, self.elapsed)

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
        self.status = done_text(ImageList(self.results), self.elapsed)
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


class RunQueue:
    """Starts runs as tasks on the running loop, at most ``limit`` at once, in order."""

    def __init__(self, limit: int = MAX_CONCURRENT, *, tick: float = 0.5) -> None:
        if limit < 1:
            raise ValueError(f"limit must be at least 1, not {limit}")
        self.limit, self.tick = limit, tick
        self._busy = 0
        self._line: deque[tuple[Run, asyncio.Future[None]]] = deque()
        self._live: list[Run] = []
        self._count = 0

    @property
    def runs(self) -> tuple[Run, ...]:
        """The runs that wait or run, oldest first."""
        return tuple(self._live)

    def submit(self, work: Work, *, label: str | None = None) -> Run:
        """Start ``work`` as a new run (it waits if ``limit`` runs are busy); returns the run."""
        try:
            loop = asyncio.get_running_loop()
        except RuntimeError:
            raise RuntimeError(
                "runs start on a running event loop: call this from a notebook cell, "
                "a widget callback or async code"
            ) from None
        self._count += 1
        run = Run(self._count, label or f"Run {self._count}")
        self._live.append(run)
        run.task = loop.create_task(self._drive(run, work), name=run.label)
        return run

    def cancel_all(self) -> int:
        """Cancel every waiting and running run; returns how many were cancelled."""
        return sum(run.cancel() for run in list(self._live))

    async def _drive(self, run: Run, work: Work) -> None:
        try:
            await self._acquire(run)
            try:
                await self._work(run, work)
            finally:
                self._release()
        except asyncio.CancelledError:
            self._end(run, run._cancelled)
            raise
        except Exception as exc:
            log.debug("%s failed", run.label, exc_info=True)
            self._end(run, partial(run._fail, exc))
        else:
            self._end(run, run._finish)

    def _end(self, run: Run, mark: Callable[[], None]) -> None:
        """Forget ``run``, then mark how it ended (observers then see it gone from :attr:`runs`)."""
        self._live.remove(run)
        mark()

    async def _work(self, run: Run, work: Work) -> None:
        run._begin()
        ticker = asyncio.ensure_future(self._tick(run)) if self.tick > 0 else None
        try:
            made = list(await work(run))
            run.check()
            extra = [image for image in run.results if not any(image is m for m in made)]
            run.results = [*made, *extra]
        finally:
            if ticker is not None:
                ticker.cancel()

    async def _tick(self, run: Run) -> None:
        while True:
            await asyncio.sleep(self.tick)
            run.refresh()

    async def _acquire(self, run: Run) -> None:
        if self._busy < self.limit and not self._line:
            self._busy += 1
            return
        turn = asyncio.get_running_loop().create_future()
        self._line.append((run, turn))
        self._show_line()
        try:
            await turn
        except asyncio.CancelledError:
            self._leave_line(run, turn)
            raise

    def _leave_line(self, run: Run, turn: asyncio.Future[None]) -> None:
        if turn.done() and not turn.cancelled():
            self._release()  # the slot was handed over as the run was cancelled: pass it on
        elif (run, turn) in self._line:
            self._line.remove((run, turn))
        self._show_line()

    def _release(self) -> None:
        while self._line:
            _, turn = self._line.popleft()
            if not turn.done():
                turn.set_result(None)  # the slot passes straight to the next run in line
                self._show_line()
                return
        self._busy -= 1

    def _show_line(self) -> None:
        for ahead, (run, _) in enumerate(self._line):
            run._wait(ahead, self.limit)
