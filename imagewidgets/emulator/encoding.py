"""Encode emulator images in the requested format, and read the images a request sends.

PNG is written with a low zlib level (``compress_level=1``): the files are a little larger and
several times faster to make, which keeps a streamed 1024x1024 render within its CPU budget.
``output_compression`` (0-100, default 100) is the JPEG/WebP quality, as in the service.

Example:
    >>> from PIL import Image
    >>> data = encode(Image.new("RGB", (8, 8), "red"), "jpeg", 80)
    >>> data[:3]
    b'\\xff\\xd8\\xff'
"""

from __future__ import annotations

import io

from PIL import Image, UnidentifiedImageError

from imagewidgets.imaging.source import SourceImage

__all__ = ["decode_source", "encode", "open_image"]

PNG_LEVEL = 1


def encode(image: Image.Image, output_format: str, compression: int | None = None) -> bytes:
    """``image`` as ``png``, ``jpeg`` or ``webp`` bytes (JPEG drops any alpha channel)."""
    buffer = io.BytesIO()
    quality = 100 if compression is None else max(1, compression)
    if output_format == "jpeg":
        image.convert("RGB").save(buffer, "JPEG", quality=quality)
    elif output_format == "webp":
        image.save(buffer, "WEBP", quality=quality, method=0)
    else:
        image.save(buffer, "PNG", compress_level=PNG_LEVEL)
    return buffer.getvalue()


def decode_source(data: bytes, filename: str) -> SourceImage | None:
    """What an uploaded file is (format, size, alpha), or ``None`` when it is no image."""
    try:
        with Image.open(io.BytesIO(data)) as image:
            image_format = (image.format or "").lower()
            alpha = image.mode in ("RGBA", "LA", "PA") or "transparency" in image.info
            return SourceImage(data, image_format, image.width, image.height, alpha, filename)
    except (UnidentifiedImageError, OSError, ValueError):
        return None


def open_image(source: SourceImage) -> Image.Image:
    """The pixels of an uploaded image as ``RGBA``."""
    with Image.open(io.BytesIO(source.data)) as image:
        converted: Image.Image = image.convert("RGBA")
        return converted
