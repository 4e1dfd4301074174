"""The frames of an :class:`~imagewidgets.widgets.preview.ImagePreview`: made once, sent once.

:func:`prepare_frame` makes the display copy and the filmstrip thumbnail of a streamed frame or
a final image (CPU work: the runs do it in a thread). :class:`FrameData` carries one frame's
bytes to the browser as a small widget model of its own (no view: the preview's view reads it by
reference), so a new frame sends its own bytes and no other frame's.

Example:
    >>> import io
    >>> from PIL import Image
    >>> from imagewidgets.api.events import PartialImage
    >>> buffer = io.BytesIO()
    >>> Image.new("RGB", (640, 480), "teal").save(buffer, "PNG")
    >>> event = PartialImage(0, 1, buffer.getvalue(), "png", "640x480", "low", "auto", 0)
    >>> frame = prepare_frame(event)
    >>> frame.caption, (frame.thumb.width, frame.thumb.height)
    ('image 1 · frame 2', (192, 144))
"""

from __future__ import annotations

from dataclasses import dataclass

from ipywidgets import Widget
from traitlets import Bytes

from imagewidgets.api.events import CompletedImage, PartialImage
from imagewidgets.api.results import GeneratedImage
from imagewidgets.imaging.thumbnails import (
    DISPLAY_MAX_SIDE,
    FILMSTRIP_MAX_SIDE,
    DisplayImage,
    display_image,
)
from imagewidgets.widgets.theme import BINARY

__all__ = ["Frame", "FrameData", "Showable", "prepare_frame"]

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


class FrameData(Widget):  # type: ignore[misc]
    """One frame's display bytes as a widget model with no view of its own (the preview's view
    reads it by reference): setting :attr:`data` sends these bytes and nothing else."""

    data = Bytes(b"").tag(sync=True, **BINARY)
    """Display-sized encoded image bytes; ``b""`` while there is no frame."""

    def close(self) -> None:
        """Send the bytes away first (a saved notebook keeps a closed model's last state)."""
        if self.comm is not None:
            self.data = b""
        super().close()
