"""Live mode: each cell of a grid is a run, streamed into its cell like a Studio run.

The runs share one :class:`RunQueue` (at most ``max_concurrent`` at once, four by default), so
the client's retry policy backs off a 429 in each; a run that fails shows its error card in its
cell and the others go on; cancelling cancels them all. A cell streams with its partial frames
(unless its output cannot stream: GIF, SVG); each final image is stored before it is shown.

Example::

    live = LiveRuns(board, client, queue, deliver, partial_images=1)
    await live.run({cell: 1 for cell in plan.cells})
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Mapping, Sequence
from functools import partial
from typing import Any

from imagewidgets.api.client import ImagesClient
from imagewidgets.api.results import GeneratedImage
from imagewidgets.capabilities import InvalidParameterError, quiet, validate
from imagewidgets.grid.plan import Cell
from imagewidgets.store.snippet import python_code
from imagewidgets.widgets.frames import Frame
from imagewidgets.widgets.grid.board import Board
from imagewidgets.widgets.runs.queue import Run, RunQueue
from imagewidgets.widgets.runs.streaming import show_answer, show_stream

__all__ = ["CellScreen", "LiveRuns", "streams"]

Deliver = Callable[[Cell, GeneratedImage], Awaitable[None]]


class CellScreen:
    """A cell of the grid as the place a run shows its frames (a ``Screen``): the first
    image's frames become the cell's thumbnail."""

    def __init__(self, board: Board, cell: Cell, count: int) -> None:
        self.board, self.cell = board, cell
        self.cells: Sequence[object] = [{}] * count

    def put(self, frame: Frame) -> None:
        """Show the frame's thumbnail in the cell (the first image's frames only)."""
        if frame.index == 0:
            self.board.show_thumb(self.cell, frame.thumb.data)

    def set_code(self, index: int, code: str) -> None:
        """Nothing: the code of a cell's image is made when the image is selected."""


def streams(cell: Cell, partial_images: int) -> bool:
    """Whether ``cell`` can stream with ``partial_images`` frames (GIF and SVG cannot)."""
    request = {"prompt": cell.prompt, **cell.params, "stream": True,
               "partial_images": partial_images}  # fmt: skip
    try:
        with quiet():
            validate("generate", request, check_lifecycle=False)
    except InvalidParameterError:
        return False
    return True


class LiveRuns:
    """Runs a grid's cells live on ``board``."""

    def __init__(
        self, board: Board, client: ImagesClient, queue: RunQueue, deliver: Deliver,
        partial_images: int = 1,
    ) -> None:  # fmt: skip
        self.board, self.client, self.queue = board, client, queue
        self.deliver, self.partial_images = deliver, partial_images
        self.runs: dict[Cell, Run] = {}

    async def run(self, needed: Mapping[Cell, int]) -> None:
        """Run each cell for the images it needs; returns when every run has ended."""
        for cell, count in needed.items():
            if count > 0:
                work = partial(self._work, cell, count)
                run = self.queue.submit(work, label=f"Cell {cell.key}")
                self.runs[cell] = run
                self._follow(cell, run)
        await asyncio.gather(*(_ended(run) for run in self.runs.values()))

    def cancel(self) -> int:
        """Cancel every run that waits or streams; how many were cancelled."""
        return sum(run.cancel() for run in self.runs.values())

    async def _work(self, cell: Cell, count: int, run: Run) -> list[GeneratedImage]:
        params: dict[str, Any] = {**cell.params}
        params["n"] = count if count > 1 or "n" in cell.params else None
        screen = CellScreen(self.board, cell, count)
        shown: dict[str, Any] = {"deliver": partial(self.deliver, cell), "code_for": python_code}
        if streams(cell, self.partial_images):
            frames = self.partial_images
            events = self.client.stream_generate(
                cell.prompt, **params, partial_images=frames, on_retry=run.retrying
            )
            return list(await show_stream(events, screen, run, n=count, partials=frames, **shown))
        answer = self.client.generate(cell.prompt, **params, on_retry=run.retrying)
        return list(await show_answer(answer, screen, run, **shown))

    def _follow(self, cell: Cell, run: Run) -> None:
        def show(_: object = None) -> None:
            card = run.card.to_json() if run.card is not None else {}
            state = {"waiting": "waiting", "running": "running"}.get(run.state, run.state)
            self.board.update(cell, state=state, caption=run.status, error=card)

        run.observe(show, ["status", "card", "state"])
        show()


async def _ended(run: Run) -> None:
    """Wait for a run to end, whatever its end (its card shows a failure)."""
    if run.task is not None:
        await asyncio.gather(run.task, return_exceptions=True)
