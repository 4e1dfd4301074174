"""``Board``: what each cell of a grid shows (state, caption, error card, thumbnail, images) and
the window of it on the :class:`GridView`.

Changes are gathered and sent together a moment later (one ``cells`` update for many changes,
when a loop runs); a thumbnail goes straight into its cell's frame model, if the cell is in
the window. Turning a page or a window sends that window's thumbnails, and nothing else.
"""

from __future__ import annotations

import asyncio
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from imagewidgets.api.results import GeneratedImage
from imagewidgets.grid.diff import Segment
from imagewidgets.grid.plan import Cell, GridPlan
from imagewidgets.widgets.frames import FrameData
from imagewidgets.widgets.grid.view import GridView

__all__ = ["CELLS_PER_WINDOW", "Board", "CellState"]

CELLS_PER_WINDOW = 100
"""About how many cells one window shows."""
_FLUSH_AFTER = 0.2
"""Seconds changes are gathered before they are sent (one small update for many)."""


@dataclass
class CellState:
    """One cell as shown: ``state`` (waiting, running, done, stored, failed, cancelled,
    skipped), its caption and error card, its thumbnail and its images."""

    state: str = "waiting"
    caption: str = "waiting"
    error: Mapping[str, Any] = field(default_factory=dict)
    thumb: bytes = b""
    images: list[GeneratedImage] = field(default_factory=list)


class Board:
    """The cells of ``plan`` on ``view``; ``costs`` and ``diff`` describe each cell."""

    def __init__(
        self, plan: GridPlan, view: GridView, costs: Mapping[Cell, str],
        diff: Mapping[Cell, list[Segment]],
    ) -> None:  # fmt: skip
        self.plan, self.view, self.costs, self.diff = plan, view, costs, diff
        self.states = {cell: _initial(cell) for cell in plan.cells}
        self._pending: asyncio.TimerHandle | None = None
        self._window: list[Cell] = []
        self._shown: dict[Cell, int] = {}
        view.rows_per_window = max(1, CELLS_PER_WINDOW // plan.shape[2])
        view.observe(lambda _: self.redraw(), ["page", "window"])

    def lay_out(self, summary: str) -> None:
        """Send the headers of the rows, columns and pages, the ``summary`` and the window."""
        plan, view = self.plan, self.view
        with view.hold_sync():
            view.label = f"Image grid: {', '.join(a.name for a in plan.spec.axes()) or 'one cell'}"
            view.row_title = " · ".join(axis.name for axis in plan.rows)
            view.column_title = " · ".join(axis.name for axis in plan.columns)
            view.row_headers = plan.headers(plan.rows) if plan.rows else [""]
            view.column_headers = plan.headers(plan.columns) if plan.columns else [""]
            view.pages = plan.headers(plan.pages) if plan.pages else []
            view.summary = summary
        self.redraw()

    def update(self, cell: Cell, **changes: Any) -> None:
        """Change what ``cell`` shows (``state=``, ``caption=``, ``error=``); sent soon."""
        state = self.states[cell]
        for name, value in changes.items():
            setattr(state, name, value)
        if self.visible(cell):
            self._soon()

    def show_thumb(self, cell: Cell, data: bytes) -> None:
        """Show ``data`` (thumbnail bytes) in ``cell``."""
        self.states[cell].thumb = data
        place = self._shown.get(cell)
        if place is not None and place < len(self.view.cell_frames):
            self.view.cell_frames[place].data = data

    def window(self) -> list[Cell]:
        """The cells the view shows now, row by row."""
        return list(self._window)

    def _place(self) -> list[Cell]:
        pages, rows, columns = self.plan.shape
        page = min(max(self.view.page, 0), pages - 1)
        first = min(max(self.view.window, 0) * self.view.rows_per_window, rows - 1)
        last = min(rows, first + self.view.rows_per_window)
        return [self.plan.cell(page, r, c) for r in range(first, last) for c in range(columns)]

    def visible(self, cell: Cell) -> bool:
        """Whether ``cell`` is in the window shown."""
        return cell in self._shown

    def redraw(self) -> None:
        """Send the window: its cells, and its thumbnails into the frame models."""
        window = self._window = self._place()
        self._shown = {cell: place for place, cell in enumerate(window)}
        frames = list(self.view.cell_frames)
        extra = [FrameData() for _ in range(len(window) - len(frames))]
        kept, dropped = (frames + extra)[: len(window)], frames[len(window) :]
        with self.view.hold_sync():
            self.view.cells = [self._cell_json(cell) for cell in window]
            self.view.cell_states = [self._state_json(cell) for cell in window]
            self.view.cell_frames = kept
        for frame, cell in zip(kept, window, strict=True):
            if frame.data != self.states[cell].thumb:
                frame.data = self.states[cell].thumb
        for frame in dropped:
            frame.close()

    def flush(self) -> None:
        """Send the window's cell states now (what :meth:`update` gathered)."""
        if self._pending is not None:
            self._pending.cancel()
            self._pending = None
        self.view.cell_states = [self._state_json(cell) for cell in self._window]

    def _soon(self) -> None:
        try:
            loop = asyncio.get_running_loop()
        except RuntimeError:
            self.flush()
            return
        if self._pending is None:
            self._pending = loop.call_later(_FLUSH_AFTER, self.flush)

    def _cell_json(self, cell: Cell) -> dict[str, Any]:
        segments = self.diff.get(cell, [])
        return {
            "key": cell.key, "row": cell.row, "column": cell.column,
            "cost": self.costs.get(cell, ""), "title": cell.prompt,
            "alt": f"{cell.prompt} ({', '.join(f'{k}={v}' for k, v in cell.values)})",
            "refused": cell.refused or "", "notes": list(cell.notes),
            "words": [word for word, _ in segments], "changed": [c for _, c in segments],
        }  # fmt: skip

    def _state_json(self, cell: Cell) -> dict[str, Any]:
        state = self.states[cell]
        return {"state": state.state, "caption": state.caption, "error": dict(state.error),
                "count": len(state.images)}  # fmt: skip


def _initial(cell: Cell) -> CellState:
    if cell.refused is not None:
        return CellState("skipped", "skipped: the rules table refuses it")
    return CellState()
