"""The files of one stored image: its name, its provenance inside, its thumbnail, and the one
place where a failure to write them becomes a :class:`NotSavedError`.

Example:
    >>> import io
    >>> from PIL import Image
    >>> buffer = io.BytesIO(); Image.new("RGB", (600, 300), "teal").save(buffer, "PNG")
    >>> thumbnail = make_thumbnail(buffer.getvalue())
    >>> Image.open(io.BytesIO(thumbnail)).size
    (256, 128)
"""

from __future__ import annotations

import contextlib
import io
import os
from collections.abc import Iterator
from pathlib import Path

from PIL import Image

from imagewidgets.imaging.animation import animated_copy, is_animated
from imagewidgets.imaging.metadata import embed_provenance, strip_provenance
from imagewidgets.imaging.source import SourceImage
from imagewidgets.imaging.svg import is_svg
from imagewidgets.imaging.svg_raster import rasterise
from imagewidgets.store.errors import NotSavedError, not_saved
from imagewidgets.store.record import Record

__all__ = [
    "THUMBNAIL_FRAMES",
    "THUMBNAIL_SIDE",
    "embedded",
    "image_file",
    "intact",
    "make_thumbnail",
    "saving",
]

THUMBNAIL_SIDE = 256
"""The longest side of the thumbnails kept in ``thumbs/`` (what the gallery sends the browser)."""
THUMBNAIL_FRAMES = 8
"""The most frames an animated thumbnail keeps (evenly chosen, so it loops as long)."""


def image_file(record: Record) -> str:
    """The image's file name in ``images/``: its hash and its format."""
    return f"{record.sha256}.{record.format}"


def embedded(data: bytes, record: Record) -> bytes:
    """``data`` with the record's provenance inside (as they came, for a format without room)."""
    with contextlib.suppress(ValueError):
        return embed_provenance(data, record.provenance())
    return data


def intact(path: Path, sha256: str) -> bool:
    """Whether ``path`` holds the image ``sha256`` whole (another request stored it already)."""
    try:
        data = path.read_bytes()
    except OSError:
        return False
    return SourceImage(strip_provenance(data), "", 0, 0).sha256 == sha256


@contextlib.contextmanager
def saving(folder: str | os.PathLike[str]) -> Iterator[None]:
    """Turn a failure to write into ``folder`` (full, read-only, no permission, in the way,
    bytes that are no image) into a :class:`NotSavedError` saying which."""
    try:
        yield
    except NotSavedError:
        raise
    except (OSError, ValueError) as error:
        raise not_saved(error, folder) from error


def make_thumbnail(data: bytes) -> bytes:
    """A WebP copy of the image at most :data:`THUMBNAIL_SIDE` pixels long: animated (at most
    :data:`THUMBNAIL_FRAMES` frames) for an animated GIF, rasterised for an SVG.

    Decoding the whole image first also proves it is one: ``ValueError`` if it is not, before
    anything is written.
    """
    try:
        if is_animated(data):
            return animated_copy(data, max_side=THUMBNAIL_SIDE, max_frames=THUMBNAIL_FRAMES)
        if is_svg(data):
            return _webp(rasterise(data, THUMBNAIL_SIDE))
        with Image.open(io.BytesIO(data)) as picture:
            picture.load()
            has_alpha = picture.mode in ("RGBA", "LA", "PA") or "transparency" in picture.info
            copy = picture.convert("RGBA" if has_alpha else "RGB")
    except (OSError, SyntaxError, ValueError) as error:
        raise ValueError(f"image: the bytes do not decode as an image ({error})") from error
    copy.thumbnail((THUMBNAIL_SIDE, THUMBNAIL_SIDE), Image.Resampling.LANCZOS)
    return _webp(copy)


def _webp(picture: Image.Image) -> bytes:
    buffer = io.BytesIO()
    picture.save(buffer, format="WEBP", quality=80, method=4)
    return buffer.getvalue()
