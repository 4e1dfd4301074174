"""``GridRunner``: one run of a grid from the Run button (or ``await grid.run()``) to the end.

First the store: the cells' images already there are shown and count (re-running fills only
what is missing). Then the estimate of what is missing and the budgets; then the cells go out,
live (:mod:`.live`) or as one batch (:mod:`imagewidgets.grid.batch`; a batch of this grid
already under way, kept in the store, is picked up instead of sending another). The work is a
task held here; its errors are said in the grid and raised to whoever awaits it.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from imagewidgets.api.results import GeneratedImage
from imagewidgets.grid import saved
from imagewidgets.grid.budget import check_budget
from imagewidgets.grid.estimate import estimate_grid
from imagewidgets.grid.found import stored_for
from imagewidgets.grid.plan import Cell
from imagewidgets.store import NotSavedError, Record
from imagewidgets.widgets.grid.batch_mode import BatchMode, thumbnail
from imagewidgets.widgets.grid.live import LiveRuns
from imagewidgets.widgets.runs.cards import error_card
from imagewidgets.widgets.runs.queue import RunQueue

if TYPE_CHECKING:
    from imagewidgets.widgets.grid.grid import Grid

__all__ = ["GridRunner"]

log = logging.getLogger("imagewidgets")


class GridRunner:
    """Runs ``grid``'s cells; holds the task, the live runs or the batch, and the errors."""

    def __init__(self, grid: Grid, max_concurrent: int) -> None:
        self.grid = grid
        self.queue = RunQueue(max_concurrent, name="Cell")
        self.errors: dict[Cell, BaseException] = {}
        self.task: asyncio.Future[None] | None = None
        self.live: LiveRuns | None = None
        self.batch: BatchMode | None = None
        """The batch under way, if any."""
        self._held: set[asyncio.Future[Any]] = set()

    def start(self) -> asyncio.Future[None]:
        """The run as a task (the one under way, if any)."""
        if self.task is None or self.task.done():
            self.task = asyncio.ensure_future(self._run())
            self.hold(self.task)
        return self.task

    def hold(self, task: asyncio.Future[Any]) -> None:
        """Keep a strong reference to ``task`` until it ends."""
        self._held.add(task)
        task.add_done_callback(self._held.discard)
        task.add_done_callback(_retrieved)

    async def settled(self) -> None:
        """Wait until the work under way has ended (the run, a selection, an export)."""
        while self._held:
            await asyncio.gather(*self._held, return_exceptions=True)

    def cancel(self) -> int:
        """Cancel the live runs, or ask the service to stop the batch."""
        if self.live is not None:
            return self.live.cancel()
        if self.batch is not None:
            self.grid.say(f"Asking the service to cancel batch {self.batch.batch.batch_id}")
            self.hold(asyncio.ensure_future(self.batch.batch.cancel()))
            return 1
        return 0

    def stored(self) -> dict[Cell, list[Record]]:
        """The cells' images in the store (reads the index: slow for a big grid)."""
        return stored_for(self.grid.store, self.grid.plan.cells)

    def missing(self, stored: Mapping[Cell, list[Record]]) -> dict[Cell, int]:
        """How many images each runnable cell still needs."""
        states = self.grid.board.states
        return {cell: max(0, cell.n - max(len(stored.get(cell, ())), len(states[cell].images)))
                for cell in self.grid.plan.cells if cell.refused is None}  # fmt: skip

    def lines(self) -> dict[Cell, str]:
        """A line for each cell: its cost and state, or why it has no image."""
        grid = self.grid
        found = {}
        for cell, state in grid.board.states.items():
            cost = grid.board.costs.get(cell, "")
            why = cell.refused or (state.error.get("title") if state.error else "") or ""
            found[cell] = f"skipped: {why}" if cell.refused else why or f"{cost} · {state.state}"
        return found

    async def _run(self) -> None:
        grid = self.grid
        grid.cancel_button.disabled = False
        try:
            await self._send(grid)
        except Exception as exc:
            log.debug("the grid's run failed", exc_info=True)
            grid.say(str(error_card(exc)), warn=True)
            raise
        finally:
            grid.cancel_button.disabled = True
            self.live = None
            grid.board.flush()
            grid.sheet.refresh()

    async def _send(self, grid: Grid) -> None:
        grid.say("Looking for the cells' images in the store")
        found = await asyncio.to_thread(self._load_stored)
        for cell, (images, thumb) in found.items():
            grid.board.update(cell, images=images, state="stored", caption="in the store")
            grid.board.show_thumb(cell, thumb)
        needed = self.missing({cell: [] for cell in grid.plan.cells})
        pending = await asyncio.to_thread(saved.pending, grid.store, grid.spec.key)
        estimate = await asyncio.to_thread(
            estimate_grid, grid.plan, grid.store.spend, batch=grid.mode == "batch",
            partial_images=grid.partial_images, missing=needed,
        )  # fmt: skip
        grid.view.summary = estimate.describe()
        if pending is None:
            await asyncio.to_thread(check_budget, estimate, grid.store.spend, grid.budget)
        if not estimate.requests and pending is None:
            grid.say("Every cell has its images (from the store); nothing to send")
            return
        if grid.mode == "live":
            await self._live(needed)
        else:
            self.batch = await BatchMode.start(grid, needed, pending)
            try:
                await self.batch.run(self.errors)
            finally:
                self.batch = None
        grid.say(self._ended_text())

    def _load_stored(self) -> dict[Cell, tuple[list[GeneratedImage], bytes]]:
        """The stored images of the cells that have none shown yet, loaded, with a thumbnail."""
        states, store = self.grid.board.states, self.grid.store
        found = {}
        for cell, records in self.stored().items():
            if records and not states[cell].images:
                images = [image for r in records if isinstance(image := store.load(r.sha256),
                                                                GeneratedImage)]  # fmt: skip
                found[cell] = (images, thumbnail(store, records[0].sha256))
        return found

    async def _live(self, needed: dict[Cell, int]) -> None:
        grid = self.grid
        self.live = LiveRuns(grid.board, grid.client, self.queue, self._deliver,
                             grid.partial_images)  # fmt: skip
        grid.say(f"Running {sum(1 for n in needed.values() if n)} cells")
        await self.live.run(needed)
        for cell, run in self.live.runs.items():
            if run.error is not None:
                self.errors[cell] = run.error

    async def _deliver(self, cell: Cell, image: GeneratedImage) -> None:
        state = self.grid.board.states[cell]
        self.grid.board.update(cell, images=[*state.images, image])
        try:
            await self.grid.store.add_async(image)
        except NotSavedError as error:
            self.grid.say(str(error_card(error)), warn=True)
        self.grid.sheet.refresh()

    def _ended_text(self) -> str:
        states = [state.state for state in self.grid.board.states.values()]
        made = sum(s in ("done", "stored") for s in states)
        failed = sum(s == "failed" for s in states)
        cancelled = sum(s == "cancelled" for s in states)
        words = [f"{made} of {len(states)} cells have images"]
        words += [f"{failed} failed"] if failed else []
        words += [f"{cancelled} cancelled"] if cancelled else []
        return " · ".join(words)


def _retrieved(task: asyncio.Future[Any]) -> None:
    """Mark a task's exception as seen (it was said in the grid already)."""
    if not task.cancelled():
        task.exception()
