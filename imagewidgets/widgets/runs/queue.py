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
from collections import deque
from collections.abc import Awaitable, Callable, Sequence
from functools import partial

from imagewidgets.api.results import GeneratedImage
from imagewidgets.widgets.runs.run import Run

__all__ = ["MAX_CONCURRENT", "Run", "RunQueue", "Work"]

MAX_CONCURRENT = 4
"""How many runs stream at once by default; the rest wait in line."""

log = logging.getLogger("imagewidgets")

Work = Callable[["Run"], Awaitable[Sequence[GeneratedImage]]]
"""What a run does: given its :class:`Run` (to report progress), return the images it made."""


class RunQueue:
    """Starts runs as tasks on the running loop, at most ``limit`` at once, in order."""

    def __init__(
        self, limit: int = MAX_CONCURRENT, *, tick: float = 0.5, name: str = "Run"
    ) -> None:
        if limit < 1:
            raise ValueError(f"limit must be at least 1, not {limit}")
        self.limit, self.tick = limit, tick
        self.name = name
        """What runs are called: run ``k`` is labelled ``f"{name} {k}"`` unless given a label."""
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
        run = Run(self._count, label or f"{self.name} {self._count}")
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
