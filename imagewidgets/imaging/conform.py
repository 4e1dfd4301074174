"""Make a copy of an image that dall-e-2 edits and variations accept, and say what changed.

dall-e-2 takes one square PNG under 4 MB (edits read its alpha channel as the mask when there is
no mask). :func:`conform_for_dalle2` pads (or crops) to a square, converts to RGBA PNG and resizes
to 1024, 512 or 256 pixels, smaller only when needed to stay under 4 MB. Nothing is changed
silently: every step is listed in :attr:`Conformed.changes`.

Example:
    >>> from PIL import Image
    >>> result = conform_for_dalle2(Image.new("RGB", (800, 600)))
    >>> result.source.width, result.source.height, result.source.format
    (1024, 1024, 'png')
    >>> result.changes[0]
    'added an alpha channel'
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from typing import Literal

from PIL import Image

from imagewidgets.capabilities import MODELS, parse_size
from imagewidgets.imaging.inputs import ImageInput, to_source
from imagewidgets.imaging.source import SourceImage

__all__ = ["Conformed", "conform_for_dalle2"]

_RULES = MODELS["dall-e-2"]
_EDGES = tuple(sorted(size[0] for size in map(parse_size, _RULES.edit_sizes) if size))


@dataclass(frozen=True)
class Conformed:
    """The conforming copy and the list of what was done to make it (empty: already fine)."""

    source: SourceImage
    changes: tuple[str, ...]


def conform_for_dalle2(image: ImageInput, *, fit: Literal["pad", "crop"] = "pad") -> Conformed:
    """A square RGBA PNG of 1024, 512 or 256 pixels under 4 MB made from ``image``.

    ``fit="pad"`` keeps the whole picture and adds transparent borders (a dall-e-2 edit without
    a mask fills them in); ``fit="crop"`` keeps the centre square.
    """
    if fit not in ("pad", "crop"):
        raise ValueError(f"fit must be 'pad' or 'crop', not {fit!r}")
    source = to_source(image)
    if _conforms(source):
        return Conformed(source, ())
    changes: list[str] = []
    with Image.open(io.BytesIO(source.data)) as opened:
        picture = _rgba(opened, source, changes)
    picture = _square(picture, fit, changes)
    return _encode_within_limit(picture, changes)


def _conforms(source: SourceImage) -> bool:
    return (
        source.format == "png"
        and source.has_alpha
        and source.width == source.height
        and source.width in _EDGES
        and len(source.data) < _RULES.max_image_bytes
    )


def _rgba(picture: Image.Image, source: SourceImage, changes: list[str]) -> Image.Image:
    if source.format != "png":
        changes.append(f"converted {source.format.upper()} to PNG")
    if not source.has_alpha:
        changes.append("added an alpha channel")
    return picture.convert("RGBA")


def _square(picture: Image.Image, fit: str, changes: list[str]) -> Image.Image:
    width, height = picture.size
    if width == height:
        return picture
    if fit == "crop":
        side = min(width, height)
        left, top = (width - side) // 2, (height - side) // 2
        changes.append(f"cropped {width}x{height} to the centre {side}x{side}")
        return picture.crop((left, top, left + side, top + side))
    side = max(width, height)
    canvas = Image.new("RGBA", (side, side), (0, 0, 0, 0))
    canvas.paste(picture, ((side - width) // 2, (side - height) // 2))
    changes.append(f"padded {width}x{height} to {side}x{side} with transparent borders")
    return canvas


def _encode_within_limit(picture: Image.Image, changes: list[str]) -> Conformed:
    """Resize to the smallest allowed edge that holds the picture (at most the largest), and
    step down further while the PNG is too big."""
    side = picture.width
    target = next((edge for edge in _EDGES if edge >= side), _EDGES[-1])
    edges = [edge for edge in reversed(_EDGES) if edge <= target]
    edge, data = target, b""
    for edge in edges:
        data = _png(picture.resize((edge, edge), Image.Resampling.LANCZOS))
        if len(data) < _RULES.max_image_bytes:
            break
    if edge != side:
        changes.append(f"resized {side}x{side} to {edge}x{edge}")
    if edge != target:
        changes.append(f"used {edge}x{edge} to stay under {_RULES.max_image_bytes >> 20} MB")
    return Conformed(
        SourceImage(data, "png", edge, edge, True, "image.png", encoded_here=True), tuple(changes)
    )


def _png(picture: Image.Image) -> bytes:
    buffer = io.BytesIO()
    picture.save(buffer, format="PNG")
    return buffer.getvalue()
