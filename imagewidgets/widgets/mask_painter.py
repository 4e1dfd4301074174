"""``MaskPainter``: paint, over an image, where an edit may change it, or draw marks that guide it.

The view (``js/src/mask_painter.js``) gets a display-sized copy of the picture; the mask is painted
at the image's native resolution, so a 4096-pixel image is masked pixel for pixel however small it
is shown. The mask travels both ways as PNG bytes in a binary buffer, in the API's convention
(alpha 0 = edit here): what the browser paints, Python reads; what Python sets, the browser shows.

The mask changes form once, at the edge: the painted PNG is what an edit sends (:attr:`mask`, no
decoding on the way), and no bytes at all mean nothing is marked. It is decoded into pixels only
when someone asks for them (:attr:`mask_array`: a fidelity report, a conforming copy, invert).

In markup mode (``mode="markup"``, gpt-image-2.5 and 2.6) the painter draws marks instead: pen
strokes, arrows, circles and rectangles in a few colours on a transparent RGBA layer at native
size, each mark with a label saying what it means (:attr:`marks`, :attr:`labels`). The layer is
:attr:`markup`, the PNG as drawn. An edit sends a mask or markup, never both: only the active
mode's layer is sent; the other is set aside, and the view says so.
"""

from __future__ import annotations

import json
from typing import Any

import anywidget
import numpy as np
import numpy.typing as npt
from traitlets import Bytes, Enum, Float, Int, TraitError, Unicode, validate

from imagewidgets.imaging.inputs import to_source
from imagewidgets.imaging.masks import mask_to_array, to_api_mask
from imagewidgets.imaging.source import SourceImage
from imagewidgets.imaging.thumbnails import display_image
from imagewidgets.widgets.marks import markup_bytes
from imagewidgets.widgets.painter_markup import MarkupLayer
from imagewidgets.widgets.theme import BINARY, STATIC

__all__ = ["BRUSH_SIZES", "MaskPainter"]

_BRUSH = json.loads((STATIC / "brush.json").read_text())
BRUSH_SIZES = (int(_BRUSH["min"]), int(_BRUSH["max"]))
"""The smallest and largest brush, in screen pixels (the slider's range), from
``js/src/lib/brush.json``: the view reads the same file."""
DISPLAY_SIDE = 2048
"""The longest side of the picture the browser gets: sharp enough to paint by, small to send."""

BoolArray = npt.NDArray[np.bool_]


class MaskPainter(anywidget.AnyWidget, MarkupLayer):
    """Paint a mask over an image: brush, eraser, undo/redo, clear, invert, fill.

    Example::

        painter = iw.MaskPainter(result)        # a GeneratedImage, a path, bytes, a PIL image
        display(painter)                        # paint where the image should change
        painter.mask                            # SourceImage: RGBA PNG, alpha 0 = edit here
        painter.mask_array.mean()               # share of the image marked (True = edit here)
        painter.set_mask(array)                 # a mask from Python shows on the canvas
        painter.mode = "markup"                 # draw marks instead; label each one
        painter.markup                          # SourceImage: the RGBA PNG as drawn
        painter.labels                          # {"the red circle": "a window", ...}
        painter.set_markup(rgba, marks=[{"tool": "circle", "color": "red", "label": "a window"}])

    Keys in the view: ``[`` / ``]`` brush (or line) size, ``B`` brush, ``E`` eraser, and in
    markup mode ``P`` pen, ``A`` arrow, ``C`` circle, ``R`` rectangle; Ctrl+Z undo,
    Ctrl+Shift+Z (or Ctrl+Y) redo.
    """

    _esm = STATIC / "mask_painter.js"
    _css = STATIC / "mask_painter.css"

    image_data = Bytes(b"").tag(sync=True, **BINARY)
    """The picture as the browser shows it: display-sized, encoded (WebP, PNG or JPEG)."""
    image_width = Int(0).tag(sync=True)
    """The image's native width in pixels: the mask's width."""
    image_height = Int(0).tag(sync=True)
    """The image's native height in pixels: the mask's height."""
    mask_png = Bytes(b"").tag(sync=True, **BINARY)
    """The mask as PNG bytes at native size, alpha 0 = edit here; ``b""`` when nothing is marked
    (the view sends no bytes for an empty mask; Python stores none)."""
    tool = Enum(("brush", "eraser"), default_value="brush").tag(sync=True)
    """What a stroke does: ``"brush"`` marks for editing, ``"eraser"`` unmarks."""
    brush_size = Int(40).tag(sync=True)
    """The brush diameter in screen pixels (so it feels the same at any zoom)."""
    overlay_opacity = Float(0.5).tag(sync=True)
    """How opaque the mask overlay is over the picture, 0..1."""
    overlay_color = Unicode("#ff4081").tag(sync=True)
    """The overlay colour (``#rgb`` or ``#rrggbb``)."""
    max_height = Unicode("70vh").tag(sync=True)
    """The tallest the picture may be shown (CSS length); it always fits the width."""

    def __init__(
        self, image: Any = None, *, mask: Any = None, markup: Any = None, **kwargs: Any
    ) -> None:
        super().__init__(**kwargs)
        self._source: SourceImage | None = None
        if image is not None:
            self.set_image(image, mask=mask, markup=markup)
        elif mask is not None or markup is not None:
            raise ValueError("a mask or markup needs an image: pass image= too, or set_image.")

    @validate("brush_size", "markup_width")
    def _valid_brush(self, proposal: dict[str, Any]) -> int:
        value, name = proposal["value"], proposal["trait"].name
        low, high = BRUSH_SIZES
        if not low <= value <= high:
            raise TraitError(f"{name} must be from {low} to {high} pixels, not {value!r}.")
        return int(value)

    @validate("overlay_opacity")
    def _valid_opacity(self, proposal: dict[str, Any]) -> float:
        value = proposal["value"]
        if not 0.0 <= value <= 1.0:
            raise TraitError(f"overlay_opacity must be from 0 to 1, not {value!r}.")
        return float(value)

    @property
    def image(self) -> SourceImage | None:
        """The image being masked, full resolution, as it will be sent."""
        return self._source

    @property
    def size(self) -> tuple[int, int]:
        """The image's native ``(width, height)``; ``(0, 0)`` without an image."""
        return (self.image_width, self.image_height)

    def set_image(self, image: Any, *, mask: Any = None, markup: Any = None) -> None:
        """Show ``image`` (anything :func:`~imagewidgets.imaging.inputs.to_source` takes) and
        start over with ``mask`` or ``markup`` (``None``: nothing marked or drawn)."""
        if mask is not None and markup is not None:
            raise ValueError("give a mask or markup, not both: an edit sends one or the other.")
        source = to_source(image)
        shown = display_image(source.data, max_side=DISPLAY_SIDE)
        size = (source.width, source.height)
        mask_bytes, markup_png = self._mask_bytes(mask, size), markup_bytes(markup, size)
        self._source = source
        with self.hold_sync():
            self.image_width, self.image_height = source.width, source.height
            self.image_data = shown.data
            self.mask_png, self.markup_png, self.marks = mask_bytes, markup_png, []
            if mask is not None or markup is not None:
                self.mode = "mask" if markup is None else "markup"

    @property
    def has_mask(self) -> bool:
        """Whether a mask is marked and would be sent (read from the bytes' presence: nothing
        is decoded); False in markup mode."""
        return self.mode == "mask" and bool(self.mask_png)

    @property
    def mask(self) -> SourceImage | None:
        """The mask as it is sent: the painted PNG bytes as they are (alpha 0 = edit here), at
        the image's native size; ``None`` when nothing is marked (then an edit may change the
        whole image) or in markup mode. Nothing is decoded or re-encoded."""
        if not self.has_mask:
            return None
        width, height = self.size
        png = bytes(self.mask_png)  # encoded by the painter view: known to decode
        return SourceImage(png, "png", width, height, True, "mask.png", encoded_here=True)

    @property
    def mask_array(self) -> BoolArray:
        """The mask as a ``(height, width)`` bool array, ``True`` = edit here."""
        if not self.mask_png:
            return np.zeros((self.image_height, self.image_width), dtype=bool)
        return mask_to_array(bytes(self.mask_png))

    def set_mask(self, mask: Any) -> None:
        """Show ``mask`` on the canvas: a bool/0-1 array (True = edit), a PIL image or PNG bytes
        in the API's convention, a path; ``None`` clears. It must match the image's size. A
        mask switches the painter to mask mode (the markup is set aside)."""
        self._needs_image()
        with self.hold_sync():
            self.mask_png = self._mask_bytes(mask, self.size)
            if mask is not None:
                self.mode = "mask"

    def clear(self) -> None:
        """Unmark everything, or in markup mode remove every mark (the view can undo it)."""
        if self.mode == "markup":
            self.set_markup(None)
        else:
            self.set_mask(None)

    def fill(self) -> None:
        """Mark the whole image for editing."""
        self.set_mask(np.ones((self.image_height, self.image_width), dtype=bool))

    def invert(self) -> None:
        """Swap what is marked and what is not."""
        self.set_mask(~self.mask_array)

    def undo(self) -> None:
        """Undo the last change in the open views (their history lives in the browser)."""
        self.send({"type": "undo"})

    def redo(self) -> None:
        """Redo the last undone change in the open views."""
        self.send({"type": "redo"})

    @staticmethod
    def _mask_bytes(mask: Any, size: tuple[int, int]) -> bytes:
        """``mask`` as the PNG the view shows and an edit sends; ``b""`` when nothing is marked
        (a mask given as an image is read once here, where it comes in)."""
        if mask is None:
            return b""
        if isinstance(mask, np.ndarray) and mask.shape != (size[1], size[0]):
            raise ValueError(
                f"mask is {mask.shape[1]}x{mask.shape[0]} but the image is "
                f"{size[0]}x{size[1]}; they must match."
            )
        png = to_api_mask(mask, size).data
        marked = mask_to_array(png) if not isinstance(mask, np.ndarray) else mask_array_of(mask)
        return png if marked.any() else b""


def mask_array_of(array: npt.NDArray[Any]) -> BoolArray:
    """Where a bool or 0..1 array marks "edit here" (``to_api_mask``'s reading of it)."""
    return np.asarray(array >= 0.5) if array.dtype != np.bool_ else array
