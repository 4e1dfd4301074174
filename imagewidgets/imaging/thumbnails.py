"""Display-sized copies of images: what the browser gets while full resolution stays in Python.

A 3840x2160 result is about 10 MB as PNG; sending every partial frame of it to the browser would
flood the widget comm. :func:`display_image` returns the bytes to show instead: the original when
it is already small enough, otherwise a copy scaled to fit ``max_side`` and encoded as WebP (which
keeps transparency), re-encoded smaller until it fits ``budget`` bytes. An SVG document is drawn
(:func:`~imagewidgets.imaging.svg_raster.rasterise`) at up to ``max_side`` pixels first; a GIF too
large to pass gives its first frame (:mod:`imagewidgets.imaging.display` keeps vectors and motion).

Example:
    >>> import io
    >>> from PIL import Image
    >>> buffer = io.BytesIO()
    >>> Image.new("RGB", (3840, 2160), "teal").save(buffer, format="PNG")
    >>> shown = display_image(buffer.getvalue())
    >>> (shown.width, shown.height, shown.format, shown.nbytes <= DISPLAY_BUDGET)
    (1536, 864, 'webp', True)
"""

from __future__ import annotations

import io
from dataclasses import dataclass

from PIL import Image

from imagewidgets.imaging.source import CONTENT_TYPES
from imagewidgets.imaging.svg import is_svg, svg_size
from imagewidgets.imaging.svg_raster import rasterise

__all__ = [
    "DISPLAY_BUDGET",
    "DISPLAY_MAX_SIDE",
    "FILMSTRIP_MAX_SIDE",
    "DisplayImage",
    "display_image",
]

DISPLAY_BUDGET = 1_500_000
"""The most bytes one displayed frame may cost the browser."""
DISPLAY_MAX_SIDE = 1536
"""The longest side of a displayed image: sharp in a notebook cell on a high-density screen."""
FILMSTRIP_MAX_SIDE = 192
"""The longest side of a filmstrip thumbnail."""

_PASS_THROUGH = frozenset({"png", "jpeg", "webp", "gif"})
_QUALITIES = (85, 70, 55, 40)


@dataclass(frozen=True)
class DisplayImage:
    """Bytes for display, their format and pixel size."""

    data: bytes
    format: str
    width: int
    height: int

    @property
    def nbytes(self) -> int:
        """How many bytes the browser receives."""
        return len(self.data)

    @property
    def content_type(self) -> str:
        """The MIME type of :attr:`data`."""
        return CONTENT_TYPES.get(self.format, "application/octet-stream")


def display_image(
    data: bytes, *, max_side: int = DISPLAY_MAX_SIDE, budget: int = DISPLAY_BUDGET
) -> DisplayImage:
    """Bytes to show for the image ``data``: at most ``max_side`` pixels long, ``budget`` bytes.

    The original bytes are returned untouched when they already fit (no decode cost beyond
    reading the header). Raises ``PIL.UnidentifiedImageError`` when ``data`` is not an image
    (``ValueError`` for an SVG document that cannot be drawn).
    """
    if is_svg(data):
        width, height = svg_size(data) or (max_side, max_side)
        return _encode_within(rasterise(data, min(max_side, max(width, height))), budget)
    with Image.open(io.BytesIO(data)) as image:
        kind = (image.format or "").lower()
        if kind in _PASS_THROUGH and max(image.size) <= max_side and len(data) <= budget:
            return DisplayImage(data, kind, image.width, image.height)
        if kind == "jpeg":
            image.draft("RGB", (max_side, max_side))
        picture = _scaled(image, max_side)
    return _encode_within(picture, budget)


def _scaled(image: Image.Image, max_side: int) -> Image.Image:
    """A loaded copy of ``image`` in RGB(A), scaled down to fit ``max_side``."""
    mode = "RGBA" if image.mode in ("RGBA", "LA", "PA", "P") and _has_alpha(image) else "RGB"
    picture = image.convert(mode)
    picture.thumbnail((max_side, max_side), Image.Resampling.LANCZOS, reducing_gap=3.0)
    return picture


def _has_alpha(image: Image.Image) -> bool:
    return image.mode in ("RGBA", "LA", "PA") or "transparency" in image.info


def _encode_within(picture: Image.Image, budget: int) -> DisplayImage:
    """Encode as WebP, lowering quality and then halving the size until it fits ``budget``."""
    while True:
        for quality in _QUALITIES:
            shown = _webp(picture, quality)
            if shown.nbytes <= budget or max(picture.size) == 1:
                return shown
        picture = picture.resize((max(1, picture.width // 2), max(1, picture.height // 2)))


def _webp(picture: Image.Image, quality: int) -> DisplayImage:
    buffer = io.BytesIO()
    picture.save(buffer, format="WEBP", quality=quality, method=4)
    return DisplayImage(buffer.getvalue(), "webp", picture.width, picture.height)
