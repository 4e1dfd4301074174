"""``ImagePreview``: a grid of images that form as their frames stream in, with a filmstrip.

The view (``js/src/preview.js``) gets display-sized bytes only (see
:mod:`imagewidgets.imaging.thumbnails`); full-resolution images stay in Python. Each cell of the
grid (one per image of the request) streams on its own. Everything the view shows is a synced
trait, so a re-opened notebook view rebuilds from state; the view sends only button presses.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import anywidget
from traitlets import Bool, Bytes, Dict, List, Unicode

from imagewidgets.api.events import CompletedImage, PartialImage
from imagewidgets.api.results import GeneratedImage
from imagewidgets.capabilities import parse_size
from imagewidgets.imaging.thumbnails import (
    DISPLAY_MAX_SIDE,
    FILMSTRIP_MAX_SIDE,
    DisplayImage,
    display_image,
)
from imagewidgets.widgets.theme import STATIC

__all__ = ["ACTIONS", "Frame", "ImagePreview", "prepare_frame"]

ACTIONS = ("edit", "vary", "save", "use", "copy")
"""The result actions a preview can offer under each final image (``ImagePreview.actions``)."""
_MESSAGES = frozenset((*ACTIONS, "cancel"))

Showable = PartialImage | CompletedImage | GeneratedImage


@dataclass(frozen=True)
class Frame:
    """One frame ready for the view: display bytes, a filmstrip thumbnail and their captions."""

    index: int
    shown: DisplayImage
    thumb: DisplayImage
    caption: str
    strip_caption: str
    final: bool


def prepare_frame(item: Showable, *, n: int = 1, index: int | None = None) -> Frame:
    """Make the display and filmstrip copies of a streamed frame or a final image.

    CPU work (decoding, scaling, encoding): the Studio runs it in a thread. Cells are smaller when
    the grid holds several images, so a whole grid stays cheap to send.
    """
    max_side = DISPLAY_MAX_SIDE if n == 1 else DISPLAY_MAX_SIDE // 2
    if isinstance(item, PartialImage):
        data, where = item.data, item.index
        caption = f"image {where + 1} · frame {item.partial_image_index + 1}"
        strip_caption, final = caption, False
    else:
        image = item.image if isinstance(item, CompletedImage) else item
        data, where = image.data, item.index if index is None else index
        caption = f"image {where + 1} · {image.width}x{image.height} {image.format}"
        strip_caption, final = f"image {where + 1} · final", True
    shown = display_image(data, max_side=max_side)
    thumb = display_image(shown.data, max_side=FILMSTRIP_MAX_SIDE)
    return Frame(where, shown, thumb, caption, strip_caption, final)


class ImagePreview(anywidget.AnyWidget):
    """A grid of images that stream in: each cell shows its latest frame, then the final image.

    Usable on its own with any stream of the client::

        preview = iw.ImagePreview(n=2, size="1024x1024")
        display(preview)
        async for event in client.stream_generate("two foxes", n=2, partial_images=2):
            preview.show(event)

    The Studio puts one preview per run and adds a status line, error cards, a Cancel button and
    result actions (``actions``; presses reach :meth:`on_action` callbacks).
    """

    _esm = STATIC / "preview.js"
    _css = STATIC / "preview.css"

    label = Unicode("Image preview").tag(sync=True)
    """The accessible name of the preview region (e.g. ``"Run 2"``)."""
    frames = List(Bytes()).tag(sync=True)
    """Display-sized bytes of each cell's latest frame; ``b""`` while the cell waits."""
    cells = List(Dict()).tag(sync=True)
    """Per cell: ``caption``, ``alt``, ``state`` (waiting/partial/final/failed), ``code``, size."""
    filmstrip = List(Bytes()).tag(sync=True)
    """Small copies of every frame of the run, in arrival order: how the picture formed."""
    filmstrip_captions = List(Unicode()).tag(sync=True)
    """The caption of each filmstrip frame."""
    status = Unicode("").tag(sync=True)
    """The status line ("streaming · frame 2 of 3 · 4.1 s")."""
    error = Dict().tag(sync=True)
    """The error card (``title``, ``advice``, ``request_id``, ``kind``), or ``{}``."""
    busy = Bool(False).tag(sync=True)
    """Whether the Cancel button shows."""
    actions = List(Unicode()).tag(sync=True)
    """The result actions offered under final images: names from :data:`ACTIONS`."""

    def __init__(self, n: int = 1, *, size: str | None = None, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self._callbacks: list[Callable[[str, int], object]] = []
        self._description = ""
        self.on_msg(self._handle_message)
        self.reset(n, size=size)

    def reset(self, n: int = 1, *, size: str | None = None, description: str = "") -> None:
        """Start over with ``n`` waiting cells shaped like ``size`` (``"1536x1024"``)."""
        width, height = parse_size(size or "") or (0, 0)
        self._description = description
        cell = {"caption": "waiting", "state": "waiting", "code": "", "width": width}
        cells = [{**cell, "height": height, "alt": self._alt(i, "waiting")} for i in range(n)]
        with self.hold_sync():
            self.frames = [b""] * n
            self.cells = cells
            self.filmstrip, self.filmstrip_captions = [], []
            self.error = {}

    def show(self, item: Showable, *, index: int | None = None) -> Frame:
        """Show a :class:`PartialImage`, :class:`CompletedImage` or final image in its cell."""
        frame = prepare_frame(item, n=len(self.cells), index=index)
        self.put(frame)
        return frame

    def put(self, frame: Frame) -> None:
        """Show a prepared :class:`Frame` in cell ``frame.index`` and add it to the filmstrip."""
        self._ensure_cells(frame.index + 1)
        frames, cells = list(self.frames), [dict(cell) for cell in self.cells]
        frames[frame.index] = frame.shown.data
        state = "final" if frame.final else "partial"
        cells[frame.index].update(
            caption=frame.caption,
            state=state,
            alt=self._alt(frame.index, frame.caption),
            width=frame.shown.width,
            height=frame.shown.height,
        )
        with self.hold_sync():
            self.frames, self.cells = frames, cells
            self.filmstrip = [*self.filmstrip, frame.thumb.data]
            self.filmstrip_captions = [*self.filmstrip_captions, frame.strip_caption]

    def set_code(self, index: int, code: str) -> None:
        """The Python code that "Copy as Python" copies for cell ``index``."""
        self._update_cell(index, code=code)

    def fail_waiting(self, caption: str = "not made") -> None:
        """Mark every cell that never got a frame (or only partial ones) as failed."""
        cells = [
            {**cell, "state": "failed", "caption": caption} if cell["state"] != "final" else cell
            for cell in self.cells
        ]
        self.cells = cells

    def on_action(self, callback: Callable[[str, int], object]) -> None:
        """Call ``callback(action, index)`` when a button is pressed (``"cancel"``: index -1)."""
        self._callbacks.append(callback)

    def _alt(self, index: int, what: str) -> str:
        subject = self._description or "image"
        return f"{subject} (image {index + 1}, {what})"

    def _ensure_cells(self, count: int) -> None:
        if len(self.cells) < count:
            extra = count - len(self.cells)
            waiting = {"caption": "waiting", "state": "waiting", "code": ""}
            with self.hold_sync():
                self.frames = [*self.frames, *([b""] * extra)]
                self.cells = [*self.cells, *({**waiting} for _ in range(extra))]

    def _update_cell(self, index: int, **changes: object) -> None:
        self._ensure_cells(index + 1)
        cells = [dict(cell) for cell in self.cells]
        cells[index].update(changes)
        self.cells = cells

    def _handle_message(self, _: object, content: object, buffers: Sequence[bytes]) -> None:
        if not isinstance(content, dict) or content.get("action") not in _MESSAGES:
            return
        index = content.get("index", -1)
        if isinstance(index, bool) or not isinstance(index, int):
            return
        for callback in list(self._callbacks):
            callback(str(content["action"]), index)
