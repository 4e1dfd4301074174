"""The selected cell's image, full size with its provenance and its Python code, for the view.

Computed in a worker thread (decoding, scaling): the image at display size (full-resolution
bytes stay in Python), the provenance rows the gallery shows (plus the batch that made it), and
"Copy as Python". The action buttons under it go to the grid's ``on_action`` callbacks, else
to its :class:`~imagewidgets.widgets.grid.actions.ActionArea`.

Example::

    info, shown = cell_detail(cell, images, index=0, store=store)
    show_selected(grid)          # what selecting a cell in the view does
    act_on(grid, "edit", "0-1-2", 0)   # what its Edit button does
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from imagewidgets.api.results import GeneratedImage
from imagewidgets.grid.plan import Cell
from imagewidgets.imaging.thumbnails import display_image
from imagewidgets.store import Store
from imagewidgets.store.record import record_for
from imagewidgets.store.snippet import python_code
from imagewidgets.widgets.history.items import provenance_rows
from imagewidgets.widgets.runs.cards import error_card

if TYPE_CHECKING:
    from imagewidgets.widgets.grid.grid import Grid

__all__ = ["act_on", "cell_detail", "show_selected"]

log = logging.getLogger("imagewidgets")


def cell_detail(
    cell: Cell, images: Sequence[GeneratedImage], index: int, store: Store | None
) -> tuple[dict[str, Any], bytes]:
    """The detail of image ``index`` of ``cell`` (``{}`` and no bytes when it has none)."""
    if not images:
        return {}, b""
    index = min(max(index, 0), len(images) - 1)
    image = images[index]
    shown = display_image(image.data)
    record = store.get(image.sha256) if store is not None else None
    rows = provenance_rows(record or record_for(image, stored_at=time.time()), store)
    batch = image.response.get("batch_id")
    if isinstance(batch, str):
        rows.append(["Batch", f"{batch} ({image.response.get('custom_id', '')})"])
    values = ", ".join(f"{name}={value}" for name, value in cell.values)
    info = {"key": cell.key, "title": cell.prompt, "subtitle": values, "rows": rows,
            "code": python_code(image), "count": len(images), "index": index,
            "width": shown.width, "height": shown.height,
            "alt": image.revised_prompt or cell.prompt}  # fmt: skip
    return info, shown.data


def show_selected(grid: Grid) -> None:
    """Show the view's selected cell full size: computed off the event loop when the browser
    chose it, at once when Python code did (it reads the result next; its cell holds the loop
    anyway)."""
    view = grid.view
    cell = next((c for c in grid.plan.cells if c.key == view.selected), None)
    images = list(grid.board.states[cell].images) if cell is not None else []
    if cell is None or not images:
        with view.hold_sync():
            view.detail, view.detail_image = {}, b""
        return
    compute = (cell, images, view.selected_index, grid.store)
    if not _by_browser(grid):
        _show(grid, cell_detail(*compute))
        return
    grid.runner.hold(asyncio.ensure_future(_soon(grid, compute)))


def _by_browser(grid: Grid) -> bool:
    """Whether the browser set the selection (it is being synced in) while a loop runs."""
    if not {"selected", "selected_index"} & set(grid.view._property_lock):
        return False
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return False
    return True


async def _soon(grid: Grid, compute: tuple[Any, ...]) -> None:
    asked = grid.view.selected, grid.view.selected_index
    found = await asyncio.to_thread(cell_detail, *compute)
    if (grid.view.selected, grid.view.selected_index) == asked:  # not chosen again meanwhile
        _show(grid, found)


def _show(grid: Grid, found: tuple[dict[str, Any], bytes]) -> None:
    with grid.view.hold_sync():
        grid.view.detail, grid.view.detail_image = found


def act_on(grid: Grid, action: str, key: str, index: int) -> None:
    """Do ``action`` with image ``index`` of cell ``key``: the grid's ``on_action`` callbacks,
    else its action area; a failure is said in the grid."""
    cell = next((c for c in grid.plan.cells if c.key == key), None)
    images = grid.board.states[cell].images if cell is not None else []
    if not images:
        return
    image = images[min(max(index, 0), len(images) - 1)]
    try:
        for callback in list(grid.callbacks):
            callback(action, image)
        if not grid.callbacks:
            grid.actions_area.act(action, image)
    except Exception as exc:
        log.debug("grid action %s failed", action, exc_info=True)
        grid.say(str(error_card(exc)), warn=True)
