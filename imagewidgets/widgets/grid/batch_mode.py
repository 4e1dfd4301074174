"""A grid's batch from the widget's side: sent (or picked up from the store), polled with the
view's progress bar, and its results laid out in the cells, each failure in its own cell.

Example::

    mode = await BatchMode.start(grid, needed, pending)   # uploads, or resumes ``pending``
    await mode.run(errors)                                # polls, collects, lays out
    pick_up(grid)             # a new grid whose batch is under way (kept in the store) polls it
"""

from __future__ import annotations

import asyncio
from collections.abc import Mapping
from typing import TYPE_CHECKING

from imagewidgets.api.batch_objects import BatchJob
from imagewidgets.api.errors import NotFoundError
from imagewidgets.api.results import ImageList
from imagewidgets.grid import saved
from imagewidgets.grid.batch import BatchRequestError, GridBatch, Outcome
from imagewidgets.grid.plan import Cell
from imagewidgets.store import Store
from imagewidgets.widgets.runs.cards import error_card

if TYPE_CHECKING:
    from imagewidgets.widgets.grid.grid import Grid

__all__ = ["BatchMode", "find_batch", "pick_up", "thumbnail"]


class BatchMode:
    """One batch of ``grid`` (:class:`GridBatch`) shown on the grid."""

    def __init__(self, grid: Grid, batch: GridBatch) -> None:
        self.grid, self.batch = grid, batch

    @classmethod
    async def start(
        cls, grid: Grid, needed: Mapping[Cell, int], pending: saved.SavedBatch | None
    ) -> BatchMode:
        """Send ``needed`` as a new batch, or pick up ``pending`` (kept in the store)."""
        if pending is None:
            grid.say("Uploading the grid as one batch")
            batch = await GridBatch.submit(grid.client, grid.store, grid.spec, needed)
        else:
            batch = GridBatch(grid.client, grid.store, pending)
        waiting = {request["cell"] for request in batch.saved.requests.values()}
        for cell in grid.plan.cells:
            if cell.key in waiting:
                grid.board.update(cell, state="waiting", caption="in the batch", error={})
        return cls(grid, batch)

    async def run(self, errors: dict[Cell, BaseException]) -> None:
        """Poll until the batch is finished, then lay its results out (failures in ``errors``).

        A batch the service no longer knows (the offline emulator forgets its batches with its
        kernel) is let go, so the next run sends the grid again."""
        try:
            job = await self.batch.wait(self.grid.poll, self._progress)
        except NotFoundError as error:
            await asyncio.to_thread(saved.collected, self.grid.store, self.batch.saved, "lost")
            where = "the offline emulator forgets its batches when its kernel stops; " * (
                self.grid.client.offline
            )
            raise BatchRequestError(
                f"The service does not know batch {self.batch.batch_id} ({error.message}): "
                f"{where}run the grid again to send what is missing."
            ) from error
        self.grid.say(f"Batch {job.id} {job.status}: collecting its results")
        outcomes = await self.batch.collect(job)
        thumbs = await asyncio.to_thread(_thumbs_of, self.grid.store, outcomes)
        self._apply(outcomes, thumbs, errors)

    def _progress(self, job: BatchJob) -> None:
        text = f"Batch {job.id}: {job.describe()}"
        self.grid.view.progress = {"done": job.done, "failed": job.failed, "total": job.total,
                                   "text": text}  # fmt: skip
        self.grid.say(text)

    def _apply(
        self, outcomes: Mapping[str, Outcome], thumbs: Mapping[str, bytes],
        errors: dict[Cell, BaseException],
    ) -> None:  # fmt: skip
        by_key = {cell.key: cell for cell in self.grid.plan.cells}
        board = self.grid.board
        for key, outcome in outcomes.items():
            cell = by_key.get(key)
            if cell is None:
                continue
            if isinstance(outcome, ImageList):
                images = [*board.states[cell].images, *outcome]
                board.update(cell, images=images, state="done", caption="from the batch")
                board.show_thumb(cell, thumbs.get(key, b""))
            else:
                errors[cell] = outcome
                card = error_card(outcome).to_json()
                board.update(cell, state="failed", caption="failed", error=card)


def thumbnail(store: Store, sha256: str) -> bytes:
    """The stored thumbnail of an image (``b""`` when it cannot be read)."""
    try:
        return bytes(store.thumbnail(sha256))
    except OSError:
        return b""


def _thumbs_of(store: Store, outcomes: Mapping[str, Outcome]) -> dict[str, bytes]:
    """The thumbnail of each cell's first image (read from disk: run in a thread)."""
    return {key: thumbnail(store, found[0].sha256) for key, found in outcomes.items()
            if isinstance(found, ImageList) and found}  # fmt: skip


def find_batch(store: Store, batch_id: str | None = None) -> saved.SavedBatch:
    """The batch ``batch_id`` kept in ``store`` (None: the newest not yet collected);
    ``LookupError`` saying where it looked when there is none."""
    if batch_id is None:
        found = saved.pending(store)
    else:
        found = next((b for b in saved.saved_batches(store) if b.batch_id == batch_id), None)
    if found is None:
        raise LookupError(f"No batch {batch_id or 'waiting'} in the store at {store.path}.")
    return found


def pick_up(grid: Grid) -> None:
    """Start polling ``grid``'s batch at once if one is under way (kept in its store) and an
    event loop runs: re-running the cell after a kernel restart picks the batch up."""
    if grid.mode != "batch" or saved.pending(grid.store, grid.spec.key) is None:
        return
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return
    grid.say("A batch of this grid is under way: looking at it again")
    grid.start()
