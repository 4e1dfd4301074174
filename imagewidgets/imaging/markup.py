"""Markup overlays for edits: a transparent PNG with marks drawn on it, laid over the first image.

The service takes the marks (arrows, circles, scribbles) as guidance for the edit: it must be a
PNG of the first image's dimensions with transparent pixels where the image shows through. Any
image with an alpha channel is accepted and, when it is not a PNG already, re-encoded as one.

Example:
    >>> from PIL import Image, ImageDraw
    >>> overlay = Image.new("RGBA", (64, 48), (0, 0, 0, 0))
    >>> ImageDraw.Draw(overlay).ellipse((10, 10, 30, 30), outline="red", width=3)
    >>> markup = to_markup(overlay, (64, 48))
    >>> markup.format, markup.width, markup.height, markup.filename
    ('png', 64, 48, 'markup.png')
"""

from __future__ import annotations

import io
from dataclasses import replace

from PIL import Image

from imagewidgets.capabilities import ImageFacts, check_markup
from imagewidgets.imaging.inputs import ImageInput, to_source
from imagewidgets.imaging.source import SourceImage

__all__ = ["to_markup"]


def to_markup(
    markup: ImageInput, size: tuple[int, int], *, model: str | None = None
) -> SourceImage:
    """``markup`` as a PNG overlay, checked against the first image's ``size`` (width, height).

    Raises :class:`~imagewidgets.capabilities.InvalidParameterError` (param ``markup``) when it
    is the wrong size or has no transparent pixels.
    """
    source = to_source(markup)
    with Image.open(io.BytesIO(source.data)) as picture:
        rgba = picture.convert("RGBA")
    if source.format != "png":
        buffer = io.BytesIO()
        rgba.save(buffer, "PNG")
        source = to_source(buffer.getvalue())
    clear = rgba.getchannel("A").getextrema()[0] == 0
    check_markup(model, source.facts, ImageFacts("png", size[0], size[1], 0), clear)
    return replace(source, filename="markup.png")
