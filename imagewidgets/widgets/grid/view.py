"""``GridView``: the grid's front end (``js/src/grid.js``): headers, one window of cells, the
selected cell full size with its provenance, the diff toggle and a progress bar.

Only one window of cells is on the page at a time (a page of the third axis, and
:attr:`GridView.rows_per_window` rows of it), so a grid of 1,000 cells stays as light as one of
100. Each visible cell's thumbnail is a :class:`~imagewidgets.widgets.frames.FrameData` of its
own (a new frame sends only its bytes); thumbnails only: the selected image comes at display
size, on request. The view sets ``page``, ``window``, ``selected``, ``selected_index`` and
``diff``; action buttons reach Python as messages ``{action, key, index}``.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import anywidget
from traitlets import Bool, Bytes, Dict, Instance, Int, List, Unicode

from imagewidgets.widgets.frames import FrameData
from imagewidgets.widgets.theme import BINARY, STATIC

__all__ = ["GRID_ACTIONS", "GridView"]

GRID_ACTIONS = ("edit", "vary", "use", "copy")
"""The actions under the selected image: Edit, Variations, Use these settings, Copy as Python."""


def _refs(frames: Sequence[FrameData], _: object) -> list[str]:
    return [f"anywidget:{frame.model_id}" for frame in frames]


class GridView(anywidget.AnyWidget):
    """The view of an ``iw.Grid`` (made by it; its state is set by the grid)."""

    _esm = STATIC / "grid.js"
    _css = STATIC / "grid.css"

    label = Unicode("Image grid").tag(sync=True)
    """The accessible name of the grid region."""
    row_title = Unicode("").tag(sync=True)
    """What the rows vary (an axis name, or several joined)."""
    column_title = Unicode("").tag(sync=True)
    """What the columns vary."""
    row_headers = List(Unicode()).tag(sync=True)
    """The header of every row (all of them: the view shows the window's)."""
    column_headers = List(Unicode()).tag(sync=True)
    """The header of every column."""
    pages = List(Unicode()).tag(sync=True)
    """The tab of each page of the third axis (empty for a grid of one page)."""
    page = Int(0).tag(sync=True)
    """The page shown (0-based); set by the view's tabs."""
    window = Int(0).tag(sync=True)
    """The window of rows shown (0-based); set by the view's pager."""
    rows_per_window = Int(10).tag(sync=True)
    """Rows in one window (so a window holds about 100 cells at most)."""
    cells = List(Dict()).tag(sync=True)
    """The window's cells, row by row, what does not change while they run: ``key``, ``row``,
    ``column``, ``cost``, ``title``, ``alt``, ``refused``, ``notes``, ``words`` and ``changed``
    (the diff against the neighbour)."""
    cell_states = List(Dict()).tag(sync=True)
    """What changes, one per cell of :attr:`cells`: ``state``, ``caption``, ``error`` card,
    ``count`` of images (small: sent again as cells run)."""
    cell_frames = List(Instance(FrameData)).tag(sync=True, to_json=_refs)
    """One thumbnail per cell of :attr:`cells` (``b""`` while it has none)."""
    summary = Unicode("").tag(sync=True)
    """Counts and cost: ``"4 cells · 4 requests · 4 images · about $0.02"``."""
    status = Unicode("").tag(sync=True)
    """What the grid does now, or what went wrong."""
    progress = Dict().tag(sync=True)
    """``done``, ``failed``, ``total`` and ``text`` of a run or batch in flight ({} when none)."""
    diff = Bool(False).tag(sync=True)
    """Whether each cell's caption highlights what differs from its neighbour."""
    selected = Unicode("").tag(sync=True)
    """The key of the cell shown full size ("" for none)."""
    selected_index = Int(0).tag(sync=True)
    """Which of the selected cell's images is shown."""
    detail = Dict().tag(sync=True)
    """The selected image: ``title``, ``rows`` of provenance, ``code``, ``count``, size."""
    detail_image = Bytes(b"").tag(sync=True, **BINARY)
    """The selected image at display size."""
    actions = List(Unicode(), list(GRID_ACTIONS)).tag(sync=True)
    """The action buttons offered under the selected image."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self._callbacks: list[Callable[[str, str, int], object]] = []
        self.on_msg(self._handle_message)

    def on_action(self, callback: Callable[[str, str, int], object]) -> None:
        """Call ``callback(action, cell_key, index)`` when an action button is pressed."""
        self._callbacks.append(callback)

    def close(self) -> None:
        """Close the view and its frames, emptied first (a saved notebook keeps no image)."""
        frames = list(self.cell_frames)
        if self.comm is not None:
            with self.hold_sync():
                self.cell_frames, self.cells, self.cell_states = [], [], []
                self.detail_image = b""
        for frame in frames:
            frame.close()
        super().close()

    def _handle_message(self, _: object, content: object, buffers: Sequence[bytes]) -> None:
        if not isinstance(content, dict) or content.get("action") not in GRID_ACTIONS:
            return
        key, index = content.get("key"), content.get("index", 0)
        if not isinstance(key, str) or isinstance(index, bool) or not isinstance(index, int):
            return
        for callback in list(self._callbacks):
            callback(str(content["action"]), key, index)
