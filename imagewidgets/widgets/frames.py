"""The frames of an :class:`~imagewidgets.widgets.preview.ImagePreview`: made once, sent once.

:func:`prepare_frame` makes the display copy and the filmstrip thumbnail of a streamed frame or
a final image (CPU work: the runs do it in a thread). An SVG shows as its safe copy (a vector,
crisp at any zoom); an animated GIF as its first frame plus each frame apart
(:attr:`Frame.animation`, with :attr:`Frame.durations`), which the view plays, pauses and scrubs.
:class:`FrameData` carries one frame's bytes to the browser as a small widget model of its own
(no view: the preview's view reads it by reference), so a new frame sends its own bytes and no
other frame's.

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

import io
from dataclasses import dataclass

from ipywidgets import Widget
from PIL import Image
from traitlets import Bytes

from imagewidgets.api.events import CompletedImage, PartialImage
from imagewidgets.api.results import GeneratedImage
from imagewidgets.imaging.display import display_copy
from imagewidgets.imaging.thumbnails import (
    DISPLAY_BUDGET,
    DISPLAY_MAX_SIDE,
    FILMSTRIP_MAX_SIDE,
    DisplayImage,
    display_image,
)
from imagewidgets.widgets.theme import BINARY

__all__ = ["ANIMATION_MAX_SIDE", "Frame", "FrameData", "Showable", "prepare_frame"]

ANIMATION_MAX_SIDE = 768
"""The longest side of each frame of an animation the preview plays (up to 16 are sent)."""

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
    animation: tuple[DisplayImage, ...] = ()
    """An animated GIF's frames, display-sized (empty for a still image)."""
    durations: tuple[int, ...] = ()
    """How long each of :attr:`animation` shows, in milliseconds."""


def prepare_frame(item: Showable, *, n: int = 1, index: int | None = None) -> Frame:
    """Make the display and filmstrip copies of a streamed frame or a final image.

    CPU work (decoding, scaling, encoding): the Studio runs it in a thread. Cells are smaller when
    the grid holds several images, so a whole grid stays cheap to send.
    """
    max_side = DISPLAY_MAX_SIDE if n == 1 else DISPLAY_MAX_SIDE // 2
    image = item.image if isinstance(item, CompletedImage) else item
    if isinstance(image, GeneratedImage) and image.format in ("gif", "svg"):
        return _new_kind(image, item.index if index is None else index, max_side)
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


def _new_kind(image: GeneratedImage, where: int, max_side: int) -> Frame:
    """The frame of a final SVG (its safe vector) or GIF (its first frame and every frame)."""
    size = f"{image.width}x{image.height} {image.format}"
    thumb = display_image(image.data, max_side=FILMSTRIP_MAX_SIDE)
    if not image.animated:
        shown = display_copy(image.data, max_side=max_side)
        return Frame(where, shown, thumb, f"image {where + 1} · {size}", _final(where), True)
    budget = DISPLAY_BUDGET // image.frame_count
    side = min(max_side, ANIMATION_MAX_SIDE)
    frames = tuple(
        display_image(_png(frame), max_side=side, budget=budget) for frame in image.frames()
    )
    caption = f"image {where + 1} · {size} · {image.frame_count} frames"
    return Frame(where, frames[0], thumb, caption, _final(where), True, frames, image.durations)


def _final(where: int) -> str:
    return f"image {where + 1} · final"


def _png(picture: Image.Image) -> bytes:
    buffer = io.BytesIO()
    picture.save(buffer, "PNG", compress_level=1)
    return buffer.getvalue()


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
