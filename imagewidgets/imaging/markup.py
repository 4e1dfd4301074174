"""Markup overlays for edits: a transparent PNG with marks drawn on it, laid over the first image.

The service takes the marks (arrows, circles, scribbles) as guidance for the edit: it must be a
PNG of the first image's dimensions with transparent pixels where the image shows through.

:func:`to_markup` reads a PNG's header only, so a request is built without decoding it (the
painter's PNG, known to be a good one, is never decoded at all); a markup given as a file or
bytes has its pixels checked by :func:`check_markup_pixels` before sending, off the event loop.
An RGBA array or a PIL image is checked and encoded where it comes in; another format with
alpha is re-encoded as a PNG. :func:`near_marks` is what "near the marks" means: the emulator
changes the picture there, and the fidelity report measures change everywhere else.

Example:
    >>> from PIL import Image, ImageDraw
    >>> overlay = Image.new("RGBA", (64, 48), (0, 0, 0, 0))
    >>> ImageDraw.Draw(overlay).ellipse((10, 10, 30, 30), outline="red", width=3)
    >>> markup = to_markup(overlay, (64, 48))
    >>> markup.format, markup.width, markup.height, markup.filename
    ('png', 64, 48, 'markup.png')
    >>> marks = marked_pixels(markup.data)
    >>> int(marks.sum()) < int(near_marks(marks, markup_reach(64, 48)).sum())
    True
"""

from __future__ import annotations

import io
from dataclasses import replace
from typing import Any, Union

import numpy as np
import numpy.typing as npt
from PIL import Image

from imagewidgets.capabilities import ImageFacts, InvalidParameterError, check_markup
from imagewidgets.imaging.inputs import ImageInput, check_decodes, to_source
from imagewidgets.imaging.source import SourceImage

__all__ = [
    "MarkupInput",
    "check_markup_pixels",
    "marked_pixels",
    "markup_area",
    "markup_reach",
    "markup_to_array",
    "near_marks",
    "to_markup",
]

MarkupInput = Union[ImageInput, "npt.NDArray[Any]"]
"""A markup: an image with alpha (path, bytes, file, PIL, ...) or an RGBA ``uint8`` array."""
BoolArray = npt.NDArray[np.bool_]
REACH_SHARE = 0.06
"""How far "near the marks" reaches, as a share of the image's shorter side."""


def to_markup(
    markup: MarkupInput, size: tuple[int, int], *, model: str | None = None
) -> SourceImage:
    """``markup`` as a PNG overlay, checked against the first image's ``size`` (width, height).

    Raises :class:`~imagewidgets.capabilities.InvalidParameterError` (param ``markup``) when it
    is the wrong size or format, or (for an array or a PIL image) has no transparent pixels.
    """
    if isinstance(markup, np.ndarray):
        source = _encoded(_array_picture(markup), model)
    elif isinstance(markup, Image.Image):
        source = _encoded(markup.convert("RGBA"), model)
    else:
        source = to_source(markup, param="markup")
        if source.format != "png":
            source = _reencoded(source, model)
    check_markup(model, source.facts, ImageFacts("png", size[0], size[1], 0), None)
    return replace(source, filename="markup.png")


def check_markup_pixels(data: bytes, model: str | None = None) -> None:
    """Decode a markup PNG in full: it must decode and have transparent pixels (CPU work: run
    it off the event loop)."""
    try:
        alpha = markup_to_array(data)[:, :, 3]
    except Exception:
        check_decodes(data, "markup")  # says what is wrong with it
        raise
    _check_clear(bool((alpha == 0).any()), model)


def markup_to_array(png: bytes) -> npt.NDArray[np.uint8]:
    """The markup's pixels as a ``(height, width, 4)`` RGBA array."""
    with Image.open(io.BytesIO(png)) as picture:
        return np.asarray(picture.convert("RGBA"), dtype=np.uint8)


def marked_pixels(markup: bytes | npt.NDArray[np.uint8]) -> BoolArray:
    """Where the marks are: the pixels with any opacity, as a ``(height, width)`` bool array."""
    pixels = markup_to_array(markup) if isinstance(markup, bytes) else markup
    return np.asarray(pixels[:, :, 3] > 0, dtype=np.bool_)


def markup_area(
    markup: bytes | npt.NDArray[np.uint8], reach: int | None = None
) -> tuple[BoolArray, int]:
    """Where a markup edit may change the picture: the marks of ``markup`` (PNG bytes or an RGBA
    array) grown by ``reach`` pixels (default :func:`markup_reach`), and that reach."""
    marks = marked_pixels(markup)
    height, width = marks.shape
    reach = markup_reach(width, height) if reach is None else reach
    return near_marks(marks, reach), reach


def markup_reach(width: int, height: int) -> int:
    """How many pixels "near the marks" reaches in an image of ``width`` x ``height``."""
    return max(8, round(min(width, height) * REACH_SHARE))


def near_marks(marks: BoolArray, reach: int) -> BoolArray:
    """The pixels within ``reach`` pixels (horizontally and vertically) of a marked pixel: the
    marks grown by a square of side ``2 * reach + 1``, in time linear in the image's size."""
    if reach <= 0:
        return np.array(marks, dtype=np.bool_)
    grown: BoolArray = _spread(_spread(marks, reach).T, reach).T
    return grown


def _spread(flags: BoolArray, reach: int) -> BoolArray:
    """Each row's flags grown by ``reach`` to both sides (window sums of a cumulative count)."""
    counts = np.cumsum(flags, axis=1, dtype=np.int32)
    padded = np.pad(counts, ((0, 0), (reach + 1, 0)))
    padded = np.pad(padded, ((0, 0), (0, reach)), mode="edge")
    width = flags.shape[1]
    return np.asarray(padded[:, 2 * reach + 1 : 2 * reach + 1 + width] > padded[:, :width])


def _array_picture(array: npt.NDArray[Any]) -> Image.Image:
    if array.ndim != 3 or array.shape[2] != 4 or array.dtype != np.uint8:
        raise InvalidParameterError(
            "a markup array must be RGBA: shape (height, width, 4), dtype uint8 (alpha 0 where "
            f"the image shows through); got shape {array.shape}, dtype {array.dtype}.",
            param="markup",
            model=None,
        )
    return Image.fromarray(np.ascontiguousarray(array), "RGBA")


def _encoded(picture: Image.Image, model: str | None) -> SourceImage:
    """An RGBA picture checked for transparent pixels and encoded as a PNG."""
    _check_clear(picture.getchannel("A").getextrema()[0] == 0, model)
    buffer = io.BytesIO()
    picture.save(buffer, "PNG")
    size = picture.width, picture.height
    return SourceImage(buffer.getvalue(), "png", *size, True, "markup.png", encoded_here=True)


def _reencoded(source: SourceImage, model: str | None) -> SourceImage:
    check_decodes(source.data, "markup")
    with Image.open(io.BytesIO(source.data)) as picture:
        return _encoded(picture.convert("RGBA"), model)


def _check_clear(clear: bool, model: str | None) -> None:
    """Refuse a markup without transparent pixels (the rule's own words)."""
    if not clear:
        check_markup(model, ImageFacts("png", 1, 1, 0), ImageFacts("png", 1, 1, 0), False)
