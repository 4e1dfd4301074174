"""``ImagePreview``: a grid of images that form as their frames stream in, with a filmstrip.

The view (``js/src/preview.js``) gets display-sized bytes only (see
:mod:`imagewidgets.imaging.thumbnails`); full-resolution images stay in Python. Each cell of the
grid (one per image of the request) streams on its own. Everything the view shows is a synced
trait, so a re-opened notebook view rebuilds from state; the view sends only button presses.

Each frame is sent once: a cell's latest frame and each filmstrip frame is a
:class:`~imagewidgets.widgets.frames.FrameData`, a small model of its own holding one ``Bytes``
trait, so a new frame sends its bytes and no other frame's (a run sends as many image bytes as it
has distinct frames). A closed preview empties and closes its frames, so a saved notebook keeps
none of them.

An animated GIF plays in its cell: each of its frames is a ``FrameData`` of
:attr:`ImagePreview.animation_frames`, and the cell says which ones and for how long
(``cells[i]["animation"]``); the view has play/pause and a frame slider. Edit and Variations on
it start from the frame the slider shows (:meth:`ImagePreview.chosen_frame`). An SVG shows as its
safe copy, a vector drawn as an image.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import anywidget
from traitlets import Bool, Dict, Instance, List, Unicode

from imagewidgets.capabilities import parse_size
from imagewidgets.widgets.frames import Frame, FrameData, Showable, prepare_frame
from imagewidgets.widgets.theme import STATIC

__all__ = ["ACTIONS", "ImagePreview"]

ACTIONS = ("edit", "vary", "save", "use", "copy")
"""The result actions a preview can offer under each final image (``ImagePreview.actions``)."""
_MESSAGES = frozenset((*ACTIONS, "cancel"))


def _refs(frames: Sequence[FrameData], _: object) -> list[str]:
    """The frames as references the view resolves (``anywidget:<model id>``)."""
    return [f"anywidget:{frame.model_id}" for frame in frames]


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
    """The accessible name of the preview region (e.g. ``"Generation run 2"``)."""
    cell_frames = List(Instance(FrameData)).tag(sync=True, to_json=_refs)
    """One :class:`FrameData` per cell: its latest frame (``b""`` while it waits)."""
    cells = List(Dict()).tag(sync=True)
    """Per cell: ``caption``, ``alt``, ``state`` (waiting/partial/final/failed/cancelled),
    ``code``, size."""
    strip_frames = List(Instance(FrameData)).tag(sync=True, to_json=_refs)
    """One :class:`FrameData` per filmstrip frame: small copies of every frame of the run, in
    arrival order (how the picture formed)."""
    filmstrip_captions = List(Unicode()).tag(sync=True)
    """The caption of each filmstrip frame."""
    animation_frames = List(Instance(FrameData)).tag(sync=True, to_json=_refs)
    """The frames of every animated cell, in order; ``cells[i]["animation"]`` says which
    (``first``, ``count``) and for how long (``durations``, in milliseconds)."""
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
        self._chosen: dict[int, int] = {}
        self.on_msg(self._handle_message)
        self.reset(n, size=size)

    @property
    def frames(self) -> list[bytes]:
        """Display-sized bytes of each cell's latest frame; ``b""`` while the cell waits."""
        return [frame.data for frame in self.cell_frames]

    @property
    def filmstrip(self) -> list[bytes]:
        """The filmstrip's frames, in arrival order."""
        return [frame.data for frame in self.strip_frames]

    def reset(self, n: int = 1, *, size: str | None = None, description: str = "") -> None:
        """Start over with ``n`` waiting cells shaped like ``size`` (``"1536x1024"``)."""
        width, height = parse_size(size or "") or (0, 0)
        self._description = description
        cell = {"caption": "waiting", "state": "waiting", "code": "", "width": width}
        cells = [{**cell, "height": height, "alt": self._alt(i, "waiting")} for i in range(n)]
        kept, dropped = self.cell_frames[:n], [*self.cell_frames[n:], *self.strip_frames]
        dropped += self.animation_frames
        for frame in kept:
            frame.data = b""
        self._chosen = {}
        with self.hold_sync():
            self.cell_frames = [*kept, *(FrameData() for _ in range(n - len(kept)))]
            self.cells = cells
            self.strip_frames, self.filmstrip_captions = [], []
            self.animation_frames = []
            self.error = {}
        _close(dropped)

    def show(self, item: Showable, *, index: int | None = None) -> Frame:
        """Show a :class:`PartialImage`, :class:`CompletedImage` or final image in its cell."""
        frame = prepare_frame(item, n=len(self.cells), index=index)
        self.put(frame)
        return frame

    def put(self, frame: Frame) -> None:
        """Show a prepared :class:`Frame` in cell ``frame.index`` and add it to the filmstrip."""
        self._ensure_cells(frame.index + 1)
        cells = [dict(cell) for cell in self.cells]
        state = "final" if frame.final else "partial"
        cells[frame.index].update(
            caption=frame.caption,
            state=state,
            alt=self._alt(frame.index, frame.caption),
            width=frame.shown.width,
            height=frame.shown.height,
        )
        thumb = FrameData(data=frame.thumb.data)
        playing = [FrameData(data=shown.data) for shown in frame.animation]
        cells[frame.index].pop("animation", None)
        if playing:
            first, durations = len(self.animation_frames), list(frame.durations)
            cells[frame.index]["animation"] = {
                "first": first, "count": len(playing), "durations": durations,
            }  # fmt: skip
        with self.hold_sync():
            self.animation_frames = [*self.animation_frames, *playing]
            self.cells = cells
            self.strip_frames = [*self.strip_frames, thumb]
            self.filmstrip_captions = [*self.filmstrip_captions, frame.strip_caption]
        # The caption and state first, then the bytes: the view shows the new picture under
        # its own caption (the cell's bytes travel in the cell's own model).
        self.cell_frames[frame.index].data = frame.shown.data

    def chosen_frame(self, index: int) -> int:
        """The frame of cell ``index``'s animation its slider showed at the last action pressed
        under it (0 for a still image, or before any)."""
        return self._chosen.get(index, 0)

    def set_code(self, index: int, code: str) -> None:
        """The Python code that "Copy as Python" copies for cell ``index``."""
        self._update_cell(index, code=code)

    def fail_waiting(self, caption: str = "not made", *, state: str = "failed") -> None:
        """Mark every cell that never got its final image as ``state``: ``"failed"``, or
        ``"cancelled"`` when the run was cancelled (a cancel is no failure)."""
        cells = [
            {**cell, "state": state, "caption": caption} if cell["state"] != "final" else cell
            for cell in self.cells
        ]
        self.cells = cells

    def close(self) -> None:
        """Close the preview and its frames, emptied first: a closed preview leaves no image
        bytes behind (nbclient saves every model's last state, closed or not)."""
        if self.comm is not None:
            frames = [*self.cell_frames, *self.strip_frames, *self.animation_frames]
            with self.hold_sync():
                self.cell_frames, self.strip_frames, self.animation_frames = [], [], []
                self.cells, self.filmstrip_captions, self.error = [], [], {}
            _close(frames)
        super().close()

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
                self.cell_frames = [*self.cell_frames, *(FrameData() for _ in range(extra))]
                self.cells = [*self.cells, *({**waiting} for _ in range(extra))]

    def _update_cell(self, index: int, **changes: object) -> None:
        self._ensure_cells(index + 1)
        cells = [dict(cell) for cell in self.cells]
        cells[index].update(changes)
        self.cells = cells

    def _handle_message(self, _: object, content: object, buffers: Sequence[bytes]) -> None:
        if not isinstance(content, dict) or content.get("action") not in _MESSAGES:
            return
        index, frame = content.get("index", -1), content.get("frame", 0)
        if isinstance(index, bool) or not isinstance(index, int):
            return
        if isinstance(frame, int) and not isinstance(frame, bool) and frame >= 0:
            self._chosen[index] = frame
        for callback in list(self._callbacks):
            callback(str(content["action"]), index)


def _close(frames: Sequence[FrameData]) -> None:
    for frame in frames:
        frame.close()
