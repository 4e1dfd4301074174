"""The grid as an ordinary image output beside the widget: what a saved notebook shows where no
kernel runs (GitHub, ``nbconvert``, a notebook opened later).

A JPEG contact sheet of the first page (headers, thumbnails, a line per cell) with a
``text/plain`` summary, displayed once with a display id and updated in place as cells finish.
Composing it takes a moment, so it is done in a worker thread, one at a time: changes that come
meanwhile are drawn by the next one.
"""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import Callable
from typing import Any

__all__ = ["GridSheet"]

Compose = Callable[[], dict[str, Any]]


class GridSheet:
    """A display-id'd output, redrawn from ``compose`` (a MIME bundle, made in a thread)."""

    def __init__(self, compose: Compose) -> None:
        self.compose = compose
        self.display_id = f"imagewidgets-grid-{uuid.uuid4().hex}"
        self.displayed = False
        self._busy = False
        self._again = False
        self._task: asyncio.Future[None] | None = None

    def display(self, widget: Any = None) -> None:
        """Put the sheet in the current cell's output (drawn now), after ``widget``'s MIME
        bundle (a ``(data, metadata)`` pair or data) when one is given."""
        from IPython.display import display

        if widget is not None:
            data, metadata = widget if isinstance(widget, tuple) else (widget, {})
            display(data, metadata=metadata, raw=True)  # type: ignore[no-untyped-call]
        display(self.compose(), raw=True, display_id=self.display_id)  # type: ignore[no-untyped-call]
        self.displayed = True

    def refresh(self) -> None:
        """Draw the sheet again soon (off the event loop), if it is displayed."""
        if not self.displayed:
            return
        if self._busy:
            self._again = True
            return
        try:
            asyncio.get_running_loop()
        except RuntimeError:
            self._show(self.compose())
            return
        self._busy = True
        self._task = asyncio.ensure_future(self._redraw())

    async def settled(self) -> None:
        """Wait for the redraw under way, if any."""
        while self._task is not None and not self._task.done():
            await self._task

    async def _redraw(self) -> None:
        try:
            while True:
                self._again = False
                self._show(await asyncio.to_thread(self.compose))
                if not self._again:
                    return
        finally:
            self._busy = False

    def _show(self, bundle: dict[str, Any]) -> None:
        from IPython.display import update_display

        update_display(bundle, raw=True, display_id=self.display_id)  # type: ignore[no-untyped-call]
