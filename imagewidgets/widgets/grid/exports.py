"""A grid written out for readers without a kernel: the PNG contact sheet and the HTML page
(``Grid.export_png``, ``Grid.export_html``, the Export buttons), and the JPEG sheet beside the
widget in the notebook.

Example::

    write_png(grid, "comparison.png"); write_html(grid)   # grid-<key>.html in save_dir
"""

from __future__ import annotations

import asyncio
import base64
import os
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from imagewidgets.grid.page import html_page
from imagewidgets.grid.plan import Cell
from imagewidgets.grid.sheet import contact_sheet, encoded
from imagewidgets.widgets.runs.cards import error_card

if TYPE_CHECKING:
    from imagewidgets.widgets.grid.grid import Grid

__all__ = ["export_soon", "sheet_bundle", "write_html", "write_png"]

Write = Callable[["Grid", "str | os.PathLike[str] | None"], Path]


def write_png(grid: Grid, path: str | os.PathLike[str] | None = None) -> Path:
    """The contact sheet of every page as a PNG at ``path`` (default: in ``save_dir``)."""
    target = _target(grid, path, "png")
    target.write_bytes(encoded(contact_sheet(grid.plan, thumbs(grid), grid.runner.lines())))
    return target


def write_html(grid: Grid, path: str | os.PathLike[str] | None = None) -> Path:
    """The grid as one self-contained HTML page at ``path`` (default: in ``save_dir``)."""
    target = _target(grid, path, "html")
    page = html_page(grid.plan, thumbs(grid), grid.runner.lines(),
                     title=f"Grid: {grid.spec.prompts[0]}", summary=grid.view.summary)  # fmt: skip
    target.write_text(page, encoding="utf-8")
    return target


def export_soon(grid: Grid, write: Write) -> None:
    """Write an export off the event loop (an Export button), and say where it went."""

    async def run() -> None:
        try:
            path = await asyncio.to_thread(write, grid, None)
        except Exception as exc:
            grid.say(f"Could not export: {error_card(exc)}", warn=True)
        else:
            grid.say(f"Saved to {path}")

    grid.runner.hold(asyncio.ensure_future(run()))


def sheet_bundle(grid: Grid) -> dict[str, Any]:
    """The MIME bundle beside the widget: a JPEG sheet of the first page and a summary."""
    sheet = contact_sheet(grid.plan, thumbs(grid), grid.runner.lines(), pages=1, tile=128)
    jpeg = base64.b64encode(encoded(sheet, "JPEG")).decode("ascii")
    pages = grid.plan.shape[0]
    more = f"\n(the first of {pages} pages; the widget and export_png() have them all)"
    return {"image/jpeg": jpeg, "text/plain": grid.view.summary + (more if pages > 1 else "")}


def thumbs(grid: Grid) -> dict[Cell, bytes]:
    """The thumbnail of every cell that has one."""
    return {cell: state.thumb for cell, state in grid.board.states.items() if state.thumb}


def _target(grid: Grid, path: str | os.PathLike[str] | None, suffix: str) -> Path:
    return Path(path) if path is not None else grid.save_dir / f"grid-{grid.spec.key}.{suffix}"
